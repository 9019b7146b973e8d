"""What changes questions and polls, and who hears of it.

Screens (console, projector) re-render on `live.state_changed`; phones follow the poll through
`live.step_changed` (the "now" section shows the open poll). During a talk a new question, a
thumb or the facilitator's action also pushes the phones' question list (`live.questions_changed`,
coalesced): the same HTML to every phone, which marks its own thumbs (static/js/talks.js).
"""

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone, translation
from limits import parse

from talks.models import Poll, PollAnswer, PollOption, Question, QuestionVote, TalkSettings
from workshops import live, ratelimit
from workshops.models import Event, Participant, ProgramItem
from workshops.writes import group_commit

# A participant cannot flood the room: a few questions a minute, more thumbs and poll answers.
QUESTION_RATES = [parse("5/minute"), parse("30/hour")]
VOTE_RATES = [parse("60/minute")]
POLL_ANSWER_RATES = [parse("30/minute")]


# The phones show the talk's most thumbed questions and count the rest (the talk page has them
# all, a page at a time): the pushed list does not grow with the room.
PHONE_QUESTIONS = 15
PHONE_QUESTIONS_TEMPLATE = "talks/phone.html#list"


class Throttled(Exception):
    pass


def _throttle(*, participant: Participant, what: str, rates) -> None:
    """Count one hit, atomically in each window; refuse when one is full."""
    if not ratelimit.take([(rate, (f"talks-{what}-{participant.pk}",)) for rate in rates]):
        raise Throttled


def current_talk(event: Event) -> ProgramItem | None:
    item = event.current_item
    return item if item is not None and item.kind == ProgramItem.Kind.TALK else None


def current_poll(event: Event) -> Poll | None:
    """What phones show: the open poll asked last."""
    return (
        event.polls.filter(status=Poll.Status.OPEN)
        .prefetch_related("options")
        .order_by("-opened_at", "-pk")
        .first()
    )


def ranked_questions(item: ProgramItem, *, statuses=(Question.Status.VISIBLE,)):
    """The item's questions, most thumbs first (then oldest first)."""
    return (
        Question.objects.filter(item=item, status__in=statuses)
        .select_related("participant")
        .annotate(vote_count=Count("votes"))
        .order_by("answered", "-vote_count", "created_at", "pk")
    )


def phone_questions(item: ProgramItem, page: int = 1) -> dict:
    """A page of the talk's questions as phones list them (most thumbs first), and the count."""
    ranked = ranked_questions(item)
    total = ranked.count()
    pages = max(1, -(-total // PHONE_QUESTIONS))
    page = min(max(page, 1), pages)
    start = (page - 1) * PHONE_QUESTIONS
    return {
        "top": list(ranked[start : start + PHONE_QUESTIONS]),
        "total": total,
        "page": page,
        "next_page": page + 1 if page < pages else None,
        "start": start,
    }


def render_phone_questions(event_id: int, language: str) -> str:
    """The phones' question list as it is pushed to every phone of a language; empty when no
    talk is on."""
    event = Event.objects.filter(pk=event_id).select_related("current_item").first()
    item = current_talk(event) if event is not None else None
    if item is None:
        return ""
    context = {"event": event, "pushed": True, "talk": {"item": item, **_listed(item)}}
    with translation.override(language):
        return render_to_string(PHONE_QUESTIONS_TEMPLATE, context).strip()


def _listed(item: ProgramItem, page: int = 1) -> dict:
    questions = phone_questions(item, page)
    return {"questions": questions["top"], "questions_page": questions}


# --- Questions ---


def ask(*, participant: Participant, item: ProgramItem, text: str, show_name: bool) -> Question:
    _throttle(participant=participant, what="question", rates=QUESTION_RATES)

    def write() -> Question:
        pending = TalkSettings.of(item.event).require_approval
        question = Question.objects.create(
            event=item.event,
            item=item,
            participant=participant,
            text=text,
            show_name=show_name and bool(participant.name),
            status=Question.Status.PENDING if pending else Question.Status.VISIBLE,
        )
        live.state_changed(item.event_id)
        if not pending:
            live.questions_changed(item.event_id, render_phone_questions)
        return question

    return group_commit.run(write)


def toggle_vote(*, participant: Participant, question: Question) -> bool:
    """One thumbs-up per person and question; a second press withdraws it. True: voted now."""
    _throttle(participant=participant, what="vote", rates=VOTE_RATES)

    def write() -> bool:
        deleted, _by_model = QuestionVote.objects.filter(
            question=question, participant=participant
        ).delete()
        if not deleted:
            try:
                with transaction.atomic():
                    QuestionVote.objects.create(question=question, participant=participant)
            except IntegrityError:  # the same press twice at once: one vote stands
                pass
        live.state_changed(question.event_id)
        live.questions_changed(question.event_id, render_phone_questions)
        return not deleted

    return group_commit.run(write)


QUESTION_ACTIONS = {
    "approve": {"status": Question.Status.VISIBLE},
    "hide": {"status": Question.Status.HIDDEN},
    "show": {"status": Question.Status.VISIBLE},
    "answered": {"answered": True},
    "unanswered": {"answered": False},
}


def moderate_question(*, question: Question, action: str) -> None:
    """The console's buttons; "project" puts the one question large on the projector."""
    event = question.event
    if action == "project":
        _project(event=event, view=Event.ProjectorView.QUESTIONS, target=str(question.pk))
    else:
        changes = QUESTION_ACTIONS[action]
        for name, value in changes.items():
            setattr(question, name, value)
        question.save(update_fields=list(changes))
        if action == "hide" and event.projector_target == str(question.pk):
            _project(event=event, view=Event.ProjectorView.QUESTIONS, target="")
        live.questions_changed(event.pk, render_phone_questions)
    live.state_changed(event.pk)


def set_approval(*, event: Event, required: bool) -> None:
    settings = TalkSettings.of(event)
    settings.require_approval = required
    settings.save(update_fields=["require_approval"])
    live.state_changed(event.pk)


def project_questions(*, event: Event) -> None:
    _project(event=event, view=Event.ProjectorView.QUESTIONS, target="")
    live.state_changed(event.pk)


def _project(*, event: Event, view: str, target: str) -> None:
    event.projector_view = view
    event.projector_target = target
    event.save(update_fields=["projector_view", "projector_target"])


# --- Polls ---


def create_poll(
    *,
    event: Event,
    question: str,
    kind: str,
    options: list[str],
    open_now: bool = True,
    item: ProgramItem | None = None,
) -> Poll:
    """A poll made on the console belongs to the item that is "now" and, by default, goes
    straight to phones and projector. One from the workshop file waits, under its item."""
    with transaction.atomic():
        poll = Poll.objects.create(
            event=event, item=item or event.current_item, question=question, kind=kind
        )
        if kind == Poll.Kind.CHOICE:
            PollOption.objects.bulk_create(
                PollOption(poll=poll, order=order, text=text)
                for order, text in enumerate(options, start=1)
            )
    if open_now:
        poll_action(poll=poll, action="open")
    return poll


def _open(poll: Poll) -> None:
    poll.status = Poll.Status.OPEN
    poll.opened_at = poll.opened_at or timezone.now()
    if poll.item_id is None:
        poll.item = poll.event.current_item
    poll.save(update_fields=["status", "opened_at", "item"])
    _project(event=poll.event, view=Event.ProjectorView.POLL, target=str(poll.pk))


def _close(poll: Poll) -> None:
    poll.status = Poll.Status.CLOSED
    poll.save(update_fields=["status"])


def _results(poll: Poll, visible: bool) -> None:
    poll.results_visible = visible
    poll.save(update_fields=["results_visible"])
    if visible:
        _project(event=poll.event, view=Event.ProjectorView.POLL, target=str(poll.pk))


POLL_ACTIONS = {
    # action: (what it does, whether phones follow it)
    "open": (_open, True),
    "close": (_close, True),
    "results-show": (lambda poll: _results(poll, True), True),
    "results-hide": (lambda poll: _results(poll, False), True),
    "project": (
        lambda poll: _project(event=poll.event, view=Event.ProjectorView.POLL, target=str(poll.pk)),
        False,
    ),
}


def poll_action(*, poll: Poll, action: str) -> None:
    do, phones_follow = POLL_ACTIONS[action]
    do(poll)
    if phones_follow:
        live.step_changed(poll.event)
    else:
        live.state_changed(poll.event_id)


def answer_poll(
    *,
    participant: Participant,
    poll: Poll,
    option: PollOption | None = None,
    value: int | None = None,
    text: str = "",
) -> PollAnswer:
    """The participant's answer; a new one replaces the last while the poll is open."""
    _throttle(participant=participant, what="poll", rates=POLL_ANSWER_RATES)
    values = {"option": option, "value": value, "text": text}

    def write() -> PollAnswer:
        answer, _created = PollAnswer.objects.update_or_create(
            poll=poll, participant=participant, defaults=values
        )
        return answer

    try:
        answer = group_commit.run(write)
    except IntegrityError:  # two saves at once: the other created it, this one updates it
        answer = PollAnswer.objects.get(poll=poll, participant=participant)
        for name, value_ in values.items():
            setattr(answer, name, value_)
        answer.save()
    live.state_changed(poll.event_id)
    return answer


# --- Results ---

WORDS_SHOWN = 40


def poll_results(poll: Poll) -> dict:
    """Counts per option (or scale step, or word), with shares of all who answered."""
    answers = poll.answers.all()
    total = answers.count()
    if poll.kind == Poll.Kind.WORDS:
        counts: dict[str, tuple[str, int]] = {}
        for text in answers.values_list("text", flat=True):
            word = " ".join(text.split())
            key = word.casefold()
            shown, n = counts.get(key, (word, 0))
            counts[key] = (shown, n + 1)
        ranked = sorted(counts.values(), key=lambda pair: (-pair[1], pair[0].casefold()))
        top = ranked[:WORDS_SHOWN]
        most = top[0][1] if top else 1
        rows = [
            {"label": word, "count": n, "size": 1 + round(4 * (n - 1) / max(most - 1, 1))}
            for word, n in top
        ]
        return {"total": total, "rows": rows, "more": len(ranked) - len(top)}
    if poll.kind == Poll.Kind.SCALE:
        tally = dict(answers.values_list("value").annotate(n=Count("pk")))
        labels = [(str(step), tally.get(step, 0)) for step in SCALE_STEPS]
        values = [v for v in answers.values_list("value", flat=True) if v]
        mean = sum(values) / len(values) if values else None
    else:
        tally = dict(answers.values_list("option").annotate(n=Count("pk")))
        labels = [(option.text, tally.get(option.pk, 0)) for option in poll.options.all()]
        mean = None
    rows = [
        {"label": label, "count": n, "percent": round(100 * n / total) if total else 0}
        for label, n in labels
    ]
    return {"total": total, "rows": rows, "mean": mean}


SCALE_STEPS = range(1, 6)
