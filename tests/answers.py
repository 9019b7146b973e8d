"""A run of the day in data: a few participants who answered every exercise.

`answer_the_day(event)` writes straight through the models (no HTTP), so any test can build
results to look at. The answers hold å/ä/ö, emoji and text that a spreadsheet would take
for a formula (`=1+1`, `@SUM(A1)`, `-2`, `+3`).
"""

from dataclasses import dataclass, field

from django.utils import timezone

from exercises.kinds.placement.models import Placement
from exercises.kinds.postcard.models import Postcard
from exercises.kinds.prompts.models import Reflection
from exercises.kinds.rating.models import Rating
from exercises.kinds.tips.models import TipChoice, TipTick
from exercises.models import Exercise
from workshops.models import Event, Participant, add_participant

NAMES = ["Märta", "", "Örjan 🌲", "@Zlatan", "Åsa"]
FORMULA_LIKE = ["=1+1", "@SUM(A1)", "-2", "+3"]


@dataclass
class Day:
    event: Event
    participants: list[Participant] = field(default_factory=list)
    ratings: list[Rating] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    tip_choices: list[TipChoice] = field(default_factory=list)
    tip_ticks: list[TipTick] = field(default_factory=list)
    postcards: list[Postcard] = field(default_factory=list)
    reflections: list[Reflection] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [p.name for p in self.participants if p.name]

    def texts(self) -> list[str]:
        """Every free text the participants wrote."""
        texts = [r.text for r in self.reflections]
        for postcard in self.postcards:
            texts += [getattr(postcard, f) for f in Postcard.FIELDS if f != "year"]
        return [t for t in texts if t]


def _postcard_texts(index: int) -> dict[str, str]:
    n = index + 1
    formula = FORMULA_LIKE[index % len(FORMULA_LIKE)]
    return {
        "writer": f"{formula} skriver, kort {n}",
        "recipient": f"{FORMULA_LIKE[(index + 1) % 4]} Kära kommunstyrelse {n}",
        "everyday": f"Vardagen är full av medvind och stöd, kort {n} 🌍",
        "feeling": f"{FORMULA_LIKE[(index + 2) % 4]} Hoppfullt men stökigt, kort {n}",
        "doing": f"{FORMULA_LIKE[(index + 3) % 4]} Jag leder samverkan på tvärs, kort {n}",
        "greeting": f"Hälsningar från framtiden, kort nummer {n}: våga öppna dörrarna",
    }


def answer_the_day(event: Event, participants: int = 3) -> Day:
    """Create `participants` participants, each answering every exercise of the event."""
    day = Day(event)
    exercises = {e.kind: e for e in event.exercises.all()}
    roles = list(event.roles.all())
    for index in range(participants):
        participant = add_participant(event, NAMES[index % len(NAMES)])
        day.participants.append(participant)
        if rating := exercises.get("rating"):
            _rate(day, rating, participant, index)
        if placement := exercises.get("placement"):
            placement.open_next_round()  # the day is over: every round was opened
            _place(day, placement, participant, index, roles, last=index == participants - 1)
        if tips := exercises.get("tips"):
            _tick(day, tips, participant, index, last=index == participants - 1)
        if postcard := exercises.get("postcard"):
            scenarios = list(postcard.scenarios.all())
            day.postcards.append(
                Postcard.objects.create(
                    participant=participant,
                    exercise=postcard,
                    scenario=scenarios[index % len(scenarios)],
                    year=2040 + index,
                    **_postcard_texts(index),
                )
            )
        if reflection := exercises.get("reflection"):
            for level_index, level in enumerate(reflection.prompts.filter(group="reflection")):
                formula = FORMULA_LIKE[(index + level_index) % 4]
                day.reflections.append(
                    Reflection.objects.create(
                        participant=participant,
                        prompt=level,
                        text=f"{formula} Mer mod och tålamod 💪 på nivå {level.key}, svar {index + 1}",
                    )
                )
    return day


def _rate(day: Day, exercise: Exercise, participant: Participant, index: int) -> None:
    for ability_index, ability in enumerate(exercise.abilities.all()):
        day.ratings.append(
            Rating.objects.create(
                participant=participant, ability=ability, value=(index + ability_index) % 5 + 1
            )
        )


def _place(day, exercise, participant, index, roles, last: bool) -> None:
    """Everyone stands somewhere in round A; the last participant skips round B."""
    for round_offset, placement_round in enumerate(exercise.rounds.all()):
        if last and placement_round.key == "B":
            continue
        role = roles[(index // 2 + round_offset) % len(roles)]
        day.placements.append(
            Placement.objects.create(participant=participant, round=placement_round, role=role)
        )


def _tick(day, exercise, participant, index, last: bool) -> None:
    """Two lists in use; the last participant ticks but never hands in (a draft)."""
    tip_lists = list(exercise.tip_lists.all())
    tip_list = tip_lists[index % 2]
    day.tip_choices.append(
        TipChoice.objects.create(
            participant=participant,
            exercise=exercise,
            tip_list=tip_list,
            handed_in_at=None if last else timezone.now(),
        )
    )
    tips = list(tip_list.tips.all())
    for tip in tips[:2] + tips[3 + index : 4 + index]:
        day.tip_ticks.append(TipTick.objects.create(participant=participant, tip=tip))
