import pytest

from exercises.kinds.rating.models import Rating
from tests.participant_helpers import HTMX, answer_url, exercise_url, join, open_exercise
from workshops.models import Participant


@pytest.fixture
def phone(client, changemakers):
    participant = join(client, changemakers)
    exercise = open_exercise(changemakers, "ovning-1")
    return client, participant, exercise


def all_ratings(exercise, value=3):
    return {f"ability-{a.pk}": str(value) for a in exercise.abilities.all()}


def test_rating_page_shows_16_abilities_with_five_choices(phone):
    client, _participant, exercise = phone
    html = client.get(exercise_url("ovning-1")).content.decode()
    assert html.count('type="radio"') == 16 * 5
    assert "Förmåga att inge förtroende" in html
    assert "Skatta hur väl dessa förmågor stämmer in på dig." in html


def test_rating_autosave_one_field_stores_one_rating(phone):
    client, participant, exercise = phone
    ability = exercise.abilities.first()
    response = client.post(answer_url("ovning-1"), {f"ability-{ability.pk}": "4"}, **HTMX)
    assert response.status_code == 200
    assert "Sparat" in response.content.decode()
    assert Rating.objects.get(participant=participant, ability=ability).value == 4


def test_rating_autosave_stays_within_its_query_budget(phone, django_assert_max_num_queries):
    """The answer POST is the hot path of a live workshop (hundreds a second at peak)."""
    client, participant, exercise = phone
    ability = exercise.abilities.first()
    with django_assert_max_num_queries(13):
        client.post(answer_url("ovning-1"), {f"ability-{ability.pk}": "4"}, **HTMX)
    assert Rating.objects.get(participant=participant, ability=ability).value == 4


def test_rating_double_tap_and_resubmit_edit_one_row(phone):
    client, participant, exercise = phone
    ability = exercise.abilities.first()
    for value in ("2", "2", "5"):
        client.post(answer_url("ovning-1"), {f"ability-{ability.pk}": value}, **HTMX)
    assert Rating.objects.filter(participant=participant).count() == 1
    assert Rating.objects.get(participant=participant).value == 5


@pytest.mark.parametrize("value", ["0", "6", "abc", "3.5"])
def test_rating_outside_1_to_5_is_refused_next_to_the_field(phone, value):
    client, participant, exercise = phone
    first, second = exercise.abilities.all()[:2]
    client.post(answer_url("ovning-1"), {f"ability-{first.pk}": "3"})
    response = client.post(
        answer_url("ovning-1"), {f"ability-{first.pk}": value, f"ability-{second.pk}": "4"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Välj ett värde från 1 till 5." in html
    assert f'id="error-ability-{first.pk}"' in html
    assert Rating.objects.get(participant=participant, ability=first).value == 3
    assert Rating.objects.get(participant=participant, ability=second).value == 4


def test_rating_bad_value_by_htmx_fills_the_fields_error_slot(phone):
    client, _participant, exercise = phone
    ability = exercise.abilities.first()
    response = client.post(answer_url("ovning-1"), {f"ability-{ability.pk}": "9"}, **HTMX)
    html = response.content.decode()
    assert f'<div id="error-ability-{ability.pk}" class="field-errors" hx-swap-oob="true">' in html
    assert "Välj ett värde från 1 till 5." in html


def test_rating_unknown_ability_is_refused(phone, changemakers):
    client, participant, exercise = phone
    other = changemakers.exercises.get(key="ovning-2")
    response = client.post(answer_url("ovning-1"), {"ability-999999": "3"})
    assert "Den förmågan finns inte i övningen." in response.content.decode()
    assert not Rating.objects.exists()
    assert other  # the day has other exercises; none of their ids are abilities here


def test_rating_done_before_all_rated_marks_the_missing_ones(phone):
    client, participant, exercise = phone
    ability = exercise.abilities.first()
    response = client.post(answer_url("ovning-1"), {f"ability-{ability.pk}": "4", "action": "done"})
    html = response.content.decode()
    assert html.count("Välj ett värde från 1 till 5.") == 15
    assert Rating.objects.filter(participant=participant).count() == 1


def test_rating_done_shows_role_profile_strongest_first(phone, changemakers):
    client, participant, exercise = phone
    data = all_ratings(exercise, 1)
    entreprenor = changemakers.roles.get(key="entreprenoren")
    for ability in entreprenor.abilities.all():
        data[f"ability-{ability.pk}"] = "5"
    response = client.post(answer_url("ovning-1"), {**data, "action": "done"})
    assert response.status_code == 302
    assert response["Location"].endswith("#profile")
    html = client.get(response["Location"].split("#")[0]).content.decode()
    assert "Din rollprofil" in html
    assert html.index("1. Entreprenören") < html.index("Nätverksbyggaren är speciellt")
    assert "Entreprenören är starkt idé och värdedriven" in html
    assert "Vad får du syn på?" in html
    assert 'role="img"' in html and "<svg" in html
    assert Rating.objects.filter(participant=participant).count() == 16


def test_rating_done_by_htmx_pushes_profile_out_of_band(phone):
    client, _participant, exercise = phone
    response = client.post(
        answer_url("ovning-1"), {**all_ratings(exercise), "action": "done"}, **HTMX
    )
    html = response.content.decode()
    assert '<section id="profile" class="profile" hx-swap-oob="true"' in html
    assert "Klart! Här är din rollprofil." in html


def test_rating_on_participant_home_when_current(phone):
    client, _participant, _exercise = phone
    html = client.get("/nu/").content.decode()
    assert "Skatta dina förmågor" in html
    assert html.count('type="radio"') == 80


def test_rating_without_participant_redirects_to_join(client, changemakers):
    open_exercise(changemakers, "ovning-1")
    assert client.get(exercise_url("ovning-1"))["Location"] == "/"
    assert client.post(answer_url("ovning-1"), {})["Location"] == "/"
    assert not Participant.objects.exists()


def test_rating_phone_shows_how_many_of_16_are_rated(phone):
    client, _participant, exercise = phone
    half = dict(list(all_ratings(exercise).items())[:8])
    html = client.post(answer_url("ovning-1"), half, **HTMX).content.decode()
    status, profile = html.split('<section id="profile"', 1)
    assert "Sparat ✓ 8 av 16 förmågor skattade." in status
    assert "Din rollprofil visas här när du har skattat alla 16 förmågor." in profile
    assert "8 kvar." in profile
    page = client.get(exercise_url("ovning-1")).content.decode()
    status, profile = page.split('<section id="profile"', 1)
    assert "8 av 16 förmågor skattade." in status and "8 kvar." in profile
    html = client.post(answer_url("ovning-1"), all_ratings(exercise), **HTMX).content.decode()
    assert "Sparat ✓ 16 av 16 förmågor skattade." in html
    assert "Din rollprofil" in html and "visas här när" not in html
