"""The workbook and the CSVs hold exactly what the participants answered."""

import csv
import io
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from exercises.kinds.placement.kind import room_moves, room_spread
from exercises.kinds.rating.kind import role_mix
from exercises.kinds.registry import answered_counts
from exercises.kinds.tips.kind import tip_tallies
from tests.answers import FORMULA_LIKE, answer_the_day


@pytest.fixture
def day(changemakers):
    return answer_the_day(changemakers, participants=4)


def download_workbook(client, event, **params):
    response = client.get(reverse("workshops:organiser_workbook", args=[event.pk]), params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert (
        'attachment; filename="changemakers-2025-11-04-resultat.xlsx"'
        == response["Content-Disposition"]
    )
    return load_workbook(io.BytesIO(response.content))


def sheet_rows(sheet) -> tuple[list, list[list]]:
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    return rows[0], rows[1:]


def as_dicts(sheet) -> list[dict]:
    header, rows = sheet_rows(sheet)
    return [dict(zip(header, row, strict=True)) for row in rows]


def download_csv(client, event, key, **params) -> list[dict]:
    response = client.get(reverse("workshops:organiser_csv", args=[event.pk, key]), params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


def half_up(value: float) -> float:
    return float(Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def summary_block(sheet, title: str) -> list[list]:
    """The rows under a block heading of the summary sheet, up to the next empty row."""
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    start = next(i for i, row in enumerate(rows) if row[0] == title)
    width = sum(cell is not None for cell in rows[start + 1])
    block = []
    for row in rows[start + 2 :]:
        if all(cell is None for cell in row):
            break
        block.append(row[:width])
    return block


def test_workbook_has_a_summary_and_one_sheet_per_exercise(facilitator_client, day):
    book = download_workbook(facilitator_client, day.event)
    assert book.sheetnames == [
        "Sammanfattning",
        "Övning 1",
        "Övning 2",
        "Övning 3",
        "Lunchsamtal",
        "Övning 4",
        "Övning 5",
    ]


def test_workbook_ratings_equal_the_database(facilitator_client, day):
    sheet = download_workbook(facilitator_client, day.event)["Övning 1"]
    rows = as_dicts(sheet)
    assert "Förnamn" not in rows[0]
    expected = sorted(
        (r.participant.number, r.ability.order, r.ability.name, r.value) for r in day.ratings
    )
    got = sorted(
        (row["Deltagare"], row["Nr"], row["Förmåga"], row["Skattning (1–5)"]) for row in rows
    )
    assert got == expected and len(rows) == 4 * 16


def test_workbook_placements_tips_postcards_and_reflections_equal_the_database(
    facilitator_client, day
):
    book = download_workbook(facilitator_client, day.event)
    placements = as_dicts(book["Övning 2"])
    assert sorted((r["Deltagare"], r["Runda"], r["Roll"]) for r in placements) == sorted(
        (p.participant.number, p.round.short, p.role.name) for p in day.placements
    )
    ticks = as_dicts(book["Övning 3"])
    handed_in = {c.participant_id for c in day.tip_choices if c.handed_in_at}
    assert sorted((r["Deltagare"], r["Lista"], r["Tips"], r["Inlämnad"]) for r in ticks) == sorted(
        (
            t.participant.number,
            t.tip.tip_list.short_title,
            t.tip.key_phrase,
            "Ja" if t.participant_id in handed_in else "Nej",
        )
        for t in day.tip_ticks
    )
    postcards = as_dicts(book["Övning 4"])
    assert len(postcards) == len(day.postcards)
    for postcard, row in zip(day.postcards, postcards, strict=True):
        assert row["Deltagare"] == postcard.participant.number
        assert row["Scenario"] == postcard.scenario.name
        # The columns are the file's own field labels.
        assert row["Vilket år är det?"] == postcard.year
        assert [
            row["Vem är du som skriver vykortet?"],
            row["Vem skriver du vykortet till?"],
            row["Hur ser vardagen ut för en ChangeMaker?"],
        ] == [
            postcard.writer,
            postcard.recipient,
            postcard.everyday,
        ]
        assert [
            row["Hur känns livet i allmänhet?"],
            row["Vad gör du i denna framtid?"],
            row["Vilken hälsning vill du skicka till mottagaren i nutiden?"],
        ] == [
            postcard.feeling,
            postcard.doing,
            postcard.greeting,
        ]
    reflections = as_dicts(book["Övning 5"])
    assert sorted((r["Deltagare"], r["Nivå"], r["Reflektion"]) for r in reflections) == sorted(
        (r.participant.number, r.prompt.text, r.text) for r in day.reflections
    )


def test_workbook_keeps_formula_like_text_as_text(facilitator_client, day):
    sheet = download_workbook(facilitator_client, day.event)["Övning 4"]
    header, _rows = sheet_rows(sheet)
    writer = header.index("Vem är du som skriver vykortet?") + 1
    cells = [sheet.cell(row=r, column=writer) for r in range(2, sheet.max_row + 1)]
    assert [c.value for c in cells] == [p.writer for p in day.postcards]
    assert {c.value.split(" ")[0] for c in cells} == set(FORMULA_LIKE)
    assert all(c.data_type == "s" for c in cells)
    assert any("🌍" in str(c.value) for row in sheet.iter_rows() for c in row)


def test_workbook_summary_equals_the_group_results(facilitator_client, day):
    event = day.event
    summary = download_workbook(facilitator_client, event)["Sammanfattning"]
    facts = dict(summary_block(summary, "Evenemang"))
    assert facts["Deltagare"] == 4 and facts["Datum"] == "2025-11-04"
    answered = answered_counts(event)
    assert [(row[0], row[2]) for row in summary_block(summary, "Svar per övning")] == [
        (str(e.label), answered[e.pk]) for e in event.exercises.all()
    ]
    rating = event.exercises.get(kind="rating")
    mix = summary_block(summary, "Övning 1: gruppens rollmix")
    assert mix == [
        [m.role.name, m.count] + [half_up(x) for x in (m.mean, m.lowest, m.highest)]
        for m in role_mix(rating)
    ]
    placement = event.exercises.get(kind="placement")
    spread = summary_block(summary, "Övning 2: rummets fördelning")
    a, b = room_spread(placement)
    assert spread[:-1] == [[role.name, n, dict(b.counts)[role]] for role, n in a.counts]
    assert spread[-1] == ["Totalt", 4, 3]
    moves = summary_block(
        summary, "Övning 2: förflyttningar från ”trivs bäst” till ”mest utmanande”"
    )
    assert moves == [[x.name, y.name, n] for x, y, n in room_moves(placement)]
    tips = summary_block(summary, "Övning 3: mest kryssade tips")
    for tally in tip_tallies(event.exercises.get(kind="tips")):
        mine = [row for row in tips if row[0] == tally.tip_list.short_title]
        if not mine:
            assert tally.handed_in == 0
            continue
        assert mine[0][3] == tally.handed_in
        assert [(row[2], row[3]) for row in mine[1:]] == [
            (tip.key_phrase, n) for tip, n in tally.ranked if n
        ][:5]
    postcards = summary_block(summary, "Övning 4: vykort per scenario")
    assert [row[2] for row in postcards] == [1, 1, 1, 1]


def test_workbook_names_only_when_asked(facilitator_client, day):
    anonymous = download_workbook(facilitator_client, day.event)
    named = download_workbook(facilitator_client, day.event, names="1")
    for sheet in anonymous.worksheets:
        values = {str(c) for row in sheet.iter_rows(values_only=True) for c in row}
        assert not any(name in value for name in day.names for value in values), sheet.title
    rows = as_dicts(named["Övning 5"])
    by_number = {p.number: p.name for p in day.participants}
    assert all((row["Förnamn"] or "") == by_number[row["Deltagare"]] for row in rows)
    assert {row["Förnamn"] for row in rows} >= {"Märta", "Örjan 🌲", "@Zlatan"}


@pytest.mark.parametrize("value", ["yes", "2", "true"])
def test_downloads_refuse_an_unknown_names_value(facilitator_client, changemakers, value):
    for url in (
        reverse("workshops:organiser_workbook", args=[changemakers.pk]),
        reverse("workshops:organiser_csv", args=[changemakers.pk, "ovning-4"]),
    ):
        response = facilitator_client.get(url, {"names": value})
        assert response.status_code == 400
        assert "names=1" in response.content.decode()


def test_csv_holds_the_same_rows_with_formulas_neutralised(facilitator_client, day):
    rows = download_csv(facilitator_client, day.event, "ovning-4")
    assert len(rows) == len(day.postcards)
    for postcard, row in zip(day.postcards, rows, strict=True):
        assert row["Deltagare"] == str(postcard.participant.number)
        assert row["Vilket år är det?"] == str(postcard.year)
        assert row["Vem är du som skriver vykortet?"] == "'" + postcard.writer
        assert row["Vem skriver du vykortet till?"] == "'" + postcard.recipient
        assert row["Hur känns livet i allmänhet?"] == "'" + postcard.feeling
        assert row["Vad gör du i denna framtid?"] == "'" + postcard.doing
        assert (
            row["Hur ser vardagen ut för en ChangeMaker?"] == postcard.everyday
        )  # plain text stays as it is
        assert row["Vilken hälsning vill du skicka till mottagaren i nutiden?"] == postcard.greeting
    starts = {row["Vem är du som skriver vykortet?"].split(" ")[0] for row in rows}
    assert starts == {"'=1+1", "'@SUM(A1)", "'-2", "'+3"}


def test_csv_of_every_exercise_matches_the_workbook(facilitator_client, day):
    book = download_workbook(facilitator_client, day.event, names="1")
    for index in range(1, 6):
        rows = download_csv(facilitator_client, day.event, f"ovning-{index}", names="1")
        header, sheet = sheet_rows(book[f"Övning {index}"])
        assert list(rows[0].keys()) == header
        for csv_row, sheet_row in zip(rows, sheet, strict=True):
            expected = [
                "" if v is None else ("'" + v if str(v)[:1] in "=+-@" else str(v))
                for v in sheet_row
            ]
            assert list(csv_row.values()) == expected


def test_csv_reflections_keep_emoji_and_swedish_letters(facilitator_client, day):
    rows = download_csv(facilitator_client, day.event, "ovning-5")
    assert len(rows) == len(day.reflections) == 16
    texts = sorted(row["Reflektion"].lstrip("'") for row in rows)
    assert texts == sorted(r.text for r in day.reflections)
    assert all("💪" in text and "tålamod" in text for text in texts)
    assert "Förnamn" not in rows[0]
