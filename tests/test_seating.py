"""Table groups formed from the room: by strongest role, by corner, at random; previewed,
changed by hand, sent; late joiners seated; everything goes with the participants."""

from collections import Counter

from django.db import connection
from django.test.utils import CaptureQueriesContext

from exercises.kinds.placement.models import Placement
from exercises.kinds.rating.models import participant_profile
from exercises.kinds.registry import strongest_roles
from seating import planner, services
from seating.models import Seat, Seating
from tests.test_projector import seed_answers
from workshops import services as day_services
from workshops.models import add_participant


def tables_of(seating: Seating) -> list[list[int]]:
    return [
        list(table.seats.values_list("participant_id", flat=True)) for table in seating.tables.all()
    ]


def test_strongest_role_is_the_top_of_each_profile(changemakers):
    seed_answers(changemakers, 12)
    strongest = strongest_roles(changemakers)
    assert len(strongest) == 12
    for participant in changemakers.participants.all():
        profile = participant_profile(participant)
        top = max(score for _role, score in profile)
        first_top = next(role for role, score in profile if score == top)
        assert strongest[participant.pk] == first_top.pk


def test_mixed_role_tables_of_four_are_as_mixed_as_possible(changemakers):
    seed_answers(changemakers, 12)
    seating = services.form_tables(event=changemakers, rule=Seating.Rule.MIXED_ROLES, size=4)
    seated = tables_of(seating)
    assert sorted(len(table) for table in seated) == [4, 4, 4]
    labels = strongest_roles(changemakers)
    assert planner.different_labels(seated, labels) == planner.best_possible(labels, 3)
    assert services.current_seating(changemakers) is None  # a preview until it is sent
    services.send_tables(seating=seating)
    assert services.current_seating(changemakers) == seating


def test_a_new_preview_replaces_the_unsent_one_and_keeps_the_sent(changemakers):
    seed_answers(changemakers, 8)
    sent = services.form_tables(event=changemakers, rule=Seating.Rule.RANDOM, size=4, seed=1)
    services.send_tables(seating=sent)
    services.form_tables(event=changemakers, rule=Seating.Rule.RANDOM, size=4, seed=2)
    latest = services.form_tables(event=changemakers, rule=Seating.Rule.RANDOM, size=4, seed=3)
    assert list(changemakers.seatings.all()) == [latest, sent]
    assert services.current_seating(changemakers) == sent


def test_same_corner_tables_gather_one_corner_each(changemakers):
    seed_answers(changemakers, 12)
    round_a = changemakers.exercises.get(key="ovning-2").rounds.get(key="A")
    seating = services.form_tables(
        event=changemakers, rule=Seating.Rule.SAME_CORNER, size=3, placement_round=round_a
    )
    corner = dict(Placement.objects.filter(round=round_a).values_list("participant_id", "role_id"))
    for table in tables_of(seating):
        assert len({corner[participant] for participant in table}) == 1


def test_moving_one_person_and_seating_a_late_joiner(changemakers):
    seed_answers(changemakers, 10)
    seating = services.form_tables(event=changemakers, rule=Seating.Rule.MIXED_ROLES, size=5)
    first, second = seating.tables.all()
    mover = first.seats.first().participant
    services.move(seating=seating, participant=mover, table=second)
    assert Counter(seat.table_id for seat in seating.seats.all()) == {first.pk: 4, second.pk: 6}
    late = add_participant(changemakers, "Sen")
    assert services.seat_late_joiner(seating=seating, participant=late) == first
    assert services.seat_late_joiner(seating=seating, participant=late) == first  # once
    assert first.seats.count() == 5


def test_forming_tables_takes_the_same_queries_for_a_larger_room(changemakers):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            services.form_tables(event=changemakers, rule=Seating.Rule.MIXED_ROLES, size=5)
        return len(captured)

    seed_answers(changemakers, 10)
    queries()  # each later one also replaces the previous preview
    small = queries()
    seed_answers(changemakers, 40)
    assert changemakers.participants.count() == 50
    assert queries() == small


def test_seats_go_with_the_participants(changemakers):
    seed_answers(changemakers, 6)
    services.form_tables(event=changemakers, rule=Seating.Rule.RANDOM, size=3)
    listed = dict(day_services.participants_deletion(event=changemakers))
    assert listed["Platser vid bord"] == 6
    day_services.delete_participants(event=changemakers)
    assert not Seat.objects.filter(seating__event=changemakers).exists()
