"""Övning 3's tip lists, their tips, each participant's chosen list and ticks."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from exercises.models import Exercise
from workshops.models import Participant


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
        app_label = "exercises"  # its tables predate the kind's folder
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
        app_label = "exercises"  # its tables predate the kind's folder
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
        app_label = "exercises"  # its tables predate the kind's folder
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
        app_label = "exercises"  # its tables predate the kind's folder
        verbose_name = _("kryss")
        verbose_name_plural = _("kryss")
        constraints = [
            models.UniqueConstraint(fields=["participant", "tip"], name="tip_tick_once_per_tip")
        ]
