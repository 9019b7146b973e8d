"""The phones connected now, across every server process: a row per phone socket, named by its
process, kept alive by that process's beacon tick (workshops/live/beacon.py); the rows of a
process that died (and so never ran its disconnects) expire."""

import os
import secrets
import socket
from datetime import timedelta

from django.utils import timezone

# A process's rows older than this (several missed heartbeats) belong to a process that died.
CONNECTION_TTL = timedelta(seconds=30)
# Names this process's "connected now" rows; unique even when a pid is reused after a restart.
PROCESS_ID = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"[:100]


def heartbeat(event_ids: list[int]) -> tuple[dict[int, int], set[int]]:
    """The events' live versions (one query), this process's rows refreshed, dead processes'
    rows deleted. Returns the versions and the events whose "connected now" went down."""
    from workshops.models import Event, LiveConnection

    now = timezone.now()
    LiveConnection.objects.filter(process=PROCESS_ID).update(seen_at=now)
    stale = LiveConnection.objects.filter(seen_at__lt=now - CONNECTION_TTL)
    expired = set(stale.values_list("event_id", flat=True).distinct())
    if expired:
        stale.delete()
    versions = dict(Event.objects.filter(pk__in=event_ids).values_list("pk", "live_version"))
    return versions, expired


def phone_connected(event_id: int, channel_name: str) -> None:
    from workshops.models import LiveConnection

    LiveConnection.objects.update_or_create(
        channel_name=channel_name,
        defaults={"event_id": event_id, "process": PROCESS_ID, "seen_at": timezone.now()},
    )


def phone_disconnected(channel_name: str) -> None:
    from workshops.models import LiveConnection

    LiveConnection.objects.filter(channel_name=channel_name).delete()


def forget_connections() -> int:
    """Remove the rows of server processes that died (and so never ran their disconnects):
    rows whose heartbeat stopped. A live process's rows are kept: several processes share the
    database, and starting one must not wipe what the others hold. Returns how many went."""
    from workshops.models import LiveConnection

    stale = LiveConnection.objects.filter(seen_at__lt=timezone.now() - CONNECTION_TTL)
    deleted, _by_model = stale.delete()
    return deleted


def connected_phones(event_id: int) -> int:
    """Phones holding a socket to this event now, across every live server process."""
    from workshops.models import LiveConnection

    return LiveConnection.objects.filter(
        event_id=event_id, seen_at__gte=timezone.now() - CONNECTION_TTL
    ).count()
