"""WCAG 3.1.2 on an English projector: the workshop's Swedish content is marked lang="sv", and
the live region (read in the page's language) announces no Swedish phrase."""

import re

import pytest

from talks.services import ask
from tests.test_projector import seed_answers, show

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


def screen(client, event) -> str:
    html = client.get(f"/projektor/{event.projector_token}/", **ENGLISH).content.decode()
    assert '<html lang="en">' in html
    return html[html.index('<section id="screen"') :]


def announced(html: str) -> str:
    return re.search(r'data-announce="([^"]*)"', html).group(1)


@pytest.fixture
def day(changemakers):
    seed_answers(changemakers, 4)
    changemakers.exercises.update(results_visible=True)
    return changemakers


def test_english_announcements_hold_no_swedish(client, day):
    show(day, "step")
    assert announced(screen(client, day)) == "Now"
    day.move_to(day.exercises.get(key="ovning-1").program_item)
    assert announced(screen(client, day)) == "Now: Exercise 1"
    day.move_to(day.program.get(order=1))
    assert announced(screen(client, day)) == f"Now: {day.program.get(order=1).get_kind_display()}"
    show(day, "results", "ovning-3")
    assert announced(screen(client, day)) == "Results for an exercise: Exercise 3"
    show(day, "role", "natverksbyggaren")
    assert announced(screen(client, day)) == "A role description"


def test_swedish_announcements_keep_the_content(client, day):
    show(day, "results", "ovning-1")
    html = client.get(f"/projektor/{day.projector_token}/").content.decode()
    assert announced(html) == "Resultat för en övning: Övning 1: Skatta dina förmågor"


@pytest.mark.parametrize(
    ("view", "target", "marked"),
    [
        # Övning 3: each list's title and its tips.
        (
            "results",
            "ovning-3",
            ['<h2><span lang="sv">Tips till politiker</span>', '<span class="tip-body" lang="sv">'],
        ),
        # Övning 4: the axes and the scenarios' names.
        (
            "results",
            "ovning-4",
            [
                '<span lang="sv">Osäkerhet 1: Politiskt åtagande</span>',
                '<span lang="sv">Luftslottens tid</span>',
            ],
        ),
        (
            "scenarios",
            "",
            ['<span lang="sv">Osäkerhet 2:', '<p class="scenario-summary" lang="sv">'],
        ),
        # Övning 5: the levels' questions.
        ("results", "ovning-5", ['<h2 lang="sv">Hos dig själv?</h2>']),
    ],
)
def test_english_projector_marks_the_content_swedish(client, day, view, target, marked):
    show(day, view, target)
    html = screen(client, day)
    for fragment in marked:
        assert fragment in html


def test_one_large_question_has_a_heading(client, day):
    talk = day.program.filter(kind="talk").first()
    day.move_to(talk)
    question = ask(
        participant=day.participants.first(), item=talk, text="Hur börjar vi?", show_name=False
    )
    show(day, "questions", str(question.pk))
    html = screen(client, day)
    assert '<blockquote class="question-large"><p>Hur börjar vi?</p></blockquote>' in html
    assert '<h1 class="visually-hidden">Question to the speaker</h1>' in html
    assert f'<span lang="sv">{talk.title}</span>' in html
