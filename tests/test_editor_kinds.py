"""Each kind's own editor form changes its structure, not only its words (issue 23): rounds and
corners, tip lists, categories and tips, scenarios' places and the postcard's fields, prompts,
prioritisation items. What the organiser saves is what phones and the projector then show; an
invalid change is told at its field and saves nothing; a removal that takes answers with it
says what would be lost and needs a confirmation; the edited day's file loads back the same."""

import pytest
from django.test import Client
from django.urls import reverse

from exercises.kinds.placement.models import Placement
from tests.factories import FacilitatorFactory, ParticipantFactory
from tests.participant_helpers import exercise_url, join, open_exercise
from tests.test_editor import field_error
from tests.test_projector import projector_html, show
from workshops.loader import load_workshop, parse_workshop_bytes
from workshops.models import Membership
from workshops.workshop_file import workshop_data, workshop_yaml

pytestmark = pytest.mark.django_db

CONFIRM = "Ja, ta bort och radera svaren"


def login_owner(client, event):
    user = FacilitatorFactory(is_superuser=False)
    Membership.objects.create(event=event, user=user, role="owner")
    client.force_login(user)


@pytest.fixture
def owner(client, changemakers):
    login_owner(client, changemakers)


def url(name, event, *args):
    return reverse(f"workshops:{name}", args=[event.pk, *args])


def kind_values(client, exercise) -> dict:
    """What the kind's editor form posts when nothing is changed."""
    page = client.get(url("edit_exercise", exercise.event, exercise.pk))
    form = page.context["kind_form"]
    values = {}
    for name, field in form.fields.items():
        initial = form.initial.get(name, field.initial)
        if initial not in (None, False, ""):
            values[f"kind-{name}"] = initial
    return values


def save_kind(client, exercise, values):
    return client.post(url("edit_exercise_kind", exercise.event, exercise.pk), values)


def phone_page(event, key: str) -> str:
    phone = Client()
    join(phone, event, "Alva")
    return phone.get(exercise_url(key)).content.decode()


def loads_back_the_same(event):
    again, _created = load_workshop(parse_workshop_bytes(workshop_yaml(event).encode()), slug="x")
    data, data_again = workshop_data(event), workshop_data(again)
    data_again["event"]["slug"] = data["event"]["slug"]
    assert data_again == data


def place(event, placement_round, role_key: str, count: int = 1) -> None:
    for _number in range(count):
        Placement.objects.create(
            participant=ParticipantFactory(event=event),
            round=placement_round,
            role=event.roles.get(key=role_key),
        )


# --- Övning 2: rounds and corners ---


def test_rounds_and_corners_are_added_and_removed(client, owner, changemakers):
    client.post(
        url("add_role", changemakers),
        {
            "new-role-key": "visionaren",
            "new-role-name": "Visionären",
            "new-role-description": "Ser",
        },
    )
    exercise = changemakers.exercises.get(kind="placement")
    first, second = exercise.rounds.all()
    place(changemakers, first, "tolkaren")  # the corners kept keep their placements
    values = kind_values(client, exercise)
    values |= {
        f"kind-remove-{second.pk}": "on",
        "kind-new_short": "om ett år",
        "kind-new_instruction": "Ställ dig där du vill vara om ett år.",
        "kind-new_questions": "Vad krävs?\nVem hjälper dig?",
        "kind-corners": ["natverksbyggaren", "tolkaren", "visionaren"],
    }
    response = save_kind(client, exercise, values)
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert [r.key for r in exercise.rounds.all()] == ["A", "C"]
    open_exercise(changemakers, exercise.key)
    exercise.refresh_from_db()
    exercise.open_next_round()
    phone = phone_page(changemakers, exercise.key)
    assert "Ställ dig där du vill vara om ett år." in phone
    assert second.instruction not in phone
    assert 'value="visionaren"' in phone and 'value="tolkaren"' in phone
    assert 'value="entreprenoren"' not in phone and 'value="koordineraren"' not in phone
    assert first.placements.count() == 1
    changemakers.exercises.filter(pk=exercise.pk).update(results_visible=True)
    show(changemakers, "results", exercise.key)
    projector = projector_html(Client(), changemakers)
    assert "Visionären" in projector and "Entreprenören" not in projector
    loads_back_the_same(changemakers)


def test_a_round_or_corner_with_placements_is_removed_only_once_confirmed(
    client, owner, changemakers
):
    exercise = changemakers.exercises.get(kind="placement")
    first, second = exercise.rounds.all()
    place(changemakers, second, "entreprenoren", 3)
    place(changemakers, first, "koordineraren", 2)
    before = workshop_data(changemakers)
    values = kind_values(client, exercise) | {
        f"kind-remove-{second.pk}": "on",
        "kind-corners": ["natverksbyggaren", "entreprenoren", "tolkaren"],
    }
    response = save_kind(client, exercise, values)
    html = response.content.decode()
    assert response.status_code == 400
    assert "3 deltagares placeringar i runda 2" in html
    assert "2 placeringar i hörnet Koordineraren" in html
    assert CONFIRM in html
    assert workshop_data(changemakers) == before and Placement.objects.count() == 5
    response = save_kind(client, exercise, values | {"kind-confirm_loss": "on"})
    assert response.status_code == 302
    assert [r.key for r in exercise.rounds.all()] == ["A"]
    assert Placement.objects.count() == 0
    loads_back_the_same(changemakers)


def test_an_open_exercise_loses_no_placements_even_if_confirmed(client, owner, changemakers):
    exercise = open_exercise(changemakers, "ovning-2")
    second = exercise.rounds.all()[1]
    place(changemakers, second, "entreprenoren")
    values = kind_values(client, exercise) | {f"kind-remove-{second.pk}": "on"}
    response = save_kind(client, exercise, values | {"kind-confirm_loss": "on"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Övningen pågår just nu: stäng den först." in html and CONFIRM not in html
    assert exercise.rounds.count() == 2 and Placement.objects.count() == 1


def test_a_wrong_round_or_corner_is_told_at_its_field(client, owner, changemakers):
    exercise = changemakers.exercises.get(kind="placement")
    before = workshop_data(changemakers)
    values = kind_values(client, exercise)
    response = save_kind(client, exercise, values | {"kind-new_short": "sedan"})
    assert response.status_code == 400
    assert field_error(response.content.decode(), "får inte vara tom")
    response = save_kind(client, exercise, values | {"kind-corners": ["tolkaren"]})
    assert field_error(response.content.decode(), "minst 2 behövs")
    response = save_kind(client, exercise, values | {"kind-moves": "A Q"})
    assert field_error(response.content.decode(), "okänd runda 'Q'")
    assert workshop_data(changemakers) == before


# --- Lunch prompts and reflection levels ---


def test_a_prompt_with_answers_is_removed_with_them_once_confirmed(client, owner, changemakers):
    from exercises.kinds.prompts.models import Reflection

    exercise = changemakers.exercises.get(kind="lunch")
    first = exercise.prompts.filter(group="questions").first()
    Reflection.objects.create(
        participant=ParticipantFactory(event=changemakers), prompt=first, text="Soppa"
    )
    values = kind_values(client, exercise) | {f"kind-remove-{first.key}": "on", "kind-new": "Och?"}
    html = save_kind(client, exercise, values).content.decode()
    assert f"Ändringen raderar 1 svar på ”{first.text[:20]}" in html and CONFIRM in html
    assert Reflection.objects.count() == 1
    assert save_kind(client, exercise, values | {"kind-confirm_loss": "on"}).status_code == 302
    assert Reflection.objects.count() == 0
    texts = list(exercise.prompts.filter(group="questions").values_list("text", flat=True))
    assert first.text not in texts and texts[-1] == "Och?"
    open_exercise(changemakers, exercise.key)
    phone = phone_page(changemakers, exercise.key)
    assert "Och?" in phone and first.text not in phone
    loads_back_the_same(changemakers)


# --- Prioritera: items, mode and points ---


@pytest.fixture
def climate_day(client):
    from workshops.loader import DATA_DIR, load_workshop_file

    event, _created = load_workshop_file(DATA_DIR / "klimatdag-exempel.yaml")
    login_owner(client, event)
    return event


def give_points(event, exercise, points: dict[str, int]):
    from exercises.kinds.prioritisation.models import Priority

    participant = ParticipantFactory(event=event)
    for key, value in points.items():
        Priority.objects.create(
            participant=participant, item=exercise.priority_items.get(key=key), value=value
        )


def test_prioritisation_items_are_added_renamed_and_removed(client, climate_day):
    exercise = climate_day.exercises.get(kind="prioritisation")
    items = {item.key: item for item in exercise.priority_items.all()}
    page = client.get(url("edit_exercise", climate_day, exercise.pk)).content.decode()
    assert "Ny punkt" in page and "ändras än så länge i workshopfilen" not in page
    values = kind_values(client, exercise) | {
        f"kind-text-{items['mat'].pk}": "Mer vegetariskt i skolans kök",
        f"kind-remove-{items['resor'].pk}": "on",
        "kind-new": "Fler träd i stan",
        "kind-points": "5",
    }
    response = save_kind(client, exercise, values)
    assert response.status_code == 302, response.content.decode()[-3000:]
    open_exercise(climate_day, exercise.key)
    phone = phone_page(climate_day, exercise.key)
    assert "Mer vegetariskt i skolans kök" in phone and "Fler träd i stan" in phone
    assert "Färre tjänsteresor med flyg" not in phone
    give_points(climate_day, exercise, {"fler-trad-i-stan": 5, "cykel": 3})
    climate_day.exercises.filter(pk=exercise.pk).update(results_visible=True)
    show(climate_day, "results", exercise.key)
    projector = projector_html(Client(), climate_day)
    assert "Fler träd i stan" in projector and "Färre tjänsteresor med flyg" not in projector
    spec = next(e for e in workshop_data(climate_day)["exercises"] if e["key"] == exercise.key)
    assert spec["points"] == 5 and spec["items"][-1] == {
        "key": "fler-trad-i-stan",
        "text": "Fler träd i stan",
    }
    loads_back_the_same(climate_day)


def test_a_wrong_prioritisation_is_told_at_its_field(client, climate_day):
    exercise = climate_day.exercises.get(kind="prioritisation")
    before = workshop_data(climate_day)
    values = kind_values(client, exercise)
    response = save_kind(client, exercise, values | {"kind-points": "11"})
    assert response.status_code == 400
    assert field_error(response.content.decode(), "högst 10")
    first = exercise.priority_items.first()
    response = save_kind(client, exercise, values | {f"kind-text-{first.pk}": ""})
    assert field_error(response.content.decode(), "får inte vara tom")
    assert workshop_data(climate_day) == before


def test_an_item_or_a_mode_with_answers_changes_only_once_confirmed(client, climate_day):
    from exercises.kinds.prioritisation.models import Priority

    exercise = climate_day.exercises.get(kind="prioritisation")
    give_points(climate_day, exercise, {"cykel": 6, "mat": 4})
    give_points(climate_day, exercise, {"cykel": 3})
    cykel = exercise.priority_items.get(key="cykel")
    values = kind_values(client, exercise)
    html = save_kind(client, exercise, values | {f"kind-remove-{cykel.pk}": "on"}).content.decode()
    assert "2 deltagares prioriteringar av ”Säkra cykelvägar" in html and CONFIRM in html
    html = save_kind(client, exercise, values | {"kind-points": "5"}).content.decode()
    assert "1 deltagare har redan gett fler än 5 poäng. Inget är ändrat." in html
    assert CONFIRM not in html
    html = save_kind(client, exercise, values | {"kind-mode": "rank"}).content.decode()
    assert "2 deltagares prioriteringar (sättet att prioritera byts)" in html
    assert Priority.objects.count() == 3
    confirmed = values | {f"kind-remove-{cykel.pk}": "on", "kind-confirm_loss": "on"}
    assert save_kind(client, exercise, confirmed).status_code == 302
    assert list(Priority.objects.values_list("item__key", "value")) == [("mat", 4)]
    confirmed = values | {"kind-mode": "rank", "kind-confirm_loss": "on"}
    assert save_kind(client, exercise, confirmed).status_code == 302
    assert Priority.objects.count() == 0
    loads_back_the_same(climate_day)


# --- Övning 3: tip lists, categories and tips ---


def tips_page(event, exercise, list_key: str) -> str:
    phone = Client()
    join(phone, event, "Alva")
    return phone.get(exercise_url(exercise.key) + f"?lista={list_key}").content.decode()


def test_tip_lists_categories_and_tips_are_added_renamed_and_removed(client, owner, changemakers):
    exercise = changemakers.exercises.get(kind="tips")
    first_list = exercise.tip_lists.first()
    removed, kept = first_list.tips.all()[:2]
    category_key, _name = first_list.categories[0]
    values = kind_values(client, exercise) | {
        f"kind-remove-{removed.pk}": "on",
        f"kind-category-{first_list.pk}-{category_key}": "Arbetssätt",
        f"kind-new_category-{first_list.pk}": "Samarbeten",
        "kind-new_list_title": "Tips för dig som är medborgare",
        "kind-new_list_short_title": "Medborgare",
        "kind-new_list_categories": "Vardag\nFritid",
    }
    response = save_kind(client, exercise, values)
    assert response.status_code == 302, response.content.decode()[-3000:]
    new_list = exercise.tip_lists.last()
    assert (new_list.key, new_list.categories) == (
        "medborgare",
        [["vardag", "Vardag"], ["fritid", "Fritid"]],
    )
    values = kind_values(client, exercise) | {
        f"kind-new_tip_category-{new_list.pk}": "fritid",
        f"kind-new_tip_phrase-{new_list.pk}": "grannar",
        f"kind-new_tip_text-{new_list.pk}": "Bjud in dina grannar till en städdag.",
    }
    assert save_kind(client, exercise, values).status_code == 302
    open_exercise(changemakers, exercise.key)
    phone = tips_page(changemakers, exercise, "medborgare")
    assert "Medborgare" in phone and "<strong>grannar</strong>" in phone and "Fritid" in phone
    phone = tips_page(changemakers, exercise, first_list.key)
    assert "Arbetssätt" in phone and kept.key_phrase in phone
    assert f'value="{removed.pk}"' not in phone
    loads_back_the_same(changemakers)


def test_a_wrong_tip_is_told_at_its_field(client, owner, changemakers):
    exercise = changemakers.exercises.get(kind="tips")
    first_list = exercise.tip_lists.first()
    before = workshop_data(changemakers)
    values = kind_values(client, exercise)
    response = save_kind(
        client,
        exercise,
        values
        | {
            f"kind-new_tip_phrase-{first_list.pk}": "grannar",
            f"kind-new_tip_text-{first_list.pk}": "Bjud in till en städdag.",
        },
    )
    assert response.status_code == 400
    assert field_error(response.content.decode(), "key_phrase 'grannar' står inte i text")
    used = first_list.tips.first().category
    response = save_kind(
        client, exercise, values | {f"kind-remove_category-{first_list.pk}-{used}": "on"}
    )
    assert field_error(response.content.decode(), f"okänd kategori '{used}'")
    response = save_kind(client, exercise, values | {"kind-new_list_title": "Tips för alla"})
    assert field_error(response.content.decode(), "får inte vara tom")
    assert workshop_data(changemakers) == before


def test_a_tip_or_list_with_answers_is_removed_only_once_confirmed(client, owner, changemakers):
    from exercises.kinds.tips.models import TipChoice, TipTick

    exercise = changemakers.exercises.get(kind="tips")
    first_list, second_list = exercise.tip_lists.all()[:2]
    tip = first_list.tips.first()
    participant = ParticipantFactory(event=changemakers)
    TipTick.objects.create(participant=participant, tip=tip)
    TipChoice.objects.create(participant=participant, exercise=exercise, tip_list=second_list)
    TipTick.objects.create(participant=participant, tip=second_list.tips.first())
    values = kind_values(client, exercise) | {
        f"kind-remove-{tip.pk}": "on",
        f"kind-remove_list-{second_list.pk}": "on",
    }
    html = save_kind(client, exercise, values).content.decode()
    assert f"1 kryss på tipset ”{tip.key_phrase}”" in html
    assert f"1 val och 1 kryss i listan {second_list.short_title}" in html and CONFIRM in html
    assert TipTick.objects.count() == 2 and exercise.tip_lists.count() == 3
    assert save_kind(client, exercise, values | {"kind-confirm_loss": "on"}).status_code == 302
    assert TipTick.objects.count() == 0 and TipChoice.objects.count() == 0
    assert exercise.tip_lists.count() == 2
    loads_back_the_same(changemakers)


# --- Övning 4: scenarios' places and the postcard's fields ---


def test_scenarios_move_and_postcard_fields_are_removed_and_added(client, owner, changemakers):
    exercise = changemakers.exercises.get(kind="postcard")
    first, third = exercise.scenarios.get(number=1), exercise.scenarios.get(number=3)
    feeling = "Hur känns livet i allmänhet?"
    values = kind_values(client, exercise) | {
        f"kind-horizontal-{first.pk}": "low",
        f"kind-horizontal-{third.pk}": "high",
        "kind-remove-feeling": "on",
    }
    response = save_kind(client, exercise, values)
    assert response.status_code == 302, response.content.decode()[-3000:]
    open_exercise(changemakers, exercise.key)
    phone = phone_page(changemakers, exercise.key)
    # Top left is high on the vertical axis, low on the horizontal: scenario 1's place now.
    assert phone.index('for="scenario-1"') < phone.index('for="scenario-3"')
    assert feeling not in phone
    values = kind_values(client, exercise) | {
        "kind-new_key": "feeling",
        "kind-new_label": "Hur mår du i framtiden?",
    }
    assert save_kind(client, exercise, values).status_code == 302
    phone = phone_page(changemakers, exercise.key)
    assert "Hur mår du i framtiden?" in phone
    assert phone.index("Hur mår du i framtiden?") > phone.index("Vilken hälsning vill du skicka")
    loads_back_the_same(changemakers)


def test_a_field_with_answers_is_removed_only_once_confirmed(client, owner, changemakers):
    from exercises.kinds.postcard.models import Postcard

    exercise = changemakers.exercises.get(kind="postcard")
    postcard = Postcard.objects.create(
        participant=ParticipantFactory(event=changemakers),
        exercise=exercise,
        scenario=exercise.scenarios.first(),
        feeling="Lugnt",
        greeting="Hej",
        year=2040,
    )
    values = kind_values(client, exercise) | {"kind-remove-feeling": "on", "kind-remove-year": "on"}
    html = save_kind(client, exercise, values).content.decode()
    assert (
        "Ändringen raderar det som 1 vykort har i fältet år, "
        "det som 1 vykort har i fältet livet i allmänhet." in html
    )
    assert CONFIRM in html
    postcard.refresh_from_db()
    assert (postcard.feeling, postcard.year) == ("Lugnt", 2040)
    assert save_kind(client, exercise, values | {"kind-confirm_loss": "on"}).status_code == 302
    postcard.refresh_from_db()
    assert (postcard.feeling, postcard.year, postcard.greeting) == ("", None, "Hej")


def test_two_scenarios_in_one_place_are_told_at_the_field(client, owner, changemakers):
    exercise = changemakers.exercises.get(kind="postcard")
    first = exercise.scenarios.get(number=1)
    before = workshop_data(changemakers)
    values = kind_values(client, exercise)
    response = save_kind(client, exercise, values | {f"kind-horizontal-{first.pk}": "low"})
    assert response.status_code == 400
    assert field_error(response.content.decode(), "två scenarier på samma plats i fyrfältaren")
    exercise.prompts.filter(key="feeling").delete()  # a field it does not ask yet
    values = kind_values(client, exercise)
    response = save_kind(client, exercise, values | {"kind-new_label": "Vad äter du?"})
    assert response.status_code == 400
    assert field_error(response.content.decode(), "Välj vilket fält frågan hör till.")
    before = workshop_data(changemakers)
    response = save_kind(client, exercise, values | {"kind-new_key": "feeling"})
    assert field_error(response.content.decode(), "får inte vara tom")
    assert workshop_data(changemakers) == before


def test_the_confirmation_speaks_english_too(client, owner, changemakers):
    client.cookies["django_language"] = "en"
    exercise = changemakers.exercises.get(kind="placement")
    second = exercise.rounds.all()[1]
    place(changemakers, second, "entreprenoren", 3)
    values = kind_values(client, exercise) | {f"kind-remove-{second.pk}": "on"}
    html = save_kind(client, exercise, values).content.decode()
    assert "The change deletes 3 participants&#x27; places in round 2." in html
    assert "Yes, remove it and delete the answers" in html
    exercise = changemakers.exercises.get(kind="tips")
    tip_list = exercise.tip_lists.first()
    assert (
        f"{tip_list.short_title}, new tip: key phrase"
        in client.get(url("edit_exercise", changemakers, exercise.pk)).content.decode()
    )


def test_prioritisation_editor_speaks_english_too(client, climate_day):
    client.cookies["django_language"] = "en"
    exercise = climate_day.exercises.get(kind="prioritisation")
    give_points(climate_day, exercise, {"cykel": 6})
    page = client.get(url("edit_exercise", climate_day, exercise.pk)).content.decode()
    assert "How to prioritise" in page and "New item" in page
    cykel = exercise.priority_items.get(key="cykel")
    values = kind_values(client, exercise) | {f"kind-remove-{cykel.pk}": "on"}
    html = save_kind(client, exercise, values).content.decode()
    assert "1 participant&#x27;s priority for “Säkra cykelvägar" in html


def test_removing_every_round_is_told_at_the_new_round(client, owner, changemakers):
    exercise = changemakers.exercises.get(kind="placement")
    values = kind_values(client, exercise)
    values |= {f"kind-remove-{r.pk}": "on" for r in exercise.rounds.all()}
    response = save_kind(client, exercise, values)
    assert response.status_code == 400
    assert field_error(response.content.decode(), "minst 1 behövs")
    assert exercise.rounds.count() == 2


HOSTILE = ["", "x" * 5000, "a\x00b", "99999", "A B ²"]


def test_no_kind_editor_answers_hostile_input_with_a_500(client, owner, changemakers):
    from workshops.loader import DATA_DIR, load_workshop_file

    climate, _created = load_workshop_file(DATA_DIR / "klimatdag-exempel.yaml")
    Membership.objects.create(event=climate, user=changemakers.memberships.get().user, role="owner")
    exercises = [*changemakers.exercises.all(), climate.exercises.get(kind="prioritisation")]
    for exercise in exercises:
        values = kind_values(client, exercise)
        form = client.get(url("edit_exercise", exercise.event, exercise.pk)).context["kind_form"]
        names = [n for n in form.fields if n.startswith("new") or n.startswith("remove")]
        names = names[:6] + [n for n in form.fields if n not in names][:4]
        for name in names:
            for value in HOSTILE:
                response = save_kind(client, exercise, values | {f"kind-{name}": value})
                assert response.status_code in (302, 400), (exercise.kind, name, value)
        everything = {f"kind-{n}": "on" for n in form.fields if n.startswith("remove")}
        for confirm in ({}, {"kind-confirm_loss": "on"}):
            response = save_kind(client, exercise, values | everything | confirm)
            assert response.status_code in (302, 400), (exercise.kind, confirm)
    loads_back_the_same(changemakers)


def test_an_ability_with_ratings_is_removed_with_them_once_confirmed(client, owner, changemakers):
    from exercises.kinds.rating.models import Rating

    exercise = changemakers.exercises.get(kind="rating")
    first = exercise.abilities.first()
    for value in (4, 5):
        Rating.objects.create(
            participant=ParticipantFactory(event=changemakers), ability=first, value=value
        )
    values = kind_values(client, exercise) | {f"kind-remove-{first.pk}": "on"}
    html = save_kind(client, exercise, values).content.decode()
    assert f"Ändringen raderar 2 skattningar av ”{first.name}”." in html and CONFIRM in html
    assert Rating.objects.count() == 2
    assert save_kind(client, exercise, values | {"kind-confirm_loss": "on"}).status_code == 302
    assert Rating.objects.count() == 0
    open_exercise(changemakers, exercise.key)
    assert first.name not in phone_page(changemakers, exercise.key)
    loads_back_the_same(changemakers)
