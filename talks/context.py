"""What each screen shows of the talks: the phone's panel, the console's section, the
projector's views, the report's and Mitt resultat's sections."""

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, Q, Value, When
from django.utils.text import Truncator

from changemakers.security import parse_id
from exercises.charts import bar_chart
from talks import services
from talks.forms import PollAnswerForm, PollCreateForm, QuestionForm
from talks.models import Poll, PollAnswer, Question, QuestionVote, TalkSettings
from workshops.models import Event, Participant, ProgramItem

PROJECTOR_TOP = 6  # questions on the projector; the rest are counted
# The console shows the top questions and counts the rest (its page of all questions has them,
# a page at a time): a pushed frame does not grow with the room (the phones: talks.services).
CONSOLE_QUESTIONS = 8
QUESTIONS_PAGE = 25
CHART_LABEL = 26


def poll_chart(poll: Poll, figures: dict):
    """Options or scale steps as bars; words as a cloud (no chart)."""
    if poll.kind == Poll.Kind.WORDS or not figures["rows"]:
        return None
    rows = [
        (Truncator(row["label"]).chars(CHART_LABEL), row["count"], f"{row['count']}")
        for row in figures["rows"]
    ]
    most = max(row["count"] for row in figures["rows"])
    return bar_chart(poll.question, rows, max_value=max(most, 1))


def poll_figures(poll: Poll) -> dict:
    figures = services.poll_results(poll)
    figures["chart"] = poll_chart(poll, figures)
    return figures


def phone_talks(
    participant: Participant,
    *,
    question_form=None,
    poll_form=None,
    page: int = 1,
    questions: bool = True,
) -> dict:
    """The phone's talk panel; `questions=False`: the poll only (a poll answer's response,
    which a whole room sends at once, need not rank the questions)."""
    event = participant.event
    item = services.current_talk(event)
    poll = services.current_poll(event)
    context: dict = {"item": item, "poll": poll}
    if poll is not None:
        mine = PollAnswer.objects.filter(poll=poll, participant=participant).first()
        initial = {}
        if mine is not None:
            initial["answer"] = mine.option_id or mine.value or mine.text
        context.update(
            poll_answer=mine,
            poll_form=poll_form or PollAnswerForm(poll, initial=initial),
            poll_results=poll_figures(poll) if poll.results_visible else None,
        )
    if item is not None and questions:
        questions = services.phone_questions(item, page)
        voted = set(
            QuestionVote.objects.filter(participant=participant, question__item=item).values_list(
                "question_id", flat=True
            )
        )
        for question in questions["top"]:
            question.voted = question.pk in voted
        context.update(
            questions=questions["top"],
            questions_page=questions,
            voted=" ".join(str(pk) for pk in sorted(voted)),
            waiting=Question.objects.filter(
                item=item, participant=participant, status=Question.Status.PENDING
            ),
            question_form=question_form or QuestionForm(),
        )
    return context


def phone_state(event: Event) -> str:
    """Part of the phone's "now" state: a new or closed poll, or its results shown, is a new
    step for the phones (the same state is not swapped again)."""
    poll = services.current_poll(event)
    return f"p{poll.pk}{'r' if poll.results_visible else ''}" if poll else ""


def talk_item_for(event: Event) -> ProgramItem | None:
    """The talk whose questions the console and projector show: the current one, else the
    last talk that got questions."""
    return services.current_talk(event) or (
        ProgramItem.objects.filter(event=event, questions__isnull=False).order_by("-order").first()
    )


def offered_polls(event: Event) -> list[Poll]:
    """The console's polls in the order it offers them: those written for the item now under
    way (in the file's order), then those made on the console (newest first), then the other
    items' (in the program's order)."""
    polls = list(
        event.polls.select_related("item")
        .prefetch_related("options")
        .annotate(answered=Count("answers"))
    )
    current = event.current_item_id

    def place(poll: Poll):
        if poll.item_id is not None and poll.item_id == current:
            return (0, 0, poll.created_at.timestamp(), poll.pk)
        if poll.item_id is None:
            return (1, 0, -poll.created_at.timestamp(), -poll.pk)
        return (2, poll.item.order, poll.created_at.timestamp(), poll.pk)

    return sorted(polls, key=place)


def console_talks(event: Event, *, poll_form=None) -> dict:
    item = talk_item_for(event)
    questions, counts = [], {}
    if item is not None:
        # Waiting ones first (they need the facilitator), then the most thumbed.
        pending = Question.Status.PENDING
        questions = list(
            services.ranked_questions(item, statuses=[pending]).order_by("created_at", "pk")[
                :CONSOLE_QUESTIONS
            ]
        )
        others = [status for status in Question.Status if status != pending]
        questions += list(
            services.ranked_questions(item, statuses=others)[: CONSOLE_QUESTIONS - len(questions)]
        )
        counts = item.questions.aggregate(
            total=Count("pk"),
            pending=Count("pk", filter=Q(status=pending)),
            hidden=Count("pk", filter=Q(status=Question.Status.HIDDEN)),
            answered=Count("pk", filter=Q(answered=True)),
        )
    polls = offered_polls(event)
    return {
        "item": item,
        "questions": questions,
        "counts": counts,
        "more": counts.get("total", 0) - len(questions),
        "settings": TalkSettings.of(event),
        "polls": polls,
        "poll_form": poll_form or PollCreateForm(),
        "projected": projected(event),
    }


def projected(event: Event) -> str | None:
    """The question or poll the projector shows, if it shows one."""
    return event.projector_target if event.projector_view in {"questions", "poll"} else None


def console_questions_page(event: Event, number) -> tuple[ProgramItem | None, Page]:
    """Every question of the talk the console shows, a page at a time: waiting ones first,
    then the most thumbed."""
    item = talk_item_for(event)
    questions = Question.objects.none()
    if item is not None:
        questions = services.ranked_questions(item, statuses=list(Question.Status)).order_by(
            Case(When(status=Question.Status.PENDING, then=Value(0)), default=Value(1)),
            "answered",
            "-vote_count",
            "created_at",
            "pk",
        )
    return item, Paginator(questions, QUESTIONS_PAGE).get_page(number)


def projector_talks(event: Event) -> dict:
    if event.projector_view == Event.ProjectorView.POLL:
        target = parse_id(event.projector_target)
        polls = event.polls.exclude(status=Poll.Status.DRAFT)
        poll = polls.filter(pk=target).first() if target else polls.order_by("-opened_at").first()
        if poll is None:
            return {}
        figures = poll_figures(poll) if poll.results_visible else None
        return {"poll": poll, "answered": poll.answers.count(), "figures": figures}
    item = talk_item_for(event)
    if item is None:
        return {}
    if target := parse_id(event.projector_target):
        one = (
            services.ranked_questions(item, statuses=[Question.Status.VISIBLE])
            .filter(pk=target)
            .first()
        )
        if one is not None:
            return {"item": item, "one": one}
    ranked = list(services.ranked_questions(item).filter(answered=False))
    return {
        "item": item,
        "top": ranked[:PROJECTOR_TOP],
        "more": max(len(ranked) - PROJECTOR_TOP, 0),
        "answered_count": item.questions.filter(
            status=Question.Status.VISIBLE, answered=True
        ).count(),
    }


def report_talks(item: ProgramItem | None, event: Event) -> dict:
    """Under a program item in the report: its questions (no names) and its polls."""
    polls = event.polls.exclude(status=Poll.Status.DRAFT).filter(item=item)
    polls = [(poll, poll_figures(poll)) for poll in polls.order_by("opened_at", "pk")]
    # As the report says: most thumbs first, answered or not (the console and projector put
    # the answered ones last because they are done with; a reader is not).
    questions = (
        list(
            services.ranked_questions(item, statuses=[Question.Status.VISIBLE]).order_by(
                "-vote_count", "created_at", "pk"
            )
        )
        if item is not None
        else []
    )
    return {"questions": questions, "polls": polls}


def summary_talks(participant: Participant) -> dict:
    """Mitt resultat: the participant's own questions, thumbs and poll answers."""
    return {
        "questions": list(
            Question.objects.filter(participant=participant)
            .select_related("item")
            .order_by("created_at")
        ),
        "voted": list(
            Question.objects.filter(votes__participant=participant)
            .select_related("item")
            .order_by("created_at")
        ),
        "answers": list(
            PollAnswer.objects.filter(participant=participant)
            .select_related("poll", "option")
            .order_by("poll__opened_at")
        ),
    }
