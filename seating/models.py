"""Table groups: a seating of the event's participants at tables, formed by a rule, previewed
on the console and then sent to the phones and the projector."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from exercises.kinds.placement.models import PlacementRound
from exercises.models import Role
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
    # Raised by every change after sending (a move, a late joiner): part of the phones' state,
    # so each phone fetches its table again.
    version = models.PositiveIntegerField(_("version"), default=0)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    sent_at = models.DateTimeField(_("skickad"), null=True, blank=True)

    class Meta:
        verbose_name = _("bordsplacering")
        verbose_name_plural = _("bordsplaceringar")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_rule_display()} ({self.event})"


class GroupPlan(models.Model):
    """What the workshop file asks for at a programme item (`groups:`): the console's form
    starts from it."""

    item = models.OneToOneField(
        ProgramItem,
        verbose_name=_("programpunkt"),
        on_delete=models.CASCADE,
        related_name="group_plan",
    )
    rule = models.CharField(_("regel"), max_length=20, choices=Seating.Rule)
    size = models.PositiveSmallIntegerField(_("personer per bord"), null=True, blank=True)
    tables = models.PositiveSmallIntegerField(_("antal bord"), null=True, blank=True)
    table_names = models.JSONField(_("bordens namn"), default=list, blank=True)
    placement_round = models.ForeignKey(
        PlacementRound,
        verbose_name=_("runda"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("bordsgrupper i filen")
        verbose_name_plural = _("bordsgrupper i filen")

    def __str__(self) -> str:
        return f"{self.get_rule_display()} ({self.item})"


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
    # What the table's mix counts, as it was when seated: the strongest role, or the corner of
    # the seating's round (None: did not answer).
    role = models.ForeignKey(
        Role,
        verbose_name=_("roll"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("plats vid bord")
        verbose_name_plural = _("platser vid bord")
        constraints = [
            models.UniqueConstraint(fields=["seating", "participant"], name="one_seat_each")
        ]
