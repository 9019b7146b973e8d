"""The projector: read-only, full screen, legible from the back of the room.

Opened by its unguessable token, or by a logged-in facilitator. The page and every push render
the same `screen` fragment from projector_context().
"""

import segno
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from exercises import charts, results
from exercises.kinds import kind_of
from exercises.models import Exercise, Role
from workshops import network
from workshops.console import staff_required
from workshops.models import Event


def join_url(event: Event, base: str) -> str:
    """What phones open: SITE_URL, else this server as the projector reached it, with a
    loopback address (the laptop's own browser) swapped for the laptop's LAN address."""
    return f"{settings.SITE_URL or network.reachable_base(base)}{event.join_path()}"


def url_parts(url: str) -> list[str]:
    """ "http://192.168.1.20:8000/delta/NQGUQY/" as the pieces the projector may wrap between:
    after a slash only, never inside the code (nor between the scheme's two slashes)."""
    scheme, separator, rest = url.partition("://")
    if not separator:
        return url.split("/")
    parts = rest.split("/")
    return [scheme + separator + parts[0], *parts[1:]]


def qr_svg(url: str) -> str:
    """The join URL as an inline SVG QR code (no size: CSS sizes it)."""
    return segno.make(url, error="m").svg_inline(
        scale=1, border=2, omitsize=True, dark="#1d2421", light="#ffffff"
    )


def exercise_results(exercise: Exercise, part: str = "") -> dict:
    """What the projector shows for an exercise's results, and the partial that draws them.
    `part` narrows it down (Övning 3: one tip list's key)."""
    kind = kind_of(exercise)
    return {"results_partial": kind.projector_partial, **kind.projector_results(exercise, part)}


def projector_context(event: Event, base: str = "") -> dict:
    view = event.projector_view
    context: dict = {"event": event, "view": view, "joined": event.participants.count()}
    if view == Event.ProjectorView.JOIN:
        url = join_url(event, base)
        context.update(join_url=url, join_url_parts=url_parts(url), qr=qr_svg(url))
    elif view == Event.ProjectorView.STEP:
        exercise = event.current_exercise
        context.update(
            item=event.current_item,
            exercise=exercise,
            questions=exercise.prompts_in("questions") if exercise else [],
        )
    elif view == Event.ProjectorView.RESULTS:
        key, _sep, part = event.projector_target.partition(":")
        exercise = event.exercises.filter(key=key).first()
        context["exercise"] = exercise
        if exercise is not None:
            context["answered"] = results.answered_count(exercise) or 0
            if exercise.results_visible:
                context.update(exercise_results(exercise, part))
    elif view in {Event.ProjectorView.POSTCARDS, Event.ProjectorView.SCENARIOS}:
        exercise = event.exercises.filter(kind=Exercise.Kind.POSTCARD).first()
        context["exercise"] = exercise
        if exercise is not None:
            grouped = results.postcards_by_scenario(exercise)
            if view == Event.ProjectorView.SCENARIOS:
                grouped = [(scenario, []) for scenario, _cards in grouped]
            context["scenario_map"] = charts.scenario_map(exercise, grouped)
    elif view == Event.ProjectorView.ROLE:
        context["role"] = Role.objects.filter(event=event, key=event.projector_target).first()
    return context


def _render(request: HttpRequest, event: Event, use_token: bool) -> HttpResponse:
    base = request.build_absolute_uri("/").rstrip("/")
    context = projector_context(event, base)
    context["use_token"] = use_token
    template = "workshops/projector.html#screen" if request.htmx else "workshops/projector.html"
    return render(request, template, context)


@require_GET
def projector(request: HttpRequest, token: str) -> HttpResponse:
    event = get_object_or_404(Event, projector_token=token)
    return _render(request, event, use_token=True)


@require_GET
@staff_required
def projector_for_facilitator(request: HttpRequest, event_id: int) -> HttpResponse:
    event = get_object_or_404(Event, pk=event_id)
    return _render(request, event, use_token=False)
