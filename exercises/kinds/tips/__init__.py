"""Övning 3: pick a tip list, tick the tips realistic to start today, hand the list in."""

from django.utils.translation import gettext_lazy as _

# Its kinds' keys (an exercise's `kind`, the workshop file's `kind:`) and names.
LABELS = {
    "tips": _("Tips"),
}
