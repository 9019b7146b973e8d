"""Table groups: a seating of the event's participants at tables, formed by a rule, previewed
on the console and then sent to the phones and the projector."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from exercises.kinds.placement.models import PlacementRound
from workshops.models import Event, Participant, ProgramItem


class Seating(models.Model):
    class Rule(models.TextChoices):
        MIXED_ROLES = "mixed-roles", _("Blandade roller")
        SAME_CORNER = "same-corner", _("Samma hörn")
        MIXED_CORNERS = "mixed-corners", _("Blandade hörn")
        RANDOM = "random", _("Slumpvis")

    event = models.ForeignKey(
        Event, verbose_name=_("evenemang"), on_delete=models.CASCADE, related_name="seatings"
    )
    item = models.ForeignKey(
        ProgramItem,
        verbose_name=_("programpunkt"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="seatings",
    )
    rule = models.CharField(_("regel"), max_length=20, choices=Rule)
    size = models.PositiveSmallIntegerField(_("personer per bord"), null=True, blank=True)
    placement_round = models.ForeignKey(
        PlacementRound,
        verbose_name=_("runda"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    seed = models.PositiveIntegerField(_("slumptal"), default=0)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    sent_at = models.DateTimeField(_("skickad"), null=True, blank=True)

    class Meta:
        verbose_name = _("bordsplacering")
        verbose_name_plural = _("bordsplaceringar")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_rule_display()} ({self.event})"


class SeatingTable(models.Model):
    seating = models.ForeignKey(
        Seating, verbose_name=_("bordsplacering"), on_delete=models.CASCADE, related_name="tables"
    )
    number = models.PositiveSmallIntegerField(_("nummer"))
    name = models.CharField(_("namn"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("bord")
        verbose_name_plural = _("bord")
        ordering = ["seating", "number"]
        constraints = [
            models.UniqueConstraint(fields=["seating", "number"], name="table_number_unique")
        ]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self) -> str:
        """The table's own name, else "Bord 4" in the reader's language."""
        return self.name or _("Bord %(number)s") % {"number": self.number}


class Seat(models.Model):
    seating = models.ForeignKey(
        Seating, verbose_name=_("bordsplacering"), on_delete=models.CASCADE, related_name="seats"
    )
    table = models.ForeignKey(
        SeatingTable, verbose_name=_("bord"), on_delete=models.CASCADE, related_name="seats"
    )
    participant = models.ForeignKey(
        Participant, verbose_name=_("deltagare"), on_delete=models.CASCADE, related_name="seats"
    )

    class Meta:
        verbose_name = _("plats vid bord")
        verbose_name_plural = _("platser vid bord")
        constraints = [
            models.UniqueConstraint(fields=["seating", "participant"], name="one_seat_each")
        ]
