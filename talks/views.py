"""Phones ask, vote and answer polls; the console moderates and makes polls.

Every action is a plain POST that redirects back (no JavaScript needed); with htmx it returns
the fragment it changed. Bad input re-renders with the text kept and a message in Swedish.
"""

from django.contrib import messages
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from changemakers.busy import RETRY_AFTER, database_busy
from talks import services
from talks.context import console_questions_page, console_talks, phone_talks, projected
from talks.forms import PollAnswerForm, PollCreateForm, QuestionForm
from talks.models import Poll, Question
from workshops.access import MODERATE, RUN, SEE, event_view
from workshops.models import Event
from workshops.presenters import console_context, participant_for

PHONE = "talks/phone.html"
CONSOLE = "talks/console.html#talks"
THROTTLED = _("Du har skickat många på kort tid. Vänta en minut och försök igen.")
REFUSED_STATUS = "X-Changemakers-Status"


def busy() -> str:
    """A write the database did not take in time (every writer waits its turn, at most the
    time-out): nothing was saved, and the participant is told so (not a 500)."""
    return _("Servern hann inte spara just nu, så det sparades inte. Försök igen om en stund.")


def _phone_response(request, participant, status=200, part="panel", **extra) -> HttpResponse:
    context = {"participant": participant, "event": participant.event, **extra}
    context["talk"] = phone_talks(
        participant,
        questions=part != "poll",
        **{k: v for k, v in extra.items() if k in {"question_form", "poll_form", "page"}},
    )
    if request.htmx:
        # htmx swaps only 2xx answers: the message travels inside the fragment, and the status
        # it stands for in a header (for scripts; the phone shows the message).
        response = render(request, f"{PHONE}#{part}", context)
        if status != 200:
            response[REFUSED_STATUS] = str(status)
    else:
        response = render(request, "talks/phone_page.html", context, status=status)
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER)
    return response


def _home() -> str:
    return reverse("workshops:participant_home") + "#talk"


@require_GET
def panel(request: HttpRequest) -> HttpResponse:
    """The phone's talk panel (htmx: on a pushed step); `sida`: a further page of questions
    (the pushed list has the first)."""
    participant = participant_for(request)
    if participant is None:
        return redirect("workshops:home")
    part = "list" if request.GET.get("del") == "lista" else "panel"
    page = request.GET.get("sida", "")
    page = int(page) if page.isascii() and page.isdigit() and len(page) < 6 else 1
    return _phone_response(request, participant, part=part, page=page)


@require_POST
def ask(request: HttpRequest) -> HttpResponse:
    participant = participant_for(request)
    if participant is None:
        return redirect("workshops:home")
    item = services.current_talk(participant.event)
    form = QuestionForm(request.POST)
    if item is None:
        form.add_error(None, _("Frågor tas emot medan ett föredrag pågår."))
    elif form.is_valid():
        try:
            services.ask(
                participant=participant,
                item=item,
                text=form.cleaned_data["text"],
                show_name=form.cleaned_data["show_name"],
            )
        except services.Throttled:
            form.add_error(None, THROTTLED)
            return _phone_response(request, participant, 429, question_form=form)
        except DatabaseError as error:
            if not database_busy(error):
                raise
            form.add_error(None, busy())
            return _phone_response(request, participant, 503, question_form=form)
        notice = _("Tack! Din fråga är skickad.")
        if services.TalkSettings.of(participant.event).require_approval:
            notice = _("Tack! Din fråga visas när samtalsledaren har godkänt den.")
        if request.htmx:
            return _phone_response(request, participant, notice=notice)
        messages.success(request, notice)
        return redirect(_home())
    return _phone_response(request, participant, 400, question_form=form)


@require_POST
def vote(request: HttpRequest, question_id: int) -> HttpResponse:
    participant = participant_for(request)
    if participant is None:
        return redirect("workshops:home")
    question = get_object_or_404(
        Question, pk=question_id, event=participant.event, status=Question.Status.VISIBLE
    )
    try:
        services.toggle_vote(participant=participant, question=question)
    except services.Throttled:
        return _phone_response(request, participant, 429, list_error=THROTTLED)
    except DatabaseError as error:
        if not database_busy(error):
            raise
        return _phone_response(request, participant, 503, list_error=busy())
    if request.htmx:
        return _phone_response(request, participant)
    return redirect(_home())


@require_POST
def answer_poll(request: HttpRequest, poll_id: int) -> HttpResponse:
    participant = participant_for(request)
    if participant is None:
        return redirect("workshops:home")
    poll = get_object_or_404(Poll, pk=poll_id, event=participant.event)
    form = PollAnswerForm(poll, request.POST)
    if not poll.is_open:
        form.add_error(None, _("Omröstningen är stängd. Ditt svar sparades inte."))
        return _phone_response(request, participant, 409, part="poll", poll_form=form)
    if not form.is_valid():
        return _phone_response(request, participant, 400, part="poll", poll_form=form)
    try:
        services.answer_poll(participant=participant, poll=poll, **form.cleaned_data["answer"])
    except services.Throttled:
        form.add_error(None, THROTTLED)
        return _phone_response(request, participant, 429, part="poll", poll_form=form)
    except DatabaseError as error:
        if not database_busy(error):
            raise
        form.add_error(None, busy())
        return _phone_response(request, participant, 503, part="poll", poll_form=form)
    if request.htmx:
        return _phone_response(request, participant, part="poll", poll_notice=_("Sparat."))
    messages.success(request, _("Ditt svar är sparat."))
    return redirect(_home())


# --- The console ---


def _console_done(request: HttpRequest, event: Event, poll_form=None) -> HttpResponse:
    """The console's talk section (htmx), or the console again. After the poll form: the
    form (cleared, or with its errors) and the section."""
    if request.htmx:
        event.refresh_from_db()
        context = {"event": event, "talks": console_talks(event, poll_form=poll_form)}
        context["access"] = request.access
        template = CONSOLE if poll_form is None else "talks/console.html#poll_response"
        return render(request, template, context)
    return redirect(reverse("workshops:console", args=[event.pk]) + "#talks")


@require_POST
@event_view(MODERATE)
def question_action(request: HttpRequest, event: Event, question_id: int, action: str):
    question = get_object_or_404(Question, pk=question_id, event=event)
    if action not in services.QUESTION_ACTIONS and action != "project":
        return HttpResponse(_("Okänd åtgärd."), status=404)
    services.moderate_question(question=question, action=action)
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        return redirect(f"{back}#question-{question.pk}")  # the page of all questions
    return _console_done(request, event)


@require_GET
@event_view(SEE)
def questions_page(request: HttpRequest, event: Event) -> HttpResponse:
    """Every question of the talk, a page at a time: the console shows the top few."""
    item, page = console_questions_page(event, request.GET.get("sida"))
    context = {"event": event, "item": item, "page": page, "projected": projected(event)}
    context["next"] = request.get_full_path()
    return render(request, "talks/questions_page.html", context)


@require_POST
@event_view(RUN)
def approval(request: HttpRequest, event: Event) -> HttpResponse:
    services.set_approval(event=event, required=request.POST.get("require") == "1")
    return _console_done(request, event)


@require_POST
@event_view(MODERATE)
def project_questions(request: HttpRequest, event: Event) -> HttpResponse:
    services.project_questions(event=event)
    return _console_done(request, event)


@require_POST
@event_view(RUN)
def poll_create(request: HttpRequest, event: Event) -> HttpResponse:
    form = PollCreateForm(request.POST)
    if not form.is_valid():
        if request.htmx:
            return _console_done(request, event, poll_form=form)
        context = console_context(event) | {"access": request.access}
        context["talk_poll_form"] = form
        return render(request, "workshops/console.html", context, status=400)
    services.create_poll(
        event=event,
        question=form.cleaned_data["question"],
        kind=form.cleaned_data["kind"],
        options=form.cleaned_data["options"],
    )
    return _console_done(request, event, poll_form=PollCreateForm())


@require_POST
@event_view(RUN)
def poll_action(request: HttpRequest, event: Event, poll_id: int, action: str):
    poll = get_object_or_404(Poll, pk=poll_id, event=event)
    if action not in services.POLL_ACTIONS:
        return HttpResponse(_("Okänd åtgärd."), status=404)
    services.poll_action(poll=poll, action=action)
    return _console_done(request, event)
