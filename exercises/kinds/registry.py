"""The exercise kinds by key: each folder's `kind.py` (its `KINDS`), in the order of
`exercises.kinds.PACKAGES`. A kind owns its form (which only validates), its write (`save`,
called from exercises.answers.save_answer, the one write path) and what its page shows beside
the form (`page_context`), its results, its partials (phone, projector, answers, report), its
export sheets, its "answered" count and its part of the workshop file. Everything else asks this
registry; nothing outside exercises/kinds/ branches on an exercise's kind."""

from importlib import import_module

from exercises.kinds import PACKAGES
from exercises.kinds.base import ExerciseKind, Moderated
from exercises.models import Exercise

KINDS: dict[str, ExerciseKind] = {
    kind.key: kind
    for package in PACKAGES
    for kind in import_module(f"exercises.kinds.{package}.kind").KINDS
}


def kind_of(exercise: Exercise) -> ExerciseKind:
    return KINDS[exercise.kind]


def strongest_roles(event) -> dict[int, int]:
    """Each participant's strongest role (participant id → role id) from the day's first
    exercise whose kind tells it; {} when there is none."""
    for exercise in event.exercises.all():
        roles = kind_of(exercise).strongest_roles(exercise)
        if roles is not None:
            return roles
    return {}


def answered_count(exercise: Exercise) -> int:
    """How many participants have answered the exercise."""
    return kind_of(exercise).answered_count(exercise)


def answered_counts(event) -> dict[int, int]:
    """How many participants have answered each exercise, by exercise id."""
    return {exercise.pk: answered_count(exercise) for exercise in event.exercises.all()}


def moderated() -> dict[str, Moderated]:
    """What the console moderates, by the model's name ("postcard", "reflection")."""
    return {kind.moderated.name: kind.moderated for kind in KINDS.values() if kind.moderated}


def wall_exercise(event):
    """The day's first exercise whose answers the projector's wall shows, if any."""
    keys = [key for key, kind in KINDS.items() if kind.has_wall]
    return event.exercises.filter(kind__in=keys).first()
