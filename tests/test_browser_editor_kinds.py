"""A kind's own editor changes its structure in Chromium (issue 23): the organiser adds a round
to Övning 2 and takes a corner out of the room; the corner has a phone's placement, so the page
says what would be lost and asks first; once confirmed, the phone shows the new room."""

import pytest
from playwright.sync_api import expect

from exercises.kinds.placement.models import Placement
from tests.a11y import phone_problems, screen_problems
from tests.browser_helpers import PHONE, join_phone, log_in, place
from tests.factories import FacilitatorFactory
from workshops.loader import DATA_DIR, load_workshop_file
from workshops.models import Membership

LAPTOP = {"viewport": {"width": 1920, "height": 1080}, "locale": "sv-SE"}


@pytest.mark.django_db(transaction=True)
def test_a_round_added_and_a_corner_removed_with_its_placement(asgi_server, browser, screenshot):
    event, _created = load_workshop_file(DATA_DIR / "changemakers-2025-11-04.yaml")
    exercise = event.exercises.get(kind="placement")
    user = FacilitatorFactory(username="agare", is_superuser=False)
    Membership.objects.create(event=event, user=user, role="owner")

    event.open_exercise(exercise)
    phone = join_phone(browser, asgi_server, event, "Ada")
    place(phone, "A", "entreprenoren")
    exercise.close()

    organiser = browser.new_context(**LAPTOP).new_page()
    organiser.goto(f"{asgi_server}/facilitator/")
    organiser.get_by_label("Användarnamn").fill("agare")
    organiser.get_by_label("Lösenord").fill("correct horse battery")
    organiser.get_by_role("button", name="Logga in").click()
    organiser.goto(f"{asgi_server}/facilitator/{event.pk}/innehall/ovning/{exercise.pk}/")
    organiser.get_by_label("Ny runda: med några ord").fill("om ett år")
    organiser.get_by_label("Ny runda: instruktion").fill("Ställ dig där du vill vara om ett år.")
    organiser.get_by_role("checkbox", name="Entreprenören").uncheck()
    organiser.get_by_role("button", name="Spara övningens delar").click()
    alert = organiser.get_by_role("alert")
    expect(alert).to_contain_text("Ändringen raderar 1 placering i hörnet Entreprenören.")
    confirm = organiser.get_by_role("checkbox", name="Ja, ta bort och radera svaren")
    expect(confirm).to_be_visible()
    # The form kept what was written: only the confirmation is missing.
    expect(organiser.get_by_label("Ny runda: instruktion")).to_have_value(
        "Ställ dig där du vill vara om ett år."
    )
    screenshot(organiser, "editor-kind-confirm-1920")
    assert screen_problems(organiser) == []
    organiser.set_viewport_size({"width": 390, "height": 844})
    screenshot(organiser, "editor-kind-confirm-390")
    assert phone_problems(organiser) == []
    assert Placement.objects.count() == 1 and exercise.rounds.count() == 2

    confirm.check()
    organiser.get_by_role("button", name="Spara övningens delar").click()
    expect(organiser.get_by_text("Sparat. Telefonerna och projektorn")).to_be_visible()
    assert Placement.objects.count() == 0
    assert [r.short for r in exercise.rounds.all()][-1] == "om ett år"

    event.open_exercise(exercise)
    for _round in range(2):
        exercise.refresh_from_db()
        exercise.open_next_round()
    phone.reload()
    expect(phone.get_by_text("Ställ dig där du vill vara om ett år.")).to_be_visible()
    expect(phone.locator("input[value=entreprenoren]")).to_have_count(0)
    expect(phone.locator("input[value=tolkaren]")).to_have_count(3)


@pytest.mark.django_db(transaction=True)
def test_the_prioritisation_editor_meets_wcag_aa(asgi_server, browser):
    event, _created = load_workshop_file(DATA_DIR / "klimatdag-exempel.yaml")
    exercise = event.exercises.get(kind="prioritisation")
    found = {}
    for size, options, check in [
        ("laptop", LAPTOP, screen_problems),
        ("phone", PHONE, phone_problems),
    ]:
        page = browser.new_context(**options).new_page()
        log_in(page, asgi_server, username=f"agare-{size}")
        Membership.objects.create(event=event, user_id=page_user(f"agare-{size}"), role="owner")
        page.goto(f"{asgi_server}/facilitator/{event.pk}/innehall/ovning/{exercise.pk}/")
        expect(page.get_by_role("group", name="Så prioriterar deltagarna")).to_be_visible()
        expect(page.get_by_label("Sätt att prioritera")).to_have_value("points")
        found[size] = check(page)
        page.context.close()
    assert found == {"laptop": [], "phone": []}


def page_user(username: str) -> int:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username).pk
