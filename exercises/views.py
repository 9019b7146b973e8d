"""A participant's exercises: the page, the answers (htmx autosave or plain POST), the profile."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from exercises.answers import BODY, SAVED, refusal, save_answer
from exercises.kinds.registry import kind_of
from exercises.models import Exercise
from workshops.models import Participant
from workshops.presenters import exercise_context, participant_for


def _exercise_for(request: HttpRequest, key: str) -> tuple[Participant | None, Exercise | None]:
    participant = participant_for(request)
    if participant is None:
        return None, None
    exercise = get_object_or_404(Exercise, event_id=participant.event_id, key=key)
    return participant, exercise


def _back_to(participant: Participant, exercise: Exercise, anchor: str, query: str = "") -> str:
    if participant.event.current_exercise_id == exercise.pk:
        path = reverse("workshops:participant_home")
    else:
        path = reverse("exercises:exercise", args=[exercise.key])
    return f"{path}{'?' if query else ''}{query}#{anchor}"


@require_GET
def exercise_page(request: HttpRequest, key: str) -> HttpResponse:
    participant, exercise = _exercise_for(request, key)
    if participant is None:
        return redirect("workshops:home")
    context = exercise_context(request, participant, exercise)
    template = BODY if request.htmx else "exercises/exercise.html"
    return render(request, template, context)


@require_POST
def answer(request: HttpRequest, key: str) -> HttpResponse:
    participant, exercise = _exercise_for(request, key)
    if participant is None:
        messages.error(request, _("Gå med i workshoppen med koden först."))
        return redirect("workshops:home")
    saved = save_answer(participant=participant, exercise=exercise, data=request.POST)
    if saved is None:
        return _refused(request, participant, exercise)
    context = exercise_context(request, participant, exercise, saved)
    form = saved.form
    if request.htmx:
        return render(request, SAVED, context)
    if form.errors:
        return render(request, "exercises/exercise.html", context)
    if form.action or not request.POST.get("lista"):  # not when only another list was asked for
        messages.success(request, saved.message or _("Sparat."))
    anchor = "profile" if form.action == "done" else "exercise"
    query = kind_of(exercise).redirect_query(form=form)
    return redirect(_back_to(participant, exercise, anchor, query))


def _refused(request: HttpRequest, participant: Participant, exercise: Exercise) -> HttpResponse:
    """Answers arrive only while the exercise is open; what was saved before stays."""
    context = {**exercise_context(request, participant, exercise), "refused": refusal(exercise)}
    if request.htmx:
        response = render(request, BODY, context)
        response["HX-Retarget"] = "#exercise"
        response["HX-Reswap"] = "outerHTML"
        return response
    return render(request, "exercises/exercise.html", context, status=409)


@require_GET
def summary(request: HttpRequest) -> HttpResponse:
    """Mitt resultat: everything this participant answered, on one printable page."""
    participant = participant_for(request)
    if participant is None:
        return redirect("workshops:home")
    exercises = participant.event.exercises.exclude(status=Exercise.Status.DRAFT)
    sections = []
    for exercise in exercises:
        context = exercise_context(request, participant, exercise)
        template = kind_of(exercise).answers_partial
        sections.append((exercise, render_to_string(template, context, request)))
    return render(
        request,
        "exercises/summary.html",
        {"participant": participant, "event": participant.event, "sections": sections},
    )
