"""One write path for a participant's answer, whether it came as a POST (exercises.views.answer,
with or without JavaScript) or over the phone's open WebSocket (the outbox in static/js/phone.js,
received by workshops.consumers.PhoneConsumer): the same form validates it, the same upsert
stores it, the same fragment acknowledges it.

Over the socket an answer skips what a POST costs before the view runs (a new HTTP request,
the middleware, the session and participant look-ups): the socket already knows its participant.
"""

import json

from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from exercises.forms import AnswerForm, PlacementForm, PromptAnswersForm, RatingForm, TipsForm
from exercises.models import Exercise
from scenarios.forms import PostcardForm
from workshops import live
from workshops.models import Participant

FORMS: dict[str, type[AnswerForm]] = {
    Exercise.Kind.RATING: RatingForm,
    Exercise.Kind.PLACEMENT: PlacementForm,
    Exercise.Kind.TIPS: TipsForm,
    Exercise.Kind.LUNCH: PromptAnswersForm,
    Exercise.Kind.POSTCARD: PostcardForm,
    Exercise.Kind.REFLECTION: PromptAnswersForm,
}
SAVED = "exercises/exercise.html#saved"
BODY = "exercises/exercise.html#body"


def save_answer(*, participant: Participant, exercise: Exercise, data) -> AnswerForm | None:
    """Validate and store what is valid in `data`; None if the exercise is not open (answers
    arrive only while it is; what was saved before stays)."""
    if not exercise.is_open:
        return None
    form = FORMS[exercise.kind](exercise, participant, data)
    form.save()
    live.state_changed(participant.event_id)
    return form


def refusal(exercise: Exercise) -> str:
    if exercise.status == Exercise.Status.CLOSED:
        return _("Övningen är stängd. Dina sparade svar finns kvar, men kan inte ändras.")
    return _("Övningen är inte öppen ännu. Vänta tills samtalsledaren öppnar den.")


def answer_context(participant: Participant, exercise: Exercise, form=None, query=None) -> dict:
    """What the exercise's body and its "saved" fragment need."""
    form = form or FORMS[exercise.kind](exercise, participant, query=query)
    return {
        "exercise": exercise,
        "participant": participant,
        "form": form,
        "form_template": form.template_name,
        **form.extra_context(),
    }


def answer_from_socket(participant_id: int, language: str, text: str) -> str | None:
    """An answer from the phone's outbox over its socket, as JSON
    {"answer": id, "exercise": key, "fields": [[name, value], …], "action": ""}.
    The reply (JSON) acknowledges it with the same fragment a POST gets, or the refusal."""
    try:
        message = json.loads(text)
        answer_id, key = str(message["answer"])[:64], str(message["exercise"])[:100]
        data = QueryDict(mutable=True)
        for name, value in message.get("fields", []):
            data.appendlist(str(name)[:100], str(value))
        if message.get("action"):
            data["action"] = str(message["action"])[:20]
    except (ValueError, KeyError, TypeError):
        return None  # not an answer: ignored, as anything else a client sends
    participant = Participant.objects.filter(pk=participant_id).first()
    exercise = Exercise.objects.filter(
        event_id=participant.event_id if participant else None, key=key
    ).first()
    if participant is None or exercise is None:
        return json.dumps({"ack": answer_id, "gone": True})
    with translation.override(language):
        form = save_answer(participant=participant, exercise=exercise, data=data)
        if form is None:
            context = {**answer_context(participant, exercise), "refused": refusal(exercise)}
            html = render_to_string(BODY, context)
            return json.dumps({"ack": answer_id, "html": html, "retarget": "#exercise"})
        html = render_to_string(SAVED, answer_context(participant, exercise, form))
    return json.dumps({"ack": answer_id, "html": html})
