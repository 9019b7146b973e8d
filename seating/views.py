"""The console's page for table groups: form them for a programme item, look at the preview,
form them again, move one person, send them. Every action is a plain POST that redirects back
to the page (htmx, where it runs, swaps the page's main part from that response); the rules are
in seating.services."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from seating import services
from seating.forms import MoveForm, TablesForm
from seating.models import Seating
from workshops.access import RUN, SEE, event_view
from workshops.models import Event
from workshops.presenters import participant_for


def _page(request: HttpRequest, event: Event, form=None, move_form=None, status=200):
    seating = services.preview(event) or services.current_seating(event)
    if form is None:
        form = TablesForm(event, initial=_initial(event, seating))
    if move_form is None and seating is not None:
        move_form = MoveForm(seating)
    context = {
        "event": event,
        "form": form,
        "move_form": move_form,
        "seating": seating,
        "tables": services.table_views(seating, members=True) if seating else [],
        "shown": services.shown_seating(event),
        "may_run": request.access.allows(RUN),  # a moderator sees the tables, makes none
    }
    # htmx swaps only a 2xx: a form with errors comes back as 200 to it, 400 to a plain post.
    return render(request, "seating/console.html", context, status=200 if request.htmx else status)


def _initial(event: Event, seating: Seating | None) -> dict:
    """The form starts from the tables last formed for the current item, else from the item's
    plan in the workshop file, else mixed roles at tables of five."""
    item = event.current_item
    if seating is not None and seating.item_id in (None, getattr(item, "pk", None)):
        return {
            "item": seating.item or item,
            "rule": seating.rule,
            "size": seating.size or "",
            "tables": "" if seating.size else seating.tables.count(),
            "placement_round": seating.placement_round,
        }
    plan = services.plan_of(item)
    if plan is not None:
        return {
            "item": item,
            "rule": plan.rule,
            "size": plan.size or ("" if plan.tables else services.DEFAULT_SIZE),
            "tables": plan.tables or "",
            "placement_round": plan.placement_round,
        }
    return {"item": item, "rule": Seating.Rule.MIXED_ROLES, "size": services.DEFAULT_SIZE}


def _back(event: Event) -> HttpResponse:
    return redirect("seating:console", event.pk)


@require_GET
@event_view(SEE)
def console(request: HttpRequest, event: Event) -> HttpResponse:
    return _page(request, event)


@require_POST
@event_view(RUN)
def form_tables(request: HttpRequest, event: Event) -> HttpResponse:
    form = TablesForm(event, request.POST)
    if not form.is_valid():
        return _page(request, event, form=form, status=400)
    services.form_tables(
        event=event,
        rule=form.cleaned_data["rule"],
        size=form.cleaned_data["size"],
        tables=form.cleaned_data["tables"],
        placement_round=form.cleaned_data["placement_round"],
        item=form.cleaned_data["item"],
    )
    return _back(event)


def _seating(event: Event, seating_id: int) -> Seating:
    return get_object_or_404(Seating.objects.select_related("event"), event=event, pk=seating_id)


@require_POST
@event_view(RUN)
def form_again(request: HttpRequest, event: Event, seating_id: int) -> HttpResponse:
    seating = _seating(event, seating_id)
    services.form_again(seating=seating)
    return _back(seating.event)


@require_POST
@event_view(RUN)
def send(request: HttpRequest, event: Event, seating_id: int) -> HttpResponse:
    seating = _seating(event, seating_id)
    if seating.sent_at is None:
        services.send_tables(seating=seating)
    return _back(seating.event)


@require_POST
@event_view(RUN)
def move(request: HttpRequest, event: Event, seating_id: int) -> HttpResponse:
    seating = _seating(event, seating_id)
    form = MoveForm(seating, request.POST)
    if not form.is_valid():
        return _page(request, seating.event, move_form=form, status=400)
    services.move(
        seating=seating,
        participant=form.cleaned_data["participant"],
        table=form.cleaned_data["table"],
    )
    return _back(seating.event)


@require_GET
def phone_table(request: HttpRequest) -> HttpResponse:
    """The phone's table card (htmx: fetched when a pushed step says tables changed)."""
    participant = participant_for(request)
    if participant is None:
        return redirect("workshops:home")
    return render(request, "seating/phone.html", {"participant": participant})
