"""`make run` prepares the day before daphne starts: stale "connected now" rows from a server
that crashed are cleared, so the console counts only phones that really are connected."""

from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from workshops.models import LiveConnection


def connected_on_console(client, event) -> str:
    html = client.get(reverse("workshops:console", args=[event.pk])).content.decode()
    return html.split('data-counter="connected">', 1)[1].split("<", 1)[0]


def test_prepare_day_clears_connections_left_by_a_crashed_server(facilitator_client, changemakers):
    for number in range(3):  # the server died with three phones connected
        LiveConnection.objects.create(event=changemakers, channel_name=f"specific.dead!{number}")
    assert connected_on_console(facilitator_client, changemakers) == "3"

    out = StringIO()
    call_command("prepare_day", port="8000", stdout=out)

    assert LiveConnection.objects.count() == 0
    assert connected_on_console(facilitator_client, changemakers) == "0"
    assert "3 gamla anslutningar från förra körningen rensade." in out.getvalue()
    assert changemakers.join_code in out.getvalue()


def test_prepare_day_without_stale_connections_says_nothing_of_them(changemakers):
    out = StringIO()
    call_command("prepare_day", port="8000", stdout=out)
    assert "anslutningar" not in out.getvalue()
    assert "Facilitatorkonto skapat" in out.getvalue()
