"""The prompt kinds' own editors: Övning 5's reflection levels and the lunch prompts, each
prompt's text, removing one, adding one."""

from django import forms
from django.utils.translation import gettext_lazy as _

from exercises.kinds.base import KindEditorForm
from exercises.models import Exercise, Prompt


class PromptsForm(KindEditorForm):
    """A text per prompt (or the prompt removed) and a new one, added last; `spec()` is the
    file's part, `kept` the prompts' keys in its order (the write keeps their answers)."""

    group: str
    label = _("Fråga %(number)s")
    remove_label = _("Ta bort fråga %(number)s")
    new_label = _("Ny fråga")

    def __init__(self, *args, exercise: Exercise, **kwargs):
        super().__init__(*args, **kwargs)
        self.prompts = exercise.prompts_in(self.group)
        for number, prompt in enumerate(self.prompts, start=1):
            self.fields[f"text-{prompt.key}"] = forms.CharField(
                label=self.label % {"number": number},
                required=False,
                initial=prompt.text,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.fields[f"remove-{prompt.key}"] = forms.BooleanField(
                label=self.remove_label % {"number": number}, required=False
            )
        self.fields["new"] = forms.CharField(
            label=self.new_label,
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("Läggs till sist. Lämna tomt om du inte vill lägga till något."),
        )
        self.kept: list[str] = []
        self.places: dict[str, str] = {}

    def new_key(self) -> str:
        keys = {prompt.key for prompt in self.prompts}
        number = len(self.prompts) + 1
        while self.key_for(number) in keys:
            number += 1
        return self.key_for(number)

    def key_for(self, number: int) -> str:
        return str(number)

    def spec(self) -> dict:
        data = self.cleaned_data
        fields = [f"text-{p.key}" for p in self.prompts if not data[f"remove-{p.key}"]]
        self.kept = [name.removeprefix("text-") for name in fields]
        if data["new"]:
            self.kept.append(self.new_key())
            fields.append("new")
        entries = [self.entry(key, data[name]) for key, name in zip(self.kept, fields, strict=True)]
        self.places = {self.place(index): name for index, name in enumerate(fields)}
        return {self.spec_key: entries}


class LevelsForm(PromptsForm):
    group = Prompt.Group.REFLECTION
    spec_key = "levels"
    label = _("Nivå %(number)s")
    remove_label = _("Ta bort nivå %(number)s")
    new_label = _("Ny nivå")

    def key_for(self, number: int) -> str:
        return f"niva-{number}"

    def entry(self, key: str, text: str):
        return {"key": key, "text": text}

    def place(self, index: int) -> str:
        return f"levels[{index}].text"


class LunchPromptsForm(PromptsForm):
    """The lunch prompts are the exercise's questions (the file's `questions`)."""

    group = Prompt.Group.QUESTIONS
    spec_key = "questions"

    def entry(self, key: str, text: str):
        return text

    def place(self, index: int) -> str:
        return f"questions[{index}]"
