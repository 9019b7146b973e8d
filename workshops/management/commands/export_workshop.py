from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from workshops.models import Event
from workshops.workshop_file import workshop_yaml


class Command(BaseCommand):
    help = "Skriver ett evenemang som workshopfil (YAML): load_workshop läser tillbaka samma dag."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="Evenemangets kortnamn.")
        parser.add_argument("--output", "-o", help="Filen att skriva (annars standard ut).")

    def handle(self, *args, slug, output, **options):
        event = Event.objects.filter(slug=slug).first()
        if event is None:
            raise CommandError(f"Det finns inget evenemang med kortnamnet '{slug}'.")
        text = workshop_yaml(event)
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
