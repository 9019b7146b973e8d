"""Its chart's geometry, drawn by its templates (server-rendered SVG or HTML)."""

from dataclasses import dataclass

# --- Övning 4: the four scenarios on their 2×2 (HTML, so postcards can wrap) ---


@dataclass
class Quadrant:
    scenario: object
    postcards: list
    row: int
    column: int
    count: int = 0  # postcards in all (the wall shows some of them)


@dataclass
class ScenarioMap:
    title: str
    vertical_label: str
    horizontal_label: str
    quadrants: list[Quadrant]

    @property
    def total(self) -> int:
        return sum(q.count for q in self.quadrants)


def scenario_map(exercise, grouped, counts: dict | None = None) -> ScenarioMap:
    """grouped: results.postcards_by_scenario(), or some postcards per scenario with `counts`
    (scenario id → postcards in all). The vertical axis runs up (high on top), the horizontal
    one right (high on the right)."""
    axes = exercise.config.get("axes", {}) if exercise.config else {}
    quadrants = [
        Quadrant(
            scenario=scenario,
            # Featured first, then the newest: what the wall shows without JavaScript.
            postcards=sorted(postcards, key=lambda p: (not p.featured, -p.created_at.timestamp())),
            row=1 if scenario.vertical == "high" else 2,
            column=2 if scenario.horizontal == "high" else 1,
            count=len(postcards) if counts is None else counts.get(scenario.pk, 0),
        )
        for scenario, postcards in grouped
    ]
    quadrants.sort(key=lambda q: (q.row, q.column))
    return ScenarioMap(
        title=exercise.config.get("scenarios_title", "") if exercise.config else "",
        vertical_label=axes.get("vertical", ""),
        horizontal_label=axes.get("horizontal", ""),
        quadrants=quadrants,
    )
