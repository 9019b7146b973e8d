"""The exercise kinds, one folder each (see docs/architecture.md, "Adding an exercise kind").

This is the registry's list, and the only line a new kind adds outside its folder. It is read
by the settings (each folder is a Django app: its models, migrations and templates) and by
`exercises.kinds.registry`, which loads each folder's `kind.py`."""

PACKAGES = ("rating", "placement", "tips", "prompts", "postcard")

APPS = tuple(f"exercises.kinds.{package}" for package in PACKAGES)


def choices() -> list[tuple[str, str]]:
    """Every kind's key and name (Exercise.kind's choices), from each folder's `LABELS`."""
    from importlib import import_module

    return [
        (key, label)
        for package in PACKAGES
        for key, label in import_module(f"exercises.kinds.{package}").LABELS.items()
    ]
