"""The editor as an organiser who never saw a workshop file reads it (test client): its words
send them to the right place, not to the file, and every save button says what it saves."""

import re

import pytest
from django.urls import reverse

from tests import test_editor
from tests.factories import FacilitatorFactory
from tests.test_editor import field_error
from workshops.models import Event, Membership

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
    download = reverse("workshops:organiser_workshop_file", args=[changemakers.pk])
    assert f'href="{download}" download>Ladda ned workshopfilen</a>' in exercises


def test_each_kinds_save_button_reads_as_swedish(client, owner, changemakers):
    for exercise in changemakers.exercises.all():
        html = page(client, "edit_exercise", changemakers.pk, exercise.pk)
        buttons = re.findall(r"<button[^>]*>([^<]*)</button>", html)
        assert "Spara övningens delar" in buttons, (exercise.kind, buttons)
        assert f"Spara {exercise.get_kind_display().lower()}" not in buttons
        assert "sparas för sig" in html  # two forms: each saves only its own


def test_a_file_whose_day_exists_asks_for_a_short_name_instead_of_a_page_they_may_not_see(
    client, changemakers
):
    """An organiser who is no member of the shipped day uploads its file again: the form says
    at its short-name field what to do, instead of sending them to that day's console (a 403)."""
    client.force_login(FacilitatorFactory(is_superuser=False))
    response = client.post(
        reverse("workshops:event_create"), {"workshop_file": "changemakers-2025-11-04.yaml"}
    )
    assert response.status_code == 400
    assert field_error(response.content.decode(), "Skriv ett kortnamn")
    assert Event.objects.count() == 1
    created = client.post(
        reverse("workshops:event_create"),
        {"workshop_file": "changemakers-2025-11-04.yaml", "slug": "andra-dagen"},
    )
    assert created.status_code == 302
    assert client.get(created["Location"]).status_code == 200


def test_a_co_facilitator_not_invited_yet_is_told_whom_to_ask(client, changemakers):
    """An account made for a co-facilitator logs in before anyone invited it: still a 403, but
    one that says what to do, with the username the owner will need."""
    moderator = FacilitatorFactory(username="moa", is_staff=False)
    client.force_login(moderator)
    response = client.get(reverse("workshops:event_list"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Ditt konto (moa) har inga evenemang än" in html
    assert "bjuda in dig under Vem får göra vad" in html
    Membership.objects.create(event=changemakers, user=moderator, role="moderator")
    assert client.get(reverse("workshops:event_list")).status_code == 200


def test_a_new_day_says_where_its_content_is_changed_and_the_events_list_links_there(client):
    organiser = FacilitatorFactory(is_superuser=False)
    client.force_login(organiser)
    response = client.post(
        reverse("workshops:new_day"),
        {"template": "halvdag-exempel.yaml", "title": "Lerum", "date": "2026-10-01"},
        follow=True,
    )
    assert "ändrar du under Dagens innehåll" in response.content.decode()
    event = Event.objects.get(title="Lerum")
    content = reverse("workshops:content", args=[event.pk])
    assert f'href="{content}"' in page(client, "event_list")
    moderator = FacilitatorFactory(is_staff=False)
    Membership.objects.create(event=event, user=moderator, role="moderator")
    client.force_login(moderator)
    assert f'href="{content}"' not in page(client, "event_list")


def test_each_round_shows_the_key_its_moves_are_written_with(client, owner, changemakers):
    room = changemakers.exercises.get(kind="placement")
    html = page(client, "edit_exercise", changemakers.pk, room.pk)
    legends = re.findall(r"<legend>([^<]*)</legend>", html)
    for number, placement_round in enumerate(room.rounds.all(), start=1):
        assert f"Runda {number} (nyckel {placement_round.key})" in legends, legends
    assert "Två rundors nycklar per rad" in html


def test_a_refused_account_can_log_out_from_the_403_page(client, changemakers):
    client.force_login(FacilitatorFactory(username="moa", is_staff=False))
    html = client.get(reverse("workshops:event_list")).content.decode()
    assert f'action="{reverse("logout")}"' in html
    assert "Logga ut" in html


def test_a_moderator_sees_the_tables_without_a_button_that_would_refuse_them(client, changemakers):
    """A moderator may look at Bordsgrupper but not make tables: no "Skapa bord" that answers
    403 without a word, and the page says who makes them."""
    moderator = FacilitatorFactory(is_staff=False)
    Membership.objects.create(event=changemakers, user=moderator, role="moderator")
    client.force_login(moderator)
    tables = reverse("seating:console", args=[changemakers.pk])
    html = client.get(tables).content.decode()
    assert "Skapa bord" not in html
    assert "Borden skapas och skickas av dagens facilitator eller ägare" in html
    assert client.post(reverse("seating:form", args=[changemakers.pk])).status_code == 403
    client.force_login(FacilitatorFactory())
    assert "Skapa bord" in client.get(tables).content.decode()


def test_a_new_role_without_a_key_gets_one_from_its_name(client, owner, changemakers):
    """The key is the file's; an organiser who never saw the file writes only the name."""
    response = client.post(
        reverse("workshops:add_role", args=[changemakers.pk]),
        {"new-role-key": "", "new-role-name": "Påverkaren", "new-role-description": "Driver."},
    )
    assert response.status_code == 302
    assert changemakers.roles.get(name="Påverkaren").key == "paverkaren"
