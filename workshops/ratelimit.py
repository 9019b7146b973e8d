"""Slow down guessing of join codes.

Only wrong codes count. A client is its session (one phone), so one phone that keeps guessing
is slowed while the other phones behind the same venue IP join as usual. A much higher limit
per IP stops a script that throws its cookies away.
"""

import math
import time
from functools import cache

from django.conf import settings
from django.http import HttpRequest
from limits import RateLimitItem, parse, storage, strategies

WRONG_CODES_PER_CLIENT = parse("5/minute")
WRONG_CODES_PER_IP = parse("60/minute")


@cache
def limiter() -> strategies.MovingWindowRateLimiter:
    return strategies.MovingWindowRateLimiter(
        storage.storage_from_string(settings.RATELIMIT_STORAGE_URL)
    )


def reset() -> None:
    """Forget every hit (tests)."""
    limiter().storage.reset()


def client_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def client_key(request: HttpRequest) -> str:
    if request.session.session_key is None:
        request.session.save()
    return request.session.session_key


def _limits(request: HttpRequest) -> list[tuple[RateLimitItem, tuple[str, ...]]]:
    return [
        (WRONG_CODES_PER_CLIENT, ("join-client", client_key(request))),
        (WRONG_CODES_PER_IP, ("join-ip", client_ip(request))),
    ]


def wrong_code_wait(request: HttpRequest) -> int:
    """Seconds this client must wait before trying another code; 0 if it may try now."""
    wait = 0
    for item, keys in _limits(request):
        if not limiter().test(item, *keys):
            reset_at = limiter().get_window_stats(item, *keys).reset_time
            wait = max(wait, math.ceil(reset_at - time.time()), 1)
    return wait


def record_wrong_code(request: HttpRequest) -> None:
    for item, keys in _limits(request):
        limiter().hit(item, *keys)
