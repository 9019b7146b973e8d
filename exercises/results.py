"""The group's results, computed from the database: what projector, report and exports show."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q

from exercises.models import (
    Exercise,
    Placement,
    Rating,
    Reflection,
    Role,
    Tip,
    TipCategory,
    TipChoice,
    TipList,
)


@dataclass
class RoleMix:
    role: Role
    scores: list[float] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.scores)

    @property
    def mean(self) -> float | None:
        # Exact: rounded once, where it is shown (projector, report, workbook).
        return sum(self.scores) / len(self.scores) if self.scores else None

    @property
    def lowest(self) -> float | None:
        return min(self.scores) if self.scores else None

    @property
    def highest(self) -> float | None:
        return max(self.scores) if self.scores else None

    def histogram(self) -> list[int]:
        """How many participants scored the role in each band 1–<2, 2–<3, 3–<4, 4–<5, 5."""
        bands = [0] * 5
        for score in self.scores:
            bands[min(int(score), 5) - 1] += 1
        return bands


def role_mix(exercise: Exercise) -> list[RoleMix]:
    """Each role's scores across the participants who rated (one profile per participant).

    A participant's score for a role is the mean of their ratings of the role's abilities, as
    in role_profile(); here one query averages them, grouped by participant and role."""
    roles = list(exercise.event.roles.all())
    mix = {role.pk: RoleMix(role) for role in roles}
    scores = (
        Rating.objects.filter(ability__exercise=exercise, ability__roles__isnull=False)
        .values("participant_id", "ability__roles")
        .annotate(score=Avg("value"))
        .order_by("participant_id", "ability__roles")
        .values_list("ability__roles", "score")
    )
    for role_id, score in scores:
        if role_id in mix:
            mix[role_id].scores.append(score)
    return [mix[role.pk] for role in roles]


@dataclass
class RoundSpread:
    key: str
    counts: list[tuple[Role, int]]

    @property
    def total(self) -> int:
        return sum(count for _role, count in self.counts)


def room_spread(exercise: Exercise) -> list[RoundSpread]:
    """How the room spread over the four corners in each round."""
    roles = list(exercise.event.roles.all())
    spreads = []
    for placement_round in exercise.rounds.all():
        counts = Counter(
            Placement.objects.filter(round=placement_round).values_list("role_id", flat=True)
        )
        spreads.append(
            RoundSpread(placement_round.key, [(role, counts[role.pk]) for role in roles])
        )
    return spreads


def room_moves(exercise: Exercise) -> list[tuple[Role, Role, int]]:
    """Who moved from where (round A) to where (round B), most common first."""
    by_participant: dict[int, dict[str, int]] = {}
    for participant_id, round_key, role_id in Placement.objects.filter(
        round__exercise=exercise
    ).values_list("participant_id", "round__key", "role_id"):
        by_participant.setdefault(participant_id, {})[round_key] = role_id
    moves = Counter((p["A"], p["B"]) for p in by_participant.values() if "A" in p and "B" in p)
    roles = {role.pk: role for role in exercise.event.roles.all()}
    return [
        (roles[a], roles[b], count)
        for (a, b), count in sorted(moves.items(), key=lambda item: (-item[1], item[0]))
    ]


@dataclass
class TipTally:
    tip_list: TipList
    handed_in: int
    categories: list[tuple[str, list[tuple[Tip, int]]]]

    @property
    def ranked(self) -> list[tuple[Tip, int]]:
        tips = [pair for _label, pairs in self.categories for pair in pairs]
        return sorted(tips, key=lambda pair: (-pair[1], pair[0].order))


def tip_tallies(exercise: Exercise) -> list[TipTally]:
    """How often each tip was ticked by those who handed in its list, ranked per category."""
    tallies = []
    for tip_list in exercise.tip_lists.all():
        handed_in = TipChoice.objects.filter(tip_list=tip_list, handed_in_at__isnull=False)
        tips = tip_list.tips.annotate(
            times=Count(
                "ticks",
                filter=Q(ticks__participant__in=handed_in.values("participant_id")),
            )
        )
        categories = []
        for category in TipCategory:
            in_category = sorted(
                (t for t in tips if t.category == category), key=lambda t: (-t.times, t.order)
            )
            categories.append((category.label, [(tip, tip.times) for tip in in_category]))
        tallies.append(TipTally(tip_list, handed_in.count(), categories))
    return tallies


def postcards_by_scenario(exercise: Exercise, include_hidden: bool = False):
    """The 2×2 of scenarios, each with its postcards: [(scenario, [postcard, ...]), ...]."""
    postcards = exercise.postcards.select_related("participant")
    if not include_hidden:
        postcards = postcards.filter(hidden=False)
    grouped: dict[int, list] = {}
    for postcard in postcards.order_by("-featured", "created_at"):
        grouped.setdefault(postcard.scenario_id, []).append(postcard)
    return [(scenario, grouped.get(scenario.pk, [])) for scenario in exercise.scenarios.all()]


def reflections_by_level(exercise: Exercise, featured_only: bool = False, include_hidden=False):
    """The written answers per prompt answered (Övning 5's levels, the lunch prompts)."""
    reflections = Reflection.objects.filter(prompt__exercise=exercise).select_related("participant")
    if featured_only:
        reflections = reflections.filter(featured=True)
    if not include_hidden:
        reflections = reflections.filter(hidden=False)
    grouped: dict[int, list] = {}
    for reflection in reflections.order_by("updated_at"):
        grouped.setdefault(reflection.prompt_id, []).append(reflection)
    levels = exercise.prompts.filter(group=exercise.answer_group)
    return [(level, grouped.get(level.pk, [])) for level in levels]


def answered_count(exercise: Exercise) -> int | None:
    """How many participants have answered the exercise (None for kinds without answers)."""
    answered = {
        Exercise.Kind.RATING: Rating.objects.filter(ability__exercise=exercise),
        Exercise.Kind.PLACEMENT: Placement.objects.filter(round__exercise=exercise),
        Exercise.Kind.TIPS: TipChoice.objects.filter(exercise=exercise, handed_in_at__isnull=False),
        Exercise.Kind.POSTCARD: exercise.postcards.all(),
        Exercise.Kind.REFLECTION: Reflection.objects.filter(prompt__exercise=exercise),
        Exercise.Kind.LUNCH: Reflection.objects.filter(prompt__exercise=exercise),
    }.get(exercise.kind)
    return None if answered is None else answered.values("participant_id").distinct().count()


def answered_counts(event) -> dict[int, int]:
    """How many participants have answered each exercise, by exercise id."""
    counts = {}
    for exercise in event.exercises.all():
        count = answered_count(exercise)
        if count is not None:
            counts[exercise.pk] = count
    return counts
