"""A written answer to one prompt (a lunch prompt, a reflection level)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from exercises.models import TEXT_LIMIT, Prompt
from workshops.models import Participant


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
        app_label = "exercises"  # its tables predate the kind's folder
        verbose_name = _("reflektion")
        verbose_name_plural = _("reflektioner")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "prompt"], name="reflection_once_per_level"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="reflection_text_not_empty"),
        ]
