"""The console in a browser stays live while the room writes (issue 19): served by daphne with
`make run`'s WebSocket limits, after 30 participants wrote their reflections (and everything
else, at realistic length), a counter still moves when one more phone joins."""

import re

import pytest
from playwright.sync_api import expect

from tests.a11y import phone_problems, screen_problems
from tests.browser_helpers import join_phone, log_in
from tests.full_room import fill_room


@pytest.mark.django_db(transaction=True)
def test_browser_console_stays_live_after_thirty_wrote_reflections(
    asgi_server, browser, changemakers
):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="sv-SE")
    page = context.new_page()
    log_in(page, asgi_server)
    fill_room(changemakers, 30)
    changemakers.open_exercise(changemakers.exercises.get(key="ovning-5"))
    page.goto(f"{asgi_server}/facilitator/{changemakers.pk}/")
    joined = page.locator('#counters [data-counter="joined"]')
    expect(joined).to_have_text("30")

    phone = join_phone(browser, asgi_server, changemakers, "Saga")
    expect(joined).to_have_text("31")
    expect(page.locator('#counters [data-counter="connected"]')).to_have_text("1")
    expect(page.locator("#screen-status")).to_be_hidden()
    moderation = page.locator("#moderation")
    expect(moderation).to_contain_text("120 svar")  # four levels, thirty participants
    expect(moderation.get_by_role("link", name=re.compile("Visa fler"))).to_have_count(3)
    page.screenshot(path="test-artifacts/console-full-room-1920.png", full_page=False)
    phone.screenshot(path="test-artifacts/phone-full-room-390.png", full_page=True)
    context.close()


@pytest.mark.django_db(transaction=True)
def test_browser_console_that_cannot_be_sent_to_says_so_and_reloads_over_http(
    asgi_server, browser, changemakers
):
    """Every socket the console opens is closed with 1011 (what daphne does with a frame over
    its limit): the console says so, fetches its parts over HTTP, stops retrying every second
    after three failures, and never says the connection is back."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="sv-SE")
    page = context.new_page()
    log_in(page, asgi_server)
    attempts = []

    def refuse(socket):
        attempts.append(socket.url)
        socket.close(code=1011, reason="frame too big")

    page.route_web_socket(re.compile(r".*/ws/events/.*"), refuse)
    page.goto(f"{asgi_server}/facilitator/{changemakers.pk}/")
    status = page.locator("#screen-status")
    expect(status).to_have_text(re.compile("kunde inte ta emot en uppdatering|var tionde sekund"))
    fill_room(changemakers, 3)  # the room moves on: the counter comes over HTTP
    expect(page.locator('#counters [data-counter="joined"]')).to_have_text("3", timeout=15_000)
    expect(status).to_have_text(
        "Direktuppdateringen fungerar inte just nu – skärmen hämtas var tionde sekund."
    )
    tries = len(attempts)
    page.wait_for_timeout(5000)
    assert tries >= 3 and len(attempts) <= tries + 1  # no reconnect loop
    expect(page.locator("#announcer")).not_to_contain_text("Kontakten är tillbaka")
    page.screenshot(path="test-artifacts/console-socket-failing-1920.png")
    context.close()


@pytest.mark.django_db(transaction=True)
def test_browser_pages_of_every_answer_and_question_meet_wcag_aa(
    asgi_server, browser, changemakers
):
    """The pages "Visa fler" opens (all answers of an exercise, all questions), with a room's
    worth of them, pass the same checks as the console; the phone's further questions too."""
    room = fill_room(changemakers, 80)
    changemakers.move_to(room.talk)
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="sv-SE")
    page = context.new_page()
    log_in(page, asgi_server)
    page.goto(f"{asgi_server}/facilitator/{changemakers.pk}/")
    page.locator(".moderation-group", has_text="Övning 5").get_by_role(
        "link", name=re.compile("Visa fler")
    ).click()
    expect(page.locator(".moderation-all .moderation-item")).to_have_count(25)
    page.get_by_role("link", name=re.compile("Visa fler")).click()
    expect(page.locator(".pager")).to_contain_text("Sida 2 av 13")
    problems = {"moderation": screen_problems(page)}
    page.goto(f"{asgi_server}/facilitator/{changemakers.pk}/fragor/alla/")
    expect(page.locator(".talk-question")).to_have_count(20)
    problems["questions"] = screen_problems(page)
    page.screenshot(path="test-artifacts/questions-page-1366.png")
    phone = join_phone(browser, asgi_server, changemakers, "Saga")
    expect(phone.locator("#questions .vote-button")).to_have_count(15)
    phone.locator("#questions").get_by_role("link", name=re.compile("Visa fler")).click()
    expect(phone.locator("#questions .vote-button")).to_have_count(5)
    problems["phone-questions-2"] = phone_problems(phone)
    assert problems == {"moderation": [], "questions": [], "phone-questions-2": []}
    context.close()
