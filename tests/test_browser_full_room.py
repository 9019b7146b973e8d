"""The console in a browser stays live while the room writes (issue 19): served by daphne with
`make run`'s WebSocket limits, after 30 participants wrote their reflections (and everything
else, at realistic length), a counter still moves when one more phone joins."""

import re

import pytest
from playwright.sync_api import expect

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
