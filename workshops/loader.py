"""Load a workshop day from its data file (YAML). The schema is `workshops/schema.py`.

The file is read without YAML's extras (no anchors/aliases, dates stay text), validated against
the schema in full, and only then written, in one transaction: a malformed file leaves nothing
behind, and no input gives a traceback. Loading a file whose event exists changes nothing.
"""

from pathlib import Path

import yaml
from django.db import transaction
from django.utils.translation import gettext as _
from pydantic import ValidationError

from exercises.kinds.base import add_prompts
from exercises.kinds.placement.models import PlacementRound
from exercises.kinds.postcard.spec import OLD_AXIS_NAMES
from exercises.kinds.registry import kind_of
from exercises.models import Exercise, Prompt, Role
from seating.models import GroupPlan
from talks.services import create_poll
from workshops import schema
from workshops.models import Event, Membership, ProgramItem

DATA_DIR = Path(__file__).resolve().parent / "data"
CHANGEMAKERS_FILE = DATA_DIR / "changemakers-2025-11-04.yaml"
MAX_FILE_BYTES = 1_000_000


class WorkshopFileError(ValueError):
    """The file cannot be loaded; the message names the field and its place."""


class _FileLoader(yaml.SafeLoader):
    """Plain YAML: dates stay text (the schema checks them, `2025-02-30` included), and
    anchors/aliases are refused (a few lines of them expand to billions of values)."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(
                None,
                None,
                _("ankare och alias (&, *) används inte i workshopfiler"),
                event.start_mark,
            )
        return super().compose_node(parent, index)


def parse_workshop_bytes(content: bytes) -> dict:
    """The file's top-level mapping, or WorkshopFileError with a message for its author."""
    if len(content) > MAX_FILE_BYTES:
        raise WorkshopFileError(_("Filen är för stor (högst 1 MB)."))
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        raise WorkshopFileError(
            _("Filen är inte UTF-8 (fel vid byte %(position)s).") % {"position": error.start}
        ) from None
    try:
        data = yaml.load(text, Loader=_FileLoader)  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError as error:
        raise WorkshopFileError(_("Ogiltig YAML: %(error)s") % {"error": error}) from None
    except RecursionError:
        raise WorkshopFileError(_("Ogiltig YAML: för djupt nästlad.")) from None
    if not isinstance(data, dict):
        raise WorkshopFileError(
            _("Filen ska innehålla en mappning med event, roles, program och exercises")
        )
    return data


def read_workshop_file(path: Path | str) -> dict:
    try:
        content = Path(path).read_bytes()
    except OSError as error:
        raise WorkshopFileError(_("Kan inte läsa filen: %(error)s") % {"error": error}) from error
    return parse_workshop_bytes(content)


def validate_workshop(data: dict, slug: str | None = None) -> schema.Workshop:
    """The file checked against the schema, every error in the file's terms."""
    if slug and isinstance(data.get("event"), dict):
        data = {**data, "event": {**data["event"], "slug": slug}}
    try:
        return schema.Workshop.model_validate(data)
    except ValidationError as error:
        raise WorkshopFileError("\n".join(schema.error_lines(error))) from None
    except RecursionError:
        raise WorkshopFileError(_("Filen är för djupt nästlad.")) from None


def old_name_notes(data: dict) -> list[str]:
    """Notes for a file that still uses the old names of the postcard's axes (political,
    capacity): it loads, and its author learns the new ones."""
    notes = []
    exercises = data.get("exercises") if isinstance(data, dict) else None
    for index, exercise in enumerate(exercises if isinstance(exercises, list) else []):
        if not isinstance(exercise, dict):
            continue
        places = [("axes", exercise.get("axes"))]
        scenarios = exercise.get("scenarios")
        if isinstance(scenarios, list):
            places += [(f"scenarios[{n}]", scenario) for n, scenario in enumerate(scenarios)]
        for place, mapping in places:
            for old, new in OLD_AXIS_NAMES.items():
                if isinstance(mapping, dict) and old in mapping:
                    notes.append(
                        _(
                            "exercises[%(index)s].%(place)s.%(old)s: heter nu %(new)s (det gamla "
                            "namnet fungerar än så länge)"
                        )
                        % {"index": index, "place": place, "old": old, "new": new}
                    )
    return notes


def load_workshop_file(path: Path | str, slug: str | None = None) -> tuple[Event, bool]:
    event, created = load_workshop(read_workshop_file(path), slug=slug)
    if created:
        Event.objects.filter(pk=event.pk).update(source_file=Path(path).name[:200])
    return event, created


def load_workshop(data: dict, slug: str | None = None, owner=None) -> tuple[Event, bool]:
    """Create the event the data describes, owned by `owner` (an account) if given.
    Returns (event, created)."""
    workshop = validate_workshop(data, slug)
    with transaction.atomic():
        existing = Event.objects.filter(slug=workshop.event.slug).first()
        if existing:
            return existing, False
        spec = workshop.event
        event = Event.objects.create(
            slug=spec.slug,
            title=spec.title,
            subtitle=spec.subtitle or "",
            date=spec.date,
            place=spec.place or "",
            introduction=spec.introduction or "",
            roles_introduction=spec.roles_introduction or "",
        )
        roles = _load_roles(event, workshop.roles)
        exercises = {
            spec.key: load_exercise(event, spec, order, roles)
            for order, spec in enumerate(workshop.exercises, start=1)
        }
        _load_program(event, workshop.program, exercises)
        if owner is not None:
            Membership.objects.create(event=event, user=owner, role=Membership.Role.OWNER)
    return event, True


def _load_roles(event: Event, specs: list[schema.RoleSpec]) -> dict[str, Role]:
    return {
        spec.key: Role.objects.create(
            event=event, key=spec.key, order=order, name=spec.name, description=spec.description
        )
        for order, spec in enumerate(specs, start=1)
    }


def _load_program(
    event: Event, specs: list[schema.ProgramItemSpec], exercises: dict[str, Exercise]
) -> None:
    for order, spec in enumerate(specs, start=1):
        item = ProgramItem.objects.create(
            event=event,
            order=order,
            part=spec.part or "",
            part_subtitle=spec.part_subtitle or "",
            kind=spec.kind,
            title=spec.title,
            speakers=", ".join(spec.speakers),
            description=spec.description or "",
            notes=spec.notes or "",
        )
        for key in spec.exercises:
            exercise = exercises[key]
            exercise.program_item = item
            exercise.save(update_fields=["program_item"])
        if spec.groups is not None:
            load_groups(item, spec.groups, exercises)
        for poll in spec.polls:
            create_poll(
                event=event,
                question=poll.question,
                kind=poll.kind,
                options=poll.options,
                open_now=False,
                item=item,
            )


def load_groups(item: ProgramItem, spec: schema.GroupsSpec, exercises: dict[str, Exercise]) -> None:
    placement_round = None
    if spec.round is not None:  # the schema checked it is one of a placement's rounds
        rounds = PlacementRound.objects.filter(exercise__event=item.event, key=spec.round)
        if spec.exercise is not None:
            rounds = rounds.filter(exercise=exercises[spec.exercise])
        placement_round = rounds.order_by("exercise__order").first()
    GroupPlan.objects.create(
        item=item,
        rule=spec.rule,
        size=spec.size,
        tables=spec.tables,
        table_names=list(spec.names),
        placement_round=placement_round,
    )


def load_exercise(event: Event, spec, order: int, roles: dict[str, Role]) -> Exercise:
    exercise = Exercise.objects.create(
        event=event,
        key=spec.key,
        order=order,
        number=spec.number,
        kind=spec.kind,
        title=spec.title,
        instruction=spec.instruction or "",
        minutes=spec.minutes,
        notes=spec.notes or "",
        timer_seconds=(spec.minutes or 0) * 60,
    )
    add_prompts(exercise, Prompt.Group.QUESTIONS, spec.questions)
    kind_of(exercise).load(exercise, spec, roles)
    # The handout's closing words speak of paper ("Lägg i Samla-in-högen!"); phones may get
    # their own. The handout's stay in the report and on the projector.
    if spec.phone_questions:
        exercise.config = {**exercise.config, "phone_questions": list(spec.phone_questions)}
        exercise.save(update_fields=["config"])
    return exercise
