"""The participants' answer forms, one per kind of exercise.

Each form saves what is valid and present in the POST, and reports what is not, field by field.
A field missing from the POST is left as it is in the database. Every write is one upsert on the
answer's unique constraint (INSERT … ON CONFLICT DO UPDATE, on SQLite and PostgreSQL alike): a
double tap, a resend from the phone's outbox or the same answer arriving through two server
processes at once edits the one row, never duplicates it, never fails on the constraint, and the
later write wins per field.
"""

import copy

from django import forms
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from changemakers.security import DATABASE_ID, ModelIdsField
from exercises.models import (
    TEXT_LIMIT,
    Placement,
    Rating,
    Reflection,
    Tip,
    TipChoice,
    TipList,
    TipTick,
    participant_profile,
)
from exercises.profile import profile_chart
from exercises.tables import in_words
from exercises.textlimit import LimitedTextField


def upsert(model, rows: list[dict], *, unique: tuple[str, ...], update: tuple[str, ...]) -> None:
    """Insert each row, or update `update` on the row that has the same `unique` fields: one
    statement, atomic in the database, so concurrent first saves cannot collide."""
    if not rows:
        return
    now = timezone.now()
    stamps = {name: now for name in ("created_at", "updated_at") if hasattr(model, name)}
    model.objects.bulk_create(
        [model(**row, **stamps) for row in rows],
        update_conflicts=True,
        unique_fields=list(unique),
        update_fields=[*update, *(("updated_at",) if "updated_at" in stamps else ())],
    )


TOO_LONG = _("Texten får vara högst %(limit_value)d tecken (nu %(show_value)d).")


class AnswerForm(forms.Form):
    template_name = ""  # the kind's template, with partials "form" and "saved"
    prefixes: tuple[str, ...] = ()
    unknown_message = _("Svaret hör inte till den här övningen.")

    def __init__(self, exercise, participant, data=None, query=None):
        super().__init__(data)
        self.exercise = exercise
        self.participant = participant
        self.query = query or {}  # the page's address parameters (request.GET)
        self.build_fields()
        if data is None:
            self.initial = self.current()
        self.saved_message = ""

    def build_fields(self) -> None:
        raise NotImplementedError

    def current(self) -> dict:
        """The saved answers, as initial values."""
        return {}

    def clean(self):
        unknown = [
            key
            for key in self.data
            if key.startswith(self.prefixes) and key not in self.fields and key != "action"
        ]
        if unknown:
            raise forms.ValidationError(self.unknown_message, code="unknown")
        return self.cleaned_data

    @property
    def action(self) -> str:
        return self.data.get("action", "")

    def saveable(self) -> list[str]:
        self.is_valid()
        return [name for name in self.fields if name in self.data and name not in self.errors]

    def save(self) -> None:
        raise NotImplementedError

    def extra_context(self) -> dict:
        return {}

    def redirect_query(self) -> str:
        """Address parameters for the page a plain POST redirects to."""
        return ""

    def error_slots(self):
        """(slot id, errors) for every field, so an autosave can clear or show each message."""
        for name in self.fields:
            yield f"error-{name}", self.errors.get(name, [])
        yield f"error-{self.exercise.key}", self.non_field_errors()


def scale_field(scale) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        choices=[(value, str(value)) for value in scale.values],
        coerce=int,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": scale_message(scale)},
    )


def scale_message(scale) -> str:
    return _("Välj ett värde från %(min)s till %(max)s.") % {"min": scale.min, "max": scale.max}


class RatingForm(AnswerForm):
    template_name = "exercises/rating.html"
    prefixes = ("ability-",)
    unknown_message = _("Den förmågan finns inte i övningen.")

    def build_fields(self):
        # One exercise's abilities: order by their own order, without joining the exercise.
        self.abilities = list(self.exercise.abilities.order_by("order"))
        self.scale = self.exercise.scale
        self.scale_values = [str(value) for value in self.scale.values]
        # One field, copied per ability with its label (normalising the choices of 16 new
        # fields was ~8 % of an autosave's CPU). The template draws the inputs itself.
        scale = scale_field(self.scale)
        for ability in self.abilities:
            field = self.fields[f"ability-{ability.pk}"] = copy.copy(scale)
            field.label = ability.name

    def current(self):
        ratings = Rating.objects.filter(participant=self.participant, ability__in=self.abilities)
        return {f"ability-{r.ability_id}": r.value for r in ratings}

    def save(self):
        rows = [
            {
                "participant": self.participant,
                "ability_id": int(name.removeprefix("ability-")),
                "value": self.cleaned_data[name],
            }
            for name in self.saveable()
            if self.cleaned_data[name] not in ("", None)
        ]
        upsert(Rating, rows, unique=("participant", "ability"), update=("value",))
        if self.action == "done":
            rated = set(self.current())
            self.rated_count = len(rated)
            for name in self.fields:
                if name not in rated and name not in self.errors:
                    self.add_error(name, scale_message(self.scale))
            if not self.errors:
                self.saved_message = _("Klart! Här är din rollprofil.")
        else:
            self.rated_count = Rating.objects.filter(
                participant=self.participant, ability__in=self.abilities
            ).count()
            self.saved_message = _("Sparat ✓ %(rated)d av %(total)d förmågor skattade.") % {
                "rated": self.rated_count,
                "total": len(self.abilities),
            }

    def rows(self):
        values = self.data if self.is_bound else self.initial
        for ability in self.abilities:
            name = f"ability-{ability.pk}"
            yield ability, name, str(values.get(name, "")), self.errors.get(name)

    rated_count: int | None = None  # known after save(); counted otherwise

    def extra_context(self):
        rated_count = self.rated_count
        if rated_count is None:
            rated_count = Rating.objects.filter(
                participant=self.participant, ability__in=self.abilities
            ).count()
        complete = rated_count == len(self.abilities)
        profile = participant_profile(self.participant) if complete else None
        return {
            "rated_count": rated_count,
            "rated_left": len(self.abilities) - rated_count,
            "ability_count": len(self.abilities),
            "profile": profile,
            "chart": profile_chart(profile, self.scale) if profile else None,
            # Shown under the profile only: not queried on every autosave before it.
            "closing_questions": self.exercise.phone_questions() if complete else [],
        }


class PlacementForm(AnswerForm):
    template_name = "exercises/placement.html"
    prefixes = ("round-",)
    unknown_message = _("Den rundan finns inte i övningen.")

    def build_fields(self):
        self.rounds = self.exercise.open_rounds()
        self.roles = self.exercise.corner_roles()
        for round_ in self.rounds:
            self.fields[f"round-{round_.key}"] = forms.ModelChoiceField(
                label=round_.instruction,
                queryset=self.exercise.event.roles.filter(pk__in=[r.pk for r in self.roles]),
                to_field_name="key",
                required=False,
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": _("Välj en av de %(count)s rollerna.")
                    % {"count": in_words(len(self.roles))}
                },
            )

    def clean(self):
        for round_ in self.exercise.rounds.all():
            name = f"round-{round_.key}"
            if name in self.data and name not in self.fields:
                raise forms.ValidationError(
                    _("Runda %(key)s är inte öppen ännu. Samtalsledaren öppnar den.")
                    % {"key": round_.key},
                    code="round_not_open",
                )
        return super().clean()

    def current(self):
        placements = Placement.objects.filter(participant=self.participant, round__in=self.rounds)
        by_round = {p.round_id: p.role for p in placements.select_related("role")}
        return {f"round-{r.key}": by_round[r.pk].key for r in self.rounds if r.pk in by_round}

    def save(self):
        for name in self.saveable():
            role = self.cleaned_data[name]
            round_ = next(r for r in self.rounds if f"round-{r.key}" == name)
            if role is not None:
                upsert(
                    Placement,
                    [{"participant": self.participant, "round": round_, "role": role}],
                    unique=("participant", "round"),
                    update=("role",),
                )

    def round_rows(self):
        chosen = self.current()
        for round_ in self.rounds:
            name = f"round-{round_.key}"
            value = self.data.get(name, chosen.get(name, "")) if self.is_bound else chosen.get(name)
            yield {
                "round": round_,
                "name": name,
                "value": value or "",
                "chosen": chosen.get(name),
                "questions": self.exercise.prompts_in(round_.prompt_group),
                "errors": self.errors.get(name),
            }


class TipsForm(AnswerForm):
    """Look at a list, tick tips in it, hand it in. Which list is on the page is page state
    (`?lista=<key>`), never a change to what was handed in. `ticking` names the list whose boxes
    were on the page: its ticks become exactly the ticked boxes (an unticked box is not in the
    POST). Handing in makes that list the participant's one answer; ticks left in other lists
    stay stored but do not count."""

    template_name = "exercises/tips.html"
    prefixes = ("ticking",)

    def build_fields(self):
        lists = self.exercise.tip_lists.all()
        self.lists = list(lists.prefetch_related("tips"))
        self.fields["ticking"] = forms.ModelChoiceField(
            queryset=lists,
            to_field_name="key",
            required=False,
            widget=forms.HiddenInput,
            error_messages={
                "invalid_choice": _("Välj en av de %(count)s listorna.")
                % {"count": in_words(len(self.lists))}
            },
        )
        self.fields["tips"] = ModelIdsField(
            label=_("Tips som är realistiska att starta i dag"),
            queryset=Tip.objects.filter(tip_list__exercise=self.exercise),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            error_messages={
                "invalid_choice": _("Det tipset finns inte i listan."),
                "invalid_pk_value": _("Det tipset finns inte i listan."),
            },
        )

    def choice(self) -> TipChoice | None:
        return (
            TipChoice.objects.filter(participant=self.participant, exercise=self.exercise)
            .select_related("tip_list")
            .first()
        )

    def handed_in(self) -> TipChoice | None:
        choice = self.choice()
        return choice if choice and choice.handed_in_at else None

    def list_by_key(self, key: str | None) -> TipList | None:
        return next((tip_list for tip_list in self.lists if tip_list.key == key), None)

    def shown_list(self) -> TipList | None:
        """The list on the page: the one asked for in the address (unknown: 404), the one whose
        boxes were just posted, else the answer's list."""
        if key := self.query.get("lista"):
            tip_list = self.list_by_key(key)
            if tip_list is None:
                raise Http404("unknown tip list")
            return tip_list
        if self.is_bound and (tip_list := self.list_by_key(self.data.get("ticking"))):
            return tip_list
        return self.answer_list()

    def answer_list(self) -> TipList | None:
        """The handed-in list; before a hand-in, the list last chosen or ticked in."""
        choice = self.choice()
        if choice is not None:
            return choice.tip_list
        tick = (
            TipTick.objects.filter(
                participant=self.participant, tip__tip_list__exercise=self.exercise
            )
            .order_by("-pk")
            .first()
        )
        return self.list_by_key(tick.tip.tip_list.key) if tick else None

    def redirect_query(self) -> str:
        """After a plain POST: the list the participant asked to see, else the one they were on."""
        tip_list = self.list_by_key(self.data.get("lista")) or self.list_by_key(
            self.data.get("ticking")
        )
        return f"lista={tip_list.key}" if tip_list else ""

    def clean(self):
        super().clean()
        ticking, tips = self.cleaned_data.get("ticking"), self.cleaned_data.get("tips")
        if tips and (ticking is None or any(tip.tip_list_id != ticking.pk for tip in tips)):
            self.add_error("tips", _("Det tipset finns inte i listan."))
        return self.cleaned_data

    def save(self):
        fields = self.saveable()
        ticking = self.cleaned_data.get("ticking") if "ticking" in fields else None
        with transaction.atomic():
            if ticking is not None and "tips" not in self.errors:
                self._set_ticks(ticking, self.cleaned_data.get("tips") or [])
            if self.action == "hand_in":
                self._hand_in(ticking)
                return
        handed_in = self.handed_in()
        if ticking is not None and handed_in is not None and not self.errors:
            if handed_in.tip_list_id == ticking.pk:
                self.saved_message = _("Sparat. Din inlämning är uppdaterad.")
            else:
                self.saved_message = _(
                    "Sparat. Den här listan är inte inlämnad – du lämnade in %(list)s."
                ) % {"list": handed_in.tip_list.short_title}

    def _set_ticks(self, tip_list, tips) -> None:
        ticked = {tip.pk for tip in tips}
        TipTick.objects.filter(participant=self.participant, tip__tip_list=tip_list).exclude(
            tip__in=ticked
        ).delete()
        TipTick.objects.bulk_create(
            [TipTick(participant=self.participant, tip_id=tip_id) for tip_id in ticked],
            ignore_conflicts=True,
        )

    def _hand_in(self, tip_list: TipList | None) -> None:
        if tip_list is None:
            if "ticking" not in self.errors:
                self.add_error("ticking", _("Välj en lista innan du lämnar in."))
            return
        if self.errors:
            return
        before = self.handed_in()
        TipChoice.objects.update_or_create(
            participant=self.participant,
            exercise=self.exercise,
            defaults={"tip_list": tip_list, "handed_in_at": timezone.now()},
        )
        self.handed_in_now = True
        if before is not None and before.tip_list_id != tip_list.pk:
            self.saved_message = _("Inlämnat! Den ersätter din tidigare inlämning (%(list)s).") % {
                "list": before.tip_list.short_title
            }
        else:
            self.saved_message = _("Inlämnat! Du kan ändra dig tills övningen stängs.")

    handed_in_now = False

    def extra_context(self):
        shown, answer, handed_in = self.shown_list(), self.answer_list(), self.handed_in()
        ticked = set(
            TipTick.objects.filter(participant=self.participant).values_list("tip_id", flat=True)
        )
        if self.is_bound and "tips" in self.errors:
            ticked = {int(pk) for pk in self.data.getlist("tips") if DATABASE_ID.fullmatch(pk)}
        answer_groups = [
            (label, [tip for tip in tips if tip.pk in ticked])
            for label, tips in self.tip_groups(answer)
        ]
        return {
            "tip_choice": handed_in,
            "handed_in_list": handed_in.tip_list if handed_in else None,
            "shown_list": shown,
            "tip_groups": self.tip_groups(shown),
            "ticked": ticked,
            "answer_list": answer,
            "ticked_groups": answer_groups,
            "tick_count": sum(len(tips) for _label, tips in answer_groups),
            "closing_questions": self.exercise.phone_questions(),
            "list_count_word": in_words(len(self.lists)),
        }

    @staticmethod
    def tip_groups(tip_list: TipList | None) -> list[tuple[str, list[Tip]]]:
        if tip_list is None:
            return []
        return [(name, tips) for name, tips in tip_list.grouped(tip_list.tips.all()) if tips]


class PromptAnswersForm(AnswerForm):
    """A text per prompt: the lunch prompts and Övning 5's reflection levels.
    Both are stored as Reflection rows (one per participant and prompt)."""

    template_name = "exercises/prompts.html"
    prefixes = ("prompt-",)
    unknown_message = _("Den frågan finns inte i övningen.")

    def build_fields(self):
        self.prompts = self.exercise.prompts_in(self.exercise.answer_group)
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

    def save(self):
        with transaction.atomic():
            for name in self.saveable():
                prompt_id = int(name.removeprefix("prompt-"))
                text = self.cleaned_data[name].strip()
                if text:
                    upsert(
                        Reflection,
                        [{"participant": self.participant, "prompt_id": prompt_id, "text": text}],
                        unique=("participant", "prompt"),
                        update=("text",),
                    )
                else:
                    Reflection.objects.filter(
                        participant=self.participant, prompt_id=prompt_id
                    ).delete()
