"""Forms that only validate; talks.services does the writing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from changemakers.security import parse_id, parse_number
from talks.models import (
    MAX_OPTIONS,
    MIN_OPTIONS,
    OPTION_MAX,
    POLL_QUESTION_MAX,
    QUESTION_MAX,
    WORD_MAX,
    Poll,
)
from talks.services import SCALE_STEPS


def _one_line(value: str) -> str:
    return " ".join(value.split())


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Din fråga"),
        max_length=QUESTION_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Skriv en fråga först.")},
    )
    show_name = forms.BooleanField(label=_("Visa mitt namn"), required=False)

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Skriv en fråga först."))
        return text


class PollCreateForm(forms.Form):
    question = forms.CharField(label=_("Fråga"), max_length=POLL_QUESTION_MAX)
    kind = forms.ChoiceField(
        label=_("Svar"),
        choices=Poll.Kind.choices,
        initial=Poll.Kind.CHOICE,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number in range(1, MAX_OPTIONS + 1):
            self.fields[f"option_{number}"] = forms.CharField(
                label=_("Alternativ %(number)s") % {"number": number},
                max_length=OPTION_MAX,
                required=False,
            )

    def option_fields(self):
        return [self[f"option_{number}"] for number in range(1, MAX_OPTIONS + 1)]

    def clean(self):
        cleaned = super().clean()
        texts = [
            _one_line(cleaned.get(f"option_{number}") or "") for number in range(1, MAX_OPTIONS + 1)
        ]
        cleaned["options"] = [text for text in texts if text]
        if cleaned.get("kind") == Poll.Kind.CHOICE and len(cleaned["options"]) < MIN_OPTIONS:
            raise forms.ValidationError(
                _("Skriv minst %(min)s svarsalternativ (högst %(max)s).")
                % {"min": MIN_OPTIONS, "max": MAX_OPTIONS}
            )
        return cleaned


class PollAnswerForm(forms.Form):
    """The phone's answer to one poll: an option, a step of the scale, or a few words."""

    answer = forms.CharField(max_length=WORD_MAX, error_messages={"required": _("Välj ett svar.")})

    def __init__(self, poll: Poll, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.poll = poll
        if poll.kind == Poll.Kind.WORDS:
            self.fields["answer"].label = _("Ditt svar (några ord)")
            self.fields["answer"].error_messages["required"] = _("Skriv några ord.")

    def clean_answer(self):
        raw = _one_line(self.cleaned_data["answer"])
        if self.poll.kind == Poll.Kind.WORDS:
            if not raw:
                raise forms.ValidationError(_("Skriv några ord."))
            return {"text": raw}
        if self.poll.kind == Poll.Kind.SCALE:
            value = parse_number(raw, low=SCALE_STEPS.start, high=SCALE_STEPS.stop - 1)
            if value is None:
                raise forms.ValidationError(_("Välj ett svar."))
            return {"value": value}
        option_id = parse_id(raw)
        option = self.poll.options.filter(pk=option_id).first() if option_id else None
        if option is None:
            raise forms.ValidationError(_("Välj ett svar."))
        return {"option": option}
