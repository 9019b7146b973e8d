"""The talks' sheets in the XLSX: every question with its thumbs, and every poll answer."""

from django.db.models import Count
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from exercises.tables import Table
from exercises.tables import person as _person
from exercises.tables import who as _who
from exercises.tables import yes_no as _yes_no
from talks.models import Poll, PollAnswer, Question


def _time(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "H:i") if moment else ""


def questions_table(event, include_names: bool = False) -> Table:
    """One row per question; the asker's number (and name when asked for), as the exercises."""
    table = Table(
        _("Frågor till talaren"),
        _who(include_names)
        + [
            _("Föredrag"),
            _("Ställd"),
            _("Fråga"),
            _("Visade namnet"),
            _("Tummar upp"),
            _("Status"),
            _("Besvarad"),
        ],
        wide={2},
    )
    questions = (
        Question.objects.filter(event=event)
        .select_related("participant", "item")
        .annotate(vote_count=Count("votes"))
        .order_by("item__order", "-vote_count", "created_at")
    )
    offset = len(_who(include_names))
    table.wide = {index + offset for index in table.wide}
    for question in questions:
        table.rows.append(
            _person(question.participant, include_names)
            + [
                question.item.title,
                _time(question.created_at),
                question.text,
                _yes_no(question.show_name),
                question.vote_count,
                question.get_status_display(),
                _yes_no(question.answered),
            ]
        )
    return table


def polls_table(event, include_names: bool = False) -> Table:
    """One row per answer; a poll nobody answered still has a row (its question)."""
    table = Table(
        _("Omröstningar"),
        _who(include_names) + [_("Programpunkt"), _("Ställd"), _("Fråga"), _("Typ"), _("Svar")],
        wide={2, 4},
    )
    offset = len(_who(include_names))
    table.wide = {index + offset for index in table.wide}
    polls = (
        Poll.objects.filter(event=event)
        .exclude(status=Poll.Status.DRAFT)
        .select_related("item")
        .order_by("opened_at", "pk")
    )
    for poll in polls:
        start = [poll.item.title if poll.item else "", _time(poll.opened_at), poll.question]
        answers = (
            PollAnswer.objects.filter(poll=poll)
            .select_related("participant", "option")
            .order_by("participant__number")
        )
        if not answers:
            table.rows.append([None] * offset + start + [poll.get_kind_display(), None])
        for answer in answers:
            value = answer.value if answer.value else answer.display()
            table.rows.append(
                _person(answer.participant, include_names)
                + start
                + [poll.get_kind_display(), value]
            )
    return table


def talk_tables(event, include_names: bool = False) -> list[Table]:
    """Only what happened: no sheet for a day without questions or polls."""
    tables = []
    if Question.objects.filter(event=event).exists():
        tables.append(questions_table(event, include_names))
    if Poll.objects.filter(event=event).exclude(status=Poll.Status.DRAFT).exists():
        tables.append(polls_table(event, include_names))
    return tables


def summary_tables(event) -> list[Table]:
    """On the summary sheet, after the exercises: each poll's counts, in the order asked."""
    from talks.services import poll_results

    tables = []
    polls = (
        Poll.objects.filter(event=event)
        .exclude(status=Poll.Status.DRAFT)
        .select_related("item")
        .order_by("opened_at", "pk")
    )
    for poll in polls:
        figures = poll_results(poll)
        title = _("Omröstning %(time)s: %(question)s") % {
            "time": _time(poll.opened_at),
            "question": poll.question,
        }
        rows = [[row["label"], row["count"]] for row in figures["rows"]]
        rows.append([_("Har svarat"), figures["total"]])
        tables.append(Table(title, [_("Svar"), _("Antal")], rows))
    return tables
