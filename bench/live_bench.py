"""Live benchmark, run by hand (`make bench`): N phones, a projector, answers over HTTP.

Starts daphne with the real app in the default set-up (SQLite + in-memory channel layer) on a
loopback port, joins N phones over HTTP, opens their WebSockets and one projector socket, then
1. burst: answers Övning 1 over HTTP at a fixed rate (one POST per phone);
2. probe: isolated answers (further apart than the projector's coalescing interval);
3. step: the facilitator moves the day on, and every phone must receive the new step.
It measures POST→projector latency, the time from the last answer to the true totals on the
projector, the step's time to reach all phones, memory per connection and answers lost (the
database against the successful POSTs). The same phases run against a bare Channels app and a
plain-ASGI broadcast app (bench/baselines.py) in the same run, for ratios.

Only 127.0.0.1; every wait is bounded; the script stops by itself.
"""

import argparse
import asyncio
import json
import os
import re
import resource
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import websockets

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
HOST = "127.0.0.1"
ANSWERED = re.compile(r'data-counter="answered">(\d+)<')
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def pct(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
    return values[k]


# --- A minimal HTTP/1.1 client (one connection per request; loopback only) ---


class Cookies(dict):
    def header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.items())


async def http(port, method, path, data=None, cookies=None, headers=None, timeout=30, source=None):
    """One request on a new connection; `source`: the local address to connect from (any
    127.x.y.z on loopback: a test's other client)."""
    body = urlencode(data).encode() if isinstance(data, dict) else (data or b"")
    lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}:{port}", "Connection: close"]
    if body or method == "POST":
        lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
    if cookies:
        lines.append(f"Cookie: {cookies.header()}")
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    local = {"local_addr": (source, 0)} if source else {}
    reader, writer = await asyncio.wait_for(asyncio.open_connection(HOST, port, **local), timeout)
    try:
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        raw = await asyncio.wait_for(reader.read(-1), timeout)
    finally:
        writer.close()
    head, _, content = raw.partition(b"\r\n\r\n")
    head_lines = head.decode("latin-1").split("\r\n")
    status = int(head_lines[0].split()[1])
    if cookies is not None:
        for line in head_lines[1:]:
            if line.lower().startswith("set-cookie:"):
                name, _, value = line.split(":", 1)[1].strip().split(";")[0].partition("=")
                cookies[name] = value
    return status, content.decode("utf-8", "replace")


async def wait_for_port(port, process, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(process.stderr.read().decode()[-2000:])
        try:
            _r, writer = await asyncio.open_connection(HOST, port)
            writer.close()
            return
        except OSError:
            await asyncio.sleep(0.2)
    raise RuntimeError("server did not start")


# --- Clients ---


class Phone:
    def __init__(self):
        self.cookies = Cookies()
        self.ws = None
        self.received = 0
        self.last_at = 0.0
        self.waiter: asyncio.Future | None = None
        self.acks: dict[str, asyncio.Future] = {}  # answers sent over the socket

    async def listen(self):
        try:
            async for frame in self.ws:
                message = json.loads(frame)  # typed (workshops/live/messages.py)
                if message["type"] == "ack":
                    if future := self.acks.pop(message["answer"], None):
                        future.set_result("html" in message and "retarget" not in message)
                    continue
                if message["type"] == "beacon":
                    continue  # the 5 s beacon (workshops/live/beacon.py) is not a push
                self.received += 1
                self.last_at = time.perf_counter()
                if self.waiter and not self.waiter.done():
                    self.waiter.set_result(self.last_at)
        except websockets.ConnectionClosed:
            pass


class Screen:
    """The projector: every message's arrival time and the answered count it shows."""

    def __init__(self, parse=True):
        self.ws = None
        self.updates: list[tuple[float, int]] = []
        self.parse = parse
        self.changed = asyncio.Event()

    async def listen(self):
        count = 0
        try:
            async for frame in self.ws:
                if self.parse:
                    match = ANSWERED.search(json.loads(frame).get("html", ""))
                    if match:
                        count = int(match.group(1))
                else:
                    count += 1
                self.updates.append((time.perf_counter(), count))
                self.changed.set()
        except websockets.ConnectionClosed:
            pass

    @property
    def count(self) -> int:
        return self.updates[-1][1] if self.updates else 0

    def first_at_least(self, value: int, after: float = 0.0) -> float | None:
        for at, count in self.updates:
            if at >= after and count >= value:
                return at
        return None

    async def until(self, value: int, seconds: float) -> float | None:
        deadline = time.perf_counter() + seconds
        while self.count < value and time.perf_counter() < deadline:
            self.changed.clear()
            try:
                await asyncio.wait_for(self.changed.wait(), deadline - time.perf_counter())
            except TimeoutError:
                break
        return self.first_at_least(value)


async def open_sockets(url, phones, origin, cookies_for=lambda phone: None, batch=25):
    for start in range(0, len(phones), batch):

        async def one(phone):
            headers = {"Origin": origin}
            if cookie := cookies_for(phone):
                headers["Cookie"] = cookie
            phone.ws = await websockets.connect(
                url,
                additional_headers=headers,
                open_timeout=30,
                max_size=None,
                ping_interval=None,
                compression=None,
            )
            asyncio.create_task(phone.listen())

        await asyncio.gather(*(one(p) for p in phones[start : start + batch]))


# --- Targets ---


class Target:
    name = ""

    def __init__(self, port):
        self.port = port
        self.origin = f"http://{HOST}:{port}"
        self.process = None

    def rss(self) -> int:
        return rss_kib(self.process.pid)

    async def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def daphne(app: str, port: int, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "daphne", "-b", HOST, "-p", str(port), app],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


class Baseline(Target):
    def __init__(self, port, app, name, layer):
        super().__init__(port)
        self.app, self.name, self.layer = app, name, layer
        self.answers_sent = 0

    async def start(self):
        env = {**os.environ, "CHANNEL_LAYER": self.layer, "PYTHONPATH": str(ROOT)}
        self.process = daphne(self.app, self.port, env)
        await wait_for_port(self.port, self.process)

    async def prepare_phones(self, phones):
        pass

    def phone_url(self):
        return f"ws://{HOST}:{self.port}/ws/phone/"

    def screen_url(self):
        return f"ws://{HOST}:{self.port}/ws/screen/"

    def phone_cookie(self, phone):
        return None

    parse_screen = False

    async def answer(self, phone, index):
        self.answers_sent += 1
        status, _ = await http(self.port, "POST", "/answer", b"answer")
        return status == 200

    async def step(self, index):
        await http(self.port, "POST", "/step", b"step")

    def stored_answers(self):
        return None


SETUP = """
import json
from django.contrib.auth import get_user_model
from workshops.loader import CHANGEMAKERS_FILE, load_workshop_file
event, _ = load_workshop_file(CHANGEMAKERS_FILE)
get_user_model().objects.create_superuser("bench", "", "bench-password-123")
ovning = event.exercises.get(key="ovning-1")
print(json.dumps({"event": event.pk, "code": event.join_code, "token": event.projector_token,
  "exercise": ovning.pk, "abilities": list(ovning.abilities.values_list("pk", flat=True))}))
"""


class App(Target):
    name = "changemakers"

    def __init__(self, port, layer):
        super().__init__(port)
        self.layer = layer
        self.tmp = tempfile.TemporaryDirectory(prefix="changemakers-bench-")
        self.env = {
            **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
            "CHANGEMAKERS_DATA_DIR": self.tmp.name,
            "REDIS_URL": "",
            "DEBUG": "false",
            "SECRET_KEY": "bench-" + "x" * 50,
            "CHANNEL_LAYER": self.layer,
            "LOG_LEVEL": "WARNING",
        }
        self.facilitator = Cookies()
        self.failures = {}

    def manage(self, *args, input_code=None):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
            input=input_code,
        ).stdout

    async def start(self):
        self.manage("migrate", "--no-input", "-v0")
        self.manage("collectstatic", "--no-input", "-v0")  # {% static %} needs the manifest
        self.info = json.loads(self.manage("shell", "-c", SETUP).strip().splitlines()[-1])
        self.process = daphne("changemakers.asgi:application", self.port, self.env)
        await wait_for_port(self.port, self.process)
        await self.open_day()

    async def open_day(self):
        await self.login()
        await self.console("ovning/{exercise}/open/")
        await self.console("visa/", {"view": "results", "target": "ovning-1"})
        await self.console("ovning/{exercise}/results-show/")

    async def login(self):
        status, page = await http(self.port, "GET", "/konto/logga-in/", cookies=self.facilitator)
        token = CSRF_INPUT.search(page).group(1)
        status, _ = await http(
            self.port,
            "POST",
            "/konto/logga-in/",
            {"username": "bench", "password": "bench-password-123", "csrfmiddlewaretoken": token},
            cookies=self.facilitator,
        )
        assert status == 302, f"login failed: {status}"

    async def console(self, action, data=None):
        path = f"/facilitator/{self.info['event']}/" + action.format(**self.info)
        status, _ = await http(
            self.port,
            "POST",
            path,
            data or {},
            cookies=self.facilitator,
            headers={"X-CSRFToken": self.facilitator["csrftoken"]},
        )
        assert status in (200, 302), f"{path}: {status}"

    async def prepare_phones(self, phones):
        """Join over HTTP as a phone does: GET the join page (CSRF cookie), POST it."""
        path = f"/delta/{self.info['code']}/"
        semaphore = asyncio.Semaphore(8)

        async def join(phone):
            async with semaphore:
                _s, page = await http(self.port, "GET", path, cookies=phone.cookies)
                match = CSRF_INPUT.search(page)
                data = {"code": self.info["code"], "name": ""}
                if match:
                    data["csrfmiddlewaretoken"] = match.group(1)
                status, _ = await http(self.port, "POST", path, data, cookies=phone.cookies)
                assert status == 302 and "sessionid" in phone.cookies, f"join failed: {status}"

        await asyncio.gather(*(join(p) for p in phones))

    def phone_url(self):
        return f"ws://{HOST}:{self.port}/ws/events/{self.info['event']}/phone/"

    def screen_url(self):
        return (
            f"ws://{HOST}:{self.port}/ws/events/{self.info['event']}/screen/projector/"
            f"?token={self.info['token']}"
        )

    def phone_cookie(self, phone):
        return phone.cookies.header()

    parse_screen = True

    async def answer(self, phone, index):
        ability = self.info["abilities"][index % len(self.info["abilities"])]
        status, _ = await http(
            self.port,
            "POST",
            "/ovning/ovning-1/svar/",
            {f"ability-{ability}": str(index % 5 + 1)},
            cookies=phone.cookies,
            headers={"X-CSRFToken": phone.cookies.get("csrftoken", ""), "HX-Request": "true"},
        )
        if status not in (200, 302):
            self.failures[status] = self.failures.get(status, 0) + 1
        return status in (200, 302)

    async def step(self, index):
        await self.console("nasta/")

    def stored_answers(self):
        with sqlite3.connect(Path(self.tmp.name) / "changemakers.sqlite3") as db:
            return db.execute(
                "SELECT COUNT(DISTINCT participant_id) FROM exercises_rating"
            ).fetchone()[0]

    async def stop(self):
        await super().stop()
        self.tmp.cleanup()


class AppOverSocket(App):
    """The same app; the phones send their answers over their open WebSocket, as the phone's
    outbox does when its socket is open (exercises/answers.py), and wait for the ack."""

    name = "changemakers, answers over the socket"

    async def answer(self, phone, index):
        ability = self.info["abilities"][index % len(self.info["abilities"])]
        answer_id = f"{index}-{time.perf_counter_ns()}"
        future = phone.acks[answer_id] = asyncio.get_running_loop().create_future()
        message = {
            "answer": answer_id,
            "exercise": "ovning-1",
            "fields": [[f"ability-{ability}", str(index % 5 + 1)]],
            "action": "",
        }
        await phone.ws.send(json.dumps(message))
        try:
            return await asyncio.wait_for(future, 30)
        except TimeoutError:
            phone.acks.pop(answer_id, None)
            return False


class ScaledApp(App):
    """The scaled set-up as `make run-scaled` starts it (deploy/stack.py): nginx in front of
    `workers` daphne processes, PostgreSQL and Redis. Every request goes through nginx."""

    def __init__(self, workers: int):
        from deploy.stack import Stack

        super().__init__(free_port(), "scalable")
        self.stack = Stack(Path(self.tmp.name) / "stack", workers=workers, port=self.port)
        self.name = f"scaled: nginx + {workers} daphne, PostgreSQL, Redis"

    async def start(self):
        await asyncio.to_thread(self.stack.start)
        self.process = self.stack.processes["nginx"]
        self.info = json.loads(self.stack.manage("shell", "-c", SETUP).strip().splitlines()[-1])
        await self.open_day()

    def rss(self) -> int:
        """The daphne processes' memory (nginx's few MiB are left out)."""
        return sum(
            rss_kib(process.pid)
            for name, process in self.stack.processes.items()
            if name.startswith("daphne")
        )

    def stored_answers(self):
        import psycopg

        with psycopg.connect(self.stack.env["DATABASE_URL"]) as db:
            return db.execute(
                "SELECT COUNT(DISTINCT participant_id) FROM exercises_rating"
            ).fetchone()[0]

    async def stop(self):
        await asyncio.to_thread(self.stack.stop)
        self.tmp.cleanup()


# --- One run against one target ---


async def run(target, phones_n: int, rate: float, probes: int, steps: int) -> dict:
    result = {"target": target.name, "phones": phones_n}
    await target.start()
    try:
        phones = [Phone() for _ in range(phones_n)]
        t = time.perf_counter()
        await target.prepare_phones(phones)
        result["join_s"] = round(time.perf_counter() - t, 1)
        base_rss = target.rss()
        t = time.perf_counter()
        await open_sockets(target.phone_url(), phones, target.origin, target.phone_cookie)
        result["connect_s"] = round(time.perf_counter() - t, 1)
        screen = Screen(parse=target.parse_screen)
        screen.ws = await websockets.connect(
            target.screen_url(),
            additional_headers={"Origin": target.origin},
            open_timeout=30,
            max_size=None,
            ping_interval=None,
            compression=None,
        )
        asyncio.create_task(screen.listen())
        await asyncio.sleep(2)  # initial fragments delivered, the server settles
        result["phones_held"] = sum(1 for p in phones if p.ws and p.ws.state.name == "OPEN")
        result["kib_per_conn"] = round((target.rss() - base_rss) / phones_n, 1)
        start_count = screen.count

        # 1. Burst: one answer per phone (but the probe's), at a fixed rate.
        burst = phones[: max(0, phones_n - probes)]
        sent, done, ok = {}, {}, {}
        failures = target.failures = {}

        async def submit(index, phone):
            sent[index] = time.perf_counter()
            try:
                ok[index] = await target.answer(phone, index)
            except Exception as error:
                ok[index] = False
                failures[type(error).__name__] = failures.get(type(error).__name__, 0) + 1
            done[index] = time.perf_counter()

        t0 = time.perf_counter()
        tasks = []
        for index, phone in enumerate(burst):
            delay = t0 + index / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(submit(index, phone)))
        await asyncio.gather(*tasks)
        elapsed = max(done.values()) - t0 if done else 0
        succeeded = sum(ok.values())
        result["submissions_per_s"] = round(len(burst) / elapsed, 1) if elapsed else 0
        last_done = max(done.values()) if done else t0
        total = start_count + succeeded
        reached = await screen.until(total, 20)
        result["last_to_totals_ms"] = round((reached - last_done) * 1000, 1) if reached else None
        # Latency: the k-th completed POST is on the projector once it shows ≥ k answers.
        order = sorted((i for i in done if ok[i]), key=lambda i: done[i])
        burst_latency = []
        for rank, index in enumerate(order, start=1):
            at = screen.first_at_least(start_count + rank)
            if at is not None:
                burst_latency.append((at - sent[index]) * 1000)
        result["burst_p50_ms"] = round(pct(burst_latency, 50), 1)
        result["burst_p95_ms"] = round(pct(burst_latency, 95), 1)
        result["burst_p99_ms"] = round(pct(burst_latency, 99), 1)
        acked = [(done[i] - sent[i]) * 1000 for i in done if ok[i]]
        result["burst_ack_p95_ms"] = round(pct(acked, 95), 1)
        result["screen_updates_per_s"] = round(
            sum(1 for at, _ in screen.updates if t0 <= at <= (reached or last_done))
            / max(0.001, (reached or last_done) - t0),
            1,
        )

        # 2. Probe: isolated answers, each after the screen has settled.
        probe_latency, probe_acked = [], []
        for offset, phone in enumerate(phones[len(burst) :]):
            await asyncio.sleep(0.25)
            index = len(burst) + offset
            before = screen.count
            t = time.perf_counter()
            if await target.answer(phone, index):
                probe_acked.append((time.perf_counter() - t) * 1000)
                succeeded += 1
                at = await screen.until(before + 1, 5)
                if at:
                    probe_latency.append((at - t) * 1000)
        result["p50_ms"] = round(pct(probe_latency, 50), 1)
        result["p95_ms"] = round(pct(probe_latency, 95), 1)
        result["p99_ms"] = round(pct(probe_latency, 99), 1)
        result["ack_p95_ms"] = round(pct(probe_acked, 95), 1)
        stored = target.stored_answers()
        await asyncio.sleep(0.5)
        if stored is not None:
            # Acknowledged (2xx/3xx) but not in the database. A POST that timed out on the
            # client may still have been stored, so more can be stored than acknowledged.
            result["lost"] = max(0, succeeded - stored)
            result["stored"] = stored
            result["projector_equals_db"] = screen.count == stored
        else:
            result["lost"] = succeeded - (screen.count - start_count)
        result["failed_posts"] = len(burst) + probes - succeeded
        result["failures"] = failures  # by status or exception

        # 3. Step changes: time until every phone has the new step.
        step_all = []
        for step in range(steps):
            await asyncio.sleep(0.5)
            loop = asyncio.get_running_loop()
            for phone in phones:
                phone.waiter = loop.create_future()
            t = time.perf_counter()
            await target.step(step)
            try:
                arrivals = await asyncio.wait_for(asyncio.gather(*(p.waiter for p in phones)), 30)
                step_all.append((max(arrivals) - t) * 1000)
            except TimeoutError:
                step_all.append(float("inf"))
        result["step_all_ms"] = round(statistics.median(step_all), 1)
        for phone in phones:
            await phone.ws.close()
        await screen.ws.close()
    finally:
        await target.stop()
    return result


async def main(args):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, 4 * args.phones + 512)), hard))
    results = []
    for run_number in range(args.runs):
        for kind in args.targets:
            port = free_port()
            if kind == "plain":
                target = Baseline(port, "bench.baselines:plain_app", "plain ASGI", args.layer)
            elif kind == "channels":
                target = Baseline(port, "bench.baselines:channels_app", "Channels echo", args.layer)
            elif kind == "app-ws":
                target = AppOverSocket(port, args.layer)
            elif kind.startswith("scaled-"):
                target = ScaledApp(int(kind.removeprefix("scaled-")))
            else:
                layer = "stock" if kind == "app-stock" else args.layer
                target = App(port, layer)
                target.name = f"changemakers ({'stock' if layer == 'stock' else 'scalable'} layer)"
            log(f"run {run_number + 1}/{args.runs}: {target.name}, {args.phones} phones …")
            result = await asyncio.wait_for(
                run(target, args.phones, args.rate, args.probes, args.steps), args.timeout
            )
            result["run"] = run_number + 1
            log(json.dumps(result))
            results.append(result)
    print(table(results))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))


METRICS = [
    ("phones_held", "phones held"),
    ("submissions_per_s", "submissions/s"),
    ("lost", "answers lost"),
    ("ack_p95_ms", "p95 answer→acknowledged, isolated (ms)"),
    ("burst_ack_p95_ms", "p95 answer→acknowledged, at the burst rate (ms)"),
    ("p50_ms", "p50 POST→projector, isolated (ms)"),
    ("p95_ms", "p95 POST→projector, isolated (ms)"),
    ("p99_ms", "p99 POST→projector, isolated (ms)"),
    ("burst_p50_ms", "p50 POST→projector, at the burst rate (ms)"),
    ("burst_p95_ms", "p95 POST→projector, at the burst rate (ms)"),
    ("burst_p99_ms", "p99 POST→projector, at the burst rate (ms)"),
    ("screen_updates_per_s", "projector updates/s during the burst"),
    ("last_to_totals_ms", "last submission → true totals (ms)"),
    ("step_all_ms", "step change → all phones (ms)"),
    ("kib_per_conn", "memory per connection (KiB)"),
]
RATIO = {
    "p50_ms",
    "p95_ms",
    "p99_ms",
    "burst_p95_ms",
    "step_all_ms",
    "kib_per_conn",
    "submissions_per_s",
    "screen_updates_per_s",
}
SCALED_RATIO = {"submissions_per_s", "screen_updates_per_s", "last_to_totals_ms"}


def table(results) -> str:
    by_target: dict[str, list[dict]] = {}
    for result in results:
        by_target.setdefault(result["target"], []).append(result)

    def median(name, key):
        values = [r[key] for r in by_target[name] if isinstance(r.get(key), int | float)]
        return statistics.median(values) if values else None

    names = list(by_target)
    apps = [n for n in names if n.startswith("changemakers")]
    baselines = [n for n in names if n in {"plain ASGI", "Channels echo"}]
    pairs = [(a, b) for a in apps for b in baselines]
    one_process = next((n for n in apps if n.startswith("changemakers (scalable")), None)
    scaled = [n for n in names if n.startswith("scaled")] if one_process else []
    header = [
        "metric (median of runs)",
        *names,
        *(f"{a} ÷ {b}" for a, b in pairs),
        *(f"{n.split(',')[0]} ÷ one process" for n in scaled),
    ]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for key, label in METRICS:
        row = [label]
        for name in names:
            value = median(name, key)
            row.append("–" if value is None else f"{value:g}")
        for app, baseline in pairs:
            a, b = median(app, key), median(baseline, key)
            row.append(f"{a / b:.1f}×" if key in RATIO and a and b else "")
        for name in scaled:
            a, b = median(name, key), median(one_process, key)
            row.append(f"{a / b:.2f}×" if key in RATIO | SCALED_RATIO and a and b else "")
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--phones", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=200, help="burst submissions per second")
    parser.add_argument("--probes", type=int, default=40, help="isolated submissions")
    parser.add_argument("--steps", type=int, default=3, help="step changes")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--layer", choices=["scalable", "stock"], default="scalable")
    parser.add_argument(
        "--targets",
        nargs="+",
        default=["plain", "channels", "app", "app-ws", "app-stock"],
        choices=[
            "plain",
            "channels",
            "app",
            "app-ws",
            "app-stock",
            "scaled-1",
            "scaled-2",
            "scaled-3",
        ],
    )
    parser.add_argument("--timeout", type=float, default=300, help="seconds per target and run")
    parser.add_argument("--json", help="also write the raw results here")
    asyncio.run(main(parser.parse_args()))
