"""Övning 4: a postcard from one of the four futures."""

from django.utils.translation import gettext_lazy as _

# Its kinds' keys (an exercise's `kind`, the workshop file's `kind:`) and names.
LABELS = {
    "postcard": _("Vykort från framtiden"),
}
