import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from workshops.loader import DATA_DIR
from workshops.schema import json_schema

SCHEMA_FILE = DATA_DIR / "workshop.schema.json"


def render() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"


class Command(BaseCommand):
    help = "Skriver workshopfilens schema som JSON Schema (för redigerare som kontrollerar YAML)."

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(SCHEMA_FILE))
        parser.add_argument(
            "--check", action="store_true", help="Ändra inget; fel om filen inte stämmer."
        )

    def handle(self, *args, output, check, **options):
        path = Path(output)
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != render():
                raise CommandError(f"{path} är inaktuell: kör python manage.py workshop_schema")
            return
        path.write_text(render(), encoding="utf-8")
        self.stdout.write(f"Skrev {path}")
