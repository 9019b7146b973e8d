"""Övning 4's own editor: the axes' words; the four scenarios (their numbers, words and places
in the 2×2); the postcard's fields (their questions and hints, a field removed, one of those it
does not ask yet added last). Postcards belong to their scenario: they stay when it moves."""

from django import forms
from django.utils.translation import gettext_lazy as _

from exercises.kinds.base import KindEditorForm
from exercises.kinds.postcard.models import Level, Postcard
from exercises.kinds.postcard.spec import POSTCARD_FIELDS
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


def field_name(key: str) -> str:
    """A postcard field's name for people ("avsändare"), from its column."""
    return str(Postcard._meta.get_field(key).verbose_name) if key != "scenario" else _("scenario")


class ScenariosForm(KindEditorForm):
    """`spec()` is the file's part; `kept` the fields' keys in its order."""

    def __init__(self, *args, exercise: Exercise, **kwargs):
        super().__init__(*args, **kwargs)
        config = exercise.config or {}
        self.places: dict[str, str] = {}
        self.start_section(_("Axlarna"))
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
            self.start_section(_("Scenario %(number)s") % words)
            for word, label, rows in [
                ("name", _("Scenario %(number)s: namn"), 0),
                ("summary", _("Scenario %(number)s: sammanfattning"), 0),
                ("text", _("Scenario %(number)s: text"), 4),
            ]:
                name = f"{word}-{scenario.pk}"
                self.fields[name] = _text(label % words, getattr(scenario, word), rows)
                self.places[f"scenarios[{index}].{word}"] = name
            self.fields[f"number-{scenario.pk}"] = forms.IntegerField(
                label=_("Scenario %(number)s: nummer") % words, initial=scenario.number
            )
            for axis, axis_label in AXES.items():
                self.fields[f"{axis}-{scenario.pk}"] = forms.ChoiceField(
                    label=_("Scenario %(number)s: %(axis)s") % (words | {"axis": axis_label}),
                    choices=Level.choices,
                    initial=getattr(scenario, axis),
                )
                self.places[f"scenarios[{index}].{axis}"] = f"{axis}-{scenario.pk}"
            self.places[f"scenarios[{index}].number"] = f"number-{scenario.pk}"
            self.places[f"scenarios[{index}]"] = f"vertical-{scenario.pk}"
        self.places["scenarios"] = f"vertical-{self.scenarios[0].pk}" if self.scenarios else ""
        self.prompts = exercise.prompts_in(Prompt.Group.POSTCARD)
        self.start_section(_("Vykortets fält"))
        for prompt in self.prompts:
            words = {"key": field_name(prompt.key)}
            self.fields[f"label-{prompt.key}"] = _text(
                _("Fältet %(key)s: fråga") % words, prompt.text, 2
            )
            self.fields[f"hint-{prompt.key}"] = _text(
                _("Fältet %(key)s: ledtråd") % words, prompt.hint
            )
            if prompt.key != "scenario":
                self.fields[f"remove-{prompt.key}"] = forms.BooleanField(
                    label=_("Ta bort fältet %(key)s") % {"key": field_name(prompt.key)},
                    required=False,
                )
        asked = {prompt.key for prompt in self.prompts}
        self.start_section(_("Nytt fält"))
        if unasked := [(k, field_name(k)) for k in POSTCARD_FIELDS if k not in asked]:
            self.fields["new_key"] = forms.ChoiceField(
                label=_("Nytt fält"),
                choices=[("", "–"), *unasked],
                required=False,
                help_text=_("Läggs till sist, med sin fråga och ledtråd nedan."),
            )
            self.fields["new_label"] = _text(_("Nytt fält: fråga"), "", 2)
            self.fields["new_hint"] = _text(_("Nytt fält: ledtråd"), "")
            self.places["fields"] = "new_key"
        self.kept: list[str] = []

    def clean(self):
        data = super().clean()
        if data.get("new_label") and not data.get("new_key"):
            self.add_error("new_key", _("Välj vilket fält frågan hör till."))
        return data

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
                "number": data[f"number-{scenario.pk}"],
                "name": data[f"name-{scenario.pk}"],
                "summary": data[f"summary-{scenario.pk}"],
                "vertical": data[f"vertical-{scenario.pk}"],
                "horizontal": data[f"horizontal-{scenario.pk}"],
                "text": data[f"text-{scenario.pk}"],
            }
            for scenario in self.scenarios
        ]
        fields, names = [], []
        for prompt in self.prompts:
            if not data.get(f"remove-{prompt.key}"):
                self.kept.append(prompt.key)
                names.append((f"label-{prompt.key}", f"hint-{prompt.key}"))
        if data.get("new_key"):
            self.kept.append(data["new_key"])
            names.append(("new_label", "new_hint"))
        for index, (key, (label, hint)) in enumerate(zip(self.kept, names, strict=True)):
            fields.append({"key": key, "label": data[label], "hint": data[hint]})
            self.places[f"fields[{index}].label"] = label
            self.places[f"fields[{index}].hint"] = hint
            self.places[f"fields[{index}].key"] = "new_key" if label == "new_label" else label
        return {
            "axes": axes,
            "scenarios_title": data["scenarios_title"],
            "scenarios": scenarios,
            "fields": fields,
        }
