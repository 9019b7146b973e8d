"""Events loaded from the Changemakers file before its rating named what it rates keep saying
"förmåga/förmågor" (the file now says so in `rated`); other days' ratings read neutral words."""

from django.db import migrations

CHANGEMAKERS_FILE = "changemakers-2025-11-04.yaml"


def name_the_rated_things(apps, schema_editor):
    Exercise = apps.get_model("exercises", "Exercise")
    for exercise in Exercise.objects.filter(kind="rating", event__source_file=CHANGEMAKERS_FILE):
        config = dict(exercise.config or {})
        if "rated" not in config:
            config["rated"] = {"one": "förmåga", "many": "förmågor"}
            exercise.config = config
            exercise.save(update_fields=["config"])


class Migration(migrations.Migration):
    dependencies = [
        ("exercises", "0006_tip_categories_from_file"),
        ("workshops", "0004_projector_talks"),
    ]

    operations = [migrations.RunPython(name_the_rated_things, migrations.RunPython.noop)]
