"""Övning 2: stand in the corner of a role, round after round; the room in each round and who
moved between rounds (every round from the one before, or the pairs the file names)."""

from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from exercises.kinds.base import (
    ExerciseKind,
    Saved,
    add_prompts,
    present,
    upsert,
    would_be_lost,
)
from exercises.kinds.placement.charts import room_chart
from exercises.kinds.placement.editor import RoundsForm
from exercises.kinds.placement.forms import PlacementForm
from exercises.kinds.placement.models import Placement, PlacementRound
from exercises.models import Exercise, Role
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


def round_pairs(exercise: Exercise) -> list[tuple[PlacementRound, PlacementRound]]:
    """The pairs of rounds whose moves are counted: the file's `moves` (e.g. first → last),
    else every round and the one before it."""
    rounds = list(exercise.rounds.all())
    by_key = {r.key: r for r in rounds}
    chosen = (exercise.config or {}).get("moves")
    if chosen:
        return [(by_key[a], by_key[b]) for a, b in chosen if a in by_key and b in by_key]
    return list(zip(rounds, rounds[1:], strict=False))


def in_words_and(keys: list[str]) -> str:
    """ "A", "A och B", "A, B och C" """
    if len(keys) < 2:
        return "".join(keys)
    return _("%(first)s och %(last)s") % {"first": ", ".join(keys[:-1]), "last": keys[-1]}


def room_moves(
    exercise: Exercise, first: PlacementRound | None = None, second: PlacementRound | None = None
) -> list[tuple[Role, Role, int]]:
    """Who moved from where (in `first`) to where (in `second`), most common first; without
    them, between the first pair of round_pairs() (none with one round)."""
    if first is None or second is None:
        pairs = round_pairs(exercise)
        if not pairs:
            return []
        first, second = pairs[0]
    by_participant: dict[int, dict[int, int]] = {}
    for participant_id, round_id, role_id in Placement.objects.filter(
        round__in=(first, second)
    ).values_list("participant_id", "round_id", "role_id"):
        by_participant.setdefault(participant_id, {})[round_id] = role_id
    a, b = first.pk, second.pk
    moves = Counter((p[a], p[b]) for p in by_participant.values() if a in p and b in p)
    roles = {role.pk: role for role in exercise.event.roles.all()}
    return [
        (roles[x], roles[y], count)
        for (x, y), count in sorted(moves.items(), key=lambda item: (-item[1], item[0]))
    ]


def moves_into(exercise: Exercise, placement_round: PlacementRound, pairs) -> tuple:
    """The pair of rounds that ends in `placement_round` and its moves; (None, []) if none."""
    pair = next((p for p in pairs if p[1].pk == placement_round.pk), None)
    return (pair, room_moves(exercise, *pair)) if pair else (None, [])


class PlacementKind(ExerciseKind):
    key = "placement"
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
        # One round at a time: the last one the facilitator has opened, its counts and the
        # moves into it.
        open_rounds = exercise.open_rounds()
        shown = open_rounds[-1]
        spread = [s for s in room_spread(exercise) if s.key == shown.key]
        pair, moves = moves_into(exercise, shown, round_pairs(exercise))
        legend = _("Siffran: hur många som stod i hörnet")
        if len(exercise.rounds.all()) > 1:
            legend = _("Runda %(number)s av %(count)s: ”%(label)s”. %(legend)s") % {
                "number": shown.order,
                "count": len(exercise.rounds.all()),
                "label": shown.label,
                "legend": legend,
            }
        moves_legend = ""
        if pair:
            moves_legend = _("från ”%(first)s” till ”%(second)s”; siffran: hur många som gick") % {
                "first": pair[0].label,
                "second": pair[1].label,
            }
        return {
            "spread": spread,
            "moves": moves,
            "room": room_chart(
                spread,
                exercise.corner_roles(),
                moves,
                shown.label,
                moves_from=pair[0].label if pair else "",
            ),
            "room_legend": legend,
            "moves_legend": moves_legend,
        }

    def report_results(self, exercise):
        spreads = {s.key: s for s in room_spread(exercise)}
        pairs = round_pairs(exercise)
        roles = exercise.corner_roles()
        rounds = []
        for placement_round in exercise.rounds.all():
            spread = spreads[placement_round.key]
            pair, moves = moves_into(exercise, placement_round, pairs)
            title = _("Rummet: %(label)s") % {"label": placement_round.label}
            rounds.append(
                {
                    "label": placement_round.label,
                    "instruction": placement_round.instruction,
                    "total": spread.total,
                    "chart": room_chart(
                        [spread], roles, moves, title, moves_from=pair[0].label if pair else ""
                    ),
                    "from": pair[0].label if pair else "",
                    "moves": moves,
                    "stayed": sum(n for a, b, n in moves if a == b),
                    "moved": sum(n for a, b, n in moves if a != b),
                }
            )
        table = [(role, [dict(s.counts).get(role, 0) for s in spreads.values()]) for role in roles]
        return {"rounds": rounds, "table": table}

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
        for first, second in round_pairs(exercise):
            moves = [[a.name, b.name, n] for a, b, n in room_moves(exercise, first, second)]
            tables.append(
                Table(
                    _("%(label)s: förflyttningar från ”%(first)s” till ”%(second)s”")
                    % {"label": label, "first": first.label, "second": second.label},
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
        if spec.moves:
            exercise.config = {**exercise.config, "moves": [list(pair) for pair in spec.moves]}
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

    editor_form = RoundsForm

    def apply_spec(self, exercise, spec, form):
        """The rounds the form kept, in its order, with their words, and the new one; the
        corners and moves. A removed round or corner takes its placements with it, once the
        form has confirmed it; a round's questions are written anew (no answer is theirs)."""
        current = {r.pk: r for r in exercise.rounds.all()}
        gone = [r for pk, r in current.items() if pk not in form.kept]
        corners = set(spec.corners or [role.key for role in exercise.event.roles.all()])
        lost_corners = [r for r in exercise.corner_roles() if r.key not in corners]
        placements = Placement.objects.filter(round__exercise=exercise)
        lost = []
        for placement_round in gone:
            if count := placement_round.placements.count():
                lost.append(
                    ngettext(
                        "%(count)s deltagares placering i %(round)s",
                        "%(count)s deltagares placeringar i %(round)s",
                        count,
                    )
                    % {
                        "count": count,
                        "round": _("runda %(number)s") % {"number": placement_round.order},
                    }
                )
        for role in lost_corners:
            if count := placements.filter(role=role).exclude(round__in=gone).count():
                lost.append(
                    ngettext(
                        "%(count)s placering i hörnet %(corner)s",
                        "%(count)s placeringar i hörnet %(corner)s",
                        count,
                    )
                    % {"count": count, "corner": role.name}
                )
        would_be_lost(lost, form=form)
        placements.filter(role__in=lost_corners).delete()
        for placement_round in gone:
            exercise.prompts.filter(group=placement_round.prompt_group).delete()
            placement_round.delete()
        for order, (pk, round_spec) in enumerate(zip(form.kept, spec.rounds, strict=True), 1):
            words = {
                "order": order,
                "short": round_spec.short or "",
                "instruction": round_spec.instruction,
                "discussion": round_spec.discussion or "",
            }
            if pk is None:
                placement_round = PlacementRound.objects.create(
                    exercise=exercise, key=round_spec.key, **words
                )
            else:
                placement_round = current[pk]
                PlacementRound.objects.filter(pk=pk).update(**words)
            exercise.prompts.filter(group=placement_round.prompt_group).delete()
            add_prompts(exercise, placement_round.prompt_group, round_spec.questions)
        config = {
            key: value
            for key, value in (exercise.config or {}).items()
            if key not in ("corners", "moves")
        }
        if spec.corners:
            config["corners"] = list(spec.corners)
        if spec.moves:
            config["moves"] = [list(pair) for pair in spec.moves]
        exercise.config = config
        exercise.rounds_open = min(exercise.rounds_open, max(len(spec.rounds), 1))
        exercise.save(update_fields=["config", "rounds_open"])

    def starter_spec(self, event):
        instruction = _("Ställ dig i hörnet för den roll du känner dig mest hemma i.")
        return {"rounds": [{"key": "A", "instruction": instruction, "questions": []}]}

    def spec(self, exercise):
        config = exercise.config or {}
        rounds = [
            present(
                {
                    "key": placement_round.key,
                    "short": placement_round.short,
                    "instruction": placement_round.instruction,
                    "discussion": placement_round.discussion,
                }
            )
            | {
                "questions": [
                    prompt.text for prompt in exercise.prompts_in(placement_round.prompt_group)
                ]
            }
            for placement_round in exercise.rounds.all()
        ]
        return present(
            {"rounds": rounds, "corners": config.get("corners"), "moves": config.get("moves")}
        )


KIND = PlacementKind()
KINDS = (KIND,)
