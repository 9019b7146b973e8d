import pytest
from django.db import IntegrityError, transaction

from exercises.answers import save_answer
from exercises.kinds.placement.models import Placement, PlacementRound
from exercises.kinds.postcard.models import Postcard, Scenario
from exercises.kinds.prompts.models import Reflection
from exercises.kinds.rating.models import Rating, participant_profile, role_profile
from exercises.kinds.tips.models import TipTick
from exercises.models import Exercise, Role
from tests.factories import AbilityFactory, ExerciseFactory, ParticipantFactory, RoleFactory
from workshops.models import JOIN_CODE_ALPHABET, add_participant, new_join_code


def test_profile_is_the_mean_of_each_roles_abilities(db):
    network, entrepreneur = RoleFactory(order=1), RoleFactory(order=2)
    shared = AbilityFactory()
    shared.roles.add(network, entrepreneur)
    only_network = [AbilityFactory(exercise=shared.exercise) for _ in range(2)]
    for ability in only_network:
        ability.roles.add(network)
    participant = ParticipantFactory()
    for ability, value in [(shared, 2), (only_network[0], 5), (only_network[1], 5)]:
        Rating.objects.create(participant=participant, ability=ability, value=value)
    profile = role_profile(participant.ratings.all(), Role.objects.prefetch_related("abilities"))
    assert [(role, score) for role, score in profile] == [(network, 4.0), (entrepreneur, 2.0)]


def test_profile_puts_unrated_roles_last(changemakers):
    participant = add_participant(changemakers)
    tolkaren_only = [
        ability
        for ability in changemakers.roles.get(key="tolkaren").abilities.all()
        if ability.roles.count() == 1
    ]
    for ability in tolkaren_only:
        Rating.objects.create(participant=participant, ability=ability, value=3)
    profile = participant_profile(participant)
    assert profile[0] == (changemakers.roles.get(key="tolkaren"), 3.0)
    assert [score for _role, score in profile[1:]] == [None, None, None]


@pytest.mark.parametrize(
    ("value", "stored"), [("0", False), ("1", True), ("4", True), ("5", False)]
)
def test_rating_is_checked_against_its_exercises_scale(db, value, stored):
    scale = {"min": 1, "max": 4, "low": "inte alls", "high": "helt"}
    exercise = ExerciseFactory(config={"scale": scale}, status=Exercise.Status.OPEN)
    ability = AbilityFactory(exercise=exercise)
    participant = ParticipantFactory(event=exercise.event)
    saved = save_answer(
        participant=participant, exercise=exercise, data={f"ability-{ability.pk}": value}
    )
    assert Rating.objects.filter(ability=ability).exists() is stored
    if not stored:
        assert saved.form.errors[f"ability-{ability.pk}"] == ["Välj ett värde från 1 till 4."]


def test_one_rating_per_participant_and_ability(db):
    participant, ability = ParticipantFactory(), AbilityFactory()
    Rating.objects.create(participant=participant, ability=ability, value=3)
    with pytest.raises(IntegrityError):
        Rating.objects.create(participant=participant, ability=ability, value=4)


def test_one_placement_per_round(changemakers):
    participant = add_participant(changemakers)
    round_a = PlacementRound.objects.get(exercise__event=changemakers, key="A")
    roles = list(changemakers.roles.all())
    Placement.objects.create(participant=participant, round=round_a, role=roles[0])
    with pytest.raises(IntegrityError):
        Placement.objects.create(participant=participant, round=round_a, role=roles[1])


def test_one_tick_per_tip(changemakers):
    participant = add_participant(changemakers)
    tip = changemakers.exercises.get(number=3).tip_lists.first().tips.first()
    TipTick.objects.create(participant=participant, tip=tip)
    with pytest.raises(IntegrityError):
        TipTick.objects.create(participant=participant, tip=tip)


def test_one_postcard_per_participant_and_a_plausible_year(changemakers):
    participant = add_participant(changemakers)
    exercise = changemakers.exercises.get(number=4)
    scenario = Scenario.objects.get(exercise=exercise, number=1)
    Postcard.objects.create(
        participant=participant, exercise=exercise, scenario=scenario, year=2040
    )
    with transaction.atomic(), pytest.raises(IntegrityError):
        Postcard.objects.create(participant=participant, exercise=exercise, scenario=scenario)
    with pytest.raises(IntegrityError):
        Postcard.objects.create(
            participant=add_participant(changemakers), exercise=exercise, scenario=scenario, year=12
        )


def test_one_reflection_per_level_and_never_empty(changemakers):
    participant = add_participant(changemakers)
    level = changemakers.exercises.get(number=5).prompts.get(key="self")
    Reflection.objects.create(participant=participant, prompt=level, text="Lyssna mer")
    with transaction.atomic(), pytest.raises(IntegrityError):
        Reflection.objects.create(participant=participant, prompt=level, text="Igen")
    with pytest.raises(IntegrityError):
        Reflection.objects.create(participant=add_participant(changemakers), prompt=level, text="")


def test_scenarios_one_per_quadrant(changemakers):
    existing = Scenario.objects.get(number=1)
    with pytest.raises(IntegrityError):
        Scenario.objects.create(
            exercise=existing.exercise,
            number=9,
            name="X",
            text="X",
            vertical=existing.vertical,
            horizontal=existing.horizontal,
        )


def test_participants_are_numbered_in_order(changemakers):
    numbers = [add_participant(changemakers).number for _ in range(3)]
    assert numbers == [1, 2, 3]


def test_join_code_has_no_look_alikes():
    code = new_join_code()
    assert len(code) == 6 and set(code) <= set(JOIN_CODE_ALPHABET)
    assert not set("0O1IL") & set(JOIN_CODE_ALPHABET)


def test_timer_counts_down_pauses_and_resets(changemakers):
    import datetime

    exercise = changemakers.exercises.get(number=1)
    start = exercise.timer_started_at or None
    assert start is None and exercise.timer_remaining() == 600
    t0 = datetime.datetime(2025, 11, 4, 9, 0, tzinfo=datetime.UTC)
    exercise.start_timer(now=t0)
    assert exercise.timer_remaining(now=t0 + datetime.timedelta(seconds=90)) == 510
    exercise.pause_timer(now=t0 + datetime.timedelta(seconds=90))
    exercise.add_minute()
    exercise.refresh_from_db()
    assert exercise.timer_remaining() == 570
    exercise.reset_timer()
    assert exercise.timer_remaining() == 600


@pytest.mark.django_db(transaction=True)
def test_participants_joining_at_once_all_get_distinct_numbers(changemakers):
    """Under ASGI each request's view runs in its own thread: joins race for the next number."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    def join_some(_worker):
        try:
            return [add_participant(changemakers).number for _ in range(15)]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        numbers = [n for batch in pool.map(join_some, range(8)) for n in batch]
    assert sorted(numbers) == list(range(1, 121))
