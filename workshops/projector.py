"""The projector: read-only, full screen, legible from the back of the room.

Opened by its unguessable token, or by a logged-in facilitator. The page and every push render
the same `screen` fragment from projector_context().
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from workshops.access import SEE, event_view
from workshops.models import Event
from workshops.presenters import projector_context, wall_page


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
@event_view(SEE)
def projector_for_facilitator(request: HttpRequest, event: Event) -> HttpResponse:
    return _render(request, event, use_token=False)


@require_GET
def projector_postcards(request: HttpRequest, token: str, number: int) -> HttpResponse:
    """The wall's next postcards of one scenario (?fran=N): the pushed wall carries the newest
    few per scenario, and static/js/wall.js fetches the rest as it turns."""
    event = get_object_or_404(Event, projector_token=token)
    start = request.GET.get("fran", "")
    start = int(start) if start.isascii() and start.isdigit() and len(start) < 7 else 0
    return render(
        request, "kinds/postcard/postcards.html", {"postcards": wall_page(event, number, start)}
    )
