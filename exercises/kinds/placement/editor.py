"""Övning 2's own editor: its rounds (their words, a round removed, a new one added last), which
of the day's roles are the room's corners, and the pairs of rounds whose moves are shown.
Placements belong to their round and corner: they stay while only words change."""

from django import forms
from django.utils.translation import gettext_lazy as _

from exercises.kinds.base import KindEditorForm
from exercises.models import Exercise

ROUND_WORDS = ("short", "instruction", "discussion", "questions")


def _round_fields(words: dict, initial: dict) -> dict:
    lines = initial.get("questions", "").count("\n") + 2
    rows = {"instruction": 3, "discussion": 3, "questions": max(4, lines)}
    labels = {
        "short": _("%(round)s: med några ord"),
        "instruction": _("%(round)s: instruktion"),
        "discussion": _("%(round)s: samtal"),
        "questions": _("%(round)s: frågor"),
    }
    helps = {
        "short": _("Namnet på rundan där den visas, t.ex. trivs bäst."),
        "questions": _("En fråga per rad."),
    }
    return {
        name: forms.CharField(
            label=labels[name] % words,
            required=False,
            initial=initial.get(name, ""),
            help_text=helps.get(name, ""),
            widget=forms.Textarea(attrs={"rows": rows[name]}) if name in rows else None,
        )
        for name in ROUND_WORDS
    }


class RoundsForm(KindEditorForm):
    """`spec()` is the file's part; `kept` the rounds' ids in its order (None for the new one),
    `keys` their keys (a new round gets the first free letter)."""

    def __init__(self, *args, exercise: Exercise, **kwargs):
        super().__init__(*args, **kwargs)
        self.exercise = exercise
        self.rounds = list(exercise.rounds.all())
        for number, placement_round in enumerate(self.rounds, start=1):
            words = {"round": _("Runda %(number)s") % {"number": number}}
            # The moves below are written with the rounds' keys: each round says its own.
            self.start_section(
                _("Runda %(number)s (nyckel %(key)s)")
                % {"number": number, "key": placement_round.key}
            )
            initial = {
                "short": placement_round.short,
                "instruction": placement_round.instruction,
                "discussion": placement_round.discussion,
                "questions": "\n".join(
                    prompt.text for prompt in exercise.prompts_in(placement_round.prompt_group)
                ),
            }
            for name, field in _round_fields(words, initial).items():
                self.fields[f"{name}-{placement_round.pk}"] = field
            self.fields[f"remove-{placement_round.pk}"] = forms.BooleanField(
                label=_("Ta bort runda %(number)s") % {"number": number}, required=False
            )
        self.start_section(_("Ny runda"))
        for name, field in _round_fields({"round": _("Ny runda")}, {}).items():
            self.fields[f"new_{name}"] = field
        self.fields["new_instruction"].help_text = _(
            "Läggs till sist. Lämna tomt om du inte vill lägga till någon."
        )
        self.start_section(_("Rummet"))
        roles = list(exercise.event.roles.all())
        self.fields["corners"] = forms.MultipleChoiceField(
            label=_("Rummets hörn"),
            choices=[(role.key, role.name) for role in roles],
            required=False,
            initial=[role.key for role in exercise.corner_roles()],
            widget=forms.CheckboxSelectMultiple,
        )
        self.all_roles = [role.key for role in roles]
        moves = (exercise.config or {}).get("moves") or []
        self.fields["moves"] = forms.CharField(
            label=_("Förflyttningar som visas"),
            required=False,
            initial="\n".join(f"{first} {last}" for first, last in moves),
            help_text=_(
                "Två rundors nycklar per rad, t.ex. A B (rundornas nycklar: %(keys)s). Tomt: "
                "varje runda från den före."
            )
            % {"keys": ", ".join(r.key for r in self.rounds) or "–"},
            widget=forms.Textarea(attrs={"rows": 2}),
        )
        self.kept: list[int | None] = []
        self.keys: list[str] = []
        self.places = {"corners": "corners", "moves": "moves", "rounds": "new_instruction"}

    def new_round_key(self) -> str:
        taken = {r.key for r in self.rounds}
        return next(letter for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if letter not in taken)

    def spec(self) -> dict:
        data, rounds, names = self.cleaned_data, [], []
        for placement_round in self.rounds:
            if not data[f"remove-{placement_round.pk}"]:
                self.kept.append(placement_round.pk)
                self.keys.append(placement_round.key)
                names.append(f"{{}}-{placement_round.pk}")
        if any(data[f"new_{name}"] for name in ROUND_WORDS):
            self.kept.append(None)
            self.keys.append(self.new_round_key())
            names.append("new_{}")
        for index, (key, name) in enumerate(zip(self.keys, names, strict=True)):
            lines = [line.strip() for line in data[name.format("questions")].splitlines()]
            rounds.append(
                {
                    "key": key,
                    "short": data[name.format("short")],
                    "instruction": data[name.format("instruction")],
                    "discussion": data[name.format("discussion")],
                    "questions": [line for line in lines if line],
                }
            )
            for word in ROUND_WORDS:
                self.places[f"rounds[{index}].{word}"] = name.format(word)
            self.places[f"rounds[{index}]"] = name.format("instruction")
        corners = [key for key in self.all_roles if key in data["corners"]]
        keep_all = corners == self.all_roles and "corners" not in (self.exercise.config or {})
        return {
            "rounds": rounds,
            "corners": None if keep_all else corners,
            "moves": self.moves() or None,
        }

    def moves(self) -> list[list[str]]:
        """The pairs written, without those of a removed round (their moves go with it)."""
        removed = {r.key for r in self.rounds} - set(self.keys)
        pairs = [
            line.replace("→", " ").replace(",", " ").split()
            for line in self.cleaned_data["moves"].splitlines()
            if line.strip()
        ]
        return [pair for pair in pairs if not removed & set(pair)]
