from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from workshops.join import (  # noqa: F401  (the participant side lives in workshops.join)
    SESSION_PARTICIPANT,
    home,
    join_qr,
    join_with_code,
    participant_for,
    participant_home,
)
from workshops.models import Event


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    return render(request, "workshops/event_list.html", {"events": Event.objects.all()})


def projector(request: HttpRequest, token: str) -> HttpResponse:
    event = get_object_or_404(Event, projector_token=token)
    return render(request, "workshops/projector.html", {"event": event})
