"""Answers are idempotent: a resend from the phone's outbox stores one answer, and first saves
racing each other (a double tap spread over two requests at once) give no error and keep the
text of both.

The race runs on whatever database the suite runs on: SQLite by default, PostgreSQL when
DATABASE_URL points at one (where it used to fail with a duplicate key in about 1 of 6 races)."""

import json
import threading

import pytest
from django.db import connection
from django.test import Client

from exercises.kinds.postcard.models import Postcard
from exercises.kinds.prompts.models import Reflection
from exercises.kinds.rating.models import Rating
from tests.participant_helpers import HTMX, answer_url, join, open_exercise
from tests.test_participant_live import phone_socket, run_async


def test_the_same_resend_twice_stores_one_answer(client, changemakers):
    participant = join(client, changemakers)
    exercise = open_exercise(changemakers, "ovning-1")
    first, second = exercise.abilities.order_by("order")[:2]
    for value in ("4", "4"):  # the answer, and its resend after a lost acknowledgement
        response = client.post(answer_url("ovning-1"), {f"ability-{first.pk}": value}, **HTMX)
        assert response.status_code == 200
        assert "1 av 16" in response.content.decode()
    client.post(answer_url("ovning-1"), {f"ability-{second.pk}": "2"}, **HTMX)
    # An older resend arriving again edits its own answer only, never the later one.
    client.post(answer_url("ovning-1"), {f"ability-{first.pk}": "4"}, **HTMX)
    assert Rating.objects.filter(participant=participant).count() == 2
    assert dict(
        Rating.objects.filter(participant=participant).values_list("ability_id", "value")
    ) == {first.pk: 4, second.pk: 2}


def test_a_resent_reflection_is_one_row_with_the_last_text(client, changemakers):
    participant = join(client, changemakers)
    exercise = open_exercise(changemakers, "ovning-5")
    prompt = exercise.prompts_in("reflection")[0]
    for text in ("Lyssna mer", "Lyssna mer", "Lyssna mer och oftare"):
        response = client.post(answer_url("ovning-5"), {f"prompt-{prompt.pk}": text}, **HTMX)
        assert response.status_code == 200
    assert list(Reflection.objects.filter(participant=participant).values_list("text")) == [
        ("Lyssna mer och oftare",)
    ]


def race(posts: list[tuple[Client, str, dict]]) -> list[int]:
    """Send the POSTs from threads released at the same moment; their status codes."""
    barrier = threading.Barrier(len(posts))
    statuses = [0] * len(posts)

    def post(index, client, path, data):
        try:
            barrier.wait()
            statuses[index] = client.post(path, data, **HTMX).status_code
        finally:
            connection.close()

    threads = [
        threading.Thread(target=post, args=(index, *args)) for index, args in enumerate(posts)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return statuses


@pytest.mark.django_db(transaction=True)
def test_racing_first_saves_of_a_postcard_keep_both_texts(changemakers):
    open_exercise(changemakers, "ovning-4")
    for attempt in range(6):
        phone = Client(raise_request_exception=False)
        participant = join(phone, changemakers)
        other_tab = Client(raise_request_exception=False)
        other_tab.cookies = phone.cookies
        statuses = race(
            [
                (phone, answer_url("ovning-4"), {"scenario": "2", "greeting": f"Hej {attempt}"}),
                (other_tab, answer_url("ovning-4"), {"scenario": "2", "writer": f"Jag {attempt}"}),
            ]
        )
        assert statuses == [200, 200], f"race {attempt}: {statuses}"
        postcards = Postcard.objects.filter(participant=participant)
        assert postcards.count() == 1
        assert (postcards[0].greeting, postcards[0].writer) == (f"Hej {attempt}", f"Jag {attempt}")


@pytest.mark.django_db(transaction=True)
def test_an_answer_over_the_socket_resent_twice_is_one_answer_and_acknowledged(
    client, changemakers
):
    participant = join(client, changemakers)
    exercise = open_exercise(changemakers, "ovning-1")
    ability = exercise.abilities.order_by("order").first()
    replies = run_async(send_over_socket(client, changemakers, ability.pk))
    for reply in replies:  # the answer and its resend: the same acknowledgement
        assert reply["ack"] == "a-1"
        assert "Sparat ✓ 1 av 16 förmågor skattade." in reply["html"]
    assert list(Rating.objects.filter(participant=participant).values_list("value")) == [(3,)]
    # Closed meanwhile: refused, and what was saved stays.
    exercise.close()
    refused = run_async(send_over_socket(client, changemakers, ability.pk, times=1))[0]
    assert refused["retarget"] == "#exercise"
    assert "Övningen är stängd." in refused["html"]
    assert list(Rating.objects.filter(participant=participant).values_list("value")) == [(3,)]


async def send_over_socket(client, event, ability_id: int, times: int = 2) -> list[dict]:
    socket = phone_socket(client, event)
    assert (await socket.connect())[0]
    await socket.receive_from()  # the current step, sent on connect
    message = {"answer": "a-1", "exercise": "ovning-1", "fields": [[f"ability-{ability_id}", "3"]]}
    replies = []
    for _time in range(times):
        await socket.send_to(text_data=json.dumps(message))
        replies.append(json.loads(await socket.receive_from(timeout=5)))
    await socket.send_to(text_data="not an answer")  # ignored, the socket stays open
    await socket.send_to(text_data=json.dumps({**message, "fields": [["x", "y" * 70_000]]}))
    await socket.send_to(text_data=json.dumps({**message, "exercise": "okänd"}))
    assert json.loads(await socket.receive_from(timeout=5)) == {"ack": "a-1", "gone": True}
    await socket.disconnect()
    return replies
