"""`make run` prepares the day before daphne starts: stale "connected now" rows from a server
that crashed are cleared, so the console counts only phones that really are connected; rows of
server processes that are alive (their heartbeat is recent) stay."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from workshops import live
from workshops.live import presence
from workshops.models import LiveConnection


def connected_on_console(client, event) -> str:
    html = client.get(reverse("workshops:console", args=[event.pk])).content.decode()
    return html.split('data-counter="connected">', 1)[1].split("<", 1)[0]


def test_prepare_day_clears_connections_left_by_a_crashed_server(facilitator_client, changemakers):
    # A server died with three phones connected; its heartbeat stopped a while ago.
    silent_since = timezone.now() - presence.CONNECTION_TTL - timedelta(seconds=1)
    for number in range(3):
        LiveConnection.objects.create(
            event=changemakers,
            channel_name=f"specific.dead!{number}",
            process="dead",
            seen_at=silent_since,
        )
    # Another process is alive and holds two phones.
    for number in range(2):
        LiveConnection.objects.create(
            event=changemakers, channel_name=f"specific.alive!{number}", process="alive"
        )
    # The dead process's rows are not counted even before anyone removes them.
    assert connected_on_console(facilitator_client, changemakers) == "2"

    out = StringIO()
    call_command("prepare_day", port="8000", stdout=out)

    assert set(LiveConnection.objects.values_list("process", flat=True)) == {"alive"}
    assert connected_on_console(facilitator_client, changemakers) == "2"
    assert "3 gamla anslutningar från förra körningen rensade." in out.getvalue()
    assert changemakers.join_code in out.getvalue()


def test_prepare_day_without_stale_connections_says_nothing_of_them(changemakers):
    out = StringIO()
    call_command("prepare_day", port="8000", stdout=out)
    assert "anslutningar" not in out.getvalue()
    assert "Facilitatorkonto skapat" in out.getvalue()


def test_heartbeat_keeps_own_rows_and_removes_dead_processes_rows(changemakers):
    old = timezone.now() - presence.CONNECTION_TTL - timedelta(seconds=1)
    LiveConnection.objects.create(
        event=changemakers, channel_name="specific.me!1", process=presence.PROCESS_ID, seen_at=old
    )
    LiveConnection.objects.create(
        event=changemakers, channel_name="specific.dead!1", process="dead", seen_at=old
    )

    versions, expired = presence.heartbeat([changemakers.pk])

    assert versions == {changemakers.pk: changemakers.live_version}
    assert expired == {changemakers.pk}
    assert list(LiveConnection.objects.values_list("channel_name", flat=True)) == ["specific.me!1"]
    assert live.connected_phones(changemakers.pk) == 1
