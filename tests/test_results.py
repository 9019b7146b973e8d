from django.template.loader import render_to_string
from django.utils import timezone

from exercises.charts import bar_chart
from exercises.kinds.placement.kind import room_moves, room_spread
from exercises.kinds.placement.models import Placement
from exercises.kinds.postcard.kind import postcards_by_scenario
from exercises.kinds.postcard.models import Postcard
from exercises.kinds.prompts.kind import reflections_by_level
from exercises.kinds.prompts.models import Reflection
from exercises.kinds.rating.kind import role_mix
from exercises.kinds.rating.models import Rating, participant_profile
from exercises.kinds.registry import answered_counts
from exercises.kinds.tips.kind import tip_tallies
from exercises.kinds.tips.models import TipChoice, TipTick
from workshops.models import add_participant


def test_role_mix_collects_each_participants_profile(changemakers):
    exercise = changemakers.exercises.get(number=1)
    for value in (1, 5):
        participant = add_participant(changemakers)
        for ability in exercise.abilities.all():
            Rating.objects.create(participant=participant, ability=ability, value=value)
    mix = {m.role.key: m for m in role_mix(exercise)}
    assert mix["tolkaren"].scores == [1.0, 5.0]
    assert mix["tolkaren"].mean == 3.0


def test_role_mix_matches_each_participants_profile_with_partial_ratings(
    changemakers, django_assert_num_queries
):
    exercise = changemakers.exercises.get(number=1)
    abilities = list(exercise.abilities.all())
    participants = []
    for number in range(6):
        participant = add_participant(changemakers)
        for index, ability in enumerate(abilities[number:]):
            Rating.objects.create(
                participant=participant, ability=ability, value=(index * number) % 5 + 1
            )
        participants.append(participant)
    expected: dict[str, list[float]] = {}
    for participant in participants:
        for role, score in participant_profile(participant):
            if score is not None:
                expected.setdefault(role.key, []).append(score)
    with django_assert_num_queries(2):
        mix = role_mix(exercise)
    assert {m.role.key: sorted(m.scores) for m in mix} == {
        key: sorted(scores) for key, scores in expected.items()
    }


def test_room_spread_and_moves(changemakers):
    exercise = changemakers.exercises.get(number=2)
    round_a, round_b = exercise.rounds.get(key="A"), exercise.rounds.get(key="B")
    network, interpreter = (
        changemakers.roles.get(key="natverksbyggaren"),
        changemakers.roles.get(key="tolkaren"),
    )
    for _ in range(2):
        participant = add_participant(changemakers)
        Placement.objects.create(participant=participant, round=round_a, role=network)
        Placement.objects.create(participant=participant, round=round_b, role=interpreter)
    Placement.objects.create(participant=add_participant(changemakers), round=round_a, role=network)
    spread = {s.key: dict((r.key, n) for r, n in s.counts) for s in room_spread(exercise)}
    assert spread["A"]["natverksbyggaren"] == 3 and spread["B"]["tolkaren"] == 2
    assert room_moves(exercise) == [(network, interpreter, 2)]


def test_tip_tallies_count_only_handed_in_lists(changemakers):
    exercise = changemakers.exercises.get(number=3)
    politicians = exercise.tip_lists.get(key="politiker")
    first_tip = politicians.tips.first()
    handed, drafting = add_participant(changemakers), add_participant(changemakers)
    TipChoice.objects.create(
        participant=handed, exercise=exercise, tip_list=politicians, handed_in_at=timezone.now()
    )
    TipChoice.objects.create(participant=drafting, exercise=exercise, tip_list=politicians)
    for participant in (handed, drafting):
        TipTick.objects.create(participant=participant, tip=first_tip)
    tally = next(t for t in tip_tallies(exercise) if t.tip_list == politicians)
    assert tally.handed_in == 1
    assert tally.ranked[0] == (first_tip, 1)
    assert answered_counts(changemakers)[exercise.pk] == 1


def test_postcards_and_reflections_leave_out_hidden(changemakers):
    exercise = changemakers.exercises.get(number=4)
    scenario = exercise.scenarios.get(number=2)
    shown = Postcard.objects.create(
        participant=add_participant(changemakers),
        exercise=exercise,
        scenario=scenario,
        greeting="Hej från 2040",
    )
    Postcard.objects.create(
        participant=add_participant(changemakers),
        exercise=exercise,
        scenario=scenario,
        hidden=True,
    )
    grouped = dict(postcards_by_scenario(exercise))
    assert grouped[scenario] == [shown]
    level = changemakers.exercises.get(number=5).prompts.get(key="system")
    Reflection.objects.create(
        participant=shown.participant, prompt=level, text="Mer", featured=True
    )
    featured = dict(reflections_by_level(level.exercise, featured_only=True))
    assert [r.text for r in featured[level]] == ["Mer"]


def test_bar_chart_scales_to_the_maximum_and_renders_numbers_with_dots():
    chart = bar_chart("Rollprofil", [("A", 5, "5,0"), ("B", 2.5, "2,5")], max_value=5)
    assert chart.bars[0].width == 530 and chart.bars[1].width == 265
    html = render_to_string("charts/bars.html", {"chart": chart})
    assert 'width="265.0"' in html and "<title>Rollprofil</title>" in html
