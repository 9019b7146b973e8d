"""Övning 2 runs round A, its discussion, then round B: the facilitator opens B."""

from django.urls import reverse

from exercises.kinds.placement.models import Placement
from tests.participant_helpers import answer_url, exercise_url, join, open_exercise
from tests.test_projector import projector_html, show


def test_phones_see_round_a_until_the_facilitator_opens_round_b(
    client, facilitator_client, changemakers
):
    from django.test import Client

    phone = Client()
    participant = join(phone, changemakers)
    exercise = open_exercise(changemakers, "ovning-2")
    round_b = exercise.rounds.get(key="B").instruction
    page = phone.get(exercise_url("ovning-2")).content.decode()
    assert exercise.rounds.get(key="A").instruction in page
    assert round_b not in page and 'name="round-B"' not in page
    assert "Nästa runda kommer när ni har pratat klart om den här." in page

    # A phone that sends round B anyway (an old page) is told, and nothing of B is saved.
    response = phone.post(answer_url("ovning-2"), {"round-A": "tolkaren", "round-B": "tolkaren"})
    assert "”mest utmanande” är inte öppen ännu." in response.content.decode()
    assert not Placement.objects.filter(participant=participant, round__key="B").exists()

    console = facilitator_client.get(reverse("workshops:console", args=[changemakers.pk]))
    assert "Öppna nästa runda: mest utmanande" in console.content.decode()
    facilitator_client.post(
        reverse("workshops:exercise_action", args=[changemakers.pk, exercise.pk, "round-next"])
    )
    page = phone.get(exercise_url("ovning-2")).content.decode()
    assert round_b in page and 'name="round-B"' in page
    assert "Nästa runda kommer" not in page
    phone.post(answer_url("ovning-2"), {"round-A": "tolkaren", "round-B": "entreprenoren"})
    assert Placement.objects.get(participant=participant, round__key="B").role.key == (
        "entreprenoren"
    )
    console = facilitator_client.get(reverse("workshops:console", args=[changemakers.pk]))
    assert "Öppna nästa runda" not in console.content.decode()


def test_projector_shows_round_b_and_the_moves_once_round_b_is_open(client, changemakers):
    exercise = open_exercise(changemakers, "ovning-2")
    exercise.results_visible = True
    exercise.save()
    a, b = exercise.rounds.get(key="A"), exercise.rounds.get(key="B")
    roles = list(changemakers.roles.all())
    phone = client.__class__()
    participant = join(phone, changemakers)
    Placement.objects.create(participant=participant, round=a, role=roles[0])
    Placement.objects.create(participant=participant, round=b, role=roles[1])
    show(changemakers, "results", "ovning-2")
    html = projector_html(client, changemakers)
    assert "trivs bäst: 1" in html and "mest utmanande" not in html
    assert "room-move" not in html
    exercise.open_next_round()
    html = projector_html(client, changemakers)
    assert "mest utmanande: 1" in html
    assert f"{roles[0].name} → {roles[1].name}" in html
