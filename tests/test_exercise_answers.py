"""Övning 2, 3, lunch and 5 from a phone: saving, editing, bad input, closed and draft."""

import pytest

from exercises.kinds.placement.models import Placement
from exercises.kinds.prompts.models import Reflection
from exercises.kinds.tips.models import Tip, TipChoice, TipTick
from tests.participant_helpers import HTMX, answer_url, exercise_url, join, open_exercise


@pytest.fixture
def participant(client, changemakers):
    return join(client, changemakers, "Ada")


# Övning 2


def test_placement_round_choice_saves_and_shows_its_questions(client, changemakers, participant):
    open_exercise(changemakers, "ovning-2")
    html = client.get(exercise_url("ovning-2")).content.decode()
    assert "Placera dig i den ruta där du trivs bäst" in html
    assert "Gå nu till den roll du finner mest utmanande." not in html  # until B opens
    assert "Vad är det som gör att du hamnar i den rollen" not in html
    # Empty until a role is chosen (`:empty` hides it; whitespace would show an empty box).
    assert '<div id="questions-A" class="round-questions"></div>' in html
    response = client.post(answer_url("ovning-2"), {"round-A": "tolkaren"}, **HTMX)
    html = response.content.decode()
    assert '<div id="questions-A" class="round-questions" hx-swap-oob="true">' in html
    assert "Vad är det som gör att du hamnar i den rollen i ditt arbete?" in html
    assert "Vad är det som är svårt med denna gränsgångarroll?" not in html
    assert Placement.objects.get(participant=participant, round__key="A").role.key == "tolkaren"


def test_placement_change_of_mind_edits_one_row(client, changemakers, participant):
    open_exercise(changemakers, "ovning-2")
    for role in ("tolkaren", "tolkaren", "koordineraren"):
        client.post(answer_url("ovning-2"), {"round-A": role})
    changemakers.exercises.get(key="ovning-2").open_next_round()
    client.post(answer_url("ovning-2"), {"round-B": "entreprenoren"})
    placements = Placement.objects.filter(participant=participant)
    assert placements.count() == 2
    assert placements.get(round__key="A").role.key == "koordineraren"


def test_placement_unknown_role_is_refused(client, changemakers, participant):
    open_exercise(changemakers, "ovning-2").open_next_round()
    client.post(answer_url("ovning-2"), {"round-A": "tolkaren"})
    response = client.post(answer_url("ovning-2"), {"round-A": "kungen", "round-B": "tolkaren"})
    assert "Välj en av de fyra rollerna." in response.content.decode()
    assert Placement.objects.get(participant=participant, round__key="A").role.key == "tolkaren"
    assert Placement.objects.get(participant=participant, round__key="B").role.key == "tolkaren"


def test_placement_unknown_round_is_refused(client, changemakers, participant):
    open_exercise(changemakers, "ovning-2")
    response = client.post(answer_url("ovning-2"), {"round-C": "tolkaren"})
    assert "Den rundan finns inte i övningen." in response.content.decode()
    assert not Placement.objects.exists()


# Övning 3


def tips_of(changemakers, list_key):
    return list(Tip.objects.filter(tip_list__exercise__event=changemakers, tip_list__key=list_key))


def test_tips_choose_list_shows_grouped_tips_with_key_phrase(client, changemakers, participant):
    open_exercise(changemakers, "ovning-3")
    html = client.get(exercise_url("ovning-3"), **HTMX).content.decode()
    assert "Välj en lista för att se tipsen." in html
    response = client.get(exercise_url("ovning-3") + "?lista=chefer", **HTMX)
    html = response.content.decode()
    assert '<article id="exercise"' in html and "<h3>Tips till chefer" in html
    assert "<legend>Processer</legend>" in html
    assert "<legend>Strukturer</legend>" in html
    assert "<legend>Organisationskultur</legend>" in html
    assert "<strong>Ledningens engagemang</strong>" in html
    assert html.count('type="checkbox"') == 14
    assert not TipChoice.objects.exists()  # looking is not answering


def test_tips_tick_untick_and_hand_in(client, changemakers, participant):
    open_exercise(changemakers, "ovning-3")
    tips = tips_of(changemakers, "politiker")
    data = {"ticking": "politiker", "tips": [tips[0].pk, tips[3].pk]}
    client.post(answer_url("ovning-3"), data, **HTMX)
    client.post(answer_url("ovning-3"), data, **HTMX)  # double tap
    assert set(TipTick.objects.values_list("tip_id", flat=True)) == {tips[0].pk, tips[3].pk}
    data["tips"] = [tips[3].pk]
    response = client.post(answer_url("ovning-3"), {**data, "action": "hand_in"})
    assert response.status_code == 302
    assert list(TipTick.objects.values_list("tip_id", flat=True)) == [tips[3].pk]
    assert TipChoice.objects.get(participant=participant).handed_in_at is not None


def test_tips_ticks_in_two_lists_only_the_handed_in_one_counts(client, changemakers, participant):
    open_exercise(changemakers, "ovning-3")
    politiker, chefer = tips_of(changemakers, "politiker"), tips_of(changemakers, "chefer")
    client.post(answer_url("ovning-3"), {"ticking": "politiker", "tips": [politiker[0].pk]})
    client.post(
        answer_url("ovning-3"),
        {"ticking": "chefer", "tips": [chefer[1].pk], "action": "hand_in"},
    )
    assert TipChoice.objects.filter(participant=participant).count() == 1
    assert TipChoice.objects.get(participant=participant).tip_list.key == "chefer"
    summary = client.get("/mitt-resultat/").content.decode()
    assert "Tips till chefer" in summary and "inte inlämnad" not in summary
    assert f"<strong>{chefer[1].key_phrase}</strong>" in summary
    assert f"<strong>{politiker[0].key_phrase}</strong>" not in summary


def test_tips_unknown_tip_is_refused_and_ticks_stay(client, changemakers, participant):
    open_exercise(changemakers, "ovning-3")
    tips = tips_of(changemakers, "politiker")
    base = {"ticking": "politiker"}
    client.post(answer_url("ovning-3"), {**base, "tips": [tips[0].pk]})
    response = client.post(answer_url("ovning-3"), {**base, "tips": [tips[0].pk, 999999]})
    assert "Det tipset finns inte i listan." in response.content.decode()
    assert list(TipTick.objects.values_list("tip_id", flat=True)) == [tips[0].pk]


def test_tips_tip_from_another_list_is_refused(client, changemakers, participant):
    open_exercise(changemakers, "ovning-3")
    chefer = tips_of(changemakers, "chefer")
    base = {"ticking": "politiker"}
    response = client.post(answer_url("ovning-3"), {**base, "tips": [chefer[0].pk]})
    assert "Det tipset finns inte i listan." in response.content.decode()
    assert not TipTick.objects.exists()


def test_tips_unknown_list_is_refused(client, changemakers, participant):
    open_exercise(changemakers, "ovning-3")
    response = client.post(answer_url("ovning-3"), {"ticking": "kungar", "action": "hand_in"})
    assert "Välj en av de tre listorna." in response.content.decode()
    assert not TipChoice.objects.exists()


def test_tips_hand_in_without_list_asks_for_one(client, changemakers, participant):
    open_exercise(changemakers, "ovning-3")
    response = client.post(answer_url("ovning-3"), {"action": "hand_in"})
    assert "Välj en lista innan du lämnar in." in response.content.decode()


def test_tips_looking_at_another_list_keeps_the_hand_in(client, changemakers, participant):
    open_exercise(changemakers, "ovning-3")
    politiker = tips_of(changemakers, "politiker")[:3]
    data = {"ticking": "politiker", "tips": [t.pk for t in politiker]}
    client.post(answer_url("ovning-3"), {**data, "action": "hand_in"})
    # The phone taps "Tips till chefer" just to look, then goes back.
    html = client.get(exercise_url("ovning-3") + "?lista=chefer", **HTMX).content.decode()
    assert "<h3>Tips till chefer" in html
    assert "Du lämnade in Tips till politiker." in html
    assert "ersätter den din tidigare inlämning" in html
    html = client.get(exercise_url("ovning-3") + "?lista=politiker", **HTMX).content.decode()
    assert "<h3>Tips till politiker" in html and "Inlämnad kl." in html
    choice = TipChoice.objects.get(participant=participant)
    assert choice.handed_in_at is not None and choice.tip_list.key == "politiker"
    summary = client.get("/mitt-resultat/").content.decode()
    assert "inte inlämnad" not in summary
    for tip in politiker:
        assert f"<strong>{tip.key_phrase}</strong>" in summary


def test_tips_list_switch_without_javascript_saves_ticks_and_keeps_the_hand_in(
    client, changemakers, participant
):
    open_exercise(changemakers, "ovning-3")
    politiker = tips_of(changemakers, "politiker")
    data = {"ticking": "politiker", "tips": [politiker[0].pk]}
    client.post(answer_url("ovning-3"), {**data, "action": "hand_in"})
    response = client.post(
        answer_url("ovning-3"),
        {**data, "tips": [politiker[0].pk, politiker[1].pk], "lista": "chefer"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/nu/?lista=chefer#exercise"
    html = client.get(response["Location"]).content.decode()
    assert "<h3>Tips till chefer" in html
    choice = TipChoice.objects.get(participant=participant)
    assert choice.handed_in_at is not None and choice.tip_list.key == "politiker"
    assert TipTick.objects.filter(participant=participant).count() == 2


def test_tips_hand_in_another_list_replaces_the_first(client, changemakers, participant):
    open_exercise(changemakers, "ovning-3")
    politiker, chefer = tips_of(changemakers, "politiker"), tips_of(changemakers, "chefer")
    client.post(
        answer_url("ovning-3"),
        {"ticking": "politiker", "tips": [politiker[0].pk], "action": "hand_in"},
    )
    response = client.post(
        answer_url("ovning-3"),
        {"ticking": "chefer", "tips": [chefer[1].pk], "action": "hand_in"},
        **HTMX,
    )
    html = response.content.decode()
    assert "Inlämnat! Den ersätter din tidigare inlämning (Tips till politiker)." in html
    choice = TipChoice.objects.get(participant=participant)
    assert choice.tip_list.key == "chefer" and choice.handed_in_at is not None
    summary = client.get("/mitt-resultat/").content.decode()
    assert f"<strong>{chefer[1].key_phrase}</strong>" in summary
    assert f"<strong>{politiker[0].key_phrase}</strong>" not in summary


def test_tips_unknown_list_in_address_is_404(client, changemakers, participant):
    open_exercise(changemakers, "ovning-3")
    assert client.get(exercise_url("ovning-3") + "?lista=kungar").status_code == 404
    assert client.get("/nu/?lista=kungar").status_code == 404


# Lunch and Övning 5


@pytest.mark.parametrize(
    ("key", "prompt_text"),
    [("lunch", "Vad är kittlande med rollen?"), ("ovning-5", "I din organisation?")],
)
def test_prompts_save_edit_and_clear(client, changemakers, participant, key, prompt_text):
    exercise = open_exercise(changemakers, key)
    html = client.get(exercise_url(key)).content.decode()
    assert html.count("<textarea") == 4
    assert prompt_text in html
    prompt = exercise.prompts.get(text=prompt_text)
    for text in ("Första", "Andra"):
        response = client.post(answer_url(key), {f"prompt-{prompt.pk}": text}, **HTMX)
        assert response.status_code == 200
    assert Reflection.objects.get(participant=participant, prompt=prompt).text == "Andra"
    client.post(answer_url(key), {f"prompt-{prompt.pk}": "  "}, **HTMX)
    assert not Reflection.objects.filter(participant=participant).exists()


def test_prompts_text_over_limit_is_refused_and_others_saved(client, changemakers, participant):
    exercise = open_exercise(changemakers, "ovning-5")
    first, second = exercise.prompts.filter(group="reflection")[:2]
    client.post(answer_url("ovning-5"), {f"prompt-{first.pk}": "Sparad"})
    response = client.post(
        answer_url("ovning-5"), {f"prompt-{first.pk}": "x" * 2001, f"prompt-{second.pk}": "Ny"}
    )
    html = response.content.decode()
    assert "Texten är 2\xa0001 tecken, 1 för lång (högst 2\xa0000)." in html
    assert Reflection.objects.get(prompt=first).text == "Sparad"
    assert Reflection.objects.get(prompt=second).text == "Ny"


def test_prompts_unknown_prompt_is_refused(client, changemakers, participant):
    open_exercise(changemakers, "ovning-5")
    response = client.post(answer_url("ovning-5"), {"prompt-999999": "Hej"})
    assert "Den frågan finns inte i övningen." in response.content.decode()
    assert not Reflection.objects.exists()


# Open, closed, draft


def test_exercise_not_open_yet_says_so_and_refuses_answers(client, changemakers, participant):
    exercise = changemakers.exercises.get(key="ovning-5")
    html = client.get(exercise_url("ovning-5")).content.decode()
    assert "Övningen är inte öppen ännu." in html
    prompt = exercise.prompts.first()
    response = client.post(answer_url("ovning-5"), {f"prompt-{prompt.pk}": "Hej"})
    assert response.status_code == 409
    assert not Reflection.objects.exists()


def test_exercise_closed_shows_answers_read_only_and_refuses_edits(
    client, changemakers, participant
):
    exercise = open_exercise(changemakers, "ovning-5")
    prompt = exercise.prompts.get(key="self")
    client.post(answer_url("ovning-5"), {f"prompt-{prompt.pk}": "Lyssna mer"})
    exercise.close()
    response = client.post(answer_url("ovning-5"), {f"prompt-{prompt.pk}": "Ändrat"})
    html = response.content.decode()
    assert response.status_code == 409
    assert "Övningen är stängd. Dina sparade svar finns kvar" in html
    assert "<textarea" not in html
    assert "Lyssna mer" in html
    assert Reflection.objects.get(prompt=prompt).text == "Lyssna mer"


def test_exercise_closed_refusal_by_htmx_replaces_the_form(client, changemakers, participant):
    exercise = open_exercise(changemakers, "ovning-2")
    exercise.close()
    response = client.post(answer_url("ovning-2"), {"round-A": "tolkaren"}, **HTMX)
    assert response["HX-Retarget"] == "#exercise"
    assert "Övningen är stängd." in response.content.decode()
    assert not Placement.objects.exists()


def test_exercise_of_another_event_is_404(client, changemakers, participant):
    from tests.factories import ExerciseFactory

    other = ExerciseFactory(key="annan")
    other.open()
    assert client.get(exercise_url("annan")).status_code == 404
    assert client.post(answer_url("annan"), {}).status_code == 404
    assert client.get(exercise_url("finns-inte")).status_code == 404


def test_answer_get_is_not_allowed(client, changemakers, participant):
    open_exercise(changemakers, "ovning-5")
    assert client.get(answer_url("ovning-5")).status_code == 405
