"""Its part of the workshop file (see workshops/schema.py)."""

from typing import Annotated, Literal

from django.utils.translation import gettext as _
from pydantic import Field, StrictInt, model_validator

from exercises.kinds.spec import ExerciseSpec, Key, Spec, _text, _unique, error


class PriorityItemSpec(Spec):
    key: Key
    text: _text(300)


class PrioritisationSpec(ExerciseSpec):
    kind: Literal["prioritisation"]
    # points: spread `points` over the items; rank: put the items in order (1 = first).
    mode: Literal["points", "rank"] = "points"
    points: Annotated[StrictInt, Field(ge=2, le=10)] = 10
    items: Annotated[list[PriorityItemSpec], Field(min_length=2, max_length=10)]

    @model_validator(mode="after")
    def _unique_items(self):
        _unique([item.key for item in self.items], "items", field="key")
        if self.mode == "rank" and "points" in self.model_fields_set:
            raise error(_("bara poängfördelning har poäng"), "points")
        return self


SPECS = (PrioritisationSpec,)
