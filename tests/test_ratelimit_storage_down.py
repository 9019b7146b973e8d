"""The throttles' shared storage (Redis in the scaled set-up) failing: no request fails for
it, and the limits still hold, in the process's memory, until it answers again."""

import logging

import pytest
from django.test import Client

from tests.test_login_throttle import ATTACKER, FACILITATOR, PASSWORD, logged_in, login
from workshops import ratelimit

THROTTLED = "För många misslyckade inloggningar"


@pytest.fixture
def storage_down(settings):
    """A Redis address where nothing listens (connections refused at once)."""
    settings.RATELIMIT_STORAGE_URL = "redis://127.0.0.1:9/0"
    ratelimit.limiter.cache_clear()
    yield
    ratelimit.limiter.cache_clear()


def test_logins_are_throttled_in_memory_while_the_storage_is_down(
    db, facilitator, storage_down, caplog
):
    attacker = Client(**ATTACKER)
    with caplog.at_level(logging.WARNING, logger="workshops.ratelimit"):
        for _ in range(5):
            response = login(attacker, facilitator.username, "wrong")
            assert response.status_code == 200 and THROTTLED not in response.content.decode()
        response = login(attacker, facilitator.username, PASSWORD)
        assert THROTTLED in response.content.decode() and not logged_in(attacker)

        facilitator_browser = Client(**FACILITATOR)
        assert login(facilitator_browser, facilitator.username, PASSWORD).status_code == 302
    failing = [r for r in caplog.records if "storage failing" in r.getMessage()]
    assert len(failing) == 1  # once per outage, not once per request


def test_join_codes_are_throttled_in_memory_while_the_storage_is_down(changemakers, storage_down):
    guesser = Client(**ATTACKER)
    statuses = [guesser.post("/", {"code": "QQQQQQ"}).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    joined = guesser.post("/", {"code": changemakers.join_code})
    assert joined.status_code == 302
