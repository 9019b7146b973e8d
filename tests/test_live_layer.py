"""The scalable in-memory channel layer keeps the stock layer's semantics."""

import asyncio

import pytest
from channels.exceptions import ChannelFull

from changemakers.layers import ScalableInMemoryChannelLayer


async def test_layer_group_send_reaches_every_member():
    layer = ScalableInMemoryChannelLayer()
    channels = [await layer.new_channel() for _ in range(1000)]
    for channel in channels:
        await layer.group_add("event-1-phones", channel)
    await layer.group_add("event-1-screens", await layer.new_channel())
    await layer.group_send("event-1-phones", {"type": "push.html", "html": "<p>nu</p>"})
    for channel in channels:
        assert await asyncio.wait_for(layer.receive(channel), 1) == {
            "type": "push.html",
            "html": "<p>nu</p>",
        }


async def test_layer_receivers_get_their_own_copy():
    layer = ScalableInMemoryChannelLayer()
    a, b = await layer.new_channel(), await layer.new_channel()
    await layer.group_add("g", a)
    await layer.group_add("g", b)
    await layer.group_send("g", {"type": "x", "items": [1]})
    (await layer.receive(a))["items"].append(2)
    assert (await layer.receive(b))["items"] == [1]


async def test_layer_discarded_channel_gets_nothing():
    layer = ScalableInMemoryChannelLayer()
    a, b = await layer.new_channel(), await layer.new_channel()
    await layer.group_add("g", a)
    await layer.group_add("g", b)
    await layer.group_discard("g", a)
    await layer.group_send("g", {"type": "x"})
    assert await layer.receive(b) == {"type": "x"}
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(layer.receive(a), 0.05)


async def test_layer_capacity_send_raises_group_send_skips():
    layer = ScalableInMemoryChannelLayer(capacity=2)
    full, free = await layer.new_channel(), await layer.new_channel()
    await layer.send(full, {"type": "1"})
    await layer.send(full, {"type": "2"})
    with pytest.raises(ChannelFull):
        await layer.send(full, {"type": "3"})
    await layer.group_add("g", full)
    await layer.group_add("g", free)
    await layer.group_send("g", {"type": "g"})
    assert await layer.receive(free) == {"type": "g"}
    assert [(await layer.receive(full))["type"] for _ in range(2)] == ["1", "2"]


async def test_layer_expired_messages_are_dropped_and_channel_leaves_groups():
    layer = ScalableInMemoryChannelLayer(expiry=0.05, clean_interval=0)
    stale, fresh = await layer.new_channel(), await layer.new_channel()
    await layer.group_add("g", stale)
    await layer.send(stale, {"type": "old"})
    await asyncio.sleep(0.1)
    await layer.send(fresh, {"type": "new"})
    assert await layer.receive(fresh) == {"type": "new"}
    assert stale not in layer.channels
    assert stale not in layer.groups.get("g", {})


async def test_layer_group_membership_expires():
    layer = ScalableInMemoryChannelLayer(group_expiry=1, clean_interval=0)
    channel = await layer.new_channel()
    await layer.group_add("g", channel)
    layer.groups["g"][channel] -= 5  # joined long ago
    await layer.group_send("g", {"type": "x"})
    assert channel not in layer.groups["g"]
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(layer.receive(channel), 0.05)


async def test_layer_cleans_at_most_once_per_interval():
    layer = ScalableInMemoryChannelLayer(clean_interval=60)
    calls = []
    original = ScalableInMemoryChannelLayer.__mro__[1]._clean_expired

    def counting(self):
        calls.append(1)
        original(self)

    ScalableInMemoryChannelLayer.__mro__[1]._clean_expired = counting
    try:
        channels = [await layer.new_channel() for _ in range(50)]
        for channel in channels:
            await layer.group_add("g", channel)
        await layer.group_send("g", {"type": "x"})
        for channel in channels:
            await layer.receive(channel)
    finally:
        ScalableInMemoryChannelLayer.__mro__[1]._clean_expired = original
    assert len(calls) == 1


async def test_layer_flush_empties_everything():
    layer = ScalableInMemoryChannelLayer()
    channel = await layer.new_channel()
    await layer.group_add("g", channel)
    await layer.send(channel, {"type": "x"})
    await layer.flush()
    assert layer.channels == {} and layer.groups == {}


def test_layer_is_the_default_without_redis(settings):
    from django.conf import settings as live_settings

    if live_settings.REDIS_URL:
        pytest.skip("scaled set-up uses channels-redis")
    assert live_settings.CHANNEL_LAYERS["default"]["BACKEND"] == (
        "changemakers.layers.ScalableInMemoryChannelLayer"
    )
