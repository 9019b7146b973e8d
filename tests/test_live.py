"""WebSocket pushes: what fragment arrives, in which groups, and what is refused."""

import asyncio
import json
import threading

import pytest
from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.contrib.sessions.backends.db import SessionStore

from changemakers.asgi import application
from tests.test_projector import seed_answers
from workshops import consumers, live, network, screens
from workshops.live import push
from workshops.models import LiveConnection, add_participant

pytestmark = pytest.mark.django_db(transaction=True)
ORIGIN = [(b"origin", b"http://testserver"), (b"host", b"testserver")]


@pytest.fixture(autouse=True)
async def empty_channel_layer():
    await get_channel_layer().flush()


def session_cookie(**values) -> bytes:
    session = SessionStore()
    session.update(values)
    session.create()
    return f"sessionid={session.session_key}".encode()


async def connect(path: str, cookie: bytes = b"", origin=ORIGIN):
    headers = list(origin) + ([(b"cookie", cookie)] if cookie else [])
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, _subprotocol = await communicator.connect()
    assert connected
    return communicator


async def receive_message(communicator, timeout: float = 1) -> dict:
    """The next frame, a typed JSON message (workshops/live/messages.py)."""
    return json.loads(await communicator.receive_from(timeout))


async def receive_html(communicator, timeout: float = 1) -> str:
    """The HTML the next message (a phone's state, a fragment) carries."""
    return (await receive_message(communicator, timeout))["html"]


async def refused_with(communicator) -> int:
    message = await communicator.receive_output(timeout=2)
    assert message["type"] == "websocket.close"
    return message["code"]


@pytest.fixture
def phone_cookie(changemakers):
    participant = add_participant(changemakers, "Anna")
    return session_cookie(participant_id=participant.pk)


@pytest.fixture
def staff_cookie(facilitator):
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    return session_cookie(
        **{
            SESSION_KEY: str(facilitator.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: facilitator.get_session_auth_hash(),
        }
    )


def phone_path(event) -> str:
    return f"/ws/events/{event.pk}/phone/"


def projector_path(event, token=None) -> str:
    return f"/ws/events/{event.pk}/screen/projector/?token={token or event.projector_token}"


async def test_phone_gets_now_fragment_on_connect_and_is_counted(changemakers, phone_cookie):
    phone = await connect(phone_path(changemakers), phone_cookie)
    message = await receive_message(phone)
    assert message["type"] == "state" and message["version"] == 0
    assert 'id="now"' in message["html"] and 'hx-swap-oob="true"' in message["html"]
    assert await LiveConnection.objects.filter(event=changemakers).acount() == 1
    await phone.disconnect()
    assert await LiveConnection.objects.filter(event=changemakers).acount() == 0


async def test_phone_follows_step_change(changemakers, phone_cookie):
    phone = await connect(phone_path(changemakers), phone_cookie)
    await receive_html(phone)
    item = await changemakers.program.aget(order=2)
    await sync_to_async(changemakers.move_to)(item)
    await sync_to_async(live.step_changed)(changemakers)
    html = await receive_html(phone)
    assert 'id="now"' in html and "Vilken typ av gränsgångare är du?" in html
    await phone.disconnect()


async def test_phone_without_participant_is_refused(changemakers):
    phone = await connect(phone_path(changemakers))
    assert await refused_with(phone) == consumers.CLOSE_FORBIDDEN


async def test_phone_of_another_event_is_refused(changemakers, phone_cookie):
    from workshops.loader import CHANGEMAKERS_FILE, load_workshop_file

    other, _created = await sync_to_async(load_workshop_file)(CHANGEMAKERS_FILE, "other-day")
    phone = await connect(phone_path(other), phone_cookie)
    assert await refused_with(phone) == consumers.CLOSE_FORBIDDEN


async def test_phone_from_other_origin_is_refused(changemakers, phone_cookie):
    origin = [(b"origin", b"http://evil.example"), (b"host", b"testserver")]
    communicator = WebsocketCommunicator(
        application, phone_path(changemakers), headers=origin + [(b"cookie", phone_cookie)]
    )
    connected, code = await communicator.connect()
    # AllowedHostsOriginValidator accepts any host with ALLOWED_HOSTS=*; the consumer's own
    # same-origin check refuses it with a 4xxx code.
    if connected:
        assert await refused_with(communicator) == consumers.CLOSE_FORBIDDEN
    else:
        assert code in (403, consumers.CLOSE_FORBIDDEN)


async def test_participant_cannot_open_screens(changemakers, phone_cookie):
    screen = await connect(f"/ws/events/{changemakers.pk}/screen/projector/", phone_cookie)
    assert await refused_with(screen) == consumers.CLOSE_FORBIDDEN
    console = await connect(f"/ws/events/{changemakers.pk}/screen/facilitator/", phone_cookie)
    assert await refused_with(console) == consumers.CLOSE_FORBIDDEN


async def test_projector_wrong_token_is_refused(changemakers):
    screen = await connect(projector_path(changemakers, "guess"))
    assert await refused_with(screen) == consumers.CLOSE_FORBIDDEN


async def test_screen_unknown_event_is_not_found(changemakers):
    screen = await connect("/ws/events/999999/screen/projector/?token=x")
    assert await refused_with(screen) == consumers.CLOSE_NOT_FOUND


async def test_screen_unknown_audience_is_refused(changemakers, staff_cookie):
    screen = await connect(f"/ws/events/{changemakers.pk}/screen/everyone/", staff_cookie)
    assert await refused_with(screen) == consumers.CLOSE_FORBIDDEN


async def test_projector_gets_screen_on_connect(changemakers):
    screen = await connect(projector_path(changemakers))
    html = await receive_html(screen)
    assert html.startswith('\n<section id="screen"') or '<section id="screen"' in html
    assert 'hx-swap-oob="true"' in html and changemakers.join_code in html
    # The join URL in the QR code comes from the socket's Host header.
    assert f"http://testserver{changemakers.join_path()}" in html.replace("<wbr>", "")
    await screen.disconnect()


async def receive_frames(communicator) -> list[str]:
    """Every frame the socket has sent until it goes quiet."""
    frames = [await receive_html(communicator)]
    while not await communicator.receive_nothing(timeout=0.3):
        frames.append(await receive_html(communicator))
    return frames


async def test_facilitator_gets_console_fragments_on_connect(changemakers, staff_cookie):
    """Each fragment in a frame of its own: no frame is the sum of the console."""
    console = await connect(f"/ws/events/{changemakers.pk}/screen/facilitator/", staff_cookie)
    frames = await receive_frames(console)
    fragments = ("program", "counters", "exercises", "projector-control", "moderation", "talks")
    assert len(frames) == len(fragments)
    for fragment in fragments:
        assert len([frame for frame in frames if f'<section id="{fragment}"' in frame]) == 1
    await console.disconnect()


async def test_projector_for_staff_without_token(changemakers, staff_cookie):
    screen = await connect(f"/ws/events/{changemakers.pk}/screen/projector/", staff_cookie)
    assert 'id="screen"' in await receive_html(screen)
    await screen.disconnect()


async def test_facilitator_console_refused_for_projector_token(changemakers):
    path = f"/ws/events/{changemakers.pk}/screen/facilitator/?token={changemakers.projector_token}"
    console = await connect(path)
    assert await refused_with(console) == consumers.CLOSE_FORBIDDEN


async def test_screens_get_no_phone_pushes(changemakers):
    screen = await connect(projector_path(changemakers))
    await receive_html(screen)
    await get_channel_layer().group_send(
        push.phones_group(changemakers.pk, "sv"), {"type": "push.frame", "frame": "<p>phones</p>"}
    )
    assert await screen.receive_nothing(timeout=0.3)
    await screen.disconnect()


async def test_projector_burst_is_coalesced_and_ends_at_true_totals(changemakers):
    changemakers.projector_view = "join"
    await changemakers.asave()
    screen = await connect(projector_path(changemakers))
    assert '<strong data-counter="joined">0</strong>' in await receive_html(screen)
    for _ in range(30):
        await sync_to_async(add_participant)(changemakers)
        await get_channel_layer().group_send(
            push.screens_group(changemakers.pk), {"type": "state.changed"}
        )
    received = []
    while not await screen.receive_nothing(timeout=0.5):
        received.append(await receive_html(screen))
    assert 1 <= len(received) < 30
    assert '<strong data-counter="joined">30</strong>' in received[-1]
    await screen.disconnect()


async def test_facilitator_gets_only_changed_fragments(changemakers, staff_cookie):
    console = await connect(f"/ws/events/{changemakers.pk}/screen/facilitator/", staff_cookie)
    await receive_frames(console)
    await sync_to_async(add_participant)(changemakers)
    await get_channel_layer().group_send(
        push.screens_group(changemakers.pk), {"type": "state.changed"}
    )
    frames = await receive_frames(console)
    assert len(frames) == 1
    assert 'id="counters"' in frames[0] and 'id="program"' not in frames[0]
    assert '<dd data-counter="joined">1</dd>' in frames[0]
    await console.disconnect()


async def test_phone_connecting_updates_connected_counter(changemakers, staff_cookie, phone_cookie):
    console = await connect(f"/ws/events/{changemakers.pk}/screen/facilitator/", staff_cookie)
    assert '<dd data-counter="connected">0</dd>' in "".join(await receive_frames(console))
    phone = await connect(phone_path(changemakers), phone_cookie)
    await receive_html(phone)
    assert '<dd data-counter="connected">1</dd>' in await receive_html(console)
    await phone.disconnect()
    assert '<dd data-counter="connected">0</dd>' in await receive_html(console)
    await console.disconnect()


async def test_results_reveal_reaches_projector(changemakers):
    await sync_to_async(seed_answers)(changemakers, 3)
    changemakers.projector_view, changemakers.projector_target = "results", "ovning-1"
    await changemakers.asave()
    screen = await connect(projector_path(changemakers))
    assert "chart-mix" not in await receive_html(screen)
    await changemakers.exercises.filter(key="ovning-1").aupdate(results_visible=True)
    await sync_to_async(live.state_changed)(changemakers.pk)
    assert "chart-mix" in await receive_html(screen)
    await screen.disconnect()


async def test_reconnecting_screen_catches_up(changemakers):
    screen = await connect(projector_path(changemakers))
    await receive_html(screen)
    await screen.disconnect()
    # While it is away, the facilitator moves the day on.
    item = await changemakers.program.aget(order=2)
    await sync_to_async(changemakers.move_to)(item)
    changemakers.projector_view = "step"
    await changemakers.asave()
    screen = await connect(projector_path(changemakers))
    html = await receive_html(screen)
    assert "Skatta dina förmågor" in html
    await screen.disconnect()


async def test_projector_socket_on_loopback_pushes_lan_join_url(changemakers, monkeypatch):
    monkeypatch.setattr(network, "_cache", {})
    monkeypatch.setattr(network, "lan_address", lambda: "192.168.1.23")
    loopback = [(b"origin", b"http://localhost:8811"), (b"host", b"localhost:8811")]
    screen = await connect(projector_path(changemakers), origin=loopback)
    html = await receive_html(screen, timeout=2)
    assert f"http://192.168.1.23:8811{changemakers.join_path()}" in html.replace("<wbr>", "")
    assert "localhost" not in html
    await screen.disconnect()


async def test_joining_updates_projector_join_count(changemakers):
    """A phone joins through the join page: a connected projector gets the new count."""
    from django.test import Client

    screen = await connect(projector_path(changemakers))
    assert '<strong data-counter="joined">0</strong>' in await receive_html(screen)
    response = await sync_to_async(Client().post)(changemakers.join_path(), {"name": "Anna"})
    assert response.status_code == 302
    html = await receive_html(screen)
    assert 'id="screen"' in html and 'hx-swap-oob="true"' in html
    assert '<strong data-counter="joined">1</strong>' in html
    await screen.disconnect()


async def test_joining_again_from_the_same_phone_pushes_nothing(changemakers):
    from django.test import Client

    phone = Client()
    await sync_to_async(phone.post)(changemakers.join_path(), {"name": "Anna"})
    screen = await connect(projector_path(changemakers))
    assert '<strong data-counter="joined">1</strong>' in await receive_html(screen)
    await sync_to_async(phone.post)(changemakers.join_path(), {"name": "Anna"})
    assert await screen.receive_nothing(timeout=0.3)
    await screen.disconnect()


@pytest.fixture
def counted_renders(monkeypatch):
    """Each screen render, with the thread it ran in."""
    renders = []
    render = consumers.render_screen

    def counting(*args):
        renders.append(threading.current_thread())
        return render(*args)

    monkeypatch.setattr(consumers, "render_screen", counting)
    return renders


async def test_screens_of_one_view_share_one_render_per_change(changemakers, counted_renders):
    changemakers.projector_view = "join"
    await changemakers.asave()
    first = await connect(projector_path(changemakers))
    second = await connect(projector_path(changemakers))
    await receive_html(first)
    await receive_html(second)
    assert len(counted_renders) == 2  # each socket's first screen is its own
    await sync_to_async(add_participant)(changemakers)
    await get_channel_layer().group_send(
        push.screens_group(changemakers.pk), {"type": "state.changed"}
    )
    update = await receive_html(first)
    assert '<strong data-counter="joined">1</strong>' in update
    assert await receive_html(second) == update
    assert len(counted_renders) == 3
    await first.disconnect()
    await second.disconnect()
    assert screens._renderers == {}


async def test_screen_renders_off_the_request_thread(changemakers, counted_renders):
    screen = await connect(projector_path(changemakers))
    await receive_html(screen)
    request_thread = await database_sync_to_async(threading.current_thread)()
    assert counted_renders and all(thread is not request_thread for thread in counted_renders)
    await screen.disconnect()


def test_heavy_renders_are_spaced_by_their_duration():
    renderer = screens.ScreenRenderer((1, "projector", "", "sv"), dict)
    renderer.last_start, renderer.last_duration = 100.0, 0.01
    assert renderer.next_start() == pytest.approx(100.0 + screens.MIN_INTERVAL)
    renderer.last_duration = 0.2
    assert renderer.next_start() == pytest.approx(100.0 + screens.RENDER_SHARE_FACTOR * 0.2)


async def test_ping_from_request_thread_does_not_wait_for_the_loop(changemakers, monkeypatch):
    """A ping must not hold the request's thread until the busy event loop has sent it."""
    layer = get_channel_layer()
    released, sent = asyncio.Event(), []

    async def held_group_send(group, message):
        await released.wait()
        sent.append(group)

    monkeypatch.setattr(layer, "group_send", held_group_send)
    await asyncio.wait_for(sync_to_async(live.state_changed)(changemakers.pk), timeout=10)
    assert sent == []
    released.set()
    for _ in range(500):
        if sent:
            break
        await asyncio.sleep(0.01)
    assert sent == [push.screens_group(changemakers.pk)]


async def test_a_ping_is_answered_on_phone_and_screen_sockets(changemakers, phone_cookie):
    """static/js/live.js checks that a socket still carries: a pong comes back at once."""
    phone = await connect(phone_path(changemakers), phone_cookie)
    await receive_message(phone)
    projector = await connect(projector_path(changemakers))
    await receive_message(projector)
    for communicator in (phone, projector):
        await communicator.send_to(text_data='{"type":"ping"}')
        assert await receive_message(communicator) == {"type": "pong"}
        await communicator.disconnect()


async def test_the_phones_state_names_what_the_page_was_drawn_for(client, changemakers):
    """The state message's `state` is the data-state of the page's #now: the same state again
    keeps the page (static/js/phone.js)."""
    from tests.participant_helpers import join

    participant = await sync_to_async(join)(client, changemakers)
    page = (await sync_to_async(client.get)("/nu/")).content.decode()
    cookie = await sync_to_async(session_cookie)(participant_id=participant.pk)
    phone = await connect(phone_path(changemakers), cookie)
    message = await receive_message(phone)
    assert f'data-state="{message["state"]}"' in page
    assert message["html"].lstrip().startswith('<section id="now"')
    await phone.disconnect()


async def test_console_socket_needs_a_role_on_the_event(changemakers):
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from tests.factories import FacilitatorFactory
    from workshops.models import Membership

    @database_sync_to_async
    def cookie_of(role):
        user = FacilitatorFactory(is_superuser=False)
        if role:
            Membership.objects.create(event=changemakers, user=user, role=role)
        return session_cookie(
            **{
                SESSION_KEY: str(user.pk),
                BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                HASH_SESSION_KEY: user.get_session_auth_hash(),
            }
        )

    path = f"/ws/events/{changemakers.pk}/screen/facilitator/"
    outsider = await connect(path, await cookie_of(None))
    assert await refused_with(outsider) == consumers.CLOSE_FORBIDDEN
    moderator = await connect(path, await cookie_of("moderator"))
    assert (await moderator.receive_from(timeout=5)).strip()
    await moderator.disconnect()


async def test_a_wording_fix_while_the_day_runs_reaches_the_phones(changemakers, phone_cookie):
    from workshops import editing

    item = await changemakers.program.aget(order=2)
    await sync_to_async(changemakers.go_to)(item)
    phone = await connect(phone_path(changemakers), phone_cookie)
    assert "Vilken typ av gränsgångare är du?" in await receive_html(phone)
    values = {
        "part": item.part,
        "part_subtitle": item.part_subtitle,
        "kind": item.kind,
        "title": "Vilken sorts gränsgångare är du?",
        "description": item.description,
        "notes": "",
        "speakers": [],
    }
    await sync_to_async(editing.update_item)(event=changemakers, item=item, values=values)
    html = await receive_html(phone)
    assert 'id="now"' in html and "Vilken sorts gränsgångare är du?" in html
    await phone.disconnect()
