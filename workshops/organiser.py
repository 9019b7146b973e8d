"""The organisers' pages: compiled results, downloads, the share link and deleting answers.

Organisers are logged-in staff. Answers and names pass through these views but are never
logged: the views take no free text, and their local variables are kept out of error reports.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from exercises.kinds.registry import answered_counts
from workshops import exports, pdf, services
from workshops.access import OWN, RESULTS, event_view
from workshops.models import Event
from workshops.report import report_context
from workshops.workshop_file import workshop_yaml

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class DownloadForm(forms.Form):
    names = forms.TypedChoiceField(
        label=gettext_lazy("Ta med förnamn"),
        choices=[("0", "0"), ("1", "1")],
        coerce=lambda value: value == "1",
        required=False,
        empty_value=False,
    )


class ShareForm(forms.Form):
    enabled = forms.TypedChoiceField(
        choices=[("0", "0"), ("1", "1")], coerce=lambda value: value == "1"
    )


class DeleteForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy("Jag förstår att svaren och deltagarna raderas för gott."),
        error_messages={"required": gettext_lazy("Kryssa i rutan för att bekräfta.")},
    )


def _include_names(request: HttpRequest) -> bool | None:
    form = DownloadForm(request.GET)
    return form.cleaned_data["names"] if form.is_valid() else None


def _bad_names() -> HttpResponse:
    return HttpResponseBadRequest(
        _("Ogiltigt värde för namn: använd names=1 eller utelämna det."),
        content_type="text/plain; charset=utf-8",
    )


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    return HttpResponse(
        content,
        content_type=content_type,
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )


def share_url(request: HttpRequest, event: Event) -> str:
    path = reverse("workshops:shared_results", args=[event.share_token])
    return settings.SITE_URL + path if settings.SITE_URL else request.build_absolute_uri(path)


@require_GET
@event_view(RESULTS)
def results_overview(request: HttpRequest, event: Event) -> HttpResponse:
    answered = answered_counts(event)
    return render(
        request,
        "organiser/results.html",
        {
            "event": event,
            "exercises": [(e, answered.get(e.pk, 0)) for e in exports.exported_exercises(event)],
            "participant_count": event.participants.count(),
            "pdf_available": pdf.available(),
            "share_url": share_url(request, event),
        },
    )


@require_GET
@event_view(RESULTS)
@sensitive_variables()
def workbook(request: HttpRequest, event: Event) -> HttpResponse:
    if (names := _include_names(request)) is None:
        return _bad_names()
    content = exports.workbook(event, include_names=names)
    return _download(content, f"{event.slug}-resultat.xlsx", XLSX_TYPE)


@require_GET
@event_view(RESULTS)
@sensitive_variables()
def exercise_csv(request: HttpRequest, event: Event, exercise_key: str) -> HttpResponse:
    exercise = get_object_or_404(event.exercises, key=exercise_key, kind__in=exports.EXPORTED_KINDS)
    if (names := _include_names(request)) is None:
        return _bad_names()
    content = exports.csv_bytes(exercise, include_names=names)
    return _download(content, f"{event.slug}-{exercise.key}.csv", "text/csv; charset=utf-8")


@require_GET
@event_view(RESULTS)
@sensitive_variables()
def report(request: HttpRequest, event: Event) -> HttpResponse:
    context = report_context(event) | {"pdf_available": pdf.available()}
    return render(request, "organiser/report.html", context)


@require_GET
@event_view(RESULTS)
@sensitive_variables()
def report_pdf(request: HttpRequest, event: Event) -> HttpResponse:
    html = render_to_string("organiser/report.html", report_context(event) | {"pdf": True})
    try:
        content = pdf.render(html)
    except pdf.PdfUnavailable:
        return render(request, "organiser/pdf_unavailable.html", {"event": event}, status=503)
    return _download(content, f"{event.slug}-sammanstallning.pdf", "application/pdf")


@require_GET
@event_view(RESULTS)
def workshop_file(request: HttpRequest, event: Event) -> HttpResponse:
    """The day's content as a workshop file, to keep, edit or load again."""
    content = workshop_yaml(event).encode()
    return _download(content, f"{event.slug}.yaml", "application/yaml; charset=utf-8")


@require_POST
@event_view(OWN)
def share(request: HttpRequest, event: Event) -> HttpResponse:
    form = ShareForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Ogiltigt val."), content_type="text/plain; charset=utf-8")
    event.share_enabled = form.cleaned_data["enabled"]
    event.save(update_fields=["share_enabled"])
    if event.share_enabled:
        messages.success(request, _("Delningslänken är på."))
    else:
        messages.success(request, _("Delningslänken är av. Den som har länken ser inget längre."))
    return redirect("workshops:organiser_results", event_id=event.pk)


@require_http_methods(["GET", "POST"])
@event_view(OWN)
def delete_answers(request: HttpRequest, event: Event) -> HttpResponse:
    form = DeleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            participants = event.participants.count()
            services.delete_participants(event=event)
        messages.success(
            request,
            _("Raderat: %(participants)s deltagare och alla deras svar.")
            % {"participants": participants},
        )
        return redirect("workshops:organiser_results", event_id=event.pk)
    return render(
        request,
        "organiser/delete.html",
        {
            "event": event,
            "form": form,
            "participants": event.participants.count(),
            "deleted": services.participants_deletion(event=event),
        },
    )


@never_cache
@require_GET
@sensitive_variables()
def shared_results(request: HttpRequest, token: str) -> HttpResponse:
    """The participants' read-only results: the report without any personal data."""
    event = get_object_or_404(Event, share_token=token, share_enabled=True)
    return render(request, "organiser/shared.html", report_context(event))
