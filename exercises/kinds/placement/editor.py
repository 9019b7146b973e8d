"""Övning 2's own editor: each round's words (short, instruction, discussion, questions). The
rounds themselves, their corners and moves stay as the file says (placements belong to them)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from exercises.models import Exercise


class RoundsForm(forms.Form):
    """A round's words; `spec()` is the file's part, the rounds' keys and order unchanged."""

    def __init__(self, *args, exercise: Exercise, **kwargs):
        super().__init__(*args, **kwargs)
        self.rounds = list(exercise.rounds.all())
        self.kept = [placement_round.pk for placement_round in self.rounds]
        for number, placement_round in enumerate(self.rounds, start=1):
            questions = [
                prompt.text for prompt in exercise.prompts_in(placement_round.prompt_group)
            ]
            words = {"number": number}
            fields = {
                "short": forms.CharField(
                    label=_("Runda %(number)s: med några ord") % words,
                    required=False,
                    initial=placement_round.short,
                    help_text=_("Namnet på rundan där den visas, t.ex. trivs bäst."),
                ),
                "instruction": forms.CharField(
                    label=_("Runda %(number)s: instruktion") % words,
                    required=False,
                    initial=placement_round.instruction,
                    widget=forms.Textarea(attrs={"rows": 3}),
                ),
                "discussion": forms.CharField(
                    label=_("Runda %(number)s: samtal") % words,
                    required=False,
                    initial=placement_round.discussion,
                    widget=forms.Textarea(attrs={"rows": 3}),
                ),
                "questions": forms.CharField(
                    label=_("Runda %(number)s: frågor") % words,
                    required=False,
                    initial="\n".join(questions),
                    widget=forms.Textarea(attrs={"rows": 4}),
                    help_text=_("En fråga per rad."),
                ),
            }
            for name, field in fields.items():
                self.fields[f"{name}-{placement_round.pk}"] = field
        self.places: dict[str, str] = {}

    def spec(self) -> dict:
        data, rounds = self.cleaned_data, []
        for index, placement_round in enumerate(self.rounds):
            pk = placement_round.pk
            lines = [line.strip() for line in data[f"questions-{pk}"].splitlines()]
            rounds.append(
                {
                    "key": placement_round.key,
                    "short": data[f"short-{pk}"],
                    "instruction": data[f"instruction-{pk}"],
                    "discussion": data[f"discussion-{pk}"],
                    "questions": [line for line in lines if line],
                }
            )
            for name in ("short", "instruction", "discussion", "questions"):
                self.places[f"rounds[{index}].{name}"] = f"{name}-{pk}"
        return {"rounds": rounds}

    def field_at(self, place: str) -> str | None:
        for prefix, field in self.places.items():
            if place == prefix or place.startswith(prefix + "["):
                return field
        return None
