"""The rating answer form: it only validates."""

import copy

from django import forms
from django.utils.translation import gettext_lazy as _

from changemakers.security import parse_number
from exercises.forms import AnswerForm
from exercises.kinds.rating.models import Rating


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
    template_name = "kinds/rating/phone.html"
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
