"""What the server pushes, and to whom.

Answers arrive over HTTP POST; the WebSocket only pushes from server to browser. Each event has
two Channels groups: its phones, and its screens (projector and facilitator console).
- A step change renders the phones' "now" fragment once per language and sends the same HTML
  to every phone of that language.
- Any change pings the screens; the screens showing the same view share one renderer in each
  process (workshops/screens.py), which renders once per change, coalesced to at most ~10
  renders a second, off the request thread, and always again after the last ping (true totals).
"""

import asyncio
import logging

from asgiref.sync import SyncToAsync, async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

PHONE_NOW_TEMPLATE = "workshops/participant_home.html#now"


def phones_group(event_id: int, language: str) -> str:
    """Phones are grouped by language: the "now" fragment is rendered once per language."""
    return f"event-{event_id}-phones-{language}"


def screens_group(event_id: int) -> str:
    return f"event-{event_id}-screens"


def render_phone_now(event, language: str) -> str:
    with translation.override(language):
        return render_to_string(PHONE_NOW_TEMPLATE, {"event": event, "pushed": True})


def scope_language(scope) -> str:
    """The language a socket's page was shown in: the language cookie, else Accept-Language,
    as Django's LocaleMiddleware chooses it for the page."""
    candidates = []
    if cookie := scope.get("cookies", {}).get(settings.LANGUAGE_COOKIE_NAME):
        candidates.append(cookie)
    accept = dict(scope.get("headers", [])).get(b"accept-language", b"").decode("latin-1")
    candidates += [code for code, _quality in parse_accept_lang_header(accept) if code != "*"]
    for candidate in candidates:
        try:
            return translation.get_supported_language_variant(candidate)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


logger = logging.getLogger(__name__)


def _send(group: str, message: dict) -> None:
    async_to_sync(get_channel_layer().group_send)(group, message)


def _send_soon(group: str, message: dict) -> None:
    """Hand a ping to the server's event loop without waiting for it.

    Under the ASGI server, async_to_sync would keep the request's thread idle until the event
    loop (busy with every socket) has run the send, and the response would wait meanwhile. Outside a server (tests, management commands) there is no loop: send as before."""
    loop = getattr(SyncToAsync.threadlocal, "main_event_loop", None)
    if loop is None or not loop.is_running():
        return _send(group, message)
    future = asyncio.run_coroutine_threadsafe(get_channel_layer().group_send(group, message), loop)
    future.add_done_callback(_log_failure)


def _log_failure(future) -> None:
    if not future.cancelled() and future.exception() is not None:
        logger.error("live ping failed", exc_info=future.exception())


def step_changed(event) -> None:
    """The facilitator moved the day on: every phone and screen shows the new step."""

    def push():
        event.refresh_from_db()
        for language, _name in settings.LANGUAGES:
            html = render_phone_now(event, language)
            _send(phones_group(event.pk, language), {"type": "push.html", "html": html})
        _send(screens_group(event.pk), {"type": "state.changed"})

    transaction.on_commit(push)


def state_changed(event_id: int) -> None:
    """Answers, counters, timer or projector choice changed: screens re-render."""
    transaction.on_commit(lambda: _send_soon(screens_group(event_id), {"type": "state.changed"}))


def phone_connected(event_id: int, channel_name: str) -> None:
    from workshops.models import LiveConnection

    LiveConnection.objects.get_or_create(channel_name=channel_name, defaults={"event_id": event_id})


def phone_disconnected(channel_name: str) -> None:
    from workshops.models import LiveConnection

    LiveConnection.objects.filter(channel_name=channel_name).delete()


def forget_connections() -> int:
    """At server start no socket is open yet: rows left by a server that crashed (and so never
    ran its disconnects) would inflate "connected now" forever. Returns how many were left."""
    from workshops.models import LiveConnection

    deleted, _by_model = LiveConnection.objects.all().delete()
    return deleted


def connected_phones(event_id: int) -> int:
    """Phones holding a socket to this event now, across every server process."""
    from workshops.models import LiveConnection

    return LiveConnection.objects.filter(event_id=event_id).count()


def participants_deleted(event_id: int) -> None:
    """After the organiser deletes the participants, their phones' open sockets are closed."""

    def push():
        for language, _name in settings.LANGUAGES:
            _send(phones_group(event_id, language), {"type": "participants.deleted"})

    transaction.on_commit(push)
