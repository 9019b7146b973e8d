import pytest

from exercises.kinds.postcard.models import Postcard
from tests.participant_helpers import HTMX, answer_url, exercise_url, join, open_exercise

CARD = {
    "scenario": "2",
    "year": "2045",
    "writer": "Ett barn",
    "recipient": "KSO:n",
    "everyday": "Medvind",
    "feeling": "Hoppfullt",
    "doing": "Fortfarande changemaker",
    "greeting": "Håll i!",
}


@pytest.fixture
def participant(client, changemakers):
    participant = join(client, changemakers)
    open_exercise(changemakers, "ovning-4")
    return participant


def test_postcard_page_shows_2x2_with_axes_and_scenarios(client, participant):
    html = client.get(exercise_url("ovning-4")).content.decode()
    assert "Osäkerhet 1: Politiskt åtagande" in html
    assert "Osäkerhet 2: Organisatorisk omställningsförmåga" in html
    for name in (
        "Det sitter i väggarna!",
        "Alltid redo!",
        "Luftslottens tid",
        "Eldsjälarnas dilemma",
    ):
        assert name in html
    # The scenarios' long texts are in the page (readable offline), in a closed <details>.
    assert '<details id="scenario-texts" class="scenario-texts">' in html
    assert "Vi lever i en kommun där omställning har blivit vardag." in html
    assert html.count('name="scenario"') == 4
    assert "Vilket år är det?" in html
    assert "Vilken hälsning vill du skicka till mottagaren i nutiden?" in html
    # The handout's grid: scenario 3 top left, 1 top right, 4 bottom left, 2 bottom right.
    order = [html.index(f'id="scenario-{n}"') for n in (3, 1, 4, 2)]
    assert order == sorted(order)


def test_postcard_save_and_show_back(client, participant):
    response = client.post(answer_url("ovning-4"), {**CARD, "action": "send"})
    assert response.status_code == 302
    postcard = Postcard.objects.get(participant=participant)
    assert postcard.scenario.name == "Alltid redo!"
    assert postcard.year == 2045 and postcard.greeting == "Håll i!"
    html = client.get(exercise_url("ovning-4")).content.decode()
    assert 'class="card-postcard scenario-2"' in html
    assert "Håll i!" in html


def test_postcard_autosave_and_resubmit_edit_one_card(client, participant):
    client.post(answer_url("ovning-4"), {"scenario": "1"}, **HTMX)
    client.post(answer_url("ovning-4"), {"greeting": "Hej"}, **HTMX)
    response = client.post(answer_url("ovning-4"), {**CARD, "greeting": "Hej då"}, **HTMX)
    assert (
        '<section id="postcard-preview" class="postcard-preview" hx-swap-oob="true">'
        in response.content.decode()
    )
    client.post(answer_url("ovning-4"), {**CARD, "greeting": "Hej då"})
    assert Postcard.objects.count() == 1
    postcard = Postcard.objects.get()
    assert postcard.scenario.number == 2 and postcard.greeting == "Hej då"


def test_postcard_without_scenario_is_refused_and_text_kept_on_page(client, participant):
    data = {key: value for key, value in CARD.items() if key != "scenario"}
    response = client.post(answer_url("ovning-4"), {**data, "action": "send"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Välj först vilken framtid du skriver från." in html
    assert "Håll i!" in html  # what was typed stays in the form
    assert not Postcard.objects.exists()


@pytest.mark.parametrize("scenario", ["7", "abc", "0"])
def test_postcard_unknown_scenario_is_refused(client, participant, scenario):
    client.post(answer_url("ovning-4"), CARD)
    response = client.post(answer_url("ovning-4"), {**CARD, "scenario": scenario, "greeting": "Ny"})
    assert "Det scenariot finns inte. Välj en av de fyra." in response.content.decode()
    postcard = Postcard.objects.get()
    assert postcard.scenario.number == 2
    assert postcard.greeting == "Ny"  # the valid fields were saved with the saved scenario


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("year", "20450", "Skriv ett år mellan 1900 och 9999."),
        ("year", "snart", "Skriv ett årtal med siffror, till exempel 2045."),
        ("writer", "x" * 201, "Texten får vara högst 200 tecken (nu 201)."),
        ("greeting", "x" * 2001, "Texten är 2\xa0001 tecken, 1 för lång (högst 2\xa0000)."),
    ],
)
def test_postcard_bad_field_is_refused_next_to_it_and_saved_stays(
    client, participant, field, value, message
):
    client.post(answer_url("ovning-4"), CARD)
    response = client.post(answer_url("ovning-4"), {**CARD, field: value, "doing": "Nytt"}, **HTMX)
    html = response.content.decode()
    assert (
        f'<div id="error-{field}" class="field-errors" hx-swap-oob="true"><ul class="errorlist"'
        in html
    )
    assert message in html
    postcard = Postcard.objects.get()
    assert str(getattr(postcard, field)) == CARD[field]
    assert postcard.doing == "Nytt"
