"""On a phone: the limit and what is left show while typing, emoji count once, and text over
the limit stays in the field with a clear message instead of being cut."""

import pytest
from playwright.sync_api import expect

from exercises.kinds.prompts.models import Reflection
from tests.browser_helpers import join_phone

THUMB = "👍🏽"


@pytest.mark.django_db(transaction=True)
def test_phone_counts_characters_and_says_when_too_long(
    asgi_server, browser, changemakers, screenshot
):
    lunch = changemakers.exercises.get(key="lunch")
    changemakers.move_to(lunch.program_item)
    changemakers.open_exercise(lunch)
    page = join_phone(browser, asgi_server, changemakers)
    prompt = lunch.prompts.filter(group="questions").first()
    field = page.get_by_label(prompt.text)
    counter = page.locator(f"#count-prompt-{prompt.pk}")
    expect(counter).to_have_text("0 av 2\xa0000 tecken")
    field.press_sequentially(f"Hej {THUMB}")
    expect(counter).to_have_text("5 av 2\xa0000 tecken")
    expect(page.locator("#status-lunch")).to_contain_text("Sparat")

    too_long = "Vi pratade länge. " + THUMB * 1991
    field.fill(too_long)
    field.press("!")
    expect(counter).to_have_text("10 tecken för mycket: korta texten så sparas den")
    expect(page.locator(f"#error-prompt-{prompt.pk}")).to_contain_text(
        "Texten är 2\xa0010 tecken, 10 för lång (högst 2\xa0000)."
    )
    assert field.input_value() == too_long + "!"  # nothing cut
    assert Reflection.objects.get(prompt=prompt).text == f"Hej {THUMB}"
    screenshot(page, "phone-text-too-long")
    field.press("End")
    for _ in range(10):
        field.press("Backspace")
    expect(counter).to_have_text("2\xa0000 av 2\xa0000 tecken")
    expect(page.locator(f"#error-prompt-{prompt.pk}")).to_be_empty()
    page.context.close()
