"""A short day in Chromium through nginx, with two daphne processes, PostgreSQL and Redis: the
facilitator's console, the projector and three phones, each socket on whichever process nginx
chose; then one process is killed, and the day goes on through the other."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser_helpers import PHONE, rate
from tests.conftest import SCALED_USER
from tests.scaled_helpers import new_event, sql

pytestmark = pytest.mark.scaled

RATINGS = [
    [2, 2, 2, 2, 2, 2, 2, 5, 5, 5, 2, 2, 2, 2, 2, 2],
    [4, 4, 4, 4, 4, 4, 4, 1, 1, 1, 3, 3, 3, 1, 1, 1],
    [3, 1, 1, 1, 3, 1, 1, 2, 2, 2, 3, 3, 3, 5, 5, 4],
]


def console_logged_in(browser, base: str, event: dict):
    """The facilitator's console through nginx, after the login page it redirects to."""
    console = browser.new_context(viewport={"width": 1366, "height": 768}, locale="sv-SE")
    console = console.new_page()
    console.goto(f"{base}/facilitator/{event['event']}/")
    console.get_by_label("Användarnamn").fill(SCALED_USER[0])
    console.get_by_label("Lösenord").fill(SCALED_USER[1])
    console.get_by_role("button", name="Logga in").click()
    return console


def test_scaled_browser_day(scaled_stack, browser, screenshot):
    stack = scaled_stack
    base = stack.url
    event = new_event(stack, "scaled-browser", open_keys=())
    console = console_logged_in(browser, base, event)
    expect(console.locator("#counters")).to_be_visible()

    projector = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="sv-SE")
    projector = projector.new_page()
    projector.goto(f"{base}/projektor/{event['token']}/")
    expect(projector.locator(".join-code")).to_have_text(event["code"])

    phones = []
    for name in ["Anna", "Bo", ""]:
        phone = browser.new_context(**PHONE).new_page()
        phone.goto(f"{base}/delta/{event['code']}/")
        phone.get_by_label("Förnamn (frivilligt)").fill(name)
        phone.locator("form button[type=submit]").click()
        expect(phone.locator("#now")).to_be_visible()
        phones.append(phone)
    # "Connected now" counts the phones of both processes.
    expect(console.locator('[data-counter="joined"]')).to_have_text("3")
    expect(console.locator('[data-counter="connected"]')).to_have_text("3")
    expect(projector.locator('[data-counter="joined"]')).to_have_text("3")

    next_step = console.get_by_role("button", name=re.compile("Nästa punkt"))
    next_step.click()
    expect(console.locator(".timeline-now")).to_contain_text("Teoretisk och forskningsbaserad")
    next_step.click()
    for phone in phones:
        expect(phone.locator("#now")).to_contain_text("Vilken typ av gränsgångare är du?")
    console.locator("#projector-control").get_by_role("button", name="Aktuellt steg").click()
    expect(projector.locator("#screen h1")).to_contain_text("Skatta dina förmågor")

    # "Nästa punkt" opened the exercise it made current.
    expect(console.get_by_role("button", name="Stäng – Övning 1")).to_be_visible()
    for phone, values in zip(phones, RATINGS, strict=True):
        rate(phone, values)
    expect(console.locator('[data-counter="answered-ovning-1"]')).to_have_text("3")
    console.get_by_role("button", name="Visa resultat – Övning 1").click()
    expect(projector.locator('[data-counter="answered"]')).to_have_text("3")
    screenshot(projector, "scaled-projector-ovning-1-1920")
    screenshot(phones[0], "scaled-phone-ovning-1-390")

    # One process dies: whatever it held reconnects to the other, and the day goes on.
    stack.kill_worker(0)
    try:
        card = console.locator(".exercise-card", has_text="Övning 1")
        # Sockets of the dead process reconnect to the other one first: generous waits.
        click(
            console,
            console.get_by_role("button", name="Stäng – Övning 1"),
            until=card.locator(".status-closed"),
        )
        # Övning 2, in the same program item
        click(console, next_step, until=console.locator(".exercise-current", has_text="Övning 2"))
        for phone in phones:
            expect(phone.locator("#exercise-title")).to_have_text(
                "Rummet är en fyrfältare", timeout=15_000
            )
        click(console, next_step, until=console.locator(".timeline-now", has_text="Fika"))
        for phone in phones:
            expect(phone.locator("#now h1")).to_have_text("Fika", timeout=15_000)
        console.locator("#projector-control").get_by_role("button", name="Aktuellt steg").click()
        expect(projector.locator("#screen h1")).to_have_text("Fika", timeout=15_000)
        # The dead process's "connected now" rows stop counting once its heartbeat is 30 s old.
        expect(console.locator('[data-counter="connected"]')).to_have_text("3", timeout=45_000)
        screenshot(console, "scaled-console-after-failover-1366")
    except AssertionError:
        log = stack.folder / "nginx" / "nginx-error.log"
        print("nginx's error log:", log.read_text()[-3000:] if log.exists() else "(none)")
        raise
    finally:
        stack.start_worker(0)


def click(console, button, *, until, attempts=3) -> None:
    """The facilitator clicks; when the console says the click changed nothing (its process
    died under it: nginx does not pass a POST it already sent on to the other), again; never
    after it said the change was saved, or while it checks."""
    nothing_changed = console.locator("#request-error:not([hidden])", has_text="inget ändrades")
    for _attempt in range(attempts):
        button.click()
        expect(until.or_(nothing_changed).first).to_be_visible(timeout=15_000)
        if until.is_visible():
            return
        print("the console said:", nothing_changed.inner_text())
    expect(until).to_be_visible()


def test_scaled_console_during_a_redis_outage(scaled_stack, browser, screenshot):
    """Redis stopped (the real process) while the facilitator clicks "Nästa punkt" in the
    console through nginx: the step moves on once, the console says nothing is wrong (it used
    to get a 500 and say "inget ändrades" though the step was saved), and a phone in Chromium
    follows by the beacon."""
    stack = scaled_stack
    base = stack.url
    event = new_event(stack, "scaled-browser-redis", open_keys=())
    console = console_logged_in(browser, base, event)
    expect(console.locator('[data-counter="connected"]')).to_have_text("0")
    phone = browser.new_context(**PHONE).new_page()
    phone.goto(f"{base}/delta/{event['code']}/")
    phone.locator("form button[type=submit]").click()
    expect(phone.locator("#now")).to_be_visible()
    expect(console.locator('[data-counter="connected"]')).to_have_text("1")

    version = "SELECT live_version FROM workshops_event WHERE id = %s"
    before = sql(stack, version, event["event"])[0][0]
    next_step = console.get_by_role("button", name=re.compile("Nästa punkt"))
    stack.stop_service("redis")
    try:
        next_step.click()
        expect(console.locator(".timeline-now")).to_contain_text("Teoretisk och forskningsbaserad")
        console.wait_for_timeout(1000)
        expect(console.locator("#request-error")).to_be_hidden()
        console.wait_for_timeout(max(0, 4000 - 1000))
    finally:
        stack.restart("redis")
    expect(phone.locator("#now")).to_contain_text("Teoretisk och forskningsbaserad", timeout=10_000)
    assert sql(stack, version, event["event"])[0][0] == before + 1  # one step, not two
    screenshot(console, "scaled-console-redis-outage-1366")
