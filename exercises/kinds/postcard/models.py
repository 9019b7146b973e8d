from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from exercises.models import TEXT_LIMIT, Exercise
from workshops.models import Participant


class Level(models.TextChoices):
    HIGH = "high", _("Hög")
    LOW = "low", _("Låg")


class Scenario(models.Model):
    """One of the four futures on the 2×2 of the file's two axes (the Changemakers day: political
    commitment up, organisational capacity right)."""

    exercise = models.ForeignKey(
        Exercise, verbose_name=_("övning"), on_delete=models.CASCADE, related_name="scenarios"
    )
    number = models.PositiveSmallIntegerField(_("nummer"))
    name = models.CharField(_("namn"), max_length=200)
    summary = models.CharField(_("sammanfattning"), max_length=300)
    text = models.TextField(_("text"))
    vertical = models.CharField(_("lodrät axel"), max_length=4, choices=Level)
    horizontal = models.CharField(_("vågrät axel"), max_length=4, choices=Level)

    class Meta:
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarier")
        ordering = ["exercise", "number"]
        constraints = [
            models.UniqueConstraint(fields=["exercise", "number"], name="scenario_number_unique"),
            models.UniqueConstraint(
                fields=["exercise", "vertical", "horizontal"], name="scenario_one_per_quadrant"
            ),
        ]

    def __str__(self) -> str:
        return self.name


# The axes' words of an event loaded before they came from its file: the Changemakers day's.
CHANGEMAKERS_AXIS_WORDS = {
    "vertical": {"high": "Högt politiskt åtagande", "low": "Lågt politiskt åtagande"},
    "horizontal": {
        "high": "Hög omställningsförmåga",
        "low": "Låg omställningsförmåga",
        "high_short": "Hög förmåga",
        "low_short": "Låg förmåga",
    },
}


def axis_words(exercise) -> dict:
    """Each axis's words for its high and low end (the file's `axes`), and shorter ones for the
    phone: {"vertical": {"high", "low", "high_short", "low_short"}, "horizontal": {...}}."""
    words = (exercise.config or {}).get("axis_words") or CHANGEMAKERS_AXIS_WORDS
    return {
        axis: {
            **ends,
            "high_short": ends.get("high_short") or ends["high"],
            "low_short": ends.get("low_short") or ends["low"],
        }
        for axis, ends in words.items()
    }


def asked_fields(exercise) -> list[str]:
    """The postcard's fields the exercise asks, in its order (the file's `fields`); all of
    Postcard.FIELDS after the scenario when it names none."""
    keys = [prompt.key for prompt in exercise.prompts_in("postcard")]
    return keys or ["scenario", *Postcard.FIELDS]


def field_labels(exercise) -> dict[str, str]:
    """What each asked field is called where people read the answers (exports, the report):
    the file's label, else the stored field's own name. Scenario first, in the file's order."""
    labels = {prompt.key: prompt.text for prompt in exercise.prompts_in("postcard")}
    return {
        name: labels.get(name) or str(Postcard._meta.get_field(name).verbose_name).capitalize()
        for name in asked_fields(exercise)
    }


def answered_fields(exercise, postcard) -> list[tuple[str, str, object]]:
    """A postcard's answers to the asked fields besides its scenario, in the file's order:
    [(key, label, value)], unanswered ones left out."""
    return [
        (name, label, getattr(postcard, name))
        for name, label in field_labels(exercise).items()
        if name != "scenario" and getattr(postcard, name) not in (None, "")
    ]


class Postcard(models.Model):
    """A postcard from the future, written from one of the four scenarios."""

    # What a postcard can hold besides its scenario; an exercise asks some or all of them.
    FIELDS = ("year", "writer", "recipient", "everyday", "feeling", "doing", "greeting")

    participant = models.ForeignKey(
        Participant, verbose_name=_("deltagare"), on_delete=models.CASCADE, related_name="postcards"
    )
    exercise = models.ForeignKey(
        Exercise, verbose_name=_("övning"), on_delete=models.CASCADE, related_name="postcards"
    )
    scenario = models.ForeignKey(
        Scenario, verbose_name=_("scenario"), on_delete=models.CASCADE, related_name="postcards"
    )
    year = models.PositiveSmallIntegerField(_("år"), null=True, blank=True)
    writer = models.CharField(_("avsändare"), max_length=200, blank=True)
    recipient = models.CharField(_("mottagare"), max_length=200, blank=True)
    everyday = models.TextField(_("vardagen"), max_length=TEXT_LIMIT, blank=True)
    feeling = models.TextField(_("livet i allmänhet"), max_length=TEXT_LIMIT, blank=True)
    doing = models.TextField(_("vad du gör"), max_length=TEXT_LIMIT, blank=True)
    greeting = models.TextField(_("hälsning"), max_length=TEXT_LIMIT, blank=True)
    hidden = models.BooleanField(_("dold på projektorn"), default=False)
    featured = models.BooleanField(_("framlyft"), default=False)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("vykort")
        verbose_name_plural = _("vykort")
        ordering = ["exercise", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "exercise"], name="postcard_once_per_participant"
            ),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1900, year__lte=9999),
                name="postcard_year_plausible",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scenario}: {self.greeting[:40]}"
