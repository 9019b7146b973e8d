"""Övning 1's own editor: the scale, what is rated, and the abilities with their roles."""

from django import forms
from django.utils.translation import gettext_lazy as _

from exercises.kinds.base import KindEditorForm
from exercises.kinds.rating.models import Ability
from exercises.models import Exercise


class AbilitiesForm(KindEditorForm):
    """The scale's ends and words, what is rated (one/many), each ability's name and roles (or
    the ability removed) and a new ability; `spec()` is the file's part, `kept` the abilities'
    ids in its order (None for the new one)."""

    scale_min = forms.IntegerField(label=_("Skalans lägsta värde"))
    scale_max = forms.IntegerField(label=_("Skalans högsta värde"))
    scale_low = forms.CharField(label=_("Ord för det lägsta värdet"), required=False)
    scale_high = forms.CharField(label=_("Ord för det högsta värdet"), required=False)
    rated_one = forms.CharField(label=_("Det som skattas, en (t.ex. förmåga)"), required=False)
    rated_many = forms.CharField(label=_("Det som skattas, flera (t.ex. förmågor)"), required=False)

    def __init__(self, *args, exercise: Exercise, **kwargs):
        scale, rated = exercise.scale, (exercise.config or {}).get("rated") or {}
        initial = {
            "scale_min": scale.min,
            "scale_max": scale.max,
            "scale_low": scale.low,
            "scale_high": scale.high,
            "rated_one": rated.get("one", ""),
            "rated_many": rated.get("many", ""),
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.start_section(_("Skalan och det som skattas"), at=0)
        roles = [(role.key, role.name) for role in exercise.event.roles.all()]
        links = Ability.roles.through.objects.filter(ability__exercise=exercise).order_by("pk")
        role_keys: dict[int, list[str]] = {}
        for ability_id, key in links.values_list("ability_id", "role__key"):
            role_keys.setdefault(ability_id, []).append(key)
        self.abilities = list(exercise.abilities.all())
        self.start_section(_("Förmågorna och deras roller"))
        for number, ability in enumerate(self.abilities, start=1):
            self.fields[f"name-{ability.pk}"] = forms.CharField(
                label=_("Förmåga %(number)s") % {"number": number},
                required=False,
                initial=ability.name,
            )
            self.fields[f"roles-{ability.pk}"] = forms.MultipleChoiceField(
                label=_("Roller för förmåga %(number)s") % {"number": number},
                choices=roles,
                required=False,
                initial=role_keys.get(ability.pk, []),
                widget=forms.CheckboxSelectMultiple,
            )
            self.fields[f"remove-{ability.pk}"] = forms.BooleanField(
                label=_("Ta bort förmåga %(number)s") % {"number": number}, required=False
            )
        self.fields["new_name"] = forms.CharField(
            label=_("Ny förmåga"), required=False, help_text=_("Läggs till sist.")
        )
        self.fields["new_roles"] = forms.MultipleChoiceField(
            label=_("Roller för den nya förmågan"),
            choices=roles,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.kept: list[int | None] = []
        self.places: dict[str, str] = {
            "scale.min": "scale_min",
            "scale.max": "scale_max",
            "scale.low": "scale_low",
            "scale.high": "scale_high",
            "rated.one": "rated_one",
            "rated.many": "rated_many",
            "abilities": "new_name",
        }

    def spec(self) -> dict:
        data = self.cleaned_data
        abilities, names = [], []
        for ability in self.abilities:
            if not data[f"remove-{ability.pk}"]:
                self.kept.append(ability.pk)
                names.append(str(ability.pk))
                abilities.append(
                    {"name": data[f"name-{ability.pk}"], "roles": data[f"roles-{ability.pk}"]}
                )
        if data["new_name"] or data["new_roles"]:
            self.kept.append(None)
            names.append("new")
            abilities.append({"name": data["new_name"], "roles": data["new_roles"]})
        for index, name in enumerate(names):
            prefix = "new_" if name == "new" else ""
            suffix = "" if name == "new" else f"-{name}"
            self.places[f"abilities[{index}].name"] = f"{prefix}name{suffix}"
            self.places[f"abilities[{index}].roles"] = f"{prefix}roles{suffix}"
        rated = {"one": data["rated_one"], "many": data["rated_many"]}
        scale = {key: data[f"scale_{key}"] for key in ("min", "max", "low", "high")}
        return {
            "scale": scale,
            "rated": rated if any(rated.values()) else None,
            "abilities": abilities,
        }
