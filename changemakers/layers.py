"""The in-memory channel layer for the default, one-process set-up, without its quadratic cost.

Channels' InMemoryChannelLayer scans every channel's queue and every group membership for expired
entries on every receive() and group_send(). With N phones holding sockets, one broadcast makes N
receives, each scanning N channels: O(N²) work per step change (about a second at 1,000 phones).
This subclass keeps the same semantics (per-channel capacity, message expiry, group expiry,
ChannelFull, flush) but cleans expired entries at most once per `clean_interval` seconds, and
sends to a group's channels directly instead of through one task per channel.
"""

import asyncio
import time
from copy import deepcopy

from channels.exceptions import ChannelFull
from channels.layers import InMemoryChannelLayer


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
