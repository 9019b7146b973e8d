"""The postcard's axes get names that fit any day: Scenario.political/capacity become
vertical/horizontal (rename, data kept), and so do the keys in a postcard exercise's config."""

from django.db import migrations, models

OLD_TO_NEW = {"political": "vertical", "capacity": "horizontal"}


def _renamed(mapping: dict, names: dict) -> dict:
    return {names.get(key, key): value for key, value in mapping.items()}


def rename_config(apps, schema_editor, names=OLD_TO_NEW):
    Exercise = apps.get_model("exercises", "Exercise")
    for exercise in Exercise.objects.filter(kind="postcard"):
        config = dict(exercise.config or {})
        for key in ("axes", "axis_words"):
            if isinstance(config.get(key), dict):
                config[key] = _renamed(config[key], names)
        if config != exercise.config:
            exercise.config = config
            exercise.save(update_fields=["config"])


def restore_config(apps, schema_editor):
    rename_config(apps, schema_editor, {new: old for old, new in OLD_TO_NEW.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("scenarios", "0001_initial"),
        ("exercises", "0006_tip_categories_from_file"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="scenario", name="scenario_one_per_quadrant"),
        migrations.RenameField(model_name="scenario", old_name="political", new_name="vertical"),
        migrations.RenameField(model_name="scenario", old_name="capacity", new_name="horizontal"),
        migrations.AlterField(
            model_name="scenario",
            name="vertical",
            field=models.CharField(
                choices=[("high", "Hög"), ("low", "Låg")], max_length=4, verbose_name="lodrät axel"
            ),
        ),
        migrations.AlterField(
            model_name="scenario",
            name="horizontal",
            field=models.CharField(
                choices=[("high", "Hög"), ("low", "Låg")], max_length=4, verbose_name="vågrät axel"
            ),
        ),
        migrations.AddConstraint(
            model_name="scenario",
            constraint=models.UniqueConstraint(
                fields=("exercise", "vertical", "horizontal"), name="scenario_one_per_quadrant"
            ),
        ),
        migrations.RunPython(rename_config, restore_config),
    ]
