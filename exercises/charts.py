"""Geometry for the server-rendered SVG charts; templates/charts/ draws them.

One partial serves the page, the WebSocket push, the report and the PDF.
"""

from dataclasses import dataclass

WIDTH = 1000
ROW_HEIGHT = 64
LABEL_WIDTH = 360
VALUE_WIDTH = 110


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
            colour=index % 4 + 1,
        )
        for index, (label, value, display) in enumerate(rows)
    ]
    return BarChart(title=title, bars=bars, height=max(len(bars), 1) * ROW_HEIGHT)
