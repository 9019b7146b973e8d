"""Prioritera in a real browser: points given with one thumb and with the keyboard, without
JavaScript too; the projector's totals move as phones answer."""

import pytest
from playwright.sync_api import expect

from exercises.kinds.prioritisation.models import Priority
from tests.a11y import axe_violations
from tests.browser_helpers import PHONE, join_phone
from tests.participant_helpers import exercise_url
from tests.test_projector import show
from workshops.loader import DATA_DIR, load_workshop_file

PROJECTOR = {"viewport": {"width": 1920, "height": 1080}, "locale": "sv-SE"}


def item(page, text: str):
    return page.locator("fieldset.scale").filter(has_text=text)


@pytest.mark.django_db(transaction=True)
def test_browser_points_by_thumb_and_keyboard_reach_the_projector(asgi_server, browser, screenshot):
    event, _created = load_workshop_file(DATA_DIR / "klimatdag-exempel.yaml")
    exercise = event.exercises.get(key="prioritera")
    event.open_exercise(exercise)
    exercise.results_visible = True
    exercise.save()
    show(event, "results", "prioritera")
    projector = browser.new_context(**PROJECTOR).new_page()
    projector.goto(f"{asgi_server}{event.projector_path()}")
    expect(
        projector.locator(".bar-label", has_text="Färre tjänsteresor med flyg (0)")
    ).to_be_attached()

    phone = join_phone(browser, asgi_server, event)
    phone.goto(f"{asgi_server}{exercise_url('prioritera')}")
    expect(phone.locator("#left-prioritera")).to_have_text("10 poäng kvar att ge.")
    # The keyboard: into the first item's choices, three steps right.
    first = item(phone, "Säkra cykelvägar").locator("input").first
    first.focus()
    for _step in range(3):
        phone.keyboard.press("ArrowRight")
    expect(phone.locator("#status-prioritera")).to_have_text("Sparat ✓ 7 poäng kvar att ge.")
    # A thumb: a tap on 6 for the second.
    item(phone, "Mer vegetariskt").get_by_text("6", exact=True).click()
    expect(phone.locator("#left-prioritera")).to_have_text("1 poäng kvar att ge.")
    # Over the points: said at the item; what was given stays.
    solar = item(phone, "Solceller")
    solar.get_by_text("5", exact=True).click()
    expect(solar.locator(".field-errors")).to_contain_text("Du har 1 poäng kvar att ge.")
    screenshot(phone, "prioritisation-phone-390")
    assert axe_violations(phone) == []
    assert sorted(Priority.objects.values_list("value", flat=True)) == [3, 6]

    # The projector's totals moved with the answers, highest first.
    expect(
        projector.locator(".bar-label", has_text="Mer vegetariskt i kommunens kök (1)")
    ).to_be_attached()
    labels = projector.locator(".chart-bars .bar-label").all_text_contents()
    assert labels[:2] == [
        "Mer vegetariskt i kommunens kök (1)",
        "Säkra cykelvägar till skolor och arbetsplatser (1)",
    ]
    screenshot(projector, "prioritisation-projector-1920")
    assert axe_violations(projector) == []
    phone.context.close()
    projector.context.close()


@pytest.mark.django_db(transaction=True)
def test_browser_points_without_javascript(asgi_server, browser):
    event, _created = load_workshop_file(DATA_DIR / "klimatdag-exempel.yaml")
    event.open_exercise(event.exercises.get(key="prioritera"))
    page = browser.new_context(**PHONE, java_script_enabled=False).new_page()
    page.goto(f"{asgi_server}{event.join_path()}")
    page.locator("form button[type=submit]").click()
    page.goto(f"{asgi_server}{exercise_url('prioritera')}")
    item(page, "Solceller").get_by_text("4", exact=True).click()
    item(page, "Färre tjänsteresor").get_by_text("6", exact=True).click()
    page.get_by_role("button", name="Spara").click()
    expect(page.locator("#left-prioritera")).to_have_text("0 poäng kvar att ge.")
    assert sorted(Priority.objects.values_list("value", flat=True)) == [4, 6]
    page.context.close()
