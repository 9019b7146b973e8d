"""The throttles across processes: questions sent at once from one phone through nginx to two
daphne processes (Redis holds the limits) are counted one by one, as on one process."""

import asyncio

import pytest

from bench.live_bench import http
from tests.conftest import SCALED_USER
from tests.scaled_helpers import Facilitator, Phone, new_event, sql

pytestmark = pytest.mark.scaled


async def test_questions_sent_at_once_through_two_processes_are_limited(scaled_stack):
    stack = scaled_stack
    event = new_event(stack, "scaled-throttle", open_keys=())
    talk = sql(
        stack,
        "SELECT id FROM workshops_programitem WHERE event_id = %s AND kind = 'talk' "
        'ORDER BY "order" LIMIT 1',
        event["event"],
    )[0][0]
    facilitator = Facilitator(stack.port, event, *SCALED_USER)
    await facilitator.login()
    assert await facilitator.post("flytta/", {"item": talk}) in (200, 302)
    phone = Phone(stack.port, event)
    await phone.join()
    await http(stack.port, "GET", "/nu/", cookies=phone.cookies)  # its CSRF cookie

    async def ask(number: int) -> int:
        status, _page = await http(
            stack.port,
            "POST",
            "/fragor/stall/",
            {"text": f"Fråga {number}"},
            cookies=phone.cookies,
            headers={"X-CSRFToken": phone.cookies.get("csrftoken", "")},
        )
        return status

    statuses = await asyncio.gather(*(ask(number) for number in range(20)))
    stored = sql(stack, "SELECT count(*) FROM talks_question WHERE event_id = %s", event["event"])[
        0
    ][0]
    assert sorted(statuses) == [302] * 5 + [429] * 15, statuses
    assert stored == 5
