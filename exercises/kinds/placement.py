"""Övning 2: stand in the corner of a role, round after round; the room and who moved."""

from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext as _

from exercises import charts
from exercises.forms import PlacementForm
from exercises.kinds.base import ExerciseKind, add_prompts
from exercises.models import Exercise, Placement, PlacementRound, Role
from exercises.tables import Table, person, who


@dataclass
class RoundSpread:
    key: str
    counts: list[tuple[Role, int]]

    @property
    def total(self) -> int:
        return sum(count for _role, count in self.counts)


def room_spread(exercise: Exercise) -> list[RoundSpread]:
    """How the room spread over its corners in each round."""
    roles = exercise.corner_roles()
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


class PlacementKind(ExerciseKind):
    key = Exercise.Kind.PLACEMENT
    form = PlacementForm

    def answered(self, exercise):
        return Placement.objects.filter(round__exercise=exercise)

    def projector_results(self, exercise, part=""):
        # Round B and the moves appear once the facilitator has opened round B.
        opened = {r.key for r in exercise.open_rounds()}
        spread = [s for s in room_spread(exercise) if s.key in opened]
        moves = room_moves(exercise) if len(opened) > 1 else []
        return {
            "spread": spread,
            "moves": moves,
            "room": charts.room_chart(spread, exercise.corner_roles(), moves),
        }

    def report_results(self, exercise):
        spreads = room_spread(exercise)
        moves = room_moves(exercise)
        rounds = [
            (r.key, r.instruction, next((s.total for s in spreads if s.key == r.key), 0))
            for r in exercise.rounds.all()
        ]
        title = _("Rummet: runda A och B")
        return {
            "chart": charts.room_chart(spreads, exercise.corner_roles(), moves, title),
            "rounds": rounds,
            "moves": moves,
            "stayed": sum(n for a, b, n in moves if a == b),
            "moved": sum(n for a, b, n in moves if a != b),
        }

    def export_table(self, exercise, include_names):
        table = Table(str(exercise), who(include_names) + [_("Runda"), _("Roll")])
        placements = (
            Placement.objects.filter(round__exercise=exercise)
            .select_related("participant", "round", "role")
            .order_by("participant__number", "round__key")
        )
        for placement in placements:
            table.rows.append(
                person(placement.participant, include_names)
                + [placement.round.key, placement.role.name]
            )
        return table

    def summary_tables(self, exercise):
        label = exercise.label
        spreads = room_spread(exercise)
        roles = [role for role, _count in spreads[0].counts] if spreads else []
        spread_rows = [[role.name] + [dict(s.counts)[role] for s in spreads] for role in roles]
        spread_rows.append([_("Totalt")] + [s.total for s in spreads])
        moves = [[a.name, b.name, n] for a, b, n in room_moves(exercise)]
        return [
            Table(
                _("%(label)s: rummets fördelning") % {"label": label},
                [_("Roll")] + [_("Runda %(key)s") % {"key": s.key} for s in spreads],
                spread_rows,
            ),
            Table(
                _("%(label)s: förflyttningar") % {"label": label},
                [_("Från (runda A)"), _("Till (runda B)"), _("Antal")],
                moves,
            ),
        ]

    def load(self, exercise, spec, roles):
        for round_spec in spec.rounds:
            PlacementRound.objects.create(
                exercise=exercise,
                key=round_spec.key,
                instruction=round_spec.instruction,
                discussion=round_spec.discussion or "",
            )
            add_prompts(exercise, round_spec.key, round_spec.questions)


KIND = PlacementKind()
