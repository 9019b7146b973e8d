"""The room's priorities as bars, each item's text on its own line above its bar: the texts
are sentences, longer than a bar chart's label column (drawn by totals.html)."""

from dataclasses import dataclass

from exercises.charts import ROLE_COLOURS, WIDTH

ROW = 116
BAR_TOP = 44
BAR_HEIGHT = 44
VALUE_WIDTH = 110
# What fits on one line at the chart's 30 px text: a longer text is cut, whole in the table.
LINE_CHARACTERS = 58


@dataclass
class PriorityBar:
    label: str  # the line above the bar: the item's text (cut) and its spread
    text: str  # the whole text, for the table screen readers read
    total: int
    spread: int
    y: int
    width: float
    colour: int


@dataclass
class PriorityChart:
    title: str
    bars: list[PriorityBar]
    height: int
    track_width: int = WIDTH - VALUE_WIDTH
    value_x: int = WIDTH - VALUE_WIDTH + 16
    bar_top: int = BAR_TOP
    bar_height: int = BAR_HEIGHT
    width: int = WIDTH


def _line(text: str, spread: int) -> str:
    tail = f" ({spread})"
    room = LINE_CHARACTERS - len(tail)
    return (text if len(text) <= room else text[: room - 1].rstrip() + "…") + tail


def priority_chart(title: str, totals) -> PriorityChart:
    """totals: kind.item_totals(), highest first. Bars are scaled to the highest total."""
    track = WIDTH - VALUE_WIDTH
    top = max((row.total for row in totals), default=0)
    bars = [
        PriorityBar(
            label=_line(row.item.text, row.spread),
            text=row.item.text,
            total=row.total,
            spread=row.spread,
            y=index * ROW,
            width=round(track * row.total / top, 1) if top else 0,
            colour=index % ROLE_COLOURS + 1,
        )
        for index, row in enumerate(totals)
    ]
    return PriorityChart(title=title, bars=bars, height=max(len(bars), 1) * ROW)
