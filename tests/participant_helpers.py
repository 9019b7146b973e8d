"""Helpers for the participant tests: join a phone, open an exercise as the facilitator would."""

from django.urls import reverse

from exercises.models import Exercise
from workshops.models import Participant


def join(client, event, name: str = "") -> Participant:
    response = client.post(event.join_path(), {"name": name})
    assert response.status_code == 302
    return Participant.objects.get(pk=client.session["participant_id"])


def open_exercise(event, key: str) -> Exercise:
    exercise = event.exercises.get(key=key)
    event.open_exercise(exercise)
    return exercise


def answer_url(key: str) -> str:
    return reverse("exercises:answer", args=[key])


def exercise_url(key: str) -> str:
    return reverse("exercises:exercise", args=[key])


HTMX = {"HTTP_HX_REQUEST": "true"}
