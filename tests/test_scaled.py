"""The scaled set-up, for real: nginx in front of two daphne processes, PostgreSQL and Redis,
started from deploy/ (tests/conftest.py's scaled_stack). Phones, the projector and the facilitator
are plain HTTP and WebSocket clients, through nginx unless a test must pick the process."""

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from bench.live_bench import http
from deploy.stack import ROOT, alive, descendants, free_port, port_open
from tests.conftest import SCALED_USER
from tests.scaled_helpers import (
    Facilitator,
    Phone,
    login_attempt,
    new_event,
    sql,
    wait_for,
    wrong_join_code,
)

pytestmark = pytest.mark.scaled
ANSWERED = re.compile(r'data-counter="answered">(\d+)<')


async def joined_phones(stack, event, count: int, port: int | None = None) -> list[Phone]:
    phones = [Phone(port or stack.port, event) for _ in range(count)]
    for phone in phones:  # one after the other: nginx's least_conn alternates the processes
        await phone.join()
        phone.start()
        await asyncio.wait_for(phone.connected.wait(), 10)
    return phones


def processes_holding(stack, event) -> dict[str, int]:
    rows = sql(
        stack,
        "SELECT process, count(*) FROM workshops_liveconnection WHERE event_id = %s "
        "GROUP BY process",
        event["event"],
    )
    return dict(rows)


async def logged_in(stack, event) -> Facilitator:
    facilitator = Facilitator(stack.port, event, *SCALED_USER)
    await facilitator.login()
    return facilitator


async def stop_all(phones):
    await asyncio.gather(*(phone.stop() for phone in phones))


async def test_pushes_cross_processes(scaled_stack):
    """A step change posted through nginx reaches the phones of both processes; answers posted
    to one process reach a projector held by the other."""
    import websockets

    stack = scaled_stack
    event = new_event(stack, "scaled-cross")
    phones = await joined_phones(stack, event, 6)
    try:
        assert await wait_for(lambda: sum(processes_holding(stack, event).values()) == 6, 5)
        assert len(processes_holding(stack, event)) == 2  # both processes hold phones
        before = max(phone.seen_version() for phone in phones)

        facilitator = await logged_in(stack, event)
        assert await facilitator.post("nasta/") in (200, 302)
        assert await wait_for(lambda: all(p.seen_version() > before for p in phones), 3)

        # The projector, showing Övning 1's results, on process 0; answers straight to process 1.
        ovning = sql(
            stack,
            "SELECT id FROM exercises_exercise WHERE event_id = %s AND key = %s",
            event["event"],
            "ovning-1",
        )[0][0]
        assert await facilitator.post(f"ovning/{ovning}/results-show/") in (200, 302)
        port0, port1 = stack.worker_ports
        counts = []
        url = (
            f"ws://127.0.0.1:{port0}/ws/events/{event['event']}/screen/projector/"
            f"?token={event['token']}"
        )
        async with websockets.connect(
            url, additional_headers={"Origin": f"http://127.0.0.1:{port0}"}
        ) as projector:

            async def listen():
                async for frame in projector:
                    if match := ANSWERED.search(json.loads(frame).get("html", "")):
                        counts.append(int(match.group(1)))

            listening = asyncio.create_task(listen())
            ability = event["abilities"][0]
            for value, phone in enumerate(phones[:3], start=1):
                assert await phone.answer({f"ability-{ability}": str(value)}, port=port1) == 200
            assert await wait_for(lambda: counts and counts[-1] == 3, 5), counts
            listening.cancel()
    finally:
        await stop_all(phones)


async def test_idle_sockets_stay_open(scaled_stack):
    """Phones idle for 30 s keep their sockets through nginx and Redis (redis-py's read timeout
    used to close them with 1011 every ~5 s), and get the beacon meanwhile."""
    stack = scaled_stack
    event = new_event(stack, "scaled-idle")
    phones = await joined_phones(stack, event, 4)
    try:
        await asyncio.sleep(31)
        assert [phone.closes for phone in phones] == [[]] * 4
        assert [phone.connects for phone in phones] == [1] * 4
        assert all(phone.beacons >= 5 for phone in phones), [p.beacons for p in phones]
    finally:
        await stop_all(phones)


async def test_a_process_killed_mid_burst(scaled_stack):
    """kill -9 of one daphne during a burst of answers: every answer that got a 2xx is in the
    database, the phones reconnect through nginx, and a step change sent during the failover
    reaches every phone within 3 s."""
    stack = scaled_stack
    event = new_event(stack, "scaled-failover")
    phones = await joined_phones(stack, event, 16)
    names = {}
    try:
        for number, phone in enumerate(phones, start=1):
            names[phone] = number  # joined in order: the participant's number
        assert len(processes_holding(stack, event)) == 2
        facilitator = await logged_in(stack, event)
        acknowledged = set()

        async def answers(phone):
            for index, ability in enumerate(event["abilities"]):
                try:
                    status = await phone.answer({f"ability-{ability}": str(index % 5 + 1)})
                except (OSError, TimeoutError, IndexError, ValueError):
                    continue  # the connection broke: not acknowledged
                if 200 <= status < 300:
                    acknowledged.add((names[phone], ability))

        burst = [asyncio.create_task(answers(phone)) for phone in phones]
        await asyncio.sleep(0.5)
        stack.kill_worker(0)
        before = max(phone.seen_version() for phone in phones)
        sent_at = time.monotonic()
        assert await facilitator.post("nasta/") in (200, 302)
        reached = await wait_for(lambda: all(p.seen_version() > before for p in phones), 3)
        late = [p.version_at.get(before + 1, float("inf")) - sent_at for p in phones]
        assert reached, f"phones without the step after 3 s: {sum(t > 3 for t in late)}"
        await asyncio.gather(*burst)

        # Each phone numbered in order of joining; its answers are keyed by that number.
        stored = set(
            sql(
                stack,
                "SELECT p.number, r.ability_id FROM exercises_rating r "
                "JOIN workshops_participant p ON p.id = r.participant_id WHERE p.event_id = %s",
                event["event"],
            )
        )
        assert acknowledged, "no answer got through"
        assert acknowledged <= stored, f"lost: {sorted(acknowledged - stored)[:10]}"
        # The phones of the killed process reconnected (to the survivor).
        assert any(phone.connects > 1 for phone in phones)
        assert await wait_for(lambda: all(p.connected.is_set() for p in phones), 5)
    finally:
        await stop_all(phones)
        stack.start_worker(0)


CARD = {
    "scenario": "2",
    "year": "2045",
    "writer": "Ett barn",
    "recipient": "KSO:n",
    "everyday": "Medvind",
    "feeling": "Hoppfullt",
    "doing": "Fortfarande changemaker",
}


async def test_postcard_double_tap_over_two_processes(scaled_stack):
    """The first save of a postcard, sent twice at once to the two processes: no 500, one
    postcard, with one of the two texts; a later save wins."""
    stack = scaled_stack
    event = new_event(stack, "scaled-postcard")
    port0, port1 = stack.worker_ports
    statuses = []
    phones = [Phone(stack.port, event) for _ in range(12)]
    for phone in phones:
        await phone.join()
    for number, phone in enumerate(phones, start=1):
        first, second = await asyncio.gather(
            phone.answer({**CARD, "greeting": f"A{number}"}, "ovning-4", port=port0),
            phone.answer({**CARD, "greeting": f"B{number}"}, "ovning-4", port=port1),
        )
        statuses += [first, second]
    cards = sql(
        stack,
        "SELECT p.number, c.greeting FROM scenarios_postcard c "
        "JOIN workshops_participant p ON p.id = c.participant_id WHERE p.event_id = %s",
        event["event"],
    )
    assert [status for status in statuses if status >= 500] == []
    assert sorted(number for number, _ in cards) == list(range(1, 13))
    assert all(greeting in {f"A{number}", f"B{number}"} for number, greeting in cards)

    assert await phones[0].answer({**CARD, "greeting": "Sist"}, "ovning-4") == 200
    assert sql(
        stack,
        "SELECT c.greeting FROM scenarios_postcard c JOIN workshops_participant p "
        "ON p.id = c.participant_id WHERE p.event_id = %s AND p.number = 1",
        event["event"],
    ) == [("Sist",)]


THROTTLED = "För många misslyckade inloggningar"


# Each client connects from a loopback address of its own (127.0.0.x), as from its own machine.


async def test_a_new_forged_address_per_wrong_password_is_still_throttled(scaled_stack):
    """Through nginx, X-Forwarded-For is what nginx saw, not what the client wrote."""
    throttled = 0
    for number in range(40):
        forged = {"X-Forwarded-For": f"198.51.100.{number + 1}"}
        status, page = await login_attempt(
            scaled_stack.port, "nobody-here", f"wrong-{number}", source="127.0.0.3", headers=forged
        )
        assert status == 200
        throttled += THROTTLED in page
    assert throttled >= 30, f"{throttled} of 40 wrong passwords throttled"


async def test_a_new_forged_address_per_wrong_join_code_is_still_throttled(scaled_stack):
    statuses = [
        await wrong_join_code(
            scaled_stack.port,
            source="127.0.0.4",
            headers={"X-Forwarded-For": f"203.0.113.{number + 1}"},
        )
        for number in range(40)
    ]
    assert statuses.count(429) >= 5, statuses


async def test_a_guesser_naming_the_facilitators_address_does_not_lock_it_out(scaled_stack):
    """The guesser (127.0.0.2) names the facilitator's address (127.0.0.1) as its own; the
    facilitator, in a new browser, still gets in."""
    username, password = SCALED_USER
    for number in range(20):
        await login_attempt(
            scaled_stack.port,
            username,
            f"wrong-{number}",
            source="127.0.0.2",
            headers={"X-Forwarded-For": "127.0.0.1"},
        )
    status, page = await login_attempt(scaled_stack.port, username, password, source="127.0.0.1")
    assert status == 302, THROTTLED if THROTTLED in page else status


async def test_acknowledged_answers_survive_a_postgresql_crash(scaled_stack):
    """kill -9 of PostgreSQL (postmaster and backends) during a burst of answers through nginx:
    after it restarts (crash recovery), every answer that got a 2xx is in the database, with
    its value; and answers are taken again."""
    stack = scaled_stack
    event = new_event(stack, "scaled-pg-crash")
    phones = [Phone(stack.port, event) for _ in range(13)]
    for phone in phones:
        await phone.join()
    acknowledged = {}

    async def answers(number, phone):
        for index, ability in enumerate(event["abilities"]):
            value = (number + index) % 5 + 1
            try:
                status = await phone.answer({f"ability-{ability}": str(value)})
            except (OSError, TimeoutError, IndexError, ValueError):
                continue
            if 200 <= status < 300:
                acknowledged[(number, ability)] = value

    burst = [
        asyncio.create_task(answers(number, phone)) for number, phone in enumerate(phones, start=1)
    ]
    assert await wait_for(lambda: len(acknowledged) >= 60, 30)
    # Crashed and started again at once (as systemd would): the answers waiting for a database
    # connection meanwhile go on; those on a connection that broke get a 500.
    await asyncio.to_thread(stack.crash_postgres)
    await asyncio.to_thread(stack.restart, "postgres")
    await asyncio.gather(*burst)

    stored = {
        (number, ability): value
        for number, ability, value in sql(
            stack,
            "SELECT p.number, r.ability_id, r.value FROM exercises_rating r "
            "JOIN workshops_participant p ON p.id = r.participant_id WHERE p.event_id = %s",
            event["event"],
        )
    }
    lost = {key: value for key, value in acknowledged.items() if stored.get(key) != value}
    assert not lost, f"{len(lost)} of {len(acknowledged)} acknowledged answers lost"
    assert len(acknowledged) < len(phones) * len(event["abilities"])  # the crash hit the burst

    async def answered_again():
        ability = event["abilities"][0]
        for _ in range(40):
            try:
                if await phones[0].answer({f"ability-{ability}": "3"}) == 200:
                    return True
            except OSError:
                pass
            await asyncio.sleep(0.25)
        return False

    assert await answered_again()


def daphne_processes(parent: int) -> dict[int, int]:
    """The daphne processes under `parent` (pid → its port), from their command lines."""
    found = {}
    for pid in descendants(parent):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"daphne" in command and alive(pid):
            ports = [re.search(rb"tcp:port=(\d+)", part) for part in command]
            found[pid] = next(int(match.group(1)) for match in ports if match)
    return found


async def test_make_run_scaled_restarts_a_dead_process(scaled_stack, tmp_path):
    """`make run-scaled` (deploy/run_scaled.py, run here as make runs it) with 2 daphne: kill -9
    one, and it is started again within a second while the other serves; phones holding sockets
    through nginx are connected again within a few seconds. Then the other is killed: the
    restarted one serves every phone. (Before, run_scaled stopped everything when one died.)"""
    port = free_port()
    log = tmp_path / "run-scaled.log"
    command = [sys.executable, "deploy/run_scaled.py", "--workers", "2", "--port", str(port)]
    with open(log, "wb") as output:
        run = subprocess.Popen(
            [*command, "--folder", str(tmp_path / "scaled")],
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "SITE_URL": f"http://127.0.0.1:{port}"},
        )
    try:
        assert await wait_for(lambda: "serverprocesser" in log.read_text(), 120, 0.5), (
            log.read_text()[-2000:]
        )
        code = re.search(r": kod (\w+)", log.read_text()).group(1)
        postgres_port = int((tmp_path / "scaled/postgres/postmaster.pid").read_text().split()[3])
        stack = SimpleNamespace(postgres_port=postgres_port)
        event_id = sql(stack, "SELECT id FROM workshops_event WHERE join_code = %s", code)[0][0]
        event = {"event": event_id, "code": code}
        phones = [Phone(port, event) for _ in range(10)]
        for phone in phones:
            await phone.join()
            phone.start()
            await asyncio.wait_for(phone.connected.wait(), 10)
        workers = daphne_processes(run.pid)
        assert len(workers) == 2
        reconnected = []

        for victim, victim_port in sorted(workers.items()):
            closed = sum(len(phone.closes) for phone in phones)
            os.kill(victim, signal.SIGKILL)
            killed_at = time.monotonic()
            assert await wait_for(lambda: len(daphne_processes(run.pid)) == 2, 1.5), (
                "the dead process was not started again within a second"
            )
            assert await wait_for(lambda n=closed: sum(len(p.closes) for p in phones) > n, 5)
            again = await wait_for(
                lambda: all(
                    p.connected.is_set() and p.connects == len(p.closes) + 1 for p in phones
                ),
                10,
            )
            reconnected.append(round(time.monotonic() - killed_at, 1))
            assert again, (
                f"{sum(p.connected.is_set() for p in phones)} of 10 phones connected",
                [(p.connects, p.closes) for p in phones],
                log.read_text()[-3000:],
            )
            # The restarted process (on the same port) answers before the next one is killed; nginx
            # never marked it unavailable (max_fails=0), so pages and sockets reach it again.
            assert await wait_for(lambda port=victim_port: port_open(port), 20, 0.2)
            await asyncio.sleep(2.5)
            for _ in range(4):
                await http(port, "GET", "/")
        assert run.poll() is None
        assert "daphne-0 avslutades" in log.read_text()
        print(f"every phone connected again {reconnected} s after each kill")
        await stop_all(phones)
    finally:
        run.send_signal(signal.SIGINT)  # Ctrl-C: stops everything it started
        try:
            run.wait(timeout=30)
        except subprocess.TimeoutExpired:
            run.kill()


async def test_a_redis_outage_breaks_nothing(scaled_stack):
    """Redis stopped (the real process) for ~4 s: a new phone joins and its socket connects, the
    facilitator logs in, answers are saved, the step changes once, the console shows: no 500.
    Pushes wait for the 5 s beacon: every phone sees the new step once Redis is back."""
    stack = scaled_stack
    event = new_event(stack, "scaled-redis")
    phones = await joined_phones(stack, event, 2)
    version = "SELECT live_version FROM workshops_event WHERE id = %s"
    (before,) = sql(stack, version, event["event"])[0]
    ability = event["abilities"][0]
    await asyncio.to_thread(stack.stop_service, "redis")
    stopped_at = time.monotonic()
    try:
        newcomer = Phone(stack.port, event)
        await newcomer.join()
        newcomer.start()
        assert await wait_for(newcomer.connected.is_set, 3), newcomer.closes
        facilitator = await logged_in(stack, event)
        assert [await phone.answer({f"ability-{ability}": "4"}) for phone in phones] == [200, 200]
        assert await newcomer.answer({f"ability-{ability}": "2"}) == 200
        assert await facilitator.post("nasta/") == 302
        status, page = await http(
            stack.port, "GET", f"/facilitator/{event['event']}/", cookies=facilitator.cookies
        )
        assert status == 200 and 'data-counter="joined">3<' in page
        await asyncio.sleep(max(0, 4 - (time.monotonic() - stopped_at)))
    finally:
        await asyncio.to_thread(stack.restart, "redis")
    try:
        assert sql(stack, version, event["event"])[0][0] == before + 1  # one step, not two
        ratings = sql(
            stack,
            "SELECT p.number, r.value FROM exercises_rating r JOIN workshops_participant p "
            "ON p.id = r.participant_id WHERE p.event_id = %s ORDER BY p.number",
            event["event"],
        )
        assert ratings == [(1, 4), (2, 4), (3, 2)]
        # The push was lost with Redis; the next beacon (every 5 s) tells each phone it is behind.
        everyone = [*phones, newcomer]
        assert await wait_for(lambda: all(p.beacon_version > before for p in everyone), 8)
    finally:
        await stop_all([*phones, newcomer])
