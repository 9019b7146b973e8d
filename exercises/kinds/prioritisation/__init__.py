"""Prioritera: each participant spreads a fixed number of points over items, or ranks them."""

from django.utils.translation import gettext_lazy as _

# Its kinds' keys (an exercise's `kind`, the workshop file's `kind:`) and names.
LABELS = {
    "prioritisation": _("Prioritera"),
}
