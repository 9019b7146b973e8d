"""Övning 2: stand in the corner of a role, round after round; the room and who moved from the
first round's corner to the second's."""

from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext as _

from exercises import charts
from exercises.forms import PlacementForm
from exercises.kinds.base import ExerciseKind, Saved, add_prompts, upsert
from exercises.models import Exercise, Placement, PlacementRound, Role
from exercises.tables import Table, person, who


@dataclass
class RoundSpread:
    key: str
    label: str
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
            RoundSpread(
                placement_round.key,
                placement_round.label,
                [(role, counts[role.pk]) for role in roles],
            )
        )
    return spreads


def moved_between(exercise: Exercise) -> tuple[PlacementRound, PlacementRound] | None:
    """The rounds the moves are counted between: the first two (A, where you thrive, and B, the
    role you find most challenging, on the Changemakers day); none with one round."""
    rounds = list(exercise.rounds.all())
    return (rounds[0], rounds[1]) if len(rounds) > 1 else None


def in_words_and(keys: list[str]) -> str:
    """ "A", "A och B", "A, B och C" """
    if len(keys) < 2:
        return "".join(keys)
    return _("%(first)s och %(last)s") % {"first": ", ".join(keys[:-1]), "last": keys[-1]}


def room_moves(exercise: Exercise) -> list[tuple[Role, Role, int]]:
    """Who moved from where (the first round) to where (the second), most common first."""
    between = moved_between(exercise)
    if between is None:
        return []
    first, second = (r.pk for r in between)
    by_participant: dict[int, dict[int, int]] = {}
    for participant_id, round_id, role_id in Placement.objects.filter(
        round__in=between
    ).values_list("participant_id", "round_id", "role_id"):
        by_participant.setdefault(participant_id, {})[round_id] = role_id
    moves = Counter(
        (p[first], p[second]) for p in by_participant.values() if first in p and second in p
    )
    roles = {role.pk: role for role in exercise.event.roles.all()}
    return [
        (roles[a], roles[b], count)
        for (a, b), count in sorted(moves.items(), key=lambda item: (-item[1], item[0]))
    ]


class PlacementKind(ExerciseKind):
    key = Exercise.Kind.PLACEMENT
    form = PlacementForm

    def save(self, *, form):
        for name in form.saveable():
            role = form.cleaned_data[name]
            round_ = next(r for r in form.rounds if f"round-{r.key}" == name)
            if role is not None:
                upsert(
                    Placement,
                    [{"participant": form.participant, "round": round_, "role": role}],
                    unique=("participant", "round"),
                    update=("role",),
                )
        return Saved(form)

    def answered(self, exercise):
        return Placement.objects.filter(round__exercise=exercise)

    def projector_results(self, exercise, part=""):
        # A round and the moves appear once the facilitator has opened the round.
        open_rounds = exercise.open_rounds()
        opened = {r.key for r in open_rounds}
        spread = [s for s in room_spread(exercise) if s.key in opened]
        moves = room_moves(exercise) if len(opened) > 1 else []
        labels = in_words_and([r.label for r in open_rounds])
        legend = (
            _("%(labels)s: hur många som stod i hörnet i varje runda") % {"labels": labels}
            if len(open_rounds) > 1
            else _("Siffran: hur många som stod i hörnet")
        )
        moves_legend = ""
        if moves:
            first, second = moved_between(exercise)
            moves_legend = _("från ”%(first)s” till ”%(second)s”; siffran: hur många som gick") % {
                "first": first.label,
                "second": second.label,
            }
        return {
            "spread": spread,
            "moves": moves,
            "room": charts.room_chart(spread, exercise.corner_roles(), moves),
            "room_legend": legend,
            "moves_legend": moves_legend,
        }

    def report_results(self, exercise):
        spreads = room_spread(exercise)
        moves = room_moves(exercise)
        all_rounds = list(exercise.rounds.all())
        rounds = [
            (r.label, r.instruction, next((s.total for s in spreads if s.key == r.key), 0))
            for r in all_rounds
        ]
        title = _("Rummet: %(labels)s") % {"labels": in_words_and([r.label for r in all_rounds])}
        between = moved_between(exercise)
        return {
            "chart": charts.room_chart(spreads, exercise.corner_roles(), moves, title),
            "rounds": rounds,
            "between": between and [r.label for r in between],
            "moves": moves,
            "stayed": sum(n for a, b, n in moves if a == b),
            "moved": sum(n for a, b, n in moves if a != b),
        }

    def export_table(self, exercise, include_names):
        table = Table(str(exercise), who(include_names) + [_("Runda"), _("Roll")])
        placements = (
            Placement.objects.filter(round__exercise=exercise)
            .select_related("participant", "round", "role")
            .order_by("participant__number", "round__order", "round__key")
        )
        for placement in placements:
            table.rows.append(
                person(placement.participant, include_names)
                + [placement.round.label, placement.role.name]
            )
        return table

    def summary_tables(self, exercise):
        label = exercise.label
        spreads = room_spread(exercise)
        roles = [role for role, _count in spreads[0].counts] if spreads else []
        spread_rows = [[role.name] + [dict(s.counts)[role] for s in spreads] for role in roles]
        spread_rows.append([_("Totalt")] + [s.total for s in spreads])
        tables = [
            Table(
                _("%(label)s: rummets fördelning") % {"label": label},
                [_("Roll")] + [s.label for s in spreads],
                spread_rows,
            )
        ]
        if between := moved_between(exercise):
            moves = [[a.name, b.name, n] for a, b, n in room_moves(exercise)]
            first, second = between
            tables.append(
                Table(
                    _("%(label)s: förflyttningar") % {"label": label},
                    [
                        _("Från (%(round)s)") % {"round": first.label},
                        _("Till (%(round)s)") % {"round": second.label},
                        _("Antal"),
                    ],
                    moves,
                )
            )
        return tables

    def load(self, exercise, spec, roles):
        if spec.corners:
            exercise.config = {**exercise.config, "corners": list(spec.corners)}
            exercise.save(update_fields=["config"])
        for order, round_spec in enumerate(spec.rounds, start=1):
            placement_round = PlacementRound.objects.create(
                exercise=exercise,
                key=round_spec.key,
                order=order,
                short=round_spec.short or "",
                instruction=round_spec.instruction,
                discussion=round_spec.discussion or "",
            )
            add_prompts(exercise, placement_round.prompt_group, round_spec.questions)


KIND = PlacementKind()
