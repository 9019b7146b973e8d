"""Its part of the workshop file (see workshops/schema.py)."""

from typing import Annotated, Literal

from django.utils.translation import gettext as _
from pydantic import (
    Field,
    StrictStr,
    StringConstraints,
    model_validator,
)

from exercises.kinds.spec import (
    LONG_TEXT,
    ExerciseSpec,
    Key,
    Questions,
    Spec,
    _text,
    _unique,
    error,
)

RoundKey = Annotated[
    StrictStr, StringConstraints(max_length=20, pattern=r"^[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*$")
]


class RoundSpec(Spec):
    key: RoundKey
    # What the round asks in a few words ("trivs bäst"), for the projector's and report's legends.
    short: _text(60, required=False) = None
    instruction: _text(LONG_TEXT)
    discussion: _text(LONG_TEXT, required=False) = None
    questions: Questions


class PlacementSpec(ExerciseSpec):
    kind: Literal["placement"]
    rounds: Annotated[list[RoundSpec], Field(min_length=1, max_length=10)]
    # The roles that are the room's corners, in the file's order of roles; all roles without it.
    corners: Annotated[list[Key], Field(min_length=2, max_length=12)] | None = None
    # The pairs of rounds whose moves are shown ([[first, last]]); every round from the one
    # before without it.
    moves: (
        Annotated[
            list[Annotated[list[RoundKey], Field(min_length=2, max_length=2)]],
            Field(min_length=1, max_length=45),
        ]
        | None
    ) = None

    @model_validator(mode="after")
    def _unique_rounds(self):
        _unique([r.key for r in self.rounds], "rounds", field="key")
        _unique(self.corners or [], "corners", field=None)
        keys = [r.key for r in self.rounds]
        for index, pair in enumerate(self.moves or []):
            for place, key in enumerate(pair):
                if key not in keys:
                    raise error(
                        _("okänd runda '%(key)s' (rounds: %(keys)s)")
                        % {"key": key, "keys": ", ".join(keys)},
                        "moves",
                        index,
                        place,
                    )
            if pair[0] == pair[1]:
                raise error(_("två olika rundor behövs"), "moves", index)
        return self


SPECS = (PlacementSpec,)
