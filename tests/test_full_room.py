"""A full room (issue 19): 200 participants who answered every exercise of the Changemakers day
with text of realistic length, asked questions and gave thumbs up. The console, the projector in
each of its views and a phone stay connected while the day goes on: every pushed frame stays
under the bound (and under `make run`'s daphne limit, which would close the socket with 1011),
every socket stays open, and the counters equal the database."""

import re
from pathlib import Path

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer

from exercises.kinds.postcard.models import Postcard
from exercises.kinds.registry import answered_counts
from talks import services as talk_services
from tests.full_room import fill_room
from tests.test_live import connect, session_cookie, staff_cookie  # noqa: F401 (a fixture)
from workshops import live
from workshops.models import Event

pytestmark = pytest.mark.django_db(transaction=True)
ROOM = 200
BOUND = 32 * 1024  # the goal for every pushed frame (workshops/consumers.FRAME_LIMIT)
MAKEFILE = Path(__file__).resolve().parent.parent / "Makefile"


def daphne_limit() -> int:
    """`make run`'s --websocket-max-message-size: a bigger frame closes the socket with 1011."""
    return int(re.search(r"--websocket-max-message-size (\d+)", MAKEFILE.read_text()).group(1))


async def frames_until_quiet(communicator, timeout=0.5) -> list[str]:
    """The frames a change brings: the first may take a while on a busy machine (renders are
    spaced by their duration), then they come until the socket is quiet."""
    frames = []
    output = await communicator.receive_output(timeout=20)
    while True:
        assert output["type"] == "websocket.send", f"the socket was closed: {output}"
        frames.append(output["text"])
        if await communicator.receive_nothing(timeout=timeout):
            return frames
        output = await communicator.receive_output()


def assert_bounded(frames: list[str], screen: str) -> None:
    bound = min(BOUND, daphne_limit())
    sizes = [len(frame.encode()) for frame in frames]
    assert sizes, f"{screen}: nothing pushed"
    assert max(sizes) <= bound, f"{screen}: a frame of {max(sizes)} bytes (bound {bound})"
    assert not any("data-reload-part" in frame for frame in frames), f"{screen}: a stand-in"


async def screens_changed(event) -> None:
    await get_channel_layer().group_send(live.screens_group(event.pk), {"type": "state.changed"})


def counter(frames: list[str], name: str) -> int:
    values = re.findall(rf'data-counter="{re.escape(name)}">(\d+)<', "".join(frames))
    assert values, f"no counter {name}"
    return int(values[-1])


def full_room(event) -> dict:
    room = fill_room(event, ROOM)
    event.exercises.update(status="open", results_visible=True)
    event.polls.update(status="open", results_visible=True)
    Event.objects.filter(pk=event.pk).update(current_item=room.talk)
    return {
        "talk": room.talk,
        "voter": room.participants[-1],
        "question": room.questions[0],
        "answered": answered_counts(event),
        "exercises": list(event.exercises.order_by("order")),
        "polls": list(event.polls.order_by("pk")),
        "postcards": Postcard.objects.filter(exercise__event=event, hidden=False).count(),
    }


async def test_every_screen_stays_live_with_a_full_room(changemakers, staff_cookie):  # noqa: F811
    room = await sync_to_async(full_room)(changemakers)
    console = await connect(f"/ws/events/{changemakers.pk}/screen/facilitator/", staff_cookie)
    console_frames = await frames_until_quiet(console)
    assert_bounded(console_frames, "console")
    assert counter(console_frames, "joined") == ROOM
    for exercise in room["exercises"]:
        if room["answered"].get(exercise.pk) is not None:
            assert (
                counter(console_frames, f"answered-{exercise.key}") == room["answered"][exercise.pk]
            )
    moderation = "".join(f for f in console_frames if 'id="moderation"' in f)
    # Postcards; lunch (four prompts) and Övning 5 (four levels): every answer counted.
    assert f"{ROOM} svar" in moderation and f"{ROOM * 4} svar" in moderation
    talks = "".join(f for f in console_frames if 'id="talks"' in f)
    assert f"{ROOM // 4} frågor" in talks

    projector = await connect(
        f"/ws/events/{changemakers.pk}/screen/projector/?token={changemakers.projector_token}"
    )
    assert_bounded(await frames_until_quiet(projector), "projector")
    views = [("postcards", ""), ("scenarios", ""), ("questions", ""), ("step", ""), ("join", "")]
    views += [("results", exercise.key) for exercise in room["exercises"]]
    views += [("poll", str(poll.pk)) for poll in room["polls"]]
    for view, target in views:
        await Event.objects.filter(pk=changemakers.pk).aupdate(
            projector_view=view, projector_target=target
        )
        await screens_changed(changemakers)
        frames = await frames_until_quiet(projector)
        assert_bounded(frames, f"projector {view} {target}")
        if view == "results":
            exercise = next(e for e in room["exercises"] if e.key == target)
            assert counter(frames, "answered") == room["answered"][exercise.pk]
        if view == "postcards":
            counts = re.findall(r'class="scenario-count">(\d+) vykort', "".join(frames))
            assert sum(int(n) for n in counts) == room["postcards"]

    voter = room["voter"]
    cookie = await sync_to_async(session_cookie)(participant_id=voter.pk)
    phone = await connect(f"/ws/events/{changemakers.pk}/phone/", cookie)
    assert_bounded(await frames_until_quiet(phone), "phone")
    await frames_until_quiet(console)  # "connected now" went up
    # A thumb: the phones get the question list pushed; console and projector move.
    await Event.objects.filter(pk=changemakers.pk).aupdate(
        projector_view="questions", projector_target=""
    )
    await screens_changed(changemakers)
    await frames_until_quiet(projector)
    await sync_to_async(talk_services.toggle_vote)(participant=voter, question=room["question"])
    phone_frames = await frames_until_quiet(phone, timeout=1.5)
    assert_bounded(phone_frames, "phone question list")
    lists = [frame for frame in phone_frames if frame.startswith('<div id="questions"')]
    assert lists and f"({ROOM // 4})" in lists[-1]
    assert_bounded(await frames_until_quiet(console), "console after a thumb")
    assert_bounded(await frames_until_quiet(projector), "projector after a thumb")

    # Every socket is still open: each gets the beacon.
    await live.tick()
    for communicator in (console, projector, phone):
        frames = await frames_until_quiet(communicator)
        assert any("live-beacon" in frame for frame in frames)
    for communicator in (console, projector, phone):
        await communicator.disconnect()
