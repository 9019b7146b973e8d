"""Övning 1's abilities (each counting towards roles) and the ratings given them."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from exercises.models import Exercise, Role
from workshops.models import Participant


class Ability(models.Model):
    exercise = models.ForeignKey(
        Exercise, verbose_name=_("övning"), on_delete=models.CASCADE, related_name="abilities"
    )
    order = models.PositiveSmallIntegerField(_("ordning"))
    name = models.CharField(_("förmåga"), max_length=200)
    roles = models.ManyToManyField(Role, verbose_name=_("roller"), related_name="abilities")

    class Meta:
        app_label = "exercises"  # its tables predate the kind's folder
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
        app_label = "exercises"  # its tables predate the kind's folder
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
