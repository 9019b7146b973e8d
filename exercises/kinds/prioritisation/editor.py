"""Prioritera's own editor: how it is prioritised (points or a ranking, and how many points),
and the items (their words, an item removed, a new one added last)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from exercises.kinds.base import KindEditorForm
from exercises.kinds.prioritisation.models import POINTS, RANK, mode_of, points_of
from exercises.models import Exercise


class ItemsForm(KindEditorForm):
    """`spec()` is the file's part; `kept` the items' ids in its order (None for the new one)."""

    mode = forms.ChoiceField(
        label=_("Sätt att prioritera"),
        choices=[(POINTS, _("Fördela poäng")), (RANK, _("Rangordna"))],
    )
    points = forms.IntegerField(
        label=_("Poäng att fördela"),
        required=False,
        help_text=_("2–10, bara när poäng fördelas."),
    )

    def __init__(self, *args, exercise: Exercise, **kwargs):
        initial = {"mode": mode_of(exercise), "points": points_of(exercise)}
        super().__init__(*args, initial=initial, **kwargs)
        self.start_section(_("Så prioriterar deltagarna"), at=0)
        self.start_section(_("Punkterna"))
        self.items = list(exercise.priority_items.order_by("order"))
        for number, item in enumerate(self.items, start=1):
            self.fields[f"text-{item.pk}"] = forms.CharField(
                label=_("Punkt %(number)s") % {"number": number},
                required=False,
                initial=item.text,
            )
            self.fields[f"remove-{item.pk}"] = forms.BooleanField(
                label=_("Ta bort punkt %(number)s") % {"number": number}, required=False
            )
        self.fields["new"] = forms.CharField(
            label=_("Ny punkt"),
            required=False,
            help_text=_("Läggs till sist. Lämna tomt om du inte vill lägga till någon."),
        )
        self.kept: list[int | None] = []
        self.places: dict[str, str] = {"mode": "mode", "points": "points", "items": "new"}

    def spec(self) -> dict:
        data, items, names = self.cleaned_data, [], []
        for item in self.items:
            if not data[f"remove-{item.pk}"]:
                self.kept.append(item.pk)
                names.append(f"text-{item.pk}")
                items.append({"key": item.key, "text": data[names[-1]]})
        if data["new"]:
            self.kept.append(None)
            names.append("new")
            taken = {item.key for item in self.items}
            items.append({"key": self.new_key(data["new"], taken, "punkt"), "text": data["new"]})
        for index, name in enumerate(names):
            self.places[f"items[{index}]"] = name
        points = data["points"] if data["mode"] == POINTS else None
        return {"mode": data["mode"], "points": points, "items": items}
