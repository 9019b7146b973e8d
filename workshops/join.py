"""Joining from a phone, and the phone's page that follows the day."""

import hashlib
import io

import segno
from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from workshops import ratelimit, services
from workshops.models import Event, Participant, normalise_join_code
from workshops.presenters import (
    SESSION_PARTICIPANT,
    participant_for,
    phone_context,
    results_text_context,
)


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Kod"),
        max_length=20,
        help_text=_("Sex tecken, till exempel på projektorn."),
        error_messages={"required": _("Skriv koden du har fått.")},
    )
    name = forms.CharField(
        label=_("Förnamn (frivilligt)"),
        max_length=60,
        required=False,
        help_text=_(
            "Du är anonym om du inte skriver något. Skriver du ditt förnamn kan det visas på "
            "projektorn med ett svar som samtalsledaren lyfter fram."
        ),
        error_messages={"max_length": _("Högst %(limit_value)d tecken.")},
    )

    def clean_code(self) -> Event:
        code = normalise_join_code(self.cleaned_data["code"])
        event = Event.objects.filter(join_code=code).first()
        if event is None:
            raise forms.ValidationError(
                _("Det finns ingen workshop med koden %(code)s. Kontrollera koden och försök igen.")
                % {"code": code[:20]},
                code="unknown",
            )
        if not event.join_open:
            raise forms.ValidationError(
                _("Workshoppen med koden %(code)s tar inte emot fler deltagare.") % {"code": code},
                code="closed",
            )
        return event

    def has_wrong_code(self) -> bool:
        return self.has_error("code", "unknown")


# The participants this browser has been, per event, in a signed cookie that outlives the
# session: joining again (the session cookie lost or cleared, another event in between) gives
# back the same participant, with its thumbs-up and its place in the throttles.
DEVICE_COOKIE = "deltagare"
DEVICE_EVENTS = 20


def _device_participants(request: HttpRequest) -> dict[int, int]:
    value = request.get_signed_cookie(
        DEVICE_COOKIE, default="", salt=DEVICE_COOKIE, max_age=settings.SESSION_COOKIE_AGE
    )
    pairs = (pair.partition(":") for pair in value.split(",") if pair)
    return {int(event): int(participant) for event, _sep, participant in pairs}


def _remember_device(request: HttpRequest, response: HttpResponse, participant) -> None:
    known = _device_participants(request)
    known.pop(participant.event_id, None)
    known[participant.event_id] = participant.pk
    recent = list(known.items())[-DEVICE_EVENTS:]
    response.set_signed_cookie(
        DEVICE_COOKIE,
        ",".join(f"{event}:{pk}" for event, pk in recent),
        salt=DEVICE_COOKIE,
        max_age=settings.SESSION_COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _join(request: HttpRequest, event: Event, name: str) -> HttpResponse:
    """Same phone, same event: the same participant (by the session, or by the device cookie
    when the session was lost). Otherwise a new one, in a new session."""
    participant = participant_for(request)
    if participant is None or participant.event_id != event.pk:
        known = _device_participants(request).get(event.pk)
        participant = Participant.objects.filter(pk=known, event=event).first() if known else None
        if participant is None:
            participant = services.join_event(event=event, name=name)
        request.session.cycle_key()
        request.session[SESSION_PARTICIPANT] = participant.pk
    if name.strip() and participant.name != name.strip():
        participant.name = name.strip()
        participant.save(update_fields=["name"])
    response = redirect("workshops:participant_home")
    _remember_device(request, response, participant)
    return response


def _too_many(request: HttpRequest, template: str, context: dict, wait: int) -> HttpResponse:
    """A wrong code from a client that has guessed too often: a 429 that echoes nothing back.
    Right codes never get here (see workshops/ratelimit.py)."""
    context = {
        **context,
        "wait": wait,
        "form": JoinForm(initial={"name": request.POST.get("name", "")}),
    }
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(wait)
    return response


def _wrong_code(request: HttpRequest, template: str, context: dict, status: int) -> HttpResponse:
    if not ratelimit.count_wrong_code(request):
        return _too_many(request, template, context, max(ratelimit.wrong_code_wait(request), 1))
    return render(request, template, context, status=status)


def todays_event(participant) -> Event | None:
    """The day the code page is for: the participant's, else the one day open for joining
    today (none when there are several: the code tells them apart)."""
    if participant is not None:
        return participant.event
    today = Event.objects.filter(join_open=True, date=timezone.localdate())[:2]
    return today[0] if len(today) == 1 else None


@require_http_methods(["GET", "POST"])
def home(request: HttpRequest) -> HttpResponse:
    participant = participant_for(request)
    context = {"participant": participant, "event": todays_event(participant)}
    form = context["form"] = JoinForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            return _join(request, form.cleaned_data["code"], form.cleaned_data["name"])
        if form.has_wrong_code():
            return _wrong_code(request, "workshops/home.html", context, status=200)
    return render(request, "workshops/home.html", context)


@require_http_methods(["GET", "POST"])
def join_with_code(request: HttpRequest, code: str) -> HttpResponse:
    """The QR code's URL: the code is in the address, the page asks only for a first name."""
    participant = participant_for(request)
    code = normalise_join_code(code)[:20]
    if participant and participant.event.join_code == code:
        return redirect("workshops:participant_home")
    context = {"code": code, "participant": participant}
    form = context["form"] = JoinForm({"code": code, "name": request.POST.get("name", "")})
    form.is_valid()
    event = context["event"] = form.cleaned_data.get("code")
    if event is None:
        if form.has_wrong_code():
            return _wrong_code(request, "workshops/join.html", context, status=404)
        return render(request, "workshops/join.html", context, status=404)
    if request.method == "POST" and form.is_valid():
        return _join(request, event, form.cleaned_data["name"])
    if request.method == "GET":
        context["form"] = JoinForm(initial={"code": code})
    return render(request, "workshops/join.html", context)


def participant_home(request: HttpRequest) -> HttpResponse:
    participant = participant_for(request)
    if participant is None:
        return redirect("workshops:home")
    return render(request, "workshops/participant_home.html", phone_context(request, participant))


@require_GET
def results_text(request: HttpRequest) -> HttpResponse:
    """The results the projector shows, as text and tables on the phone, in its language. The
    page asks again every few seconds (htmx) with the fingerprint of what it shows: the same
    results answer 204 and nothing is sent or swapped."""
    participant = participant_for(request)
    if participant is None:
        return redirect("workshops:home")
    context = results_text_context(participant.event)
    body = render_to_string("workshops/results_text.html#body", context, request)
    fingerprint = hashlib.blake2b(body.encode(), digest_size=8).hexdigest()
    if request.htmx and request.GET.get("sedan") == fingerprint:
        return HttpResponse(status=204)
    context.update(participant=participant, body=mark_safe(body), fingerprint=fingerprint)
    template = "workshops/results_text.html"
    return render(request, f"{template}#results" if request.htmx else template, context)


@require_GET
def share(request: HttpRequest) -> HttpResponse:
    """The join QR code for a neighbour (the phone's "Visa QR-kod för en granne")."""
    participant = participant_for(request)
    if participant is None:
        return redirect("workshops:home")
    context = {"participant": participant, "event": participant.event}
    return render(request, "workshops/share.html", context)


@require_GET
def join_qr(request: HttpRequest, code: str) -> HttpResponse:
    """The join URL as a QR code (SVG), for the projector or a neighbour's phone."""
    event = get_object_or_404(Event, join_code=normalise_join_code(code)[:20])
    qr = segno.make(request.build_absolute_uri(event.join_path()), error="m")
    buffer = io.BytesIO()
    qr.save(buffer, kind="svg", scale=8, border=2, title=_g("QR-kod för att delta"))
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
