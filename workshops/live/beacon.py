"""This process's sockets and their beacon: every BEACON_INTERVAL seconds each socket gets its
event's live version (messages.beacon), sent directly, not through the channel layer (which may
drop a message silently); a phone or screen that is behind resyncs (static/js/live.js). The same
tick keeps this process's "connected now" rows alive, removes dead processes' rows and re-renders
this process's screens (true totals even if a ping was lost)."""

import asyncio
import logging

from workshops.live import messages
from workshops.live.presence import heartbeat
from workshops.live.push import SEND_TIMEOUT, ping_screens, running_here

BEACON_INTERVAL = 5.0

logger = logging.getLogger(__name__)
_local: dict[int, set] = {}  # event id -> this process's consumers (phones and screens)
_ticker: asyncio.Task | None = None


def register(event_id: int, consumer) -> None:
    """A socket of this process is open (on the event loop): it gets the beacon."""
    global _ticker
    _local.setdefault(event_id, set()).add(consumer)
    loop = asyncio.get_running_loop()
    if not running_here(_ticker, loop):
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
        frame = messages.beacon(versions[event_id])
        for consumer in list(consumers):
            try:
                # A socket that cannot take a frame within a second must not hold up the rest.
                await asyncio.wait_for(consumer.send(text_data=frame), SEND_TIMEOUT)
            except Exception:  # closing meanwhile, or stuck
                unregister(event_id, consumer)
    for event_id in expired:
        ping_screens(event_id)
    screens.refresh_all()
