"""Övning 2's rounds and where each participant stood in each."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from exercises.models import Exercise, Role
from workshops.models import Participant


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
        app_label = "exercises"  # its tables predate the kind's folder
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
        app_label = "exercises"  # its tables predate the kind's folder
        verbose_name = _("placering")
        verbose_name_plural = _("placeringar")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "round"], name="placement_once_per_round"
            )
        ]
