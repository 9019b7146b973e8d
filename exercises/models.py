import datetime
from dataclasses import dataclass

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workshops.models import Event, Participant, ProgramItem

TEXT_LIMIT = 2000


class Role(models.Model):
    """One of the day's roles (the Changemakers day: four boundary-spanner roles, gränsgångare)."""

    event = models.ForeignKey(
        Event, verbose_name=_("evenemang"), on_delete=models.CASCADE, related_name="roles"
    )
    key = models.SlugField(_("nyckel"), max_length=40)
    order = models.PositiveSmallIntegerField(_("ordning"))
    name = models.CharField(_("namn"), max_length=100)
    description = models.TextField(_("beskrivning"))

    class Meta:
        verbose_name = _("roll")
        verbose_name_plural = _("roller")
        ordering = ["event", "order"]
        constraints = [models.UniqueConstraint(fields=["event", "key"], name="role_key_unique")]

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Scale:
    """A rating exercise's scale (the file's `scale`); the Changemakers day's by default."""

    min: int = 1
    max: int = 5
    low: str = "stämmer inte alls"
    high: str = "stämmer helt"

    @property
    def values(self) -> range:
        return range(self.min, self.max + 1)


class Exercise(models.Model):
    class Kind(models.TextChoices):
        RATING = "rating", _("Skatta dina förmågor")
        PLACEMENT = "placement", _("Placering i rummet")
        TIPS = "tips", _("Tips")
        LUNCH = "lunch", _("Lunchsamtal")
        POSTCARD = "postcard", _("Vykort från framtiden")
        REFLECTION = "reflection", _("Reflektion")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Inte öppnad")
        OPEN = "open", _("Öppen")
        CLOSED = "closed", _("Stängd")

    event = models.ForeignKey(
        Event, verbose_name=_("evenemang"), on_delete=models.CASCADE, related_name="exercises"
    )
    program_item = models.ForeignKey(
        ProgramItem,
        verbose_name=_("programpunkt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="exercises",
    )
    key = models.SlugField(_("nyckel"), max_length=40)
    order = models.PositiveSmallIntegerField(_("ordning"))
    number = models.PositiveSmallIntegerField(_("övningsnummer"), null=True, blank=True)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind)
    title = models.CharField(_("titel"), max_length=300)
    instruction = models.TextField(_("instruktion"), blank=True)
    minutes = models.PositiveSmallIntegerField(_("minuter"), null=True, blank=True)
    notes = models.TextField(
        _("anteckningar för den som leder"),
        blank=True,
        help_text=_("Syns bara i konsolen (och i workshopfilen)."),
    )
    config = models.JSONField(_("inställningar"), default=dict, blank=True)

    # exercises.kinds.KINDS, set when the app is ready: the kinds build on the models, so the
    # models do not import them.
    kinds: dict = {}

    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    results_visible = models.BooleanField(_("resultat visas"), default=False)
    timer_seconds = models.PositiveIntegerField(_("timerns längd (s)"), default=0)
    timer_started_at = models.DateTimeField(_("timern startad"), null=True, blank=True)
    timer_elapsed = models.FloatField(_("förfluten tid före paus (s)"), default=0)
    # Övning 2 runs round A, its discussion, then B: phones see the rounds opened so far.
    rounds_open = models.PositiveSmallIntegerField(_("öppnade rundor"), default=1)

    class Meta:
        verbose_name = _("övning")
        verbose_name_plural = _("övningar")
        ordering = ["event", "order"]
        constraints = [
            models.UniqueConstraint(fields=["event", "key"], name="exercise_key_unique"),
            models.UniqueConstraint(
                fields=["event", "number"],
                condition=Q(number__isnull=False),
                name="exercise_number_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.title}" if self.number else self.title

    @property
    def label(self) -> str:
        if self.number:
            return _("Övning %(number)s") % {"number": self.number}
        return self.get_kind_display()

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def prompts_in(self, group: str):
        return [p for p in self.prompts.all() if p.group == group]

    def open_rounds(self) -> list["PlacementRound"]:
        """The rounds phones answer now (Övning 2): the first until the facilitator opens more."""
        return list(self.rounds.all())[: max(self.rounds_open, 1)]

    def next_round(self) -> "PlacementRound | None":
        """The round the facilitator can open next, if any."""
        rounds = list(self.rounds.all())
        return rounds[self.rounds_open] if self.rounds_open < len(rounds) else None

    @property
    def rated_words(self) -> dict[str, str]:
        """What a rating rates, {"one", "many"}: the file's `rated` ("förmåga", "förmågor"),
        else neutral words."""
        words = (self.config or {}).get("rated") or {}
        return {
            "one": words.get("one") or str(_("påstående")),
            "many": words.get("many") or str(_("påståenden")),
        }

    @property
    def scale(self) -> Scale:
        return Scale(**(self.config or {}).get("scale", {}))

    def corner_roles(self) -> list["Role"]:
        """The roles that are the room's corners (Övning 2): the file's `corners`, else all."""
        roles = list(self.event.roles.all())
        keys = (self.config or {}).get("corners")
        return [role for role in roles if role.key in keys] if keys else roles

    def open_next_round(self) -> None:
        if self.next_round() is not None:
            self.rounds_open += 1
            self.save(update_fields=["rounds_open"])

    def phone_questions(self) -> list[str]:
        """The closing words a phone shows: the file's `phone_questions`, else the handout's."""
        if "phone_questions" in (self.config or {}):
            return self.config["phone_questions"]
        return [prompt.text for prompt in self.prompts_in("questions")]

    @property
    def answer_group(self) -> str | None:
        """The prompts participants answer in writing, each answer a Reflection row: Övning 5's
        levels and the lunch prompts. None for kinds answered otherwise."""
        return self.kinds[self.kind].answer_group

    def open(self) -> None:
        self.status = self.Status.OPEN
        self.save(update_fields=["status"])

    def close(self) -> None:
        self.status = self.Status.CLOSED
        self.pause_timer()
        self.save(update_fields=["status"])

    @property
    def timer_running(self) -> bool:
        return self.timer_started_at is not None

    def start_timer(self, now=None) -> None:
        if not self.timer_started_at and self.timer_remaining() > 0:
            self.timer_started_at = now or timezone.now()
            self.save(update_fields=["timer_started_at"])

    def pause_timer(self, now=None) -> None:
        if self.timer_started_at:
            now = now or timezone.now()
            self.timer_elapsed += (now - self.timer_started_at).total_seconds()
            self.timer_started_at = None
            self.save(update_fields=["timer_started_at", "timer_elapsed"])

    def add_minute(self) -> None:
        self.timer_seconds += 60
        self.save(update_fields=["timer_seconds"])

    def reset_timer(self) -> None:
        self.timer_seconds = (self.minutes or 0) * 60
        self.timer_started_at = None
        self.timer_elapsed = 0
        self.save(update_fields=["timer_seconds", "timer_started_at", "timer_elapsed"])

    def timer_deadline(self):
        """When a running timer reaches zero: screens count down to it on their own clock."""
        if not self.timer_started_at:
            return None
        return self.timer_started_at + datetime.timedelta(
            seconds=self.timer_seconds - self.timer_elapsed
        )

    def timer_remaining(self, now=None) -> float:
        """Seconds left on the countdown; the server keeps start time and duration."""
        elapsed = self.timer_elapsed
        if self.timer_started_at:
            elapsed += ((now or timezone.now()) - self.timer_started_at).total_seconds()
        return max(0.0, self.timer_seconds - elapsed)


class Prompt(models.Model):
    """A question or text shown with an exercise: closing questions, a round's discussion
    questions, a postcard field's question, a reflection level, a lunch prompt."""

    class Group(models.TextChoices):
        QUESTIONS = "questions", _("Frågor")
        POSTCARD = "postcard", _("Vykortets frågor")
        REFLECTION = "reflection", _("Reflektionsnivåer")

    exercise = models.ForeignKey(
        Exercise, verbose_name=_("övning"), on_delete=models.CASCADE, related_name="prompts"
    )
    # One of Group, or a placement round's questions: "round-<key>" (PlacementRound.prompt_group).
    group = models.CharField(_("grupp"), max_length=50)
    key = models.SlugField(_("nyckel"), max_length=40)
    order = models.PositiveSmallIntegerField(_("ordning"))
    text = models.TextField(_("text"))
    hint = models.CharField(_("ledtråd"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("fråga")
        verbose_name_plural = _("frågor")
        ordering = ["exercise", "group", "order"]
        constraints = [
            models.UniqueConstraint(fields=["exercise", "group", "key"], name="prompt_key_unique")
        ]

    def __str__(self) -> str:
        return self.text


class Ability(models.Model):
    exercise = models.ForeignKey(
        Exercise, verbose_name=_("övning"), on_delete=models.CASCADE, related_name="abilities"
    )
    order = models.PositiveSmallIntegerField(_("ordning"))
    name = models.CharField(_("förmåga"), max_length=200)
    roles = models.ManyToManyField(Role, verbose_name=_("roller"), related_name="abilities")

    class Meta:
        verbose_name = _("förmåga")
        verbose_name_plural = _("förmågor")
        ordering = ["exercise", "order"]
        constraints = [
            models.UniqueConstraint(fields=["exercise", "order"], name="ability_order_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Rating(models.Model):
    participant = models.ForeignKey(
        Participant, verbose_name=_("deltagare"), on_delete=models.CASCADE, related_name="ratings"
    )
    ability = models.ForeignKey(
        Ability, verbose_name=_("förmåga"), on_delete=models.CASCADE, related_name="ratings"
    )
    value = models.PositiveSmallIntegerField(_("skattning"))
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("skattning")
        verbose_name_plural = _("skattningar")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "ability"], name="rating_once_per_ability"
            ),
        ]  # the value is checked against its exercise's scale (RatingForm)


def role_profile(ratings, roles) -> list[tuple[Role, float | None]]:
    """A role's score is the mean of the ratings of its abilities (roles have 7, 4, 5 and 4
    abilities, so a sum would favour the largest). Strongest first; unrated roles last."""
    by_ability = {rating.ability_id: rating.value for rating in ratings}
    scores = []
    for role in roles:
        values = [by_ability[a.pk] for a in role.abilities.all() if a.pk in by_ability]
        scores.append((role, sum(values) / len(values) if values else None))
    return sorted(scores, key=lambda pair: (pair[1] is None, -(pair[1] or 0), pair[0].order))


def participant_profile(participant: Participant) -> list[tuple[Role, float | None]]:
    roles = participant.event.roles.prefetch_related("abilities")
    return role_profile(participant.ratings.all(), roles)


class PlacementRound(models.Model):
    """Övning 2's rounds, in the file's order (the Changemakers day: A, where you thrive; B, the
    role you find most challenging)."""

    exercise = models.ForeignKey(
        Exercise, verbose_name=_("övning"), on_delete=models.CASCADE, related_name="rounds"
    )
    key = models.CharField(_("runda"), max_length=20)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    short = models.CharField(_("kort beskrivning"), max_length=60, blank=True)
    instruction = models.TextField(_("instruktion"))
    discussion = models.TextField(_("samtal"), blank=True)

    class Meta:
        verbose_name = _("runda")
        verbose_name_plural = _("rundor")
        ordering = ["exercise", "order", "key"]
        constraints = [models.UniqueConstraint(fields=["exercise", "key"], name="round_key_unique")]

    def __str__(self) -> str:
        return self.label

    @property
    def prompt_group(self) -> str:
        return f"round-{self.key}"

    @property
    def label(self) -> str:
        """What people read for the round: the file's `short` words ("trivs bäst"), else its
        place ("Runda 2"); never its key, which is for the file and the forms."""
        return self.short or str(_("Runda %(number)s") % {"number": self.order})

    def questions(self):
        return self.exercise.prompts.filter(group=self.prompt_group)


class Placement(models.Model):
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("deltagare"),
        on_delete=models.CASCADE,
        related_name="placements",
    )
    round = models.ForeignKey(
        PlacementRound, verbose_name=_("runda"), on_delete=models.CASCADE, related_name="placements"
    )
    role = models.ForeignKey(
        Role, verbose_name=_("roll"), on_delete=models.CASCADE, related_name="placements"
    )
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("placering")
        verbose_name_plural = _("placeringar")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "round"], name="placement_once_per_round"
            )
        ]


class TipList(models.Model):
    exercise = models.ForeignKey(
        Exercise, verbose_name=_("övning"), on_delete=models.CASCADE, related_name="tip_lists"
    )
    key = models.SlugField(_("nyckel"), max_length=40)
    order = models.PositiveSmallIntegerField(_("ordning"))
    title = models.CharField(_("titel"), max_length=200)
    short_title = models.CharField(_("kort titel"), max_length=100)
    # The list's categories in order, [[key, name], ...]: the file's `categories`.
    categories = models.JSONField(_("kategorier"), default=list, blank=True)

    class Meta:
        verbose_name = _("tipslista")
        verbose_name_plural = _("tipslistor")
        ordering = ["exercise", "order"]
        constraints = [
            models.UniqueConstraint(fields=["exercise", "key"], name="tip_list_key_unique")
        ]

    def __str__(self) -> str:
        return self.short_title

    def category_name(self, key: str) -> str:
        return dict(self.categories).get(key, key)

    def grouped(self, tips) -> list[tuple[str, list]]:
        """The tips by category, in the list's order of categories: [(name, [tip, ...]), ...]."""
        return [
            (name, [tip for tip in tips if tip.category == key]) for key, name in self.categories
        ]


class Tip(models.Model):
    tip_list = models.ForeignKey(
        TipList, verbose_name=_("tipslista"), on_delete=models.CASCADE, related_name="tips"
    )
    category = models.CharField(_("kategori"), max_length=40)  # a key of its list's categories
    order = models.PositiveSmallIntegerField(_("ordning"))
    key_phrase = models.CharField(_("nyckelfras"), max_length=200)
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("tips")
        verbose_name_plural = _("tips")
        ordering = ["tip_list", "order"]
        constraints = [
            models.UniqueConstraint(fields=["tip_list", "order"], name="tip_order_unique")
        ]

    def __str__(self) -> str:
        return self.key_phrase

    @property
    def category_name(self) -> str:
        return self.tip_list.category_name(self.category)

    def text_parts(self) -> tuple[str, str, str]:
        """The text split around its key phrase, so templates can emphasise it."""
        before, found, after = self.text.partition(self.key_phrase)
        return (before, found, after) if found else ("", "", self.text)


class TipChoice(models.Model):
    """The list a participant works on in Övning 3, and whether they handed it in."""

    participant = models.ForeignKey(
        Participant,
        verbose_name=_("deltagare"),
        on_delete=models.CASCADE,
        related_name="tip_choices",
    )
    exercise = models.ForeignKey(
        Exercise, verbose_name=_("övning"), on_delete=models.CASCADE, related_name="tip_choices"
    )
    tip_list = models.ForeignKey(
        TipList, verbose_name=_("tipslista"), on_delete=models.CASCADE, related_name="choices"
    )
    handed_in_at = models.DateTimeField(_("inlämnad"), null=True, blank=True)

    class Meta:
        verbose_name = _("val av tipslista")
        verbose_name_plural = _("val av tipslistor")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "exercise"], name="tip_choice_once_per_exercise"
            )
        ]


class TipTick(models.Model):
    participant = models.ForeignKey(
        Participant, verbose_name=_("deltagare"), on_delete=models.CASCADE, related_name="tip_ticks"
    )
    tip = models.ForeignKey(
        Tip, verbose_name=_("tips"), on_delete=models.CASCADE, related_name="ticks"
    )
    created_at = models.DateTimeField(_("kryssad"), auto_now_add=True)

    class Meta:
        verbose_name = _("kryss")
        verbose_name_plural = _("kryss")
        constraints = [
            models.UniqueConstraint(fields=["participant", "tip"], name="tip_tick_once_per_tip")
        ]


class Reflection(models.Model):
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("deltagare"),
        on_delete=models.CASCADE,
        related_name="reflections",
    )
    prompt = models.ForeignKey(
        Prompt, verbose_name=_("nivå"), on_delete=models.CASCADE, related_name="reflections"
    )
    text = models.TextField(_("reflektion"), max_length=TEXT_LIMIT)
    hidden = models.BooleanField(_("dold på projektorn"), default=False)
    featured = models.BooleanField(_("framlyft"), default=False)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("reflektion")
        verbose_name_plural = _("reflektioner")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "prompt"], name="reflection_once_per_level"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="reflection_text_not_empty"),
        ]
