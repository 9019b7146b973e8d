"""Talks in Chromium: three phones ask, vote and withdraw during a talk; the console hides one
question and marks one answered; the projector's order and counts are the votes; a poll made
on the console reaches the phones, collects, reveals and lands in the workbook. The pages pass
the accessibility checks; 200 questions leave the projector legible."""

import io
import random

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from talks.models import Question, QuestionVote
from tests.a11y import axe_violations, phone_problems, screen_problems
from tests.browser_helpers import join_phone, log_in
from tests.test_projector_browser import FITS, SMALLEST_TEXT
from workshops import ratelimit
from workshops.models import Event

PROJECTOR = {"viewport": {"width": 1920, "height": 1080}, "locale": "sv-SE"}
LAPTOP = {"viewport": {"width": 1366, "height": 768}, "locale": "sv-SE"}


def ask(page, text: str, show_name: bool = False) -> None:
    page.get_by_label("Din fråga").fill(text)
    if show_name:
        page.get_by_label("Visa mitt namn", exact=False).check()
    page.get_by_role("button", name="Skicka frågan").click()
    expect(page.locator("#ask")).to_contain_text("Tack! Din fråga är skickad.")
    expect(page.locator("#announcer")).to_have_text("Tack! Din fråga är skickad.")
    expect(page.locator("#questions")).to_contain_text(text)


def thumb(page, text: str, pressed: bool) -> None:
    page.reload()
    button = page.locator("li.question", has_text=text).locator("button.vote-button")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true" if pressed else "false")


def projector_rows(page) -> list[tuple[str, int]]:
    rows = page.locator(".projector-question")
    return [
        (
            rows.nth(i).locator(".projector-question-text").inner_text(),
            int(rows.nth(i).locator(".projector-votes").inner_text().split()[-1]),
        )
        for i in range(rows.count())
    ]


@pytest.mark.django_db(transaction=True)
def test_browser_questions_and_a_poll_during_a_talk(asgi_server, browser, changemakers, screenshot):
    ratelimit.reset()
    talk = changemakers.program.filter(kind="talk").first()
    changemakers.go_to(talk)
    base = asgi_server

    console = browser.new_context(**LAPTOP).new_page()
    log_in(console, base)
    console.goto(f"{base}/facilitator/{changemakers.pk}/")
    console.get_by_role("button", name="Visa toppfrågorna på projektorn").click()
    projector = browser.new_context(**PROJECTOR).new_page()
    projector.goto(f"{base}{changemakers.projector_path()}")
    expect(projector.locator("#screen h1")).to_have_text("Frågor till talaren")

    ada = join_phone(browser, base, changemakers, "Ada")
    bea = join_phone(browser, base, changemakers, "Bea")
    cid = join_phone(browser, base, changemakers)
    expect(ada.get_by_role("heading", name="Fråga talaren")).to_be_visible()
    ask(ada, "Hur får man chefer med sig?", show_name=True)
    ask(ada, "Vilken forskning bygger det på?")
    ask(bea, "Vad gör man när det tar stopp?")
    ask(cid, "Reklam: köp min bok!")
    # The others' questions: Ada's shows her name, Cid's is anonymous.
    cid.reload()
    first = cid.locator("li.question", has_text="Hur får man chefer med sig?")
    expect(first.locator(".question-meta")).to_have_text("Ada")
    expect(cid.locator("li.question", has_text="Reklam").locator(".question-meta")).to_have_text(
        "Anonym"
    )

    thumb(bea, "Hur får man chefer med sig?", True)
    thumb(cid, "Hur får man chefer med sig?", True)
    thumb(cid, "Vad gör man när det tar stopp?", True)
    thumb(ada, "Vad gör man när det tar stopp?", True)
    thumb(ada, "Vad gör man när det tar stopp?", False)  # withdrawn
    thumb(bea, "Vilken forskning bygger det på?", True)
    thumb(ada, "Vad gör man när det tar stopp?", True)
    assert QuestionVote.objects.count() == 5

    # The console lists them (pushed) by votes; it hides one and marks one answered.
    items = console.locator(".talk-question")
    expect(items).to_have_count(4)
    expect(items.first).to_contain_text("Hur får man chefer med sig?")
    spam = Question.objects.get(text__startswith="Reklam")
    console.locator(f"#question-{spam.pk}").get_by_role("button", name="Dölj").click()
    expect(console.locator(f"#question-{spam.pk}")).to_contain_text("dold")
    research = Question.objects.get(text__startswith="Vilken forskning")
    console.locator(f"#question-{research.pk}").get_by_role("button", name="Besvarad").click()
    expect(console.locator(f"#question-{research.pk}")).to_contain_text("besvarad")

    # The projector: open questions, most thumbs first, counts as in the database.
    expected = [
        (q.text, q.votes.count()) for q in Question.objects.filter(status="visible", answered=False)
    ]
    expected.sort(key=lambda pair: -pair[1])
    expect(projector.locator(".projector-question")).to_have_count(len(expected))
    expect(projector.locator("#screen")).not_to_contain_text("Reklam")
    assert (
        projector_rows(projector)
        == expected
        == [
            ("Hur får man chefer med sig?", 2),
            ("Vad gör man när det tar stopp?", 2),
        ]
    )
    expect(projector.locator(".screen-footer")).to_contain_text("1 besvarad")
    screenshot(projector, "talks-projector-questions")
    assert projector.evaluate(FITS)
    assert projector.evaluate(SMALLEST_TEXT) >= 28
    assert axe_violations(projector) == []
    # The hidden one is gone from phones too; the answered one says so.
    bea.reload()
    expect(bea.locator("#questions")).not_to_contain_text("Reklam")
    expect(bea.locator("li.question", has_text="Vilken forskning")).to_contain_text("Besvarad")
    screenshot(bea, "talks-phone-questions")
    assert phone_problems(bea) == []

    # One question large on the projector.
    first_q = Question.objects.get(text__startswith="Hur får man")
    console.locator(f"#question-{first_q.pk}").get_by_role(
        "button", name="Visa på projektorn"
    ).click()
    expect(projector.locator(".question-large")).to_have_text("Hur får man chefer med sig?")
    screenshot(projector, "talks-projector-one-question")

    # A poll made on the console reaches the phones and the projector in one step; a question
    # being typed meanwhile is still there after the push.
    cid.get_by_label("Din fråga").fill("Halvskriven fråga")
    console.get_by_label("Fråga", exact=True).fill("Vad tar du med dig härifrån?")
    console.get_by_label("Alternativ 1").fill("Mod")
    console.get_by_label("Alternativ 2").fill("Verktyg")
    console.get_by_label("Alternativ 3").fill("Nya kontakter")
    console.get_by_role("button", name="Skicka till telefoner och projektor").click()
    expect(console.locator(".talk-poll")).to_contain_text("Vad tar du med dig härifrån?")
    expect(projector.locator("#screen h1")).to_have_text("Vad tar du med dig härifrån?")
    for page, choice in ((ada, "Mod"), (bea, "Mod"), (cid, "Verktyg")):
        expect(page.locator("#poll h2")).to_have_text("Vad tar du med dig härifrån?")
        page.locator("#poll label.poll-option", has_text=choice).click()
        page.locator("#poll").get_by_role("button", name="Svara").click()
        expect(page.locator("#poll .status")).to_contain_text(f"Ditt svar: {choice}.")
    expect(projector.locator("[data-counter=answered]")).to_have_text("3")
    expect(cid.get_by_label("Din fråga")).to_have_value("Halvskriven fråga")
    screenshot(ada, "talks-phone-poll")
    assert phone_problems(ada) == []

    console.locator(".talk-poll").get_by_role("button", name="Visa resultaten").click()
    expect(projector.locator(".chart-bars")).to_be_visible()
    expect(projector.locator("figcaption tr", has_text="Mod")).to_contain_text("2")
    expect(ada.locator("#poll .poll-results")).to_contain_text("3 har svarat")
    screenshot(projector, "talks-projector-poll")
    assert projector.evaluate(FITS)
    assert axe_violations(projector) == []
    console.locator(".talk-poll").get_by_role("button", name="Stäng").click()
    expect(ada.locator("#poll")).to_have_count(0)
    screenshot(console, "talks-console")
    assert screen_problems(console) == []

    response = console.request.get(f"{base}/facilitator/{changemakers.pk}/resultat/arbetsbok.xlsx")
    book = load_workbook(io.BytesIO(response.body()))
    header, *rows = list(book["Omröstningar"].iter_rows(values_only=True))
    answers = sorted(dict(zip(header, row, strict=True))["Svar"] for row in rows)
    assert answers == ["Mod", "Mod", "Verktyg"]
    questions = list(book["Frågor till talaren"].iter_rows(values_only=True))
    assert len(questions) == 5
    for context in {p.context for p in (console, projector, ada, bea, cid)}:
        context.close()


@pytest.mark.django_db(transaction=True)
def test_browser_projector_legible_with_200_questions(
    asgi_server, browser, changemakers, screenshot
):
    from tests.factories import ParticipantFactory

    talk = changemakers.program.filter(kind="talk").first()
    changemakers.go_to(talk)
    Event.objects.filter(pk=changemakers.pk).update(projector_view="questions")
    people = [ParticipantFactory(event=changemakers, number=n) for n in range(1, 41)]
    rng = random.Random(14)
    questions = Question.objects.bulk_create(
        Question(
            event=changemakers,
            item=talk,
            participant=rng.choice(people),
            text=" ".join(
                rng.choice(
                    [
                        "Hur",
                        "kan",
                        "vi",
                        "förändra",
                        "organisationen",
                        "när",
                        "ledningen",
                        "inte",
                        "lyssnar",
                        "på",
                        "oss",
                    ]
                )
                for _ in range(rng.randint(4, 45))
            )[:280],
        )
        for _ in range(200)
    )
    QuestionVote.objects.bulk_create(
        QuestionVote(question=q, participant=p)
        for q in questions
        for p in rng.sample(people, rng.randint(0, 30))
    )
    page = browser.new_context(**PROJECTOR).new_page()
    page.goto(f"{asgi_server}{changemakers.projector_path()}")
    expect(page.locator(".projector-question")).to_have_count(6)
    expect(page.locator(".screen-note")).to_contain_text("+ 194 frågor till")
    counts = [votes for _text, votes in projector_rows(page)]
    assert counts == sorted(counts, reverse=True)
    top = max(q.votes.count() for q in Question.objects.all())
    assert counts[0] == top
    # Every question shown is shown whole (two lines at most), none cut off at the bottom.
    assert page.evaluate(
        """() => { const list = document.querySelector(".projector-questions").getBoundingClientRect();
        return Array.from(document.querySelectorAll(".projector-question")).every(
          (q) => q.getBoundingClientRect().bottom <= list.bottom + 1); }"""
    )
    screenshot(page, "talks-projector-200-questions")
    assert page.evaluate(FITS)
    assert page.evaluate(SMALLEST_TEXT) >= 28
    page.context.close()


@pytest.mark.django_db(transaction=True)
def test_browser_a_question_from_a_phone_whose_participant_is_gone_opens_the_join_page(
    asgi_server, browser, changemakers
):
    """The organiser deleted the day's personal data while a phone still showed the talk: its
    question is answered with a redirect to the join page, which the phone opens (htmx swapped
    that whole page into the talk's panel)."""
    changemakers.go_to(changemakers.program.filter(kind="talk").first())
    phone = join_phone(browser, asgi_server, changemakers)
    changemakers.participants.all().delete()
    phone.get_by_label("Din fråga").fill("Finns jag kvar?")
    phone.get_by_role("button", name="Skicka frågan").click()
    expect(phone.get_by_role("heading", name="Delta i dagens workshop")).to_be_visible()
    expect(phone.locator("#now")).to_have_count(0)
    assert phone.url == f"{asgi_server}/"
    assert not Question.objects.exists()
    phone.context.close()
