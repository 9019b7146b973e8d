from django import forms
from django.utils.translation import gettext_lazy as _

from changemakers.security import NumberField
from exercises.forms import TOO_LONG, AnswerForm
from exercises.kinds.postcard.models import Postcard, asked_fields
from exercises.textlimit import LimitedTextField

NO_SCENARIO = _("Välj först vilken framtid du skriver från.")


class PostcardForm(AnswerForm):
    """Övning 4. The scenario comes first: a postcard cannot be saved without one, and what
    was typed before choosing stays on the page until it can be."""

    template_name = "kinds/postcard/phone.html"
    prefixes = ()

    def build_fields(self):
        self.scenarios = list(self.exercise.scenarios.all())
        labels = {p.key: p for p in self.exercise.prompts_in("postcard")}
        self.asked = asked_fields(self.exercise)
        self.fields["scenario"] = forms.ModelChoiceField(
            queryset=self.exercise.scenarios.all(),
            to_field_name="number",
            required=False,
            widget=forms.RadioSelect,
            error_messages={"invalid_choice": _("Det scenariot finns inte. Välj en av de fyra.")},
        )
        if "year" in self.asked:
            self.fields["year"] = NumberField(
                required=False,
                min_value=1900,
                max_value=9999,
                error_messages={
                    "invalid": _("Skriv ett årtal med siffror, till exempel 2045."),
                    "min_value": _("Skriv ett år mellan 1900 och 9999."),
                    "max_value": _("Skriv ett år mellan 1900 och 9999."),
                },
            )
        for name in Postcard.FIELDS[1:]:
            if name not in self.asked:
                continue
            limit = Postcard._meta.get_field(name).max_length
            if limit <= 200:  # a name or a few words: the database counts code points
                self.fields[name] = forms.CharField(
                    required=False, max_length=limit, error_messages={"max_length": TOO_LONG}
                )
            else:
                self.fields[name] = LimitedTextField(
                    required=False, limit=limit, widget=forms.Textarea(attrs={"rows": 3})
                )
        for name, field in self.fields.items():
            if name in labels:
                field.label, field.help_text = labels[name].text, labels[name].hint

    def postcard(self) -> Postcard | None:
        return Postcard.objects.filter(participant=self.participant, exercise=self.exercise).first()

    def current(self):
        postcard = self.postcard()
        if postcard is None:
            return {}
        values = {name: getattr(postcard, name) for name in Postcard.FIELDS}
        return {**values, "scenario": postcard.scenario.number}

    existing_scenario = None  # the scenario of the postcard saved before, if none is posted

    def clean(self):
        super().clean()
        if self.cleaned_data.get("scenario") is None:
            postcard = self.postcard()
            self.existing_scenario = postcard.scenario if postcard else None
            if self.existing_scenario is None and "scenario" not in self.errors:
                self.add_error("scenario", NO_SCENARIO)
        return self.cleaned_data

    def text_fields(self):
        return [self[name] for name in self.asked if name != "scenario"]
