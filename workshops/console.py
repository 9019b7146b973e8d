"""The facilitator's console: the events, creating one from a workshop file, and driving the day.

Every action is a plain POST (CSRF-protected, staff only) that redirects back to the console;
with htmx it returns the console's `live` fragment instead. The change and its push are one call
to workshops.services; what the console shows is workshops.presenters.console_context.
"""

import math
from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from changemakers.security import parse_id
from exercises.models import Exercise, Role
from workshops import ratelimit, services
from workshops.access import (
    MODERATE,
    RUN,
    SEE,
    access_to,
    account_required,
    event_view,
    events_for,
    may_create_events,
)
from workshops.loader import (
    DATA_DIR,
    WorkshopFileError,
    load_workshop,
    old_name_notes,
    parse_workshop_bytes,
    read_workshop_file,
)
from workshops.models import Event, ProgramItem
from workshops.presenters import console_context, moderation_page

CONSOLE_LIVE = "workshops/console.html#live"
UPLOAD_LIMIT = 1_000_000


# --- Login, throttled per client address and username (see workshops/ratelimit.py) ---


class ThrottledLoginMixin:
    """For an AuthenticationForm: a client that keeps trying waits, longer and longer; the
    password is not even checked while it waits, unless the account's reserve code comes with
    it (printed by `make run`: a guesser behind the facilitator's address cannot lock them out).
    Other clients log in as usual."""

    show_code = False  # the reserve code's field, once this client is refused

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"] = forms.CharField(
            label=_("Reservkod"),
            help_text=_(
                "Den skrevs ut när servern startade (make run). Med den kommer rätt "
                "lösenord in även när inloggningen är spärrad."
            ),
            required=False,
            max_length=40,
        )
        self.show_code = bool(self.data.get("code"))

    def reserve_code_fits(self, username: str) -> bool:
        user = get_user_model()._default_manager.filter(username=username).first()
        return user is not None and ratelimit.is_login_code(user, self.data.get("code") or "")

    def clean(self):
        username = (self.cleaned_data.get("username") or "").strip()
        counted = not username or ratelimit.count_login_try(self.request, username)
        if not counted and not self.reserve_code_fits(username):
            self.show_code = True
            minutes = math.ceil(max(ratelimit.login_wait(self.request, username), 1) / 60)
            raise forms.ValidationError(
                ngettext(
                    "För många misslyckade inloggningar. Vänta %(minutes)d minut och försök igen.",
                    "För många misslyckade inloggningar. Vänta %(minutes)d minuter och försök igen.",
                    minutes,
                )
                % {"minutes": minutes},
                code="throttled",
            )
        cleaned = super().clean()  # raises for a wrong password: the try stays counted
        if counted and username:
            # Right: its tries are forgotten, so that the facilitator's own logins (console,
            # projector, a second laptop behind one address) never add up. Not after the reserve
            # code: that would give the guesser it got past a fresh set of tries.
            ratelimit.forget_login_tries(self.request, username)
        return cleaned


class ThrottledAuthenticationForm(ThrottledLoginMixin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass


class LoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm

    def form_valid(self, form):
        response = super().form_valid(form)
        ratelimit.remember_login_device(self.request, response, form.get_user().get_username())
        return response


# --- Events ---


def workshop_files() -> list[tuple[str, str]]:
    return [(path.name, path.name) for path in sorted(Path(DATA_DIR).glob("*.yaml"))]


class EventCreateForm(forms.Form):
    workshop_file = forms.ChoiceField(label=_("Workshopfil"), required=False, choices=())
    upload = forms.FileField(
        label=_("…eller ladda upp en workshopfil (YAML)"),
        required=False,
        help_text=_(
            "En YAML-fil med samma delar som filerna i listan ovan: event, roles, program och "
            "exercises. Är något fel visas varje fel här, med fältets namn och plats i filen."
        ),
    )
    slug = forms.SlugField(
        label=_("Kortnamn (frivilligt)"),
        required=False,
        max_length=80,
        help_text=_("Behövs för att skapa ett andra evenemang ur samma fil."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workshop_file"].choices = [("", _("– välj –")), *workshop_files()]

    def clean(self):
        cleaned = super().clean()
        upload, name = cleaned.get("upload"), cleaned.get("workshop_file")
        if upload and upload.size > UPLOAD_LIMIT:
            self.add_error("upload", _("Filen är för stor (högst 1 MB)."))
        elif upload:
            try:
                cleaned["data"] = parse_workshop_bytes(upload.read())
            except WorkshopFileError as error:
                self.add_error("upload", str(error))
                return cleaned
            cleaned["source"] = upload.name[:200]
        elif name:
            try:
                cleaned["data"] = read_workshop_file(Path(DATA_DIR) / name)
            except WorkshopFileError as error:
                self.add_error("workshop_file", str(error))
            cleaned["source"] = name
        else:
            self.add_error("workshop_file", _("Välj en workshopfil eller ladda upp en."))
        return cleaned


def _event_list(request: HttpRequest, form: EventCreateForm | None, status: int = 200):
    events = events_for(request.user)
    if not may_create_events(request.user) and not events.exists():
        raise PermissionDenied(
            _(
                "Ditt konto (%(username)s) har inga evenemang än. Be ägaren av ett evenemang "
                "att bjuda in dig under Vem får göra vad, och ladda sedan om sidan."
            )
            % {"username": request.user.get_username()}
        )
    rows = [(event, access_to(request.user, event)) for event in events]
    context = {"events": rows, "form": form if may_create_events(request.user) else None}
    return render(request, "workshops/event_list.html", context, status=status)


@require_GET
@account_required
def event_list(request: HttpRequest) -> HttpResponse:
    """The account's events (every event for an administrator), and making a new one."""
    return _event_list(request, EventCreateForm())


@require_POST
@account_required
def event_create(request: HttpRequest) -> HttpResponse:
    if not may_create_events(request.user):
        raise PermissionDenied
    form = EventCreateForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            event, created = load_workshop(
                form.cleaned_data["data"], form.cleaned_data["slug"], owner=request.user
            )
        except WorkshopFileError as error:
            for line in str(error).splitlines():
                form.add_error(None, line)
        else:
            if created:
                Event.objects.filter(pk=event.pk).update(source_file=form.cleaned_data["source"])
                messages.success(request, _("Evenemanget %(event)s är skapat.") % {"event": event})
                for note in old_name_notes(form.cleaned_data["data"]):
                    messages.info(request, note)
            elif access_to(request.user, event).allows(SEE):
                messages.info(
                    request,
                    _(
                        "Det här är %(event)s, som fanns redan från den filen. En ny dag ur den: "
                        "Kopiera till ny dag i evenemangslistan, eller välj filen igen med ett "
                        "kortnamn."
                    )
                    % {"event": event},
                )
            else:  # someone else's day: its console would be a 403
                form.add_error(
                    "slug",
                    _(
                        "Det finns redan ett evenemang från den här filen. Skriv ett kortnamn "
                        "för det nya (a–z, 0–9 och bindestreck) och välj filen igen."
                    ),
                )
                return _event_list(request, form, status=400)
            return redirect("workshops:console", event.pk)
    return _event_list(request, form, status=400)


# --- The console ---


@require_GET
@event_view(SEE)
def console(request: HttpRequest, event: Event) -> HttpResponse:
    template = CONSOLE_LIVE if request.htmx else "workshops/console.html"
    return render(request, template, _console_context(request, event))


def _console_context(request: HttpRequest, event: Event) -> dict:
    """What the console shows, with the controls the account's role may use."""
    return console_context(event, _base(request)) | {"access": request.access}


def _base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _done(request: HttpRequest, event: Event) -> HttpResponse:
    """After an action: the console again (PRG), or its live fragment for htmx."""
    if request.htmx:
        event.refresh_from_db()
        return render(request, CONSOLE_LIVE, _console_context(request, event))
    return redirect("workshops:console", event.pk)


@require_POST
@event_view(RUN)
def console_move(request: HttpRequest, event: Event) -> HttpResponse:
    """Make any program item "now" (POST item=<id>)."""
    item = get_object_or_404(ProgramItem, event=event, pk=parse_id(request.POST.get("item")) or 0)
    services.go_to(event=event, item=item)
    return _done(request, event)


@require_POST
@event_view(RUN)
def console_next(request: HttpRequest, event: Event) -> HttpResponse:
    """Move to the item after the current one (the first, before the day starts)."""
    if not services.go_next(event=event):
        messages.info(request, _("Dagen är redan vid sista programpunkten."))
    return _done(request, event)


@require_POST
@event_view(RUN)
def exercise_action(request: HttpRequest, event: Event, exercise_id: int, action: str):
    exercise = get_object_or_404(Exercise, event=event, pk=exercise_id)
    if action not in services.EXERCISE_ACTIONS:
        return HttpResponse(_("Okänd åtgärd."), status=404)
    services.exercise_action(event=event, exercise=exercise, action=action)
    return _done(request, event)


class ProjectorForm(forms.Form):
    view = forms.ChoiceField(label=_("Projektorn visar"), choices=Event.ProjectorView.choices)
    target = forms.CharField(label=_("Övning eller roll"), required=False, max_length=80)

    def __init__(self, event: Event, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event

    def clean(self):
        cleaned = super().clean()
        view, target = cleaned.get("view"), cleaned.get("target", "")
        if view == Event.ProjectorView.RESULTS:
            # "ovning-3:chefer" shows one of Övning 3's tip lists.
            key, _sep, tip_list = target.partition(":")
            exercise = self.event.exercises.filter(key=key).first()
            if exercise is None:
                self.add_error("target", _("Välj en övning."))
            elif tip_list and not exercise.tip_lists.filter(key=tip_list).exists():
                self.add_error("target", _("Välj en tipslista."))
        elif view == Event.ProjectorView.ROLE:
            if not Role.objects.filter(event=self.event, key=target).exists():
                self.add_error("target", _("Välj en roll."))
        else:
            cleaned["target"] = ""
        return cleaned


@require_POST
@event_view(RUN)
def console_projector(request: HttpRequest, event: Event) -> HttpResponse:
    """Choose what the projector shows (POST view=..., target=exercise or role key)."""
    form = ProjectorForm(event, request.POST)
    if not form.is_valid():
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(request, errors)
        return _done(request, event) if not request.htmx else HttpResponse(errors, status=400)
    services.set_projector(
        event=event, view=form.cleaned_data["view"], target=form.cleaned_data["target"]
    )
    return _done(request, event)


@require_POST
@event_view(MODERATE)
def moderate(request: HttpRequest, event: Event, kind: str, pk: int, action: str):
    """Hide a postcard or reflection from the projector, show it again, feature it or not."""
    if action not in services.MODERATION_ACTIONS:
        return HttpResponse(_("Okänd åtgärd."), status=404)
    item = services.moderated_item(event=event, kind=kind, pk=pk)
    if item is None:
        return HttpResponse(_("Okänd åtgärd."), status=404)
    services.moderate(event=event, item=item, action=action)
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        return redirect(f"{back}#{kind}-{item.pk}")  # the moderation page, at the same answer
    return _done(request, event)


@require_GET
@event_view(SEE)
def moderation(request: HttpRequest, event: Event, exercise_key: str) -> HttpResponse:
    """Every written answer of an exercise, a page at a time: the console shows the newest."""
    exercise = get_object_or_404(Exercise, event=event, key=exercise_key)
    group, page = moderation_page(event, exercise, request.GET.get("sida"))
    return render(
        request,
        "workshops/moderation.html",
        {"event": event, "group": group, "page": page, "next": request.get_full_path()},
    )
