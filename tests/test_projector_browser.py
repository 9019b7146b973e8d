"""Each projector view in Chromium at 1920×1080 and 1280×720: text ≥ 28 px at full HD, and
everything fits without scrolling at both sizes. Screenshots go to test-artifacts/."""

import pytest
from django.utils.text import Truncator

from exercises.kinds.prompts.models import Reflection
from tests.test_projector import seed_answers, seed_wall, show

# Smallest rendered text size inside #screen, SVG text scaled by its viewBox.
SMALLEST_TEXT = """() => {
  let smallest = 1000;
  const screen = document.getElementById("screen");
  const walker = document.createTreeWalker(screen, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const element = node.parentElement;
    if (!node.textContent.trim() || element.closest(".visually-hidden, title")) continue;
    let size = parseFloat(getComputedStyle(element).fontSize);
    const svg = element.closest("svg");
    if (svg) size *= svg.getScreenCTM().a;
    smallest = Math.min(smallest, size);
  }
  return smallest;
}"""
FITS = """() => {
  const screen = document.getElementById("screen");
  return document.documentElement.scrollHeight <= window.innerHeight + 1
    && screen.scrollHeight <= screen.clientHeight + 1
    && document.documentElement.scrollWidth <= window.innerWidth + 1;
}"""

VIEWS = [
    ("join", ""),
    ("step", ""),
    ("results", "ovning-1"),
    ("results", "ovning-2"),
    ("results", "ovning-3"),
    ("results", "ovning-3:chefer"),
    ("results", "ovning-5"),
    ("results", "lunch"),
    ("postcards", ""),
    ("scenarios", ""),
    ("role", "natverksbyggaren"),
]


@pytest.mark.django_db(transaction=True)
def test_projector_views_legible_and_fitting(asgi_server, browser, changemakers, screenshot):
    seed_answers(changemakers, 16)
    changemakers.exercises.update(results_visible=True)
    Reflection.objects.filter(prompt__key="system").update(featured=False)
    changemakers.open_exercise(changemakers.exercises.get(key="ovning-1"))
    for page, name, width in each_projector_view(browser, asgi_server, changemakers, VIEWS):
        screenshot(page, name)
        assert page.evaluate(FITS), f"{name} does not fit"
        if width == 1920:
            assert page.evaluate(SMALLEST_TEXT) >= 28, f"{name} has text under 28 px"


def each_projector_view(browser, base: str, event, views):
    """The projector in each view, at 1920×1080 and 1280×720: (page, name, width)."""
    url = f"{base}{event.projector_path()}"
    for width, height in [(1920, 1080), (1280, 720)]:
        context = browser.new_context(viewport={"width": width, "height": height}, locale="sv-SE")
        page = context.new_page()
        for view, target in views:
            show(event, view, target)
            page.goto(url)
            page.wait_for_selector("#screen")
            name = f"projector-{view}{'-' + target.replace(':', '-') if target else ''}-{width}"
            yield page, name, width
        context.close()


# Per quadrant: the visible cards' texts, and whether each lies wholly inside its quadrant.
WALL = """() => Array.from(document.querySelectorAll(".scenario-quadrant")).map((quadrant) => {
  const box = quadrant.getBoundingClientRect();
  const shown = Array.from(quadrant.querySelectorAll(".postcard")).filter((c) => c.offsetHeight);
  return {
    texts: shown.map((c) => c.querySelector(".postcard-greeting").textContent),
    inside: shown.every((c) => c.getBoundingClientRect().bottom <= box.bottom + 1),
  };
})"""


@pytest.mark.django_db(transaction=True)
def test_projector_wall_rotates_through_every_postcard(
    asgi_server, browser, changemakers, screenshot
):
    cards = seed_wall(changemakers, 13)
    show(changemakers, "postcards")
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="sv-SE")
    page = context.new_page()
    page.clock.install()
    page.goto(f"{asgi_server}{changemakers.projector_path()}")
    page.wait_for_selector("html[data-screen-live] .postcards.wall-live")  # pushed: the newest
    assert page.evaluate(FITS)
    assert page.evaluate(SMALLEST_TEXT) >= 28
    seen: set[str] = set()
    everything = {Truncator(card.greeting).chars(200) for card in cards}
    # Past the newest it was pushed, the wall fetches the next postcards while a page is up
    # (real time here, while the page's clock is fake: a short real pause per turn).
    for _turn in range(3 * len(cards)):
        quadrant = next(q for q in page.evaluate(WALL) if q["texts"])
        assert quadrant["inside"] and 1 <= len(quadrant["texts"]) < len(cards), (_turn, quadrant)
        seen.update(quadrant["texts"])
        if seen == everything:
            break
        page.clock.run_for(8000)
        page.wait_for_timeout(150)
    # Every postcard comes up (the wall fetches those past the newest it was pushed), its
    # greeting as far as the wall shows it.
    assert seen == everything
    # After the turns: a full-page screenshot resizes the page, and the wall lays out again.
    screenshot(page, "projector-postcards-wall-13-1920")
    context.close()
