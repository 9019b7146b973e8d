"""Written answers to prompts: the lunch prompts and Övning 5's reflection levels."""

from django.utils.translation import gettext_lazy as _

# Its kinds' keys (an exercise's `kind`, the workshop file's `kind:`) and names.
LABELS = {
    "lunch": _("Lunchsamtal"),
    "reflection": _("Reflektion"),
}
