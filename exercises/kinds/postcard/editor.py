"""Övning 4's own editor: the words of the axes, the scenarios and the postcard's fields. The
four scenarios keep their places in the 2×2 and the fields their keys (postcards refer to them)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from exercises.models import Exercise, Prompt

AXES = {"vertical": _("Lodräta axeln"), "horizontal": _("Vågräta axeln")}
AXIS_WORDS = {
    "name": _("%(axis)s: namn"),
    "high": _("%(axis)s: höga änden"),
    "low": _("%(axis)s: låga änden"),
    "high_short": _("%(axis)s: höga änden, kort (telefonen)"),
    "low_short": _("%(axis)s: låga änden, kort (telefonen)"),
}


def _text(label, initial, rows: int = 0):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else None
    return forms.CharField(label=label, required=False, initial=initial, widget=widget)


class PostcardWordsForm(forms.Form):
    """`spec()` is the file's part: the same scenarios and fields, with the words changed."""

    def __init__(self, *args, exercise: Exercise, **kwargs):
        super().__init__(*args, **kwargs)
        config = exercise.config or {}
        self.places: dict[str, str] = {}
        for axis, axis_label in AXES.items():
            words = {"name": config.get("axes", {}).get(axis, "")}
            words |= config.get("axis_words", {}).get(axis, {})
            for word, label in AXIS_WORDS.items():
                name = f"{axis}_{word}"
                self.fields[name] = _text(label % {"axis": axis_label}, words.get(word) or "")
                self.places[f"axes.{axis}.{word}"] = name
        self.fields["scenarios_title"] = _text(
            _("Rubrik över scenarierna"), config.get("scenarios_title", "")
        )
        self.places["scenarios_title"] = "scenarios_title"
        self.scenarios = list(exercise.scenarios.all())
        for index, scenario in enumerate(self.scenarios):
            words = {"number": scenario.number}
            for word, label, rows in [
                ("name", _("Scenario %(number)s: namn"), 0),
                ("summary", _("Scenario %(number)s: sammanfattning"), 0),
                ("text", _("Scenario %(number)s: text"), 4),
            ]:
                name = f"{word}-{scenario.pk}"
                self.fields[name] = _text(label % words, getattr(scenario, word), rows)
                self.places[f"scenarios[{index}].{word}"] = name
        self.prompts = exercise.prompts_in(Prompt.Group.POSTCARD)
        for index, prompt in enumerate(self.prompts):
            words = {"key": prompt.key}
            self.fields[f"label-{prompt.key}"] = _text(
                _("Fältet %(key)s: fråga") % words, prompt.text, 2
            )
            self.fields[f"hint-{prompt.key}"] = _text(
                _("Fältet %(key)s: ledtråd") % words, prompt.hint
            )
            self.places[f"fields[{index}].label"] = f"label-{prompt.key}"
            self.places[f"fields[{index}].hint"] = f"hint-{prompt.key}"

    def spec(self) -> dict:
        data = self.cleaned_data
        axes = {
            axis: {word: data[f"{axis}_{word}"] for word in AXIS_WORDS if data[f"{axis}_{word}"]}
            | {
                "name": data[f"{axis}_name"],
                "high": data[f"{axis}_high"],
                "low": data[f"{axis}_low"],
            }
            for axis in AXES
        }
        scenarios = [
            {
                "number": scenario.number,
                "name": data[f"name-{scenario.pk}"],
                "summary": data[f"summary-{scenario.pk}"],
                "vertical": scenario.vertical,
                "horizontal": scenario.horizontal,
                "text": data[f"text-{scenario.pk}"],
            }
            for scenario in self.scenarios
        ]
        fields = [
            {"key": p.key, "label": data[f"label-{p.key}"], "hint": data[f"hint-{p.key}"]}
            for p in self.prompts
        ]
        return {
            "axes": axes,
            "scenarios_title": data["scenarios_title"],
            "scenarios": scenarios,
            "fields": fields,
        }

    def field_at(self, place: str) -> str | None:
        return self.places.get(place)
