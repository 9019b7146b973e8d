"""The live contract: a version for what phones must see, a beacon per process to its own sockets,
and screen pings coalesced per process so a burst of answers cannot fill a channel queue."""

import asyncio

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.urls import reverse

from tests.test_live import (
    connect,
    phone_path,
    projector_path,
    receive_html,
    receive_message,
    session_cookie,
)
from workshops.live import beacon, push, render
from workshops.models import Event, add_participant

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
async def empty_channel_layer():
    await get_channel_layer().flush()


@pytest.fixture
def phone_cookie(changemakers):
    return session_cookie(participant_id=add_participant(changemakers, "Anna").pk)


def version_of(event) -> int:
    return Event.objects.get(pk=event.pk).live_version


def test_step_change_bumps_the_version_the_phone_is_pushed(facilitator_client, changemakers):
    before = version_of(changemakers)
    facilitator_client.post(reverse("workshops:console_next", args=[changemakers.pk]))
    assert version_of(changemakers) == before + 1
    changemakers.refresh_from_db()
    html = render.render_phone_now(changemakers, "sv")
    assert f'data-version="{before + 1}"' in html


def test_projector_choice_does_not_bump_the_version(facilitator_client, changemakers):
    before = version_of(changemakers)
    facilitator_client.post(
        reverse("workshops:console_projector", args=[changemakers.pk]), {"view": "postcards"}
    )
    assert version_of(changemakers) == before


async def test_beacon_reaches_phones_and_screens_of_this_process(changemakers, phone_cookie):
    phone = await connect(phone_path(changemakers), phone_cookie)
    assert (await receive_message(phone))["version"] == 0
    projector = await connect(projector_path(changemakers))
    assert 'data-live-version="0"' in await receive_html(projector)
    await database_sync_to_async(push.bump_version)(changemakers)

    await beacon.tick()

    assert await receive_message(phone) == {"type": "beacon", "version": 1}
    assert await receive_message(projector) == {"type": "beacon", "version": 1}
    await phone.disconnect()
    await projector.disconnect()
    assert changemakers.pk not in beacon._local


async def test_a_burst_of_pings_sends_a_handful_of_messages(changemakers, monkeypatch):
    layer = get_channel_layer()
    sent = []
    original = layer.group_send

    async def counting(group, message):
        sent.append(group)
        await original(group, message)

    monkeypatch.setattr(layer, "group_send", counting)
    for _answer in range(200):
        push.ping_screens(changemakers.pk)
        await asyncio.sleep(0.001)
    while changemakers.pk in push._pinging:
        await asyncio.sleep(0.02)
    # ~0.3 s of answers at PING_SPACING 0.1 s: the first at once, a few spaced, the last after.
    assert 2 <= len(sent) <= 8
    assert set(sent) == {push.screens_group(changemakers.pk)}
