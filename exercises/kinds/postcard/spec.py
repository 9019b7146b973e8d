"""Its part of the workshop file (see workshops/schema.py)."""

from typing import Annotated, Literal

from django.utils.translation import gettext as _
from pydantic import (
    Field,
    StrictInt,
    model_validator,
)

from exercises.kinds.spec import LONG_TEXT, ExerciseSpec, Spec, _text, _unique, error

# What a postcard can ask: a day's file lists those it asks, in its order (scenario always).
POSTCARD_FIELDS = ("scenario", "year", "writer", "recipient", "everyday", "feeling", "doing")
POSTCARD_FIELDS += ("greeting",)


class AxisSpec(Spec):
    name: _text(200)
    high: _text(100)  # the high end's words ("Högt politiskt åtagande")
    low: _text(100)
    # Shorter words where the phone has little room ("Hög förmåga"); high and low without them.
    high_short: _text(40, required=False) = None
    low_short: _text(40, required=False) = None


# The first files named the Changemakers day's axes; they still load (loader.old_name_notes()).
OLD_AXIS_NAMES = {"political": "vertical", "capacity": "horizontal"}


def _renamed(value, names: dict[str, str]):
    """A mapping with its old keys under their new names (a new name given too wins)."""
    if not isinstance(value, dict):
        return value
    return {names.get(key, key): item for key, item in value.items() if key not in names} | {
        names[key]: item for key, item in value.items() if key in names and names[key] not in value
    }


class AxesSpec(Spec):
    vertical: AxisSpec  # high on top
    horizontal: AxisSpec  # high on the right


class ScenarioSpec(Spec):
    number: Annotated[StrictInt, Field(ge=1, le=999)]
    name: _text(200)
    summary: _text(300, required=False) = None
    vertical: Literal["high", "low"]
    horizontal: Literal["high", "low"]
    text: _text(LONG_TEXT)


class FieldSpec(Spec):
    key: Literal[POSTCARD_FIELDS]
    label: _text(LONG_TEXT)
    hint: _text(300, required=False) = None


class PostcardSpec(ExerciseSpec):
    kind: Literal["postcard"]
    axes: AxesSpec
    scenarios_title: _text(200, required=False) = None
    scenarios: Annotated[list[ScenarioSpec], Field(min_length=1, max_length=4)]
    fields: Annotated[list[FieldSpec], Field(min_length=1, max_length=len(POSTCARD_FIELDS))]

    @model_validator(mode="before")
    @classmethod
    def _old_axis_names(cls, data):
        if not isinstance(data, dict):
            return data
        data = {**data, "axes": _renamed(data.get("axes"), OLD_AXIS_NAMES)}
        if isinstance(data.get("scenarios"), list):
            data["scenarios"] = [_renamed(s, OLD_AXIS_NAMES) for s in data["scenarios"]]
        return {key: value for key, value in data.items() if value is not None or key != "axes"}

    @model_validator(mode="after")
    def _one_per_quadrant(self):
        _unique([field.key for field in self.fields], "fields", field="key")
        if "scenario" not in {field.key for field in self.fields}:
            raise error(
                _("fältet 'scenario' behövs (vilken framtid vykortet skrivs från)"), "fields"
            )
        _unique([s.number for s in self.scenarios], "scenarios", field="number")
        quadrants = set()
        for index, scenario in enumerate(self.scenarios):
            quadrant = (scenario.vertical, scenario.horizontal)
            if quadrant in quadrants:
                raise error(_("två scenarier på samma plats i fyrfältaren"), "scenarios", index)
            quadrants.add(quadrant)
        if len(quadrants) != 4:
            raise error(
                _("ett scenario för var och en av fyrfältarens fyra rutor behövs"), "scenarios"
            )
        return self


SPECS = (PostcardSpec,)
