"""What a write pushes, after its transaction commits: the phones' "now" state (step_changed),
a ping to the screens (state_changed), a talk's question list (questions_changed), the close of
deleted participants' phones (participants_deleted). Pings and question lists are coalesced per
event and process, so a burst of answers puts a handful of messages in the channel layer."""

import asyncio
import logging

from asgiref.sync import SyncToAsync, async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import transaction
from django.db.models import F

from workshops.live import messages
from workshops.live.render import phone_state

PING_SPACING = 0.1
# At most one question list a second per event and process goes to the phones.
QUESTIONS_SPACING = 1.0
SEND_TIMEOUT = 1.0
# The channel-layer message a consumer forwards to its socket as it is (LiveConsumer.push_frame).
PUSH = "push.frame"
PING = {"type": "state.changed"}

logger = logging.getLogger(__name__)


def phones_group(event_id: int, language: str) -> str:
    """Phones are grouped by language: the "now" state is rendered once per language."""
    return f"event-{event_id}-phones-{language}"


def screens_group(event_id: int) -> str:
    return f"event-{event_id}-screens"


def _send(group: str, message: dict) -> None:
    async_to_sync(get_channel_layer().group_send)(group, message)


def server_loop():
    """The ASGI server's event loop when called from one of its request threads, else None."""
    loop = getattr(SyncToAsync.threadlocal, "main_event_loop", None)
    return loop if loop is not None and loop.is_running() else None


def running_here(task: asyncio.Task | None, loop) -> bool:
    """A task still running on this loop (tests run one loop after another in a process)."""
    return task is not None and not task.done() and task.get_loop() is loop


def bump_version(event) -> None:
    """Phones must see this change: raise the event's live version (in the caller's
    transaction), so a phone or screen that missed the push notices at the next beacon."""
    from workshops.models import Event

    Event.objects.filter(pk=event.pk).update(live_version=F("live_version") + 1)


def step_changed(event) -> None:
    """Something phones show changed (the step, an exercise opening, closing or reopening, its
    timer, its results, a poll): every phone and screen shows the new state."""
    bump_version(event)

    def push():
        event.refresh_from_db()
        for language, _name in settings.LANGUAGES:
            frame = phone_state(event, language)
            _send(phones_group(event.pk, language), {"type": PUSH, "frame": frame})
        _send(screens_group(event.pk), PING)

    transaction.on_commit(push)


def state_changed(event_id: int) -> None:
    """Answers, counters, timer or projector choice changed: screens re-render."""
    transaction.on_commit(lambda: _ping_soon(event_id))


def participants_deleted(event_id: int) -> None:
    """After the organiser deletes the participants, their phones' open sockets are closed."""

    def push():
        for language, _name in settings.LANGUAGES:
            _send(phones_group(event_id, language), {"type": "participants.deleted"})

    transaction.on_commit(push)


# --- A talk's question list, to every phone ---


def questions_changed(event_id: int, render) -> None:
    """A talk's questions changed (asked, thumbed, moderated): every phone gets the new list,
    `render(event_id, language)` (the #questions fragment's HTML, or "" for none), coalesced per
    event to one push per QUESTIONS_SPACING and always once more after the last change."""

    def soon():
        loop = server_loop()
        if loop is None:  # tests, management commands: at once
            for language, _name in settings.LANGUAGES:
                if frame := _questions_frame(render(event_id, language)):
                    _send(phones_group(event_id, language), {"type": PUSH, "frame": frame})
        else:
            loop.call_soon_threadsafe(_push_questions, event_id, render)

    transaction.on_commit(soon)


def _questions_frame(html: str) -> str:
    return messages.fragment(target="questions", html=html) if html else ""


_pushing_questions: dict[int, asyncio.Task] = {}
_questions_again: set[int] = set()


def _push_questions(event_id: int, render) -> None:
    loop = asyncio.get_running_loop()
    if running_here(_pushing_questions.get(event_id), loop):
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
                    if frame := _questions_frame(html):
                        await asyncio.wait_for(
                            get_channel_layer().group_send(
                                phones_group(event_id, language), {"type": PUSH, "frame": frame}
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


# --- Pings to the screens ---


def _ping_soon(event_id: int) -> None:
    """Hand the ping to the server's event loop without waiting for it.

    Under the ASGI server, async_to_sync would keep the request's thread idle until the event
    loop (busy with every socket) has run the send, and the response would wait meanwhile.
    Outside a server (tests, management commands) there is no loop: send at once."""
    loop = server_loop()
    if loop is None:
        return _send(screens_group(event_id), PING)
    loop.call_soon_threadsafe(ping_screens, event_id)


# Per process and event: a ping is being sent (or spaced), and whether another was asked for.
_pinging: dict[int, asyncio.Task] = {}
_ping_again: set[int] = set()


def ping_screens(event_id: int) -> None:
    """Tell the event's screens (in every process) that something changed. Call on the event
    loop. While a ping is in flight, further pings only ask for one more after it."""
    loop = asyncio.get_running_loop()
    if running_here(_pinging.get(event_id), loop):
        _ping_again.add(event_id)
        return
    _pinging[event_id] = loop.create_task(_ping_while_asked(event_id))


async def ping_screens_now(event_id: int) -> None:
    """From a consumer (a phone came or went): send the ping in this task, as one awaited
    send, unless one is already in flight, which then sends once more after it. No task is
    left behind when the socket's task ends."""
    if running_here(_pinging.get(event_id), asyncio.get_running_loop()):
        _ping_again.add(event_id)
        return
    await _ping_once(event_id)


async def _ping_once(event_id: int) -> None:
    try:
        await asyncio.wait_for(
            get_channel_layer().group_send(screens_group(event_id), PING), SEND_TIMEOUT * 5
        )
    except Exception:
        logger.exception("live ping failed")


async def _ping_while_asked(event_id: int) -> None:
    try:
        while True:
            _ping_again.discard(event_id)
            await _ping_once(event_id)
            await asyncio.sleep(PING_SPACING)
            if event_id not in _ping_again:
                return
    finally:
        _pinging.pop(event_id, None)
