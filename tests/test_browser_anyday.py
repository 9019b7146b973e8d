"""Any day's shape in Chromium: a rating scale of up to 11 steps on the narrowest phones, and as
many role colours as a day has roles (up to 12)."""

import copy

import pytest
from playwright.sync_api import expect

from exercises.models import Exercise
from tests.browser_helpers import join_phone
from tests.participant_helpers import open_exercise
from workshops.loader import DATA_DIR, load_workshop, read_workshop_file

CLIMATE_DAY = DATA_DIR / "klimatdag-exempel.yaml"


def climate_day(slug: str, **scale):
    data = copy.deepcopy(read_workshop_file(CLIMATE_DAY))
    data["event"]["slug"] = slug
    if scale:
        data["exercises"][0]["scale"].update(scale)
    return data


def rows_of_steps(page) -> list[int]:
    """How many steps of the first question's scale sit on each row, top to bottom."""
    boxes = (
        page.locator("fieldset.scale")
        .first.locator("label.scale-option")
        .evaluate_all(
            "labels => labels.map(l => l.getBoundingClientRect()).map(r => [r.top, r.left, r.right])"
        )
    )
    rows: dict[float, int] = {}
    for top, _left, _right in boxes:
        rows[round(top)] = rows.get(round(top), 0) + 1
    return [rows[top] for top in sorted(rows)]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("width", "top", "expected"),
    [
        (320, 10, [6, 5]),  # 0–10: two balanced rows
        (390, 10, [6, 5]),
        (390, 6, [7]),  # 0–6: one row on a common phone (it wrapped "6" alone)
        (320, 6, [4, 3]),
        (320, 4, [5]),
    ],
)
def test_a_scale_fits_one_row_or_wraps_in_balanced_rows(
    asgi_server, browser, screenshot, width, top, expected
):
    event, _created = load_workshop(climate_day(f"skala-{width}-{top}", min=0, max=top))
    page = join_phone(browser, asgi_server, event)
    page.set_viewport_size({"width": width, "height": 800})
    open_exercise(event, "vanor")
    page.reload()
    expect(page.locator("fieldset.scale").first).to_be_visible()
    assert rows_of_steps(page) == expected
    steps = page.locator("fieldset.scale").first.locator("label.scale-option")
    assert all(box["width"] >= 24 for box in (steps.nth(i).bounding_box() for i in range(top + 1)))
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"scale-0-{top}-at-{width}")


@pytest.mark.django_db(transaction=True)
def test_twelve_roles_get_twelve_colours(asgi_server, browser):
    data = climate_day("tolv-roller")
    data["roles"] += [
        {"key": f"roll-{n}", "name": f"Roll {n}", "description": "En roll till."}
        for n in range(7, 13)
    ]
    event, _created = load_workshop(data)
    Exercise.objects.filter(event=event).update(results_visible=True)
    event.projector_view, event.projector_target = "results", "rummet"
    event.save()
    page = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
    page.goto(f"{asgi_server}{event.projector_path()}")
    corners = page.locator("rect.room-corner")
    expect(corners).to_have_count(12)
    fills = corners.evaluate_all("rects => rects.map(r => getComputedStyle(r).fill)")
    assert len(set(fills)) == 12, fills
