"""The console on a laptop: three columns that use the screen's width, at several steps of the
day; an exercise without a set time shows no countdown, and "+1 min" gives it one."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser_helpers import log_in
from tests.conftest import ARTIFACTS
from tests.test_projector import seed_answers
from workshops.models import Event

SIZES = [(1366, 768), (1920, 1080), (1024, 768)]


def side_by_side(page, width: int, height: int) -> dict[str, dict]:
    """Program on the left, what happens now in the middle, the room on the right: side by
    side at the top, together as wide as the page, each within the window."""
    # One console: an action's answer replaces it whole, even when a push replaced the
    # clicked button's form meanwhile.
    assert page.locator("#live").count() == 1
    boxes = columns(page)
    assert boxes["program"]["x"] < boxes["now"]["x"] < boxes["room"]["x"]
    assert boxes["program"]["y"] == boxes["now"]["y"] == boxes["room"]["y"]
    used = boxes["room"]["x"] + boxes["room"]["width"] - boxes["program"]["x"]
    assert used > 0.9 * width, f"{used} px of {width}"
    assert boxes["now"]["width"] >= 400
    for box in boxes.values():
        assert box["y"] + box["height"] <= height + 1
    assert fits_width(page)
    return boxes


def columns(page) -> dict[str, dict]:
    return {
        name: page.locator(f".console-column-{name}").bounding_box()
        for name in ("program", "now", "room")
    }


def snap(page, name: str) -> None:
    """The console fills the window and does not scroll: a screenshot of the window. (A
    full-page screenshot resizes the window for a moment and can catch a half-done layout.)"""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def fits_width(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


@pytest.mark.django_db(transaction=True)
def test_browser_console_uses_the_laptop_screen(asgi_server, browser, changemakers):
    seed_answers(changemakers, 12)
    ovning_1 = changemakers.exercises.get(key="ovning-1")
    changemakers.open_exercise(ovning_1)
    ovning_1.start_timer()
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="sv-SE")
    page = context.new_page()
    log_in(page, asgi_server)
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{asgi_server}/facilitator/{changemakers.pk}/")
        current = page.locator(".exercise-current")
        expect(current).to_contain_text("Övning 1")
        expect(current.locator(".exercise-answered")).to_contain_text(
            "12 av 12 anslutna har svarat"
        )
        expect(current.locator(".timer")).to_have_text(re.compile(r"^(10:00|9:[0-5]\d)$"))
        snap(page, f"console-ovning-1-{width}")
        side_by_side(page, width, height)

    # Late in the day the current item is at the bottom of the program: it is scrolled into
    # view, and moving on from the console keeps the new item in view.
    page.set_viewport_size({"width": 1366, "height": 768})
    changemakers.move_to(changemakers.program.get(title__startswith="Hur olika typer"))
    page.goto(f"{asgi_server}/facilitator/{changemakers.pk}/")
    expect(page.locator(".timeline-now")).to_contain_text("Hur olika typer")
    expect(page.locator(".timeline-now")).to_be_in_viewport()
    page.get_by_role("button", name=re.compile("Nästa punkt")).click()
    expect(page.locator(".timeline-now")).to_contain_text("Avslutning")
    expect(page.locator(".timeline-now")).to_be_in_viewport()
    side_by_side(page, 1366, 768)
    snap(page, "console-late-in-the-day-1366")
    context.close()


@pytest.mark.django_db(transaction=True)
def test_browser_console_exercise_without_time_shows_no_countdown(
    asgi_server, browser, changemakers
):
    seed_answers(changemakers, 6)
    ovning_4 = changemakers.exercises.get(key="ovning-4")
    assert ovning_4.minutes is None
    changemakers.open_exercise(ovning_4)
    context, page = console_page(browser, asgi_server, changemakers)
    current = page.locator(".exercise-current")
    expect(current).to_contain_text("Övning 4")
    expect(current.locator(".timer-box")).to_contain_text("ingen tid satt")
    expect(current.locator(".timer")).to_have_count(0)
    expect(current.get_by_role("button", name="Starta – Övning 4")).to_have_count(0)
    lunch = page.locator(".exercise-card", has_text="Lunchsamtal")
    expect(lunch.locator(".timer-box")).to_contain_text("ingen tid satt")
    expect(page.locator(".timer-done")).to_have_count(0)
    snap(page, "console-ovning-4-no-time-1366")

    current.get_by_role("button", name="+1 min – Övning 4").click()
    expect(current.locator(".timer")).to_have_text("1:00")
    current.get_by_role("button", name="Starta – Övning 4").click()
    expect(current.get_by_role("button", name="Pausa – Övning 4")).to_be_visible()
    expect(current.locator(".timer")).to_have_text(re.compile(r"^(1:00|0:[0-5]\d)$"))
    expect(current.locator(".timer-done")).to_have_count(0)
    side_by_side(page, 1366, 768)
    page.set_viewport_size({"width": 1920, "height": 1080})
    side_by_side(page, 1920, 1080)
    snap(page, "console-ovning-4-timer-1920")
    context.close()


@pytest.mark.django_db(transaction=True)
def test_browser_console_says_when_a_click_did_not_reach_the_server(
    asgi_server, browser, changemakers
):
    """A server process dying under the click (a proxy's 502) or the network dropping it: the
    facilitator sees that nothing changed and clicks again."""
    changemakers.move_to(changemakers.program.get(title__startswith="Hur olika typer"))
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="sv-SE")
    page = context.new_page()
    log_in(page, asgi_server)
    # The console's socket sends the whole console on connect: click after that has replaced
    # the button, not into a form that the push removes while its request is under way.
    pushed = []
    page.on(
        "websocket", lambda socket: socket.on("framereceived", lambda frame: pushed.append(frame))
    )
    page.goto(f"{asgi_server}/facilitator/{changemakers.pk}/")
    now = page.locator(".timeline-now")
    expect(now).to_contain_text("Hur olika typer")
    for _tick in range(100):
        if pushed:
            break
        page.wait_for_timeout(100)
    assert pushed, "the console's socket sent nothing"
    error = page.get_by_role("alert")
    expect(error).to_be_hidden()
    next_step = page.get_by_role("button", name=re.compile("Nästa punkt"))

    page.route("**/nasta/", lambda route: route.fulfill(status=502, body="Bad Gateway"))
    next_step.click()
    expect(error).to_have_text("Servern svarade inte – inget ändrades. Försök igen.")
    expect(now).to_contain_text("Hur olika typer")
    page.unroute("**/nasta/")

    page.route("**/nasta/", lambda route: route.abort("connectionreset"))
    next_step.click()
    expect(error).to_have_text("Servern svarade inte – inget ändrades. Försök igen.")
    page.unroute("**/nasta/")
    snap(page, "console-request-error-1366")

    next_step.click()
    expect(now).to_contain_text("Avslutning")
    expect(error).to_be_hidden()

    # A push replaces the program (and the clicked button's form) while the request is on its
    # way, then the request fails: still said.
    held = []
    back_to = page.locator(".timeline-button", has_text="Hur olika typer")
    page.route("**/flytta/", lambda route: held.append(route))
    back_to.click()
    for _tick in range(50):
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "the click sent no request"
    page.evaluate(
        """() => { const program = document.getElementById("program");
        const pushed = program.cloneNode(true); program.replaceWith(pushed);
        htmx.process(pushed); }"""
    )
    held[0].fulfill(status=502, body="Bad Gateway")
    expect(error).to_have_text("Servern svarade inte – inget ändrades. Försök igen.")
    expect(now).to_contain_text("Avslutning")
    page.unroute("**/flytta/")

    back_to.click()
    expect(now).to_contain_text("Hur olika typer")
    expect(error).to_be_hidden()
    context.close()


def console_page(browser, server: str, event):
    """The facilitator's console, logged in, in a laptop-sized window of its own."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="sv-SE")
    page = context.new_page()
    log_in(page, server)
    page.goto(f"{server}/facilitator/{event.pk}/")
    return context, page


def reach_server_then_lose_response(route):
    """The request reaches the server (which saves the change); its response never comes back,
    as when the process dies while answering and nginx gives a 502."""
    route.fetch()
    route.fulfill(status=502, body="Bad Gateway")


@pytest.mark.django_db(transaction=True)
def test_browser_console_checks_whether_a_lost_click_was_saved(asgi_server, browser, changemakers):
    """ "Nästa punkt" saved, its response lost: the console asks the server for the day's state,
    shows the new step and says the change was saved, never "inget ändrades. Försök igen."
    (a second click would skip a step). When the server cannot be asked either, it says it
    does not know."""
    changemakers.move_to(changemakers.program.get(title__startswith="Hur olika typer"))
    before = Event.objects.get(pk=changemakers.pk).live_version
    context, page = console_page(browser, asgi_server, changemakers)
    now = page.locator(".timeline-now")
    expect(now).to_contain_text("Hur olika typer")
    error = page.get_by_role("alert")
    next_step = page.get_by_role("button", name=re.compile("Nästa punkt"))

    page.route("**/nasta/", reach_server_then_lose_response)
    next_step.click()
    expect(error).to_have_text(
        "Svaret kom inte fram, men ändringen sparades. Konsolen visar läget nu."
    )
    expect(now).to_contain_text("Avslutning")
    assert Event.objects.get(pk=changemakers.pk).live_version == before + 1
    snap(page, "console-request-lost-saved-1366")
    page.unroute("**/nasta/")

    # Neither the click nor the check reaches the server: it cannot know, and says so.
    back_to = page.locator(".timeline-button", has_text="Hur olika typer")
    page.route("**/facilitator/**", lambda route: route.abort("connectionreset"))
    back_to.click()
    expect(error).to_have_text(
        "Servern svarar inte. Ladda om sidan innan du försöker igen – ändringen kan ha sparats.",
        timeout=10_000,
    )
    expect(now).to_contain_text("Avslutning")
    context.close()


@pytest.mark.django_db(transaction=True)
def test_browser_console_actions_break_no_content_security_rule(asgi_server, browser, changemakers):
    """Closing and reopening an exercise swaps the console: nothing in it is refused by the
    page's CSP (htmx copied style attributes onto the new inputs: one error each)."""
    seed_answers(changemakers)
    exercise = changemakers.exercises.get(key="ovning-4")
    changemakers.move_to(exercise.program_item)
    changemakers.open_exercise(exercise)
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="sv-SE")
    page = context.new_page()
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    log_in(page, asgi_server)
    page.goto(f"{asgi_server}/facilitator/{changemakers.pk}/")
    # What a password manager or a screenshot tool does to a page's fields (CSSOM, allowed).
    page.evaluate(
        "document.querySelectorAll('#live input').forEach(i => { i.style.outlineOffset = '1px'; })"
    )
    card = page.locator("article.exercise-card").filter(has=page.locator("h3", has_text="Övning 4"))
    card.get_by_role("button", name="Stäng").click()
    expect(card.get_by_role("button", name="Öppna igen")).to_be_visible()
    card.get_by_role("button", name="Öppna igen").click()
    expect(card.get_by_role("button", name="Stäng")).to_be_visible()
    page.reload()
    card.get_by_role("button", name="Stäng").click()
    expect(card.get_by_role("button", name="Öppna igen")).to_be_visible()
    assert refused == []
    context.close()
