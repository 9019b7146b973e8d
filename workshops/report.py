"""The compiled report ("Sammanställning"): the day's program with each exercise's results.

Shared by the organiser's report page, its PDF and the participants' share page. It holds
no names and no participant numbers. Every figure comes from the kinds (exercises/kinds/).
"""

from dataclasses import dataclass, field

from django.utils import timezone

from exercises.kinds.registry import answered_counts, kind_of
from exercises.models import Exercise, Prompt
from workshops.models import Event, ProgramItem


@dataclass
class ExerciseResults:
    exercise: Exercise
    answered: int
    data: dict = field(default_factory=dict)

    @property
    def template(self) -> str:
        return kind_of(self.exercise).report_template

    @property
    def handout_words(self) -> list:
        """The handout's closing words (phones may have shown their own), unless they are the
        prompts people answered (lunch)."""
        if kind_of(self.exercise).answer_group == Prompt.Group.QUESTIONS:
            return []
        return self.exercise.prompts_in("questions")


@dataclass
class ProgramSection:
    item: ProgramItem | None
    exercises: list[ExerciseResults]
    new_part: bool = False


def exercise_results(exercise: Exercise, answered: dict[int, int]) -> ExerciseResults:
    kind = kind_of(exercise)
    return ExerciseResults(exercise, answered.get(exercise.pk, 0), kind.report_results(exercise))


def report_sections(event: Event) -> list[ProgramSection]:
    """The program in order, each item with its exercises' results; stray exercises last."""
    answered = answered_counts(event)
    exercises = list(event.exercises.prefetch_related("prompts"))
    sections = []
    previous_part = None
    for item in event.program.all():
        own = [exercise_results(e, answered) for e in exercises if e.program_item_id == item.pk]
        sections.append(
            ProgramSection(item, own, new_part=bool(item.part) and item.part != previous_part)
        )
        previous_part = item.part or previous_part
    stray = [exercise_results(e, answered) for e in exercises if e.program_item_id is None]
    if stray:
        sections.append(ProgramSection(None, stray))
    return sections


def report_context(event: Event) -> dict:
    return {
        "event": event,
        "sections": report_sections(event),
        "participant_count": event.participants.count(),
        "compiled_at": timezone.localtime(),
    }
