"""Lists that grow with the room (issue 19): the console, the projector and the phones show
counts and a bounded slice; the rest are a click away over HTTP, a page at a time, and work
without JavaScript. A fragment over the frame bound after all is replaced by a stand-in that
asks for it over HTTP, and the socket stays open."""

import logging
import re

import pytest
from django.urls import reverse

from talks import services as talk_services
from talks.context import CONSOLE_QUESTIONS
from tests.full_room import fill_room
from workshops import consumers
from workshops.models import Event
from workshops.presenters import CONSOLE_NEWEST, MODERATION_PAGE


@pytest.fixture
def room(changemakers):
    room = fill_room(changemakers, 80)
    Event.objects.filter(pk=changemakers.pk).update(current_item=room.talk)
    return room


def test_console_shows_the_newest_answers_and_counts_the_rest(facilitator_client, room):
    event = room.event
    html = facilitator_client.get(reverse("workshops:console", args=[event.pk])).content.decode()
    moderation = html.split('id="moderation"')[1]
    # Övning 4's postcards, the lunch answers (4 prompts) and Övning 5 (4 levels).
    assert "80 svar" in moderation and "320 svar" in moderation
    assert moderation.count('class="moderation-item') == 3 * CONSOLE_NEWEST
    assert moderation.count("Visa fler") == 3
    talks = html.split('id="talks"')[1].split("</section>")[0]
    assert "20 frågor" in talks
    assert talks.count('class="talk-question ') == CONSOLE_QUESTIONS
    assert reverse("talks:questions_page", args=[event.pk]) in talks


def test_moderation_page_has_every_answer_a_page_at_a_time(facilitator_client, room):
    event = room.event
    url = reverse("workshops:moderation", args=[event.pk, "ovning-5"])
    pages = [facilitator_client.get(url, {"sida": n}).content.decode() for n in (1, 13, 99, "x")]
    items = [page.count('class="moderation-item') for page in pages]
    assert items == [MODERATION_PAGE, 320 - 12 * MODERATION_PAGE, 20, MODERATION_PAGE]
    assert "Sida 1 av 13" in pages[0] and "?sida=2" in pages[0]
    assert "Sida 13 av 13" in pages[2]  # past the end: the last page
    missing = reverse("workshops:moderation", args=[event.pk, "nej"])
    assert facilitator_client.get(missing).status_code == 404


def test_moderation_page_works_without_javascript(facilitator_client, room):
    event = room.event
    url = reverse("workshops:moderation", args=[event.pk, "ovning-5"]) + "?sida=3"
    html = facilitator_client.get(url).content.decode()
    form = re.search(r'<form method="post" action="([^"]+/hide/)"[^>]*>(.*?)</form>', html, re.S)
    assert "hx-post" not in form.group(0)
    assert f'name="next" value="{url}"' in form.group(2)
    response = facilitator_client.post(form.group(1), {"next": url})
    kind, pk = re.search(r"moderera/(\w+)/(\d+)/hide/", form.group(1)).groups()
    assert response.status_code == 302 and response.url == f"{url}#{kind}-{pk}"
    # Somewhere else is not followed: back to the console.
    response = facilitator_client.post(form.group(1), {"next": "https://example.org/"})
    assert response.url == reverse("workshops:console", args=[event.pk])


def test_questions_page_has_every_question(facilitator_client, room):
    event = room.event
    url = reverse("talks:questions_page", args=[event.pk])
    html = facilitator_client.get(url).content.decode()
    assert html.count('class="talk-question ') == 20
    action = re.search(r'<form method="post" action="([^"]+/answered/)"', html).group(1)
    response = facilitator_client.post(action, {"next": url})
    assert response.status_code == 302 and response.url.startswith(f"{url}#question-")


def test_phone_question_list_is_pushed_not_polled(client, room):
    participant = room.participants[0]
    session = client.session
    session["participant_id"] = participant.pk
    session.save()
    html = client.get(reverse("talks:panel")).content.decode()
    assert 'hx-trigger="every' not in html
    assert html.count('class="vote-button"') == talk_services.PHONE_QUESTIONS
    assert "(20)" in html and "?sida=2" in html
    second = client.get(reverse("talks:panel"), {"sida": "2"}).content.decode()
    assert second.count('class="vote-button"') == 20 - talk_services.PHONE_QUESTIONS
    assert "?sida=3" not in second
    pushed = talk_services.render_phone_questions(room.event.pk, "sv")
    assert pushed.startswith('<div id="questions"') and 'hx-swap-oob="true"' in pushed
    assert "data-voted" not in pushed  # the same for every phone


def test_a_fragment_over_the_bound_becomes_a_stand_in_logged_once(caplog, monkeypatch):
    monkeypatch.setattr(consumers, "FRAME_LIMIT", 100)
    monkeypatch.setattr(consumers, "_logged_too_big", set())
    big = '<section id="moderation" class="card" hx-swap-oob="true">' + "x" * 200 + "</section>"
    with caplog.at_level(logging.WARNING, logger="workshops.consumers"):
        first = consumers.bounded_frame("facilitator", "console#moderation", big, "sv")
        second = consumers.bounded_frame("facilitator", "console#moderation", big, "en")
    assert first.startswith('<div id="moderation" hx-swap-oob="true" data-reload-part>')
    assert "för stor" in first and "too big" in second
    assert len(first.encode()) < 400
    assert len([r for r in caplog.records if "over the 100-byte frame bound" in r.message]) == 1
    assert consumers.bounded_frame("projector", "screen", "<p>small</p>", "sv") == "<p>small</p>"


def test_screen_renders_cost_the_same_queries_at_any_room_size(changemakers):
    """No query per participant or answer: the console's and each projector view's render needs
    no more queries with 120 participants than with 30 (bench/render_cost.py measures the time)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from workshops.consumers import render_screen

    changemakers.exercises.update(status="open", results_visible=True)
    views = [("facilitator", "join", "")] + [
        ("projector", view, target)
        for view, target in [("postcards", ""), ("questions", ""), ("results", "ovning-5")]
        + [("results", key) for key in ("ovning-1", "ovning-2", "ovning-3", "lunch", "ovning-4")]
    ]

    def queries() -> list[int]:
        counts = []
        for audience, view, target in views:
            Event.objects.filter(pk=changemakers.pk).update(
                projector_view=view, projector_target=target
            )
            with CaptureQueriesContext(connection) as captured:
                render_screen(changemakers.pk, audience, "http://testserver", "sv")
            counts.append(len(captured))
        return counts

    room = fill_room(changemakers, 30)
    Event.objects.filter(pk=changemakers.pk).update(current_item=room.talk)
    small = queries()
    fill_room(changemakers, 90, seed=2)
    larger = queries()
    assert all(big <= few for big, few in zip(larger, small, strict=True)), (larger, small)


def test_projector_wall_fetches_the_postcards_past_the_pushed_ones(client, room):
    """The wall is pushed with the newest few per scenario; the projector (by its token) fetches
    the rest, a few at a time, as it turns."""
    from exercises.kinds.postcard.kind import WALL_CARDS
    from exercises.kinds.postcard.models import Postcard

    event = room.event
    number = 1
    shown = Postcard.objects.filter(
        exercise__event=event, scenario__number=number, hidden=False
    ).order_by("-featured", "-created_at", "-pk")
    url = reverse("workshops:projector_postcards", args=[event.projector_token, number])
    html = client.get(url, {"fran": WALL_CARDS}).content.decode()
    assert html.count('<li class="postcard') == min(WALL_CARDS, shown.count() - WALL_CARDS)
    assert shown[WALL_CARDS].greeting[:100] in html
    assert client.get(url, {"fran": 10_000}).content.decode().strip() == ""
    wrong = reverse("workshops:projector_postcards", args=["x" * 22, number])
    assert client.get(wrong).status_code == 404
