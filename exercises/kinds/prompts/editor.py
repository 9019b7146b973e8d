"""Övning 5's own editor: the reflection levels' texts, removing a level, adding one."""

from django import forms
from django.utils.translation import gettext_lazy as _

from exercises.models import Exercise, Prompt


class LevelsForm(forms.Form):
    """A text per level (or the level removed) and a new level; `spec()` is the file's part."""

    def __init__(self, *args, exercise: Exercise, **kwargs):
        super().__init__(*args, **kwargs)
        self.levels = exercise.prompts_in(Prompt.Group.REFLECTION)
        for number, level in enumerate(self.levels, start=1):
            self.fields[f"level-{level.key}"] = forms.CharField(
                label=_("Nivå %(number)s") % {"number": number},
                required=False,
                initial=level.text,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.fields[f"remove-{level.key}"] = forms.BooleanField(
                label=_("Ta bort nivå %(number)s") % {"number": number}, required=False
            )
        self.fields["new"] = forms.CharField(
            label=_("Ny nivå"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("Läggs till sist. Lämna tomt för ingen ny nivå."),
        )
        self.places: dict[str, str] = {}

    def spec(self) -> dict:
        data = self.cleaned_data
        fields = [f"level-{level.key}" for level in self.levels if not data[f"remove-{level.key}"]]
        levels = [{"key": name.removeprefix("level-"), "text": data[name]} for name in fields]
        if data["new"]:
            keys = {level.key for level in self.levels}
            number = len(self.levels) + 1
            while f"niva-{number}" in keys:
                number += 1
            levels.append({"key": f"niva-{number}", "text": data["new"]})
            fields.append("new")
        self.places = {f"levels[{index}].text": name for index, name in enumerate(fields)}
        return {"levels": levels}

    def field_at(self, place: str) -> str | None:
        """The field of an error's place below the exercise (`levels[1].text`)."""
        return self.places.get(place)
