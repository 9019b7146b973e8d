"""The group's results, computed from the database: what projector, report and exports show.
Each kind computes its own (exercises/kinds/); this is where the rest of the app finds them."""

from exercises.kinds.placement.kind import RoundSpread, room_moves, room_spread
from exercises.kinds.postcard.kind import (
    WALL_CARDS,
    postcard_wall,
    postcards_by_scenario,
    wall_cards,
)
from exercises.kinds.prompts.kind import reflections_by_level
from exercises.kinds.rating.kind import RoleMix, role_mix
from exercises.kinds.registry import answered_count, answered_counts
from exercises.kinds.tips.kind import TipTally, tip_tallies

__all__ = [
    "WALL_CARDS",
    "RoleMix",
    "RoundSpread",
    "TipTally",
    "answered_count",
    "answered_counts",
    "postcard_wall",
    "postcards_by_scenario",
    "reflections_by_level",
    "role_mix",
    "room_moves",
    "room_spread",
    "tip_tallies",
    "wall_cards",
]
