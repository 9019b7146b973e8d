"""The editor's preview of a step: what a participant's phone and the projector would show at a
programme item (and each of its exercises), drawn by their own partials from a copy of the event
at that step (presenters.step_preview). The running day does not change and nothing is pushed.

Owners only, like the rest of the editor (a phone that wanders here gets a 403, never an
unopened step). The phone's and the projector's views are framed by the preview page, so they
(and only they) may be framed by this site.
"""

from csp.decorators import csp_replace
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET

from exercises.models import Exercise
from workshops.access import OWN, event_view
from workshops.models import Event, ProgramItem
from workshops.presenters import preview_phone_context, projector_context, step_preview

STEP_PARAMETER = "ovning"


def _step(request: HttpRequest, event: Event, item_id: int) -> tuple[ProgramItem, Exercise | None]:
    """The item and the exercise asked for (?ovning=<id>, one of the item's), else its first,
    as going to the item shows it first."""
    item = get_object_or_404(ProgramItem, pk=item_id, event=event)
    exercises = list(item.exercises.all())
    wanted = request.GET.get(STEP_PARAMETER, "")
    if not wanted:
        return item, exercises[0] if exercises else None
    for exercise in exercises:
        if str(exercise.pk) == wanted:
            return item, exercise
    raise Http404


def _framed(view):
    """The view may be shown in a frame of this site's own pages (the preview page)."""
    return xframe_options_sameorigin(csp_replace({"frame-ancestors": ["'self'"]})(view))


@require_GET
@event_view(OWN)
def page(request: HttpRequest, event: Event, item_id: int) -> HttpResponse:
    item, exercise = _step(request, event, item_id)
    query = f"?{STEP_PARAMETER}={exercise.pk}" if exercise else ""
    context = {
        "event": event,
        "item": item,
        "exercise": exercise,
        "steps": list(item.exercises.all()),
        "phone_url": reverse("workshops:preview_phone", args=[event.pk, item.pk]) + query,
        "projector_url": reverse("workshops:preview_projector", args=[event.pk, item.pk]) + query,
    }
    return render(request, "editor/preview.html", context)


@require_GET
@_framed
@event_view(OWN)
def phone(request: HttpRequest, event: Event, item_id: int) -> HttpResponse:
    """The phone's "now" section at the step, for a participant who has answered nothing."""
    preview = step_preview(event, *_step(request, event, item_id))
    return render(request, "editor/preview_phone.html", preview_phone_context(request, preview))


@require_GET
@_framed
@event_view(OWN)
def projector(request: HttpRequest, event: Event, item_id: int) -> HttpResponse:
    """The projector's step view at the step."""
    preview = step_preview(event, *_step(request, event, item_id))
    base = request.build_absolute_uri("/").rstrip("/")
    return render(request, "editor/preview_projector.html", projector_context(preview, base))
