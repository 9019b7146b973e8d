"""The organiser's pages for the day's content and its people: who may do what (members).

Owners only (workshops/access.py). Every change is a plain POST that redirects back (no
JavaScript needed); bad input shows the page again with the message at its field.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from workshops import services
from workshops.access import OWN, event_view
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
