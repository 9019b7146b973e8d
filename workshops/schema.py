"""The workshop file's schema: pydantic models that mirror the YAML file (see the README).

A file is validated against these models before anything touches the database. Lengths and
ranges follow the database columns, so whatever passes here can be stored on SQLite and
PostgreSQL alike. `python manage.py workshop_schema` writes the same schema as JSON Schema to
`workshops/data/workshop.schema.json`, for editors that check a YAML file while it is written.
Errors come out in the file's terms, e.g. `exercises[2].lists[1].key: 'chefer' finns redan`.
"""

from importlib import import_module
from typing import Annotated, Literal, Union

from django.utils.translation import gettext as _
from pydantic import (
    ConfigDict,
    Field,
    StrictInt,
    ValidationError,
    model_validator,
)

from exercises.kinds import PACKAGES
from exercises.kinds.placement.spec import RoundKey
from exercises.kinds.spec import LONG_TEXT, IsoDate, Key, Slug, Spec, _text, _unique, error

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


class GroupsSpec(Spec):
    """Table groups at a programme item: the console's form starts from these (issue 24)."""

    # mixed-roles: as many different strongest roles (Övning 1) at each table as possible;
    # same-corner / mixed-corners: by the corners of a placement round; random.
    rule: Literal["mixed-roles", "same-corner", "mixed-corners", "random"] = "mixed-roles"
    size: Annotated[StrictInt, Field(ge=2, le=50)] | None = None
    tables: Annotated[StrictInt, Field(ge=1, le=200)] | None = None
    # The tables' names in order ("Eken", "Linden", …); the rest are "Bord 4", …
    names: Annotated[list[_text(60)], Field(max_length=200)] = []
    # The corners' round (the corner rules): a round's key of the placement exercise `exercise`
    # (default: the day's first placement exercise).
    round: RoundKey | None = None
    exercise: Key | None = None

    @model_validator(mode="after")
    def _one_count(self):
        if self.size is not None and self.tables is not None:
            raise error(_("antingen size eller tables, inte båda"), "tables")
        if self.rule in ("same-corner", "mixed-corners") and self.round is None:
            raise error(_("saknas (en regel med hörn behöver en runda)"), "round")
        _unique(self.names, "names", field=None)
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
    groups: GroupsSpec | None = None
    # The presenter's own notes for the item: shown on the console only.
    notes: _text(LONG_TEXT, required=False) = None

    @model_validator(mode="after")
    def _speakers_fit(self):
        if len(", ".join(self.speakers)) > 300:
            raise error(_("högst 300 tecken tillsammans"), "speakers")
        return self


EXERCISE_SPECS = tuple(
    spec for package in PACKAGES for spec in import_module(f"exercises.kinds.{package}.spec").SPECS
)
EXERCISE_KINDS = {spec.model_fields["kind"].annotation.__args__[0] for spec in EXERCISE_SPECS}
# Each kind's part of the file, chosen by its `kind:`.
Exercise = Annotated[Union[EXERCISE_SPECS], Field(discriminator="kind")]  # noqa: UP007


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
            if item.groups is not None and item.groups.round is not None:
                _round_exists(self.exercises, item.groups, ("program", index, "groups"))
        return self


def _round_exists(exercises: list, groups: GroupsSpec, place: tuple) -> None:
    """A table groups' round is one of a placement exercise's rounds."""
    placements = [e for e in exercises if getattr(e, "rounds", None)]
    if groups.exercise is not None:
        placements = [e for e in placements if e.key == groups.exercise]
        if not placements:
            raise error(
                _("okänd placeringsövning '%(key)s'") % {"key": groups.exercise}, *place, "exercise"
            )
    keys = [r.key for r in placements[0].rounds] if placements else []
    if groups.round not in keys:
        raise error(
            _("okänd runda '%(key)s' (rounds: %(keys)s)")
            % {"key": groups.round, "keys": ", ".join(keys)},
            *place,
            "round",
        )


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
