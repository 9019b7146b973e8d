"""Full-day benchmark, run by hand: N phones go through the whole Changemakers day while a
facilitator console and a projector stay connected.

    .venv/bin/python bench/full_day.py --phones 300 --modes one scaled --json out.json

Each mode starts the app as an organiser would: `one` as `make run` does (migrate,
collectstatic, `prepare_day`, then daphne with the flags of the Makefile's `run` recipe, read
with `make -n run`), `scaled` as `make run-scaled` does (deploy/stack.py: nginx in front of 2
daphne processes, PostgreSQL, Redis; `prepare_day` loads the day). Everything binds 127.0.0.1
on free ports, with its own data folder; every wait is bounded and the script stops by itself.

The day: the facilitator logs in and opens the console (GET, then its socket
/ws/events/<id>/screen/facilitator/), the projector opens with its token; phones join by the
QR link (GET /delta/<code>/, POST, GET /nu/: a session cookie), open their socket, and follow
the programme as the console moves it on ("Nästa punkt", open/close, round B, show results,
what the projector shows, moderation, polls: the console's POSTs, with htmx's headers). Phones
answer every exercise over their socket as static/js/phone.js's outbox does (one answer at a
time, in order, resent until acknowledged, by POST while the socket is down): Övning 1's 16
ratings and "Klar", Övning 2's rounds A and B, Övning 3's ticks and "Lämna in", Övning 4's
postcard (every field, the whole form per send), the lunch prompts and Övning 5's four levels
(100–400 characters of Swedish per text) with "Spara". In two talks they ask questions
(POST), give thumbs-up to the questions they see (the list as the phone gets it: fetched every
15 s when the page polls, as on 523829d, or from what is pushed) and answer a word-cloud poll
and a choice poll (POST).

Per screen (console, projector, phones) it reports the largest frame, frames over 32 KB,
p95 change→screen (each counted change – a join, an exercise's first answer per participant, a
poll answer – until the screen's counter shows it; and each console action until the screen's
next frame), sockets dropped (closed by the server; screens reconnect after 1 s as htmx does,
phones as phone.js does), server CPU per change, and at the end the CPU one change costs per
screen (the same edit with both screens, the projector only, the console only, none). Answers
lost = acknowledged but not in the database (read back with `manage.py shell`). Frames the
server refused to send (daphne's log: "exceeding payload limit") are counted too.
"""

import argparse
import asyncio
import json
import os
import random
import re
import resource
import shlex
import shutil
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

from bench.live_bench import CSRF_INPUT, HOST, Cookies, free_port, http, log, pct, wait_for_port  # noqa: E402

FRAME_GOAL = 32 * 1024
USERNAME, PASSWORD = "bench", "bench-password-123"
COUNTER = re.compile(r'data-counter="([\w-]+)"[^>]*>(\d+)<')
VOTE_URL = re.compile(r"/fragor/(\d+)/tumme/")
POLL_URL = re.compile(r"/omrostning/(\d+)/svar/")
POLL_OPTION = re.compile(r'name="answer" value="(\d+)"')
CONSOLE_QUESTION = re.compile(r"/fragor/(\d+)/(?:answered|project|hide)/")
CONSOLE_POLL = re.compile(r"/omrostning/(\d+)/(?:close|results-show)/")
MODERATE = re.compile(r"/moderera/(postcard|reflection)/(\d+)/(?:feature|hide)/")
REFUSED = re.compile(r"tried to send WebSocket message with size (\d+) exceeding")
CLK_TCK = os.sysconf("SC_CLK_TCK")

INFO = """
import json
from workshops.models import Event
from exercises.kinds.registry import kind_of
event = Event.objects.get()
ex = {e.key: e for e in event.exercises.all()}
def prompts(e):
    return [p.pk for p in e.prompts_in(kind_of(e).answer_group)]
print(json.dumps({
  "event": event.pk, "code": event.join_code, "token": event.projector_token,
  "exercises": {k: e.pk for k, e in ex.items()},
  "abilities": list(ex["ovning-1"].abilities.order_by("order").values_list("pk", flat=True)),
  "rounds": list(ex["ovning-2"].rounds.order_by("order").values_list("key", flat=True)),
  "corners": [r.key for r in ex["ovning-2"].corner_roles()],
  "tip_lists": {t.key: [tip.pk for tip in t.tips.all()] for t in ex["ovning-3"].tip_lists.all()},
  "scenarios": list(ex["ovning-4"].scenarios.values_list("number", flat=True)),
  "lunch": prompts(ex["lunch"]), "reflection": prompts(ex["ovning-5"]),
}))
"""

DUMP = """
import json
from django.contrib.sessions.models import Session
from exercises.kinds.registry import answered_count
from exercises.kinds.placement.models import Placement
from exercises.kinds.rating.models import Rating
from exercises.kinds.prompts.models import Reflection
from exercises.kinds.tips.models import TipChoice, TipTick
from exercises.kinds.postcard.models import Postcard
from talks.models import PollAnswer, Question, QuestionVote
from workshops.models import Event
event = Event.objects.get()
sessions = {}
for s in Session.objects.all():
    pid = s.get_decoded().get("participant_id")
    if pid:
        sessions[s.session_key] = pid
print(json.dumps({
  "sessions": sessions,
  "joined": event.participants.count(),
  "answered": {e.key: answered_count(e) for e in event.exercises.all()},
  "ratings": list(Rating.objects.values_list("participant_id", "ability_id", "value")),
  "placements": list(Placement.objects.values_list("participant_id", "round__key", "role__key")),
  "tipchoices": [[c.participant_id, c.tip_list.key, c.handed_in_at is not None]
                 for c in TipChoice.objects.select_related("tip_list")],
  "ticks": list(TipTick.objects.values_list("participant_id", "tip_id")),
  "postcards": list(Postcard.objects.values_list("participant_id", "scenario__number", "year",
                "writer", "recipient", "everyday", "feeling", "doing", "greeting")),
  "reflections": list(Reflection.objects.values_list("participant_id", "prompt_id", "text")),
  "questions": list(Question.objects.values_list("participant_id", "text")),
  "votes": list(QuestionVote.objects.values_list("participant_id", "question_id")),
  "polls": list(PollAnswer.objects.values_list("participant_id", "poll_id", "option_id", "text")),
}))
"""

# --- Swedish text of realistic lengths ---

SENTENCES = [
    "Jag har märkt att de bästa idéerna kommer när vi pratar över förvaltningsgränserna.",
    "Det svåraste är att hålla i frågan när budgeten krymper och alla har fullt upp.",
    "Min roll är ofta att översätta mellan politikens mål och verksamhetens vardag.",
    "Vi behöver fler mötesplatser där medarbetare och invånare kan pröva saker tillsammans.",
    "Jag vill bli bättre på att visa vad omställningen faktiskt betyder för en enskild skola.",
    "Samverkan fungerar när någon tar ansvar för nästa steg och följer upp det.",
    "I min organisation finns mycket kunskap som ingen frågar efter.",
    "Det kittlande är att få se hur små förändringar sprider sig genom en hel förvaltning.",
    "Ledningen säger ja till hållbarhet men frågar sällan hur det går i praktiken.",
    "Nästa vecka ska jag boka ett möte med ekonomichefen om långsiktiga investeringar.",
    "Vi har lärt oss att lyssna på dem som inte brukar komma till tals i våra processer.",
    "Ibland känns det som att jag springer mellan möten utan att något flyttar sig.",
    "Göteborg har gott om engagerade människor, men strukturerna håller oss isär.",
    "Jag tar med mig att jag inte behöver göra allt själv – nätverket finns redan här.",
    "Klimatmålen blir verkliga först när de syns i upphandlingar och i lokalplaneringen.",
    "Det är lätt att fastna i pilotprojekt som aldrig blir en del av ordinarie verksamhet.",
    "Vårt team har börjat dela lärdomar varje månad, och det har förändrat stämningen.",
    "Jag önskar att vi vågade prioritera bort något för att få tid till det viktiga.",
    "Barnen i förskolan är de som påminner oss om varför vi håller på med det här.",
    "Tillit mellan förvaltningarna byggs i små steg och raseras snabbt.",
]
WORDS = [
    "mod", "tillit", "nyfikenhet", "samverkan", "tålamod", "envishet", "lyhördhet", "hopp",
    "energi", "nätverk", "lärande", "ansvar", "glädje", "långsiktighet", "öppenhet", "kraft",
    "omställning", "framtid", "tillsammans", "kreativitet", "mod att våga", "lagom kaos",
]  # fmt: skip
NAMES = ["Anna", "Erik", "Maja", "Johan", "Sara", "Lars", "Elin", "Omar", "Karin", "Åsa", "Per"]


def swedish(rng: random.Random, low: int, high: int) -> str:
    """Ordinary Swedish sentences, between `low` and `high` characters."""
    target = rng.randint(low, high)
    text = ""
    while len(text) < target:
        text = (text + " " + rng.choice(SENTENCES)).strip()
    if len(text) > high:
        text = text[:high].rsplit(" ", 1)[0].rstrip(",") + "."
    return text


# --- Measuring ---


def proc_cpu(pid: int) -> float:
    """CPU seconds of a process and its reaped children."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = raw.rsplit(")", 1)[1].split()
    return sum(int(value) for value in fields[11:15]) / CLK_TCK


def tree_pids(pid: int) -> list[int]:
    pids, queue = [], [pid]
    while queue:
        current = queue.pop()
        pids.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                queue += [int(child) for child in task.read_text().split()]
            except OSError:
                pass
    return pids


def tree_cpu(pid: int) -> float:
    return sum(proc_cpu(p) for p in tree_pids(pid))


def p95(values):
    return round(pct(values, 95), 1) if values else None


class Screen:
    """The console or the projector: every frame (size, time), the counters it shows, its
    drops. Reconnects 1 s after the server closes it, as htmx's ws extension does."""

    def __init__(self, name: str, url: str, headers: dict):
        self.name, self.url, self.headers = name, url, headers
        self.ws = None
        self.frames: list[tuple[float, int, str]] = []  # (time, bytes, phase)
        self.counters: dict[str, list[tuple[float, int]]] = {}
        self.drops: list[dict] = []
        self.connects = 0
        self.phase = "start"
        self.found: dict[str, set] = {"question": set(), "poll": set(), "postcard": set()}
        self.found["reflection"] = set()
        self.wanted = True
        self.task = None
        self.frame_event = asyncio.Event()

    @property
    def open(self) -> bool:
        return self.ws is not None and self.ws.state.name == "OPEN"

    def start(self):
        self.wanted = True
        self.task = asyncio.create_task(self.run())

    async def run(self):
        while self.wanted:
            try:
                self.ws = await websockets.connect(
                    self.url,
                    additional_headers=self.headers,
                    open_timeout=30,
                    max_size=None,
                    ping_interval=None,
                    compression=None,
                )
                self.connects += 1
                async for message in self.ws:
                    self.received(message)
                code = self.ws.close_code
            except websockets.ConnectionClosed as closed:
                code = closed.rcvd.code if closed.rcvd else 1006
            except (OSError, TimeoutError, websockets.InvalidStatus) as error:
                code = type(error).__name__
            if not self.wanted:
                break
            self.drops.append({"at": time.perf_counter(), "code": code, "phase": self.phase})
            await asyncio.sleep(1)

    async def stop(self):
        self.wanted = False
        if self.ws is not None:
            await self.ws.close()
        if self.task:
            try:
                await asyncio.wait_for(self.task, 10)
            except (TimeoutError, asyncio.CancelledError):
                self.task.cancel()

    def received(self, message: str):
        now = time.perf_counter()
        if message.startswith('<div id="live-beacon"'):
            return
        self.frames.append((now, len(message.encode()), self.phase))
        for name, value in COUNTER.findall(message):
            history = self.counters.setdefault(name, [])
            if not history or history[-1][1] != int(value):
                history.append((now, int(value)))
        self.found["question"].update(int(q) for q in CONSOLE_QUESTION.findall(message))
        self.found["poll"].update(int(p) for p in CONSOLE_POLL.findall(message))
        for kind, pk in MODERATE.findall(message):
            self.found[kind].add(int(pk))
        self.frame_event.set()

    def last_frame_at(self) -> float:
        return self.frames[-1][0] if self.frames else 0.0

    async def next_frame(self, after: float, seconds: float) -> float | None:
        """When the first frame after `after` arrived (None: none within `seconds`, or the
        socket was closed meanwhile)."""
        deadline = time.perf_counter() + seconds
        while True:
            found = None
            for at, _size, _phase in reversed(self.frames):
                if at <= after:
                    break
                found = at
            if found is not None:
                return found
            remaining = deadline - time.perf_counter()
            if remaining <= 0 or (self.drops and self.drops[-1]["at"] > after):
                return None
            self.frame_event.clear()
            try:
                await asyncio.wait_for(self.frame_event.wait(), min(remaining, 0.5))
            except TimeoutError:
                pass

    def counter_reaches(self, name: str, value: int, after: float) -> float | None:
        for at, shown in self.counters.get(name, []):
            if at >= after and shown >= value:
                return at
        return None

    def value(self, name: str) -> int | None:
        history = self.counters.get(name)
        return history[-1][1] if history else None


class Phone:
    ACK_TIMEOUT = 5.0

    def __init__(self, index: int, seed: int):
        self.index = index
        self.rng = random.Random(seed * 100_003 + index)
        self.cookies = Cookies()
        self.ws = None
        self.acks: dict[str, asyncio.Future] = {}
        self.pushes: list[tuple[float, int]] = []
        self.ack_sizes: list[int] = []
        self.last_push = ""
        self.drops: list = []
        self.push_event = asyncio.Event()
        self.wanted = True
        self.reader = None
        self.seen_questions: set[int] = set()
        self.voted: set[int] = set()
        self.connect_failures: list = []
        self.counter = 0

    @property
    def open(self) -> bool:
        return self.ws is not None and self.ws.state.name == "OPEN"

    async def connect(self, bench):
        headers = {"Origin": bench.origin, "Cookie": self.cookies.header()}
        self.ws = await websockets.connect(
            bench.phone_url,
            additional_headers=headers,
            open_timeout=30,
            max_size=None,
            ping_interval=None,
            compression=None,
        )
        self.reader = asyncio.create_task(self.listen(bench))

    async def connect_retrying(self, bench):
        """As phone.js: again after 0.5, 1, 2, then 2–5 s (at most ~1 min here)."""
        for delay in [0.5, 1, 2] + [2 + 3 * self.rng.random() for _ in range(15)]:
            try:
                await self.connect(bench)
                return
            except (
                OSError,
                TimeoutError,
                websockets.InvalidStatus,
                websockets.InvalidHandshake,
            ) as error:
                self.connect_failures.append(
                    getattr(getattr(error, "response", None), "status_code", type(error).__name__)
                )
            if not self.wanted:
                return
            await asyncio.sleep(delay)

    async def listen(self, bench):
        try:
            async for message in self.ws:
                self.received(message)
            code = self.ws.close_code
        except websockets.ConnectionClosed as closed:
            code = closed.rcvd.code if closed.rcvd else 1006
        if not self.wanted:
            return
        self.drops.append(code)
        await asyncio.sleep(0.5)
        if self.wanted:
            await self.connect_retrying(bench)

    def received(self, message: str):
        if message.startswith('{"ack"'):
            self.ack_sizes.append(len(message.encode()))
            reply = json.loads(message)
            if future := self.acks.pop(reply["ack"], None):
                if not future.done():
                    future.set_result(reply)
            return
        if message.startswith('<div id="live-beacon"'):
            return
        self.pushes.append((time.perf_counter(), len(message.encode())))
        self.last_push = message
        self.seen_questions.update(int(q) for q in VOTE_URL.findall(message))
        self.push_event.set()


class Bench:
    def __init__(self, args, mode: str):
        self.args, self.mode = args, mode
        self.rng = random.Random(args.seed)
        self.phase = "start"
        self.phases: list[dict] = []
        self.console_actions: dict[str, list[float]] = {"console": [], "projector": []}
        self.missed_actions: dict[str, int] = {"console": 0, "projector": 0}
        self.counted: dict[str, list[float]] = {"console": [], "projector": []}
        self.uncounted: dict[str, int] = {"console": 0, "projector": 0}
        self.step_latency: list[float] = []
        self.step_missed = 0
        self.step_cpu: list[float] = []
        self.ack_latency: list[float] = []
        self.changes = 0
        self.http_failures: dict[str, int] = {}
        # What was acknowledged, by (session, table, key) -> value; later sends not acknowledged.
        self.expected: dict[tuple, object] = {}
        self.pending: dict[tuple, list] = {}
        self.unacknowledged = 0
        self.refused_answers = 0
        self.sent_over_http = 0
        self.render_cost = dict.fromkeys(["both_ms", "neither_ms", "projector_ms", "console_ms"])
        self.screen_counters: dict = {}
        self.day_seconds = self.cpu_day = None

    # --- the server ---

    async def start(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="changemakers-fullday-")
        if self.mode == "one":
            await self.start_one()
        else:
            await self.start_scaled()
        self.origin = f"http://{HOST}:{self.port}"
        event = self.info["event"]
        self.phone_url = f"ws://{HOST}:{self.port}/ws/events/{event}/phone/"
        self.console_url = f"ws://{HOST}:{self.port}/ws/events/{event}/screen/facilitator/"
        self.projector_url = f"ws://{HOST}:{self.port}/ws/events/{event}/screen/projector/?token={self.info['token']}"

    def manage(self, *args) -> str:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    async def start_one(self):
        self.port = free_port()
        self.env = {
            **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}},
            "CHANGEMAKERS_DATA_DIR": self.tmp.name,
            "DEBUG": "false",
            "SECRET_KEY": "bench-" + "x" * 50,
            "LOG_LEVEL": "WARNING",
            "SITE_URL": f"http://{HOST}:{self.port}",
            "FACILITATOR_USERNAME": USERNAME,
            "FACILITATOR_PASSWORD": PASSWORD,
        }
        self.manage("migrate", "--no-input", "-v0")
        self.manage("collectstatic", "--no-input", "-v0")
        self.manage("prepare_day", "--port", str(self.port))
        self.info = json.loads(self.manage("shell", "-c", INFO).strip().splitlines()[-1])
        self.daphne_flags = make_run_flags()
        self.server_log = Path(self.tmp.name) / "daphne.log"
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        with open(self.server_log, "wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "daphne", "-b", HOST, "-p", str(self.port)]
                + self.daphne_flags
                + ["changemakers.asgi:application"],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard)),
            )
        await wait_for_port(self.port, self.process)
        self.server_pids = {"daphne": [self.process.pid]}
        self.logs = [self.server_log]

    async def start_scaled(self):
        from deploy.stack import Stack

        self.port = free_port()
        self.stack = Stack(Path(self.tmp.name) / "stack", workers=self.args.workers, port=self.port)
        await asyncio.to_thread(self.stack.start)
        self.env = {
            **self.stack.env,
            "FACILITATOR_USERNAME": USERNAME,
            "FACILITATOR_PASSWORD": PASSWORD,
        }
        self.manage("prepare_day", "--port", str(self.port))
        self.info = json.loads(self.manage("shell", "-c", INFO).strip().splitlines()[-1])
        self.daphne_flags = ["(deploy/daphne-worker)"]
        processes = self.stack.processes
        self.server_pids = {
            "daphne": [p.pid for n, p in processes.items() if n.startswith("daphne")],
            "postgres": [processes["postgres"].pid],
            "redis": [processes["redis"].pid],
            "nginx": [processes["nginx"].pid],
        }
        self.logs = [self.stack.log(n) for n in processes if n.startswith("daphne")]
        self.logs.append(self.stack.folder / "nginx" / "nginx-error.log")

    def cpu(self, what: str = "daphne") -> float:
        return sum(tree_cpu(pid) for pid in self.server_pids.get(what, []))

    def refused_frames(self) -> list[int]:
        sizes = []
        for path in self.logs:
            if Path(path).exists():
                sizes += [int(s) for s in REFUSED.findall(Path(path).read_text(errors="replace"))]
        return sizes

    async def stop(self):
        if self.mode == "one":
            if self.process.poll() is None:
                self.process.terminate()
                try:
                    self.process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    self.process.kill()
        else:
            await asyncio.to_thread(self.stack.stop)
        if self.args.keep_logs:
            folder = Path(self.args.keep_logs) / f"{self.mode}-{self.args.phones}"
            folder.mkdir(parents=True, exist_ok=True)
            for path in self.logs:
                if Path(path).exists():
                    shutil.copy(path, folder / Path(path).name)
        self.tmp.cleanup()

    def dump(self) -> dict:
        return json.loads(self.manage("shell", "-c", DUMP).strip().splitlines()[-1])

    # --- the facilitator ---

    async def login(self):
        self.facilitator = Cookies()
        _s, page = await http(self.port, "GET", "/konto/logga-in/", cookies=self.facilitator)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        status, _ = await http(
            self.port,
            "POST",
            "/konto/logga-in/",
            {"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": token},
            cookies=self.facilitator,
        )
        assert status == 302, f"login failed: {status}"
        status, page = await http(
            self.port, "GET", f"/facilitator/{self.info['event']}/", cookies=self.facilitator
        )
        assert status == 200, f"console page: {status}"

    async def quiet(self, seconds: float = 0.3, bound: float = 3.0):
        """Until neither screen has had a frame for `seconds` (at most `bound`)."""
        deadline = time.perf_counter() + bound
        while time.perf_counter() < deadline:
            last = max(self.console.last_frame_at(), self.projector.last_frame_at())
            if time.perf_counter() - last >= seconds:
                return
            await asyncio.sleep(0.05)

    async def act(self, path: str, data=None, *, phones=False, projector=False) -> str:
        """One console POST as htmx sends it; times its arrival on the console, the projector
        (if the action changes it) and every phone (if phones follow it)."""
        await self.quiet()
        for phone in self.phones:
            phone.push_event.clear()
            phone.mark = len(phone.pushes)
        cpu0 = self.cpu()
        t0 = time.perf_counter()
        status, body = await http(
            self.port,
            "POST",
            f"/facilitator/{self.info['event']}/{path}",
            data or {},
            cookies=self.facilitator,
            headers={"X-CSRFToken": self.facilitator["csrftoken"], "HX-Request": "true"},
            timeout=120,
        )
        self.changes += 1
        if status not in (200, 302):
            self.http_failures[f"console {status}"] = (
                self.http_failures.get(f"console {status}", 0) + 1
            )
            log(f"  console {path}: {status}")
        waits = [("console", self.console)] + ([("projector", self.projector)] if projector else [])
        for name, screen in waits:
            if not screen.open:
                self.missed_actions[name] += 1
                continue
            at = await screen.next_frame(t0, 10)
            if at is None:
                self.missed_actions[name] += 1
            else:
                self.console_actions[name].append((at - t0) * 1000)
        if phones:
            await self.phones_follow(t0, cpu0)
        for match in CONSOLE_QUESTION.findall(body):
            self.console.found["question"].add(int(match))
        for match in CONSOLE_POLL.findall(body):
            self.console.found["poll"].add(int(match))
        return body

    async def phones_follow(self, t0: float, cpu0: float):
        async def arrival(phone):
            deadline = time.perf_counter() + 20
            while len(phone.pushes) <= phone.mark and time.perf_counter() < deadline:
                phone.push_event.clear()
                try:
                    await asyncio.wait_for(phone.push_event.wait(), deadline - time.perf_counter())
                except TimeoutError:
                    break
            return phone.pushes[phone.mark][0] if len(phone.pushes) > phone.mark else None

        arrivals = await asyncio.gather(*(arrival(p) for p in self.phones))
        for at in arrivals:
            if at is None:
                self.step_missed += 1
            else:
                self.step_latency.append((at - t0) * 1000)
        self.step_cpu.append((self.cpu() - cpu0) * 1000)

    async def console_exercise(self, key: str, action: str, **kw) -> str:
        return await self.act(f"ovning/{self.info['exercises'][key]}/{action}/", **kw)

    async def results_show(self, key: str):
        self.projector_view = "results"
        await self.console_exercise(key, "results-show", phones=True, projector=True)

    async def show(self, view: str, target: str = ""):
        self.projector_view = view
        await self.act("visa/", {"view": view, "target": target}, projector=True)

    async def next_step(self):
        # The projector follows the step only when it shows the step.
        await self.act("nasta/", phones=True, projector=self.projector_view == "step")

    # --- phones ---

    def record(self, phone: Phone, key: tuple, value, acked: bool):
        full = (phone.cookies.get("sessionid"), *key)
        if acked:
            self.expected[full] = value
            self.pending.pop(full, None)
        else:
            self.pending.setdefault(full, []).append(value)

    async def answer(self, phone: Phone, exercise: str, fields: list, action: str = "") -> bool:
        """One outbox entry: over the socket if open (ack within 5 s), else by POST; resent
        (0.5, 1, 2, then 2–5 s) until acknowledged or the phase's deadline."""
        phone.counter += 1
        answer_id = f"{phone.index}-{phone.counter}-{time.time_ns()}"
        sent = time.perf_counter()
        failures = 0
        while time.perf_counter() < self.deadline:
            if phone.open:
                future = phone.acks[answer_id] = asyncio.get_running_loop().create_future()
                message = {"answer": answer_id, "exercise": exercise, "fields": fields}
                message["action"] = action
                try:
                    await phone.ws.send(json.dumps(message))
                    reply = await asyncio.wait_for(future, Phone.ACK_TIMEOUT)
                except (TimeoutError, websockets.ConnectionClosed):
                    phone.acks.pop(answer_id, None)
                    reply = None
                if reply is not None and "html" in reply:
                    self.ack_latency.append((time.perf_counter() - sent) * 1000)
                    return "retarget" not in reply
            else:
                data = [*fields, *([("action", action)] if action else [])]
                try:
                    status, _ = await http(
                        self.port,
                        "POST",
                        f"/ovning/{exercise}/svar/",
                        urlencode(data).encode(),
                        cookies=phone.cookies,
                        headers={
                            "X-CSRFToken": phone.cookies.get("csrftoken", ""),
                            "HX-Request": "true",
                        },
                    )
                except (OSError, TimeoutError):
                    status = 0
                self.sent_over_http += 1
                if 200 <= status < 300:
                    self.ack_latency.append((time.perf_counter() - sent) * 1000)
                    return True
                if 400 <= status < 500 and status not in (408, 429):
                    return False
            delay = [0.5, 1, 2][failures] if failures < 3 else 2 + 3 * phone.rng.random()
            failures += 1
            await asyncio.sleep(delay)
        self.unacknowledged += 1
        return False

    async def send(self, phone, exercise, fields, keys_values, action="", counted=None):
        """Send one answer and record what it should have stored. `counted`: the screens'
        counters count this participant from this answer on."""
        for key, value in keys_values:
            self.record(phone, key, value, acked=False)
        t = time.perf_counter()
        ok = await self.answer(phone, exercise, fields, action)
        if ok:
            self.changes += 1
            for key, value in keys_values:
                self.record(phone, key, value, acked=True)
            if counted is not None and counted not in phone.counted_in:
                phone.counted_in.add(counted)
                self.counted_now.append((time.perf_counter(), t))
        return ok

    async def pause(self, phone, seconds):
        await asyncio.sleep(seconds * (0.5 + phone.rng.random()))

    async def everyone(self, name: str, work, messages: int, min_window: float = 8):
        """Every phone runs `work(phone, gap)`, starting within the first 30 % of a window
        sized for --rate messages a second, with its sends `gap` seconds apart on average."""
        window = max(min_window, len(self.phones) * messages / self.args.rate)
        self.deadline = time.perf_counter() + window * 2 + 60
        gap = window * 0.7 / max(1, messages)

        async def one(phone):
            await asyncio.sleep(phone.rng.random() * window * 0.3)
            try:
                await work(phone, gap)
            except Exception as error:  # a phone's failure is counted, not fatal
                name_ = f"{name}: {type(error).__name__}"
                self.http_failures[name_] = self.http_failures.get(name_, 0) + 1

        await asyncio.gather(*(one(p) for p in self.phones))

    # --- the day ---

    def begin(self, name: str, counter: str | None = None, projector_counter: str | None = None):
        self.end_phase()
        self.phase = name
        self.console.phase = self.projector.phase = name
        self.counted_now: list[tuple[float, float]] = []
        self.phase_info = {
            "name": name,
            "start": time.perf_counter(),
            "cpu": self.cpu(),
            "changes": self.changes,
            "refused": len(self.refused_frames()),
            "counter": counter,
            "projector_counter": projector_counter,
        }
        for phone in self.phones:
            phone.counted_in = set()
        log(f"  {self.mode}, {len(self.phones)} phones: {name}")

    def end_phase(self):
        info = getattr(self, "phase_info", None)
        if info is None:
            return
        self.phase_info = None
        info["seconds"] = round(time.perf_counter() - info["start"], 1)
        changes = self.changes - info["changes"]
        info["changes"] = changes
        cpu = self.cpu() - info["cpu"]
        info["cpu_ms_per_change"] = round(cpu * 1000 / changes, 1) if changes else None
        info["refused_frames"] = len(self.refused_frames()) - info.pop("refused")
        info["console_dropped"] = sum(1 for d in self.console.drops if d["phase"] == info["name"])
        # The k-th counted change (in acknowledgement order) is on a screen once its counter
        # shows at least k (counters start at 0 for each exercise).
        order = sorted(self.counted_now)
        for name, screen, counter in (
            ("console", self.console, info["counter"]),
            ("projector", self.projector, info["projector_counter"]),
        ):
            if counter is None:
                continue
            latencies, missing = [], self.uncounted[name]
            for rank, (_acked, sent) in enumerate(order, start=1):
                at = screen.counter_reaches(counter, rank, info["start"])
                if at is None:
                    self.uncounted[name] += 1
                else:
                    latencies.append(max(0.0, at - sent) * 1000)
            self.counted[name] += latencies
            info[f"{name}_p95_ms"] = p95(latencies)
            info[f"{name}_not_seen"] = self.uncounted[name] - missing
        for name, screen in (("console", self.console), ("projector", self.projector)):
            sizes = [size for _at, size, phase in screen.frames if phase == info["name"]]
            info[f"{name}_max_frame"] = max(sizes, default=0)
            info[f"{name}_frames"] = len(sizes)
        del info["start"], info["cpu"], info["counter"], info["projector_counter"]
        self.phases.append(info)

    async def join(self):
        self.begin("join", counter="joined", projector_counter="joined")
        path = f"/delta/{self.info['code']}/"
        semaphore = asyncio.Semaphore(16)

        async def one(phone):
            async with semaphore:
                t = time.perf_counter()
                name = phone.rng.choice(NAMES) if phone.rng.random() < 0.3 else ""
                for _attempt in range(6):  # a person reloads, or taps "Gå med" again
                    status, page = await http(
                        self.port, "GET", path, cookies=phone.cookies, timeout=60
                    )
                    token = CSRF_INPUT.search(page)
                    if token is not None:
                        data = {"name": name, "csrfmiddlewaretoken": token.group(1)}
                        status, _ = await http(
                            self.port, "POST", path, data, cookies=phone.cookies, timeout=60
                        )
                        if status == 302:
                            break
                    self.count_http("join", status)
                    await asyncio.sleep(1 + phone.rng.random())
                else:
                    raise RuntimeError(f"join: {status}")
                self.changes += 1
                self.counted_now.append((time.perf_counter(), t))
                await http(self.port, "GET", "/nu/", cookies=phone.cookies, timeout=60)
            await phone.connect_retrying(self)

        outcomes = await asyncio.gather(*(one(p) for p in self.phones), return_exceptions=True)
        failed = [p for p, outcome in zip(self.phones, outcomes, strict=True) if outcome]
        for outcome in outcomes:
            if outcome:
                self.count_http(f"join failed: {type(outcome).__name__}", 0)
        self.joined_failed = len(failed)
        self.phones = [p for p in self.phones if p not in failed]
        await asyncio.sleep(2)

    async def rating(self):
        await self.next_step()
        await self.show("results", "ovning-1")
        self.begin("Övning 1 (rating)", "answered-ovning-1", "answered")
        abilities = self.info["abilities"]

        async def work(phone, gap):
            values = {}
            for pk in abilities:
                value = phone.rng.randint(1, 5)
                values[pk] = value
                await self.send(
                    phone,
                    "ovning-1",
                    [[f"ability-{pk}", str(value)]],
                    [(("rating", pk), value)],
                    counted="ovning-1",
                )
                await self.pause(phone, gap)
            await self.send(
                phone,
                "ovning-1",
                [[f"ability-{pk}", str(v)] for pk, v in values.items()],
                [],
                "done",
            )

        await self.everyone("rating", work, len(abilities) + 1)
        await self.results_show("ovning-1")
        await self.console_exercise("ovning-1", "close", phones=True)

    async def placement(self):
        await self.next_step()
        await self.show("results", "ovning-2")
        self.begin("Övning 2 (placement)", "answered-ovning-2", "answered")
        corners, rounds = self.info["corners"], self.info["rounds"]

        async def work_round(round_key):
            async def work(phone, gap):
                role = phone.rng.choice(corners)
                await self.send(
                    phone,
                    "ovning-2",
                    [[f"round-{round_key}", role]],
                    [(("placement", round_key), role)],
                    counted="ovning-2",
                )

            return work

        await self.everyone("placement A", await work_round(rounds[0]), 1)
        for round_key in rounds[1:]:
            await self.console_exercise("ovning-2", "round-next", phones=True, projector=True)
            await self.everyone(f"placement {round_key}", await work_round(round_key), 1)
        await self.results_show("ovning-2")
        await self.console_exercise("ovning-2", "close", phones=True)

    async def tips(self):
        await self.next_step()
        await self.show("results", "ovning-3")
        self.begin("Övning 3 (tips)", "answered-ovning-3", "answered")
        lists = self.info["tip_lists"]

        async def work(phone, gap):
            key = phone.rng.choice(sorted(lists))
            ticked = []
            for tip in phone.rng.sample(lists[key], k=min(3, len(lists[key]))):
                ticked.append(tip)
                fields = [["ticking", key]] + [["tips", str(t)] for t in ticked]
                await self.send(phone, "ovning-3", fields, [(("ticks",), tuple(sorted(ticked)))])
                await self.pause(phone, gap)
            fields = [["ticking", key]] + [["tips", str(t)] for t in ticked]
            await self.send(
                phone,
                "ovning-3",
                fields,
                [(("ticks",), tuple(sorted(ticked))), (("handed_in",), key)],
                "hand_in",
                counted="ovning-3",
            )

        await self.everyone("tips", work, 4)
        await self.results_show("ovning-3")
        await self.show("results", f"ovning-3:{sorted(lists)[0]}")
        await self.console_exercise("ovning-3", "close", phones=True)

    async def postcard(self):
        await self.next_step()
        await self.show("postcards")
        self.begin("Övning 4 (postcard)", "answered-ovning-4", None)
        scenarios = self.info["scenarios"]

        async def work(phone, gap):
            rng = phone.rng
            card = {
                "scenario": str(rng.choice(scenarios)),
                "year": "",
                "writer": "",
                "recipient": "",
                "everyday": "",
                "feeling": "",
                "doing": "",
                "greeting": "",
            }
            order = [
                {"year": str(rng.randint(2035, 2060))},
                {
                    "writer": f"{rng.choice(NAMES)}, strateg i Göteborg",
                    "recipient": "Mitt jag 2025",
                },
                {"everyday": swedish(rng, 100, 400), "feeling": swedish(rng, 100, 400)},
                {"doing": swedish(rng, 100, 400), "greeting": swedish(rng, 60, 250)},
            ]
            for index, change in enumerate([{}] + order):
                card.update(change)
                action = "send" if index == len(order) else ""
                await self.send(
                    phone,
                    "ovning-4",
                    [[k, v] for k, v in card.items()],
                    [(("postcard",), tuple(card.values()))],
                    action,
                    counted="ovning-4",
                )
                await self.pause(phone, gap)

        await self.everyone("postcard", work, 5)
        await self.moderate("postcard", feature=3, hide=1)
        await self.console_exercise("ovning-4", "close", phones=True)

    async def prompts(self, key: str, prompt_pks: list, low: int, high: int):
        async def work(phone, gap):
            texts = {}
            for pk in prompt_pks:
                texts[pk] = swedish(phone.rng, low, high)
                await self.send(
                    phone,
                    key,
                    [[f"prompt-{pk}", texts[pk]]],
                    [(("text", pk), texts[pk])],
                    counted=key,
                )
                await self.pause(phone, gap)
            await self.send(
                phone, key, [[f"prompt-{pk}", t] for pk, t in texts.items()], [], "save"
            )

        await self.everyone(key, work, len(prompt_pks) + 1)

    async def lunch(self):
        await self.next_step()
        await self.show("results", "lunch")
        self.begin("lunch (prompts)", "answered-lunch", "answered")
        await self.prompts("lunch", self.info["lunch"], 80, 300)
        await self.results_show("lunch")
        await self.moderate("reflection", feature=3, hide=0)
        await self.console_exercise("lunch", "close", phones=True)

    async def reflection(self):
        await self.next_step()
        await self.show("results", "ovning-5")
        self.begin("Övning 5 (reflection)", "answered-ovning-5", "answered")
        await self.prompts("ovning-5", self.info["reflection"], 100, 400)
        await self.results_show("ovning-5")
        await self.moderate("reflection", feature=4, hide=1)

    async def moderate(self, kind: str, feature: int, hide: int):
        """Feature and hide a few, as the facilitator does from the console's list (what its
        socket pushed, or the console page reloaded when nothing was pushed)."""
        found = sorted(self.console.found[kind], reverse=True)
        if len(found) < feature + hide:
            _s, page = await http(
                self.port,
                "GET",
                f"/facilitator/{self.info['event']}/",
                cookies=self.facilitator,
                timeout=120,
            )
            found = sorted({int(pk) for k, pk in MODERATE.findall(page) if k == kind}, reverse=True)
        for pk in found[:feature]:
            await self.act(f"moderera/{kind}/{pk}/feature/", projector=True)
        for pk in found[feature : feature + hide]:
            await self.act(f"moderera/{kind}/{pk}/hide/", projector=True)

    async def talk(self, poll_kind: str):
        self.projector_view = "questions"
        await self.act("fragor/projektor/", projector=True)
        self.begin(f"talk, {poll_kind} poll", None, None)
        probe = self.phones[0]
        _s, panel = await http(self.port, "GET", "/fragor/?del=lista", cookies=probe.cookies)
        polling = "every 15s" in panel or "every 15s" in probe.last_push
        self.polling = polling
        talk_seconds = max(20.0, len(self.phones) * 3 / self.args.rate)
        self.deadline = time.perf_counter() + talk_seconds * 2 + 60
        start = time.perf_counter()
        for phone in self.phones:  # a phone lists the questions of the talk that is on
            phone.seen_questions = set()
        askers = set(self.rng.sample(range(len(self.phones)), max(3, len(self.phones) // 10)))

        async def phone_talk(phone):
            end = start + talk_seconds
            if phone.index in askers:
                await asyncio.sleep(phone.rng.random() * talk_seconds * 0.4)
                text = swedish(phone.rng, 60, 250)
                status, body = await http(
                    self.port,
                    "POST",
                    "/fragor/stall/",
                    {"text": text, **({"show_name": "on"} if phone.rng.random() < 0.3 else {})},
                    cookies=phone.cookies,
                    headers=self.phone_headers(phone),
                    timeout=60,
                )
                self.count_http("ask", status)
                if status == 200:
                    self.changes += 1
                    self.record(phone, ("question", text), True, acked=True)
                phone.seen_questions.update(int(q) for q in VOTE_URL.findall(body))
            voted = phone.voted
            wanted = phone.rng.choice([0, 1, 1, 2, 3])
            next_poll = start + phone.rng.random() * 15
            while time.perf_counter() < end:
                if polling and time.perf_counter() >= next_poll:
                    status, body = await http(
                        self.port, "GET", "/fragor/?del=lista", cookies=phone.cookies, timeout=60
                    )
                    self.count_http("question list", status)
                    phone.seen_questions.update(int(q) for q in VOTE_URL.findall(body))
                    next_poll += 15
                candidates = sorted(phone.seen_questions - voted)
                if len(voted) < wanted and candidates and time.perf_counter() > start + 5:
                    question = candidates[min(len(candidates) - 1, int(phone.rng.expovariate(0.5)))]
                    status, _ = await http(
                        self.port,
                        "POST",
                        f"/fragor/{question}/tumme/",
                        {},
                        cookies=phone.cookies,
                        headers=self.phone_headers(phone),
                        timeout=60,
                    )
                    self.count_http("vote", status)
                    voted.add(question)
                    if status == 200:
                        self.changes += 1
                        self.record(phone, ("vote", question), True, acked=True)
                await asyncio.sleep(0.5 + phone.rng.random())

        async def facilitator():
            await asyncio.sleep(talk_seconds * 0.6)
            questions = sorted(self.console.found["question"])
            if questions:
                await self.act(f"fragor/{questions[0]}/answered/", projector=True)
                await self.act(f"fragor/{questions[-1]}/project/", projector=True)

        outcomes = await asyncio.gather(
            facilitator(), *(phone_talk(p) for p in self.phones), return_exceptions=True
        )
        for outcome in outcomes:
            if outcome:
                self.count_http(f"talk: {type(outcome).__name__}", 0)
        self.phase_info["saw_questions"] = sum(1 for p in self.phones if p.seen_questions)
        self.phase_info["question_list_polling"] = polling
        await self.poll(poll_kind)

    def phone_headers(self, phone):
        return {"X-CSRFToken": phone.cookies.get("csrftoken", ""), "HX-Request": "true"}

    def count_http(self, what, status):
        if not 200 <= status < 300:
            key = f"{what} {status}"
            self.http_failures[key] = self.http_failures.get(key, 0) + 1

    async def poll(self, kind: str):
        before = set(self.console.found["poll"])
        if kind == "words":
            data = {"question": "Ett ord om att vara changemaker?", "kind": "words"}
        else:
            data = {"question": "Vad behöver du mest för att driva omställning?", "kind": "choice"}
            for number, text in enumerate(
                ["Tid", "Mandat", "Nätverk", "Pengar", "Kunskap"], start=1
            ):
                data[f"option_{number}"] = text
        self.projector_view = "poll"
        await self.act("omrostning/ny/", data, phones=True, projector=True)
        new = sorted(set(self.console.found["poll"]) - before)
        self.begin(f"{kind} poll", None, "answered")

        async def work(phone, gap):
            html = phone.last_push
            match = POLL_URL.search(html)
            if match is None:  # nothing pushed: the phone reloads its page
                _s, html = await http(self.port, "GET", "/nu/", cookies=phone.cookies, timeout=60)
                match = POLL_URL.search(html)
            if match is None:
                self.http_failures["poll not shown"] = (
                    self.http_failures.get("poll not shown", 0) + 1
                )
                return
            poll = int(match.group(1))
            if kind == "words":
                answer = " ".join(phone.rng.sample(WORDS, k=phone.rng.choice([1, 1, 2])))[:40]
            else:
                answer = phone.rng.choice(POLL_OPTION.findall(html))
            t = time.perf_counter()
            status, _ = await http(
                self.port,
                "POST",
                f"/omrostning/{poll}/svar/",
                {"answer": answer},
                cookies=phone.cookies,
                headers=self.phone_headers(phone),
                timeout=60,
            )
            self.count_http("poll answer", status)
            if status == 200:
                self.changes += 1
                self.record(phone, ("poll", poll), answer, acked=True)
                self.counted_now.append((time.perf_counter(), t))

        await self.everyone(f"{kind} poll", work, 1)
        poll = (new or sorted(self.console.found["poll"]) or [None])[-1]
        if poll is not None:
            await self.act(f"omrostning/{poll}/results-show/", phones=True, projector=True)
            await self.act(f"omrostning/{poll}/close/", phones=True)

    async def day(self):
        await self.login()
        cookie = f"sessionid={self.facilitator['sessionid']}"
        self.console = Screen(
            "console", self.console_url, {"Origin": self.origin, "Cookie": cookie}
        )
        self.projector = Screen("projector", self.projector_url, {"Origin": self.origin})
        await http(self.port, "GET", f"/projektor/{self.info['token']}/")
        self.console.start()
        self.projector.start()
        self.phones = [Phone(i, self.args.seed) for i in range(self.args.phones)]
        self.projector_view = "join"
        await asyncio.sleep(1)
        self.cpu_start = self.cpu()
        self.cpu_start_all = {k: self.cpu(k) for k in self.server_pids}
        self.day_start = time.perf_counter()
        await self.join()
        await self.next_step()  # talk 1
        await self.talk("words")
        await self.rating()
        await self.placement()
        self.begin("fika, talks")
        await self.next_step()  # fika
        await self.show("step")
        await self.next_step()  # talk 2
        await self.next_step()  # talk 3
        await self.talk("choice")
        await self.tips()
        await self.postcard()
        await self.lunch()
        self.begin("talks, fika")
        for _ in range(4):  # two talks, fika, a talk
            await self.next_step()
        await self.reflection()
        self.end_phase()
        self.day_seconds = time.perf_counter() - self.day_start
        self.cpu_day = self.cpu() - self.cpu_start
        self.cpu_day_all = {k: self.cpu(k) - v for k, v in self.cpu_start_all.items()}
        await asyncio.sleep(6)  # one beacon tick: the screens' true totals
        self.screen_counters = {
            name: self.console.value(name)
            for name in ["joined", *(f"answered-{k}" for k in self.info["exercises"])]
        }
        await self.render_costs()

    async def render_costs(self):
        """Server CPU of one change (a phone edits its reflection) with both screens connected,
        then the projector only (the console closed), then neither: the differences are what the
        console and the projector cost per change. Each configuration's idle CPU (the 5 s
        beacon re-renders the screens) is measured first and taken off."""
        self.deadline = time.perf_counter() + 600
        self.console.phase = self.projector.phase = "render costs"
        prompt = self.info["reflection"][0]
        window = 1.5
        costs = {}
        for name, screen in (("both", None), ("projector only", self.console), ("neither", None)):
            if screen is not None:
                await screen.stop()
            if name == "neither":
                await self.projector.stop()
            await asyncio.sleep(1)
            await self.quiet(0.5, 5)
            cpu0, t0 = self.cpu(), time.perf_counter()
            await asyncio.sleep(6)
            idle_rate = (self.cpu() - cpu0) / (time.perf_counter() - t0)
            samples = []
            for probe in range(self.args.probes):
                phone = self.phones[probe % len(self.phones)]
                text = swedish(phone.rng, 100, 400)
                cpu0, t0 = self.cpu(), time.perf_counter()
                ok = await self.send(phone, "ovning-5", [[f"prompt-{prompt}", text]], [])
                self.record(phone, ("text", prompt), text, acked=ok)
                await asyncio.sleep(max(0.0, t0 + window - time.perf_counter()))
                elapsed = time.perf_counter() - t0
                samples.append((self.cpu() - cpu0 - idle_rate * elapsed) * 1000)
            costs[name] = sum(samples) / len(samples)
        self.render_cost = {
            "both_ms": round(costs["both"], 1),
            "neither_ms": round(costs["neither"], 1),
            "projector_ms": round(costs["projector only"] - costs["neither"], 1),
            "console_ms": round(costs["both"] - costs["projector only"], 1),
        }

    def losses(self, dump: dict) -> dict:
        """Acknowledged answers not in the database (an unacknowledged later send that did
        arrive is not a loss)."""
        pid = dump["sessions"]
        tables: dict[tuple, object] = {}
        for participant, ability, value in dump["ratings"]:
            tables[(participant, "rating", ability)] = value
        for participant, round_key, role in dump["placements"]:
            tables[(participant, "placement", round_key)] = role
        ticks: dict[int, list] = {}
        for participant, tip in dump["ticks"]:
            ticks.setdefault(participant, []).append(tip)
        for participant, list_key, handed_in in dump["tipchoices"]:
            if handed_in:
                tables[(participant, "handed_in")] = list_key
        for participant, number, year, *texts in dump["postcards"]:
            year = "" if year is None else str(year)
            tables[(participant, "postcard")] = (str(number), year, *texts)
        for participant, prompt, text in dump["reflections"]:
            tables[(participant, "text", prompt)] = text
        for participant, text in dump["questions"]:
            tables[(participant, "question", text)] = True
        for participant, question in dump["votes"]:
            tables[(participant, "vote", question)] = True
        for participant, poll, option, text in dump["polls"]:
            tables[(participant, "poll", poll)] = str(option) if option else text
        lost, checked = 0, 0
        examples = []
        for (session, *key), value in self.expected.items():
            participant = pid.get(session)
            checked += 1
            if key[0] == "ticks":
                # Ticks of the list handed in (ticks in other lists stay, uncounted).
                stored = tuple(sorted(t for t in ticks.get(participant, []) if t in value))
                ok = stored == value or stored in self.pending.get((session, *key), [])
            else:
                stored = tables.get((participant, *key))
                ok = stored == value or stored in self.pending.get((session, *key), [])
            if not ok:
                lost += 1
                if len(examples) < 3:
                    examples.append(
                        {"key": key, "expected": str(value)[:60], "stored": str(stored)[:60]}
                    )
        return {"checked": checked, "lost": lost, "examples": examples}


def make_run_flags() -> list[str]:
    """daphne's flags in the Makefile's `run` recipe (`make -n run`: printed, not run),
    without the bind address and port."""
    printed = subprocess.run(
        ["make", "-n", "--no-print-directory", "run"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(line for line in printed.splitlines() if "bin/daphne" in line)
    words = shlex.split(line.split("bin/daphne", 1)[1])
    flags, skip = [], False
    for word in words:
        if skip:
            skip = False
        elif word in {"-b", "-p", "--bind", "--port"}:
            skip = True
        elif ":" in word and word.endswith(":application"):
            break
        else:
            flags.append(word)
    return flags


async def run(args, mode: str, phones: int) -> dict:
    args = argparse.Namespace(**{**vars(args), "phones": phones})
    bench = Bench(args, mode)
    result = {"mode": mode, "phones": phones}
    await bench.start()
    client_cpu0 = time.process_time()
    try:
        result["daphne_flags"] = " ".join(bench.daphne_flags)
        try:
            await asyncio.wait_for(bench.day(), args.timeout)
        except TimeoutError:  # what was measured until then is still reported
            result["timed_out_in"] = bench.phase
            log(f"  timed out after {args.timeout} s in {bench.phase}")
            bench.end_phase()
            bench.day_seconds = time.perf_counter() - bench.day_start
            bench.cpu_day = bench.cpu() - bench.cpu_start
            bench.cpu_day_all = {k: bench.cpu(k) - v for k, v in bench.cpu_start_all.items()}
        dump = bench.dump()
        result.update(summary(bench, dump))
    finally:
        result["client_cpu_s"] = round(time.process_time() - client_cpu0, 1)
        for phone in getattr(bench, "phones", []):
            phone.wanted = False
        for screen in (getattr(bench, "console", None), getattr(bench, "projector", None)):
            if screen is not None:
                screen.wanted = False
                if screen.ws is not None:
                    await screen.ws.close()
        await asyncio.gather(
            *(p.ws.close() for p in getattr(bench, "phones", []) if p.ws is not None),
            return_exceptions=True,
        )
        await bench.stop()
    return result


def summary(bench: Bench, dump: dict) -> dict:
    phones = bench.phones
    push_sizes = [size for p in phones for _at, size in p.pushes]
    ack_sizes = [size for p in phones for size in p.ack_sizes]
    screens = {}
    for name, screen in (("console", bench.console), ("projector", bench.projector)):
        sizes = [size for _at, size, _phase in screen.frames]
        screens[name] = {
            "max_frame": max(sizes, default=0),
            "frames": len(sizes),
            "frames_over_32k": sum(1 for s in sizes if s > FRAME_GOAL),
            "p95_counted_ms": p95(bench.counted[name]),
            "counted_not_seen": bench.uncounted[name],
            "p95_action_ms": p95(bench.console_actions[name]),
            "actions_not_seen": bench.missed_actions[name],
            "dropped": len(screen.drops),
            "drop_codes": sorted({str(d["code"]) for d in screen.drops}),
            "first_drop_phase": screen.drops[0]["phase"] if screen.drops else None,
            "cpu_ms_per_change": bench.render_cost[f"{name}_ms"],
        }
    screens["phones"] = {
        "max_frame": max(push_sizes, default=0),
        "max_ack": max(ack_sizes, default=0),
        "frames_over_32k": sum(1 for s in push_sizes + ack_sizes if s > FRAME_GOAL),
        "p95_step_ms": p95(bench.step_latency),
        "steps_not_seen": bench.step_missed,
        "p95_ack_ms": p95(bench.ack_latency),
        "dropped": sum(len(p.drops) for p in phones),
        "connects_refused": sum(len(p.connect_failures) for p in phones),
        "connect_refusals": sorted({str(c) for p in phones for c in p.connect_failures}),
        "drop_codes": sorted({str(c) for p in phones for c in p.drops}),
        "cpu_ms_per_step_change": round(statistics.median(bench.step_cpu), 1)
        if bench.step_cpu
        else None,
    }
    refused = bench.refused_frames()
    losses = bench.losses(dump)
    counters = {
        name: {
            "screen": shown,
            "database": (
                dump["joined"]
                if name == "joined"
                else dump["answered"].get(name.removeprefix("answered-"))
            ),
        }
        for name, shown in bench.screen_counters.items()
    }
    return {
        "day_s": round(bench.day_seconds, 1),
        "changes": bench.changes,
        "server_cpu_s": round(bench.cpu_day, 1),
        "server_cpu_ms_per_change": round(bench.cpu_day * 1000 / max(1, bench.changes), 1),
        "other_cpu_s": {k: round(v, 1) for k, v in bench.cpu_day_all.items() if k != "daphne"},
        "screens": screens,
        "refused_frames": len(refused),
        "largest_refused_frame": max(refused, default=None),
        "answers_checked": losses["checked"],
        "answers_lost": losses["lost"],
        "lost_examples": losses["examples"],
        "unacknowledged": bench.unacknowledged,
        "joins_failed": getattr(bench, "joined_failed", 0),
        "answers_by_post": bench.sent_over_http,
        "http_failures": bench.http_failures,
        "console_counters_equal_db": all(c["screen"] == c["database"] for c in counters.values())
        if counters
        else None,
        "counters": counters,
        "render_cost_ms": bench.render_cost,
        "phases": bench.phases,
    }


ROWS = [
    ("console", "max_frame", "console: largest frame (B)"),
    ("console", "frames_over_32k", "console: frames > 32 KB"),
    ("console", "p95_counted_ms", "console: p95 join/answer → counter (ms)"),
    ("console", "p95_action_ms", "console: p95 console action → frame (ms)"),
    ("console", "counted_not_seen", "console: counted changes never shown"),
    ("console", "actions_not_seen", "console: console actions never shown"),
    ("console", "dropped", "console: sockets dropped"),
    ("console", "cpu_ms_per_change", "console: server CPU per change (ms)"),
    ("projector", "max_frame", "projector: largest frame (B)"),
    ("projector", "frames_over_32k", "projector: frames > 32 KB"),
    ("projector", "p95_counted_ms", "projector: p95 join/answer → counter (ms)"),
    ("projector", "p95_action_ms", "projector: p95 console action → frame (ms)"),
    ("projector", "counted_not_seen", "projector: counted changes never shown"),
    ("projector", "dropped", "projector: sockets dropped"),
    ("projector", "cpu_ms_per_change", "projector: server CPU per change (ms)"),
    ("phones", "max_frame", "phones: largest pushed frame (B)"),
    ("phones", "max_ack", "phones: largest acknowledgement (B)"),
    ("phones", "p95_step_ms", "phones: p95 step change → every phone (ms)"),
    ("phones", "p95_ack_ms", "phones: p95 answer → acknowledged (ms)"),
    ("phones", "steps_not_seen", "phones: step changes a phone never got"),
    ("phones", "dropped", "phones: sockets dropped"),
    ("phones", "connects_refused", "phones: socket connects refused (then retried)"),
    ("phones", "cpu_ms_per_step_change", "server CPU per step change, all screens (ms)"),
    (None, "server_cpu_ms_per_change", "server CPU per change, whole day (ms)"),
    (None, "changes", "changes (joins, answers, questions, votes, console actions)"),
    (None, "refused_frames", "frames refused by daphne (too large) that it logged"),
    (None, "largest_refused_frame", "largest refused frame (B)"),
    (None, "answers_lost", "answers lost (acknowledged, not in the database)"),
    (None, "unacknowledged", "answers never acknowledged"),
    (None, "console_counters_equal_db", "console's counters = database"),
    (None, "day_s", "the day took (s)"),
    (None, "timed_out_in", "stopped by --timeout in"),
]


def table(results: list[dict]) -> str:
    header = ["metric"] + [f"{r['mode']}, {r['phones']} phones" for r in results]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for screen, key, label in ROWS:
        row = [label]
        for result in results:
            value = (result.get("screens", {}).get(screen, {}) if screen else result).get(key)
            row.append("–" if value is None else str(value))
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


PHASE_COLUMNS = [
    ("seconds", "s"),
    ("changes", "changes"),
    ("cpu_ms_per_change", "CPU/change (ms)"),
    ("console_max_frame", "console max frame (B)"),
    ("console_p95_ms", "console p95 (ms)"),
    ("console_not_seen", "console not shown"),
    ("projector_max_frame", "projector max frame (B)"),
    ("projector_p95_ms", "projector p95 (ms)"),
]


def phase_table(result: dict) -> str:
    header = [f"{result['mode']}, {result['phones']} phones: phase"] + [
        c for _k, c in PHASE_COLUMNS
    ]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for phase in result.get("phases", []):
        row = [phase["name"]] + [str(phase.get(key, "–")) for key, _c in PHASE_COLUMNS]
        lines.append("| " + " | ".join(row).replace("None", "–") + " |")
    return "\n".join(lines)


def report(results: list[dict]) -> str:
    return "\n\n".join([table(results), *(phase_table(r) for r in results if "phases" in r)])


async def main(args):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    need = 4 * max(args.phones) + 512
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, need)), hard))
    results = []
    for phones in args.phones:
        for mode in args.modes:
            log(f"{mode}: {phones} phones …")
            started = time.perf_counter()
            try:
                result = await run(args, mode, phones)
            except Exception as error:  # one run's failure is reported, the others still run
                result = {
                    "mode": mode,
                    "phones": phones,
                    "error": f"{type(error).__name__}: {error}",
                }
            result["wall_s"] = round(time.perf_counter() - started, 1)
            log(json.dumps({k: v for k, v in result.items() if k != "phases"}))
            results.append(result)
            if args.json:
                Path(args.json).write_text(json.dumps(results, indent=1))
    print(report(results))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--phones", type=int, nargs="+", default=[300])
    parser.add_argument("--modes", nargs="+", choices=["one", "scaled"], default=["one", "scaled"])
    parser.add_argument("--workers", type=int, default=2, help="daphne processes when scaled")
    parser.add_argument("--rate", type=float, default=100, help="answers a second requested")
    parser.add_argument("--probes", type=int, default=8, help="changes per render-cost sample")
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per run at most")
    parser.add_argument("--json", help="also write the raw results here")
    parser.add_argument("--keep-logs", help="copy the server processes' logs into this folder")
    parser.add_argument("--table-from", help="only print the tables of an earlier --json file")
    arguments = parser.parse_args()
    if arguments.table_from:
        print(report(json.loads(Path(arguments.table_from).read_text())))
    else:
        asyncio.run(main(arguments))
