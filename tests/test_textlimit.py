"""Text limits count characters as people do (an emoji once), and too long is said, not cut."""

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static

from exercises.kinds.prompts.models import Reflection
from exercises.textlimit import text_length
from tests.participant_helpers import HTMX, answer_url, exercise_url, join, open_exercise

THUMB = "👍🏽"  # two code points, four UTF-16 units: one character to a person
FAMILY = "👨‍👩‍👧"  # five code points joined: one character


@pytest.fixture
def participant(client, changemakers):
    return join(client, changemakers, "Ada")


def test_text_length_counts_characters_as_read():
    assert text_length("Hej") == 3
    assert text_length(THUMB) == 1 and text_length(FAMILY) == 1
    assert text_length("e\u0301") == 1  # e plus a combining accent
    assert text_length("a\r\nb") == 3


def test_two_thousand_emoji_fit_and_one_more_is_said(client, changemakers, participant):
    exercise = open_exercise(changemakers, "ovning-5")
    level = exercise.prompts.filter(group="reflection").first()
    fits = THUMB * 1999 + FAMILY
    client.post(answer_url("ovning-5"), {f"prompt-{level.pk}": fits}, **HTMX)
    assert Reflection.objects.get(prompt=level).text == fits

    response = client.post(answer_url("ovning-5"), {f"prompt-{level.pk}": fits + "!"}, **HTMX)
    html = response.content.decode()
    assert "Texten är 2\xa0001 tecken, 1 för lång (högst 2\xa0000)." in html
    assert "Korta den så sparas den; det du skrev finns kvar här." in html
    assert Reflection.objects.get(prompt=level).text == fits  # the saved text stays


def test_text_fields_show_their_limit_and_have_no_cutting_maxlength(
    client, changemakers, participant
):
    exercise = open_exercise(changemakers, "lunch")
    prompt = exercise.prompts.filter(group="questions").first()
    client.post(answer_url("lunch"), {f"prompt-{prompt.pk}": f"Hej {THUMB}"})
    html = client.get(exercise_url("lunch")).content.decode()
    assert "maxlength" not in html
    assert f'<p class="text-count" id="count-prompt-{prompt.pk}"' in html
    assert "5 av 2\xa0000 tecken" in html
    # The counter's script comes in the phone's bundle.
    assert static("bundles/phone.js") in html
    with open(finders.find("bundles/phone.js"), encoding="utf-8") as bundle:
        assert 'getAttribute("data-count")' in bundle.read()
