"""Geometry for the server-rendered SVG charts that every kind may use (bars); a kind's own
chart is in its folder (exercises/kinds/<folder>/charts.py), drawn by its templates.

One partial serves the page, the WebSocket push, the report and the PDF.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format

WIDTH = 1000
ROW_HEIGHT = 64
LABEL_WIDTH = 360
VALUE_WIDTH = 110
# The roles' colours in the stylesheets (--role-1 … --role-12): a day has at most 12 roles.
ROLE_COLOURS = 12


@dataclass
class Bar:
    label: str
    value: float
    display: str
    y: int
    width: float
    colour: int


@dataclass
class BarChart:
    title: str
    bars: list[Bar]
    height: int
    label_width: int = LABEL_WIDTH
    track_width: int = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    value_x: int = WIDTH - VALUE_WIDTH + 12
    bar_height: int = ROW_HEIGHT - 24
    width: int = WIDTH


def bar_chart(title: str, rows, max_value: float) -> BarChart:
    """rows: (label, value or None, display text). Bars are scaled to max_value."""
    track = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = [
        Bar(
            label=str(label),
            value=value or 0,
            display=display,
            y=index * ROW_HEIGHT,
            width=round(track * (value or 0) / max_value, 1) if max_value else 0,
            colour=index % ROLE_COLOURS + 1,
        )
        for index, (label, value, display) in enumerate(rows)
    ]
    return BarChart(title=title, bars=bars, height=max(len(bars), 1) * ROW_HEIGHT)


def one_decimal(value: float | None) -> str:
    """A mean as the projector shows it: half up to one decimal, as floatformat:1 does on the
    phones (2.65 → "2,7"), with the active language's decimal sign."""
    if value is None:
        return "–"
    rounded = Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return number_format(rounded, 1)
