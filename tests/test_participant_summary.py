"""Mitt resultat: every answer of the participant on one printable page."""

from exercises.kinds.tips.models import Tip
from tests.factories import PollAnswerFactory, PollFactory, QuestionFactory
from tests.participant_helpers import answer_url, join, open_exercise


def test_summary_lists_every_answer(client, changemakers):
    join(client, changemakers, "Ada")
    rating = open_exercise(changemakers, "ovning-1")
    client.post(answer_url("ovning-1"), {f"ability-{a.pk}": "4" for a in rating.abilities.all()})
    open_exercise(changemakers, "ovning-2").open_next_round()
    client.post(answer_url("ovning-2"), {"round-A": "tolkaren", "round-B": "entreprenoren"})
    open_exercise(changemakers, "ovning-3")
    tip = Tip.objects.get(tip_list__key="samordnare", key_phrase="samordnande kraft")
    client.post(
        answer_url("ovning-3"),
        {"ticking": "samordnare", "tips": [tip.pk], "action": "hand_in"},
    )
    lunch = open_exercise(changemakers, "lunch")
    client.post(answer_url("lunch"), {f"prompt-{lunch.prompts.first().pk}": "Mötte en planerare"})
    open_exercise(changemakers, "ovning-4")
    client.post(answer_url("ovning-4"), {"scenario": "3", "year": "2040", "greeting": "Följ upp!"})
    reflection = open_exercise(changemakers, "ovning-5")
    reflection.close()  # closed exercises are on the summary too
    html = client.get("/mitt-resultat/").content.decode()
    assert "Mitt resultat" in html and "Ada" in html
    assert "Din rollprofil" in html and 'role="img"' in html
    assert "<strong>Tolkaren</strong>" in html and "<strong>Entreprenören</strong>" in html
    assert "<strong>samordnande kraft</strong>" in html and "inlämnad" in html
    assert "Mötte en planerare" in html
    assert "Luftslottens tid" in html and "Följ upp!" in html and "2040" in html
    assert "Avslutande reflektion" in html and "Inget svar." in html


def test_summary_before_any_exercise(client, changemakers):
    join(client, changemakers)
    html = client.get("/mitt-resultat/").content.decode()
    assert "Inga övningar har öppnats ännu." in html


def test_summary_hides_draft_exercises(client, changemakers):
    join(client, changemakers)
    open_exercise(changemakers, "ovning-1")
    html = client.get("/mitt-resultat/").content.decode()
    assert "Skatta dina förmågor" in html
    assert "Vykort från framtiden" not in html


def test_summary_without_participant_goes_to_join(client, changemakers):
    assert client.get("/mitt-resultat/")["Location"] == "/"


def test_summary_marks_talk_titles_and_polls_as_swedish_on_an_english_phone(client, changemakers):
    """WCAG 3.1.2: the talk's title and the poll's question are the workshop's Swedish words
    inside an English page."""
    participant = join(client, changemakers, "Ada")
    talk = changemakers.program.filter(kind="talk").first()
    QuestionFactory(event=changemakers, item=talk, participant=participant, text="Hur då?")
    poll = PollFactory(event=changemakers, item=talk, question="Cykel eller buss?")
    PollAnswerFactory(poll=poll, participant=participant)
    html = client.get("/mitt-resultat/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'<span class="muted" lang="sv">{talk.title}:</span> Hur då?' in html
    assert '<span lang="sv">Cykel eller buss?</span>' in html
