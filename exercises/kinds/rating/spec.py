"""Its part of the workshop file (see workshops/schema.py)."""

from typing import Annotated, Literal

from django.utils.translation import gettext as _
from pydantic import (
    Field,
    StrictInt,
    model_validator,
)

from exercises.kinds.spec import ExerciseSpec, Key, Spec, _text, error


class AbilitySpec(Spec):
    name: _text(200)
    roles: Annotated[list[Key], Field(min_length=1, max_length=20)]


class ScaleSpec(Spec):
    """The rating scale: whole numbers from min to max, each end with its words."""

    min: Annotated[StrictInt, Field(ge=0, le=10)] = 1
    max: Annotated[StrictInt, Field(ge=1, le=10)] = 5
    low: _text(100) = "stämmer inte alls"
    high: _text(100) = "stämmer helt"

    @model_validator(mode="after")
    def _max_above_min(self):
        if self.max <= self.min:
            raise error(_("måste vara större än min (%(min)s)") % {"min": self.min}, "max")
        return self


class RatedSpec(Spec):
    """What the rating rates, in the singular and plural ("förmåga", "förmågor"): the phones'
    and the report's sentences use it; neutral words ("påstående") without it."""

    one: _text(60)
    many: _text(60)


class RatingSpec(ExerciseSpec):
    kind: Literal["rating"]
    scale: ScaleSpec = ScaleSpec()
    rated: RatedSpec | None = None
    abilities: Annotated[list[AbilitySpec], Field(min_length=1, max_length=100)]


SPECS = (RatingSpec,)
