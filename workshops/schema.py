"""The workshop file's schema: pydantic models that mirror the YAML file (see the README).

A file is validated against these models before anything touches the database. Lengths and
ranges follow the database columns, so whatever passes here can be stored on SQLite and
PostgreSQL alike. `python manage.py workshop_schema` writes the same schema as JSON Schema to
`workshops/data/workshop.schema.json`, for editors that check a YAML file while it is written.
Errors come out in the file's terms, e.g. `exercises[2].lists[1].key: 'chefer' finns redan`.
"""

import datetime
import re
from collections import Counter
from typing import Annotated, Literal

from django.utils.translation import gettext as _
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    StringConstraints,
    ValidationError,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

SLUG_PATTERN = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"
LONG_TEXT = 20_000
EXERCISE_KINDS = ("rating", "placement", "tips", "lunch", "postcard", "reflection")
# What a postcard can ask: a day's file lists those it asks, in its order (scenario always).
POSTCARD_FIELDS = ("scenario", "year", "writer", "recipient", "everyday", "feeling", "doing")
POSTCARD_FIELDS += ("greeting",)


def error(message: str, *at: str | int) -> PydanticCustomError:
    """An error whose place is `at` below the model that raises it."""
    return PydanticCustomError("workshop", "{message}", {"message": message, "at": at})


def _storable(value: str) -> str:
    if "\x00" in value:
        raise error(_("innehåller ett NUL-tecken"))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise error(_("innehåller ogiltiga tecken")) from None
    return value


def _text(max_length: int, required: bool = True):
    text = Annotated[
        StrictStr,
        StringConstraints(strip_whitespace=True, min_length=int(required), max_length=max_length),
        AfterValidator(_storable),
    ]
    return text if required else text | None


def _iso_date(value: str) -> datetime.date:
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise error(_("'%(value)s' är inget datum (ÅÅÅÅ-MM-DD)") % {"value": value[:40]}) from None


Slug = Annotated[StrictStr, StringConstraints(max_length=80, pattern=SLUG_PATTERN)]
Key = Annotated[StrictStr, StringConstraints(max_length=40, pattern=SLUG_PATTERN)]
IsoDate = Annotated[
    StrictStr,
    AfterValidator(_iso_date),
    # A file read with PyYAML's own safe_load has dates already (ours keeps them text).
    BeforeValidator(lambda v: v.isoformat() if type(v) is datetime.date else v),
    WithJsonSchema({"type": "string", "format": "date"}),
]


class Spec(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


def _unique(values: list, *place: str | int, field: str | None) -> None:
    """Refuses the second of two equal values; `place` is the list's place below the model."""
    seen = Counter()
    for index, value in enumerate(values):
        seen[value] += 1
        if seen[value] == 2:
            at = (*place, index, field) if field else (*place, index)
            raise error(_("'%(value)s' finns redan") % {"value": value}, *at)


# --- Event, roles, program ---


class EventSpec(Spec):
    slug: Slug
    title: _text(200)
    subtitle: _text(200, required=False) = None
    date: IsoDate
    place: _text(200, required=False) = None
    introduction: _text(LONG_TEXT, required=False) = None
    roles_introduction: _text(LONG_TEXT, required=False) = None


class RoleSpec(Spec):
    key: Key
    name: _text(100)
    description: _text(LONG_TEXT)


class PollSpec(Spec):
    """A poll written in advance: the console has it ready to send during its item."""

    question: _text(300)
    kind: Literal["choice", "scale", "words"] = "choice"
    options: Annotated[list[_text(120)], Field(max_length=6)] = []

    @model_validator(mode="after")
    def _options_fit_kind(self):
        if self.kind == "choice" and len(self.options) < 2:
            raise error(_("minst 2 svarsalternativ (högst 6)"), "options")
        if self.kind != "choice" and self.options:
            raise error(_("bara en omröstning med svarsalternativ har alternativ"), "options")
        return self


class ProgramItemSpec(Spec):
    part: _text(200, required=False) = None
    part_subtitle: _text(200, required=False) = None
    kind: Literal["talk", "workshop", "lunch", "fika", "closing"]
    title: _text(300)
    speakers: Annotated[list[_text(100)], Field(max_length=20)] = []
    description: _text(LONG_TEXT, required=False) = None
    exercises: Annotated[list[Key], Field(max_length=20)] = []
    polls: Annotated[list[PollSpec], Field(max_length=20)] = []
    # The presenter's own notes for the item: shown on the console only.
    notes: _text(LONG_TEXT, required=False) = None

    @model_validator(mode="after")
    def _speakers_fit(self):
        if len(", ".join(self.speakers)) > 300:
            raise error(_("högst 300 tecken tillsammans"), "speakers")
        return self


# --- Exercises, one model per kind ---

Questions = Annotated[list[_text(LONG_TEXT)], Field(max_length=50)]


class ExerciseSpec(Spec):
    key: Key
    number: Annotated[StrictInt, Field(ge=1, le=999)] | None = None
    title: _text(300)
    minutes: Annotated[StrictInt, Field(ge=1, le=600)] | None = None
    instruction: _text(LONG_TEXT, required=False) = None
    questions: Questions = []
    # What a phone shows instead of the handout's closing words (which speak of paper).
    phone_questions: Questions = []
    # The presenter's own notes for the exercise: shown on the console only.
    notes: _text(LONG_TEXT, required=False) = None


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


class TipSpec(Spec):
    category: Key  # one of its list's categories
    key_phrase: _text(200)
    text: _text(LONG_TEXT)

    @model_validator(mode="after")
    def _phrase_in_text(self):
        if self.key_phrase not in self.text:
            raise error(
                _("key_phrase '%(phrase)s' står inte i text") % {"phrase": self.key_phrase[:60]}
            )
        return self


class CategorySpec(Spec):
    key: Key
    name: _text(100)


class TipListSpec(Spec):
    key: Key
    title: _text(200)
    short_title: _text(100)
    categories: Annotated[list[CategorySpec], Field(min_length=1, max_length=20)]
    tips: Annotated[list[TipSpec], Field(max_length=200)]

    @model_validator(mode="after")
    def _known_categories(self):
        _unique([category.key for category in self.categories], "categories", field="key")
        keys = {category.key for category in self.categories}
        for index, tip in enumerate(self.tips):
            if tip.category not in keys:
                raise error(
                    _("okänd kategori '%(key)s' (listans categories: %(keys)s)")
                    % {"key": tip.category, "keys": ", ".join(c.key for c in self.categories)},
                    "tips",
                    index,
                    "category",
                )
        return self


class TipsSpec(ExerciseSpec):
    kind: Literal["tips"]
    lists: Annotated[list[TipListSpec], Field(min_length=1, max_length=20)]

    @model_validator(mode="after")
    def _unique_lists(self):
        _unique([tip_list.key for tip_list in self.lists], "lists", field="key")
        return self


class LunchSpec(ExerciseSpec):
    kind: Literal["lunch"]


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


Exercise = Annotated[
    RatingSpec | PlacementSpec | TipsSpec | LunchSpec | PostcardSpec | ReflectionSpec,
    Field(discriminator="kind"),
]


class Workshop(Spec):
    """A whole workshop day: the file's top level."""

    model_config = ConfigDict(title="Workshop")

    event: EventSpec
    roles: Annotated[list[RoleSpec], Field(min_length=2, max_length=12)]
    program: Annotated[list[ProgramItemSpec], Field(max_length=100)]
    exercises: Annotated[list[Exercise], Field(max_length=50)]

    @model_validator(mode="after")
    def _references(self):
        _unique([role.key for role in self.roles], "roles", field="key")
        _unique([exercise.key for exercise in self.exercises], "exercises", field="key")
        numbers = [e.number for e in self.exercises]
        for index, number in enumerate(numbers):
            if number is not None and number in numbers[:index]:
                raise error(
                    _("'%(value)s' finns redan") % {"value": number}, "exercises", index, "number"
                )
        role_keys = {role.key for role in self.roles}
        for index, exercise in enumerate(self.exercises):
            for ability_index, ability in enumerate(getattr(exercise, "abilities", [])):
                for role_index, key in enumerate(ability.roles):
                    if key not in role_keys:
                        raise error(
                            _("okänd roll '%(key)s'") % {"key": key},
                            *("exercises", index, "abilities", ability_index, "roles", role_index),
                        )
            for corner_index, key in enumerate(getattr(exercise, "corners", None) or []):
                if key not in role_keys:
                    raise error(
                        _("okänd roll '%(key)s'") % {"key": key},
                        *("exercises", index, "corners", corner_index),
                    )
        exercise_keys = {exercise.key for exercise in self.exercises}
        placed = set()
        for index, item in enumerate(self.program):
            for key_index, key in enumerate(item.exercises):
                place = ("program", index, "exercises", key_index)
                if key not in exercise_keys:
                    raise error(_("okänd övning '%(key)s'") % {"key": key}, *place)
                if key in placed:
                    raise error(
                        _("övningen '%(key)s' står redan i programmet") % {"key": key}, *place
                    )
                placed.add(key)
        return self


# --- Errors in the file's terms ---


def _place(loc: tuple) -> str:
    path = ""
    for index, part in enumerate(loc):
        if isinstance(part, int):
            path += f"[{part}]"
        elif index == 2 and loc[0] == "exercises" and part in EXERCISE_KINDS:
            continue  # the kind pydantic chose the model by, not a key in the file
        else:
            path += f".{part}" if path else str(part)
    return path


def _short(value) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "…"


def _message(detail: dict) -> tuple[tuple, str]:
    kind, ctx, loc = detail["type"], detail.get("ctx", {}), tuple(detail["loc"])
    types = {
        "string_type": _("text"),
        "int_type": _("heltal"),
        "list_type": _("lista"),
        "model_type": _("mappning"),
        "model_attributes_type": _("mappning"),
        "dict_type": _("mappning"),
    }
    if kind == "workshop":
        return loc + tuple(ctx.get("at", ())), ctx["message"]
    if kind in types:
        return loc, _("fel typ, väntade %(kind)s") % {"kind": types[kind]}
    if kind == "string_unicode":
        return loc, _("innehåller ogiltiga tecken")
    if kind == "missing":
        return loc, _("saknas")
    if kind == "extra_forbidden":
        return loc, _("okänt fält")
    if kind == "string_too_short":
        return loc, _("får inte vara tom")
    if kind == "string_too_long":
        return loc, _("högst %(n)s tecken") % {"n": ctx["max_length"]}
    if kind == "too_short":
        return loc, _("minst %(n)s behövs") % {"n": ctx["min_length"]}
    if kind == "too_long":
        return loc, _("högst %(n)s") % {"n": ctx["max_length"]}
    if kind == "greater_than_equal":
        return loc, _("minst %(n)s") % {"n": ctx["ge"]}
    if kind == "less_than_equal":
        return loc, _("högst %(n)s") % {"n": ctx["le"]}
    if kind == "string_pattern_mismatch":
        return loc, _("'%(value)s': bara a–z, 0–9 och bindestreck") % {
            "value": _short(detail["input"])
        }
    if kind == "literal_error":
        return loc, _("'%(value)s' är inte ett av %(allowed)s") % {
            "value": _short(detail["input"]),
            "allowed": ctx["expected"].replace("' or '", "', '"),
        }
    if kind == "union_tag_invalid":
        return loc + ("kind",), _("'%(value)s' är inte ett av %(allowed)s") % {
            "value": _short(ctx["tag"]),
            "allowed": ctx["expected_tags"],
        }
    if kind == "union_tag_not_found":
        return loc + ("kind",), _("saknas")
    return loc, detail["msg"]


def error_places(validation_error: ValidationError) -> list[tuple[str, str]]:
    """Each error as (its place in the file, e.g. `program[2].title`, the message)."""
    found = []
    for detail in validation_error.errors(include_url=False):
        loc, message = _message(detail)
        found.append((_place(loc), message))
    return found


def error_lines(validation_error: ValidationError, limit: int = 10) -> list[str]:
    lines = [
        f"{place}: {message}" if place else message
        for place, message in error_places(validation_error)
    ]
    if len(lines) > limit:
        more = len(lines) - limit
        lines = [*lines[:limit], _("… och %(n)s fel till") % {"n": more}]
    return lines


def json_schema() -> dict:
    schema = Workshop.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Changemakers workshop file"
    return schema
