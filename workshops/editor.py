"""The organiser's pages for the day's content and its people: who may do what (members).

Owners only (workshops/access.py). Every change is a plain POST that redirects back (no
JavaScript needed); bad input shows the page again with the message at its field.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from workshops import services, workshop_file
from workshops.access import OWN, account_required, event_view, may_create_events
from workshops.loader import WorkshopFileError
from workshops.models import Event, Membership


class MemberForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("Användarnamn"), max_length=150)
    role = forms.ChoiceField(label=gettext_lazy("Roll"), choices=Membership.Role.choices)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        user = get_user_model()._default_manager.filter(username=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(
                _("Det finns inget konto med användarnamnet %(name)s.") % {"name": username}
            )
        self.cleaned_data["user"] = user
        return username


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=gettext_lazy("Roll"), choices=Membership.Role.choices)


def _members_page(request: HttpRequest, event: Event, form: MemberForm, status: int = 200):
    memberships = event.memberships.select_related("user")
    context = {
        "event": event,
        "form": form,
        "memberships": [
            (m, RoleForm(initial={"role": m.role}, prefix=f"m{m.pk}")) for m in memberships
        ],
        "roles": Membership.Role,
    }
    return render(request, "editor/members.html", context, status=status)


@require_http_methods(["GET", "POST"])
@event_view(OWN)
def members(request: HttpRequest, event: Event) -> HttpResponse:
    """Who may do what with the event; an owner invites another account with a role."""
    if request.method == "GET":
        return _members_page(request, event, MemberForm())
    form = MemberForm(request.POST)
    if not form.is_valid():
        return _members_page(request, event, form, status=400)
    user = form.cleaned_data["user"]
    try:
        membership = services.set_member(event=event, user=user, role=form.cleaned_data["role"])
    except services.LastOwnerError:
        form.add_error("role", _("Evenemanget behöver minst en ägare."))
        return _members_page(request, event, form, status=400)
    messages.success(
        request,
        _("%(user)s är nu %(role)s.")
        % {"user": user.get_username(), "role": membership.get_role_display().lower()},
    )
    return redirect("workshops:members", event.pk)


@require_POST
@event_view(OWN)
def member(request: HttpRequest, event: Event, membership_id: int) -> HttpResponse:
    """Change a member's role (role=…) or remove them (remove=1)."""
    membership = get_object_or_404(Membership, pk=membership_id, event=event)
    name = membership.user.get_username()
    try:
        if request.POST.get("remove") == "1":
            services.remove_member(event=event, membership=membership)
            messages.success(request, _("%(user)s har inte längre tillgång.") % {"user": name})
        else:
            form = RoleForm(request.POST, prefix=f"m{membership.pk}")
            if not form.is_valid():
                messages.error(request, _("Välj en roll."))
                return redirect("workshops:members", event.pk)
            services.set_member(event=event, user=membership.user, role=form.cleaned_data["role"])
            messages.success(request, _("Rollen för %(user)s är ändrad.") % {"user": name})
    except services.LastOwnerError:
        messages.error(request, _("Evenemanget behöver minst en ägare."))
    return redirect("workshops:members", event.pk)


# --- New days: from a template, or a copy of an event for its next date ---


class DayForm(forms.Form):
    """What a new day needs beyond its content: title, date and place (a new slug follows)."""

    title = forms.CharField(label=gettext_lazy("Titel"), max_length=200)
    date = forms.DateField(
        label=gettext_lazy("Datum"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": gettext_lazy("Ange ett datum som ÅÅÅÅ-MM-DD.")},
    )
    place = forms.CharField(label=gettext_lazy("Plats"), max_length=200, required=False)


class NewDayForm(DayForm):
    template = forms.ChoiceField(label=gettext_lazy("Börja från"), choices=())
    field_order = ["template", "title", "date", "place"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = workshop_file.templates()


def _new_day_page(request: HttpRequest, form: forms.Form, template: str, context: dict, make):
    """Make the day from the valid form (`make(cleaned_data)`) and go to its console, or show
    the form again with each error at its field (nothing is saved then)."""
    if form.is_valid():
        try:
            event = make(form.cleaned_data)
        except WorkshopFileError as error:
            for line in str(error).splitlines():
                form.add_error(None, line)
        else:
            messages.success(request, _("Evenemanget %(event)s är skapat.") % {"event": event})
            return redirect("workshops:console", event.pk)
    status = 400 if form.is_bound else 200
    return render(request, template, {"form": form, **context}, status=status)


@require_http_methods(["GET", "POST"])
@account_required
def new_day(request: HttpRequest) -> HttpResponse:
    """A new day from a shipped day or an empty one; the account that makes it owns it."""
    if not may_create_events(request.user):
        raise PermissionDenied
    form = NewDayForm(request.POST if request.method == "POST" else None)

    def make(data):
        return workshop_file.new_day(
            data=workshop_file.template_data(data["template"]),
            title=data["title"],
            date=data["date"],
            place=data["place"],
            owner=request.user,
        )

    return _new_day_page(request, form, "editor/new_day.html", {}, make)


@require_http_methods(["GET", "POST"])
@event_view(OWN)
def duplicate(request: HttpRequest, event: Event) -> HttpResponse:
    """A copy of the event's content (never its answers) for another date."""
    if not may_create_events(request.user):
        raise PermissionDenied
    initial = {"title": event.title, "place": event.place}
    form = DayForm(request.POST if request.method == "POST" else None, initial=initial)

    def make(data):
        return workshop_file.duplicate(
            event=event,
            title=data["title"],
            date=data["date"],
            place=data["place"],
            owner=request.user,
        )

    return _new_day_page(request, form, "editor/duplicate.html", {"event": event}, make)
