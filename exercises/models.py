import datetime
from dataclasses import dataclass

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exercises import kinds
from workshops.models import Event, ProgramItem

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
    kind = models.CharField(_("typ"), max_length=20, choices=kinds.choices)
    title = models.CharField(_("titel"), max_length=300)
    instruction = models.TextField(_("instruktion"), blank=True)
    minutes = models.PositiveSmallIntegerField(_("minuter"), null=True, blank=True)
    notes = models.TextField(
        _("anteckningar för den som leder"),
        blank=True,
        help_text=_("Syns bara i konsolen (och i workshopfilen)."),
    )
    config = models.JSONField(_("inställningar"), default=dict, blank=True)

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

    def open_rounds(self) -> list:
        """The rounds phones answer now (Övning 2): the first until the facilitator opens more."""
        return list(self.rounds.all())[: max(self.rounds_open, 1)]

    def next_round(self) -> "models.Model | None":
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
