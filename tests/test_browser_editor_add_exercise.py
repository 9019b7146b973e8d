"""A new exercise in Chromium (issue 23): an organiser who never saw a workshop file makes an
empty day, adds a programme item and a Prioritera exercise in it, rewrites its items with its
own form, runs the day to it, and a phone answers it."""

import re

import pytest
from playwright.sync_api import expect

from exercises.kinds.prioritisation.models import Priority
from tests.a11y import phone_problems, screen_problems
from tests.browser_helpers import join_phone, next_item
from tests.factories import FacilitatorFactory
from workshops.models import Event

LAPTOP = {"viewport": {"width": 1920, "height": 1080}, "locale": "sv-SE"}


@pytest.mark.django_db(transaction=True)
def test_an_organiser_adds_a_prioritisation_to_an_empty_day_and_a_phone_answers_it(
    asgi_server, browser, screenshot
):
    FacilitatorFactory(username="agare", is_superuser=False)
    organiser = browser.new_context(**LAPTOP).new_page()
    organiser.goto(f"{asgi_server}/facilitator/")
    organiser.get_by_label("Användarnamn").fill("agare")
    organiser.get_by_label("Lösenord").fill("correct horse battery")
    organiser.get_by_role("button", name="Logga in").click()

    organiser.goto(f"{asgi_server}/facilitator/ny-dag/")
    organiser.get_by_label("Börja från").select_option("tom")
    organiser.get_by_label("Titel").fill("Vår dag")
    organiser.get_by_label("Datum").fill("2027-04-01")
    organiser.get_by_role("button", name=re.compile("Skapa")).click()
    event = Event.objects.get(title="Vår dag")

    organiser.goto(f"{asgi_server}/facilitator/{event.pk}/innehall/")
    new_exercise = organiser.locator("#new-exercise")
    expect(new_exercise).to_contain_text("lägg först till en punkt i programmet")
    new_item = organiser.locator(
        "form", has=organiser.get_by_role("heading", name="Ny programpunkt")
    )
    new_item.get_by_label("Typ").select_option("workshop")
    new_item.get_by_label("Titel").fill("Vad gör vi först?")
    new_item.get_by_role("button", name="Lägg till sist i programmet").click()

    new_exercise.get_by_label("Typ av övning").select_option(label="Prioritera")
    new_exercise.get_by_label("Övningens titel").fill("Vad ska kommunen göra först?")
    new_exercise.get_by_label("Programpunkt").select_option(label="Vad gör vi först?")
    screenshot(organiser, "editor-new-exercise-1920")
    assert screen_problems(organiser) == []
    organiser.set_viewport_size({"width": 390, "height": 844})
    screenshot(organiser, "editor-new-exercise-390")
    assert phone_problems(organiser) == []
    organiser.set_viewport_size(LAPTOP["viewport"])
    new_exercise.get_by_role("button", name="Lägg till övningen").click()

    # Its page, with its kind's form: the two starting items are rewritten, a third added.
    expect(organiser.get_by_role("heading", level=1)).to_have_text(
        "Övning 1: Vad ska kommunen göra först?"
    )
    expect(organiser.get_by_text("Övningen är tillagd.")).to_be_visible()
    organiser.get_by_label("Punkt 1", exact=True).fill("Säkra cykelvägar")
    organiser.get_by_label("Punkt 2", exact=True).fill("Solceller på taken")
    organiser.get_by_label("Ny punkt").fill("Fler träd")
    organiser.get_by_role("button", name="Spara övningens delar").click()
    expect(organiser.get_by_text("Sparat. Telefonerna och projektorn")).to_be_visible()

    phone = join_phone(browser, asgi_server, event, "Ada")
    organiser.goto(f"{asgi_server}/facilitator/{event.pk}/")
    next_item(organiser, "Vad gör vi först?")
    cycle = phone.locator("fieldset.scale").filter(has_text="Säkra cykelvägar")
    expect(cycle).to_be_visible()
    expect(phone.locator("fieldset.scale").filter(has_text="Fler träd")).to_be_visible()
    cycle.get_by_text("6", exact=True).click()
    expect(phone.locator("#left-ovning-1")).to_have_text("4 poäng kvar att ge.")
    expect(phone.get_by_text("Sparat ✓")).to_be_visible()
    screenshot(phone, "editor-new-exercise-phone-390")
    assert list(Priority.objects.values_list("item__text", "value")) == [("Säkra cykelvägar", 6)]
    phone.context.close()
    organiser.context.close()
