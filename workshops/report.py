"""The compiled report ("Sammanställning"): the day's program with each exercise's results.

Shared by the organiser's report page, its PDF and the participants' share page. It holds
no names and no participant numbers. Every figure comes from the kinds (exercises/kinds/).
"""

from dataclasses import dataclass, field

from django.utils import timezone

from exercises.kinds.registry import answered_counts, kind_of
from exercises.models import Exercise, Prompt
from seating.services import TableView, seating_for, table_views
from workshops.models import Event, ProgramItem


@dataclass
class TableAnswers:
    """One table's written answers, per prompt, and the table (its name and mix of roles)."""

    view: TableView
    prompts: list[tuple[Prompt, list[str]]] = field(default_factory=list)


@dataclass
class ExerciseResults:
    exercise: Exercise
    answered: int
    data: dict = field(default_factory=dict)
    # Where the exercise was done at tables: its written answers grouped by table.
    by_table: list[TableAnswers] = field(default_factory=list)

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
    return ExerciseResults(
        exercise,
        answered.get(exercise.pk, 0),
        kind.report_results(exercise),
        answers_by_table(exercise),
    )


def answers_by_table(exercise: Exercise) -> list[TableAnswers]:
    """The exercise's written answers per table, for the tables last sent for its programme
    item (in the tables' order; a table's prompts in the exercise's order). Anonymous: the
    table and its mix, never who wrote what."""
    seating = seating_for(exercise.program_item) if exercise.program_item_id else None
    answers = kind_of(exercise).written_answers(exercise) if seating else None
    if not answers:
        return []
    tables = {view.table.pk: TableAnswers(view) for view in table_views(seating)}
    table_of = dict(seating.seats.values_list("participant_id", "table_id"))
    grouped: dict[int, dict[Prompt, list[str]]] = {pk: {} for pk in tables}
    for participant_id, prompt, text in answers:
        if participant_id in table_of:  # joined after the tables: at no table
            grouped[table_of[participant_id]].setdefault(prompt, []).append(text)
    for pk, by_prompt in grouped.items():
        tables[pk].prompts = list(by_prompt.items())
    return [table for table in tables.values() if table.prompts]


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
