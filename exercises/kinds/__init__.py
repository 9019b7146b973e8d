"""The exercise kinds: one module each, owning its form (which only validates), its write
(`save`, called from exercises.answers.save_answer, the one write path) and what its page shows
beside the form (`page_context`), its results, its projector and report partials,
its export sheets, its "answered" count and its part of the workshop file. Everything else asks
this registry; nothing outside exercises/kinds/ branches on an exercise's kind. Adding a kind
is a module here, its templates and its schema model."""

from exercises.kinds import placement, postcard, prompts, rating, tips
from exercises.kinds.base import ExerciseKind
from exercises.models import Exercise

KINDS: dict[str, ExerciseKind] = {
    kind.key: kind
    for kind in (
        rating.KIND,
        placement.KIND,
        tips.KIND,
        prompts.LUNCH,
        postcard.KIND,
        prompts.REFLECTION,
    )
}
assert set(KINDS) == set(Exercise.Kind), "every kind of Exercise.Kind has its module"


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
