"""What is prioritised, and each participant's points (or place in their ranking) per item."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from exercises.models import Exercise
from workshops.models import Participant

POINTS = "points"
RANK = "rank"


class PriorityItem(models.Model):
    exercise = models.ForeignKey(
        Exercise, verbose_name=_("övning"), on_delete=models.CASCADE, related_name="priority_items"
    )
    key = models.SlugField(_("nyckel"), max_length=40)
    order = models.PositiveSmallIntegerField(_("ordning"))
    text = models.CharField(_("text"), max_length=300)

    class Meta:
        verbose_name = _("punkt att prioritera")
        verbose_name_plural = _("punkter att prioritera")
        ordering = ["exercise", "order"]
        constraints = [
            models.UniqueConstraint(fields=["exercise", "key"], name="priority_item_key_unique")
        ]

    def __str__(self) -> str:
        return self.text


class Priority(models.Model):
    """Points given to an item (0 included), or its place in the participant's ranking (1 is
    first): the exercise's `mode` says which."""

    participant = models.ForeignKey(
        Participant,
        verbose_name=_("deltagare"),
        on_delete=models.CASCADE,
        related_name="priorities",
    )
    item = models.ForeignKey(
        PriorityItem, verbose_name=_("punkt"), on_delete=models.CASCADE, related_name="priorities"
    )
    value = models.PositiveSmallIntegerField(_("poäng eller plats"))
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("prioritering")
        verbose_name_plural = _("prioriteringar")
        constraints = [
            models.UniqueConstraint(fields=["participant", "item"], name="priority_once_per_item")
        ]


def mode_of(exercise: Exercise) -> str:
    return (exercise.config or {}).get("mode", POINTS)


def points_of(exercise: Exercise) -> int:
    return (exercise.config or {}).get("points", 10)
