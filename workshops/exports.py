"""Spreadsheets of an event's answers: one table per exercise, used by both XLSX and CSV.

Participants appear by their anonymous number; first names only when the organiser asks.
Every figure of the summary comes from the kinds (exercises/kinds/), like the report and the projector.
"""

import csv
import io
from collections.abc import Iterable

import xlsxwriter
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from exercises.kinds.registry import KINDS, answered_counts, kind_of
from exercises.models import Exercise
from exercises.tables import Cell, Table
from exercises.tables import who as _who
from workshops.models import Event

# Kinds whose answers are stored: every kind.
EXPORTED_KINDS = set(KINDS)
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def exported_exercises(event: Event) -> list[Exercise]:
    return [e for e in event.exercises.all() if e.kind in EXPORTED_KINDS]


def exercise_table(exercise: Exercise, include_names: bool = False) -> Table:
    """The columns of an exercise and one row per answer, ordered by participant number."""
    table = kind_of(exercise).export_table(exercise, include_names)
    offset = len(_who(include_names))
    table.wide = {index + offset for index in table.wide}
    return table


def summary_tables(event: Event) -> list[Table]:
    """The summary sheet: the day's key figures, each block a small table."""
    answered = answered_counts(event)
    tables = [
        Table(
            _("Evenemang"),
            [_("Uppgift"), _("Värde")],
            [
                [_("Titel"), event.title],
                [_("Datum"), event.date.isoformat()],
                [_("Plats"), event.place],
                [_("Deltagare"), event.participants.count()],
                [_("Sammanställt"), formats.date_format(timezone.localtime(), "Y-m-d H:i")],
            ],
        ),
        Table(
            _("Svar per övning"),
            [_("Övning"), _("Titel"), _("Antal som svarat")],
            [[str(e.label), e.title, answered.get(e.pk, 0)] for e in exported_exercises(event)],
        ),
    ]
    for exercise in event.exercises.all():
        tables += kind_of(exercise).summary_tables(exercise)
    from talks.exports import summary_tables as talk_summary_tables

    return tables + talk_summary_tables(event)


def sheet_name(exercise: Exercise, taken: set[str]) -> str:
    """Excel's limits: 31 characters, none of []:*?/\\, unique in the workbook."""
    name = "".join(c for c in str(exercise.label) if c not in "[]:*?/\\")[:31] or exercise.key
    base, n = name, 2
    while name.lower() in taken:
        name = f"{base[:28]} {n}"
        n += 1
    taken.add(name.lower())
    return name


def workbook(event: Event, include_names: bool = False) -> bytes:
    """The XLSX: a summary sheet, then one sheet per exercise with one row per answer."""
    output = io.BytesIO()
    book = xlsxwriter.Workbook(
        output,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    bold = book.add_format({"bold": True})
    heading = book.add_format({"bold": True, "font_size": 13})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    top = book.add_format({"valign": "top"})

    summary = book.add_worksheet(_("Sammanfattning"))
    summary.set_column(0, 0, 34)
    summary.set_column(1, 3, 22)
    row = 0
    for table in summary_tables(event):
        summary.write_string(row, 0, table.title, heading)
        _write_row(summary, row + 1, table.columns, bold)
        for offset, cells in enumerate(table.rows, start=2):
            _write_row(summary, row + offset, cells)
        row += len(table.rows) + 3

    from talks.exports import talk_tables

    taken = {_("Sammanfattning").lower()}
    sheets = [
        (exercise_table(e, include_names), sheet_name(e, taken)) for e in exported_exercises(event)
    ]
    sheets += [(table, table.title[:31]) for table in talk_tables(event, include_names)]
    for table, name in sheets:
        sheet = book.add_worksheet(name)
        for index in range(len(table.columns)):
            wide = index in table.wide
            sheet.set_column(index, index, 50 if wide else 16, wrap if wide else top)
        _write_row(sheet, 0, table.columns, bold)
        for index, cells in enumerate(table.rows, start=1):
            _write_row(sheet, index, cells)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(len(table.rows), 1), len(table.columns) - 1)
    book.close()
    return output.getvalue()


def _write_row(sheet, row: int, cells: Iterable[Cell], cell_format=None) -> None:
    """Strings are written as strings, never as formulas, numbers or links."""
    for column, value in enumerate(cells):
        if value is None or value == "":
            sheet.write_blank(row, column, None, cell_format)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            sheet.write_number(row, column, value, cell_format)
        else:
            sheet.write_string(row, column, str(value), cell_format)


def neutralise(value: Cell) -> Cell:
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(exercise: Exercise, include_names: bool = False) -> bytes:
    """UTF-8 with BOM and semicolons, as Excel with Swedish settings opens it directly."""
    table = exercise_table(exercise, include_names)
    output = io.StringIO()
    writer = csv.writer(output, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(c) for c in table.columns])
    for row in table.rows:
        writer.writerow(["" if c is None else neutralise(c) for c in row])
    return ("\ufeff" + output.getvalue()).encode("utf-8")
