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
