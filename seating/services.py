"""Table groups: formed by a rule from what the day knows of each participant, previewed on
the console, changed by hand, then sent. Keyword-only. A preview is only the console's; once
sent, phones and projector show it (live.step_changed)."""

import random
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from exercises.charts import ROLE_COLOURS
from exercises.kinds.placement.models import Placement, PlacementRound
from exercises.kinds.registry import kind_of, strongest_roles
from exercises.models import Prompt, Role
from seating import planner
from seating.models import GroupPlan, Seat, Seating, SeatingTable
from workshops import live
from workshops.models import Event, Participant, ProgramItem

DEFAULT_SIZE = 5
CORNER_RULES = {Seating.Rule.SAME_CORNER, Seating.Rule.MIXED_CORNERS}


def labels(*, event: Event, rule: str, placement_round: PlacementRound | None = None) -> dict:
    """Every participant of the event (id → label): the strongest role, the corner of the round,
    or None (did not answer, or the rule needs no label)."""
    if rule == Seating.Rule.MIXED_ROLES:
        known = strongest_roles(event)
    elif rule in CORNER_RULES and placement_round:
        known = dict(
            Placement.objects.filter(round=placement_round).values_list("participant_id", "role_id")
        )
    else:
        known = {}
    return {pk: known.get(pk) for pk in event.participants.values_list("pk", flat=True)}


def form_tables(
    *,
    event: Event,
    rule: str,
    size: int | None = None,
    tables: int | None = None,
    placement_round: PlacementRound | None = None,
    item: ProgramItem | None = None,
    seed: int | None = None,
    names: list[str] | None = None,
) -> Seating:
    """A new seating of everyone who has joined, for the console to look at before sending
    ("skapa om" is another call: a new seed). It replaces the previous unsent one. `names`:
    the tables' names in order (from the workshop file); the rest are numbered."""
    seed = random.randrange(2**31) if seed is None else seed
    size = size or (None if tables else DEFAULT_SIZE)
    with transaction.atomic():
        event.seatings.filter(sent_at__isnull=True).delete()
        seating = Seating.objects.create(
            event=event,
            item=item,
            rule=rule,
            size=size,
            placement_round=placement_round,
            seed=seed,
        )
        by_label = labels(event=event, rule=rule, placement_round=placement_round)
        guests = [planner.Guest(pk, label) for pk, label in by_label.items()]
        if rule == Seating.Rule.SAME_CORNER:
            size = size or max(1, round(len(guests) / tables))
            seated = planner.gathered(guests, size, seed=seed)
        else:
            count = planner.table_count(len(guests), size=size, tables=tables)
            plan = planner.at_random if rule == Seating.Rule.RANDOM else planner.mixed
            seated = plan(guests, count, seed=seed)
        if names is None:
            names = plan_of(item).table_names if plan_of(item) else []
        # The mix counts the rule's own labels; random tables count the strongest roles.
        same = rule == Seating.Rule.MIXED_ROLES or (rule in CORNER_RULES and placement_round)
        _seat(seating, seated, names, by_label if same else mix_labels(seating))
        live.state_changed(event.pk)
    return seating


def plan_of(item: ProgramItem | None) -> GroupPlan | None:
    """What the workshop file asks for at the item, if anything."""
    return GroupPlan.objects.filter(item=item).first() if item is not None else None


def form_again(*, seating: Seating) -> Seating:
    """ "Skapa om": the same rule and size (or number of tables), another draw."""
    return form_tables(
        event=seating.event,
        rule=seating.rule,
        size=seating.size,
        tables=None if seating.size else seating.tables.count(),
        placement_round=seating.placement_round,
        item=seating.item,
        names=[table.name for table in seating.tables.all()],
    )


def _seat(seating: Seating, seated: list[list[int]], names: list[str], roles: dict) -> None:
    tables = SeatingTable.objects.bulk_create(
        SeatingTable(
            seating=seating,
            number=number,
            name=names[number - 1][:60] if number <= len(names) else "",
        )
        for number in range(1, len(seated) + 1)
    )
    Seat.objects.bulk_create(
        Seat(
            seating=seating,
            table=table,
            participant_id=participant_id,
            role_id=roles.get(participant_id),
        )
        for table, guests in zip(tables, seated, strict=True)
        for participant_id in guests
    )


def _changed(seating: Seating, *, phones: bool = True) -> None:
    """Once sent, a change is a new state for the phones: each fetches its table again."""
    if seating.sent_at and phones:
        Seating.objects.filter(pk=seating.pk).update(version=F("version") + 1)
        seating.refresh_from_db(fields=["version"])
        live.step_changed(seating.event)
    else:
        live.state_changed(seating.event_id)


def send_tables(*, seating: Seating) -> None:
    """Phones and projector show this seating from now on. Whoever joined after the preview was
    formed is seated first, as a late joiner."""
    with transaction.atomic():
        seated = seating.seats.values("participant_id")
        for participant in seating.event.participants.exclude(pk__in=seated):
            _seat_late(seating, participant)
        seating.sent_at = timezone.now()
        seating.save(update_fields=["sent_at"])
        live.step_changed(seating.event)


def current_seating(event: Event) -> Seating | None:
    """The last seating sent."""
    return event.seatings.filter(sent_at__isnull=False).order_by("-sent_at", "-pk").first()


def shown_seating(event: Event) -> Seating | None:
    """The seating phones and projector show now: the last one sent, while the day is at the
    programme item it was formed for (one formed for no item stays until the next)."""
    seating = current_seating(event)
    if seating is not None and seating.item_id not in (None, event.current_item_id):
        return None
    return seating


def seating_for(item: ProgramItem) -> Seating | None:
    """The tables last sent for a programme item: its answers are grouped by them."""
    return item.seatings.filter(sent_at__isnull=False).order_by("-sent_at", "-pk").first()


def preview(event: Event) -> Seating | None:
    """The console's unsent seating, if any."""
    return event.seatings.filter(sent_at__isnull=True).first()


def phone_state(event: Event) -> str:
    """Part of the phone's "now" state: tables sent, or changed after sending, are a new state
    (each phone then fetches its own table)."""
    seating = shown_seating(event)
    return f"t{seating.pk}v{seating.version}" if seating else ""


def move(*, seating: Seating, participant: Participant, table: SeatingTable) -> None:
    """The facilitator moves one person by hand (to a table of the same seating)."""
    if table.seating_id != seating.pk or participant.event_id != seating.event_id:
        raise ValueError("table and participant must belong to the seating's event")
    with transaction.atomic():
        Seat.objects.update_or_create(
            seating=seating, participant=participant, defaults={"table": table}
        )
        _changed(seating)


def seat_late_joiner(*, seating: Seating, participant: Participant) -> SeatingTable:
    """Someone who joined after the tables were formed: the smallest table, preferring one
    where their label (role or corner) is not yet seated."""
    with transaction.atomic():
        seat = seating.seats.filter(participant=participant).select_related("table").first()
        if seat is not None:
            return seat.table
        table = _seat_late(seating, participant)
        # Not a new state for every phone: that would swap the page of everyone typing at
        # lunch. The joiner's own page shows the table; the others' at their next change.
        _changed(seating, phones=False)
    return table


def seat_on_joining(*, participant: Participant) -> None:
    """A participant who joins while tables are shown gets a seat at once."""
    seating = shown_seating(participant.event)
    if seating is not None:
        seat_late_joiner(seating=seating, participant=participant)


def _seat_late(seating: Seating, participant: Participant) -> SeatingTable:
    """The smallest table, preferring one where the label (role or corner) is not yet seated.
    (Mixed roles and random: the strongest role; the corner rules: the corner.)"""
    by_label = labels(
        event=seating.event, rule=seating.rule, placement_round=seating.placement_round
    )
    mine = by_label.get(participant.pk)
    tables = list(seating.tables.annotate(size=Count("seats")).order_by("size", "number"))
    smallest = [table for table in tables if table.size == tables[0].size]
    present = {
        (seat.table_id, by_label.get(seat.participant_id))
        for seat in seating.seats.filter(table__in=smallest)
    }
    fitting = [table for table in smallest if mine is None or (table.pk, mine) not in present]
    table = (fitting or smallest)[0]
    role = mine if seating.rule != Seating.Rule.RANDOM else mix_labels(seating).get(participant.pk)
    Seat.objects.create(seating=seating, table=table, participant=participant, role_id=role)
    return table


# --- What the console, the phones, the projector and the report show of a seating ---


@dataclass
class Mix:
    """How many at a table have one role (their strongest, or their corner of the round)."""

    role: Role
    colour: int
    count: int


@dataclass
class TableView:
    table: SeatingTable
    size: int = 0
    mix: list[Mix] = field(default_factory=list)
    unknown: int = 0  # did not answer (no strongest role, or no corner in the round)
    members: list[Participant] = field(default_factory=list)

    @property
    def mix_text(self) -> str:
        """ "2 Strateg, 1 Nätverkare": for a spreadsheet's cell."""
        parts = [f"{mix.count} {mix.role.name}" for mix in self.mix]
        if self.unknown:
            parts.append(f"{self.unknown} {_('okänd roll')}")
        return ", ".join(parts)


def mix_labels(seating: Seating) -> dict[int, int]:
    """What a table's mix counts: the corners of the round for the corner rules, else each
    participant's strongest role."""
    if seating.rule in CORNER_RULES and seating.placement_round_id:
        return dict(
            Placement.objects.filter(round_id=seating.placement_round_id).values_list(
                "participant_id", "role_id"
            )
        )
    return strongest_roles(seating.event)


def table_views(seating: Seating, *, members: bool = False, table=None) -> list[TableView]:
    """Every table (or one) with its size and mix (and, with `members`, who sits there, by
    number): three queries, whatever the room's size."""
    roles = list(seating.event.roles.all())
    colours = {role.pk: index % ROLE_COLOURS + 1 for index, role in enumerate(roles)}
    tables = seating.tables.all() if table is None else [table]
    views = {each.pk: TableView(each) for each in tables}
    seats = seating.seats.filter(table_id__in=list(views)).order_by("participant__number")
    if members:
        seats = seats.select_related("participant")
    counts: dict[int, Counter] = {pk: Counter() for pk in views}
    for seat in seats:
        view = views[seat.table_id]
        view.size += 1
        if members:
            view.members.append(seat.participant)
        if seat.role_id in colours:
            counts[seat.table_id][seat.role_id] += 1
        else:
            view.unknown += 1
    for table_id, view in views.items():
        view.mix = [
            Mix(role, colours[role.pk], counts[table_id][role.pk])
            for role in roles
            if counts[table_id][role.pk]
        ]
    return list(views.values())


def table_of(seating: Seating, participant: Participant) -> TableView | None:
    """A participant's table, with who else sits there (`members`: the others)."""
    seat = seating.seats.filter(participant=participant).select_related("table").first()
    if seat is None:
        return None
    (view,) = table_views(seating, members=True, table=seat.table)
    view.members = [member for member in view.members if member.pk != participant.pk]
    return view


def tables_by_participant(seating: Seating) -> dict[int, TableView]:
    """Participant id → their table (with its mix): answers grouped by table."""
    views = {view.table.pk: view for view in table_views(seating)}
    return {
        participant_id: views[table_id]
        for participant_id, table_id in seating.seats.values_list("participant_id", "table_id")
    }


def discussion_questions(event: Event) -> list:
    """What the tables talk about: the current step's questions, unless they are what the
    step's own form asks (the lunch prompts: the phone shows them there already)."""
    exercise = event.current_exercise
    if exercise is None or kind_of(exercise).answer_group == Prompt.Group.QUESTIONS:
        return []
    return exercise.prompts_in("questions")


def phone_table(participant: Participant) -> dict:
    """The phone's table card: its table (with the others there) and the questions."""
    seating = shown_seating(participant.event)
    mine = table_of(seating, participant) if seating else None
    if mine is None:
        return {}
    named = [member.name for member in mine.members if member.name]
    return {
        "mine": mine,
        "named": named,
        "unnamed": len(mine.members) - len(named),
        "questions": discussion_questions(participant.event),
    }


def projector_map(event: Event) -> dict:
    """The projector's table map: every table with its size and mix."""
    seating = shown_seating(event)
    if seating is None:
        return {}
    tables = table_views(seating)
    roles = list(event.roles.all())
    return {
        "seating": seating,
        "tables": tables,
        "seated": sum(view.size for view in tables),
        "density": map_density(len(tables)),
        "people_short": pgettext("people at a table, short", "pers."),
        "unknown": any(view.unknown for view in tables),
        "legend": [(role, index % ROLE_COLOURS + 1) for index, role in enumerate(roles)],
    }


def map_density(tables: int) -> str:
    """How large the projector draws each table: as large as the room allows."""
    if tables <= 12:
        return "large"
    if tables <= 40:
        return "medium"
    return "small"


def tables_by_number(item: ProgramItem | None) -> dict[int, TableView]:
    """Participant number → their table (with its mix), at the tables last sent for the item:
    the exports add each answer's table where a step was done in groups. {} without tables."""
    seating = seating_for(item) if item is not None else None
    if seating is None:
        return {}
    views = {view.table.pk: view for view in table_views(seating)}
    return {
        number: views[table_id]
        for number, table_id in seating.seats.values_list("participant__number", "table_id")
    }
