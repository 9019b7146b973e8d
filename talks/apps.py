from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalksConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "talks"
    verbose_name = _("Föredrag: frågor och omröstningar")
