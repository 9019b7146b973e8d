"""Table groups: formed by a rule from what the day knows of each participant, previewed on
the console, changed by hand, then sent. Keyword-only. A preview is only the console's; once
sent, phones and projector show it (live.step_changed)."""

import random

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from exercises.kinds.placement.models import Placement, PlacementRound
from exercises.kinds.registry import strongest_roles
from seating import planner
from seating.models import Seat, Seating, SeatingTable
from workshops import live
from workshops.models import Event, Participant, ProgramItem

DEFAULT_SIZE = 5


def labels(*, event: Event, rule: str, placement_round: PlacementRound | None = None) -> dict:
    """Every participant of the event (id → label): the strongest role, the corner of the round,
    or None (did not answer, or the rule needs no label)."""
    if rule == Seating.Rule.MIXED_ROLES:
        known = strongest_roles(event)
    elif rule in {Seating.Rule.SAME_CORNER, Seating.Rule.MIXED_CORNERS} and placement_round:
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
) -> Seating:
    """A new seating of everyone who has joined, for the console to look at before sending
    ("skapa om" is another call: a new seed). It replaces the previous unsent one."""
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
            seated = planner.gathered(guests, size or DEFAULT_SIZE, seed=seed)
        else:
            count = planner.table_count(len(guests), size=size, tables=tables)
            plan = planner.at_random if rule == Seating.Rule.RANDOM else planner.mixed
            seated = plan(guests, count, seed=seed)
        _seat(seating, seated)
        live.state_changed(event.pk)
    return seating


def _seat(seating: Seating, seated: list[list[int]]) -> None:
    tables = SeatingTable.objects.bulk_create(
        SeatingTable(seating=seating, number=number) for number in range(1, len(seated) + 1)
    )
    Seat.objects.bulk_create(
        Seat(seating=seating, table=table, participant_id=participant_id)
        for table, guests in zip(tables, seated, strict=True)
        for participant_id in guests
    )


def _changed(seating: Seating) -> None:
    if seating.sent_at:
        live.step_changed(seating.event)
    else:
        live.state_changed(seating.event_id)


def send_tables(*, seating: Seating) -> None:
    """Phones and projector show this seating from now on."""
    with transaction.atomic():
        seating.sent_at = timezone.now()
        seating.save(update_fields=["sent_at"])
        live.step_changed(seating.event)


def current_seating(event: Event) -> Seating | None:
    """The seating the phones show: the last one sent."""
    return event.seatings.filter(sent_at__isnull=False).order_by("-sent_at", "-pk").first()


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
        Seat.objects.create(seating=seating, table=table, participant=participant)
        _changed(seating)
    return table
