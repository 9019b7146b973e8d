"""Övning 4: a postcard from one of the four futures (a 2×2 of the scenarios' axes)."""

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from exercises.kinds.base import (
    ExerciseKind,
    Moderated,
    Saved,
    add_prompts,
    present,
    upsert,
    would_be_lost,
)
from exercises.kinds.postcard.charts import scenario_map
from exercises.kinds.postcard.editor import ScenariosForm, field_name
from exercises.kinds.postcard.forms import PostcardForm
from exercises.kinds.postcard.models import (
    Postcard,
    Scenario,
    answered_fields,
    axis_words,
    field_labels,
)
from exercises.models import Exercise, Prompt
from exercises.tables import Table, person, who, yes_no


def postcards_by_scenario(exercise: Exercise, include_hidden: bool = False):
    """The 2×2 of scenarios, each with its postcards: [(scenario, [postcard, ...]), ...]."""
    postcards = exercise.postcards.select_related("participant")
    if not include_hidden:
        postcards = postcards.filter(hidden=False)
    grouped: dict[int, list] = {}
    for postcard in postcards.order_by("-featured", "created_at"):
        grouped.setdefault(postcard.scenario_id, []).append(postcard)
    return [(scenario, grouped.get(scenario.pk, [])) for scenario in exercise.scenarios.all()]


# Postcards per quadrant on the projector's wall (featured first, then the newest); the rest are
# counted. The wall's pushed frame stays the same size however many write (issue 19).
WALL_CARDS = 6


def postcard_wall(exercise: Exercise | None, cards: int = WALL_CARDS) -> dict:
    """The 2×2 with each scenario's count of shown postcards and its first `cards` of them:
    one query for the counts and one per scenario, whatever the room's size."""
    if exercise is None:
        return {}
    shown = exercise.postcards.filter(hidden=False)
    counts = dict(shown.values_list("scenario").annotate(n=Count("pk")).order_by()) if cards else {}
    grouped = [
        (
            scenario,
            list(
                shown.filter(scenario=scenario).order_by("-featured", "-created_at", "-pk")[:cards]
            )
            if cards and counts.get(scenario.pk)
            else [],
        )
        for scenario in exercise.scenarios.all()
    ]
    return {"scenario_map": scenario_map(exercise, grouped, counts)}


def scenario_grid(scenarios) -> list:
    """The 2×2 as the handout draws it: the vertical axis high on top, the horizontal one high
    on the right."""
    at = {(s.vertical, s.horizontal): s for s in scenarios}
    return [
        at.get(place)
        for place in (("high", "low"), ("high", "high"), ("low", "low"), ("low", "high"))
    ]


def wall_cards(exercise: Exercise, number: int, start: int, cards: int = WALL_CARDS) -> list:
    """The wall's next postcards of one scenario (by its number), from `start` in the wall's
    order: what the projector fetches as it turns past the ones pushed to it."""
    shown = exercise.postcards.filter(hidden=False, scenario__number=number)
    return list(shown.order_by("-featured", "-created_at", "-pk")[start : start + cards])


class PostcardKind(ExerciseKind):
    """The scenario comes first: a postcard cannot be saved without one, and what was typed
    before choosing stays on the page until it can be."""

    key = "postcard"
    form = PostcardForm
    moderated = Moderated(Postcard, "exercise__event", ("scenario", "participant", "exercise"))
    has_wall = True

    def wall(self, exercise, *, cards):
        return postcard_wall(exercise, WALL_CARDS if cards else 0)

    def wall_page(self, exercise, number, start):
        return wall_cards(exercise, number, start)

    def save(self, *, form):
        fields = form.saveable()
        scenario = form.cleaned_data.get("scenario") if "scenario" in fields else None
        scenario = scenario or form.existing_scenario
        if scenario is None:
            return Saved(form)
        # One upsert: two first saves at once (a double tap over two processes) both land on
        # the one row, and the later text wins.
        texts = {name: form.cleaned_data[name] for name in fields if name != "scenario"}
        row = {"participant": form.participant, "exercise": form.exercise, "scenario": scenario}
        upsert(
            Postcard,
            [{**row, **texts}],
            unique=("participant", "exercise"),
            update=("scenario", *texts),
        )
        if form.action == "send" and not form.errors:
            return Saved(form, _("Vykortet är sparat. Du kan ändra det tills övningen stängs."))
        return Saved(form)

    def page_context(self, *, form, query, saved=None):
        chosen = form.data.get("scenario") if form.is_bound else form.initial.get("scenario")
        return {
            "postcard": form.postcard(),
            "scenario_grid": scenario_grid(form.scenarios),
            "chosen_scenario": str(chosen or ""),
            "axes": form.exercise.config.get("axes", {}),
            "axis_words": axis_words(form.exercise),
            "closing_questions": form.exercise.phone_questions(),
        }

    def answered(self, exercise):
        return exercise.postcards.all()

    def projector_results(self, exercise, part=""):
        return postcard_wall(exercise)

    def report_results(self, exercise):
        grouped = postcards_by_scenario(exercise)
        everything = postcards_by_scenario(exercise, include_hidden=True)
        shown = sum(len(cards) for _s, cards in grouped)
        quadrants = {(s.vertical, s.horizontal): (s, len(cards)) for s, cards in grouped}
        return {
            "scenarios": [
                (scenario, [(card, answered_fields(exercise, card)) for card in cards])
                for scenario, cards in grouped
            ],
            "shown": shown,
            "hidden": sum(len(cards) for _s, cards in everything) - shown,
            "axes": exercise.config.get("axes", {}),
            "axis_words": axis_words(exercise),
            # As the projector and the phones draw it: the vertical axis high on top, the
            # horizontal one low on the left.
            "grid": [
                [quadrants.get((vertical, horizontal)) for horizontal in ("low", "high")]
                for vertical in ("high", "low")
            ],
        }

    def export_table(self, exercise, include_names):
        labelled = field_labels(exercise)
        asked = [name for name in labelled if name != "scenario"]
        labels = [labelled[name] for name in asked]
        long_text = {
            index + 2
            for index, name in enumerate(asked)
            if (Postcard._meta.get_field(name).max_length or 0) > 200
        }
        table = Table(
            str(exercise),
            who(include_names)
            + [_("Scenario nr"), _("Scenario")]
            + labels
            + [_("Dold på projektorn"), _("Framlyft")],
            wide=long_text,
        )
        postcards = exercise.postcards.select_related("participant", "scenario").order_by(
            "participant__number"
        )
        for postcard in postcards:
            table.rows.append(
                person(postcard.participant, include_names)
                + [postcard.scenario.number, postcard.scenario.name]
                + [getattr(postcard, name) for name in asked]
                + [yes_no(postcard.hidden), yes_no(postcard.featured)]
            )
        return table

    def summary_tables(self, exercise):
        grouped = postcards_by_scenario(exercise, include_hidden=True)
        rows = [[s.number, s.name, len(cards)] for s, cards in grouped]
        return [
            Table(
                _("%(label)s: vykort per scenario") % {"label": exercise.label},
                [_("Nr"), _("Scenario"), _("Vykort")],
                rows,
            )
        ]

    def load(self, exercise, spec, roles):
        exercise.config = _words_config(spec)
        exercise.save(update_fields=["config"])
        for scenario in spec.scenarios:
            Scenario.objects.create(
                exercise=exercise,
                number=scenario.number,
                name=scenario.name,
                summary=scenario.summary or "",
                text=scenario.text,
                vertical=scenario.vertical,
                horizontal=scenario.horizontal,
            )
        add_prompts(
            exercise,
            Prompt.Group.POSTCARD,
            [field.label for field in spec.fields],
            keys=[field.key for field in spec.fields],
            hints=[field.hint or "" for field in spec.fields],
        )

    editor_form = ScenariosForm

    def apply_spec(self, exercise, spec, form):
        """The scenarios with their numbers, places and words (their postcards go with them);
        the fields the form kept, in its order, and the new one. A removed field takes what
        postcards wrote in it, once the form has confirmed it."""
        gone = [p.key for p in form.prompts if p.key not in form.kept]
        postcards = Postcard.objects.filter(exercise=exercise)
        lost = []
        for key in gone:
            empty = {f"{key}__isnull": True} if Postcard._meta.get_field(key).null else {key: ""}
            if count := postcards.exclude(**empty).count():
                lost.append(
                    ngettext(
                        "det som %(count)s vykort har i fältet %(field)s",
                        "det som %(count)s vykort har i fältet %(field)s",
                        count,
                    )
                    % {"count": count, "field": field_name(key)}
                )
        would_be_lost(lost, form=form)
        for key in gone:
            empty = None if Postcard._meta.get_field(key).null else ""
            postcards.update(**{key: empty})
        exercise.config = {**(exercise.config or {}), **_words_config(spec)}
        exercise.save(update_fields=["config"])
        # Out of the way first: numbers and places are unique at every step.
        for index, scenario in enumerate(form.scenarios):
            Scenario.objects.filter(pk=scenario.pk).update(
                number=900 + index, vertical=f"t{index}", horizontal=f"t{index}"
            )
        for scenario, scenario_spec in zip(form.scenarios, spec.scenarios, strict=True):
            Scenario.objects.filter(pk=scenario.pk).update(
                number=scenario_spec.number,
                name=scenario_spec.name,
                summary=scenario_spec.summary or "",
                text=scenario_spec.text,
                vertical=scenario_spec.vertical,
                horizontal=scenario_spec.horizontal,
            )
        prompts = exercise.prompts.filter(group=Prompt.Group.POSTCARD)
        prompts.filter(key__in=gone).delete()
        for order, field in enumerate(spec.fields, start=1):
            words = {"order": order, "text": field.label, "hint": field.hint or ""}
            if not prompts.filter(key=field.key).update(**words):
                Prompt.objects.create(
                    exercise=exercise, group=Prompt.Group.POSTCARD, key=field.key, **words
                )

    def starter_spec(self, event):
        def axis(number):
            return {
                "name": _("Osäkerhet %(n)s") % {"n": number},
                "high": _("Hög"),
                "low": _("Låg"),
            }

        places = [("high", "high"), ("low", "high"), ("high", "low"), ("low", "low")]
        scenarios = [
            {
                "number": number,
                "name": _("Scenario %(n)s") % {"n": number},
                "vertical": vertical,
                "horizontal": horizontal,
                "text": _("Beskriv framtiden i scenario %(n)s.") % {"n": number},
            }
            for number, (vertical, horizontal) in enumerate(places, start=1)
        ]
        return {
            "axes": {"vertical": axis(1), "horizontal": axis(2)},
            "scenarios": scenarios,
            "fields": [
                {"key": "scenario", "label": _("Vilken framtid befinner du dig i?")},
                {"key": "greeting", "label": _("Vilken hälsning vill du skicka till nutiden?")},
            ],
        }

    def spec(self, exercise):
        config = exercise.config or {}
        axes = {
            key: present({"name": name, **config.get("axis_words", {}).get(key, {})})
            for key, name in config.get("axes", {}).items()
        }
        scenarios = [
            present(
                {
                    "number": scenario.number,
                    "name": scenario.name,
                    "summary": scenario.summary,
                    "vertical": scenario.vertical,
                    "horizontal": scenario.horizontal,
                    "text": scenario.text,
                }
            )
            for scenario in exercise.scenarios.all()
        ]
        fields = [
            present({"key": prompt.key, "label": prompt.text, "hint": prompt.hint})
            for prompt in exercise.prompts_in(Prompt.Group.POSTCARD)
        ]
        return present(
            {
                "axes": axes,
                "scenarios_title": config.get("scenarios_title"),
                "scenarios": scenarios,
                "fields": fields,
            }
        )


def _words_config(spec) -> dict:
    """The axes' names and words and the scenarios' title, as the exercise's config keeps them."""
    axes = {"vertical": spec.axes.vertical, "horizontal": spec.axes.horizontal}
    return {
        "axes": {key: axis.name for key, axis in axes.items()},
        "axis_words": {
            key: axis.model_dump(include={"high", "low", "high_short", "low_short"})
            for key, axis in axes.items()
        },
        "scenarios_title": spec.scenarios_title or "",
    }


KIND = PostcardKind()
KINDS = (KIND,)
