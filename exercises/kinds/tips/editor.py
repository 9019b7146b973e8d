"""Övning 3's own editor: its tip lists (their titles, a list removed, a new one added last),
each list's categories (their names, one removed, one added) and tips (category, key phrase
and text; one removed, one added). Participants' choices belong to their list and ticks to
their tip: they stay while only words change."""

from django import forms
from django.utils.translation import gettext_lazy as _

from exercises.kinds.base import KindEditorForm
from exercises.models import Exercise


def _text(label, initial="", rows: int = 0, help_text=""):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else None
    return forms.CharField(
        label=label, required=False, initial=initial, widget=widget, help_text=help_text
    )


def _remove(label):
    return forms.BooleanField(label=label, required=False)


class TipListsForm(KindEditorForm):
    """`spec()` is the file's part; `kept` the lists' ids in its order (None for the new one)
    and `kept_tips` each list's tips' ids (None for a new tip)."""

    def __init__(self, *args, exercise: Exercise, **kwargs):
        super().__init__(*args, **kwargs)
        self.lists = list(exercise.tip_lists.prefetch_related("tips"))
        self.places: dict[str, str] = {}
        for tip_list in self.lists:
            self._list_fields(tip_list)
        self.start_section(_("Ny lista"))
        self.fields["new_list_title"] = _text(
            _("Ny lista: rubrik"),
            help_text=_("Läggs till sist. Lämna tomt om du inte vill lägga till någon."),
        )
        self.fields["new_list_short_title"] = _text(_("Ny lista: kort rubrik"))
        self.fields["new_list_categories"] = _text(
            _("Ny lista: kategorier"),
            rows=3,
            help_text=_("En per rad. Tipsen skriver du när listan är sparad."),
        )
        self.places["lists"] = "new_list_title"
        self.kept: list[int | None] = []
        self.kept_tips: list[list[int | None]] = []

    def _list_fields(self, tip_list) -> None:
        pk, words = tip_list.pk, {"list": tip_list.short_title}
        self.start_section(tip_list.short_title)
        self.fields[f"title-{pk}"] = _text(_("%(list)s: rubrik") % words, tip_list.title)
        self.fields[f"short_title-{pk}"] = _text(
            _("%(list)s: kort rubrik") % words, tip_list.short_title
        )
        self.fields[f"remove_list-{pk}"] = _remove(_("Ta bort listan %(list)s") % words)
        for key, name in tip_list.categories:
            category = words | {"category": name}
            self.fields[f"category-{pk}-{key}"] = _text(
                _("%(list)s: kategorin %(category)s") % category, name
            )
            self.fields[f"remove_category-{pk}-{key}"] = _remove(
                _("Ta bort kategorin %(category)s") % category
            )
        self.fields[f"new_category-{pk}"] = _text(
            _("%(list)s: ny kategori") % words, help_text=_("Läggs till sist.")
        )
        choices = list(tip_list.categories)
        for number, tip in enumerate(tip_list.tips.all(), start=1):
            tip_words = words | {"number": number}
            self.fields[f"tip_category-{tip.pk}"] = forms.ChoiceField(
                label=_("%(list)s, tips %(number)s: kategori") % tip_words,
                choices=choices,
                initial=tip.category,
            )
            self.fields[f"phrase-{tip.pk}"] = _text(
                _("%(list)s, tips %(number)s: nyckelfras") % tip_words, tip.key_phrase
            )
            self.fields[f"text-{tip.pk}"] = _text(
                _("%(list)s, tips %(number)s: text") % tip_words, tip.text, 2
            )
            self.fields[f"remove-{tip.pk}"] = _remove(
                _("Ta bort tips %(number)s i %(list)s") % tip_words
            )
        self.fields[f"new_tip_category-{pk}"] = forms.ChoiceField(
            label=_("%(list)s, nytt tips: kategori") % words,
            choices=choices,
            required=False,
            initial=choices[0][0] if choices else "",
        )
        self.fields[f"new_tip_phrase-{pk}"] = _text(
            _("%(list)s, nytt tips: nyckelfras") % words,
            help_text=_("Läggs till sist. Nyckelfrasen ska stå i texten."),
        )
        self.fields[f"new_tip_text-{pk}"] = _text(_("%(list)s, nytt tips: text") % words, rows=2)

    def spec(self) -> dict:
        data, lists = self.cleaned_data, []
        for tip_list in self.lists:
            if not data[f"remove_list-{tip_list.pk}"]:
                self.kept.append(tip_list.pk)
                lists.append(self._list_spec(tip_list, len(lists)))
        if data["new_list_title"] or data["new_list_short_title"]:
            index, taken = len(lists), {tip_list.key for tip_list in self.lists}
            names = [line.strip() for line in data["new_list_categories"].splitlines()]
            categories, keys = [], set()
            for name in filter(None, names):
                key = self.new_key(name, keys, "kategori")
                keys.add(key)
                categories.append({"key": key, "name": name})
            self.kept.append(None)
            self.kept_tips.append([])
            lists.append(
                {
                    "key": self.new_key(data["new_list_short_title"], taken, "lista"),
                    "title": data["new_list_title"],
                    "short_title": data["new_list_short_title"],
                    "categories": categories,
                    "tips": [],
                }
            )
            for word in ("title", "short_title", "categories"):
                self.places[f"lists[{index}].{word}"] = f"new_list_{word}"
            self.places[f"lists[{index}]"] = "new_list_title"
        return {"lists": lists}

    def _list_spec(self, tip_list, index: int) -> dict:
        data, pk = self.cleaned_data, tip_list.pk
        at = f"lists[{index}]"
        self.places |= {f"{at}.{word}": f"{word}-{pk}" for word in ("title", "short_title")}
        categories = []
        for key, _name in tip_list.categories:
            if not data[f"remove_category-{pk}-{key}"]:
                self.places[f"{at}.categories[{len(categories)}]"] = f"category-{pk}-{key}"
                categories.append({"key": key, "name": data[f"category-{pk}-{key}"]})
        if name := data[f"new_category-{pk}"]:
            taken = {key for key, _name in tip_list.categories}
            self.places[f"{at}.categories[{len(categories)}]"] = f"new_category-{pk}"
            categories.append({"key": self.new_key(name, taken, "kategori"), "name": name})
        self.places[f"{at}.categories"] = f"new_category-{pk}"
        tips, kept = [], []
        for tip in tip_list.tips.all():
            if not data[f"remove-{tip.pk}"]:
                names = (f"tip_category-{tip.pk}", f"phrase-{tip.pk}", f"text-{tip.pk}")
                tips.append(self._tip(f"{at}.tips[{len(tips)}]", *names))
                kept.append(tip.pk)
        names = (f"new_tip_category-{pk}", f"new_tip_phrase-{pk}", f"new_tip_text-{pk}")
        if data[names[1]] or data[names[2]]:
            tips.append(self._tip(f"{at}.tips[{len(tips)}]", *names))
            kept.append(None)
        self.kept_tips.append(kept)
        return {
            "key": tip_list.key,
            "title": data[f"title-{pk}"],
            "short_title": data[f"short_title-{pk}"],
            "categories": categories,
            "tips": tips,
        }

    def _tip(self, at: str, category: str, phrase: str, text: str) -> dict:
        """A tip's part of the file; its errors at its fields (a missing key phrase: the text)."""
        self.places |= {
            at: text,
            f"{at}.category": category,
            f"{at}.key_phrase": phrase,
            f"{at}.text": text,
        }
        data = self.cleaned_data
        return {"category": data[category], "key_phrase": data[phrase], "text": data[text]}
