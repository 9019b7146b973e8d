"""Slow down guessing of join codes and facilitator passwords without locking out the right people.

Join codes: only wrong codes count, per phone (its session) and per client address. A client
that has guessed too often gets 429 for wrong codes, but the right code and the QR link always go
through, so one guesser behind a venue's shared address cannot keep the room from joining. Tries
made while refused do not count, so a guesser cannot extend its own wait forever.

Logins: tries count per client address *and* username, before the password is checked (a right
one clears the count), in windows that grow (a few tries a minute, then fewer per ten minutes, then per hour): a growing
delay for the guesser, while the facilitator's right password from any other address goes
straight through, and so does the facilitator's own browser (a signed cookie from its last
login) even behind the same address, and any browser with the account's reserve code (printed
by `make run`).

Every count is atomic (`take`): limits' hit() checks and counts in one step in its storage.

The client address is the connection's, or, when that is a trusted proxy (TRUSTED_PROXIES), the
nearest address in X-Forwarded-For that is not a trusted proxy. X-Forwarded-For from anyone else
is ignored: it is written by the client.
"""

import ipaddress
import logging
import math
import secrets
import time
from functools import cache

from django.conf import settings
from django.http import HttpRequest
from django.utils.crypto import constant_time_compare, salted_hmac
from limits import RateLimitItem, parse, storage, strategies

WRONG_CODES_PER_CLIENT = parse("5/minute")
WRONG_CODES_PER_ADDRESS = parse("30/minute")
# Growing delay: each window only starts refusing once the shorter one has been used up again.
LOGIN_FAILURES = [parse("5/minute"), parse("10/10 minutes"), parse("20/hour")]


logger = logging.getLogger(__name__)


class FallbackLimiter:
    """The limits on the shared storage (Redis, in the scaled set-up); while that fails (a Redis
    outage), on this process's memory instead, so a request never fails for it: the limits
    still hold, per process, for the outage. Each outage is logged once."""

    def __init__(self, url: str):
        options = {"socket_connect_timeout": 2, "socket_timeout": 2} if "redis" in url else {}
        self.shared = strategies.MovingWindowRateLimiter(
            storage.storage_from_string(url, **options)
        )
        self.local = strategies.MovingWindowRateLimiter(storage.MemoryStorage())
        self.failing = False

    def _call(self, name: str, *args):
        try:
            result = getattr(self.shared, name)(*args)
        except Exception as error:
            if not self.failing:
                self.failing = True
                logger.warning("Rate limit storage failing (%s): limits kept in memory", error)
            return getattr(self.local, name)(*args)
        if self.failing:
            self.failing = False
            logger.warning("Rate limit storage reachable again")
        return result

    def test(self, item: RateLimitItem, *keys: str) -> bool:
        return self._call("test", item, *keys)

    def hit(self, item: RateLimitItem, *keys: str) -> bool:
        return self._call("hit", item, *keys)

    def get_window_stats(self, item: RateLimitItem, *keys: str):
        return self._call("get_window_stats", item, *keys)

    def clear(self, item: RateLimitItem, *keys: str) -> None:
        self._call("clear", item, *keys)

    def reset(self) -> None:
        self.shared.storage.reset()
        self.local.storage.reset()


@cache
def limiter() -> FallbackLimiter:
    return FallbackLimiter(settings.RATELIMIT_STORAGE_URL)


def reset() -> None:
    """Forget every hit (tests)."""
    limiter().reset()


@cache
def _trusted_networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _is_trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _trusted_networks(tuple(settings.TRUSTED_PROXIES)))


def client_address(request: HttpRequest) -> str:
    """The address of the client as far as it can be trusted (see the module's doc)."""
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    if not _is_trusted(address):
        return address
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed([hop.strip() for hop in forwarded.split(",") if hop.strip()]):
        try:
            hop = str(ipaddress.ip_address(hop))
        except ValueError:
            return address  # a forged or broken header: the proxy itself is all we know
        if not _is_trusted(hop):
            return hop
        address = hop
    return address


def _wait(limits: list[tuple[RateLimitItem, tuple[str, ...]]]) -> int:
    wait = 0
    for item, keys in limits:
        if not limiter().test(item, *keys):
            reset_at = limiter().get_window_stats(item, *keys).reset_time
            wait = max(wait, math.ceil(reset_at - time.time()), 1)
    return wait


def take(limits: list[tuple[RateLimitItem, tuple[str, ...]]]) -> bool:
    """Count one try in every window, shortest first; False at the first full one (a refused
    try is not counted there or after). Each hit is one atomic check-and-count in the storage
    (a Lua script in Redis, a lock in memory), so processes or threads racing each other cannot
    all pass a check made before any of them counted."""
    return all(limiter().hit(item, *keys) for item, keys in limits)


# --- Join codes ---


def client_key(request: HttpRequest) -> str:
    if request.session.session_key is None:
        request.session.save()
    return request.session.session_key


def _join_limits(request: HttpRequest) -> list[tuple[RateLimitItem, tuple[str, ...]]]:
    return [
        (WRONG_CODES_PER_CLIENT, ("join-client", client_key(request))),
        (WRONG_CODES_PER_ADDRESS, ("join-address", client_address(request))),
    ]


def wrong_code_wait(request: HttpRequest) -> int:
    """Seconds this client must wait before trying another wrong code; 0 if it may try now."""
    return _wait(_join_limits(request))


def count_wrong_code(request: HttpRequest) -> bool:
    """Count a wrong code; False if the client is refused already (then it waits, uncounted)."""
    return take(_join_limits(request))


# --- Logins ---


LOGIN_DEVICE_COOKIE = "login_device"
LOGIN_DEVICE_AGE = 60 * 60 * 24 * 365


def remember_login_device(request: HttpRequest, response, username: str) -> None:
    """After a successful login: a signed cookie naming this browser and the username. Its
    failures then count on their own, so a guesser behind the same address (a venue's NAT, an
    untrusted proxy) cannot slow down the facilitator's own browser."""
    value = f"{username.strip().lower()}:{secrets.token_urlsafe(12)}"
    response.set_signed_cookie(
        LOGIN_DEVICE_COOKIE,
        value,
        salt=LOGIN_DEVICE_COOKIE,
        max_age=LOGIN_DEVICE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _login_device(request: HttpRequest, username: str) -> str | None:
    value = request.get_signed_cookie(
        LOGIN_DEVICE_COOKIE, default=None, salt=LOGIN_DEVICE_COOKIE, max_age=LOGIN_DEVICE_AGE
    )
    if value and value.rpartition(":")[0] == username.strip().lower():
        return value
    return None


def _login_limits(request: HttpRequest, username: str) -> list[tuple[RateLimitItem, tuple]]:
    if device := _login_device(request, username):
        key = ("login-device", device)
    else:
        key = ("login", client_address(request), username.strip().lower())
    return [(item, key) for item in LOGIN_FAILURES]


LOGIN_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


def login_code(user) -> str:
    """The account's reserve code, printed by `manage.py prepare_day` (so by `make run`): with it,
    the right password gets in even while guesses from the same address are refused. Derived
    from SECRET_KEY and the password's hash, so every process knows it without storing it, and
    a new password makes a new code. 12 characters of 31: about 59 bits, beyond guessing."""
    digest = salted_hmac("changemakers.login-code", f"{user.pk}:{user.password}").digest()
    number = int.from_bytes(digest, "big")
    letters = []
    for _position in range(12):
        number, index = divmod(number, len(LOGIN_CODE_ALPHABET))
        letters.append(LOGIN_CODE_ALPHABET[index])
    return "-".join("".join(letters[start : start + 4]) for start in (0, 4, 8))


def is_login_code(user, typed: str) -> bool:
    typed = "".join(typed.split()).replace("-", "").lower()
    return bool(typed) and constant_time_compare(typed, login_code(user).replace("-", ""))


def login_wait(request: HttpRequest, username: str) -> int:
    """Seconds before this address may try this username again; 0 if it may try now."""
    return _wait(_login_limits(request, username))


def forget_login_tries(request: HttpRequest, username: str) -> None:
    for item, keys in _login_limits(request, username):
        limiter().clear(item, *keys)


def count_login_try(request: HttpRequest, username: str) -> bool:
    """Count a try before its password is checked (so that tries racing each other are counted
    one by one); False: refused, the password is not to be checked."""
    return take(_login_limits(request, username))
