"""One renderer per screen view in this process: each change is rendered once, for every screen.

Every projector and console socket of an event joins the event's screens group, and every
change pings each of them. The sockets that show the same view (event, audience, server address)
share one ScreenRenderer here (per language too): the first ping schedules a render, later pings while it waits or
renders only mark it dirty, and the one result goes to every socket (each then sends only the
fragments that changed for it). Renders run in a worker thread, not in the one thread that every
database_sync_to_async call of the consumers shares, so phones connecting and pings do not queue
behind them (SQLite in WAL lets readers run beside the writer). Renders start at most every MIN_INTERVAL seconds, and never more often than every
RENDER_SHARE_FACTOR times the last render's duration, so rendering takes at most a third of the
time however heavy the view gets; after the last change there is always one more render, so the
screens end at the true totals.
"""

import asyncio
import time
from collections.abc import Awaitable, Callable

from channels.db import database_sync_to_async

MIN_INTERVAL = 0.1
RENDER_SHARE_FACTOR = 3

Fragments = dict[str, str]
Key = tuple[int, str, str, str, str]  # event, audience, server address, language, role


class ScreenRenderer:
    def __init__(self, key: Key, render: Callable[[], Fragments]):
        self.key = key
        self.render_sync = render
        self.subscribers: set[Callable[[Fragments], Awaitable[None]]] = set()
        self.task: asyncio.Task | None = None
        self.dirty = False
        self.last_start = float("-inf")
        self.last_duration = 0.0

    async def render(self) -> Fragments:
        start = time.monotonic()
        fragments = await database_sync_to_async(self.render_sync, thread_sensitive=False)()
        self.last_start, self.last_duration = start, time.monotonic() - start
        return fragments

    def changed(self) -> None:
        self.dirty = True
        if self.task is None:
            self.task = asyncio.create_task(self.refresh())

    def next_start(self) -> float:
        return self.last_start + max(MIN_INTERVAL, RENDER_SHARE_FACTOR * self.last_duration)

    async def refresh(self) -> None:
        try:
            while self.dirty and self.subscribers:
                await asyncio.sleep(max(0.0, self.next_start() - time.monotonic()))
                # Cleared before rendering: a change during the render means one more round.
                self.dirty = False
                fragments = await self.render()
                # One closed socket must not keep the others from their update.
                await asyncio.gather(
                    *(send(fragments) for send in list(self.subscribers)), return_exceptions=True
                )
        finally:
            self.task = None


_renderers: dict[Key, ScreenRenderer] = {}


def subscribe(key: Key, render: Callable[[], Fragments], send) -> ScreenRenderer:
    renderer = _renderers.get(key)
    if renderer is None:
        renderer = _renderers[key] = ScreenRenderer(key, render)
    renderer.subscribers.add(send)
    return renderer


def unsubscribe(renderer: ScreenRenderer, send) -> None:
    renderer.subscribers.discard(send)
    if not renderer.subscribers and _renderers.get(renderer.key) is renderer:
        del _renderers[renderer.key]
        if renderer.task is not None:
            renderer.task.cancel()


def refresh_all() -> None:
    """Render every view of this process once more (the live beacon's tick): screens reach the
    true totals even if a ping was lost on the way."""
    for renderer in list(_renderers.values()):
        renderer.changed()
