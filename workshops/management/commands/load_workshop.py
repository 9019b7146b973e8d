from django.core.management.base import BaseCommand, CommandError

from workshops.loader import (
    CHANGEMAKERS_FILE,
    WorkshopFileError,
    load_workshop_file,
    old_name_notes,
    read_workshop_file,
)


class Command(BaseCommand):
    help = "Skapar ett evenemang från en workshopfil (YAML). Samma fil två gånger ändrar inget."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(CHANGEMAKERS_FILE))
        parser.add_argument("--slug", help="Kortnamn för evenemanget, om inte filens.")

    def handle(self, *args, file, slug, **options):
        try:
            event, created = load_workshop_file(file, slug=slug)
        except WorkshopFileError as error:
            raise CommandError(str(error)) from error
        for note in old_name_notes(read_workshop_file(file)):
            self.stderr.write(note)
        verb = "Skapade" if created else "Finns redan, inget ändrat:"
        self.stdout.write(f"{verb} {event} (kod {event.join_code})")
