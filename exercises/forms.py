"""What every participant's answer form is; each kind's own lives in its folder
(exercises/kinds/<kind>/forms.py). They only validate: each says which fields of the POST are
valid and present (`saveable()`), and what is wrong, field by field; the kind writes what is
valid, and says what the page shows.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

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
