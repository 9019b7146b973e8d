"""Whatever participants write stays inside the projector at 1920×1080 and 1280×720: long
featured reflections and lunch answers are clamped with an ellipsis, not run off the screen."""

import pytest

from exercises.kinds.prompts.models import Reflection
from exercises.kinds.registry import kind_of
from tests.test_projector import show
from tests.test_projector_browser import FITS
from workshops.models import add_participant

LONG = ("Jag vill bjuda in fler till samtalet och våga fråga 🌍 varför vi gör som vi gör. " * 24)[
    :1900
]

# Every featured text: inside the viewport, and clamped (its text is longer than its box) with
# the line clamp that draws the "…". The server sends the first 1,000 characters of each (the
# clamp shows far fewer; the pushed frame stays bounded, issue 19).
QUOTES = """() => Array.from(document.querySelectorAll(".featured-quote")).map((quote) => {
  const box = quote.getBoundingClientRect();
  const text = quote.querySelector(".quote-text");
  return {
    inside: box.bottom <= window.innerHeight + 1 && box.right <= window.innerWidth + 1
      && box.top >= 0,
    clamped: text.scrollHeight > text.clientHeight + 1,
    clamp: getComputedStyle(text).webkitLineClamp,
    long: text.textContent.length >= 999,
  };
})"""


def feature(event, key: str, per_prompt: list[int]) -> None:
    exercise = event.exercises.get(key=key)
    prompts = list(exercise.prompts.filter(group=kind_of(exercise).answer_group))
    for prompt, count in zip(prompts, per_prompt, strict=False):
        for index in range(count):
            participant = add_participant(event, "Maximiliana-Kristiina" if index == 0 else "")
            Reflection.objects.create(
                participant=participant, prompt=prompt, text=LONG, featured=True
            )
    exercise.results_visible = True
    exercise.save()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_long_featured_texts_stay_on_the_projector(
    asgi_server, browser, changemakers, screenshot, size
):
    feature(changemakers, "ovning-5", [1, 2, 3, 6])
    feature(changemakers, "lunch", [1, 0, 2, 5])
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height}, locale="sv-SE")
    page = context.new_page()
    for key in ("ovning-5", "lunch"):
        show(changemakers, "results", key)
        page.goto(f"{asgi_server}{changemakers.projector_path()}")
        page.wait_for_selector(".featured-quote")
        screenshot(page, f"projector-long-featured-{key}-{width}")
        assert page.evaluate(FITS)
        quotes = page.evaluate(QUOTES)
        assert len(quotes) == (1 + 2 + 3 + 4 if key == "ovning-5" else 1 + 2 + 4)
        assert all(q["inside"] for q in quotes), quotes
        assert all(q["clamped"] and q["clamp"] != "none" and q["long"] for q in quotes), quotes
    assert page.locator(".level-more").first.is_visible()
    context.close()
