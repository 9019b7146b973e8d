"""Any day's shape in Chromium: a rating scale of up to 11 steps on the narrowest phones, and as
many role colours as a day has roles (up to 12)."""

import copy

import pytest
from playwright.sync_api import expect

from exercises.models import Exercise
from tests.browser_helpers import join_phone
from tests.conftest import ARTIFACTS
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
    # The socket's first frame replaces the screen just after the page loads: read the colours
    # once the drawn corners have theirs (in the middle of that swap they read as "").
    fills_drawn = "rects => rects.map(r => getComputedStyle(r).fill)"
    for _try in range(50):
        fills = corners.evaluate_all(fills_drawn)
        if "" not in fills:
            break
        page.wait_for_timeout(100)
    assert len(set(fills)) == 12, fills


ROLE_NAMES = [
    "Visionären",
    "Räknaren",
    "Byggaren",
    "Lyssnaren",
    "Granskaren",
    "Sammankallaren",
    "Den som håller i pengarna",
    "Kommunikatören",
    "Invånarrepresentanten",
    "Nätverksbyggaren",
    "Förvaltningschefen",
    "Ungdomsrådet",
]

# Every text of a corner inside its corner, no two texts of the chart on each other, and the
# counts' digits at least 28 px high on the screen.
ROOM_CHECK = """svg => {
  const inside = (a, b) => a.left >= b.left - 1 && a.right <= b.right + 1 && a.top >= b.top - 1 && a.bottom <= b.bottom + 1;
  const overlap = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  const problems = [];
  const texts = [];
  for (const g of svg.querySelectorAll('g')) {
    const rect = g.querySelector('rect').getBoundingClientRect();
    for (const t of g.querySelectorAll('text')) {
      const box = t.getBoundingClientRect();
      if (!inside(box, rect)) problems.push('outside: ' + t.textContent);
      texts.push([t.textContent, box]);
    }
  }
  for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++)
    if (overlap(texts[i][1], texts[j][1])) problems.push('overprint: ' + texts[i][0] + ' / ' + texts[j][0]);
  const sizes = [...svg.querySelectorAll(".room-count")].map(t => t.getBoundingClientRect().height * 0.84);
  return {problems, smallest: Math.min(...sizes), sizes};
}"""


def room_day(slug: str, corners: int, rounds: int = 3) -> dict:
    data = climate_day(slug)
    if rounds != 3:
        data["exercises"][1]["rounds"] = [
            {
                "key": f"r{n}",
                "short": f"omgång nummer {n}",
                "instruction": f"Ställ dig i ett hörn, omgång {n}.",
                "questions": [],
            }
            for n in range(1, rounds + 1)
        ]
    data["roles"] = [
        {"key": f"roll-{n}", "name": name, "description": "En roll."}
        for n, name in enumerate(ROLE_NAMES[:corners], 1)
    ]
    data["exercises"][0]["abilities"] = [{"name": "Något jag gör", "roles": ["roll-1"]}]
    return data


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("corners", [2, 3, 4, 5, 6, 8, 9, 12])
def test_the_room_stays_legible_for_any_number_of_corners(
    asgi_server, browser, screenshot, corners
):
    from tests.answers import answer_the_day

    event, _created = load_workshop(room_day(f"rum-{corners}", corners))
    answer_the_day(event, participants=9)
    room = event.exercises.get(key="rummet")
    room.rounds_open = 3
    room.results_visible = True
    room.save()
    event.projector_view, event.projector_target = "results", "rummet"
    event.save()
    for width, height in [(1920, 1080), (1280, 720)]:
        page = browser.new_context(viewport={"width": width, "height": height}).new_page()
        page.goto(f"{asgi_server}{event.projector_path()}")
        svg = page.locator("svg.chart-room")
        expect(svg).to_be_visible()
        # The screen swaps in the whole state once its socket connects: measure a settled one.
        page.wait_for_timeout(500)
        for _attempt in range(10):
            found = svg.evaluate(ROOM_CHECK)
            if min(found["sizes"]) > 0:
                break
            page.wait_for_timeout(300)
        assert found["problems"] == [], (width, found["problems"])
        assert found["smallest"] >= 28, (width, found["sizes"])
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        if corners in (4, 6, 12):
            screenshot(page, f"room-{corners}-corners-{width}")
        page.context.close()


SMALLEST_TEXT = """svg => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const sizes = [...svg.querySelectorAll("text")].map((t) => parseFloat(getComputedStyle(t).fontSize));
  return Math.min(...sizes) * scale;
}"""


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("corners", "rounds"), [(6, 3), (12, 10)])
def test_the_reports_rooms_stay_legible_on_a_phone_and_a_laptop(
    asgi_server, browser, corners, rounds
):
    """The report (and the shared results a phone opens): a room per round, each with its
    texts inside their corners and none on another."""
    from tests.answers import answer_the_day
    from tests.browser_helpers import log_in

    event, _created = load_workshop(room_day(f"rapport-{corners}-{rounds}", corners, rounds))
    answer_the_day(event, participants=9)
    for width, height in [(390, 844), (1280, 720)]:
        context = browser.new_context(viewport={"width": width, "height": height}, locale="sv-SE")
        page = context.new_page()
        log_in(page, asgi_server, username=f"leda{width}-{corners}")
        page.goto(f"{asgi_server}/facilitator/{event.pk}/resultat/sammanstallning/")
        rooms = page.locator("svg.chart-room")
        expect(rooms).to_have_count(rounds)
        for index in range(rounds):
            found = rooms.nth(index).evaluate(ROOM_CHECK)
            assert found["problems"] == [], (width, index, found["problems"])
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        # The corners' names as a reader sees them: a room too wide scrolls sideways instead
        # of shrinking them (9 px on a phone with twelve corners).
        assert rooms.first.evaluate(SMALLEST_TEXT) >= 14, width
        page.locator(".report-round").nth(1).screenshot(
            path=str(ARTIFACTS / f"report-room-{corners}-{rounds}-{width}.png")
        )
        page.context.close()
