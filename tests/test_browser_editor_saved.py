"""A save on the content page brings the organiser back to what they saved (#item-…, #role-…),
far down a long page: the "Sparat" that says it worked is in sight there too, and it does not
hide what was saved."""

import pytest
from playwright.sync_api import expect

from tests.browser_helpers import PHONE, log_in

LAPTOP = {"viewport": {"width": 1366, "height": 900}, "locale": "sv-SE"}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("device", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_the_saved_message_is_in_sight_at_the_saved_item(
    asgi_server, browser, changemakers, device
):
    page = browser.new_context(**device).new_page()
    log_in(page, asgi_server)
    page.goto(f"{asgi_server}/facilitator/{changemakers.pk}/innehall/")
    page.locator("#program select").last.select_option(label="Fika")
    page.get_by_label("Titel", exact=True).last.fill("Eftermiddagsfika")
    page.get_by_role("button", name="Lägg till sist i programmet").click()
    added = page.locator(".editor-program li", has_text="Eftermiddagsfika")
    expect(added).to_be_in_viewport()
    saved = page.locator(".message", has_text="Sparat.")
    expect(saved).to_be_in_viewport()
    message, item = saved.bounding_box(), added.bounding_box()
    assert message["y"] + message["height"] <= item["y"], (message, item)
