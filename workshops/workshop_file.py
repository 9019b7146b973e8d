"""An event as a workshop file: the reverse of workshops/loader.py.

The day's content only (event, roles, program with its polls, exercises), never answers or
the state of the day. Each kind says its own part (`ExerciseKind.spec`). Loading what comes out
gives the same event (tests/test_workshop_export.py checks it for every shipped day).
"""

import yaml

from exercises.kinds import kind_of
from exercises.kinds.base import present
from exercises.models import Exercise, Prompt
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
