"""Load a workshop day from its data file (YAML). The schema is documented in the README.

Everything is validated before anything is written, and written in one transaction:
a malformed file leaves nothing half-loaded. Loading a file whose event exists changes nothing.
"""

import datetime
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db import transaction
from django.utils.translation import gettext as _

from exercises.models import (
    Ability,
    Exercise,
    PlacementRound,
    Prompt,
    Role,
    Tip,
    TipCategory,
    TipList,
)
from scenarios.models import Level, Postcard, Scenario
from workshops.models import Event, ProgramItem

DATA_DIR = Path(__file__).resolve().parent / "data"
CHANGEMAKERS_FILE = DATA_DIR / "changemakers-2025-11-04.yaml"
POSTCARD_FIELDS = ("scenario", *Postcard.FIELDS)
REFLECTION_LEVELS = ("self", "role", "organisation", "system")


class WorkshopFileError(ValueError):
    """The file cannot be loaded; the message names the field and its place."""


@dataclass
class Node:
    """A value from the file together with its place in it, e.g. exercises[2].lists[0].key."""

    value: object
    path: str

    def fail(self, message: str):
        raise WorkshopFileError(f"{self.path}: {message}")

    def get(self, key: str, kind: type | tuple = str, required: bool = True, default=None):
        if not isinstance(self.value, dict):
            self.fail(_("ska vara en mappning med nycklar"))
        path = f"{self.path}.{key}" if self.path else key
        if key not in self.value or self.value[key] is None:
            if required:
                raise WorkshopFileError(_("%(path)s: saknas") % {"path": path})
            return Node(default, path)
        value = self.value[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise WorkshopFileError(
                _("%(path)s: fel typ, väntade %(kind)s") % {"path": path, "kind": _kind(kind)}
            )
        if isinstance(value, str) and required and not value.strip():
            raise WorkshopFileError(_("%(path)s: får inte vara tom") % {"path": path})
        return Node(value.strip() if isinstance(value, str) else value, path)

    def text(self, key: str, required: bool = True) -> str:
        return self.get(key, str, required, "").value

    def items(self, key: str, required: bool = True) -> list["Node"]:
        node = self.get(key, list, required, [])
        return [Node(item, f"{node.path}[{index}]") for index, item in enumerate(node.value)]

    def strings(self, key: str, required: bool = True) -> list[str]:
        result = []
        for item in self.items(key, required):
            if not isinstance(item.value, str) or not item.value.strip():
                item.fail(_("ska vara en text"))
            result.append(item.value.strip())
        return result

    def choice(self, key: str, allowed) -> str:
        value = self.text(key)
        if value not in allowed:
            raise WorkshopFileError(
                _("%(path)s.%(key)s: '%(value)s' är inte ett av %(allowed)s")
                % {"path": self.path, "key": key, "value": value, "allowed": ", ".join(allowed)}
            )
        return value


def _kind(kind) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = {str: _("text"), int: _("heltal"), list: _("lista"), dict: _("mappning")}
    return " / ".join(names.get(k, k.__name__) for k in kinds)


def read_workshop_file(path: Path | str) -> dict:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise WorkshopFileError(_("Kan inte läsa filen: %(error)s") % {"error": error}) from error
    except yaml.YAMLError as error:
        raise WorkshopFileError(_("Ogiltig YAML: %(error)s") % {"error": error}) from error
    if not isinstance(data, dict):
        raise WorkshopFileError(
            _("Filen ska innehålla en mappning med event, roles, program och exercises")
        )
    return data


def load_workshop_file(path: Path | str, slug: str | None = None) -> tuple[Event, bool]:
    event, created = load_workshop(read_workshop_file(path), slug=slug)
    if created:
        Event.objects.filter(pk=event.pk).update(source_file=Path(path).name)
    return event, created


@transaction.atomic
def load_workshop(data: dict, slug: str | None = None) -> tuple[Event, bool]:
    """Create the event the data describes. Returns (event, created)."""
    root = Node(data, "")
    event_node = root.get("event", dict)
    slug = slug or event_node.text("slug")
    existing = Event.objects.filter(slug=slug).first()
    if existing:
        return existing, False

    event = Event.objects.create(
        slug=slug,
        title=event_node.text("title"),
        subtitle=event_node.text("subtitle", required=False),
        date=_date(event_node),
        place=event_node.text("place", required=False),
        introduction=event_node.text("introduction", required=False),
        roles_introduction=event_node.text("roles_introduction", required=False),
    )
    roles = _load_roles(event, root)
    exercises = [
        _load_exercise(event, node, order, roles)
        for order, node in enumerate(root.items("exercises"), start=1)
    ]
    _unique([e.key for e in exercises], root.get("exercises", list).path, "key")
    _load_program(event, root, {e.key: e for e in exercises})
    return event, True


def _date(node: Node) -> datetime.date:
    value = node.get("date", (datetime.date, str)).value
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise WorkshopFileError(
            _("%(path)s.date: '%(value)s' är inget datum (ÅÅÅÅ-MM-DD)")
            % {"path": node.path, "value": value}
        ) from None


def _unique(values: list, path: str, key: str) -> None:
    seen = set()
    for index, value in enumerate(values):
        if value in seen:
            raise WorkshopFileError(
                _("%(path)s[%(index)s].%(key)s: '%(value)s' finns redan")
                % {"path": path, "index": index, "key": key, "value": value}
            )
        seen.add(value)


def _load_roles(event: Event, root: Node) -> dict[str, Role]:
    roles = {}
    for order, node in enumerate(root.items("roles"), start=1):
        key = node.text("key")
        if key in roles:
            node.fail(_("rollen '%(key)s' finns redan") % {"key": key})
        roles[key] = Role.objects.create(
            event=event,
            key=key,
            order=order,
            name=node.text("name"),
            description=node.text("description"),
        )
    if not roles:
        raise WorkshopFileError(_("roles: minst en roll behövs"))
    return roles


def _load_program(event: Event, root: Node, exercises: dict[str, Exercise]) -> None:
    for order, node in enumerate(root.items("program"), start=1):
        item = ProgramItem.objects.create(
            event=event,
            order=order,
            part=node.text("part", required=False),
            part_subtitle=node.text("part_subtitle", required=False),
            kind=node.choice("kind", ProgramItem.Kind.values),
            title=node.text("title"),
            speakers=", ".join(node.strings("speakers", required=False)),
            description=node.text("description", required=False),
        )
        for key_node in node.items("exercises", required=False):
            exercise = exercises.get(key_node.value)
            if exercise is None:
                key_node.fail(_("okänd övning '%(key)s'") % {"key": key_node.value})
            exercise.program_item = item
            exercise.save(update_fields=["program_item"])


def _load_exercise(event: Event, node: Node, order: int, roles: dict[str, Role]) -> Exercise:
    kind = node.choice("kind", Exercise.Kind.values)
    number = node.get("number", int, required=False).value
    minutes = node.get("minutes", int, required=False).value
    exercise = Exercise.objects.create(
        event=event,
        key=node.text("key"),
        order=order,
        number=number,
        kind=kind,
        title=node.text("title"),
        instruction=node.text("instruction", required=False),
        minutes=minutes,
        timer_seconds=(minutes or 0) * 60,
    )
    _add_prompts(exercise, Prompt.Group.QUESTIONS, node.strings("questions", required=False))
    load_kind = {
        Exercise.Kind.RATING: _load_abilities,
        Exercise.Kind.PLACEMENT: _load_rounds,
        Exercise.Kind.TIPS: _load_tip_lists,
        Exercise.Kind.POSTCARD: _load_scenarios,
        Exercise.Kind.REFLECTION: _load_levels,
    }.get(kind)
    if load_kind:
        load_kind(exercise, node, roles)
    # The handout's closing words speak of paper ("Lägg i Samla-in-högen!"); phones may get
    # their own. The handout's stay in the report and on the projector.
    if phone_questions := node.strings("phone_questions", required=False):
        exercise.config = {**exercise.config, "phone_questions": phone_questions}
        exercise.save(update_fields=["config"])
    return exercise


def _add_prompts(exercise: Exercise, group: str, texts: list[str], keys=None, hints=None):
    for order, text in enumerate(texts, start=1):
        Prompt.objects.create(
            exercise=exercise,
            group=group,
            key=keys[order - 1] if keys else str(order),
            order=order,
            text=text,
            hint=hints[order - 1] if hints else "",
        )


def _load_abilities(exercise: Exercise, node: Node, roles: dict[str, Role]) -> None:
    abilities = node.items("abilities")
    if not abilities:
        node.fail(_("abilities: minst en förmåga behövs"))
    for order, ability_node in enumerate(abilities, start=1):
        ability = Ability.objects.create(
            exercise=exercise, order=order, name=ability_node.text("name")
        )
        role_keys = ability_node.strings("roles")
        if not role_keys:
            ability_node.fail(_("roles: minst en roll behövs"))
        for index, key in enumerate(role_keys):
            if key not in roles:
                raise WorkshopFileError(
                    _("%(path)s.roles[%(index)s]: okänd roll '%(key)s'")
                    % {"path": ability_node.path, "index": index, "key": key}
                )
            ability.roles.add(roles[key])


def _load_rounds(exercise: Exercise, node: Node, roles) -> None:
    rounds = node.items("rounds")
    _unique(
        [r.value.get("key") if isinstance(r.value, dict) else None for r in rounds],
        f"{node.path}.rounds",
        "key",
    )
    for round_node in rounds:
        key = round_node.choice("key", [Prompt.Group.ROUND_A, Prompt.Group.ROUND_B])
        PlacementRound.objects.create(
            exercise=exercise,
            key=key,
            instruction=round_node.text("instruction"),
            discussion=round_node.text("discussion", required=False),
        )
        _add_prompts(exercise, key, round_node.strings("questions"))


def _load_tip_lists(exercise: Exercise, node: Node, roles) -> None:
    lists = node.items("lists")
    if not lists:
        node.fail(_("lists: minst en tipslista behövs"))
    for list_order, list_node in enumerate(lists, start=1):
        tip_list = TipList.objects.create(
            exercise=exercise,
            key=list_node.text("key"),
            order=list_order,
            title=list_node.text("title"),
            short_title=list_node.text("short_title"),
        )
        for order, tip_node in enumerate(list_node.items("tips"), start=1):
            text = tip_node.text("text")
            key_phrase = tip_node.text("key_phrase")
            if key_phrase not in text:
                tip_node.fail(
                    _("key_phrase '%(phrase)s' står inte i text") % {"phrase": key_phrase}
                )
            Tip.objects.create(
                tip_list=tip_list,
                category=tip_node.choice("category", TipCategory.values),
                order=order,
                key_phrase=key_phrase,
                text=text,
            )


def _load_scenarios(exercise: Exercise, node: Node, roles) -> None:
    axes = node.get("axes", dict)
    exercise.config = {
        "axes": {"political": axes.text("political"), "capacity": axes.text("capacity")},
        "scenarios_title": node.text("scenarios_title", required=False),
    }
    exercise.save(update_fields=["config"])
    quadrants = set()
    for scenario_node in node.items("scenarios"):
        quadrant = (
            scenario_node.choice("political", Level.values),
            scenario_node.choice("capacity", Level.values),
        )
        if quadrant in quadrants:
            scenario_node.fail(_("två scenarier på samma plats i fyrfältaren"))
        quadrants.add(quadrant)
        Scenario.objects.create(
            exercise=exercise,
            number=scenario_node.get("number", int).value,
            name=scenario_node.text("name"),
            summary=scenario_node.text("summary", required=False),
            text=scenario_node.text("text"),
            political=quadrant[0],
            capacity=quadrant[1],
        )
    if len(quadrants) != 4:
        node.fail(_("scenarios: ett scenario för var och en av fyrfältarens fyra rutor behövs"))
    fields = node.get("fields", dict)
    labels, hints = [], []
    for key in POSTCARD_FIELDS:
        field = fields.get(key, dict)
        labels.append(field.text("label"))
        hints.append(field.text("hint", required=False))
    _add_prompts(exercise, Prompt.Group.POSTCARD, labels, keys=POSTCARD_FIELDS, hints=hints)


def _load_levels(exercise: Exercise, node: Node, roles) -> None:
    levels = node.items("levels")
    keys = [level.choice("key", REFLECTION_LEVELS) for level in levels]
    _unique(keys, f"{node.path}.levels", "key")
    if not keys:
        node.fail(_("levels: minst en nivå behövs"))
    texts = [level.text("text") for level in levels]
    _add_prompts(exercise, Prompt.Group.REFLECTION, texts, keys=keys)
