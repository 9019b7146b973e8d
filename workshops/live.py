"""What the server pushes, and to whom.

Answers arrive over HTTP POST; the WebSocket only pushes from server to browser. Each event has
two Channels groups: its phones, and its screens (projector and facilitator console).
- A step change renders the phones' "now" fragment once and sends the same HTML to every phone.
- Any change pings the screens; the screens showing the same view share one renderer in each
  process (workshops/screens.py), which renders once per change, coalesced to at most ~10
  renders a second, off the request thread, and always again after the last ping (true totals).
"""

import asyncio
import logging

from asgiref.sync import SyncToAsync, async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.template.loader import render_to_string

PHONE_NOW_TEMPLATE = "workshops/participant_home.html#now"


def phones_group(event_id: int) -> str:
    return f"event-{event_id}-phones"


def screens_group(event_id: int) -> str:
    return f"event-{event_id}-screens"


def render_phone_now(event) -> str:
    return render_to_string(PHONE_NOW_TEMPLATE, {"event": event, "pushed": True})


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
        _send(phones_group(event.pk), {"type": "push.html", "html": render_phone_now(event)})
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


def connected_phones(event_id: int) -> int:
    """Phones holding a socket to this event now, across every server process."""
    from workshops.models import LiveConnection

    return LiveConnection.objects.filter(event_id=event_id).count()
