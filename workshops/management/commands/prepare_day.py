import os
import secrets

import segno
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from workshops import live, ratelimit
from workshops.loader import CHANGEMAKERS_FILE, load_workshop_file
from workshops.network import lan_address


class Command(BaseCommand):
    help = (
        "Laddar Changemakers-dagen, skapar en facilitator om ingen finns och skriver ut adresserna."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))

    def handle(self, *args, port, **options):
        event, _created = load_workshop_file(CHANGEMAKERS_FILE)
        if stale := live.forget_connections():
            self.stdout.write(f"{stale} gamla anslutningar från förra körningen rensade.")
        self.ensure_facilitator()
        self.print_login_codes()
        base = os.environ.get("SITE_URL") or f"http://{lan_address()}:{port}"
        join_url = f"{base}{event.join_path()}"
        self.stdout.write(f"\n{event}: kod {event.join_code}")
        self.stdout.write(f"Facilitator: {base}/facilitator/")
        self.stdout.write(f"Projektor:   {base}{event.projector_path()}")
        self.stdout.write(f"Deltagare:   {join_url}\n")
        segno.make(join_url, error="m").terminal(out=self.stdout._out, compact=True)

    def print_login_codes(self):
        """The reserve codes: the right password with one always gets in (workshops/ratelimit.py),
        whoever guesses from the same address. Only the terminal that started the server sees
        them; a new password makes a new code."""
        staff = get_user_model().objects.filter(is_staff=True, is_active=True).order_by("pk")
        for user in staff[:5]:
            self.stdout.write(
                f"Reservkod för inloggning som {user.get_username()}: {ratelimit.login_code(user)}"
                " (om gissningar har spärrat inloggningen)"
            )

    def ensure_facilitator(self):
        users = get_user_model().objects
        if users.filter(is_staff=True).exists():
            return
        username = os.environ.get("FACILITATOR_USERNAME", "facilitator")
        password = os.environ.get("FACILITATOR_PASSWORD") or secrets.token_urlsafe(9)
        users.create_superuser(username=username, password=password, email="")
        self.stdout.write(
            self.style.SUCCESS(f"Facilitatorkonto skapat: {username} / {password} (visas bara nu)")
        )
