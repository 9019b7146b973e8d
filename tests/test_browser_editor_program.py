"""The programme's order in Chromium: an item dragged to its place is there on the console too;
moved with the keyboard (its Upp/Ned buttons), it keeps the focus and the page says where it is
now. And the preview of a step shows the phone and the projector in their frames."""

import re

import pytest
from playwright.sync_api import expect

from tests.a11y import pages_problems
from tests.browser_helpers import PHONE, log_in
from tests.factories import QuestionFactory

LAPTOP = {"viewport": {"width": 1366, "height": 900}, "locale": "sv-SE"}


def console_titles(page) -> list[str]:
    return page.locator(".timeline-item .timeline-title").all_inner_texts()


def editor_titles(page) -> list[str]:
    return page.locator(".editor-program li[data-move] .editor-item-text strong").all_inner_texts()


def focused_item(page) -> tuple[str, str]:
    """The id of the programme item holding the focus, and the focused control's text."""
    return tuple(
        page.evaluate(
            "() => [document.activeElement.closest('li')?.id, document.activeElement.textContent]"
        )
    )


@pytest.mark.django_db(transaction=True)
def test_the_programme_is_reordered_by_drag_and_by_keyboard(asgi_server, browser, changemakers):
    page = browser.new_context(**LAPTOP).new_page()
    log_in(page, asgi_server)
    before = list(changemakers.program.values_list("title", flat=True))
    page.goto(f"{asgi_server}/facilitator/{changemakers.pk}/")
    assert console_titles(page) == before

    # Dragged: the first item dropped on the lower half of the third, so after it.
    page.goto(f"{asgi_server}/facilitator/{changemakers.pk}/innehall/")
    first, third = (changemakers.program.all()[index] for index in (0, 2))
    target = page.locator(f"#item-{third.pk}")
    height = target.bounding_box()["height"]
    page.locator(f"#item-{first.pk}").drag_to(
        target,
        source_position={"x": 12, "y": 12},
        target_position={"x": 12, "y": height - 6},
    )
    expect(page.locator("#announcer")).to_have_text(f"{first.title} är nu punkt 3 av 13.")
    dragged = [before[1], before[2], before[0], *before[3:]]
    assert editor_titles(page) == dragged
    page.goto(f"{asgi_server}/facilitator/{changemakers.pk}/")
    assert console_titles(page) == dragged

    # With the keyboard: "Ned" twice, the focus staying on the moved item's button.
    page.goto(f"{asgi_server}/facilitator/{changemakers.pk}/innehall/")
    postcard = changemakers.program.get(exercises__key="ovning-4")
    page.get_by_role("button", name=re.compile(f"^↓ Ned ?: {postcard.title}")).focus()
    page.keyboard.press("Enter")
    expect(page.locator("#announcer")).to_have_text(f"{postcard.title} är nu punkt 8 av 13.")
    assert focused_item(page) == (f"item-{postcard.pk}", f"↓ Ned: {postcard.title}")
    page.keyboard.press("Space")
    expect(page.locator("#announcer")).to_have_text(f"{postcard.title} är nu punkt 9 av 13.")
    assert focused_item(page) == (f"item-{postcard.pk}", f"↓ Ned: {postcard.title}")
    # At the end "Ned" is disabled: the focus goes to the same item's "Upp".
    closing = changemakers.program.last()
    page.get_by_role("button", name=re.compile(f"^↑ Upp ?: {closing.title}")).focus()
    page.keyboard.press("Enter")
    expect(page.locator("#announcer")).to_have_text(f"{closing.title} är nu punkt 12 av 13.")
    page.get_by_role("button", name=re.compile(f"^↓ Ned ?: {closing.title}")).focus()
    page.keyboard.press("Enter")
    expect(page.locator("#announcer")).to_have_text(f"{closing.title} är nu punkt 13 av 13.")
    assert focused_item(page) == (f"item-{closing.pk}", f"↑ Upp: {closing.title}")

    moved = [*dragged[:6], dragged[7], dragged[8], dragged[6], *dragged[9:]]
    assert list(changemakers.program.values_list("title", flat=True)) == moved
    page.reload()
    assert editor_titles(page) == moved
    page.goto(f"{asgi_server}/facilitator/{changemakers.pk}/")
    assert console_titles(page) == moved


@pytest.mark.django_db(transaction=True)
def test_the_preview_shows_the_phone_and_the_projector_in_their_frames(
    asgi_server, browser, changemakers, screenshot
):
    for viewport, name in [({"width": 1920, "height": 1080}, "1920"), (None, "390")]:
        context = browser.new_context(
            viewport=viewport or {"width": 390, "height": 844}, locale="sv-SE"
        )
        page = context.new_page()
        log_in(page, asgi_server, username=f"agare{name}")
        page.goto(f"{asgi_server}/facilitator/{changemakers.pk}/innehall/")
        page.get_by_role("link", name=re.compile("^Förhandsvisa ?: Övning 1")).click()
        phone = page.frame_locator("iframe[title='Förhandsvisning på telefonen']")
        expect(phone.get_by_text("Social förmåga")).to_be_visible()
        projector = page.frame_locator("iframe[title='Förhandsvisning på projektorn']")
        expect(
            projector.get_by_role("heading", name="Övning 1: Skatta dina förmågor")
        ).to_be_visible()
        phone_frame = page.locator("iframe[title='Förhandsvisning på telefonen']").bounding_box()
        assert phone_frame["width"] <= 392
        screenshot(page, f"editor-preview-{name}")
        page.get_by_role("link", name="Övning 2").click()
        expect(phone.get_by_text("trivs bäst").first).to_be_visible()
        expect(projector.get_by_role("heading", name=re.compile("Övning 2"))).to_be_visible()
        context.close()


@pytest.mark.django_db(transaction=True)
def test_browser_the_new_editor_pages_meet_wcag_aa(asgi_server, browser, changemakers):
    """The preview, the removal's confirmation and the table groups' errors, as
    test_browser_editor_a11y checks the editor's other pages."""
    event = changemakers
    talk = event.program.filter(kind="talk").first()
    QuestionFactory(event=event, item=talk)
    workshop = event.program.get(exercises__key="ovning-1")
    lunch = event.program.get(kind="lunch")
    pages = {
        "preview": f"/facilitator/{event.pk}/innehall/punkt/{workshop.pk}/forhandsvisning/",
        "remove": f"/facilitator/{event.pk}/innehall/punkt/{talk.pk}/ta-bort/",
    }

    def groups_error(page, check):
        page.goto(f"{asgi_server}/facilitator/{event.pk}/innehall/punkt/{lunch.pk}/")
        page.get_by_label("…eller antal bord").fill("4")
        page.get_by_role("button", name="Spara programpunkten").click()
        expect(page.locator(".field-error")).to_be_visible()
        return {"groups-error": check(page)}

    def owner(page, size):
        log_in(page, asgi_server, username=f"agare-{size}")

    sizes = {"laptop": LAPTOP, "phone": PHONE}
    assert pages_problems(browser, asgi_server, pages, sizes, owner, groups_error) == ""
