"""The prompts answer form: it only validates."""

from django import forms
from django.utils.translation import gettext_lazy as _

from exercises.forms import AnswerForm
from exercises.kinds.prompts.models import Reflection
from exercises.models import TEXT_LIMIT, Prompt
from exercises.textlimit import LimitedTextField


class PromptAnswersForm(AnswerForm):
    """A text per prompt: the lunch prompts and Övning 5's reflection levels.
    Both are stored as Reflection rows (one per participant and prompt)."""

    template_name = "kinds/prompts/phone.html"
    prefixes = ("prompt-",)
    unknown_message = _("Den frågan finns inte i övningen.")
    group = ""  # the prompts answered (Prompt.Group)

    def build_fields(self):
        self.prompts = self.exercise.prompts_in(self.group)
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


class LunchForm(PromptAnswersForm):
    group = Prompt.Group.QUESTIONS


class ReflectionForm(PromptAnswersForm):
    group = Prompt.Group.REFLECTION
