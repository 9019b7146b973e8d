"""Table groups in Chromium: the console forms them, each phone shows its table and companions,
the projector shows the map (legible with 300 participants), the report lists the lunch answers
per table. Screenshots go to test-artifacts/."""

import random

import pytest
from playwright.sync_api import expect

from exercises.models import Rating
from tests.browser_helpers import join_phone, log_in
from tests.test_projector import show
from tests.test_projector_browser import FITS, SMALLEST_TEXT
from workshops.models import Participant


def seat_a_room(event, count: int) -> None:
    """`count` participants who rated Övning 1 (their strongest roles known), fast."""
    last = event.participants.count()
    Participant.objects.bulk_create(
        Participant(event=event, number=last + index + 1, name=random.choice(["Anna", "", "Bo"]))
        for index in range(count)
    )
    abilities = list(event.exercises.get(key="ovning-1").abilities.all())
    rng = random.Random(count)
    Rating.objects.bulk_create(
        Rating(participant=participant, ability=ability, value=rng.randint(1, 5))
        for participant in event.participants.all()
        for ability in abilities
    )


def form_tables(console, base: str, event, rule: str, size: int) -> None:
    """On the console's Bordsgrupper page: the current item, a rule, a size, "Skapa bord"."""
    console.goto(f"{base}/facilitator/{event.pk}/")
    console.get_by_role("link", name="Bordsgrupper").click()
    console.get_by_label(rule).check()
    console.get_by_label("Personer per bord").fill(str(size))
    console.get_by_role("button", name="Skapa bord").click()
    expect(console.get_by_role("heading", name="Förhandsvisning")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_table_map_of_300_is_legible_and_fits(asgi_server, browser, changemakers, screenshot):
    seat_a_room(changemakers, 300)
    lunch = changemakers.program.get(kind="lunch")
    changemakers.go_to(lunch)
    console = browser.new_context(
        viewport={"width": 1440, "height": 900}, locale="sv-SE"
    ).new_page()
    log_in(console, asgi_server)
    form_tables(console, asgi_server, changemakers, "Blandade roller", size=5)
    screenshot(console, "console-tables-preview-1440")
    console.get_by_role("button", name="Skicka till telefonerna och projektorn").click()
    expect(console.get_by_role("heading", name="Skickade bord")).to_be_visible()
    show(changemakers, "step")
    page = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="sv-SE").new_page()
    page.goto(f"{asgi_server}{changemakers.projector_path()}")
    expect(page.locator(".map-table")).to_have_count(60)
    screenshot(page, "projector-tables-300-1920")
    assert page.evaluate(FITS)
    assert page.evaluate(SMALLEST_TEXT) >= 28
    last = page.locator(".map-table").last.bounding_box()
    assert last["y"] + last["height"] <= 1080

    phone = join_phone(browser, asgi_server, changemakers, "Zelda")
    expect(phone.locator("#my-table")).to_be_visible()
    screenshot(phone, "phone-table-390")
