"""Clients for the scaled tests: phones, a projector and the facilitator over real HTTP and
WebSockets, through nginx (or straight to one daphne process when a test must choose)."""

import asyncio
import json
import time

import websockets

from bench.live_bench import CSRF_INPUT, Cookies, http

HOST = "127.0.0.1"

SETUP_EVENT = """
import json
from workshops.loader import CHANGEMAKERS_FILE, load_workshop_file
event, _ = load_workshop_file(CHANGEMAKERS_FILE, slug={slug!r})
for key in {open_keys!r}:
    event.exercises.get(key=key).open()
ovning = event.exercises.get(key="ovning-1")
print(json.dumps({{"event": event.pk, "code": event.join_code, "token": event.projector_token,
  "abilities": list(ovning.abilities.values_list("pk", flat=True))}}))
"""


def new_event(stack, slug: str, open_keys=("ovning-1", "ovning-4")) -> dict:
    """An event of its own for a test (the scaled stack lives for the whole session), with
    some exercises open."""
    code = SETUP_EVENT.format(slug=slug, open_keys=tuple(open_keys))
    return json.loads(stack.manage("shell", "-c", code).splitlines()[-1])


def sql(stack, query: str, *params):
    import psycopg

    with psycopg.connect(
        host=HOST, port=stack.postgres_port, user="postgres", dbname="changemakers"
    ) as connection:
        return connection.execute(query, params).fetchall()


class Phone:
    """A phone: joins over HTTP, holds its socket, and reconnects as static/js/live.js does
    (after a short delay, through nginx) when the socket closes."""

    def __init__(self, port: int, event: dict):
        self.port, self.event = port, event
        self.cookies = Cookies()
        self.closes: list[int | None] = []
        self.connects = 0
        self.beacons = 0
        self.beacon_version = -1  # the last beacon's: a phone behind it reconnects (phone.js)
        self.version_at: dict[int, float] = {}  # data-version of a "now" → when it first came
        self.task: asyncio.Task | None = None
        self.connected = asyncio.Event()
        self.process = ""

    async def join(self):
        path = f"/delta/{self.event['code']}/"
        _status, page = await http(self.port, "GET", path, cookies=self.cookies)
        data = {"code": self.event["code"], "name": ""}
        if match := CSRF_INPUT.search(page):
            data["csrfmiddlewaretoken"] = match.group(1)
        status, _ = await http(self.port, "POST", path, data, cookies=self.cookies)
        assert status == 302 and "sessionid" in self.cookies, f"join failed: {status}"

    def start(self, port: int | None = None, reconnect: bool = True):
        self.task = asyncio.create_task(self.hold(port or self.port, reconnect))

    async def hold(self, port: int, reconnect: bool):
        url = f"ws://{HOST}:{port}/ws/events/{self.event['event']}/phone/"
        headers = {"Origin": f"http://{HOST}:{port}", "Cookie": self.cookies.header()}
        while True:
            try:
                async with websockets.connect(
                    url, additional_headers=headers, open_timeout=10, ping_interval=None
                ) as ws:
                    self.connects += 1
                    self.connected.set()
                    async for frame in ws:
                        self.receive(frame)
                    self.closes.append(ws.close_code)
            except (OSError, websockets.WebSocketException, TimeoutError) as error:
                code = getattr(getattr(error, "rcvd", None), "code", None)
                self.closes.append(code)
            self.connected.clear()
            if not reconnect:
                return
            await asyncio.sleep(0.3)

    def receive(self, frame: str):
        message = json.loads(frame)  # typed (workshops/live/messages.py)
        if message["type"] == "beacon":
            self.beacons += 1
            self.beacon_version = message["version"]
        elif message["type"] == "state":
            self.version_at.setdefault(message["version"], time.monotonic())

    def seen_version(self) -> int:
        return max(self.version_at, default=-1)

    async def answer(self, data: dict, key: str = "ovning-1", port: int | None = None) -> int:
        status, _ = await http(
            port or self.port,
            "POST",
            f"/ovning/{key}/svar/",
            data,
            cookies=self.cookies,
            headers={"X-CSRFToken": self.cookies.get("csrftoken", ""), "HX-Request": "true"},
        )
        return status

    async def stop(self):
        if self.task:
            self.task.cancel()
            try:
                await self.task
            except (asyncio.CancelledError, Exception):
                pass


class Facilitator:
    def __init__(self, port: int, event: dict, username: str, password: str):
        self.port, self.event = port, event
        self.cookies = Cookies()
        self.username, self.password = username, password

    async def login(self):
        _status, page = await http(self.port, "GET", "/konto/logga-in/", cookies=self.cookies)
        token = CSRF_INPUT.search(page).group(1)
        data = {"username": self.username, "password": self.password, "csrfmiddlewaretoken": token}
        status, _ = await http(self.port, "POST", "/konto/logga-in/", data, cookies=self.cookies)
        assert status == 302, f"login failed: {status}"

    async def post(self, action: str, data: dict | None = None) -> int:
        status, _ = await http(
            self.port,
            "POST",
            f"/facilitator/{self.event['event']}/{action}",
            data or {},
            cookies=self.cookies,
            headers={"X-CSRFToken": self.cookies["csrftoken"]},
        )
        return status


async def login_attempt(
    port: int, username: str, password: str, *, source: str | None = None, headers=None
) -> tuple[int, str]:
    """One login in a browser of its own (new cookies), from `source` (a loopback address)."""
    cookies = Cookies()
    _status, page = await http(port, "GET", "/konto/logga-in/", cookies=cookies, source=source)
    data = {
        "username": username,
        "password": password,
        "csrfmiddlewaretoken": CSRF_INPUT.search(page).group(1),
    }
    return await http(
        port, "POST", "/konto/logga-in/", data, cookies=cookies, headers=headers, source=source
    )


async def wrong_join_code(port: int, *, source: str | None = None, headers=None) -> int:
    """A wrong code typed on the home page of a new phone (new cookies: a new session)."""
    cookies = Cookies()
    _status, page = await http(port, "GET", "/", cookies=cookies, source=source)
    data = {"code": "QQQQQQ", "name": "", "csrfmiddlewaretoken": CSRF_INPUT.search(page).group(1)}
    status, _ = await http(port, "POST", "/", data, cookies=cookies, headers=headers, source=source)
    return status


async def wait_for(predicate, seconds: float, step: float = 0.05) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        await asyncio.sleep(step)
    return predicate()
