"""The laptop's address on the venue network: what phones must use to reach this server."""

import socket
import subprocess
import time
from urllib.parse import urlsplit

LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "::1"}
_cache: dict[str, tuple[float, str]] = {}
CACHE_SECONDS = 60


def lan_address() -> str:
    """The laptop's address on the venue network, as phones will reach it."""
    candidates = []
    try:
        candidates += [info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None)]
    except OSError:
        pass
    for command in (["hostname", "-I"], ["ipconfig", "getifaddr", "en0"]):
        try:
            candidates += subprocess.run(
                command, capture_output=True, text=True, timeout=2
            ).stdout.split()
        except (OSError, subprocess.SubprocessError):
            continue
    for address in candidates:
        if "." in address and not address.startswith("127."):
            return address
    return "localhost"


def cached_lan_address() -> str:
    """lan_address(), looked up at most once a minute (it runs commands)."""
    now = time.monotonic()
    found_at, address = _cache.get("address", (0.0, ""))
    if not address or now - found_at > CACHE_SECONDS:
        address = lan_address()
        _cache["address"] = (now, address)
    return address


def is_loopback(host: str) -> bool:
    host = host.lower().strip("[]")
    return host in LOOPBACK_NAMES or host.startswith("127.")


def reachable_base(base: str) -> str:
    """`base` (scheme://host[:port]) as phones can reach it: a loopback host, as when the
    projector is opened at http://localhost:8000, becomes the LAN address on the same port."""
    parts = urlsplit(base)
    if not parts.hostname or not is_loopback(parts.hostname):
        return base
    address = cached_lan_address()
    if is_loopback(address):
        return base
    netloc = f"{address}:{parts.port}" if parts.port else address
    return f"{parts.scheme}://{netloc}"
