"""Spreadsheets of an event's answers: one table per exercise, used by both XLSX and CSV.

Participants appear by their anonymous number; first names only when the organiser asks.
Every figure of the summary comes from exercises.results, like the report and the projector.
"""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import xlsxwriter
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from exercises import results
from exercises.models import Exercise, Placement, Rating, Reflection, TipChoice, TipTick
from scenarios.models import Postcard
from workshops.models import Event

# Kinds whose answers are stored: every kind.
EXPORTED_KINDS = set(Exercise.Kind)
TOP_TIPS = 5
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | None


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    wide: set[int] = field(default_factory=set)  # indexes of long-text columns


def exported_exercises(event: Event) -> list[Exercise]:
    return [e for e in event.exercises.all() if e.kind in EXPORTED_KINDS]


def _yes_no(value: bool) -> str:
    return _("Ja") if value else _("Nej")


def _who(include_names: bool) -> list[str]:
    return [_("Deltagare"), _("Förnamn")] if include_names else [_("Deltagare")]


def _person(participant, include_names: bool) -> list[Cell]:
    return [participant.number, participant.name] if include_names else [participant.number]


def exercise_table(exercise: Exercise, include_names: bool = False) -> Table:
    """The columns of an exercise and one row per answer, ordered by participant number."""
    build = {
        Exercise.Kind.RATING: _rating_table,
        Exercise.Kind.PLACEMENT: _placement_table,
        Exercise.Kind.TIPS: _tips_table,
        Exercise.Kind.POSTCARD: _postcard_table,
        Exercise.Kind.REFLECTION: _reflection_table,
        Exercise.Kind.LUNCH: _reflection_table,
    }[exercise.kind]
    table = build(exercise, include_names)
    offset = len(_who(include_names))
    table.wide = {index + offset for index in table.wide}
    return table


def _rating_table(exercise: Exercise, include_names: bool) -> Table:
    table = Table(
        str(exercise),
        _who(include_names) + [_("Nr"), _("Förmåga"), _("Roller"), _("Skattning (1–5)")],
        wide={1},
    )
    ratings = (
        Rating.objects.filter(ability__exercise=exercise)
        .select_related("participant", "ability")
        .prefetch_related("ability__roles")
        .order_by("participant__number", "ability__order")
    )
    for rating in ratings:
        roles = ", ".join(role.name for role in rating.ability.roles.all())
        table.rows.append(
            _person(rating.participant, include_names)
            + [rating.ability.order, rating.ability.name, roles, rating.value]
        )
    return table


def _placement_table(exercise: Exercise, include_names: bool) -> Table:
    table = Table(str(exercise), _who(include_names) + [_("Runda"), _("Roll")])
    placements = (
        Placement.objects.filter(round__exercise=exercise)
        .select_related("participant", "round", "role")
        .order_by("participant__number", "round__key")
    )
    for placement in placements:
        table.rows.append(
            _person(placement.participant, include_names)
            + [placement.round.key, placement.role.name]
        )
    return table


def _tips_table(exercise: Exercise, include_names: bool) -> Table:
    """One row per ticked tip; a chosen list without ticks gets one row of its own.
    "Inlämnad" says whether the tick counts: its list was handed in (as in the tallies)."""
    table = Table(
        str(exercise),
        _who(include_names)
        + [_("Lista"), _("Inlämnad"), _("Kategori"), _("Tips nr"), _("Tips"), _("Text")],
        wide={5},
    )
    choices = {
        (c.participant_id, c.tip_list_id): c
        for c in TipChoice.objects.filter(exercise=exercise).select_related(
            "participant", "tip_list"
        )
    }
    ticks = TipTick.objects.filter(tip__tip_list__exercise=exercise).select_related(
        "participant", "tip__tip_list"
    )
    rows = []
    ticked = set()
    for tick in ticks:
        choice = choices.get((tick.participant_id, tick.tip.tip_list_id))
        ticked.add((tick.participant_id, tick.tip.tip_list_id))
        sort = (tick.participant.number, tick.tip.tip_list.order, tick.tip.order)
        rows.append(
            (
                sort,
                _person(tick.participant, include_names)
                + [
                    tick.tip.tip_list.short_title,
                    _yes_no(bool(choice and choice.handed_in_at)),
                    tick.tip.get_category_display(),
                    tick.tip.order,
                    tick.tip.key_phrase,
                    tick.tip.text,
                ],
            )
        )
    for key, choice in choices.items():
        if key not in ticked:
            sort = (choice.participant.number, choice.tip_list.order, 0)
            rows.append(
                (
                    sort,
                    _person(choice.participant, include_names)
                    + [
                        choice.tip_list.short_title,
                        _yes_no(bool(choice.handed_in_at)),
                        None,
                        None,
                        None,
                        None,
                    ],
                )
            )
    table.rows = [row for _sort, row in sorted(rows, key=lambda pair: pair[0])]
    return table


def _postcard_table(exercise: Exercise, include_names: bool) -> Table:
    labels = [
        str(Postcard._meta.get_field(name).verbose_name).capitalize() for name in Postcard.FIELDS
    ]
    table = Table(
        str(exercise),
        _who(include_names)
        + [_("Scenario nr"), _("Scenario")]
        + labels
        + [_("Dold på projektorn"), _("Framlyft")],
        wide={5, 6, 7, 8},
    )
    postcards = exercise.postcards.select_related("participant", "scenario").order_by(
        "participant__number"
    )
    for postcard in postcards:
        table.rows.append(
            _person(postcard.participant, include_names)
            + [postcard.scenario.number, postcard.scenario.name]
            + [getattr(postcard, name) for name in Postcard.FIELDS]
            + [_yes_no(postcard.hidden), _yes_no(postcard.featured)]
        )
    return table


def _reflection_table(exercise: Exercise, include_names: bool) -> Table:
    """Övning 5's reflections, and the lunch answers (one row per prompt answered)."""
    lunch = exercise.kind == Exercise.Kind.LUNCH
    table = Table(
        str(exercise),
        _who(include_names)
        + [
            _("Fråga") if lunch else _("Nivå"),
            _("Svar") if lunch else _("Reflektion"),
            _("Dold på projektorn"),
            _("Framlyft"),
        ],
        wide={0, 1},
    )
    reflections = (
        Reflection.objects.filter(prompt__exercise=exercise)
        .select_related("participant", "prompt")
        .order_by("participant__number", "prompt__order")
    )
    for reflection in reflections:
        table.rows.append(
            _person(reflection.participant, include_names)
            + [
                reflection.prompt.text,
                reflection.text,
                _yes_no(reflection.hidden),
                _yes_no(reflection.featured),
            ]
        )
    return table


def summary_tables(event: Event) -> list[Table]:
    """The summary sheet: the day's key figures, each block a small table."""
    answered = results.answered_counts(event)
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
        tables += _summary_of(exercise)
    from talks.exports import summary_tables as talk_summary_tables

    return tables + talk_summary_tables(event)


def _two_decimals(value: float | None) -> float | None:
    """As the report shows it (half up): the exact mean is rounded here, once."""
    if value is None:
        return None
    return float(Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _summary_of(exercise: Exercise) -> list[Table]:
    label = exercise.label
    if exercise.kind == Exercise.Kind.RATING:
        rows = [
            [m.role.name, m.count, _two_decimals(m.mean), _two_decimals(m.lowest)]
            + [_two_decimals(m.highest)]
            for m in results.role_mix(exercise)
        ]
        columns = [_("Roll"), _("Antal"), _("Medel"), _("Lägst"), _("Högst")]
        return [Table(_("%(label)s: gruppens rollmix") % {"label": label}, columns, rows)]
    if exercise.kind == Exercise.Kind.PLACEMENT:
        spreads = results.room_spread(exercise)
        roles = [role for role, _count in spreads[0].counts] if spreads else []
        spread_rows = [[role.name] + [dict(s.counts)[role] for s in spreads] for role in roles]
        spread_rows.append([_("Totalt")] + [s.total for s in spreads])
        moves = [[a.name, b.name, n] for a, b, n in results.room_moves(exercise)]
        return [
            Table(
                _("%(label)s: rummets fördelning") % {"label": label},
                [_("Roll")] + [_("Runda %(key)s") % {"key": s.key} for s in spreads],
                spread_rows,
            ),
            Table(
                _("%(label)s: förflyttningar") % {"label": label},
                [_("Från (runda A)"), _("Till (runda B)"), _("Antal")],
                moves,
            ),
        ]
    if exercise.kind == Exercise.Kind.TIPS:
        rows = []
        for tally in results.tip_tallies(exercise):
            top = [(tip, n) for tip, n in tally.ranked if n][:TOP_TIPS]
            rows.append([tally.tip_list.short_title, _("Inlämnade listor"), None, tally.handed_in])
            rows += [
                [tally.tip_list.short_title, place, tip.key_phrase, n]
                for place, (tip, n) in enumerate(top, 1)
            ]
        return [
            Table(
                _("%(label)s: mest kryssade tips") % {"label": label},
                [_("Lista"), _("Plats"), _("Tips"), _("Kryss")],
                rows,
            )
        ]
    if exercise.kind == Exercise.Kind.POSTCARD:
        grouped = results.postcards_by_scenario(exercise, include_hidden=True)
        rows = [[s.number, s.name, len(cards)] for s, cards in grouped]
        return [
            Table(
                _("%(label)s: vykort per scenario") % {"label": label},
                [_("Nr"), _("Scenario"), _("Vykort")],
                rows,
            )
        ]
    if exercise.kind == Exercise.Kind.REFLECTION:
        grouped = results.reflections_by_level(exercise, include_hidden=True)
        rows = [[level.text, len(texts)] for level, texts in grouped]
        return [
            Table(
                _("%(label)s: reflektioner per nivå") % {"label": label},
                [_("Nivå"), _("Antal")],
                rows,
            )
        ]
    if exercise.kind == Exercise.Kind.LUNCH:
        grouped = results.reflections_by_level(exercise, include_hidden=True)
        rows = [[prompt.text, len(texts)] for prompt, texts in grouped]
        return [
            Table(
                _("%(label)s: svar per fråga") % {"label": label},
                [_("Fråga"), _("Antal")],
                rows,
            )
        ]
    return []


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
