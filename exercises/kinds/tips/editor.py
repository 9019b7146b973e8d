"""Övning 3's own editor: the words of its tip lists, their categories and tips. The lists,
categories and tips themselves stay (participants' choices and ticks refer to them)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from exercises.models import Exercise


def _text(label, initial, rows: int = 0):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else None
    return forms.CharField(label=label, required=False, initial=initial, widget=widget)


class TipWordsForm(forms.Form):
    """`spec()` is the file's part: the same lists, categories and tips, the words changed."""

    def __init__(self, *args, exercise: Exercise, **kwargs):
        super().__init__(*args, **kwargs)
        self.lists = list(exercise.tip_lists.prefetch_related("tips"))
        self.places: dict[str, str] = {}
        for i, tip_list in enumerate(self.lists):
            words = {"list": tip_list.short_title}
            for word, label in [
                ("title", _("%(list)s: rubrik")),
                ("short_title", _("%(list)s: kort rubrik")),
            ]:
                name = f"{word}-{tip_list.pk}"
                self.fields[name] = _text(label % words, getattr(tip_list, word))
                self.places[f"lists[{i}].{word}"] = name
            for c, (key, category) in enumerate(tip_list.categories):
                name = f"category-{tip_list.pk}-{key}"
                label = _("%(list)s: kategorin %(key)s") % (words | {"key": key})
                self.fields[name] = _text(label, category)
                self.places[f"lists[{i}].categories[{c}].name"] = name
            for j, tip in enumerate(tip_list.tips.all()):
                tip_words = words | {"number": j + 1}
                self.fields[f"phrase-{tip.pk}"] = _text(
                    _("%(list)s, tips %(number)s: nyckelfras") % tip_words, tip.key_phrase
                )
                self.fields[f"text-{tip.pk}"] = _text(
                    _("%(list)s, tips %(number)s: text") % tip_words, tip.text, 2
                )
                self.places[f"lists[{i}].tips[{j}].key_phrase"] = f"phrase-{tip.pk}"
                self.places[f"lists[{i}].tips[{j}]"] = f"text-{tip.pk}"

    def spec(self) -> dict:
        data = self.cleaned_data
        return {
            "lists": [
                {
                    "key": tip_list.key,
                    "title": data[f"title-{tip_list.pk}"],
                    "short_title": data[f"short_title-{tip_list.pk}"],
                    "categories": [
                        {"key": key, "name": data[f"category-{tip_list.pk}-{key}"]}
                        for key, _name in tip_list.categories
                    ],
                    "tips": [
                        {
                            "category": tip.category,
                            "key_phrase": data[f"phrase-{tip.pk}"],
                            "text": data[f"text-{tip.pk}"],
                        }
                        for tip in tip_list.tips.all()
                    ],
                }
                for tip_list in self.lists
            ]
        }

    def field_at(self, place: str) -> str | None:
        """The field of an error's place (`lists[0].tips[3]`: the tip's text, where a key
        phrase must stand)."""
        found = [
            prefix for prefix in self.places if place == prefix or place.startswith(prefix + ".")
        ]
        return self.places[max(found, key=len)] if found else None
