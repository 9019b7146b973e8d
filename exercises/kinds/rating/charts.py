"""Its chart's geometry, drawn by its templates (server-rendered SVG or HTML)."""

from collections import Counter
from dataclasses import dataclass

from exercises.charts import ROLE_COLOURS, WIDTH, one_decimal

# --- Övning 1: the role mix, mean and spread per role on the exercise's scale ---

MIX_ROW = 96
MIX_LABEL = 330
MIX_TRACK = 540
MIX_TOP = 40


@dataclass
class MixRow:
    label: str
    y: int
    count: int
    mean: float | None
    mean_x: float | None
    low_x: float | None
    high_x: float | None
    dots: list[tuple[float, int, int, int]]  # (x, participants there, stack step 1–4, radius)
    colour: int
    low: float | None = None
    high: float | None = None

    @property
    def display(self) -> str:
        return one_decimal(self.mean)

    @property
    def low_display(self) -> str:
        return one_decimal(self.low)

    @property
    def high_display(self) -> str:
        return one_decimal(self.high)

    @property
    def range_x(self) -> float:
        return round((self.low_x or 0) - 14, 1)

    @property
    def range_width(self) -> float:
        return round((self.high_x or 0) - (self.low_x or 0) + 28, 1)


@dataclass
class MixChart:
    title: str
    rows: list[MixRow]
    height: int
    ticks: list[tuple[int, float]]
    width: int = WIDTH
    label_width: int = MIX_LABEL
    track_start: int = MIX_LABEL
    track_end: int = MIX_LABEL + MIX_TRACK
    value_x: int = MIX_LABEL + MIX_TRACK + 30
    top: int = MIX_TOP
    row_height: int = MIX_ROW


def _scale(score: float, low: int = 1, high: int = 5) -> float:
    """The scale (1–5 by default) onto the track."""
    return round(MIX_LABEL + (score - low) / (high - low) * MIX_TRACK, 1)


MIX_STACK_MAX = 4
MIX_DOT_RADIUS = 11


def _stacked_dots(scores: list[float], low=1, high=5) -> list[tuple[float, int, int, int]]:
    """One dot per distinct score, not per participant: with 1,000 participants most scores
    repeat. Dots are drawn in the role's full colour (a pale one fails WCAG 1.4.11's 3:1), so
    a score that more participants share gets a larger dot, not a darker one: (x, count,
    stack step 1–4, radius)."""
    counts = Counter(_scale(score, low, high) for score in scores)
    return [
        (x, count, stack, MIX_DOT_RADIUS + 2 * (stack - 1))
        for x, count in sorted(counts.items())
        for stack in [min(count, MIX_STACK_MAX)]
    ]


def role_mix_chart(mix, title: str = "", scale=None) -> MixChart:
    """mix: results.role_mix(); each role's scores as dots, their range as a band, the mean
    as a bar across it. One participant's profile gives one dot per role. scale: the
    exercise's (its min and max), 1–5 without one."""
    low, high = (scale.min, scale.max) if scale else (1, 5)

    def at(score):
        return _scale(score, low, high)

    rows = []
    for index, role_mix in enumerate(mix):
        scores = role_mix.scores
        rows.append(
            MixRow(
                label=str(role_mix.role),
                y=MIX_TOP + index * MIX_ROW,
                count=role_mix.count,
                mean=role_mix.mean,
                mean_x=at(role_mix.mean) if scores else None,
                low_x=at(role_mix.lowest) if scores else None,
                high_x=at(role_mix.highest) if scores else None,
                dots=_stacked_dots(scores, low, high),
                colour=index % ROLE_COLOURS + 1,
                low=role_mix.lowest,
                high=role_mix.highest,
            )
        )
    return MixChart(
        title=title or "Rollmix",
        rows=rows,
        height=MIX_TOP + max(len(rows), 1) * MIX_ROW,
        ticks=[(value, at(value)) for value in range(low, high + 1)],
    )
