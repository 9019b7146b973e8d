"""The organiser's pages for the day's content and its people: who may do what (members).

Owners only (workshops/access.py). Every change is a plain POST that redirects back (no
JavaScript needed); bad input shows the page again with the message at its field.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from changemakers.security import parse_number
from exercises import kinds
from exercises.kinds.placement.models import PlacementRound
from exercises.kinds.registry import kind_of
from exercises.models import Exercise, Role
from seating.forms import MAX_SIZE, MAX_TABLES, NumberField
from seating.models import GroupPlan, Seating
from seating.services import CORNER_RULES
from talks.models import Poll
from workshops import editing, services, workshop_file
from workshops.access import OWN, account_required, event_view, may_create_events
from workshops.loader import WorkshopFileError
from workshops.models import Event, Membership, ProgramItem


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


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=gettext_lazy("Roll"), choices=Membership.Role.choices)


def _members_page(request: HttpRequest, event: Event, form: MemberForm, status: int = 200):
    memberships = event.memberships.select_related("user")
    context = {
        "event": event,
        "form": form,
        "memberships": [
            (m, MemberRoleForm(initial={"role": m.role}, prefix=f"m{m.pk}")) for m in memberships
        ],
        "roles": Membership.Role,
    }
    return render(request, "editor/members.html", context, status=status)


@require_http_methods(["GET", "POST"])
@event_view(OWN)
def members(request: HttpRequest, event: Event) -> HttpResponse:
    """Who may do what with the event; an owner invites another account with a role."""
    if request.method == "GET":
        return _members_page(
            request, event, MemberForm(initial={"role": Membership.Role.FACILITATOR})
        )
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
            form = MemberRoleForm(request.POST, prefix=f"m{membership.pk}")
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
            messages.info(
                request, _("Programmet, rollerna och övningarna ändrar du under Dagens innehåll.")
            )
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


# --- The day's content: event, roles, program, polls, exercises ---


def _textarea(rows: int = 4):
    return forms.Textarea(attrs={"rows": rows})


class EventForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Titel"), required=False)
    subtitle = forms.CharField(label=gettext_lazy("Undertitel"), required=False)
    date = DayForm.base_fields["date"]
    place = forms.CharField(label=gettext_lazy("Plats"), required=False)
    introduction = forms.CharField(
        label=gettext_lazy("Inledning"), required=False, widget=_textarea(6)
    )
    roles_introduction = forms.CharField(
        label=gettext_lazy("Inledning till rollerna"), required=False, widget=_textarea()
    )


class RoleForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Namn"), required=False)
    description = forms.CharField(
        label=gettext_lazy("Beskrivning"), required=False, widget=_textarea()
    )


class NewRoleForm(RoleForm):
    key = forms.CharField(
        label=gettext_lazy("Nyckel"),
        required=False,
        help_text=gettext_lazy(
            "Till filen: a–z, 0–9 och bindestreck, t.ex. brobyggaren. Tomt: görs av namnet."
        ),
    )
    field_order = ["key", "name", "description"]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("key"):  # the file's word: one who never saw the file leaves it empty
            cleaned["key"] = slugify(cleaned.get("name") or "")
        return cleaned


class ItemForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Typ"), choices=ProgramItem.Kind.choices)
    title = forms.CharField(label=gettext_lazy("Titel"), required=False)
    part = forms.CharField(
        label=gettext_lazy("Del"),
        required=False,
        help_text=gettext_lazy("Rubriken för en del av dagen, t.ex. Del 1: Du som changemaker."),
    )
    part_subtitle = forms.CharField(label=gettext_lazy("Delens undertitel"), required=False)
    speakers = forms.CharField(
        label=gettext_lazy("Talare"),
        required=False,
        help_text=gettext_lazy("Skilj namnen åt med kommatecken."),
    )
    description = forms.CharField(
        label=gettext_lazy("Beskrivning"), required=False, widget=_textarea()
    )
    notes = forms.CharField(
        label=gettext_lazy("Dina anteckningar"),
        required=False,
        widget=_textarea(),
        help_text=gettext_lazy("Syns bara i konsolen (och i workshopfilen)."),
    )


class GroupsForm(forms.Form):
    """The item's table groups, as the file's `groups:` says them: the seating console's form
    starts from them while the day is at the item. No rule: no table groups at the item."""

    rule = forms.ChoiceField(
        label=gettext_lazy("Regel"),
        required=False,
        choices=[("", gettext_lazy("Inga bordsgrupper")), *Seating.Rule.choices],
    )
    size = NumberField(label=gettext_lazy("Personer per bord"), low=2, high=MAX_SIZE)
    tables = NumberField(label=gettext_lazy("…eller antal bord"), low=1, high=MAX_TABLES)
    names = forms.CharField(
        label=gettext_lazy("Bordens namn"),
        required=False,
        widget=_textarea(3),
        help_text=gettext_lazy("Ett per rad, i bordens ordning; resten heter Bord 3, Bord 4 …"),
    )
    round = forms.ChoiceField(
        label=gettext_lazy("Runda (för hörnen)"),
        required=False,
        help_text=gettext_lazy(
            "Hörnen från den rundan, för reglerna samma hörn och blandade hörn."
        ),
    )

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        rounds = PlacementRound.objects.filter(exercise__event=event).select_related("exercise")
        self.fields["round"].choices = [("", _("– välj –"))] + [
            (f"{r.exercise.key}:{r.key}", f"{r.exercise.label}: {r.label}") for r in rounds
        ]

    @staticmethod
    def initial_for(item: ProgramItem) -> dict:
        plan = GroupPlan.objects.filter(item=item).select_related("placement_round__exercise")
        plan = plan.first()
        if plan is None:
            return {}
        corners = plan.placement_round
        return {
            "rule": plan.rule,
            "size": plan.size or "",
            "tables": plan.tables or "",
            "names": "\n".join(plan.table_names),
            "round": f"{corners.exercise.key}:{corners.key}" if corners else "",
        }

    def clean(self):
        cleaned = super().clean()
        rest = ("size", "tables", "names", "round")
        if not cleaned.get("rule") and any(cleaned.get(name) for name in rest):
            self.add_error("rule", _("Välj en regel, eller töm fälten för bordsgrupper."))
        # The file says these too ("antingen size eller tables"), in its own terms.
        if cleaned.get("size") and cleaned.get("tables"):
            self.add_error("tables", _("Ange antingen personer per bord eller antal bord."))
        if cleaned.get("rule") in CORNER_RULES and not cleaned.get("round"):
            self.add_error("round", _("Välj vilken runda av hörnen som gäller."))
        return cleaned

    def spec(self) -> dict | None:
        """The file's `groups:` from the valid form; None for no table groups."""
        data = self.cleaned_data
        if not data["rule"]:
            return None
        exercise, _colon, round_key = data["round"].partition(":")
        names = [line.strip() for line in data["names"].splitlines() if line.strip()]
        spec = {
            "rule": data["rule"],
            "size": data["size"],
            "tables": data["tables"],
            "names": names,
            "round": round_key or None,
            "exercise": exercise or None,
        }
        return {key: value for key, value in spec.items() if value not in (None, [])}


class NewItemForm(forms.Form):
    kind = ItemForm.base_fields["kind"]
    title = forms.CharField(label=gettext_lazy("Titel"), required=False)


class PollForm(forms.Form):
    question = forms.CharField(label=gettext_lazy("Fråga"), required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Svar"), choices=Poll.Kind.choices)
    options = forms.CharField(
        label=gettext_lazy("Svarsalternativ"),
        required=False,
        widget=_textarea(),
        help_text=gettext_lazy("Ett per rad, 2–6 stycken (bara för svarsalternativ)."),
    )


class ExerciseForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Titel"), required=False)
    minutes = forms.IntegerField(label=gettext_lazy("Minuter"), required=False)
    instruction = forms.CharField(
        label=gettext_lazy("Instruktion"), required=False, widget=_textarea(6)
    )
    notes = ItemForm.base_fields["notes"]
    item = forms.TypedChoiceField(
        label=gettext_lazy("Programpunkt"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=(),
        help_text=gettext_lazy("Telefonerna får övningen när dagen når punkten."),
    )

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", _("– utanför programmet –"))] + [
            (item.pk, item.title) for item in event.program.all()
        ]
        self.event = event

    def clean_item(self):
        item_id = self.cleaned_data["item"]
        return self.event.program.get(pk=item_id) if item_id is not None else None


class NewExerciseForm(forms.Form):
    """A new exercise: its kind (every registered kind), title and programme item; its kind's
    own form then changes its starting part."""

    kind = forms.ChoiceField(label=gettext_lazy("Typ av övning"), choices=())
    title = forms.CharField(label=gettext_lazy("Övningens titel"), required=False)
    item = forms.TypedChoiceField(
        label=gettext_lazy("Programpunkt"),
        coerce=int,
        choices=(),
        error_messages={"required": gettext_lazy("Välj vilken programpunkt övningen hör till.")},
    )

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds.choices()
        self.fields["item"].choices = [("", _("– välj –"))] + [
            (item.pk, item.title) for item in event.program.all()
        ]
        self.event = event

    def clean_item(self):
        return self.event.program.get(pk=self.cleaned_data["item"])


def _at_fields(
    form: forms.Form, errors: list[tuple[str, str]], place: str, parts: dict | None = None
) -> None:
    """The file's errors at the form's fields: `program[2].title` at `title` for the form of
    program[2]; anything else above the form, with its place. `parts`: forms for parts of the
    place (`groups`: program[2].groups.size at that form's `size`)."""
    for where, message in errors:
        part = next((name for name in parts or {} if where.startswith(f"{place}.{name}")), None)
        if part is not None:
            _at_fields(parts[part], [(where, message)], f"{place}.{part}")
            continue
        field = where.removeprefix(place + ".").split(".")[0].split("[")[0]
        if where.startswith(place + ".") and field in form.fields:
            form.add_error(field, message)
        else:
            form.add_error(None, f"{where}: {message}" if where else message)


def _content_page(request: HttpRequest, event: Event, status: int = 200, **forms_given):
    roles = list(event.roles.all())
    context = {
        "event": event,
        "event_form": EventForm(initial={**vars(event), "date": event.date}),
        "roles": [(role, RoleForm(initial=vars(role), prefix=f"role{role.pk}")) for role in roles],
        "new_role_form": NewRoleForm(prefix="new-role"),
        "program": event.program.prefetch_related("exercises"),
        "new_item_form": NewItemForm(prefix="new-item"),
        "exercises": event.exercises.select_related("program_item"),
        "new_exercise_form": NewExerciseForm(event=event, prefix="new-exercise"),
    }
    context.update(forms_given)
    return render(request, "editor/content.html", context, status=status)


@require_http_methods(["GET"])
@event_view(OWN)
def content(request: HttpRequest, event: Event) -> HttpResponse:
    """Everything the file says, in forms: the event, roles, program and exercises."""
    return _content_page(request, event)


def _back(event: Event, anchor: str = "") -> HttpResponse:
    response = redirect("workshops:content", event.pk)
    response["Location"] += f"#{anchor}" if anchor else ""
    return response


def _edited(
    request: HttpRequest, form: forms.Form, place: str, save, message: str = "", parts=None
):
    """Save the valid form's change (`save(cleaned_data)`, which returns where to go next), or
    put the file's errors at the form's fields (`place`: the form's place in the file; `parts`:
    the forms posted with it for parts of that place, all valid too). None when the form is to
    be shown again; nothing is saved then."""
    if not all([form.is_valid(), *(part.is_valid() for part in (parts or {}).values())]):
        return None
    try:
        response = save(form.cleaned_data)
    except editing.EditInvalid as error:
        _at_fields(form, error.errors, place, parts)
        return None
    messages.success(
        request, message or _("Sparat. Telefonerna och projektorn visar ändringen direkt.")
    )
    return response


def _index(queryset, obj) -> int:
    return list(queryset.values_list("pk", flat=True)).index(obj.pk)


@require_POST
@event_view(OWN)
def edit_event(request: HttpRequest, event: Event) -> HttpResponse:
    form = EventForm(request.POST)

    def save(values):
        editing.update_event(event=event, values=values)
        return _back(event, "event")

    return _edited(request, form, "event", save) or _content_page(
        request, event, status=400, event_form=form
    )


@require_POST
@event_view(OWN)
def edit_role(request: HttpRequest, event: Event, role_id: int) -> HttpResponse:
    role = get_object_or_404(Role, pk=role_id, event=event)
    form = RoleForm(request.POST, prefix=f"role{role.pk}")

    def save(values):
        editing.update_role(event=event, role=role, **values)
        return _back(event, f"role-{role.pk}")

    if response := _edited(request, form, f"roles[{_index(event.roles, role)}]", save):
        return response
    roles = [
        (other, form if other == role else RoleForm(initial=vars(other), prefix=f"role{other.pk}"))
        for other in event.roles.all()
    ]
    return _content_page(request, event, status=400, roles=roles)


@require_POST
@event_view(OWN)
def add_role(request: HttpRequest, event: Event) -> HttpResponse:
    form = NewRoleForm(request.POST, prefix="new-role")

    def save(values):
        return _back(event, f"role-{editing.add_role(event=event, **values).pk}")

    return _edited(request, form, f"roles[{event.roles.count()}]", save) or _content_page(
        request, event, status=400, new_role_form=form
    )


@require_POST
@event_view(OWN)
def add_item(request: HttpRequest, event: Event) -> HttpResponse:
    form = NewItemForm(request.POST, prefix="new-item")

    def save(values):
        return _back(event, f"item-{editing.add_item(event=event, **values).pk}")

    return _edited(request, form, f"program[{event.program.count()}]", save) or _content_page(
        request, event, status=400, new_item_form=form
    )


@require_POST
@event_view(OWN)
def move_item(request: HttpRequest, event: Event, item_id: int) -> HttpResponse:
    """Up or down one place (direction=up|down: the buttons, by keyboard and without
    JavaScript), or to a place (position=N, 1 first: dropped there, static/js/program-order.js).
    The script's request (htmx's header) gets the words its page's live region says."""
    item = get_object_or_404(ProgramItem, pk=item_id, event=event)
    count = event.program.count()
    if "position" in request.POST:
        position = parse_number(request.POST["position"], low=1, high=count)
        if position is None:
            return HttpResponse(_("Okänd plats i programmet."), status=400)
    else:
        offset = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
        if offset is None:
            return HttpResponse(_("Okänd riktning."), status=400)
        position = min(max(editing.item_index(event, item) + 1 + offset, 1), count)
    position = editing.move_item_to(event=event, item=item, position=position)
    moved = _("%(title)s är nu punkt %(position)s av %(count)s.") % {
        "title": item.title,
        "position": position,
        "count": count,
    }
    if request.htmx:
        return HttpResponse(moved, content_type="text/plain; charset=utf-8")
    messages.success(request, moved)
    return _back(event, f"item-{item.pk}")


def _confirm_removal(request, event, item, lost: list[str], receipt: str) -> HttpResponse:
    """What removing the item takes with it, and the button that does it (none for the item
    under way). Asked again after a confirmation: more answers came meanwhile."""
    context = {
        "event": event,
        "item": item,
        "lost": lost,
        "receipt": receipt,
        "running": event.current_item_id == item.pk,
        "asked_again": request.POST.get("asked") == "1",
    }
    return render(request, "editor/remove_item.html", context)


@require_http_methods(["GET", "POST"])
@event_view(OWN)
def remove_item(request: HttpRequest, event: Event, item_id: int) -> HttpResponse:
    """Remove an item (POST). One with answers asks first, saying what would go with it; only
    the confirming POST (confirmed=its receipt) removes it and them."""
    item = get_object_or_404(ProgramItem, pk=item_id, event=event)
    if request.method == "GET":
        return _confirm_removal(request, event, item, *editing.removal_losses(item))
    try:
        editing.remove_item(event=event, item=item, confirmed=request.POST.get("confirmed", ""))
    except editing.RemovalNeedsConfirmation as needed:
        return _confirm_removal(request, event, item, needed.lost, needed.receipt)
    except editing.EditRefused as refusal:
        messages.error(request, str(refusal))
        return _back(event, f"item-{item.pk}")
    messages.success(request, _("Programpunkten %(title)s är borttagen.") % {"title": item.title})
    return _back(event, "program")


def _item_page(request, event, item, status=200, **forms_given):
    context = {
        "event": event,
        "item": item,
        "form": ItemForm(initial=vars(item)),
        "groups_form": GroupsForm(
            initial=GroupsForm.initial_for(item), event=event, prefix="groups"
        ),
        "polls": item.polls.prefetch_related("options"),
        "poll_form": PollForm(initial={"kind": Poll.Kind.CHOICE}, prefix="poll"),
        "new_exercise_form": NewExerciseForm(
            initial={"item": item.pk}, event=event, prefix="new-exercise"
        ),
    }
    context.update(forms_given)
    return render(request, "editor/item.html", context, status=status)


@require_http_methods(["GET", "POST"])
@event_view(OWN)
def edit_item(request: HttpRequest, event: Event, item_id: int) -> HttpResponse:
    item = get_object_or_404(ProgramItem, pk=item_id, event=event)
    if request.method == "GET":
        return _item_page(request, event, item)
    form = ItemForm(request.POST)
    groups_form = GroupsForm(request.POST, event=event, prefix="groups")

    def save(values):
        speakers = editing.speakers_from_text(values["speakers"])
        values = values | {"speakers": speakers}
        if groups_form.add_prefix("rule") in request.POST:  # a form without them keeps them
            values["groups"] = groups_form.spec()
        editing.update_item(event=event, item=item, values=values)
        return _back(event, f"item-{item.pk}")

    place = f"program[{_index(event.program, item)}]"
    parts = {"groups": groups_form}
    return _edited(request, form, place, save, parts=parts) or _item_page(
        request, event, item, status=400, form=form, groups_form=groups_form
    )


@require_POST
@event_view(OWN)
def add_poll(request: HttpRequest, event: Event, item_id: int) -> HttpResponse:
    item = get_object_or_404(ProgramItem, pk=item_id, event=event)
    form = PollForm(request.POST, prefix="poll")

    def save(values):
        options = [line.strip() for line in values["options"].splitlines() if line.strip()]
        editing.add_poll(
            event=event,
            item=item,
            question=values["question"],
            kind=values["kind"],
            options=options,
        )
        return redirect("workshops:edit_item", event.pk, item.pk)

    place = f"program[{_index(event.program, item)}].polls[{item.polls.count()}]"
    saved = _edited(request, form, place, save, message=_("Omröstningen är sparad."))
    return saved or _item_page(request, event, item, status=400, poll_form=form)


@require_POST
@event_view(OWN)
def remove_poll(request: HttpRequest, event: Event, item_id: int, poll_id: int) -> HttpResponse:
    poll = get_object_or_404(Poll, pk=poll_id, event=event, item_id=item_id)
    try:
        editing.remove_poll(event=event, poll=poll)
    except editing.EditRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Omröstningen är borttagen."))
    return redirect("workshops:edit_item", event.pk, item_id)


def _kind_form(exercise: Exercise, data=None):
    """The exercise's kind's own editor form, if the kind has one."""
    form_class = kind_of(exercise).editor_form
    return form_class(data, exercise=exercise, prefix="kind") if form_class else None


def _exercise_page(request, event, exercise, form=None, kind_form=None, status=200):
    context = {
        "event": event,
        "exercise": exercise,
        "form": form
        or ExerciseForm(initial={**vars(exercise), "item": exercise.program_item_id}, event=event),
        "kind_form": kind_form or _kind_form(exercise),
    }
    return render(request, "editor/exercise.html", context, status=status)


@require_http_methods(["GET", "POST"])
@event_view(OWN)
def edit_exercise(request: HttpRequest, event: Event, exercise_id: int) -> HttpResponse:
    exercise = get_object_or_404(Exercise, pk=exercise_id, event=event)
    if request.method == "GET":
        return _exercise_page(request, event, exercise)
    form = ExerciseForm(request.POST, event=event)

    def save(values):
        if "item" not in request.POST:  # a form without it keeps the exercise where it is
            values = {k: v for k, v in values.items() if k != "item"}
        editing.update_exercise(event=event, exercise=exercise, values=values)
        return _back(event, f"exercise-{exercise.pk}")

    place = f"exercises[{_index(event.exercises, exercise)}]"
    saved = _edited(request, form, place, save)
    return saved or _exercise_page(request, event, exercise, form=form, status=400)


@require_POST
@event_view(OWN)
def edit_exercise_kind(request: HttpRequest, event: Event, exercise_id: int) -> HttpResponse:
    """The kind's own part: its editor form, checked with the whole file; a change that would
    lose answers is refused with what it would lose."""
    exercise = get_object_or_404(Exercise, pk=exercise_id, event=event)
    form = _kind_form(exercise, request.POST)
    if form is None:
        raise Http404
    if form.is_valid():
        try:
            editing.update_exercise_kind(event=event, exercise=exercise, form=form)
        except editing.EditInvalid as error:
            place = f"exercises[{_index(event.exercises, exercise)}]."
            for where, message in error.errors:
                field = form.field_at(where.removeprefix(place))
                form.add_error(field, message if field else f"{where}: {message}")
        except editing.EditNeedsConfirmation as loss:
            form.add_error(None, _("%(loss)s Bekräfta längst ned för att spara.") % {"loss": loss})
            form.ask_confirmation(str(loss))
        except editing.EditRefused as refusal:
            form.refuse(str(refusal))
        else:
            messages.success(
                request, _("Sparat. Telefonerna och projektorn visar ändringen direkt.")
            )
            return redirect("workshops:edit_exercise", event.pk, exercise.pk)
    return _exercise_page(request, event, exercise, kind_form=form, status=400)


@require_POST
@event_view(OWN)
def add_exercise(request: HttpRequest, event: Event) -> HttpResponse:
    """A new exercise of any kind in a programme item; the organiser then lands on its page, to
    change its starting part with its kind's form. Posted from the content page or an item's
    page (`from_item`), which shows the form again with its errors."""
    form = NewExerciseForm(request.POST, event=event, prefix="new-exercise")

    def save(values):
        exercise = editing.add_exercise(event=event, **values)
        return redirect("workshops:edit_exercise", event.pk, exercise.pk)

    added = _(
        "Övningen är tillagd. Ändra den här; telefonerna får den när dagen når dess programpunkt."
    )
    place = f"exercises[{event.exercises.count()}]"
    if response := _edited(request, form, place, save, message=added):
        return response
    item_id = parse_number(request.POST.get("from_item", ""), low=1)
    item = event.program.filter(pk=item_id).first() if item_id else None
    if item is not None:
        return _item_page(request, event, item, status=400, new_exercise_form=form)
    return _content_page(request, event, status=400, new_exercise_form=form)


def _confirm_exercise_removal(request, event, exercise, lost, receipt) -> HttpResponse:
    context = {
        "event": event,
        "exercise": exercise,
        "lost": lost,
        "receipt": receipt,
        "running": exercise.is_open or event.current_exercise_id == exercise.pk,
        "asked_again": request.POST.get("asked") == "1",
    }
    return render(request, "editor/remove_exercise.html", context)


@require_http_methods(["GET", "POST"])
@event_view(OWN)
def remove_exercise(request: HttpRequest, event: Event, exercise_id: int) -> HttpResponse:
    """Remove an exercise (POST) with its answers: one with answers asks first, saying what
    would go; only the confirming POST (confirmed=its receipt) removes it and them."""
    exercise = get_object_or_404(Exercise, pk=exercise_id, event=event)
    if request.method == "GET":
        lost, receipt = editing.exercise_removal_losses(exercise)
        return _confirm_exercise_removal(request, event, exercise, lost, receipt)
    confirmed = request.POST.get("confirmed", "")
    try:
        editing.remove_exercise(event=event, exercise=exercise, confirmed=confirmed)
    except editing.RemovalNeedsConfirmation as needed:
        return _confirm_exercise_removal(request, event, exercise, needed.lost, needed.receipt)
    except editing.EditInvalid as error:  # the rest of the day refers to it
        where = "; ".join(f"{place}: {message}" for place, message in error.errors)
        messages.error(
            request,
            _("%(label)s används av annat i dagen och är inte borttagen (%(where)s).")
            % {"label": exercise.label, "where": where},
        )
        return _back(event, f"exercise-{exercise.pk}")
    except editing.EditRefused as refusal:
        messages.error(request, str(refusal))
        return _back(event, f"exercise-{exercise.pk}")
    messages.success(request, _("%(label)s är borttagen.") % {"label": exercise.label})
    return _back(event, "exercises")
