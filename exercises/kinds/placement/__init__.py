"""Övning 2: stand in the corner of a role, round after round."""

from django.utils.translation import gettext_lazy as _

# Its kinds' keys (an exercise's `kind`, the workshop file's `kind:`) and names.
LABELS = {
    "placement": _("Placering i rummet"),
}
