"""Events made before memberships existed: every staff account owns them, as every staff
account could do everything with every event until now (nothing changes for an install)."""

from django.conf import settings
from django.db import migrations


def staff_own_existing_events(apps, schema_editor):
    Event = apps.get_model("workshops", "Event")
    Membership = apps.get_model("workshops", "Membership")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    staff = list(User.objects.filter(is_staff=True).values_list("pk", flat=True))
    Membership.objects.bulk_create(
        [
            Membership(event_id=event_id, user_id=user_id, role="owner")
            for event_id in Event.objects.values_list("pk", flat=True)
            for user_id in staff
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0005_membership"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(staff_own_existing_events, migrations.RunPython.noop)]
