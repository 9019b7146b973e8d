"""Written answers to prompts, one Reflection row per participant and prompt: the lunch prompts
and Övning 5's reflection levels. Answers are hidden or featured on the console; the projector
shows the featured ones."""

from django.db import transaction
from django.db.models import Count, Q
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from exercises.kinds.base import (
    ExerciseKind,
    Moderated,
    Saved,
    add_prompts,
    upsert,
    would_be_lost,
)
from exercises.kinds.prompts.editor import LevelsForm, LunchPromptsForm
from exercises.kinds.prompts.forms import LunchForm, ReflectionForm
from exercises.kinds.prompts.models import Reflection
from exercises.models import Exercise, Prompt
from exercises.tables import Table, person, who, yes_no

FEATURED_SHOWN = 4  # featured reflections per level on the projector; the rest are counted


def reflections_by_level(exercise: Exercise, featured_only: bool = False, include_hidden=False):
    """The written answers per prompt answered (Övning 5's levels, the lunch prompts)."""
    reflections = Reflection.objects.filter(prompt__exercise=exercise).select_related("participant")
    if featured_only:
        reflections = reflections.filter(featured=True)
    if not include_hidden:
        reflections = reflections.filter(hidden=False)
    grouped: dict[int, list] = {}
    for reflection in reflections.order_by("updated_at"):
        grouped.setdefault(reflection.prompt_id, []).append(reflection)
    levels = exercise.prompts.filter(group=kind_of(exercise).answer_group)
    return [(level, grouped.get(level.pk, [])) for level in levels]


class PromptsKind(ExerciseKind):
    @property
    def report_template(self) -> str:
        return f"kinds/prompts/report_{self.key}.html"

    moderated = Moderated(
        Reflection, "prompt__exercise__event", ("prompt__exercise", "participant")
    )
    prompt_heading = ""  # the export's column for the prompt
    answer_heading = ""
    summary_title = ""

    def save(self, *, form):
        with transaction.atomic():
            for name in form.saveable():
                prompt_id = int(name.removeprefix("prompt-"))
                text = form.cleaned_data[name].strip()
                if text:
                    upsert(
                        Reflection,
                        [{"participant": form.participant, "prompt_id": prompt_id, "text": text}],
                        unique=("participant", "prompt"),
                        update=("text",),
                    )
                else:
                    Reflection.objects.filter(
                        participant=form.participant, prompt_id=prompt_id
                    ).delete()
        return Saved(form)

    def answered(self, exercise):
        return Reflection.objects.filter(prompt__exercise=exercise)

    def projector_results(self, exercise, part=""):
        """The questions, and per level how many answered it and its first featured
        reflections (FEATURED_SHOWN; the rest counted): a level nothing has been lifted from
        yet still shows its prompt and its count. A few queries, whatever the room's size."""
        shown = Reflection.objects.filter(prompt__exercise=exercise, hidden=False)
        counts = {
            row["prompt"]: row
            for row in shown.values("prompt")
            .annotate(total=Count("pk"), featured=Count("pk", filter=Q(featured=True)))
            .order_by()
        }
        levels = []
        for level in exercise.prompts.filter(group=self.answer_group):
            count = counts.get(level.pk, {"total": 0, "featured": 0})
            featured = []
            if count["featured"]:
                featured = list(
                    shown.filter(prompt=level, featured=True)
                    .select_related("participant")
                    .order_by("updated_at", "pk")[:FEATURED_SHOWN]
                )
            levels.append((level, featured, count["total"], count["featured"]))
        return {
            # The lunch prompts are what people answer: they stand once, as levels.
            "prompts": [
                p for p in exercise.prompts_in("questions") if p.group != self.answer_group
            ],
            "levels": levels,
            "featured_count": sum(level[3] for level in levels),
        }

    def report_results(self, exercise):
        grouped = reflections_by_level(exercise)
        everything = reflections_by_level(exercise, include_hidden=True)
        shown = sum(len(texts) for _level, texts in grouped)
        return {
            "levels": grouped,
            "hidden": sum(len(texts) for _level, texts in everything) - shown,
        }

    def written_answers(self, exercise):
        shown = Reflection.objects.filter(prompt__exercise=exercise, hidden=False)
        return [
            (reflection.participant_id, reflection.prompt, reflection.text)
            for reflection in shown.select_related("prompt").order_by(
                "prompt__order", "updated_at", "pk"
            )
        ]

    def export_table(self, exercise, include_names):
        table = Table(
            str(exercise),
            who(include_names)
            + [
                str(self.prompt_heading),
                str(self.answer_heading),
                _("Dold på projektorn"),
                _("Framlyft"),
            ],
            wide={0, 1},
        )
        reflections = (
            Reflection.objects.filter(prompt__exercise=exercise)
            .select_related("participant", "prompt")
            .order_by("participant__number", "prompt__order")
        )
        for reflection in reflections:
            table.rows.append(
                person(reflection.participant, include_names)
                + [
                    reflection.prompt.text,
                    reflection.text,
                    yes_no(reflection.hidden),
                    yes_no(reflection.featured),
                ]
            )
        return table

    def summary_tables(self, exercise):
        grouped = reflections_by_level(exercise, include_hidden=True)
        rows = [[prompt.text, len(texts)] for prompt, texts in grouped]
        return [
            Table(
                str(self.summary_title) % {"label": exercise.label},
                [str(self.prompt_heading), _("Antal")],
                rows,
            )
        ]

    def apply_spec(self, exercise, spec, form):
        """The prompts in the form's order (`form.kept`), their texts from the checked file;
        a removed prompt takes its answers with it once the form has confirmed it."""
        current = {prompt.key: prompt for prompt in exercise.prompts_in(form.group)}
        gone = [prompt for key, prompt in current.items() if key not in form.kept]
        lost = []
        for prompt in gone:
            if count := prompt.reflections.count():
                lost.append(
                    ngettext(
                        "%(count)s svar på ”%(prompt)s”",
                        "%(count)s svar på ”%(prompt)s”",
                        count,
                    )
                    % {"count": count, "prompt": Truncator(prompt.text).chars(60)}
                )
        would_be_lost(lost, form=form)
        texts = getattr(spec, form.spec_key)  # the levels, or the lunch's questions
        Prompt.objects.filter(pk__in=[prompt.pk for prompt in gone]).delete()
        for order, (key, text) in enumerate(zip(form.kept, texts, strict=True), start=1):
            text = getattr(text, "text", text)
            if key in current:
                Prompt.objects.filter(pk=current[key].pk).update(text=text, order=order)
            else:
                Prompt.objects.create(
                    exercise=exercise, group=form.group, key=key, order=order, text=text
                )


class LunchKind(PromptsKind):
    """The lunch prompts: the exercise's questions are what people answer."""

    key = "lunch"
    form = LunchForm
    answer_group = LunchForm.group
    editor_form = LunchPromptsForm

    @property
    def prompt_heading(self):
        return _("Fråga")

    @property
    def answer_heading(self):
        return _("Svar")

    @property
    def summary_title(self):
        return _("%(label)s: svar per fråga")

    def starter_spec(self, event):
        # The lunch is no "Övning": the day's exercises keep their numbers without it.
        return {"number": None, "questions": [_("Vad vill du prata om vid bordet?")]}


class ReflectionKind(PromptsKind):
    key = "reflection"
    form = ReflectionForm
    answer_group = ReflectionForm.group

    @property
    def prompt_heading(self):
        return _("Nivå")

    @property
    def answer_heading(self):
        return _("Reflektion")

    @property
    def summary_title(self):
        return _("%(label)s: reflektioner per nivå")

    def load(self, exercise, spec, roles):
        add_prompts(
            exercise,
            Prompt.Group.REFLECTION,
            [level.text for level in spec.levels],
            keys=[level.key for level in spec.levels],
        )

    editor_form = LevelsForm

    def starter_spec(self, event):
        return {"levels": [{"key": "niva-1", "text": _("Vad tar du med dig?")}]}

    def spec(self, exercise):
        levels = exercise.prompts_in(Prompt.Group.REFLECTION)
        return {"levels": [{"key": level.key, "text": level.text} for level in levels]}


LUNCH = LunchKind()
REFLECTION = ReflectionKind()
KINDS = (LUNCH, REFLECTION)


def kind_of(exercise: Exercise) -> PromptsKind:
    return next(kind for kind in KINDS if kind.key == exercise.kind)
