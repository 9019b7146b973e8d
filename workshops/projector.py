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
from exercises.models import Exercise, Role
from workshops.console import staff_required
from workshops.models import Event


def join_url(event: Event, base: str) -> str:
    return f"{settings.SITE_URL or base}{event.join_path()}"


def qr_svg(url: str) -> str:
    """The join URL as an inline SVG QR code (no size: CSS sizes it)."""
    return segno.make(url, error="m").svg_inline(
        scale=1, border=2, omitsize=True, dark="#1d2421", light="#ffffff"
    )


def exercise_results(exercise: Exercise) -> dict:
    """What the projector shows for an exercise's results, by kind."""
    kind = exercise.kind
    if kind == Exercise.Kind.RATING:
        mix = results.role_mix(exercise)
        return {"role_mix": mix, "mix_chart": charts.role_mix_chart(mix)}
    if kind == Exercise.Kind.PLACEMENT:
        spread, moves = results.room_spread(exercise), results.room_moves(exercise)
        return {
            "spread": spread,
            "moves": moves,
            "room": charts.room_chart(spread, exercise.event.roles.all(), moves),
        }
    if kind == Exercise.Kind.TIPS:
        return {"tallies": results.tip_tallies(exercise)}
    if kind == Exercise.Kind.POSTCARD:
        return postcard_wall(exercise)
    if kind in {Exercise.Kind.REFLECTION, Exercise.Kind.LUNCH}:
        return prompts_and_featured(exercise)
    return {}


def postcard_wall(exercise: Exercise | None) -> dict:
    if exercise is None:
        return {}
    grouped = results.postcards_by_scenario(exercise)
    return {"scenario_map": charts.scenario_map(exercise, grouped)}


def prompts_and_featured(exercise: Exercise) -> dict:
    levels = results.reflections_by_level(exercise, featured_only=True)
    return {
        "prompts": exercise.prompts_in("questions"),
        "levels": levels,
        "featured_count": sum(len(items) for _level, items in levels),
    }


def projector_context(event: Event, base: str = "") -> dict:
    view = event.projector_view
    context: dict = {"event": event, "view": view, "joined": event.participants.count()}
    if view == Event.ProjectorView.JOIN:
        url = join_url(event, base)
        context.update(join_url=url, qr=qr_svg(url))
    elif view == Event.ProjectorView.STEP:
        exercise = event.current_exercise
        context.update(
            item=event.current_item,
            exercise=exercise,
            questions=exercise.prompts_in("questions") if exercise else [],
        )
    elif view == Event.ProjectorView.RESULTS:
        exercise = event.exercises.filter(key=event.projector_target).first()
        context["exercise"] = exercise
        if exercise is not None:
            context["answered"] = results.answered_count(exercise) or 0
            if exercise.results_visible:
                context.update(exercise_results(exercise))
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
