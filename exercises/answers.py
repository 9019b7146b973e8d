"""One write path for a participant's answer, whether it came as a POST (exercises.views.answer,
with or without JavaScript) or over the phone's open WebSocket (the outbox in static/js/phone.js,
received by workshops.consumers.PhoneConsumer): the same form validates it, the same upsert
stores it, the same fragment acknowledges it.

Over the socket an answer skips what a POST costs before the view runs (a new HTTP request,
the middleware, the session and participant look-ups): the socket already knows its participant.
And the answers arriving over the sockets of one process are stored in batches (SocketAnswers):
one hop to a worker thread and one transaction for all that arrived while the last batch was
written. One at a time, the worker thread waited for the interpreter lock around every query,
behind the event loop and its 1,000 sockets, and a burst queued up (27 answers/s in the bench).
"""

import asyncio
import json
import logging

from channels.db import database_sync_to_async
from django.db import DatabaseError, transaction
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from exercises.kinds.base import Saved
from exercises.kinds.registry import kind_of
from exercises.models import Exercise
from workshops import live
from workshops.models import Participant

SAVED = "exercises/exercise.html#saved"
MESSAGE_LIMIT = 64 * 1024
BODY = "exercises/exercise.html#body"


def save_answer(*, participant: Participant, exercise: Exercise, data) -> Saved | None:
    """Validate `data` with the kind's form and store what is valid with the kind's write; None
    if the exercise is not open (answers arrive only while it is; what was saved before stays)."""
    if not exercise.is_open:
        return None
    kind = kind_of(exercise)
    saved = kind.save(form=kind.form(exercise, participant, data))
    live.state_changed(participant.event_id)
    return saved


def refusal(exercise: Exercise) -> str:
    if exercise.status == Exercise.Status.CLOSED:
        return _("Övningen är stängd. Dina sparade svar finns kvar, men kan inte ändras.")
    return _("Övningen är inte öppen ännu. Vänta tills samtalsledaren öppnar den.")


def answer_context(
    participant: Participant, exercise: Exercise, saved: Saved | None = None, query=None
) -> dict:
    """What the exercise's body and its "saved" fragment need; `saved`: the answer just stored."""
    kind = kind_of(exercise)
    form = saved.form if saved else kind.form(exercise, participant)
    return {
        "exercise": exercise,
        "participant": participant,
        "form": form,
        "form_template": form.template_name,
        "answers_partial": kind.answers_partial,
        **kind.page_context(form=form, query=query, saved=saved),
        **(saved.context if saved else {}),
        "saved_message": saved.message if saved else "",
    }


class Lookups:
    """The participants and exercises of one batch, each read once."""

    def __init__(self, participant_ids=()):
        self.participants = Participant.objects.in_bulk(set(participant_ids))
        self.exercises: dict[tuple[int, str], Exercise | None] = {}

    def participant(self, pk: int) -> Participant | None:
        if pk not in self.participants:
            self.participants[pk] = Participant.objects.filter(pk=pk).first()
        return self.participants[pk]

    def exercise(self, event_id: int, key: str) -> Exercise | None:
        if (event_id, key) not in self.exercises:
            found = Exercise.objects.filter(event_id=event_id, key=key).first()
            self.exercises[event_id, key] = found
        return self.exercises[event_id, key]


def answer_from_socket(
    participant_id: int, language: str, text: str, lookups: Lookups | None = None
) -> str | None:
    """An answer from the phone's outbox over its socket, as JSON
    {"answer": id, "exercise": key, "fields": [[name, value], …], "action": ""}.
    The reply (JSON) acknowledges it with the same fragment a POST gets, or the refusal."""
    if len(text) > MESSAGE_LIMIT:
        return None  # no answer is this long (the texts are limited far below it)
    try:
        message = json.loads(text)
        answer_id, key = str(message["answer"])[:64], str(message["exercise"])[:100]
        data = QueryDict(mutable=True)
        for name, value in message.get("fields", []):
            data.appendlist(str(name)[:100], str(value))
        if message.get("action"):
            data["action"] = str(message["action"])[:20]
    except (ValueError, KeyError, TypeError, RecursionError):  # RecursionError: "[[[[…"
        return None  # not an answer: ignored, as anything else a client sends
    lookups = lookups or Lookups()
    participant = lookups.participant(participant_id)
    exercise = lookups.exercise(participant.event_id, key) if participant else None
    if participant is None or exercise is None:
        return json.dumps({"ack": answer_id, "gone": True})
    with translation.override(language):
        saved = save_answer(participant=participant, exercise=exercise, data=data)
        if saved is None:
            context = {**answer_context(participant, exercise), "refused": refusal(exercise)}
            html = render_to_string(BODY, context)
            return json.dumps({"ack": answer_id, "html": html, "retarget": "#exercise"})
        html = render_to_string(SAVED, answer_context(participant, exercise, saved))
    return json.dumps({"ack": answer_id, "html": html})


logger = logging.getLogger(__name__)
BATCH_LIMIT = 50


def store_batch(batch: list[tuple[int, str, str]]) -> list[str | None]:
    """answer_from_socket for each, in one transaction; if the batch fails as a whole (one
    answer's participant deleted meanwhile, say), each again on its own."""
    try:
        with transaction.atomic():
            lookups = Lookups(participant_id for participant_id, _language, _text in batch)
            return [answer_from_socket(*args, lookups=lookups) for args in batch]
    except DatabaseError:
        replies = []
        for args in batch:
            try:
                with transaction.atomic():
                    replies.append(answer_from_socket(*args))
            except DatabaseError:
                logger.exception("an answer over the socket could not be stored")
                replies.append(None)  # no acknowledgement: the phone sends it again
        return replies


class SocketAnswers:
    """The answers of this process's sockets, stored in arrival order, a batch at a time."""

    def __init__(self):
        self.waiting: list[tuple[tuple[int, str, str], asyncio.Future]] = []
        self.task: asyncio.Task | None = None

    async def answer(self, participant_id: int, language: str, text: str) -> str | None:
        future = asyncio.get_running_loop().create_future()
        self.waiting.append(((participant_id, language, text), future))
        if self.task is None:
            self.task = asyncio.create_task(self.drain())
        return await future

    async def drain(self) -> None:
        try:
            while self.waiting:
                batch = self.waiting[:BATCH_LIMIT]
                del self.waiting[:BATCH_LIMIT]
                try:
                    replies = await database_sync_to_async(store_batch)([a for a, _f in batch])
                except Exception:
                    logger.exception("answers over the socket could not be stored")
                    replies = [None] * len(batch)
                for (_args, future), reply in zip(batch, replies, strict=True):
                    if not future.done():
                        future.set_result(reply)
        finally:
            self.task = None


socket_answers = SocketAnswers()
