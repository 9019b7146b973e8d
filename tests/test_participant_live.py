"""The phone follows the facilitator: the "now" section over the WebSocket, and on reload."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.urls import reverse

from changemakers.asgi import application
from tests.participant_helpers import join, open_exercise
from tests.test_live import receive_html
from workshops import live
from workshops.live import render


def phone_socket(client, event, accept_language: bytes = b"sv-SE") -> WebsocketCommunicator:
    session = client.cookies["sessionid"].value
    return WebsocketCommunicator(
        application,
        f"/ws/events/{event.pk}/phone/",
        headers=[
            (b"origin", b"http://testserver"),
            (b"host", b"testserver"),
            (b"cookie", f"sessionid={session}".encode()),
            (b"accept-language", accept_language),
        ],
    )


def run_async(coroutine):
    """Run in a thread with its own event loop: the session's Playwright browser keeps one
    running in the main thread."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@pytest.mark.django_db(transaction=True)
def test_live_opened_exercise_reaches_connected_phone(client, changemakers):
    join(client, changemakers)
    run_async(opened_exercise_reaches_phone(client, changemakers))


async def opened_exercise_reaches_phone(client, changemakers):
    socket = phone_socket(client, changemakers)
    connected, _ = await socket.connect()
    assert connected
    first = await receive_html(socket)
    assert 'id="now"' in first and "Dagen har inte börjat ännu." in first

    def facilitator_opens_ovning_1():
        open_exercise(changemakers, "ovning-1")
        live.step_changed(changemakers)

    await database_sync_to_async(facilitator_opens_ovning_1)()
    pushed = await receive_html(socket, timeout=5)
    assert 'hx-swap-oob="true"' in pushed
    assert "Vilken typ av gränsgångare är du?" in pushed
    assert f'hx-get="{reverse("exercises:exercise", args=["ovning-1"])}"' in pushed
    assert 'hx-trigger="load"' in pushed
    await socket.disconnect()


@pytest.mark.django_db(transaction=True)
def test_live_reconnect_gets_current_step(client, changemakers):
    join(client, changemakers)
    changemakers.move_to(changemakers.program.get(kind="lunch"))  # while the phone was away
    run_async(connect_gets_lunch(client, changemakers))


async def connect_gets_lunch(client, changemakers):
    socket = phone_socket(client, changemakers)
    assert (await socket.connect())[0]
    message = await receive_html(socket)
    assert "Lunch" in message and "/ovning/lunch/" in message
    await socket.disconnect()


@pytest.mark.django_db(transaction=True)
def test_live_socket_without_participant_is_refused(client, changemakers):
    client.get("/")  # a session, but no participant in it
    run_async(refused_without_participant(changemakers))


async def refused_without_participant(changemakers):
    socket = WebsocketCommunicator(
        application,
        f"/ws/events/{changemakers.pk}/phone/",
        headers=[(b"origin", b"http://testserver"), (b"host", b"testserver")],
    )
    await socket.connect()
    closed = await socket.receive_output()
    assert closed["type"] == "websocket.close" and closed["code"] == 4403


def test_participant_home_shows_now_from_program(client, changemakers):
    join(client, changemakers)
    talk = changemakers.program.get(order=1)
    changemakers.move_to(talk)
    html = client.get("/nu/").content.decode()
    assert "Föredrag" in html
    assert talk.title in html
    assert "Eva Hedenfelt" in html
    assert f'data-socket="/ws/events/{changemakers.pk}/phone/"' in html


def test_participant_home_reload_shows_current_exercise_inline(client, changemakers):
    join(client, changemakers)
    open_exercise(changemakers, "ovning-4")
    html = client.get("/nu/").content.decode()
    assert "Vykort från framtiden" in html
    assert 'name="scenario"' in html  # the form itself, no JavaScript needed
    assert 'hx-trigger="load"' not in html


def test_participant_home_fika_has_no_exercise(client, changemakers):
    join(client, changemakers)
    changemakers.move_to(changemakers.program.filter(kind="fika").first())
    html = client.get("/nu/").content.decode()
    assert "Fika" in html and "<form" not in html.split('id="now"')[1].split("</section>")[0]


def test_pushed_now_fragment_renders_without_participant(changemakers):
    open_exercise(changemakers, "ovning-3")
    html = render.render_phone_now(changemakers, "sv")
    assert 'id="now"' in html and 'hx-swap-oob="true"' in html
    assert 'data-state="' in html
    assert "/ovning/ovning-3/" in html


def test_exercise_page_by_htmx_is_the_body_only(client, changemakers):
    join(client, changemakers)
    open_exercise(changemakers, "ovning-1")
    html = client.get("/ovning/ovning-1/", HTTP_HX_REQUEST="true").content.decode()
    assert html.lstrip().startswith("<article")
    assert "<html" not in html


@pytest.mark.django_db(transaction=True)
def test_live_push_speaks_each_phones_language(client, changemakers):
    from django.test import Client

    english_client = Client()
    join(client, changemakers)
    join(english_client, changemakers)
    run_async(push_in_each_language(client, english_client, changemakers))


async def push_in_each_language(client, english_client, changemakers):
    swedish = phone_socket(client, changemakers, b"sv-SE,sv;q=0.9")
    english = phone_socket(english_client, changemakers, b"en-GB,en;q=0.9")
    for socket in (swedish, english):
        assert (await socket.connect())[0]
    assert "Dagen har inte börjat ännu." in await receive_html(swedish)
    assert "Dagen har inte börjat ännu." not in await receive_html(english)

    def facilitator_in_english_opens_ovning_1():
        from django.utils import translation

        with translation.override("en"):
            open_exercise(changemakers, "ovning-1")
            live.step_changed(changemakers)

    await database_sync_to_async(facilitator_in_english_opens_ovning_1)()
    to_swedish, to_english = await receive_html(swedish, 5), await receive_html(english, 5)
    assert "Nu ·" in to_swedish and "Now ·" not in to_swedish
    assert "Now ·" in to_english and "Nu ·" not in to_english
    for socket in (swedish, english):
        await socket.disconnect()


@pytest.mark.django_db(transaction=True)
def test_live_deleted_participant_socket_is_closed_and_gets_no_pushes(
    client, changemakers, facilitator
):
    from django.test import Client

    join(client, changemakers)
    organiser = Client()
    organiser.force_login(facilitator)
    run_async(deleted_participant_is_closed(client, changemakers, organiser))


async def deleted_participant_is_closed(client, changemakers, organiser):
    socket = phone_socket(client, changemakers)
    assert (await socket.connect())[0]
    await receive_html(socket)
    delete = reverse("workshops:organiser_delete", args=[changemakers.pk])
    await database_sync_to_async(organiser.post)(delete, {"confirm": "on"})
    closed = await socket.receive_output(timeout=5)
    assert closed == {"type": "websocket.close", "code": 4404}

    def facilitator_opens_ovning_1():
        open_exercise(changemakers, "ovning-1")
        live.step_changed(changemakers)

    await database_sync_to_async(facilitator_opens_ovning_1)()
    assert await socket.receive_nothing(timeout=0.5)
    # Coming back with the old session is refused too.
    again = phone_socket(client, changemakers)
    connected, _ = await again.connect()
    if connected:
        assert (await again.receive_output(timeout=5))["type"] == "websocket.close"
