"""An event as a workshop file: the reverse of workshops/loader.py.

The day's content only (event, roles, program with its polls, exercises), never answers or
the state of the day. Each kind says its own part (`ExerciseKind.spec`). Loading what comes out
gives the same event (tests/test_workshop_export.py checks it for every shipped day).
"""

import datetime

import yaml
from django.utils.text import slugify
from django.utils.translation import gettext as _

from exercises.kinds.base import present
from exercises.kinds.registry import kind_of
from exercises.models import Exercise, Prompt
from seating.models import GroupPlan
from workshops.loader import DATA_DIR, WorkshopFileError, load_workshop, read_workshop_file
from workshops.models import Event, ProgramItem

SCHEMA_COMMENT = "# yaml-language-server: $schema=workshop.schema.json\n"


def workshop_data(event: Event) -> dict:
    """The event's content as the workshop file's mapping (schema.Workshop)."""
    return {
        "event": present(
            {
                "slug": event.slug,
                "title": event.title,
                "subtitle": event.subtitle,
                "date": event.date.isoformat(),
                "place": event.place,
                "introduction": event.introduction,
                "roles_introduction": event.roles_introduction,
            }
        ),
        "roles": [
            {"key": role.key, "name": role.name, "description": role.description}
            for role in event.roles.all()
        ],
        "program": [_item(item) for item in event.program.prefetch_related("exercises", "polls")],
        "exercises": [_exercise(exercise) for exercise in event.exercises.all()],
    }


def _item(item: ProgramItem) -> dict:
    polls = [
        {"question": poll.question, "kind": poll.kind}
        | present({"options": [option.text for option in poll.options.all()]})
        for poll in item.polls.all()
    ]
    return present(
        {
            "part": item.part,
            "part_subtitle": item.part_subtitle,
            "kind": item.kind,
            "title": item.title,
            "speakers": item.speakers.split(", ") if item.speakers else [],
            "description": item.description,
            "exercises": [exercise.key for exercise in item.exercises.all()],
            "polls": polls,
            "groups": _groups(item),
            "notes": item.notes,
        }
    )


def _groups(item: ProgramItem) -> dict:
    """The table groups the file asks for at the item (`groups:`), as the file says them."""
    plan = GroupPlan.objects.filter(item=item).select_related("placement_round__exercise").first()
    if plan is None:
        return {}
    corners = plan.placement_round
    return {"rule": plan.rule} | present(
        {
            "size": plan.size,
            "tables": plan.tables,
            "names": plan.table_names,
            "round": corners.key if corners else None,
            "exercise": corners.exercise.key if corners else None,
        }
    )


def _exercise(exercise: Exercise) -> dict:
    config = exercise.config or {}
    common = {
        "key": exercise.key,
        "number": exercise.number,
        "kind": exercise.kind,
        "title": exercise.title,
        "minutes": exercise.minutes,
        "instruction": exercise.instruction,
        "questions": [prompt.text for prompt in exercise.prompts_in(Prompt.Group.QUESTIONS)],
        "phone_questions": config.get("phone_questions"),
        "notes": exercise.notes,
    }
    return present(common) | kind_of(exercise).spec(exercise)


class _Dumper(yaml.SafeDumper):
    """Plain YAML the loader reads back: no anchors or aliases (it refuses them), texts of
    several lines as blocks (|), keys in the schema's order."""

    def ignore_aliases(self, data):
        return True


def _text(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def workshop_yaml(event: Event) -> str:
    body = yaml.dump(
        workshop_data(event),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=1_000_000,  # one line per paragraph, as people write them
        default_flow_style=False,
    )
    return SCHEMA_COMMENT + body


# --- New days: from a template (a shipped day, or empty) or a copy of an event ---

EMPTY = "tom"  # the template of an empty day


def empty_day() -> dict:
    """The least a day needs: a file asks for two roles at least, to be renamed."""
    return {
        "event": {},
        "roles": [
            {"key": "roll-1", "name": _("Roll 1"), "description": _("Beskriv rollen.")},
            {"key": "roll-2", "name": _("Roll 2"), "description": _("Beskriv rollen.")},
        ],
        "program": [],
        "exercises": [],
    }


def templates() -> list[tuple[str, str]]:
    """(name, what people read) of every shipped day, then the empty one."""
    found = []
    for path in sorted(DATA_DIR.glob("*.yaml")):
        event = read_workshop_file(path).get("event") or {}
        where = ", ".join(str(event[key]) for key in ("place", "date") if event.get(key))
        found.append((path.name, f"{event.get('title', path.stem)} ({where or path.name})"))
    return [*found, (EMPTY, _("Tom dag"))]


def template_data(name: str) -> dict:
    if name == EMPTY:
        return empty_day()
    if name not in {path.name for path in DATA_DIR.glob("*.yaml")}:
        raise WorkshopFileError(_("Okänd mall."))
    return read_workshop_file(DATA_DIR / name)


def free_slug(title: str, date: datetime.date) -> str:
    """A slug from the title and date that no event has yet (-2, -3 … if it is taken)."""
    base = f"{slugify(title)[:60].strip('-_') or 'dag'}-{date.isoformat()}"
    slug, number = base, 1
    while Event.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def new_day(*, data: dict, title: str, date: datetime.date, place: str, owner) -> Event:
    """An event from the data (a template, or a copy of an event's file) with its own title,
    date, place and a new slug, owned by `owner`. The content only: never answers."""
    event_part = {key: value for key, value in (data.get("event") or {}).items()}
    event_part |= {
        "slug": free_slug(title, date),
        "title": title,
        "date": date.isoformat(),
        "place": place or None,
    }
    event, _created = load_workshop({**data, "event": event_part}, owner=owner)
    return event


def duplicate(*, event: Event, title: str, date: datetime.date, place: str, owner) -> Event:
    return new_day(data=workshop_data(event), title=title, date=date, place=place, owner=owner)
