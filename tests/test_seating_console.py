"""Table groups as the facilitator, the phones and the projector meet them over HTTP: the
console's page forms, re-forms, moves and sends; each phone shows its own table (on the page,
without JavaScript, and fetched again when a push says the tables changed); the projector's step
shows the map. Bad input gets a message, never a 500."""

import csv
import io
import re

import pytest
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from exercises.kinds.prompts.models import Reflection
from seating import services
from seating.models import GroupPlan, Seat, Seating
from tests.participant_helpers import HTMX, join
from tests.test_projector import seed_answers, show
from workshops.live.render import render_phone_now
from workshops.loader import (
    CHANGEMAKERS_FILE,
    WorkshopFileError,
    load_workshop,
    parse_workshop_bytes,
)
from workshops.models import Event, add_participant


def page_url(event) -> str:
    return f"/facilitator/{event.pk}/bord/"


def lunch_of(event):
    return event.program.get(kind="lunch")


def form(client, event, **fields):
    data = {"item": lunch_of(event).pk, "rule": "mixed-roles", "size": "4", **fields}
    return client.post(f"{page_url(event)}skapa/", data)


def phone_page(client) -> str:
    return client.get("/nu/").content.decode()


def my_table(html: str) -> str | None:
    match = re.search(r'class="my-table-name">([^<]+)<', html)
    return match.group(1) if match else None


def test_the_page_is_the_facilitators(client, changemakers):
    assert client.get(page_url(changemakers)).status_code == 302
    assert client.post(f"{page_url(changemakers)}skapa/").status_code == 302
    assert not changemakers.seatings.exists()


def test_form_preview_send_and_every_phone_sees_its_table(facilitator_client, changemakers):
    phones = [Client() for _ in range(8)]
    people = [
        join(phone, changemakers, name) for phone, name in zip(phones, "ABCD" + "    ", strict=True)
    ]
    seed_answers(changemakers, 0)
    changemakers.go_to(lunch_of(changemakers))
    assert form(facilitator_client, changemakers).status_code == 302
    html = facilitator_client.get(page_url(changemakers)).content.decode()
    assert "Förhandsvisning" in html and html.count('class="seating-table"') == 2
    assert my_table(phone_page(phones[0])) is None  # a preview is the console's only

    seating = changemakers.seatings.get()
    response = facilitator_client.post(f"{page_url(changemakers)}{seating.pk}/skicka/")
    assert response.status_code == 302
    for phone, person in zip(phones, people, strict=True):
        html = phone_page(phone)
        seat = Seat.objects.get(seating=seating, participant=person)
        assert my_table(html) == str(seat.table.number)
        others = Seat.objects.filter(table=seat.table).exclude(participant=person)
        for other in others.select_related("participant"):
            if other.participant.name:
                assert other.participant.name in html.split('class="my-table-names">')[1]
        card = html.split('id="my-table"')[1].split("</section>")[0]
        # The lunch questions are what its form asks: on the page once, not again on the card.
        assert html.count("Dela och fördjupa era insikter från dagen.") == 1
        assert "Att prata om" not in card
    card = phones[0].get("/nu/bord/", **HTMX).content.decode()
    assert my_table(card) == my_table(phone_page(phones[0]))


def test_the_card_shows_the_steps_questions_to_talk_about(facilitator_client, changemakers):
    phone = Client()
    join(phone, changemakers, "Anna")
    first = changemakers.exercises.get(key="ovning-1")
    changemakers.go_to(first.program_item)
    data = {"item": first.program_item.pk, "rule": "random", "size": "4"}
    facilitator_client.post(f"{page_url(changemakers)}skapa/", data)
    facilitator_client.post(f"{page_url(changemakers)}{changemakers.seatings.get().pk}/skicka/")
    card = phone_page(phone).split('id="my-table"')[1].split("</section>")[0]
    assert "Att prata om" in card and "Dela med dig av dina tankar runt bordet." in card
    assert "Du är ensam vid bordet än så länge." in card


def test_the_projectors_step_shows_the_map_while_the_tables_are_shown(
    facilitator_client, changemakers
):
    seed_answers(changemakers, 12)
    show(changemakers, "step")
    changemakers.go_to(lunch_of(changemakers))
    form(facilitator_client, changemakers)
    projector = Client().get(changemakers.projector_path()).content.decode()
    assert "map-tables" not in projector  # not before it is sent
    services.send_tables(seating=changemakers.seatings.get())
    projector = Client().get(changemakers.projector_path()).content.decode()
    assert projector.count("<li><b>") == 3
    assert "12 personer" in projector
    changemakers.go_to(changemakers.program.get(title="Rollen som changemaker"))
    projector = Client().get(changemakers.projector_path()).content.decode()
    assert "map-tables" not in projector  # the day moved on from lunch


def test_form_again_moves_and_late_joiners(facilitator_client, changemakers):
    seed_answers(changemakers, 12)
    changemakers.go_to(lunch_of(changemakers))
    form(facilitator_client, changemakers, size="", tables="3")
    first = changemakers.seatings.get()
    assert first.tables.count() == 3
    facilitator_client.post(f"{page_url(changemakers)}{first.pk}/skapa-om/")
    again = changemakers.seatings.get()  # replaces the preview, same rule and tables
    assert again.pk != first.pk and again.tables.count() == 3 and again.rule == first.rule

    facilitator_client.post(f"{page_url(changemakers)}{again.pk}/skicka/")
    phone = Client()
    late = join(phone, changemakers, "Sen")  # joins while the tables are shown: seated
    assert my_table(phone_page(phone)) is not None
    state = services.phone_state(changemakers)
    seat = Seat.objects.get(participant=late)
    other = again.tables.exclude(pk=seat.table_id).first()
    response = facilitator_client.post(
        f"{page_url(changemakers)}{again.pk}/flytta/",
        {"participant": late.number, "table": other.pk},
    )
    assert response.status_code == 302
    assert my_table(phone_page(phone)) == str(other.number)
    assert services.phone_state(changemakers) != state  # every phone fetches its table again


def test_a_move_after_sending_pushes_a_new_state_with_the_table_slot(changemakers, settings):
    seed_answers(changemakers, 8)
    changemakers.go_to(lunch_of(changemakers))
    seating = services.form_tables(event=changemakers, rule=Seating.Rule.RANDOM, size=4)
    before = render_phone_now(changemakers, "sv")
    assert "table-slot" not in before
    services.send_tables(seating=seating)
    changemakers.refresh_from_db()
    pushed = render_phone_now(changemakers, "sv")
    assert 'hx-get="/nu/bord/"' in pushed
    state = re.search(r'data-state="([^"]+)"', pushed).group(1)
    table = seating.tables.last()
    services.move(seating=seating, participant=seating.seats.first().participant, table=table)
    changemakers.refresh_from_db()
    moved = render_phone_now(changemakers, "sv")
    assert re.search(r'data-state="([^"]+)"', moved).group(1) != state


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"size": "²"}, "Skriv ett heltal från 2 till 50."),
        ({"size": "1"}, "Skriv ett heltal från 2 till 50."),
        ({"size": "4", "tables": "3"}, "Ange antingen personer per bord eller antal bord."),
        ({"size": ""}, "Ange personer per bord eller antal bord."),
        ({"rule": "same-corner"}, "Välj vilken runda av hörnen som gäller."),
        ({"rule": "bästa"}, "Välj ett giltigt alternativ."),
        ({"item": "99999999999999999999"}, "Välj ett giltigt alternativ."),
    ],
)
def test_bad_input_gets_a_message(facilitator_client, changemakers, fields, message):
    response = form(facilitator_client, changemakers, **fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not changemakers.seatings.exists()


def test_moving_someone_who_is_not_there_says_so(facilitator_client, changemakers):
    seed_answers(changemakers, 4)
    form(facilitator_client, changemakers)
    seating = changemakers.seatings.get()
    url = f"{page_url(changemakers)}{seating.pk}/flytta/"
    table = seating.tables.first().pk
    response = facilitator_client.post(url, {"participant": "77", "table": table})
    assert response.status_code == 400
    assert "Det finns ingen deltagare nr 77." in response.content.decode()
    response = facilitator_client.post(url, {"participant": "1", "table": "x"})
    assert response.status_code == 400
    # htmx gets the page with the message as a 200: it swaps only a success
    response = facilitator_client.post(url, {"participant": "", "table": table}, **HTMX)
    assert response.status_code == 200 and "Skriv deltagarens nummer." in response.content.decode()


# --- The workshop file asks for groups at a programme item ---

LUNCH_INDEX = 7  # the Changemakers day's lunch in its program


def file_with_groups(groups: dict) -> dict:
    data = parse_workshop_bytes(CHANGEMAKERS_FILE.read_bytes())
    data["event"]["slug"] = "med-bord"
    data["program"][LUNCH_INDEX]["groups"] = groups
    return data


def test_the_days_lunch_asks_for_mixed_role_tables_and_the_form_starts_there(
    facilitator_client, changemakers
):
    plan = GroupPlan.objects.get(item__event=changemakers)
    assert (plan.item.title, plan.rule, plan.size) == ("Lunch", "mixed-roles", 5)
    changemakers.go_to(plan.item)
    html = facilitator_client.get(page_url(changemakers)).content.decode()
    assert re.search(r'value="mixed-roles"[^>]*checked', html)
    assert re.search(r'name="size" value="5"', html)
    seed_answers(changemakers, 4)
    form(facilitator_client, changemakers, size="", tables="2")  # then what was formed last
    html = facilitator_client.get(page_url(changemakers)).content.decode()
    assert re.search(r'name="tables" value="2"', html)
    assert not re.search(r'name="size" value="\d', html)


def test_named_tables_and_a_round_from_the_file(db, facilitator_client):
    groups = {"rule": "same-corner", "size": 3, "round": "B", "names": ["Eken", "Linden"]}
    event, _created = load_workshop(file_with_groups(groups))
    plan = GroupPlan.objects.get(item__event=event)
    assert (plan.placement_round.key, plan.table_names) == ("B", ["Eken", "Linden"])
    for name in ["Ann", "Bo", "Cia", "Dan", "Eva", "Fia", "Gun"]:
        add_participant(event, name)
    seating = services.form_tables(event=event, rule="random", tables=3, item=plan.item)
    assert [table.label for table in seating.tables.all()][:3] == ["Eken", "Linden", "Bord 3"]


@pytest.mark.parametrize(
    ("groups", "message"),
    [
        ({"size": 4, "tables": 3}, "groups.tables: antingen size eller tables, inte båda"),
        ({"rule": "same-corner"}, "groups.round: saknas (en regel med hörn behöver en runda)"),
        ({"rule": "mixed-corners", "round": "C"}, "groups.round: okänd runda 'C' (rounds: A, B)"),
        ({"rule": "bästa"}, "groups.rule: 'bästa' är inte ett av"),
        ({"size": 1}, "groups.size: minst 2"),
        ({"names": ["Eken", "Eken"]}, "groups.names[1]: 'Eken' finns redan"),
        ({"round": "A", "exercise": "lunch"}, "okänd placeringsövning 'lunch'"),
    ],
)
def test_a_bad_groups_entry_is_refused_with_its_place(db, groups, message):
    with pytest.raises(WorkshopFileError) as refused:
        load_workshop(file_with_groups(groups))
    assert f"program[{LUNCH_INDEX}]." in str(refused.value)
    assert message in str(refused.value)
    assert not Event.objects.exists()


# --- Answers per table: the report, the XLSX and the CSV ---


def lunch_at_tables(event, facilitator_client) -> Seating:
    """12 who did the day, at three mixed tables sent for lunch; each answers the first lunch
    question with a text that says who wrote it (for the test only)."""
    seed_answers(event, 12)
    event.go_to(lunch_of(event))
    form(facilitator_client, event)
    seating = event.seatings.get()
    facilitator_client.post(f"{page_url(event)}{seating.pk}/skicka/")
    first = event.exercises.get(key="lunch").prompts.order_by("order").first()
    for participant in event.participants.all():
        Reflection.objects.create(
            participant=participant, prompt=first, text=f"Lunchsvar av nr {participant.number}"
        )
    return seating


def test_the_report_lists_the_lunch_answers_per_table_with_its_mix(
    facilitator_client, changemakers
):
    seating = lunch_at_tables(changemakers, facilitator_client)
    html = facilitator_client.get(f"/facilitator/{changemakers.pk}/resultat/sammanstallning/")
    page = html.content.decode()
    sections = re.findall(r'<section class="report-seated">(.*?)</section>', page, re.S)
    assert len(sections) == 3
    for view, section in zip(services.table_views(seating, members=True), sections, strict=True):
        assert f"{view.table.label} " in section and view.mix_text in section
        numbers = sorted(int(n) for n in re.findall(r"Lunchsvar av nr (\d+)", section))
        assert numbers == sorted(member.number for member in view.members)
    assert "Svaren per bord, vid 3 bord." in page
    response = facilitator_client.get(
        f"/facilitator/{changemakers.pk}/resultat/sammanstallning.pdf"
    )
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Svaren per bord, vid 3 bord." in text and "Lunchsvar av nr 12" in text
    assert "Anna" not in page.split('id="ovning-lunch"')[1].split("</section>")[0]


def test_the_exports_give_each_lunch_answer_its_table_and_mix(facilitator_client, changemakers):
    seating = lunch_at_tables(changemakers, facilitator_client)
    seated = {
        seat.participant.number: seat.table.label
        for seat in seating.seats.select_related("participant", "table")
    }
    mixes = {view.table.label: view.mix_text for view in services.table_views(seating)}
    response = facilitator_client.get(f"/facilitator/{changemakers.pk}/resultat/csv/lunch.csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    assert len(rows) == 12
    for row in rows:
        assert row["Bord"] == seated[int(row["Deltagare"])]
        assert row["Bordets roller"] == mixes[row["Bord"]]
    response = facilitator_client.get(f"/facilitator/{changemakers.pk}/resultat/arbetsbok.xlsx")
    sheet = load_workbook(io.BytesIO(response.content))["Lunchsamtal"]
    header, *body = list(sheet.iter_rows(values_only=True))
    assert header[-2:] == ("Bord", "Bordets roller")
    assert {(row[0], row[-2]) for row in body} == set(seated.items())
    # Övning 1 was not done at tables: its sheet has no table column.
    rating = load_workbook(io.BytesIO(response.content))["Övning 1"]
    assert "Bord" not in next(rating.iter_rows(values_only=True))


def test_the_tables_speak_english_on_an_english_phone_and_console(facilitator_client, changemakers):
    english = {"accept-language": "en"}
    phone = Client(headers=english)
    join(phone, changemakers, "Anna")
    join(Client(), changemakers, "Bo")
    changemakers.go_to(lunch_of(changemakers))
    form(facilitator_client, changemakers, size="2")
    seating = changemakers.seatings.get()
    page = facilitator_client.get(page_url(changemakers), headers=english).content.decode()
    assert "Form again" in page and "Send to the phones and the projector" in page
    assert "role unknown" in page and "2 people" in page
    facilitator_client.post(f"{page_url(changemakers)}{seating.pk}/skicka/")
    card = phone.get("/nu/").content.decode().split('id="my-table"')[1].split("</section>")[0]
    assert "Your table" in card and "At the table with you sits one more:" in card
    assert "Ditt bord" not in card


def test_the_map_of_300_fits_in_one_pushed_frame(facilitator_client, changemakers):
    from tests.test_seating_browser import seat_a_room
    from workshops.consumers import FRAME_LIMIT

    seat_a_room(changemakers, 300)
    show(changemakers, "step")
    changemakers.go_to(lunch_of(changemakers))
    form(facilitator_client, changemakers, size="5")
    services.send_tables(seating=changemakers.seatings.get())
    screen = Client().get(changemakers.projector_path(), **HTMX).content
    assert screen.count(b"<li><b>") == 60
    assert len(screen) < FRAME_LIMIT / 2, len(screen)


def test_huge_ids_and_odd_digits_are_not_found_or_form_errors(facilitator_client, changemakers):
    huge = "9" * 30
    event = changemakers.pk
    for path in [f"/facilitator/{huge}/bord/", f"/facilitator/{event}/bord/{huge}/skicka/"]:
        method = facilitator_client.get if path.endswith("bord/") else facilitator_client.post
        assert method(path).status_code == 404, path
    seed_answers(changemakers, 4)
    form(facilitator_client, changemakers)
    seating = changemakers.seatings.get()
    url = f"{page_url(changemakers)}{seating.pk}/flytta/"
    for participant, table in [(huge, seating.tables.first().pk), ("1", huge), ("١", "1")]:
        response = facilitator_client.post(url, {"participant": participant, "table": table})
        assert response.status_code == 400, (participant, table)


def test_the_report_works_with_tables_at_an_exercise_whose_answers_are_not_texts(
    facilitator_client, changemakers
):
    """Tables sent during Övning 1 (ratings, not written answers): the report lists no answers
    per table for it, and does not fail."""
    seed_answers(changemakers, 8)
    ovning_1 = changemakers.exercises.get(key="ovning-1")
    changemakers.go_to(ovning_1.program_item)
    form(facilitator_client, changemakers, item=ovning_1.program_item.pk)
    facilitator_client.post(f"{page_url(changemakers)}{changemakers.seatings.get().pk}/skicka/")
    response = facilitator_client.get(f"/facilitator/{changemakers.pk}/resultat/sammanstallning/")
    assert response.status_code == 200
    section = response.content.decode().split('id="ovning-ovning-1"')[1].split("</section>")[0]
    assert "report-seated" not in section
