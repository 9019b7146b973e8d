"""A table of an export (a sheet of the XLSX, a CSV, a block of the summary sheet) and the cells
every kind's table shares."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

Cell = str | int | float | None


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    wide: set[int] = field(default_factory=set)  # indexes of long-text columns


def yes_no(value: bool) -> str:
    return _("Ja") if value else _("Nej")


def who(include_names: bool) -> list[str]:
    return [_("Deltagare"), _("Förnamn")] if include_names else [_("Deltagare")]


def person(participant, include_names: bool) -> list[Cell]:
    return [participant.number, participant.name] if include_names else [participant.number]


def two_decimals(value: float | None) -> float | None:
    """As the report shows it (half up): the exact mean is rounded here, once."""
    if value is None:
        return None
    return float(Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def in_words(count: int) -> str:
    """A small count as a word, as the handout writes it ("en av de fyra rollerna")."""
    words = {
        2: _("två"),
        3: _("tre"),
        4: _("fyra"),
        5: _("fem"),
        6: _("sex"),
        7: _("sju"),
        8: _("åtta"),
        9: _("nio"),
        10: _("tio"),
        11: _("elva"),
        12: _("tolv"),
    }
    return words.get(count, str(count))
