from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from workshops.models import Event, Participant, add_participant, normalise_join_code

SESSION_PARTICIPANT = "participant_id"


class JoinForm(forms.Form):
    code = forms.CharField(label=_("Kod"), max_length=20)
    name = forms.CharField(
        label=_("Förnamn (frivilligt)"),
        max_length=60,
        required=False,
        help_text=_("Du är anonym om du inte skriver något."),
    )

    def clean_code(self) -> Event:
        code = normalise_join_code(self.cleaned_data["code"])
        event = Event.objects.filter(join_code=code).first()
        if event is None:
            raise forms.ValidationError(
                _("Det finns inget evenemang med koden %(code)s.") % {"code": code}
            )
        if not event.join_open:
            raise forms.ValidationError(_("Evenemanget tar inte emot fler deltagare."))
        return event


def participant_for(request: HttpRequest) -> Participant | None:
    participant_id = request.session.get(SESSION_PARTICIPANT)
    if participant_id is None:
        return None
    return Participant.objects.select_related("event").filter(pk=participant_id).first()


def _join(request: HttpRequest, form: JoinForm) -> HttpResponse:
    event = form.cleaned_data["code"]
    participant = participant_for(request)
    if participant is None or participant.event_id != event.pk:
        participant = add_participant(event, form.cleaned_data["name"])
        request.session.cycle_key()
        request.session[SESSION_PARTICIPANT] = participant.pk
    return redirect("workshops:participant_home")


@require_http_methods(["GET", "POST"])
def home(request: HttpRequest) -> HttpResponse:
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _join(request, form)
    return render(request, "workshops/home.html", {"form": form})


@require_http_methods(["GET", "POST"])
def join_with_code(request: HttpRequest, code: str) -> HttpResponse:
    form = JoinForm(request.POST or None, initial={"code": normalise_join_code(code)})
    if request.method == "POST" and form.is_valid():
        return _join(request, form)
    return render(request, "workshops/home.html", {"form": form})


def participant_home(request: HttpRequest) -> HttpResponse:
    participant = participant_for(request)
    if participant is None:
        return redirect("workshops:home")
    return render(
        request,
        "workshops/participant_home.html",
        {"participant": participant, "event": participant.event},
    )
