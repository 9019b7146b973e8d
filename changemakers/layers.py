"""The channel layers: in memory for the default, one-process set-up, without its quadratic
cost; and channels-redis for several processes, tolerant of a short Redis outage (at the end).

Channels' InMemoryChannelLayer scans every channel's queue and every group membership for expired
entries on every receive() and group_send(). With N phones holding sockets, one broadcast makes N
receives, each scanning N channels: O(N²) work per step change (about a second at 1,000 phones).
This subclass keeps the same semantics (per-channel capacity, message expiry, group expiry,
ChannelFull, flush) but cleans expired entries at most once per `clean_interval` seconds, and
sends to a group's channels directly instead of through one task per channel.
"""

import asyncio
import logging
import time
from copy import deepcopy

from channels.exceptions import ChannelFull
from channels.layers import InMemoryChannelLayer
from channels_redis.core import RedisChannelLayer

logger = logging.getLogger(__name__)


class ScalableInMemoryChannelLayer(InMemoryChannelLayer):
    def __init__(self, clean_interval: float = 1.0, **kwargs):
        super().__init__(**kwargs)
        self.clean_interval = clean_interval
        self._next_clean = 0.0

    def _clean_expired(self):
        now = time.monotonic()
        if now < self._next_clean:
            return
        self._next_clean = now + self.clean_interval
        super()._clean_expired()

    def _put(self, channel: str, message: dict, expires: float) -> None:
        queue = self.channels.get(channel)
        if queue is None:
            queue = self.channels[channel] = asyncio.Queue(maxsize=self.get_capacity(channel))
        try:
            queue.put_nowait((expires, deepcopy(message)))
        except asyncio.QueueFull:
            raise ChannelFull(channel) from None

    async def send(self, channel, message):
        assert isinstance(message, dict), "message is not a dict"
        self.require_valid_channel_name(channel)
        assert "__asgi_channel__" not in message
        self._put(channel, message, time.time() + self.expiry)

    async def group_send(self, group, message):
        assert isinstance(message, dict), "Message is not a dict"
        self.require_valid_group_name(group)
        self._clean_expired()
        expires = time.time() + self.expiry
        for channel in list(self.groups.get(group, {})):
            try:
                self._put(channel, message, expires)
            except ChannelFull:
                pass


class OutageTolerantRedisChannelLayer(RedisChannelLayer):
    """channels-redis for several processes, through a Redis outage of a few seconds.

    Nothing that matters depends on a push arriving (every change phones must see has a version,
    and each process beacons its own sockets every 5 s without Redis), so while Redis is away:
    a socket's receive waits for it to come back instead of raising (which would close every
    socket with 1011, and fail every handshake); a group_add that fails is tried again every
    second until it succeeds (or the socket leaves); a send or group_send that fails is dropped,
    as a full queue drops one. Each outage is logged once, and its end once."""

    retry_interval = 1.0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._unjoined: set[tuple[str, str]] = set()
        self._rejoining: asyncio.Task | None = None
        self._down = False

    def _failed(self, error: Exception) -> None:
        if not self._down:
            self._down = True
            logger.warning(
                "Redis unreachable (%s): pushes wait for the beacon until it is back", error
            )

    def _worked(self) -> None:
        if self._down:
            self._down = False
            logger.warning("Redis reachable again")

    async def receive(self, channel):
        while True:
            try:
                message = await super().receive(channel)
            except Exception as error:
                self._failed(error)
                await asyncio.sleep(self.retry_interval)
                continue
            self._worked()
            return message

    async def _dropped_if_down(self, sending) -> None:
        try:
            await sending
        except ChannelFull:
            raise
        except Exception as error:
            self._failed(error)
        else:
            self._worked()

    async def send(self, channel, message):
        await self._dropped_if_down(super().send(channel, message))

    async def group_send(self, group, message):
        await self._dropped_if_down(super().group_send(group, message))

    async def group_add(self, group, channel):
        try:
            await super().group_add(group, channel)
        except Exception as error:
            self._failed(error)
            self._unjoined.add((group, channel))
            if self._rejoining is None or self._rejoining.done():
                self._rejoining = asyncio.get_running_loop().create_task(self._rejoin())
        else:
            self._worked()

    async def group_discard(self, group, channel):
        self._unjoined.discard((group, channel))
        try:
            await super().group_discard(group, channel)
        except Exception as error:
            self._failed(error)

    async def _rejoin(self) -> None:
        while self._unjoined:
            await asyncio.sleep(self.retry_interval)
            for group, channel in list(self._unjoined):
                try:
                    await super().group_add(group, channel)
                except Exception as error:
                    self._failed(error)
                    break
                self._unjoined.discard((group, channel))
                self._worked()
