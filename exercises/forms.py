"""The participants' answer forms, one per kind of exercise.

Each form saves what is valid and present in the POST (update-or-create on the unique
constraints, so a double tap or a resubmit edits instead of duplicating), and reports what is
not, field by field. A field missing from the POST is left as it is in the database.
"""

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exercises.models import (
    TEXT_LIMIT,
    Placement,
    Rating,
    Reflection,
    Tip,
    TipCategory,
    TipChoice,
    TipTick,
    participant_profile,
)
from exercises.profile import profile_chart

SCALE = [(value, str(value)) for value in range(1, 6)]
TOO_LONG = _("Texten får vara högst %(limit_value)d tecken (nu %(show_value)d).")


class AnswerForm(forms.Form):
    template_name = ""  # the kind's template, with partials "form" and "saved"
    prefixes: tuple[str, ...] = ()
    unknown_message = _("Svaret hör inte till den här övningen.")

    def __init__(self, exercise, participant, data=None):
        super().__init__(data)
        self.exercise = exercise
        self.participant = participant
        self.build_fields()
        if data is None:
            self.initial = self.current()
        self.saved_message = ""

    def build_fields(self) -> None:
        raise NotImplementedError

    def current(self) -> dict:
        """The saved answers, as initial values."""
        return {}

    def clean(self):
        unknown = [
            key
            for key in self.data
            if key.startswith(self.prefixes) and key not in self.fields and key != "action"
        ]
        if unknown:
            raise forms.ValidationError(self.unknown_message, code="unknown")
        return self.cleaned_data

    @property
    def action(self) -> str:
        return self.data.get("action", "")

    def saveable(self) -> list[str]:
        self.is_valid()
        return [name for name in self.fields if name in self.data and name not in self.errors]

    def save(self) -> None:
        raise NotImplementedError

    def extra_context(self) -> dict:
        return {}

    def error_slots(self):
        """(slot id, errors) for every field, so an autosave can clear or show each message."""
        for name in self.fields:
            yield f"error-{name}", self.errors.get(name, [])
        yield f"error-{self.exercise.key}", self.non_field_errors()


class RatingForm(AnswerForm):
    template_name = "exercises/rating.html"
    prefixes = ("ability-",)
    unknown_message = _("Den förmågan finns inte i övningen.")

    def build_fields(self):
        # One exercise's abilities: order by their own order, without joining the exercise.
        self.abilities = list(self.exercise.abilities.order_by("order"))
        for ability in self.abilities:
            self.fields[f"ability-{ability.pk}"] = forms.TypedChoiceField(
                label=ability.name,
                choices=SCALE,
                coerce=int,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": _("Välj ett värde från 1 till 5.")},
            )

    def current(self):
        ratings = Rating.objects.filter(participant=self.participant, ability__in=self.abilities)
        return {f"ability-{r.ability_id}": r.value for r in ratings}

    def save(self):
        with transaction.atomic():
            for name in self.saveable():
                value = self.cleaned_data[name]
                ability_id = int(name.removeprefix("ability-"))
                if value in ("", None):
                    continue
                Rating.objects.update_or_create(
                    participant=self.participant, ability_id=ability_id, defaults={"value": value}
                )
        if self.action == "done":
            rated = set(self.current())
            for name in self.fields:
                if name not in rated and name not in self.errors:
                    self.add_error(name, _("Välj ett värde från 1 till 5."))
            if not self.errors:
                self.saved_message = _("Klart! Här är din rollprofil.")

    def rows(self):
        values = self.data if self.is_bound else self.initial
        for ability in self.abilities:
            name = f"ability-{ability.pk}"
            yield ability, name, str(values.get(name, "")), self.errors.get(name)

    def extra_context(self):
        rated_count = Rating.objects.filter(
            participant=self.participant, ability__in=self.abilities
        ).count()
        complete = rated_count == len(self.abilities)
        profile = participant_profile(self.participant) if complete else None
        return {
            "rated_count": rated_count,
            "ability_count": len(self.abilities),
            "profile": profile,
            "chart": profile_chart(profile) if profile else None,
            # Shown under the profile only: not queried on every autosave before it.
            "closing_questions": self.exercise.prompts_in("questions") if complete else [],
        }


class PlacementForm(AnswerForm):
    template_name = "exercises/placement.html"
    prefixes = ("round-",)
    unknown_message = _("Den rundan finns inte i övningen.")

    def build_fields(self):
        self.rounds = list(self.exercise.rounds.all())
        self.roles = list(self.exercise.event.roles.all())
        for round_ in self.rounds:
            self.fields[f"round-{round_.key}"] = forms.ModelChoiceField(
                label=round_.instruction,
                queryset=self.exercise.event.roles.all(),
                to_field_name="key",
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": _("Välj en av de fyra rollerna.")},
            )

    def current(self):
        placements = Placement.objects.filter(participant=self.participant, round__in=self.rounds)
        by_round = {p.round_id: p.role for p in placements.select_related("role")}
        return {f"round-{r.key}": by_round[r.pk].key for r in self.rounds if r.pk in by_round}

    def save(self):
        for name in self.saveable():
            role = self.cleaned_data[name]
            round_ = next(r for r in self.rounds if f"round-{r.key}" == name)
            if role is not None:
                Placement.objects.update_or_create(
                    participant=self.participant, round=round_, defaults={"role": role}
                )

    def round_rows(self):
        chosen = self.current()
        for round_ in self.rounds:
            name = f"round-{round_.key}"
            value = self.data.get(name, chosen.get(name, "")) if self.is_bound else chosen.get(name)
            yield {
                "round": round_,
                "name": name,
                "value": value or "",
                "chosen": chosen.get(name),
                "questions": self.exercise.prompts_in(round_.key),
                "errors": self.errors.get(name),
            }


class TipsForm(AnswerForm):
    """Choose a list, tick tips in it, hand it in. `ticking` names the list whose boxes were on
    the page: its ticks become exactly the ticked boxes (an unticked box is not in the POST)."""

    template_name = "exercises/tips.html"
    prefixes = ("tip_list", "ticking")

    def build_fields(self):
        lists = self.exercise.tip_lists.all()
        self.lists = list(lists.prefetch_related("tips"))
        list_error = {"invalid_choice": _("Välj en av de tre listorna.")}
        self.fields["tip_list"] = forms.ModelChoiceField(
            label=_("Välj lista"),
            queryset=lists,
            to_field_name="key",
            required=False,
            widget=forms.RadioSelect,
            error_messages=list_error,
        )
        self.fields["ticking"] = forms.ModelChoiceField(
            queryset=lists,
            to_field_name="key",
            required=False,
            widget=forms.HiddenInput,
            error_messages=list_error,
        )
        self.fields["tips"] = forms.ModelMultipleChoiceField(
            label=_("Tips som är realistiska att starta i dag"),
            queryset=Tip.objects.filter(tip_list__exercise=self.exercise),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            error_messages={
                "invalid_choice": _("Det tipset finns inte i listan."),
                "invalid_pk_value": _("Det tipset finns inte i listan."),
            },
        )

    def choice(self) -> TipChoice | None:
        return TipChoice.objects.filter(
            participant=self.participant, exercise=self.exercise
        ).first()

    def current(self):
        choice = self.choice()
        return {"tip_list": choice.tip_list.key} if choice else {}

    def clean(self):
        super().clean()
        ticking, tips = self.cleaned_data.get("ticking"), self.cleaned_data.get("tips")
        if tips and (ticking is None or any(tip.tip_list_id != ticking.pk for tip in tips)):
            self.add_error("tips", _("Det tipset finns inte i listan."))
        return self.cleaned_data

    list_changed = False

    def save(self):
        fields = self.saveable()
        with transaction.atomic():
            choice = self.choice()
            chosen = self.cleaned_data.get("tip_list") if "tip_list" in fields else None
            if chosen is not None and (choice is None or choice.tip_list_id != chosen.pk):
                choice, _created = TipChoice.objects.update_or_create(
                    participant=self.participant,
                    exercise=self.exercise,
                    defaults={"tip_list": chosen, "handed_in_at": None},
                )
                self.list_changed = True
            ticking = self.cleaned_data.get("ticking")
            if "ticking" in fields and ticking is not None and "tips" not in self.errors:
                self._set_ticks(ticking, self.cleaned_data.get("tips") or [])
            if self.action == "hand_in":
                self._hand_in(choice)

    def _set_ticks(self, tip_list, tips) -> None:
        ticked = {tip.pk for tip in tips}
        TipTick.objects.filter(participant=self.participant, tip__tip_list=tip_list).exclude(
            tip__in=ticked
        ).delete()
        for tip_id in ticked:
            TipTick.objects.get_or_create(participant=self.participant, tip_id=tip_id)

    def _hand_in(self, choice: TipChoice | None) -> None:
        if choice is None:
            self.add_error("tip_list", _("Välj en lista innan du lämnar in."))
            return
        # One list is handed in: ticks left in lists the participant looked at first go.
        TipTick.objects.filter(
            participant=self.participant, tip__tip_list__exercise=self.exercise
        ).exclude(tip__tip_list=choice.tip_list).delete()
        choice.handed_in_at = timezone.now()
        choice.save(update_fields=["handed_in_at"])
        self.saved_message = _("Inlämnat! Du kan ändra dig tills övningen stängs.")

    def extra_context(self):
        choice = self.choice()
        shown = choice.tip_list if choice else None
        ticked = set(
            TipTick.objects.filter(participant=self.participant).values_list("tip_id", flat=True)
        )
        if self.is_bound and "tips" in self.errors:
            ticked = {int(pk) for pk in self.data.getlist("tips") if pk.isdigit()}
        groups = []
        if shown is not None:
            tips = list(shown.tips.all())
            for category in TipCategory:
                in_group = [tip for tip in tips if tip.category == category]
                if in_group:
                    groups.append((category.label, in_group))
        return {
            "tip_choice": choice,
            "shown_list": shown,
            "tip_groups": groups,
            "ticked": ticked,
            "ticked_groups": [(c, [t for t in tips if t.pk in ticked]) for c, tips in groups],
            "tick_count": len([t for g in groups for t in g[1] if t.pk in ticked]),
            "closing_questions": self.exercise.prompts_in("questions"),
        }


class PromptAnswersForm(AnswerForm):
    """A text per prompt: the lunch prompts and Övning 5's reflection levels.
    Both are stored as Reflection rows (one per participant and prompt)."""

    template_name = "exercises/prompts.html"
    prefixes = ("prompt-",)
    unknown_message = _("Den frågan finns inte i övningen.")

    def build_fields(self):
        group = "reflection" if self.exercise.kind == "reflection" else "questions"
        self.prompts = self.exercise.prompts_in(group)
        for prompt in self.prompts:
            self.fields[f"prompt-{prompt.pk}"] = forms.CharField(
                label=prompt.text,
                help_text=prompt.hint,
                required=False,
                max_length=TEXT_LIMIT,
                widget=forms.Textarea(attrs={"rows": 4}),
                error_messages={"max_length": TOO_LONG},
            )

    def current(self):
        answers = Reflection.objects.filter(participant=self.participant, prompt__in=self.prompts)
        return {f"prompt-{a.prompt_id}": a.text for a in answers}

    def save(self):
        with transaction.atomic():
            for name in self.saveable():
                prompt_id = int(name.removeprefix("prompt-"))
                text = self.cleaned_data[name].strip()
                if text:
                    Reflection.objects.update_or_create(
                        participant=self.participant, prompt_id=prompt_id, defaults={"text": text}
                    )
                else:
                    Reflection.objects.filter(
                        participant=self.participant, prompt_id=prompt_id
                    ).delete()
