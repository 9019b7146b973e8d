"""A new exercise is added and removed in the browser (issue 23): any registered kind, in a
programme item, starting from its kind's least valid part; a phone gets it when the day reaches
its item and the projector shows it; a removal with answers says what goes and needs a
confirmation; the day's file loads back the same after both."""

import pytest
from django.test import Client
from django.urls import reverse

from exercises.kinds import choices
from exercises.kinds.rating.models import Rating
from exercises.kinds.registry import answered_count
from tests.answers import answer_the_day
from tests.factories import FacilitatorFactory
from tests.participant_helpers import join
from tests.test_editor import field_error
from tests.test_editor_kinds import kind_values, loads_back_the_same, login_owner, save_kind
from tests.test_projector import projector_html, show
from workshops.models import Event, Membership

pytestmark = pytest.mark.django_db

KINDS = [key for key, _name in choices()]


def url(name, event, *args):
    return reverse(f"workshops:{name}", args=[event.pk, *args])


@pytest.fixture
def empty_day(client):
    owner = FacilitatorFactory(is_superuser=False)
    client.force_login(owner)
    values = {"template": "tom", "title": "Ny dag", "date": "2027-03-01", "place": ""}
    assert client.post(reverse("workshops:new_day"), values).status_code == 302
    return Event.objects.get(title="Ny dag")


@pytest.fixture
def owned_changemakers(client, changemakers):
    login_owner(client, changemakers)
    return changemakers


def add_item(client, event, title: str):
    values = {"new-item-kind": "workshop", "new-item-title": title}
    assert client.post(url("add_item", event), values).status_code == 302
    return event.program.get(title=title)


def add_exercise(client, event, kind: str, title: str, item):
    values = {"new-exercise-kind": kind, "new-exercise-title": title, "new-exercise-item": item.pk}
    return client.post(url("add_exercise", event), values)


def added_to_every_kind(client, event):
    """One exercise of every kind, each in its own new item; what the day then shows."""
    facilitator = Client()
    facilitator.force_login(FacilitatorFactory(is_superuser=True))
    phone = Client()
    join(phone, event, "Alva")
    show(event, "step")
    for kind in KINDS:
        item = add_item(client, event, f"Punkt för {kind}")
        response = add_exercise(client, event, kind, f"Ny övning {kind}", item)
        exercise = event.exercises.get(title=f"Ny övning {kind}")
        assert response.status_code == 302
        assert response["Location"] == url("edit_exercise", event, exercise.pk)
        assert exercise.kind == kind and exercise.program_item == item
        page = client.get(response["Location"]).content.decode()
        assert "Övningen är tillagd." in page
        assert "Spara övningens delar" in page  # its kind's own form, to edit it with

        moved = facilitator.post(url("console_move", event), {"item": item.pk})
        assert moved.status_code == 302
        now = phone.get(reverse("workshops:participant_home")).content.decode()
        assert f"Ny övning {kind}" in now, kind
        assert f"/ovning/{exercise.key}/" in now or "<form" in now, kind
        answer_page = phone.get(reverse("exercises:exercise", args=[exercise.key]))
        assert answer_page.status_code == 200 and "<form" in answer_page.content.decode(), kind
        assert f"Ny övning {kind}" in projector_html(Client(), event), kind
    loads_back_the_same(event)


def test_every_kind_is_added_to_a_day_made_from_empty(client, empty_day):
    assert not empty_day.exercises.exists()
    added_to_every_kind(client, empty_day)
    labels = [exercise.label for exercise in empty_day.exercises.all()]
    # Numbered in turn ("Övning 1" …); the lunch is no "Övning" (its kind's name).
    assert labels == [
        "Övning 1",
        "Övning 2",
        "Övning 3",
        "Lunchsamtal",
        *(f"Övning {n}" for n in range(4, len(KINDS))),
    ]


def test_every_kind_is_added_to_the_changemakers_day(client, owned_changemakers):
    before = owned_changemakers.exercises.count()
    added_to_every_kind(client, owned_changemakers)
    assert owned_changemakers.exercises.count() == before + len(KINDS)
    rating = owned_changemakers.exercises.get(title="Ny övning rating")
    assert (rating.number, rating.key, rating.label) == (6, "ovning-6", "Övning 6")
    lunch = owned_changemakers.exercises.get(title="Ny övning lunch")
    assert lunch.number is None and lunch.label == "Lunchsamtal"


def test_the_new_exercise_is_edited_with_its_kinds_form(client, empty_day):
    item = add_item(client, empty_day, "Prioritera")
    add_exercise(client, empty_day, "prioritisation", "Vad först?", item)
    exercise = empty_day.exercises.get()
    values = kind_values(client, exercise)
    assert [item.text for item in exercise.priority_items.all()] == [
        "Första punkten",
        "Andra punkten",
    ]
    assert save_kind(client, exercise, values).status_code == 302
    loads_back_the_same(empty_day)


def test_bad_input_is_told_at_its_field_and_saves_nothing(client, owned_changemakers):
    event = owned_changemakers
    before = event.exercises.count()
    item = event.program.first()
    response = add_exercise(client, event, "rating", "", item)
    assert response.status_code == 400
    assert field_error(response.content.decode(), "får inte vara tom")
    response = client.post(
        url("add_exercise", event),
        {"new-exercise-kind": "kungen", "new-exercise-title": "X", "new-exercise-item": ""},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert field_error(html, "Välj ett giltigt alternativ.")
    assert field_error(html, "Välj vilken programpunkt övningen hör till.")
    response = add_exercise(client, event, "rating", "x" * 301, item)
    assert field_error(response.content.decode(), "högst 300 tecken")
    # From an item's page: its page again, with the error at the field.
    values = {"new-exercise-kind": "rating", "new-exercise-title": "", "from_item": item.pk}
    response = client.post(url("add_exercise", event), values | {"new-exercise-item": item.pk})
    assert response.status_code == 400 and "Programpunkten" in response.content.decode()
    assert event.exercises.count() == before


def test_an_empty_program_asks_for_an_item_first(client, empty_day):
    html = client.get(url("content", empty_day)).content.decode()
    assert "lägg först till en punkt i programmet" in html
    assert "workshopfilen: ladda ned den, ändra den" not in html  # the old note


def test_removing_an_exercise_with_answers_asks_then_removes(client, owned_changemakers):
    event = owned_changemakers
    answer_the_day(event, 3)
    exercise = event.exercises.get(key="ovning-1")
    assert answered_count(exercise) == 3
    asked = client.post(url("remove_exercise", event, exercise.pk))
    html = asked.content.decode()
    assert asked.status_code == 200
    assert "3 deltagares svar på Övning 1" in html and "Ta bort övningen och svaren" in html
    assert event.exercises.filter(pk=exercise.pk).exists()
    receipt = asked.context["receipt"]
    removed = client.post(
        url("remove_exercise", event, exercise.pk), {"confirmed": receipt, "asked": "1"}
    )
    assert removed.status_code == 302
    assert not event.exercises.filter(key="ovning-1").exists()
    assert not Rating.objects.exists()  # its answers went with it
    loads_back_the_same(event)


def test_an_exercise_under_way_is_not_removed(client, owned_changemakers):
    event = owned_changemakers
    exercise = event.exercises.get(key="ovning-1")
    event.open_exercise(exercise)
    response = client.post(url("remove_exercise", event, exercise.pk), follow=True)
    assert "Övningen pågår just nu" in response.content.decode()
    assert event.exercises.filter(pk=exercise.pk).exists()


def test_an_exercise_without_answers_is_removed_at_once(client, empty_day):
    item = add_item(client, empty_day, "Punkt")
    add_exercise(client, empty_day, "reflection", "Vad tar du med dig?", item)
    exercise = empty_day.exercises.get()
    page = client.get(url("remove_exercise", empty_day, exercise.pk)).content.decode()
    assert "Övningen har inga svar" in page
    removed = client.post(url("remove_exercise", empty_day, exercise.pk), follow=True)
    assert "Övning 1 är borttagen." in removed.content.decode()
    assert not empty_day.exercises.exists()
    loads_back_the_same(empty_day)


def test_only_owners_add_and_remove_exercises(client, changemakers):
    facilitator = FacilitatorFactory(is_superuser=False)
    Membership.objects.create(event=changemakers, user=facilitator, role="facilitator")
    client.force_login(facilitator)
    exercise = changemakers.exercises.first()
    item = changemakers.program.first()
    assert add_exercise(client, changemakers, "rating", "X", item).status_code == 403
    assert client.post(url("remove_exercise", changemakers, exercise.pk)).status_code == 403
    assert client.get(url("remove_exercise", changemakers, exercise.pk)).status_code == 403
    assert changemakers.exercises.filter(pk=exercise.pk).exists()


def test_a_roles_key_is_said_to_be_the_files(client, owned_changemakers):
    html = client.get(url("content", owned_changemakers)).content.decode()
    assert "nyckel i filen: natverksbyggaren" in html


def exercise_values(exercise, **changes):
    values = {
        "title": exercise.title,
        "minutes": exercise.minutes or "",
        "instruction": exercise.instruction,
        "notes": exercise.notes,
    }
    return values | changes


def test_an_exercise_moves_to_another_item_and_out_of_the_program(client, owned_changemakers):
    """An exercise left outside the program (its item was removed) gets back into it."""
    event = owned_changemakers
    exercise = event.exercises.get(key="ovning-3")
    fika = event.program.filter(kind="fika").first()
    edit = url("edit_exercise", event, exercise.pk)
    assert client.post(edit, exercise_values(exercise, item="")).status_code == 302
    exercise.refresh_from_db()
    assert exercise.program_item is None
    assert "utanför programmet" in client.get(url("content", event)).content.decode()
    assert client.post(edit, exercise_values(exercise, item=fika.pk)).status_code == 302
    exercise.refresh_from_db()
    assert exercise.program_item == fika
    # A form without the field keeps it where it is.
    assert client.post(edit, exercise_values(exercise, title="Tips")).status_code == 302
    exercise.refresh_from_db()
    assert (exercise.title, exercise.program_item) == ("Tips", fika)
    phone = Client()
    join(phone, event, "Alva")
    event.go_to(fika)
    assert "Tips" in phone.get(reverse("workshops:participant_home")).content.decode()
    loads_back_the_same(event)  # once: the copy's slug is taken after


def test_an_exercise_under_way_does_not_move(client, owned_changemakers):
    event = owned_changemakers
    exercise = event.exercises.get(key="ovning-1")
    event.open_exercise(exercise)
    response = client.post(
        url("edit_exercise", event, exercise.pk), exercise_values(exercise, item="")
    )
    assert response.status_code == 400
    assert field_error(response.content.decode(), "Övningen pågår just nu")
    exercise.refresh_from_db()
    assert exercise.program_item is not None


def test_the_exercises_page_removes_it_too(client, owned_changemakers):
    exercise = owned_changemakers.exercises.get(key="ovning-5")
    page = client.get(url("edit_exercise", owned_changemakers, exercise.pk)).content.decode()
    assert f'action="{url("remove_exercise", owned_changemakers, exercise.pk)}"' in page


def test_an_exercise_the_table_groups_use_is_not_removed(client, owned_changemakers):
    from tests.test_editor_program import item_values

    event = owned_changemakers
    postcard = event.program.get(exercises__key="ovning-4")
    groups = {"rule": "same-corner", "round": "ovning-2:A"}
    client.post(url("edit_item", event, postcard.pk), item_values(postcard, **groups))
    room = event.exercises.get(key="ovning-2")
    response = client.post(url("remove_exercise", event, room.pk), follow=True)
    html = response.content.decode()
    assert "Övning 2 används av annat i dagen och är inte borttagen" in html
    assert "okänd placeringsövning" in html
    assert event.exercises.filter(key="ovning-2").exists()
