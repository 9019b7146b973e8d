""" "Resultaten som text": whatever results the projector shows, a phone reads the same results as
headings, lists and tables in its own language, and the page keeps them current (it asks again
with the fingerprint of what it shows; unchanged, the answer is an empty 204)."""

import re

import pytest
from django.urls import reverse

from talks.models import Poll, PollAnswer
from talks.services import create_poll
from tests.participant_helpers import HTMX, join
from tests.test_projector import seed_answers, show

URL = reverse("workshops:results_text")


@pytest.fixture
def phone(client, changemakers):
    join(client, changemakers)
    return client


def page(client, **headers) -> str:
    response = client.get(URL, **headers)
    assert response.status_code == 200
    return response.content.decode()


def test_results_text_needs_a_participant(client, changemakers):
    assert client.get(URL).url == reverse("workshops:home")


def test_nothing_while_the_projector_shows_no_results(phone, changemakers):
    show(changemakers, "step")
    html = page(phone)
    assert "<h1>Resultaten som text</h1>" in html
    assert "Projektorn visar inga resultat just nu." in html
    # Hidden results stay hidden here too.
    seed_answers(changemakers, 3)
    show(changemakers, "results", "ovning-1")
    assert "Projektorn visar inga resultat just nu." in page(phone)


def test_the_phone_header_links_to_it(phone, changemakers):
    html = phone.get(reverse("workshops:participant_home")).content.decode()
    assert f'<a href="{URL}">Resultaten som text</a>' in html


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        # Övning 1: a table of roles, mean, lowest and highest.
        ("ovning-1", [r'<th scope="col">Medel</th>', r'<th scope="row">Nätverksbyggaren</th>']),
        # Övning 2: each corner with its count in the round shown, and the moves into it.
        ("ovning-2", [r'<th scope="col">Antal</th>', r'<th scope="row">Entreprenören</th>']),
        # Övning 3: each list's most ticked tips, ranked.
        ("ovning-3", [r"<ol class=\"results-list\">", r"\d+ kryss</li>"]),
        # Övning 4: each scenario with its count and postcards.
        (
            "ovning-4",
            [
                r"<h3><span>Scenario 1: Det sitter i väggarna!</span> – \d+ vykort</h3>",
                "Hälsning nummer",
            ],
        ),
        # Övning 5: each level's count and its featured reflections.
        ("ovning-5", [r"– \d+ svar</h3>", "<blockquote><p>Reflektion 1:"]),
    ],
)
def test_each_exercise_kind_as_text_and_tables(phone, changemakers, key, expected):
    seed_answers(changemakers, 6)
    changemakers.exercises.update(results_visible=True)
    show(changemakers, "results", key)
    html = page(phone)
    exercise = changemakers.exercises.get(key=key)
    assert f"<span>{exercise.title}</span></h2>" in html
    assert "6 har svarat." in html
    for pattern in expected:
        assert re.search(pattern, html), pattern


def test_the_postcard_wall_as_text(phone, changemakers):
    seed_answers(changemakers, 4)
    show(changemakers, "postcards")
    assert "Hälsning nummer 1" in page(phone)


def test_a_poll_as_a_table(phone, changemakers):
    poll = create_poll(
        event=changemakers, question="Vad tar du med dig?", kind="choice", options=["Mod", "Tid"]
    )
    participant = changemakers.participants.get()
    PollAnswer.objects.create(poll=poll, participant=participant, option=poll.options.first())
    assert "Projektorn visar inga resultat just nu." in page(phone)  # results not shown yet
    Poll.objects.filter(pk=poll.pk).update(results_visible=True)
    html = page(phone)
    assert "<h2>Vad tar du med dig?</h2>" in html
    assert '<tr><th scope="row">Mod</th><td>1</td><td>100 %</td></tr>' in html
    assert '<tr><th scope="row">Tid</th><td>0</td><td>0 %</td></tr>' in html


def test_in_english_with_the_days_content_marked_swedish(phone, changemakers):
    seed_answers(changemakers, 3)
    changemakers.exercises.update(results_visible=True)
    show(changemakers, "results", "ovning-1")
    html = page(phone, HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="en">' in html
    assert "<h1>Results as text</h1>" in html
    assert '<th scope="col">Mean</th>' in html
    assert '<th scope="row" lang="sv">Nätverksbyggaren</th>' in html
    assert '<span lang="sv">Skatta dina förmågor</span>' in html


def test_asked_again_unchanged_it_answers_204_and_changed_the_new_results(phone, changemakers):
    seed_answers(changemakers, 3)
    changemakers.exercises.update(results_visible=True)
    show(changemakers, "results", "ovning-1")
    html = page(phone)
    again = re.search(r'hx-get="([^"]+)" hx-trigger="every 10s"', html).group(1)
    assert again.startswith(f"{URL}?sedan=")
    response = phone.get(again.replace("&amp;", "&"), **HTMX)
    assert response.status_code == 204 and response.content == b""
    seed_answers(changemakers, 2)  # two more answer: the page gets the new results
    response = phone.get(again, **HTMX)
    assert response.status_code == 200
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<div id="results-text"')
    assert "5 har svarat." in fragment
    assert "<h1>" not in fragment
