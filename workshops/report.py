"""The compiled report ("Sammanställning"): the day's program with each exercise's results.

Shared by the organiser's report page, its PDF and the participants' share page. It holds
no names and no participant numbers. Every figure comes from exercises.results.
"""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from exercises import results
from exercises.charts import bar_chart, role_mix_chart, room_chart
from exercises.models import Exercise
from workshops.models import Event, ProgramItem

TOP_TIPS_CHART = 5


@dataclass
class ExerciseResults:
    exercise: Exercise
    answered: int
    data: dict = field(default_factory=dict)

    @property
    def template(self) -> str:
        return f"organiser/report/{self.exercise.kind}.html"

    @property
    def handout_words(self) -> list:
        """The handout's closing words (phones may have shown their own), unless they are the
        prompts people answered (lunch)."""
        if self.exercise.answer_group == "questions":
            return []
        return self.exercise.prompts_in("questions")


@dataclass
class ProgramSection:
    item: ProgramItem | None
    exercises: list[ExerciseResults]
    new_part: bool = False


def _rating(exercise: Exercise) -> dict:
    mix = results.role_mix(exercise)
    chart = role_mix_chart(mix, _("Gruppens rollmix: varje deltagares poäng per roll (1–5)"))
    return {"mix": mix, "chart": chart}


def _placement(exercise: Exercise) -> dict:
    spreads = results.room_spread(exercise)
    moves = results.room_moves(exercise)
    rounds = [
        (round_.key, round_.instruction, next((s.total for s in spreads if s.key == round_.key), 0))
        for round_ in exercise.rounds.all()
    ]
    return {
        "chart": room_chart(spreads, exercise.event.roles.all(), moves, _("Rummet: runda A och B")),
        "rounds": rounds,
        "moves": moves,
        "stayed": sum(n for a, b, n in moves if a == b),
        "moved": sum(n for a, b, n in moves if a != b),
    }


def _tips(exercise: Exercise) -> dict:
    tallies = []
    for tally in results.tip_tallies(exercise):
        top = [(tip, n) for tip, n in tally.ranked if n][:TOP_TIPS_CHART]
        chart = None
        if top:
            # The bars are labelled by place; the list under them has each tip's whole text
            # (a key phrase alone, cut to fit, meant nothing).
            chart = bar_chart(
                _("%(list)s: mest kryssade tips") % {"list": tally.tip_list.short_title},
                [(f"{place}.", n, str(n)) for place, (tip, n) in enumerate(top, 1)],
                max_value=max(tally.handed_in, top[0][1]),
            )
        tallies.append((tally, chart, top))
    return {"tallies": tallies}


def _postcard(exercise: Exercise) -> dict:
    grouped = results.postcards_by_scenario(exercise)
    everything = results.postcards_by_scenario(exercise, include_hidden=True)
    shown = sum(len(cards) for _s, cards in grouped)
    quadrants = {(s.political, s.capacity): (s, len(cards)) for s, cards in grouped}
    return {
        "scenarios": grouped,
        "shown": shown,
        "hidden": sum(len(cards) for _s, cards in everything) - shown,
        "axes": exercise.config.get("axes", {}),
        # Rows: political commitment high, then low; columns: capacity high, then low.
        "grid": [
            [quadrants.get((political, capacity)) for capacity in ("high", "low")]
            for political in ("high", "low")
        ],
    }


def _reflection(exercise: Exercise) -> dict:
    grouped = results.reflections_by_level(exercise)
    everything = results.reflections_by_level(exercise, include_hidden=True)
    shown = sum(len(texts) for _level, texts in grouped)
    return {
        "levels": grouped,
        "hidden": sum(len(texts) for _level, texts in everything) - shown,
    }


BUILDERS = {
    Exercise.Kind.RATING: _rating,
    Exercise.Kind.PLACEMENT: _placement,
    Exercise.Kind.TIPS: _tips,
    Exercise.Kind.LUNCH: _reflection,  # the lunch prompts' answers, as Övning 5's levels
    Exercise.Kind.POSTCARD: _postcard,
    Exercise.Kind.REFLECTION: _reflection,
}


def exercise_results(exercise: Exercise, answered: dict[int, int]) -> ExerciseResults:
    return ExerciseResults(
        exercise, answered.get(exercise.pk, 0), BUILDERS[exercise.kind](exercise)
    )


def report_sections(event: Event) -> list[ProgramSection]:
    """The program in order, each item with its exercises' results; stray exercises last."""
    answered = results.answered_counts(event)
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
