"""The prioritisation answer form: it only validates."""

import copy

from django import forms
from django.utils.translation import gettext_lazy as _

from changemakers.security import parse_number
from exercises.forms import AnswerForm
from exercises.kinds.prioritisation.models import RANK, Priority, mode_of, points_of


def _number_or_none(value: str) -> int | None:
    return None if value in ("", None) else parse_number(value)


class PrioritisationForm(AnswerForm):
    """Points: a choice of 0 to the exercise's points per item; what this answer would give in
    all (the stored points of the items not in it counted) may not go over them. Rank: a place
    per item, or none; two items of one answer cannot share a place (taking an item's place
    from what was stored before swaps them: the kind's `save`)."""

    template_name = "kinds/prioritisation/phone.html"
    prefixes = ("item-",)
    unknown_message = _("Den punkten finns inte i övningen.")

    def build_fields(self):
        self.items = list(self.exercise.priority_items.order_by("order"))
        self.mode = mode_of(self.exercise)
        self.points = points_of(self.exercise)
        if self.mode == RANK:
            self.values = [""] + [str(n) for n in range(1, len(self.items) + 1)]
            message = _("Välj en plats från 1 till %(last)s.") % {"last": len(self.items)}
        else:
            self.values = [str(n) for n in range(self.points + 1)]
            message = _("Välj 0 till %(points)s poäng.") % {"points": self.points}
        field = forms.TypedChoiceField(
            choices=[(value, value or "–") for value in self.values],
            coerce=_number_or_none,
            empty_value=None,
            required=False,
            widget=forms.RadioSelect,
            error_messages={"invalid_choice": message},
        )
        for item in self.items:
            self.fields[f"item-{item.pk}"] = copy.copy(field)
            self.fields[f"item-{item.pk}"].label = item.text

    def current(self) -> dict[str, int]:
        priorities = Priority.objects.filter(participant=self.participant, item__in=self.items)
        return {f"item-{p.item_id}": p.value for p in priorities}

    def clean(self):
        cleaned = super().clean()
        posted = [name for name in self.fields if name in self.data and name not in self.errors]
        if self.mode == RANK:
            seen: dict[int, str] = {}
            for name in posted:
                place = self.cleaned_data.get(name)
                if place is not None and place in seen:
                    self.add_error(name, _("Två punkter kan inte ha samma plats."))
                elif place is not None:
                    seen[place] = name
            return cleaned
        given = self.current()
        for name in posted:
            before = given.get(name, 0)
            value = self.cleaned_data.get(name) or 0
            others = sum(v for n, v in given.items() if n != name)
            if value > before and others + value > self.points:
                self.add_error(
                    name,
                    _("Du har %(left)s poäng kvar att ge. Ta poäng från något annat först.")
                    % {"left": max(self.points - others, 0)},
                )
            else:
                given[name] = value
        self.given = given
        return cleaned

    given: dict[str, int] | None = None  # points mode: the points once this answer is stored

    def rows(self, only=None):
        """(item, field name, its value, errors) per item (`only`: those items' ids): what is
        stored, and what was sent where it could not be."""
        values = {name: str(value) for name, value in self.current().items()}
        if self.is_bound:
            values |= {name: self.data.get(name, "") for name in self.errors if name in self.data}
        for item in self.items:
            if only is not None and item.pk not in only:
                continue
            name = f"item-{item.pk}"
            yield item, name, str(values.get(name, "")), self.errors.get(name)
