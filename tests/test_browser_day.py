"""The day in Chromium: a facilitator drives it from the console while three phones and a
projector follow it without a reload."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import FacilitatorFactory


def log_in(page, base):
    FacilitatorFactory(username="leda")
    page.goto(f"{base}/facilitator/")
    page.get_by_label("Användarnamn").fill("leda")
    page.get_by_label("Lösenord").fill("correct horse battery")
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", name="Evenemang", exact=True)).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_browser_day_console_projector_and_phones_follow(
    asgi_server, browser, changemakers, screenshot
):
    laptop = browser.new_context(viewport={"width": 1366, "height": 768}, locale="sv-SE")
    console = laptop.new_page()
    log_in(console, asgi_server)
    console.get_by_role("link", name="Öppna konsolen").first.click()
    expect(console.locator("#counters")).to_be_visible()

    room = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="sv-SE")
    projector = room.new_page()
    projector.goto(f"{asgi_server}{changemakers.projector_path()}")
    expect(projector.locator(".join-code")).to_have_text(changemakers.join_code)

    phones = []
    for name in ["Anna", "Bo", ""]:
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="sv-SE")
        phone = context.new_page()
        phone.goto(f"{asgi_server}{changemakers.join_path()}")
        phone.get_by_label("Förnamn (frivilligt)").fill(name)
        phone.locator("form button[type=submit]").click()
        expect(phone.locator("#now")).to_be_visible()
        phones.append(phone)

    # Joins reach the console's counters and the projector without a reload.
    expect(console.locator('[data-counter="joined"]')).to_have_text("3")
    expect(console.locator('[data-counter="connected"]')).to_have_text("3")
    projector.reload()  # joining itself does not push yet; the projector reads the database
    expect(projector.locator('[data-counter="joined"]')).to_have_text("3")

    # The facilitator moves the day on; phones and projector follow.
    console.get_by_role("button", name=re.compile("Nästa punkt")).click()
    expect(console.locator(".timeline-now")).to_contain_text("Teoretisk och forskningsbaserad")
    console.get_by_role("button", name=re.compile("Nästa punkt")).click()
    expect(console.locator(".timeline-now")).to_contain_text("Vilken typ av gränsgångare är du?")
    for phone in phones:
        expect(phone.locator("#now")).to_contain_text("Vilken typ av gränsgångare är du?")
    console.locator("#projector-control").get_by_role("button", name="Aktuellt steg").click()
    expect(projector.locator("#screen h1")).to_contain_text("Skatta dina förmågor")

    # Open Övning 1 and start its timer: the projector counts down from 10:00.
    card = console.locator(".exercise-card", has_text="Övning 1")
    card.get_by_role("button", name="Öppna – Övning 1").click()
    expect(card.locator(".status-open")).to_be_visible()
    card.get_by_role("button", name="Starta – Övning 1").click()
    expect(projector.locator(".timer")).to_have_text(re.compile(r"^(10:00|9:[0-5]\d)$"))
    expect(card.get_by_role("button", name="Pausa – Övning 1")).to_be_visible()

    # Reveal the results: the projector switches to them.
    card.get_by_role("button", name="Visa resultat – Övning 1").click()
    expect(projector.locator("#screen")).to_contain_text("har svarat")
    screenshot(console, "console-1366")
    screenshot(projector, "projector-live-1920")

    # Any item by one click.
    console.locator(".timeline-item", has_text="Vykort från framtiden").get_by_role(
        "button"
    ).click()
    for phone in phones:
        expect(phone.locator("#now")).to_contain_text("Vykort från framtiden")
    for page in [console, projector, *phones]:
        page.context.close()


@pytest.mark.django_db(transaction=True)
def test_browser_projector_reconnects_and_catches_up(asgi_server, browser, changemakers):
    """The server closes the projector's socket; meanwhile the facilitator moves the day on;
    the screen reconnects by itself and shows the new step."""
    room = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="sv-SE")
    projector = room.new_page()
    sockets = []

    def relay(ws):
        server = ws.connect_to_server()
        sockets.append((ws, server))

    projector.route_web_socket(re.compile(r".*/ws/events/.*"), relay)
    changemakers.projector_view = "step"
    changemakers.save()
    projector.goto(f"{asgi_server}{changemakers.projector_path()}")
    expect(projector.locator("#screen h1")).to_have_text("Changemakers")
    assert len(sockets) == 1

    laptop = browser.new_context(locale="sv-SE")
    console = laptop.new_page()
    log_in(console, asgi_server)
    sockets[0][0].close(code=1012, reason="server restart")  # the server went away
    console.goto(f"{asgi_server}/facilitator/{changemakers.pk}/")
    console.get_by_role("button", name=re.compile("Nästa punkt")).click()
    expect(console.locator(".timeline-now")).to_contain_text("Teoretisk och forskningsbaserad")

    expect(projector.locator("#screen h1")).to_contain_text("Teoretisk och forskningsbaserad")
    assert len(sockets) >= 2  # it reconnected
    room.close()
    laptop.close()
