"""The participants' answer forms, one per kind of exercise. They only validate: each says which
fields of the POST are valid and present (`saveable()`), and what is wrong, field by field; the
kind's module (exercises/kinds/) writes what is valid, and says what the page shows.
"""

import copy

from django import forms
from django.utils.translation import gettext_lazy as _

from changemakers.security import ModelIdsField, parse_number
from exercises.models import (
    TEXT_LIMIT,
    Placement,
    Rating,
    Reflection,
    Tip,
    TipList,
)
from exercises.tables import in_words
from exercises.textlimit import LimitedTextField

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

    def error_slots(self):
        """(slot id, errors) for every field, so an autosave can clear or show each message."""
        for name in self.fields:
            yield f"error-{name}", self.errors.get(name, [])
        yield f"error-{self.exercise.key}", self.non_field_errors()


def scale_field(scale) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        choices=[(value, str(value)) for value in scale.values],
        coerce=parse_number,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": scale_message(scale)},
    )


def scale_message(scale) -> str:
    return _("Välj ett värde från %(min)s till %(max)s.") % {"min": scale.min, "max": scale.max}


class RatingForm(AnswerForm):
    template_name = "exercises/rating.html"
    prefixes = ("ability-",)
    unknown_message = _("Den förmågan finns inte i övningen.")

    def build_fields(self):
        # One exercise's abilities: order by their own order, without joining the exercise.
        self.abilities = list(self.exercise.abilities.order_by("order"))
        self.scale = self.exercise.scale
        self.scale_values = [str(value) for value in self.scale.values]
        # One field, copied per ability with its label (normalising the choices of 16 new
        # fields was ~8 % of an autosave's CPU). The template draws the inputs itself.
        scale = scale_field(self.scale)
        for ability in self.abilities:
            field = self.fields[f"ability-{ability.pk}"] = copy.copy(scale)
            field.label = ability.name

    def current(self):
        ratings = Rating.objects.filter(participant=self.participant, ability__in=self.abilities)
        return {f"ability-{r.ability_id}": r.value for r in ratings}

    def clean(self):
        if self.action == "done":
            # Done: every ability rated, counting what this answer stores.
            self.rated = set(self.current()) | {
                name for name in self.fields if self.cleaned_data.get(name) not in ("", None)
            }
            for name in self.fields:
                if name not in self.rated and name not in self.errors:
                    self.add_error(name, scale_message(self.scale))
        return super().clean()

    def rows(self):
        values = self.data if self.is_bound else self.initial
        for ability in self.abilities:
            name = f"ability-{ability.pk}"
            yield ability, name, str(values.get(name, "")), self.errors.get(name)

    rated: set[str] | None = None  # with "done": the abilities rated once this is stored


class PlacementForm(AnswerForm):
    template_name = "exercises/placement.html"
    prefixes = ("round-",)
    unknown_message = _("Den rundan finns inte i övningen.")

    def build_fields(self):
        self.rounds = self.exercise.open_rounds()
        self.roles = self.exercise.corner_roles()
        for round_ in self.rounds:
            self.fields[f"round-{round_.key}"] = forms.ModelChoiceField(
                label=round_.instruction,
                queryset=self.exercise.event.roles.filter(pk__in=[r.pk for r in self.roles]),
                to_field_name="key",
                required=False,
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": _("Välj en av de %(count)s rollerna.")
                    % {"count": in_words(len(self.roles))}
                },
            )

    def clean(self):
        for round_ in self.exercise.rounds.all():
            name = f"round-{round_.key}"
            if name in self.data and name not in self.fields:
                raise forms.ValidationError(
                    _("”%(round)s” är inte öppen ännu. Samtalsledaren öppnar den.")
                    % {"round": round_.label},
                    code="round_not_open",
                )
        return super().clean()

    def current(self):
        placements = Placement.objects.filter(participant=self.participant, round__in=self.rounds)
        by_round = {p.round_id: p.role for p in placements.select_related("role")}
        return {f"round-{r.key}": by_round[r.pk].key for r in self.rounds if r.pk in by_round}

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
                "questions": self.exercise.prompts_in(round_.prompt_group),
                "errors": self.errors.get(name),
            }


class TipsForm(AnswerForm):
    """Look at a list, tick tips in it, hand it in. Which list is on the page is page state
    (`?lista=<key>`), never a change to what was handed in. `ticking` names the list whose boxes
    were on the page: its ticks become exactly the ticked boxes (an unticked box is not in the
    POST). Handing in makes that list the participant's one answer; ticks left in other lists
    stay stored but do not count."""

    template_name = "exercises/tips.html"
    prefixes = ("ticking",)

    def build_fields(self):
        lists = self.exercise.tip_lists.all()
        self.lists = list(lists.prefetch_related("tips"))
        self.fields["ticking"] = forms.ModelChoiceField(
            queryset=lists,
            to_field_name="key",
            required=False,
            widget=forms.HiddenInput,
            error_messages={
                "invalid_choice": _("Välj en av de %(count)s listorna.")
                % {"count": in_words(len(self.lists))}
            },
        )
        self.fields["tips"] = ModelIdsField(
            label=_("Tips du väljer"),
            queryset=Tip.objects.filter(tip_list__exercise=self.exercise),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            error_messages={
                "invalid_choice": _("Det tipset finns inte i listan."),
                "invalid_pk_value": _("Det tipset finns inte i listan."),
            },
        )

    def list_by_key(self, key: str | None) -> TipList | None:
        return next((tip_list for tip_list in self.lists if tip_list.key == key), None)

    def clean(self):
        super().clean()
        ticking, tips = self.cleaned_data.get("ticking"), self.cleaned_data.get("tips")
        if tips and (ticking is None or any(tip.tip_list_id != ticking.pk for tip in tips)):
            self.add_error("tips", _("Det tipset finns inte i listan."))
        if self.action == "hand_in" and ticking is None and "ticking" not in self.errors:
            self.add_error("ticking", _("Välj en lista innan du lämnar in."))
        return self.cleaned_data


class PromptAnswersForm(AnswerForm):
    """A text per prompt: the lunch prompts and Övning 5's reflection levels.
    Both are stored as Reflection rows (one per participant and prompt)."""

    template_name = "exercises/prompts.html"
    prefixes = ("prompt-",)
    unknown_message = _("Den frågan finns inte i övningen.")

    def build_fields(self):
        self.prompts = self.exercise.prompts_in(self.exercise.answer_group)
        for prompt in self.prompts:
            self.fields[f"prompt-{prompt.pk}"] = LimitedTextField(
                label=prompt.text,
                help_text=prompt.hint,
                required=False,
                limit=TEXT_LIMIT,
                widget=forms.Textarea(attrs={"rows": 4}),
            )

    def current(self):
        answers = Reflection.objects.filter(participant=self.participant, prompt__in=self.prompts)
        return {f"prompt-{a.prompt_id}": a.text for a in answers}
