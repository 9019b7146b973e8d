"""Prioritera, the kind added as a folder (exercises/kinds/prioritisation/): spread points or
rank items, from a phone with and without JavaScript; the room's totals and spread on the
projector, in the report, the workbook and the CSV; a participant's own in Mitt resultat."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from exercises.kinds.prioritisation.models import Priority
from tests.participant_helpers import HTMX, answer_url, exercise_url, join, open_exercise
from tests.test_projector import projector_html, show
from workshops.loader import (
    DATA_DIR,
    WorkshopFileError,
    load_workshop,
    load_workshop_file,
    parse_workshop_bytes,
)

CLIMATE_DAY = DATA_DIR / "klimatdag-exempel.yaml"
ITEMS = {
    "cykel": "Säkra cykelvägar till skolor och arbetsplatser",
    "mat": "Mer vegetariskt i kommunens kök",
    "energi": "Solceller på kommunens tak",
    "resor": "Färre tjänsteresor med flyg",
    "kunskap": "Klimatutbildning för alla anställda",
}


@pytest.fixture
def day(db):
    event, _created = load_workshop_file(CLIMATE_DAY)
    return event


def ranked_day():
    """The climate day with its prioritisation as a ranking."""
    text = CLIMATE_DAY.read_text().replace("    mode: points\n    points: 10\n", "    mode: rank\n")
    event, _created = load_workshop(parse_workshop_bytes(text.encode()), slug="rangordning")
    return event


def field(exercise, key: str) -> str:
    return f"item-{exercise.priority_items.get(key=key).pk}"


def points_of(participant) -> dict[str, int]:
    return {p.item.key: p.value for p in Priority.objects.filter(participant=participant)}


def test_the_file_makes_the_items_in_order(day):
    exercise = day.exercises.get(key="prioritera")
    assert exercise.get_kind_display() == "Prioritera"
    assert [i.text for i in exercise.priority_items.all()] == list(ITEMS.values())
    assert exercise.config["points"] == 10


def test_a_phone_without_javascript_spreads_its_points(client, day):
    exercise = open_exercise(day, "prioritera")
    participant = join(client, day)
    page = client.get(exercise_url("prioritera")).content.decode()
    assert "Fördela 10 poäng" in page and "10 poäng kvar att ge." in page
    assert page.count(f'name="{field(exercise, "cykel")}"') == 11  # 0 to 10
    response = client.post(
        answer_url("prioritera"),
        {
            field(exercise, "cykel"): "5",
            field(exercise, "mat"): "3",
            field(exercise, "energi"): "2",
        },
    )
    assert response.status_code == 302
    assert points_of(participant) == {"cykel": 5, "mat": 3, "energi": 2}
    page = client.get(response.url).content.decode()
    assert "0 poäng kvar att ge." in page


def test_more_than_the_points_is_refused_at_the_item_and_nothing_saved_is_lost(client, day):
    exercise = open_exercise(day, "prioritera")
    participant = join(client, day)
    client.post(answer_url("prioritera"), {field(exercise, "cykel"): "7"}, **HTMX)
    response = client.post(answer_url("prioritera"), {field(exercise, "mat"): "4"}, **HTMX)
    html = response.content.decode()
    assert "Du har 3 poäng kvar att ge. Ta poäng från något annat först." in html
    assert points_of(participant) == {"cykel": 7}
    # Taking from one item to give another works in one answer, in the form's order.
    client.post(
        answer_url("prioritera"),
        {field(exercise, "cykel"): "4", field(exercise, "mat"): "6"},
        **HTMX,
    )
    assert points_of(participant) == {"cykel": 4, "mat": 6}


def test_an_autosave_says_how_many_points_are_left(client, day):
    exercise = open_exercise(day, "prioritera")
    join(client, day)
    html = client.post(answer_url("prioritera"), {field(exercise, "resor"): "4"}, **HTMX)
    html = html.content.decode()
    assert "Sparat ✓ 6 poäng kvar att ge." in html
    assert 'id="left-prioritera" class="notice" hx-swap-oob="true">6 poäng kvar att ge.' in html


def test_a_place_taken_from_another_item_swaps_them(client, db):
    event = ranked_day()
    exercise = open_exercise(event, "prioritera")
    participant = join(client, event)
    page = client.get(exercise_url("prioritera")).content.decode()
    assert "1 är viktigast" in page and "0 av 5 punkter har en plats." in page
    client.post(answer_url("prioritera"), {field(exercise, "cykel"): "1"}, **HTMX)
    client.post(answer_url("prioritera"), {field(exercise, "mat"): "2"}, **HTMX)
    response = client.post(answer_url("prioritera"), {field(exercise, "mat"): "1"}, **HTMX)
    assert points_of(participant) == {"mat": 1, "cykel": 2}
    html = response.content.decode()
    # The moved item's radios are redrawn (its place 2 checked); the one sent is not.
    assert f'id="fieldset-{field(exercise, "cykel")}"' in html
    assert f'id="fieldset-{field(exercise, "mat")}"' not in html
    assert f'name="{field(exercise, "cykel")}" value="2" checked' in html
    # "–" takes the place away.
    client.post(answer_url("prioritera"), {field(exercise, "cykel"): ""}, **HTMX)
    assert points_of(participant) == {"mat": 1}


def test_two_items_of_one_answer_cannot_share_a_place(client, db):
    event = ranked_day()
    exercise = open_exercise(event, "prioritera")
    participant = join(client, event)
    response = client.post(
        answer_url("prioritera"), {field(exercise, "cykel"): "1", field(exercise, "mat"): "1"}
    )
    assert "Två punkter kan inte ha samma plats." in response.content.decode()
    assert points_of(participant) == {"cykel": 1}


def test_numbers_that_are_not_choices_are_refused(client, day):
    exercise = open_exercise(day, "prioritera")
    participant = join(client, day)
    for value in ("11", "-1", "²", "x", "1" * 30):
        response = client.post(answer_url("prioritera"), {field(exercise, "cykel"): value}, **HTMX)
        assert response.status_code == 200
        assert "Välj 0 till 10 poäng." in response.content.decode()
    assert points_of(participant) == {}


def spread(event, answers: list[dict[str, int]]):
    exercise = open_exercise(event, "prioritera")
    for given in answers:
        phone = Client()
        join(phone, event)
        data = {field(exercise, key): str(value) for key, value in given.items()}
        assert phone.post(answer_url("prioritera"), data).status_code == 302
    return exercise


ROOM = [{"cykel": 6, "mat": 4}, {"cykel": 2, "energi": 8}, {"energi": 10}, {"mat": 0, "kunskap": 3}]


def test_the_projector_shows_the_ranked_totals_and_the_spread(client, day):
    exercise = spread(day, ROOM)
    exercise.results_visible = True
    exercise.save()
    show(day, "results", "prioritera")
    html = projector_html(Client(), day)
    rows = [
        "Solceller på kommunens tak (2)",
        "Säkra cykelvägar till skolor och arbetsplatser (2)",
        "Mer vegetariskt i kommunens kök (1)",
        "Klimatutbildning för alla anställda (1)",
        "Färre tjänsteresor med flyg (0)",
    ]
    at = [html.index(f">{row}</text>") for row in rows]
    assert at == sorted(at)
    for total in (">18</text>", ">8</text>", ">4</text>", ">3</text>", ">0</text>"):
        assert total in html


def test_a_ranking_scores_a_first_place_highest(db):
    event = ranked_day()
    exercise = open_exercise(event, "prioritera")
    for places in ({"cykel": 1, "mat": 2}, {"mat": 1}, {"cykel": 1, "energi": 3}):
        phone = Client()
        join(phone, event)
        phone.post(
            answer_url("prioritera"), {field(exercise, k): str(v) for k, v in places.items()}
        )
    from exercises.kinds.prioritisation.kind import item_totals

    totals = {row.item.key: (row.total, row.spread) for row in item_totals(exercise)}
    # Five items: a first place is worth 5, a second 4, a third 3.
    assert totals == {
        "cykel": (10, 2),
        "mat": (9, 2),
        "energi": (3, 1),
        "resor": (0, 0),
        "kunskap": (0, 0),
    }


def test_report_workbook_and_csv_have_the_totals_and_every_answer(facilitator_client, day):
    spread(day, ROOM)
    report = facilitator_client.get(reverse("workshops:organiser_report", args=[day.pk]))
    html = report.content.decode()
    assert "Prioriteringen i siffror" in html and "Var och en fördelade 10 poäng." in html
    assert "4 deltagare svarade." in html
    book = facilitator_client.get(reverse("workshops:organiser_workbook", args=[day.pk]))
    cells = {
        str(cell)
        for sheet in load_workbook(io.BytesIO(book.content)).worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    }
    assert {"Poäng totalt", "Antal som gav poäng", "18", "Solceller på kommunens tak"} <= cells
    url = reverse("workshops:organiser_csv", args=[day.pk, "prioritera"])
    rows = list(
        csv.reader(
            io.StringIO(facilitator_client.get(url).content.decode("utf-8-sig")), delimiter=";"
        )
    )
    assert rows[0][-3:] == ["Nr", "Punkt", "Poäng"]
    assert ["1", "Säkra cykelvägar till skolor och arbetsplatser", "6"] in [r[-3:] for r in rows]


def test_my_points_are_in_my_results_once_it_is_closed(client, day):
    exercise = open_exercise(day, "prioritera")
    join(client, day)
    client.post(answer_url("prioritera"), {field(exercise, "kunskap"): "9"})
    exercise.close()
    html = client.get(reverse("exercises:summary")).content.decode()
    assert "Klimatutbildning för alla anställda</th><td>9</td>" in html


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("    points: 10\n", "    points: 11\n", "exercises[5].points"),
        ("    mode: points\n", "    mode: rank\n", "exercises[5].points: bara poängfördelning"),
        ("      - key: mat\n", "      - key: cykel\n", "exercises[5].items[1].key: 'cykel' finns"),
    ],
)
def test_a_wrong_prioritisation_in_the_file_is_told_where(db, old, new, message):
    text = CLIMATE_DAY.read_text().replace(old, new)
    with pytest.raises(WorkshopFileError) as raised:
        load_workshop(parse_workshop_bytes(text.encode()), slug="fel")
    assert message in str(raised.value)


def test_an_english_phone_reads_the_form_in_english(client, day):
    exercise = open_exercise(day, "prioritera")
    client.cookies["django_language"] = "en"
    join(client, day)
    page = client.get(exercise_url("prioritera"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Spread 10 points over the items" in page and "10 points left to give." in page
    response = client.post(
        answer_url("prioritera"), {field(exercise, "mat"): "12"}, HTTP_ACCEPT_LANGUAGE="en", **HTMX
    )
    assert "Choose 0 to 10 points." in response.content.decode()
