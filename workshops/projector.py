"""The projector: read-only, full screen, legible from the back of the room.

Opened by its unguessable token, or by a logged-in facilitator. The page and every push render
the same `screen` fragment from projector_context().
"""

from dataclasses import dataclass

import segno
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from exercises import charts, results
from exercises.models import Exercise, Role, Tip
from workshops import network
from workshops.console import staff_required
from workshops.models import Event


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
    """What the projector shows for an exercise's results, by kind. `part` narrows it down
    (Övning 3: one tip list's key)."""
    kind = exercise.kind
    if kind == Exercise.Kind.RATING:
        mix = results.role_mix(exercise)
        return {"role_mix": mix, "mix_chart": charts.role_mix_chart(mix)}
    if kind == Exercise.Kind.PLACEMENT:
        # Round B and the moves appear once the facilitator has opened round B.
        opened = {r.key for r in exercise.open_rounds()}
        spread = [s for s in results.room_spread(exercise) if s.key in opened]
        moves = results.room_moves(exercise) if len(opened) > 1 else []
        return {
            "spread": spread,
            "moves": moves,
            "room": charts.room_chart(spread, exercise.event.roles.all(), moves),
        }
    if kind == Exercise.Kind.TIPS:
        return tips_ranking(exercise, part)
    if kind == Exercise.Kind.POSTCARD:
        return postcard_wall(exercise)
    if kind in {Exercise.Kind.REFLECTION, Exercise.Kind.LUNCH}:
        return prompts_and_featured(exercise)
    return {}


def postcard_wall(exercise: Exercise | None) -> dict:
    if exercise is None:
        return {}
    grouped = results.postcards_by_scenario(exercise)
    return {"scenario_map": charts.scenario_map(exercise, grouped)}


TIPS_SHOWN = 5  # per list when several lists are on screen
TIPS_SHOWN_ONE_LIST = 8
CONTEXT_WORDS = 5  # words before the key phrase


@dataclass
class RankedTip:
    tip: Tip
    times: int
    before: str
    phrase: str
    after: str


@dataclass
class TipRanking:
    tally: results.TipTally
    top: list[RankedTip]
    more: int  # ticked tips not shown: the organiser report has them all


def ranked_tip(tip: Tip, times: int) -> RankedTip:
    """The tip as its key phrase in context: a few words before it, the rest after (CSS clamps
    it), so that two tips with the same key phrase can be told apart."""
    before, phrase, after = tip.text_parts()
    if not phrase:
        return RankedTip(tip, times, "", tip.key_phrase, " – " + tip.text)
    words = before.split()
    if len(words) > CONTEXT_WORDS:
        before = "…" + " ".join(words[-CONTEXT_WORDS:]) + " "
    return RankedTip(tip, times, before, phrase, after)


def tips_ranking(exercise: Exercise, list_key: str = "") -> dict:
    """Övning 3: the lists with answers (or the one chosen), each with its most ticked tips."""
    tallies = results.tip_tallies(exercise)
    if list_key:
        tallies = [t for t in tallies if t.tip_list.key == list_key]
    else:
        tallies = [t for t in tallies if t.handed_in] or tallies
    shown = TIPS_SHOWN_ONE_LIST if len(tallies) == 1 else TIPS_SHOWN
    rankings = []
    for tally in tallies:
        ticked = [(tip, times) for tip, times in tally.ranked if times]
        top = [ranked_tip(tip, times) for tip, times in ticked[:shown]]
        rankings.append(TipRanking(tally, top, len(ticked) - len(top)))
    return {"tip_rankings": rankings}


def prompts_and_featured(exercise: Exercise) -> dict:
    """The questions, and per level its featured reflections and how many answered it: a level
    nothing has been lifted from yet still shows its prompt and its count."""
    levels = [
        (level, [r for r in reflections if r.featured], len(reflections))
        for level, reflections in results.reflections_by_level(exercise)
    ]
    return {
        # The lunch prompts are what people answer: they stand once, as levels.
        "prompts": [
            p for p in exercise.prompts_in("questions") if p.group != exercise.answer_group
        ],
        "levels": levels,
        "featured_count": sum(len(featured) for _level, featured, _count in levels),
    }


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
        key, _sep, part = event.projector_target.partition(":")
        exercise = event.exercises.filter(key=key).first()
        context["exercise"] = exercise
        if exercise is not None:
            context["answered"] = results.answered_count(exercise) or 0
            if exercise.results_visible:
                context.update(exercise_results(exercise, part))
    elif view in {Event.ProjectorView.POSTCARDS, Event.ProjectorView.SCENARIOS}:
        exercise = event.exercises.filter(kind=Exercise.Kind.POSTCARD).first()
        context["exercise"] = exercise
        if exercise is not None:
            grouped = results.postcards_by_scenario(exercise)
            if view == Event.ProjectorView.SCENARIOS:
                grouped = [(scenario, []) for scenario, _cards in grouped]
            context["scenario_map"] = charts.scenario_map(exercise, grouped)
    elif view == Event.ProjectorView.ROLE:
        context["role"] = Role.objects.filter(event=event, key=event.projector_target).first()
    return context


def _render(request: HttpRequest, event: Event, use_token: bool) -> HttpResponse:
    base = request.build_absolute_uri("/").rstrip("/")
    context = projector_context(event, base)
    context["use_token"] = use_token
    template = "workshops/projector.html#screen" if request.htmx else "workshops/projector.html"
    return render(request, template, context)


@require_GET
def projector(request: HttpRequest, token: str) -> HttpResponse:
    event = get_object_or_404(Event, projector_token=token)
    return _render(request, event, use_token=True)


@require_GET
@staff_required
def projector_for_facilitator(request: HttpRequest, event_id: int) -> HttpResponse:
    event = get_object_or_404(Event, pk=event_id)
    return _render(request, event, use_token=False)
