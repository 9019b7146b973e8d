"""Presenters: what a screen shows, computed from the database. The HTTP views and the
WebSocket consumers both render from these; they sit between the services (which write and
push) and the views/consumers (which parse requests and pick templates)."""

from dataclasses import dataclass, field

import segno
from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils.translation import gettext as _

from exercises.answers import answer_context
from exercises.kinds import registry
from exercises.kinds.registry import answered_count, answered_counts, kind_of
from exercises.models import Exercise, Role
from workshops import live, network
from workshops.models import Event, Participant, ProgramItem
from workshops.templatetags.content_lang import content_lang

# The console shows the newest few written answers of each exercise and counts the rest; all of
# them are on the moderation page, a page at a time. A pushed console frame stays the same size
# however many participants write (issue 19).
CONSOLE_NEWEST = 4
MODERATION_PAGE = 25

SESSION_PARTICIPANT = "participant_id"


def participant_for(request: HttpRequest) -> Participant | None:
    participant_id = request.session.get(SESSION_PARTICIPANT)
    if participant_id is None:
        return None
    return Participant.objects.select_related("event").filter(pk=participant_id).first()


def exercise_context(
    request: HttpRequest, participant: Participant, exercise: Exercise, saved=None
) -> dict:
    """What the exercise's body needs; used by its page and by the phone's "now" section;
    `saved`: the answer just stored (exercises.answers.save_answer)."""
    return answer_context(participant, exercise, saved, query=request.GET)


def phone_context(request: HttpRequest, participant: Participant) -> dict:
    """The phone's page: the day's step, and the current exercise's body."""
    event = participant.event
    context = {"participant": participant, "event": event}
    if event.current_exercise:
        context.update(exercise_context(request, participant, event.current_exercise))
    return context


class PreviewOnly(RuntimeError):
    """Something tried to save a preview's stand-in: the running day is never changed by it."""


def _refuse_save(*args, **kwargs):
    raise PreviewOnly("a preview is never saved")


def step_preview(event: Event, item: ProgramItem, exercise: Exercise | None) -> Event:
    """The event as phones and the projector would have it at the item (and its exercise), for
    the editor's preview: a fresh, unsaved copy (its `save` refuses), the projector on the step,
    and an exercise not yet opened shown open, as going to the step opens it (Event.go_to). The
    running day (its step, the exercise's status) is not touched and nothing is pushed."""
    preview = Event.objects.get(pk=event.pk)
    if exercise is not None:
        exercise = Exercise.objects.get(pk=exercise.pk)
        if exercise.status == Exercise.Status.DRAFT:
            exercise.status = Exercise.Status.OPEN
        exercise.save = _refuse_save
    preview.current_item, preview.current_exercise = item, exercise
    preview.projector_view = Event.ProjectorView.STEP
    preview.save = _refuse_save
    return preview


def preview_phone_context(request: HttpRequest, preview: Event) -> dict:
    """What a phone that has answered nothing shows at the preview's step (phone_context for
    nobody: a stand-in participant with no row, so every lookup of its answers finds none)."""
    nobody = Participant(pk=0, event=preview, number=0)
    nobody.save = _refuse_save
    return phone_context(request, nobody)


def join_url(event: Event, base: str) -> str:
    """What phones open: SITE_URL, else this server as the projector reached it, with a
    loopback address (the laptop's own browser) swapped for the laptop's LAN address."""
    return f"{settings.SITE_URL or network.reachable_base(base)}{event.join_path()}"


def url_parts(url: str) -> list[str]:
    """ "http://192.168.1.20:8000/delta/NQGUQY/" as the pieces the projector may wrap between:
    after a slash only, never inside the code (nor between the scheme's two slashes)."""
    scheme, separator, rest = url.partition("://")
    if not separator:
        return url.split("/")
    parts = rest.split("/")
    return [scheme + separator + parts[0], *parts[1:]]


def qr_svg(url: str) -> str:
    """The join URL as an inline SVG QR code (no size: CSS sizes it)."""
    return segno.make(url, error="m").svg_inline(
        scale=1, border=2, omitsize=True, dark="#1d2421", light="#ffffff"
    )


def exercise_results(exercise: Exercise, part: str = "") -> dict:
    """What the projector shows for an exercise's results, and the partial that draws them.
    `part` narrows it down (Övning 3: one tip list's key)."""
    kind = kind_of(exercise)
    return {"results_partial": kind.projector_partial, **kind.projector_results(exercise, part)}


def projector_context(event: Event, base: str = "") -> dict:
    view = event.projector_view
    context: dict = {"event": event, "view": view, "joined": event.participants.count()}
    if view == Event.ProjectorView.JOIN:
        url = join_url(event, base)
        context.update(join_url=url, join_url_parts=url_parts(url), qr=qr_svg(url))
    elif view == Event.ProjectorView.STEP:
        exercise = event.current_exercise
        context.update(
            item=event.current_item,
            exercise=exercise,
            questions=exercise.prompts_in("questions") if exercise else [],
        )
    elif view == Event.ProjectorView.RESULTS:
        exercise, part = _results_shown(event)
        context["exercise"] = exercise
        if exercise is not None:
            context["answered"] = answered_count(exercise) or 0
            if exercise.results_visible:
                context.update(exercise_results(exercise, part))
    elif view in {Event.ProjectorView.POSTCARDS, Event.ProjectorView.SCENARIOS}:
        exercise = registry.wall_exercise(event)
        context["exercise"] = exercise
        if exercise is not None:
            cards = view != Event.ProjectorView.SCENARIOS
            context.update(kind_of(exercise).wall(exercise, cards=cards))
    elif view == Event.ProjectorView.ROLE:
        context["role"] = Role.objects.filter(event=event, key=event.projector_target).first()
    context["announce"] = projector_announcement(event, context)
    return context


def _results_shown(event: Event) -> tuple[Exercise | None, str]:
    """The exercise whose results the projector's "results" view shows, and its part."""
    key, _sep, part = event.projector_target.partition(":")
    return event.exercises.filter(key=key).first(), part


def results_text_context(event: Event) -> dict:
    """The results the projector shows, for a phone to read as text ("Resultaten som text"):
    an exercise's (its kind's results, written out by its kind's text partial), the postcard
    wall's, or a poll's (the template asks talks for those, as the projector does). Nothing
    while the projector shows something else or the results are hidden."""
    view = event.projector_view
    context: dict = {"event": event, "view": view}
    exercise, part = None, ""
    if view == Event.ProjectorView.RESULTS:
        exercise, part = _results_shown(event)
    elif view in {Event.ProjectorView.POSTCARDS, Event.ProjectorView.SCENARIOS}:
        exercise = registry.wall_exercise(event)
    if exercise is not None and (exercise.results_visible or view != Event.ProjectorView.RESULTS):
        kind = kind_of(exercise)
        context.update(
            exercise=exercise,
            answered=answered_count(exercise) or 0,
            text_partial=kind.text_partial,
            **kind.projector_results(exercise, part),
        )
    return context


def wall_page(event: Event, number: int, start: int) -> list:
    """Postcards of one scenario for the projector's wall, from `start` (wall.js turns on)."""
    exercise = registry.wall_exercise(event)
    return kind_of(exercise).wall_page(exercise, number, max(start, 0)) if exercise else []


def projector_announcement(event: Event, context: dict) -> str:
    """What the projector's live region says when its screen changes (static/js/a11y.js): the
    step ("Nu: Övning 2: …"), or what it shows instead ("Resultat för en övning: Övning 1: …").
    In another language than the workshop's, the content's Swedish stays out of it: the region
    is read in the page's language, so it says "Now: Exercise 2" and the screen the rest."""
    view = context["view"]
    in_content_language = not content_lang()
    if view == Event.ProjectorView.STEP:
        item, exercise = context["item"], context["exercise"]
        if exercise is not None and item is not None and exercise.program_item_id == item.pk:
            return f"{_('Nu')}: {exercise if in_content_language else exercise.label}"
        if not in_content_language:
            return f"{_('Nu')}: {item.get_kind_display()}" if item else str(_("Nu"))
        return f"{_('Nu')}: {item.title if item else event.title}"
    shown = {
        Event.ProjectorView.JOIN: event.title,
        Event.ProjectorView.RESULTS: context.get("exercise"),
        Event.ProjectorView.ROLE: context.get("role"),
    }.get(view)
    if shown is not None and not in_content_language:
        shown = shown.label if view == Event.ProjectorView.RESULTS else None
    label = Event.ProjectorView(view).label
    return f"{label}: {shown}" if shown else str(label)


def console_context(event: Event, base: str = "") -> dict:
    """Everything the console's `live` fragment shows; the facilitator socket uses it too.
    With `base` (this server as the browser reached it), also the projector's address and QR
    for a separate projector PC (not pushed: it does not change)."""
    link = {}
    if base:
        url = f"{settings.SITE_URL or network.reachable_base(base)}{event.projector_path()}"
        link = {"projector_url": url, "projector_qr": qr_svg(url)}
    program = list(event.program.prefetch_related("exercises"))
    exercises = list(event.exercises.select_related("program_item"))
    answered = answered_counts(event)
    for exercise in exercises:
        exercise.answered = answered.get(exercise.pk)
    return {
        **link,
        "event": event,
        "program": program,
        "exercises": exercises,
        "roles": list(event.roles.all()),
        "joined": event.participants.count(),
        "connected": live.connected_phones(event.pk),
        "projector_views": Event.ProjectorView.choices,
        "next_step": event.next_step(),
        "moderation": moderation_groups(event, exercises),
    }


@dataclass
class ModerationGroup:
    """An exercise's written answers (postcards, or reflections and lunch answers): how many,
    how many featured and hidden, and some of them (`items`, newest first)."""

    kind: str  # a key of exercises.kinds.registry.moderated()
    exercise: Exercise
    total: int = 0
    featured: int = 0
    hidden: int = 0
    items: list = field(default_factory=list)

    @property
    def more(self) -> int:
        return self.total - len(self.items)


def _moderated_rows(kind: str, exercise_ids):
    moderated = registry.moderated()[kind]
    exercise_field = moderated.event_path.removesuffix("__event")
    rows = moderated.model.objects.filter(**{f"{exercise_field}_id__in": exercise_ids})
    return rows.select_related(*moderated.related), exercise_field


def moderation_groups(event: Event, exercises: list[Exercise], newest=CONSOLE_NEWEST) -> list:
    """Per exercise with written answers, its counts and its `newest` answers: one query per
    moderated model for the counts and one per exercise that has answers, whatever the room's
    size."""
    by_id = {exercise.pk: exercise for exercise in exercises}
    groups = []
    for kind in registry.moderated():
        rows, exercise_field = _moderated_rows(kind, list(by_id))
        counts = rows.values(f"{exercise_field}_id").annotate(
            total=Count("pk"),
            featured=Count("pk", filter=Q(featured=True)),
            hidden=Count("pk", filter=Q(hidden=True)),
        )
        for count in counts.order_by():
            exercise = by_id[count[f"{exercise_field}_id"]]
            group = ModerationGroup(
                kind, exercise, count["total"], count["featured"], count["hidden"]
            )
            group.items = list(
                rows.filter(**{f"{exercise_field}_id": exercise.pk}).order_by("-updated_at", "-pk")[
                    :newest
                ]
            )
            groups.append(group)
    return sorted(groups, key=lambda group: (group.exercise.order, group.exercise.pk))


def moderation_page(event: Event, exercise: Exercise, number) -> tuple[ModerationGroup, Page]:
    """All of an exercise's written answers, a page at a time (newest first), for the
    moderation page the console links to."""
    for group in moderation_groups(event, [exercise], newest=0):
        rows, exercise_field = _moderated_rows(group.kind, [exercise.pk])
        paginator = Paginator(rows.order_by("-updated_at", "-pk"), MODERATION_PAGE)
        return group, paginator.get_page(number)
    return ModerationGroup("", exercise), Paginator([], MODERATION_PAGE).get_page(1)


def screen_context(event: Event, audience: str = "projector", base: str = "") -> dict:
    """The context of a pushed screen; the same functions feed the HTTP pages."""
    if audience == "facilitator":
        context = console_context(event)
    else:
        context = projector_context(event, base)
    return {**context, "pushed": True}
