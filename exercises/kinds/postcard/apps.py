from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PostcardConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "exercises.kinds.postcard"
    # The label its tables and migrations had when the postcard was the "scenarios" app.
    label = "scenarios"
    verbose_name = _("Vykort från framtiden")
