"""The editor as an organiser who never saw a workshop file reads it (test client): its words
send them to the right place, not to the file, and every save button says what it saves."""

import re

import pytest
from django.urls import reverse

from tests import test_editor

owner = test_editor.owner  # the fixture: an owner of the Changemakers day, logged in

pytestmark = pytest.mark.django_db


def page(client, name, *args) -> str:
    return client.get(reverse(f"workshops:{name}", args=args)).content.decode()


def test_the_content_page_sends_kind_changes_to_their_form_and_a_new_exercise_to_the_file(
    client,
    owner,
    changemakers,
):
    html = page(client, "content", changemakers.pk)
    assert "görs än så länge i workshopfilen" not in html  # rounds, lists, tips: in the form
    exercises = html[html.index('id="exercises"') :]
    download = reverse("workshops:organiser_results", args=[changemakers.pk]) + "#file-heading"
    assert f'href="{download}"' in exercises


def test_each_kinds_save_button_reads_as_swedish(client, owner, changemakers):
    for exercise in changemakers.exercises.all():
        html = page(client, "edit_exercise", changemakers.pk, exercise.pk)
        buttons = re.findall(r"<button[^>]*>([^<]*)</button>", html)
        assert "Spara övningens delar" in buttons, (exercise.kind, buttons)
        assert f"Spara {exercise.get_kind_display().lower()}" not in buttons
        assert "sparas för sig" in html  # two forms: each saves only its own
