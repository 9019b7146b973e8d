"""Pushes and the person at the keyboard or screen reader (issue 25): a push never takes the
focus from a field being typed in, focus never falls to <body>, what arrives is announced once
in the page's live region, and a phone going offline says so at once without repeating its
status at every retry (Playwright, system Chromium, against daphne)."""

import pytest
from playwright.sync_api import expect

from tests.browser_helpers import join_phone, log_in
from tests.test_browser_offline import UNSENT, Console, rate

pytestmark = pytest.mark.django_db(transaction=True)
LAPTOP = {"viewport": {"width": 1366, "height": 768}, "locale": "sv-SE"}

# Every text the page's live region is given, in order (a11y.js empties it before each).
RECORD_ANNOUNCEMENTS = """() => {
  window.said = [];
  const region = document.getElementById("announcer");
  new MutationObserver(() => {
    const text = region.textContent.trim();
    if (text) window.said.push(text);
  }).observe(region, {childList: true, characterData: true, subtree: true});
}"""
# Every text an exercise's status line shows, in order.
RECORD_STATUS = """(id) => {
  window.statuses = [];
  const line = document.getElementById(id);
  new MutationObserver(() => {
    const text = line.textContent.trim();
    if (text && text !== window.statuses[window.statuses.length - 1]) window.statuses.push(text);
  }).observe(line, {childList: true, characterData: true, subtree: true});
}"""


def focused(page) -> str:
    return page.evaluate(
        "() => { const e = document.activeElement; return e.id || e.tagName.toLowerCase(); }"
    )


def test_a_poll_arriving_while_a_question_is_typed_keeps_the_keystrokes_and_is_announced(
    asgi_server, browser, changemakers
):
    talk = changemakers.program.filter(kind="talk").first()
    changemakers.go_to(talk)
    console = Console(browser, asgi_server, changemakers)
    phone = join_phone(browser, asgi_server, changemakers, "Ada")
    phone.evaluate(RECORD_ANNOUNCEMENTS)
    field = phone.get_by_label("Din fråga")
    field.click()
    phone.keyboard.type("Hur får man ")

    console.post(
        "omrostning/ny/",
        {"question": "Hur känns dagen?", "kind": "choice", "option_1": "Bra", "option_2": "Trött"},
    )
    expect(phone.locator("#poll")).to_be_visible(timeout=10_000)
    phone.keyboard.type("chefer med sig?")

    expect(field).to_have_value("Hur får man chefer med sig?")
    assert focused(phone) == "question-text"
    expect(phone.locator("#announcer")).to_have_text("Omröstning: Hur känns dagen?")
    assert phone.evaluate("window.said") == ["Omröstning: Hur känns dagen?"]
    phone.context.close()
    console.context.close()


def test_an_exercise_opening_and_closing_within_a_step_is_announced_once_each(
    asgi_server, browser, changemakers
):
    exercise = changemakers.exercises.get(key="ovning-1")
    changemakers.move_to(exercise.program_item)
    console = Console(browser, asgi_server, changemakers)
    phone = join_phone(browser, asgi_server, changemakers)
    phone.evaluate(RECORD_ANNOUNCEMENTS)

    console.exercise("ovning-1", "open")
    expect(phone.locator("#announcer")).to_have_text("Övning 1: Öppen", timeout=10_000)
    console.exercise("ovning-1", "close")
    expect(phone.locator("#announcer")).to_have_text("Övning 1: Stängd", timeout=10_000)
    phone.wait_for_timeout(6_000)  # a beacon, and nothing is said again
    assert phone.evaluate("window.said") == ["Övning 1: Öppen", "Övning 1: Stängd"]
    phone.context.close()
    console.context.close()


def test_after_the_days_last_next_step_the_focus_is_on_the_programs_heading(
    asgi_server, browser, changemakers
):
    items = list(changemakers.program.order_by("order"))
    changemakers.go_to(items[-2])
    page = browser.new_context(**LAPTOP).new_page()
    log_in(page, asgi_server)
    page.goto(f"{asgi_server}/facilitator/{changemakers.pk}/")
    button = page.get_by_role("button", name="Nästa punkt")
    for _step in range(5):
        if button.is_disabled():
            break
        button.focus()
        page.keyboard.press("Enter")
        page.wait_for_timeout(1_000)
    expect(button).to_be_disabled()
    expect(page.locator("#program-title")).to_be_focused()
    page.context.close()


def test_a_phone_going_offline_says_so_at_once_and_its_status_does_not_repeat(
    asgi_server, browser, changemakers
):
    exercise = changemakers.exercises.get(key="ovning-1")
    changemakers.move_to(exercise.program_item)
    changemakers.open_exercise(exercise)
    phone = join_phone(browser, asgi_server, changemakers)
    expect(phone.locator("#exercise-title")).to_be_visible()
    phone.evaluate(RECORD_ANNOUNCEMENTS)
    phone.evaluate(RECORD_STATUS, "status-ovning-1")

    phone.context.set_offline(True)  # the socket stays open in Chromium: the page must notice
    expect(phone.locator("#connection")).to_be_visible(timeout=2_000)
    rate(phone, 0, 4)
    expect(phone.locator("#status-ovning-1")).to_have_text(UNSENT, timeout=5_000)
    phone.wait_for_timeout(5_000)  # several retries
    assert phone.evaluate("window.statuses") == ["Sparas …", UNSENT]
    assert phone.evaluate("window.said") == ["Tappade kontakten – försöker igen …"]

    phone.context.set_offline(False)
    expect(phone.locator("#status-ovning-1")).to_contain_text("Sparat", timeout=10_000)
    expect(phone.locator("#connection")).to_be_hidden(timeout=10_000)
    phone.context.close()
