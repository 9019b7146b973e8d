"""The editor's pages (new day, copy, the day's content, an item, an exercise with its kind's
form, who may do what, an item's error) meet WCAG 2.1 AA as the other pages do: axe, control
edges and focus on a laptop; and on a phone, also tap targets and no sideways scrolling."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.a11y import pages_problems
from tests.browser_helpers import PHONE, log_in
from workshops.models import Membership

LAPTOP = {"viewport": {"width": 1366, "height": 768}, "locale": "sv-SE"}


@pytest.mark.django_db(transaction=True)
def test_browser_the_editor_pages_meet_wcag_aa(asgi_server, browser, changemakers):
    event = changemakers
    item = event.program.filter(kind="talk").first()
    reflection = event.exercises.get(key="ovning-5")
    rating = event.exercises.get(kind="rating")
    placement = event.exercises.get(kind="placement")
    postcard = event.exercises.get(kind="postcard")
    tips = event.exercises.get(kind="tips")
    pages = {
        "new-day": "/facilitator/ny-dag/",
        "duplicate": f"/facilitator/{event.pk}/kopiera/",
        "members": f"/facilitator/{event.pk}/medlemmar/",
        "content": f"/facilitator/{event.pk}/innehall/",
        "item": f"/facilitator/{event.pk}/innehall/punkt/{item.pk}/",
        "exercise": f"/facilitator/{event.pk}/innehall/ovning/{reflection.pk}/",
        "rating": f"/facilitator/{event.pk}/innehall/ovning/{rating.pk}/",
        "placement": f"/facilitator/{event.pk}/innehall/ovning/{placement.pk}/",
        "postcard": f"/facilitator/{event.pk}/innehall/ovning/{postcard.pk}/",
        "tips": f"/facilitator/{event.pk}/innehall/ovning/{tips.pk}/",
    }

    def owner(page, size):
        log_in(page, asgi_server, username=f"agare-{size}")
        user = get_user_model().objects.get(username=f"agare-{size}")
        Membership.objects.create(event=event, user=user, role="owner")  # a row on Medlemmar

    def item_error(page, check):
        page.goto(f"{asgi_server}{pages['item']}")
        page.get_by_label("Titel", exact=True).fill("")
        page.get_by_role("button", name="Spara programpunkten").click()
        expect(page.locator(".field-error")).to_be_visible()
        return {"item-error": check(page)}

    sizes = {"laptop": LAPTOP, "phone": PHONE}
    assert pages_problems(browser, asgi_server, pages, sizes, owner, item_error) == ""
