"""Deleting an event's answers and participants: counts first, then nothing personal left."""

import logging

import pytest
from django.urls import reverse

from exercises.kinds.placement.models import Placement
from exercises.kinds.postcard.models import Postcard, Scenario
from exercises.kinds.prompts.models import Reflection
from exercises.kinds.rating.models import Ability, Rating
from exercises.kinds.tips.models import Tip, TipChoice, TipTick
from exercises.models import Exercise, Prompt, Role
from talks.models import Poll, PollAnswer, Question, QuestionVote
from tests.answers import answer_the_day
from tests.factories import PollAnswerFactory, PollFactory, QuestionFactory, QuestionVoteFactory
from workshops.loader import CHANGEMAKERS_FILE, load_workshop_file
from workshops.models import Participant, ProgramItem

ANSWER_MODELS = (Rating, Placement, TipChoice, TipTick, Postcard, Reflection)


def personal_rows(event) -> dict[str, int]:
    counts = {"Participant": Participant.objects.filter(event=event).count()}
    for model in ANSWER_MODELS:
        counts[model.__name__] = model.objects.filter(participant__event=event).count()
    return counts


def content_rows(event) -> dict[str, int]:
    return {
        "roles": Role.objects.filter(event=event).count(),
        "exercises": Exercise.objects.filter(event=event).count(),
        "program": ProgramItem.objects.filter(event=event).count(),
        "abilities": Ability.objects.filter(exercise__event=event).count(),
        "prompts": Prompt.objects.filter(exercise__event=event).count(),
        "tips": Tip.objects.filter(tip_list__exercise__event=event).count(),
        "scenarios": Scenario.objects.filter(exercise__event=event).count(),
    }


@pytest.fixture
def two_days(changemakers):
    other, _created = load_workshop_file(CHANGEMAKERS_FILE, slug="changemakers-igen")
    return answer_the_day(changemakers, participants=3), answer_the_day(other, participants=2)


def delete_url(event) -> str:
    return reverse("workshops:organiser_delete", args=[event.pk])


def test_delete_page_shows_the_counts_before_confirming(facilitator_client, two_days):
    day, _other = two_days
    page = facilitator_client.get(delete_url(day.event)).content.decode()
    counts = personal_rows(day.event)
    assert counts["Participant"] == 3 and counts["Rating"] == 48
    for label, key in [
        ("Deltagare", "Participant"),
        ("Skattningar", "Rating"),
        ("Placeringar", "Placement"),
        ("Val av tipslistor", "TipChoice"),
        ("Kryss", "TipTick"),
        ("Vykort", "Postcard"),
        ("Reflektioner", "Reflection"),
    ]:
        assert f'<th scope="row">{label}</th><td class="number">{counts[key]}</td>' in page
    assert "Radera 3 deltagare och deras svar" in page
    assert personal_rows(day.event) == counts  # looking deletes nothing


def test_delete_page_lists_everything_the_delete_removes(facilitator_client, two_days):
    """Questions to the speaker, thumbs-up and poll answers go with their participants: the
    page says so, with the numbers the delete then removes; the polls themselves stay."""
    day, _other = two_days
    event = day.event
    talk = event.program.filter(kind=ProgramItem.Kind.TALK).first()
    asker, voter, _third = day.participants
    question = QuestionFactory(event=event, item=talk, participant=asker)
    QuestionVoteFactory(question=question, participant=voter)
    QuestionVoteFactory(question=question, participant=asker)
    poll = PollFactory(event=event, item=talk)
    PollAnswerFactory(poll=poll, participant=voter)
    page = facilitator_client.get(delete_url(event)).content.decode()
    for label, count in [
        ("Frågor till talaren", 1),
        ("Tummar upp", 2),
        ("Svar på omröstningar", 1),
    ]:
        assert f'<th scope="row">{label}</th><td class="number">{count}</td>' in page
    facilitator_client.post(delete_url(event), {"confirm": "on"})
    assert not Question.objects.filter(event=event).exists()
    assert not QuestionVote.objects.filter(question__event=event).exists()
    assert not PollAnswer.objects.filter(poll__event=event).exists()
    assert Poll.objects.filter(pk=poll.pk).exists()


def test_delete_without_confirming_keeps_everything(facilitator_client, two_days):
    day, _other = two_days
    before = personal_rows(day.event)
    response = facilitator_client.post(delete_url(day.event), {})
    assert response.status_code == 200
    assert "Kryssa i rutan för att bekräfta." in response.content.decode()
    assert personal_rows(day.event) == before


def test_delete_leaves_nothing_personal_and_keeps_the_content(facilitator_client, two_days):
    day, other = two_days
    content = content_rows(day.event)
    other_before = personal_rows(other.event)
    response = facilitator_client.post(delete_url(day.event), {"confirm": "on"})
    assert response.status_code == 302
    assert response["Location"] == reverse("workshops:organiser_results", args=[day.event.pk])
    assert set(personal_rows(day.event).values()) == {0}
    assert not Participant.objects.filter(pk__in=[p.pk for p in day.participants]).exists()
    assert content_rows(day.event) == content
    assert personal_rows(other.event) == other_before
    page = facilitator_client.get(response["Location"]).content.decode()
    assert "Raderat: 3 deltagare och alla deras svar." in page
    assert "0 deltagare" in page
    workbook = facilitator_client.get(
        reverse("workshops:organiser_workbook", args=[day.event.pk]), {"names": "1"}
    )
    assert not any(name.encode() in workbook.content for name in day.names)
    report = facilitator_client.get(reverse("workshops:organiser_report", args=[day.event.pk]))
    assert day.postcards[0].greeting not in report.content.decode()


def test_delete_leaves_a_joined_phone_to_join_again(client, facilitator, changemakers):
    client.post(reverse("workshops:home"), {"code": changemakers.join_code, "name": "Märta"})
    assert client.get(reverse("workshops:participant_home")).status_code == 200
    organiser = client.__class__()
    organiser.force_login(facilitator)
    organiser.post(delete_url(changemakers), {"confirm": "on"})
    response = client.get(reverse("workshops:participant_home"))
    assert response.status_code == 302 and response["Location"] == reverse("workshops:home")


def test_organiser_pages_never_log_names_or_free_text(facilitator_client, two_days, caplog):
    day, _other = two_days
    event = day.event
    # A glyph no font has: WeasyPrint warns about it, quoting the text it could not draw.
    unprintable = "Hemligt \U000f0001 ord"
    Reflection.objects.filter(pk=day.reflections[0].pk).update(text=unprintable)
    caplog.set_level(logging.DEBUG)
    urls = [
        reverse("workshops:organiser_results", args=[event.pk]),
        reverse("workshops:organiser_workbook", args=[event.pk]) + "?names=1",
        reverse("workshops:organiser_report", args=[event.pk]),
        reverse("workshops:organiser_report_pdf", args=[event.pk]),
        reverse("workshops:organiser_delete", args=[event.pk]),
    ] + [
        reverse("workshops:organiser_csv", args=[event.pk, f"ovning-{n}"]) + "?names=1"
        for n in range(1, 6)
    ]
    for url in urls:
        assert facilitator_client.get(url).status_code == 200, url
    event.share_enabled = True
    event.save()
    facilitator_client.get(reverse("workshops:shared_results", args=[event.share_token]))
    facilitator_client.post(delete_url(event), {"confirm": "on"})
    logged = caplog.text + " ".join(str(r.args) for r in caplog.records)
    # WeasyPrint runs in a child process whose output is dropped, never logged here.
    secrets = day.names + day.texts() + ["🌍", "💪", "🌲", "\U000f0001", "Hemligt"]
    assert not [secret for secret in secrets if secret in logged]
