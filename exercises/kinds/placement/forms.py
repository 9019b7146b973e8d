"""The placement answer form: it only validates."""

from django import forms
from django.utils.translation import gettext_lazy as _

from exercises.forms import AnswerForm
from exercises.kinds.placement.models import Placement
from exercises.tables import in_words


class PlacementForm(AnswerForm):
    template_name = "kinds/placement/phone.html"
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
