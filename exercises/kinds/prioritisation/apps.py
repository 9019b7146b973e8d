from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrioritisationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "exercises.kinds.prioritisation"
    label = "prioritisation"
    verbose_name = _("Prioritera")
