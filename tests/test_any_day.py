"""A day that is not Changemakers shows its own words, rounds and roles everywhere: every page,
projector view, export, report and PDF of the other example days, looked at as their readers
would see them."""

import csv
import io
import re
from html import unescape

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from exercises.kinds.postcard.models import Scenario
from exercises.models import Exercise
from talks.context import offered_polls
from tests.answers import answer_the_day
from tests.participant_helpers import exercise_url, join, open_exercise
from tests.test_projector import projector_html, show
from workshops.loader import (
    DATA_DIR,
    load_workshop,
    load_workshop_file,
    old_name_notes,
    parse_workshop_bytes,
)

HALF_DAY = DATA_DIR / "halvdag-exempel.yaml"
CLIMATE_DAY = DATA_DIR / "klimatdag-exempel.yaml"
OTHER_DAYS = [HALF_DAY, CLIMATE_DAY]

# Words of the Changemakers day that its file says and no other day's does: in the code they
# were fixed texts in generic places. Case matters where another day's own words hold the
# same letters in lower case ("…till mottagaren?").
CHANGEMAKERS_ONLY = [
    "Changemaker",
    "förmåg",
    "Förmåg",
    "Gränsgång",
    "gränsgång",
    "från framtiden",
    "realistiska att initiera",
    "Avsändare",
    "Mottagare",
    "Vardagen",
    "Livet i allmänhet",
    "Vad jag gör",
    "Vad du gör",
    "Hälsning",
    "politisk",
    "omställningsförmåga",
    "trivs bäst",
    "mest utmanande",
    "Runda A",
    "Runda B",
]


BRAND = ">Changemakers</a>"


def visible_text(html: str) -> str:
    """What a reader sees of a page: no tags, attributes, scripts or styles."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", html))


def changemakers_words_in(text: str) -> list[str]:
    return [word for word in CHANGEMAKERS_ONLY if word in text]


def everything_a_day_shows(event, facilitator_client) -> dict[str, str]:
    """Every page and export of a day that has been run, by its name: the code page, the join
    page, a phone's pages (each exercise, Mitt resultat), the console, every projector view,
    the results page, the report, the PDF, the workbook and every CSV."""
    day = answer_the_day(event, participants=3)
    texts = {}
    phone = Client()
    texts["/"] = phone.get(reverse("workshops:home")).content.decode()
    texts["join"] = phone.get(event.join_path()).content.decode()
    join(phone, event, name="Test")
    texts["waiting"] = phone.get(reverse("workshops:participant_home")).content.decode()
    for exercise in event.exercises.all():
        open_exercise(event, exercise.key)
        exercise.refresh_from_db()
        exercise.open_next_round()
        exercise.open_next_round()
        texts[f"phone {exercise.key}"] = phone.get(exercise_url(exercise.key)).content.decode()
        texts[f"now {exercise.key}"] = phone.get(
            reverse("workshops:participant_home")
        ).content.decode()
    texts["mitt resultat"] = phone.get(reverse("exercises:summary")).content.decode()
    console = reverse("workshops:console", args=[event.pk])
    texts["console"] = facilitator_client.get(console).content.decode()
    projector = Client()
    show(event, "join")
    texts["projector join"] = projector_html(projector, event)
    for item in event.program.all():
        event.current_item = item
        event.save()
        show(event, "step")
        texts[f"projector step {item.title}"] = projector_html(projector, event)
        texts[f"console {item.title}"] = facilitator_client.get(console).content.decode()
    Exercise.objects.filter(event=event).update(results_visible=True)
    for exercise in event.exercises.all():
        show(event, "results", exercise.key)
        texts[f"projector results {exercise.key}"] = projector_html(projector, event)
    for view in ("postcards", "scenarios"):
        show(event, view)
        texts[f"projector {view}"] = projector_html(projector, event)
    for role in event.roles.all():
        show(event, "role", role.key)
        texts[f"projector role {role.key}"] = projector_html(projector, event)
    organiser = {
        "results": "workshops:organiser_results",
        "report": "workshops:organiser_report",
    }
    for name, url in organiser.items():
        texts[name] = facilitator_client.get(reverse(url, args=[event.pk])).content.decode()
    # The product's name in the facilitator's header is not the day's word.
    texts = {name: visible_text(html.replace(BRAND, "")) for name, html in texts.items()}
    pdf = facilitator_client.get(reverse("workshops:organiser_report_pdf", args=[event.pk]))
    texts["pdf"] = "\n".join(
        page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages
    )
    book = facilitator_client.get(reverse("workshops:organiser_workbook", args=[event.pk]))
    for sheet in load_workbook(io.BytesIO(book.content)).worksheets:
        cells = (str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None)
        texts[f"xlsx {sheet.title}"] = sheet.title + "\n" + "\n".join(cells)
    for exercise in event.exercises.all():
        url = reverse("workshops:organiser_csv", args=[event.pk, exercise.key])
        texts[f"csv {exercise.key}"] = facilitator_client.get(url).content.decode("utf-8-sig")
    # What the participants wrote is theirs (the test answers greet "från framtiden").
    for text in day.texts():
        texts = {name: page.replace(text, "") for name, page in texts.items()}
    return texts


@pytest.mark.parametrize("path", OTHER_DAYS, ids=lambda path: path.stem)
def test_no_changemakers_word_on_any_page_or_export_of_another_day(facilitator_client, db, path):
    event, _created = load_workshop_file(path)
    texts = everything_a_day_shows(event, facilitator_client)
    found = {name: words for name, text in texts.items() if (words := changemakers_words_in(text))}
    assert found == {}
    # Nor a round's key where its words belong (the climate day's keys differ from its words).
    for name, text in texts.items():
        assert not re.search(r"\b(behovs|r2035)\b", text), name


def test_the_climate_days_own_words_are_where_people_read(facilitator_client, db):
    event, _created = load_workshop_file(CLIMATE_DAY)
    event.date = timezone.localdate()  # the code page names the day that is today
    event.save()
    texts = everything_a_day_shows(event, facilitator_client)
    # The file's postcard labels head the export's columns and the report's answers.
    header = next(csv.reader(io.StringIO(texts["csv vykort"]), delimiter=";"))
    labels = [
        "Vilket år skriver du?",
        "Vem är du år 2035?",
        "Vem skickar du kortet till?",
        "Hur ser en vanlig dag ut?",
        "Hur mår kommunen?",
        "Vad jobbar du med?",
        "Vad vill du säga till oss i dag?",
    ]
    start = header.index(labels[0])
    assert header[start : start + len(labels)] == labels
    assert "Vad jobbar du med?" in texts["report"] and "Hur mår kommunen?" in texts["pdf"]
    # Rounds by their words, everywhere.
    assert "behövs mest" in texts["projector results rummet"]
    assert "år 2035" in texts["report"] and "år 2035" in texts["csv rummet"]
    # What the rating rates is the file's word; the wall's title is the exercise's.
    assert "0 av 8 arbetssätt skattade" in texts["phone vanor"]
    assert "Ett vykort från 2035" in texts["projector postcards"]
    # The day's title and introduction where a phone arrives.
    assert "Klimatomställning på riktigt" in texts["/"]
    assert "Klimatmålen är antagna" in texts["join"]
    assert "Sex roller bär en omställning" in texts["join"]
    assert "Klimatmålen är antagna" not in texts["now vanor"]


def test_the_waiting_page_shows_the_days_introduction(client, db):
    event, _created = load_workshop_file(CLIMATE_DAY)
    join(client, event)
    page = visible_text(client.get(reverse("workshops:participant_home")).content.decode())
    assert "Dagen har inte börjat ännu" in page
    assert "Klimatmålen är antagna" in page and "Sex roller bär en omställning" in page


def test_the_code_page_names_no_day_when_several_are_open_today(client, db):
    load_workshop_file(HALF_DAY)
    load_workshop_file(CLIMATE_DAY)
    page = visible_text(client.get(reverse("workshops:home")).content.decode())
    assert "Changemakers" not in page and "Delta i en workshop" in page


def test_the_report_grid_has_the_phones_columns(facilitator_client, db):
    """Low on the left, high on the right, as the phone's 2×2 and the projector draw it."""
    event, _created = load_workshop_file(CLIMATE_DAY)
    report = facilitator_client.get(reverse("workshops:organiser_report", args=[event.pk]))
    page = visible_text(report.content.decode())
    grid = page[page.index("Vykort per framtidsscenario") :]
    assert grid.index("Kommunen väntar in andra") < grid.index("Kommunen går före")
    assert grid.index("Gräsrötterna går först") < grid.index("Alla drar åt samma håll")


def test_polls_written_for_a_talk_are_offered_during_it(db):
    event, _created = load_workshop_file(CLIMATE_DAY)
    first_talk, second_talk = event.program.filter(kind="talk")
    event.current_item = first_talk
    event.save()
    assert [poll.question for poll in offered_polls(event)] == [
        "Hur väl känner du till kommunens klimatmål?",
        "Vilket område borde vi börja med?",
        "Ett ord om hur det känns just nu",
    ]
    event.current_item = second_talk
    event.save()
    assert offered_polls(event)[0].question == "Ett ord om hur det känns just nu"


def test_a_file_with_the_old_axis_names_loads_and_is_told_the_new_ones(db, capsys):
    text = HALF_DAY.read_text(encoding="utf-8")
    old = re.sub(r"^(\s+)vertical:", r"\1political:", text, flags=re.M)
    old = re.sub(r"^(\s+)horizontal:", r"\1capacity:", old, flags=re.M)
    data = parse_workshop_bytes(old.encode())
    notes = old_name_notes(data)
    assert "exercises[3].axes.political: heter nu vertical" in notes[0]
    assert len(notes) == 2 + 2 * 4
    event, created = load_workshop(data)
    assert created
    top_left = Scenario.objects.get(exercise__event=event, vertical="high", horizontal="low")
    assert top_left.name == "Fina beslut, fulla kalendrar"


def test_the_load_command_prints_the_note(tmp_path, db):
    text = HALF_DAY.read_text(encoding="utf-8").replace("      vertical:\n", "      political:\n")
    path = tmp_path / "old.yaml"
    path.write_text(text, encoding="utf-8")
    err = io.StringIO()
    call_command("load_workshop", str(path), stdout=io.StringIO(), stderr=err)
    assert "axes.political: heter nu vertical" in err.getvalue()


def test_the_reports_questions_are_sorted_as_it_says(changemakers, facilitator_client):
    """'Most thumbs up first', answered or not (an answered question with more thumbs was put
    last, under the sentence that said otherwise)."""
    from talks.models import Question, QuestionVote

    item = changemakers.program.filter(kind="talk").first()
    changemakers.go_to(item)
    asker = join(Client(), changemakers)
    popular = Question.objects.create(
        event=changemakers, item=item, participant=asker, text="Populär och besvarad"
    )
    Question.objects.create(
        event=changemakers, item=item, participant=asker, text="En tumme, obesvarad"
    )
    Question.objects.filter(pk=popular.pk).update(answered=True)
    for _voter in range(2):
        QuestionVote.objects.create(question=popular, participant=join(Client(), changemakers))
    QuestionVote.objects.create(
        question=Question.objects.get(text="En tumme, obesvarad"),
        participant=join(Client(), changemakers),
    )
    url = reverse("workshops:organiser_report", args=[changemakers.pk])
    page = visible_text(facilitator_client.get(url).content.decode())
    assert "flest tummar upp först" in page
    assert page.index("Populär och besvarad") < page.index("En tumme, obesvarad")


def test_the_upload_hint_points_to_what_an_organiser_has(facilitator_client):
    page = facilitator_client.get(reverse("workshops:event_list")).content.decode()
    assert "README" not in visible_text(page)
    assert "samma delar som filerna i listan ovan" in page


def test_moves_between_every_pair_of_rounds_or_those_the_file_names(facilitator_client, db):
    from exercises.kinds.placement.kind import round_pairs
    from workshops.loader import WorkshopFileError, read_workshop_file

    event, _created = load_workshop_file(CLIMATE_DAY)
    room = event.exercises.get(key="rummet")
    assert [(a.key, b.key) for a, b in round_pairs(room)] == [
        ("idag", "behovs"),
        ("behovs", "r2035"),
    ]
    answer_the_day(event, participants=3)
    url = reverse("workshops:organiser_report", args=[event.pk])
    page = visible_text(facilitator_client.get(url).content.decode())
    assert "Förflyttningar från ”i dag” till ”behövs mest”" in page
    assert "Förflyttningar från ”behövs mest” till ”år 2035”" in page

    data = read_workshop_file(CLIMATE_DAY)
    data["event"]["slug"] = "forst-och-sist"
    data["exercises"][1]["moves"] = [["idag", "r2035"]]
    event, _created = load_workshop(data)
    room = event.exercises.get(key="rummet")
    assert [(a.key, b.key) for a, b in round_pairs(room)] == [("idag", "r2035")]
    data["event"]["slug"] = "fel"
    data["exercises"][1]["moves"] = [["idag", "igar"]]
    with pytest.raises(
        WorkshopFileError, match=r"exercises\[1\]\.moves\[0\]\[1\]: okänd runda 'igar'"
    ):
        load_workshop(data)


@pytest.mark.django_db(transaction=True)
def test_the_migrations_rename_the_axes_and_keep_the_words():
    """An event loaded before the rename keeps its scenarios' places and its axes' words, and a
    Changemakers event loaded before `rated` still rates "förmågor"."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [
        ("scenarios", "0001_initial"),
        ("exercises", "0006_tip_categories_from_file"),
        ("workshops", "0004_projector_talks"),
    ]
    after = [("scenarios", "0002_generic_axis_names")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    event = old.get_model("workshops", "Event").objects.create(
        slug="gammal", title="Gammal", date="2025-11-04", source_file="changemakers-2025-11-04.yaml"
    )
    exercise = old.get_model("exercises", "Exercise").objects.create(
        event=event,
        key="vykort",
        order=1,
        kind="postcard",
        title="Vykort",
        config={"axes": {"political": "Upp", "capacity": "Höger"}},
    )
    old.get_model("exercises", "Exercise").objects.create(
        event=event, key="skatta", order=2, kind="rating", title="Skatta", config={}
    )
    old.get_model("scenarios", "Scenario").objects.create(
        exercise=exercise,
        number=1,
        name="Ett",
        summary="",
        text="",
        political="high",
        capacity="low",
    )
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    scenario = Scenario.objects.get(name="Ett")
    assert (scenario.vertical, scenario.horizontal) == ("high", "low")
    assert Exercise.objects.get(key="skatta").rated_words == {"one": "förmåga", "many": "förmågor"}
    assert Exercise.objects.get(key="vykort").config["axes"] == {
        "vertical": "Upp",
        "horizontal": "Höger",
    }


def test_a_large_rooms_moves_list_keeps_to_the_most_common():
    """Twelve corners can have 132 kinds of move: the screen lists the eight most common."""
    from types import SimpleNamespace

    from django.template.loader import render_to_string

    from exercises.kinds.placement.charts import room_chart

    roles = [
        type("Role", (), {"pk": n, "__str__": lambda self: f"Roll {self.pk}"})()
        for n in range(1, 13)
    ]
    spread = [SimpleNamespace(key="b", label="b", counts=[(role, 5) for role in roles])]
    moves = [(roles[i], roles[(i + 1) % 12], 20 - i) for i in range(12)]
    moves += [(roles[0], roles[5], 1)] * 8
    chart = room_chart(spread, roles, moves, "Rummet", moves_from="a")
    assert len(chart.listed_moves) == 8 and chart.more_moves == len(moves) - 8
    html = render_to_string("kinds/placement/room.html", {"chart": chart})
    assert f"och {len(moves) - 8} förflyttningar till" in html
    assert "Bytte hörn sedan ”a”" in html
