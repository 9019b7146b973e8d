"""Övning 1: rate your abilities on the exercise's scale."""

from django.utils.translation import gettext_lazy as _

# Its kinds' keys (an exercise's `kind`, the workshop file's `kind:`) and names.
LABELS = {
    "rating": _("Skatta dina förmågor"),
}
