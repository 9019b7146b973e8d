"""What the server pushes, and to whom.

Answers arrive over HTTP POST; the WebSocket only pushes from server to browser. Each event has
two Channels groups: its phones, and its screens (projector and facilitator console).
- A step change renders the phones' "now" fragment once per language and sends the same HTML
  to every phone of that language.
- Any change pings the screens; the screens showing the same view share one renderer in each
  process (workshops/screens.py), which renders once per change, coalesced to at most ~10
  renders a second, off the request thread, and always again after the last ping (true totals).
- The pings themselves are coalesced per event in each process (one in flight, at most one
  every PING_SPACING seconds): a burst of answers puts a handful of messages in the channel
  layer, not one per answer. With Redis a process's queue holds 100 messages at most, and a
  message that does not fit (a step change, say) would be dropped silently.

No message that matters may be lost, so the state phones must see has a version,
`Event.live_version`, bumped with every such change. Every (re)connect gets the current state,
and each process sends every one of its own sockets a beacon with the event's version every
BEACON_INTERVAL seconds, directly (not through the channel layer, which could drop it): a phone or
screen that is behind reconnects. The same tick re-renders this process's screens (true totals
even if a ping was lost) and keeps this process's "connected now" rows alive.
"""

import asyncio
import logging
import os
import secrets
import socket
from datetime import timedelta

from asgiref.sync import SyncToAsync, async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation.trans_real import parse_accept_lang_header

PHONE_NOW_TEMPLATE = "workshops/participant_home.html#now"


def phones_group(event_id: int, language: str) -> str:
    """Phones are grouped by language: the "now" fragment is rendered once per language."""
    return f"event-{event_id}-phones-{language}"


def screens_group(event_id: int) -> str:
    return f"event-{event_id}-screens"


BEACON_INTERVAL = 5.0
PING_SPACING = 0.1
SEND_TIMEOUT = 1.0
# A process's rows older than this (several missed heartbeats) belong to a process that died.
CONNECTION_TTL = timedelta(seconds=30)
# Names this process's "connected now" rows; unique even when a pid is reused after a restart.
PROCESS_ID = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"[:100]


def beacon_html(version: int) -> str:
    return f'<div id="live-beacon" data-version="{version}" hidden></div>'


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


def _server_loop():
    """The ASGI server's event loop when called from one of its request threads, else None."""
    loop = getattr(SyncToAsync.threadlocal, "main_event_loop", None)
    return loop if loop is not None and loop.is_running() else None


def bump_version(event) -> None:
    """Phones must see this change: raise the event's live version (in the caller's
    transaction), so a phone or screen that missed the push notices at the next beacon."""
    from workshops.models import Event

    Event.objects.filter(pk=event.pk).update(live_version=F("live_version") + 1)


def step_changed(event) -> None:
    """Something phones show changed (the step, an exercise opening, closing or reopening, its
    timer, its results): every phone and screen shows the new state."""
    bump_version(event)

    def push():
        event.refresh_from_db()
        for language, _name in settings.LANGUAGES:
            html = render_phone_now(event, language)
            _send(phones_group(event.pk, language), {"type": "push.html", "html": html})
        _send(screens_group(event.pk), {"type": "state.changed"})

    transaction.on_commit(push)


def state_changed(event_id: int) -> None:
    """Answers, counters, timer or projector choice changed: screens re-render."""
    transaction.on_commit(lambda: _ping_soon(event_id))


# At most one question list a second per event and process goes to the phones.
QUESTIONS_SPACING = 1.0


def questions_changed(event_id: int, render) -> None:
    """A talk's questions changed (asked, thumbed, moderated): every phone gets the new list,
    `render(event_id, language)`, coalesced per event to one push per QUESTIONS_SPACING and
    always once more after the last change. The list is pushed, not polled by each phone."""

    def soon():
        loop = _server_loop()
        if loop is None:  # tests, management commands: at once
            _push_questions_now(event_id, render)
        else:
            loop.call_soon_threadsafe(_push_questions, event_id, render)

    transaction.on_commit(soon)


def _push_questions_now(event_id: int, render) -> None:
    for language, _name in settings.LANGUAGES:
        if html := render(event_id, language):
            _send(phones_group(event_id, language), {"type": "push.html", "html": html})


_pushing_questions: dict[int, asyncio.Task] = {}
_questions_again: set[int] = set()


def _push_questions(event_id: int, render) -> None:
    loop = asyncio.get_running_loop()
    if _running_here(_pushing_questions.get(event_id), loop):
        _questions_again.add(event_id)
        return
    _pushing_questions[event_id] = loop.create_task(_push_questions_while_asked(event_id, render))


async def _push_questions_while_asked(event_id: int, render) -> None:
    from channels.db import database_sync_to_async

    try:
        while True:
            _questions_again.discard(event_id)
            for language, _name in settings.LANGUAGES:
                try:
                    html = await database_sync_to_async(render, thread_sensitive=False)(
                        event_id, language
                    )
                    if html:
                        await asyncio.wait_for(
                            get_channel_layer().group_send(
                                phones_group(event_id, language),
                                {"type": "push.html", "html": html},
                            ),
                            SEND_TIMEOUT * 5,
                        )
                except Exception:
                    logger.exception("question list push failed")
            await asyncio.sleep(QUESTIONS_SPACING)
            if event_id not in _questions_again:
                return
    finally:
        _pushing_questions.pop(event_id, None)


def _ping_soon(event_id: int) -> None:
    """Hand the ping to the server's event loop without waiting for it.

    Under the ASGI server, async_to_sync would keep the request's thread idle until the event
    loop (busy with every socket) has run the send, and the response would wait meanwhile.
    Outside a server (tests, management commands) there is no loop: send at once."""
    loop = _server_loop()
    if loop is None:
        return _send(screens_group(event_id), {"type": "state.changed"})
    loop.call_soon_threadsafe(ping_screens, event_id)


# Per process and event: a ping is being sent (or spaced), and whether another was asked for.
_pinging: dict[int, asyncio.Task] = {}
_ping_again: set[int] = set()


def ping_screens(event_id: int) -> None:
    """Tell the event's screens (in every process) that something changed. Call on the event
    loop. While a ping is in flight, further pings only ask for one more after it."""
    loop = asyncio.get_running_loop()
    if _running_here(_pinging.get(event_id), loop):
        _ping_again.add(event_id)
        return
    _pinging[event_id] = loop.create_task(_ping_while_asked(event_id))


async def ping_screens_now(event_id: int) -> None:
    """From a consumer (a phone came or went): send the ping in this task, as one awaited
    send, unless one is already in flight, which then sends once more after it. No task is
    left behind when the socket's task ends."""
    if _running_here(_pinging.get(event_id), asyncio.get_running_loop()):
        _ping_again.add(event_id)
        return
    try:
        await asyncio.wait_for(
            get_channel_layer().group_send(screens_group(event_id), {"type": "state.changed"}),
            SEND_TIMEOUT * 5,
        )
    except Exception:
        logger.exception("live ping failed")


def _running_here(task: asyncio.Task | None, loop) -> bool:
    """A task still running on this loop (tests run one loop after another in a process)."""
    return task is not None and not task.done() and task.get_loop() is loop


async def _ping_while_asked(event_id: int) -> None:
    try:
        while True:
            _ping_again.discard(event_id)
            try:
                await asyncio.wait_for(
                    get_channel_layer().group_send(
                        screens_group(event_id), {"type": "state.changed"}
                    ),
                    SEND_TIMEOUT * 5,
                )
            except Exception:
                logger.exception("live ping failed")
            await asyncio.sleep(PING_SPACING)
            if event_id not in _ping_again:
                return
    finally:
        _pinging.pop(event_id, None)


# --- This process's sockets: the beacon, and "connected now" ---

_local: dict[int, set] = {}  # event id -> this process's consumers (phones and screens)
_ticker: asyncio.Task | None = None


def register(event_id: int, consumer) -> None:
    """A socket of this process is open (on the event loop): it gets the beacon."""
    global _ticker
    _local.setdefault(event_id, set()).add(consumer)
    loop = asyncio.get_running_loop()
    if not _running_here(_ticker, loop):
        _ticker = loop.create_task(_tick_forever())


def unregister(event_id: int, consumer) -> None:
    consumers = _local.get(event_id)
    if consumers is not None:
        consumers.discard(consumer)
        if not consumers:
            del _local[event_id]


async def _tick_forever() -> None:
    """Beats while this process holds sockets (the next socket starts it again): an idle process
    does not write to the database every few seconds (on PostgreSQL such a write once deadlocked
    with the test database's flush)."""
    while _local:
        await asyncio.sleep(BEACON_INTERVAL)
        try:
            await tick()
        except Exception:
            logger.exception("live beacon failed")


async def tick() -> None:
    """One beat: each local socket gets its event's version; this process's connection rows
    are kept alive; rows of dead processes are removed; this process's screens re-render."""
    from channels.db import database_sync_to_async

    from workshops import screens

    # Not the consumers' shared thread: a beat must never queue behind (or block) their work.
    beat = database_sync_to_async(heartbeat, thread_sensitive=False)
    versions, expired = await beat(list(_local))
    for event_id, consumers in list(_local.items()):
        if event_id not in versions:
            continue
        frame = beacon_html(versions[event_id])
        for consumer in list(consumers):
            try:
                # A socket that cannot take a frame within a second must not hold up the rest.
                await asyncio.wait_for(consumer.send(text_data=frame), SEND_TIMEOUT)
            except Exception:  # closing meanwhile, or stuck
                unregister(event_id, consumer)
    for event_id in expired:
        ping_screens(event_id)
    screens.refresh_all()


def heartbeat(event_ids: list[int]) -> tuple[dict[int, int], set[int]]:
    """The events' live versions (one query), this process's rows refreshed, dead processes'
    rows deleted. Returns the versions and the events whose "connected now" went down."""
    from workshops.models import Event, LiveConnection

    now = timezone.now()
    LiveConnection.objects.filter(process=PROCESS_ID).update(seen_at=now)
    stale = LiveConnection.objects.filter(seen_at__lt=now - CONNECTION_TTL)
    expired = set(stale.values_list("event_id", flat=True).distinct())
    if expired:
        stale.delete()
    versions = dict(Event.objects.filter(pk__in=event_ids).values_list("pk", "live_version"))
    return versions, expired


def phone_connected(event_id: int, channel_name: str) -> None:
    from workshops.models import LiveConnection

    LiveConnection.objects.update_or_create(
        channel_name=channel_name,
        defaults={"event_id": event_id, "process": PROCESS_ID, "seen_at": timezone.now()},
    )


def phone_disconnected(channel_name: str) -> None:
    from workshops.models import LiveConnection

    LiveConnection.objects.filter(channel_name=channel_name).delete()


def forget_connections() -> int:
    """Remove the rows of server processes that died (and so never ran their disconnects):
    rows whose heartbeat stopped. A live process's rows are kept: several processes share the
    database, and starting one must not wipe what the others hold. Returns how many went."""
    from workshops.models import LiveConnection

    stale = LiveConnection.objects.filter(seen_at__lt=timezone.now() - CONNECTION_TTL)
    deleted, _by_model = stale.delete()
    return deleted


def connected_phones(event_id: int) -> int:
    """Phones holding a socket to this event now, across every live server process."""
    from workshops.models import LiveConnection

    return LiveConnection.objects.filter(
        event_id=event_id, seen_at__gte=timezone.now() - CONNECTION_TTL
    ).count()


def participants_deleted(event_id: int) -> None:
    """After the organiser deletes the participants, their phones' open sockets are closed."""

    def push():
        for language, _name in settings.LANGUAGES:
            _send(phones_group(event_id, language), {"type": "participants.deleted"})

    transaction.on_commit(push)
