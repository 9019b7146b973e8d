"""Its part of the workshop file (see workshops/schema.py)."""

from typing import Annotated, Literal

from pydantic import (
    Field,
    model_validator,
)

from exercises.kinds.spec import LONG_TEXT, ExerciseSpec, Key, Spec, _text, _unique


class LunchSpec(ExerciseSpec):
    kind: Literal["lunch"]


class LevelSpec(Spec):
    key: Key
    text: _text(LONG_TEXT)


class ReflectionSpec(ExerciseSpec):
    kind: Literal["reflection"]
    levels: Annotated[list[LevelSpec], Field(min_length=1, max_length=20)]

    @model_validator(mode="after")
    def _unique_levels(self):
        _unique([level.key for level in self.levels], "levels", field="key")
        return self


SPECS = (LunchSpec, ReflectionSpec)
