"""The phone's first load, as a phone gets it: bytes transferred (compressed), requests, and
requests to other hosts. Run by hand: `.venv/bin/python bench/page_weight.py`.

Starts daphne with the real app (DEBUG off, static files collected as `make run` does) on a free
127.0.0.1 port with its own data folder, loads the Changemakers day with Övning 1 open, joins
with Chromium as a phone (390×844), then opens each page with an empty cache and that phone's
session, and counts every HTTP response (headers + encoded body) and the WebSocket frames the
server pushes on connect. Stops the server at the end.

Twice: as a phone on the venue's network gets it (`make run` serves plain http on the laptop's
LAN address, and browsers offer brotli only to secure origins, so that phone gets gzip; here a
host name that Chromium resolves to 127.0.0.1, so no traffic leaves the machine), and as one
behind https or on localhost gets it (brotli). The target (30 KB) holds for the first.
"""

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PHONE = {"viewport": {"width": 390, "height": 844}, "locale": "sv-SE", "is_mobile": True}
LAN_HOST = "changemakers-laptop.test"  # resolved to 127.0.0.1 by Chromium (--host-resolver-rules)
SETUP = """
import json
from workshops.loader import CHANGEMAKERS_FILE, load_workshop_file
event, _ = load_workshop_file(CHANGEMAKERS_FILE)
print(json.dumps({"join": event.join_path()}))
"""
PREPARE = "from bench.page_weight import prepare; prepare({state!r})"
JOIN = "QR join"  # a page's path: a new phone's whole join, from the QR link to the day's page
QUESTIONS = 50


# Every phone page, in each state of the day that changes what it holds: (state, paths).
# `prepare(state)` sets the state up on the day; the states build on each other, in order.
PHONE_STATES = [
    ("waiting", ["/", "{join}", JOIN, "/nu/", "/nu/dela/", "/mitt-resultat/"]),
    *(
        (key, ["/nu/", JOIN, f"/ovning/{key}/"])
        for key in ("ovning-1", "ovning-2", "ovning-3", "lunch", "ovning-4", "ovning-5")
    ),
    (f"talk, {QUESTIONS} questions", ["/nu/", JOIN]),
    ("poll: options", ["/nu/"]),
    ("poll: 1–5", ["/nu/"]),
    ("poll: words", ["/nu/"]),
    ("answered everything", ["/mitt-resultat/"]),
    # "Resultaten som text": what the projector shows, as a phone reads it.
    *((f"projector: {view}", ["/nu/resultat/"]) for view in ("ovning-1", "postcards", "poll")),
]


def prepare(state: str) -> None:
    """Sets up `state` on the day (in Django: `manage.py shell`, or a test's database)."""
    from django.forms import IntegerField

    from exercises.kinds.registry import kind_of
    from talks.models import Poll, Question
    from talks.services import create_poll
    from workshops.models import Event, add_participant

    event = Event.objects.get()
    exercise = event.exercises.filter(key=state).first()
    if exercise:
        event.move_to(exercise.program_item)
        event.open_exercise(exercise)
    elif state.startswith("talk"):
        talk = event.program.filter(kind="talk").order_by("order").first()
        event.move_to(talk)
        for number in range(QUESTIONS):
            Question.objects.create(
                event=event,
                item=talk,
                participant=add_participant(event),
                text=f"Fråga nummer {number + 1}: hur når vi dem som inte redan är här i dag?"
                " Och hur vet vi att det vi gör verkar?",
            )
    elif state.startswith("poll"):
        event.polls.filter(status=Poll.Status.OPEN).update(status=Poll.Status.CLOSED)
        kind = {"options": Poll.Kind.CHOICE, "1–5": Poll.Kind.SCALE, "words": Poll.Kind.WORDS}
        poll = create_poll(
            event=event,
            question="Vad tar du med dig härifrån i dag, till din egen organisation?",
            kind=kind[state.removeprefix("poll: ")],
            options=["Mod", "Nätverk", "Verktyg", "Tålamod", "Nya frågor", "Inget av dessa"],
            open_now=False,
        )
        # Opened without a push: the phones measured load the page afresh.
        Poll.objects.filter(pk=poll.pk).update(status=Poll.Status.OPEN, item=event.current_item)
    elif state.startswith("projector"):
        view = state.removeprefix("projector: ")
        event.exercises.update(results_visible=True)
        event.polls.update(results_visible=True)
        event.projector_view, event.projector_target = {
            "ovning-1": ("results", "ovning-1"),
            "postcards": ("postcards", ""),
            "poll": ("poll", ""),
        }[view]
        event.save(update_fields=["projector_view", "projector_target"])
    elif state == "answered everything":
        # The phone that joined first answers each exercise: for each field, its last choice,
        # a year, or a sentence.
        participant = event.participants.order_by("number").first()
        for exercise in event.exercises.all():
            event.open_exercise(exercise)
            form = kind_of(exercise).form(exercise, participant)
            data = {}
            for name, field in form.fields.items():
                if choices := [value for value, _ in getattr(field, "choices", []) if value]:
                    data[name] = str(choices[-1])
                elif isinstance(field, IntegerField):
                    data[name] = "2040"
                else:
                    data[name] = "Mer mod och tålamod, och fler som bjuds in till samtalet."
            kind_of(exercise).save(form=kind_of(exercise).form(exercise, participant, data))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args) -> str:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def wait_for(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("daphne did not start") from None
            time.sleep(0.2)


def _rows(finished: list, base: str) -> list[dict]:
    origin = urlsplit(base).netloc
    rows = []
    for request in finished:
        response = request.response()
        sizes = request.sizes()
        rows.append(
            {
                "url": response.url.removeprefix(base),
                "method": request.method,
                "status": response.status,
                "encoding": response.headers.get("content-encoding", "-"),
                "cache": response.headers.get("cache-control", "-"),
                "bytes": sizes["responseHeadersSize"] + sizes["responseBodySize"],
                "third_party": urlsplit(response.url).netloc != origin,
            }
        )
    return rows


def _result(base: str, path: str, rows: list[dict], frames: list[int]) -> dict:
    return {
        "origin": base,
        "path": path,
        "requests": len(rows),
        "bytes": sum(row["bytes"] for row in rows),
        "third_party": sum(row["third_party"] for row in rows),
        "ws_bytes_on_connect": sum(frames),
        "rows": rows,
    }


# The hx-* attributes on the page once it has loaded its parts, with the values of those whose
# value swap.js interprets: what the phone's swap.js must read (tests/test_page_weight.py).
HX_ON_PAGE = """() => {
  const found = new Set();
  for (const element of document.querySelectorAll("*")) {
    for (const {name, value} of element.attributes) {
      if (!name.startsWith("hx-")) continue;
      const valued = ["hx-trigger", "hx-swap", "hx-swap-oob"].includes(name);
      found.add(valued ? `${name}=${value}` : name);
    }
  }
  return [...found].sort();
}"""


def measure(
    browser, base: str, cookies: list, path: str, settle_ms: int = 1000, join: str = ""
) -> dict:
    """One first load of `path` with an empty cache and the phone's session cookie (for
    `JOIN`, none: a new phone opens the QR link `join`, joins, and lands on the day's page); then `settle_ms`
    for the state the server pushes on connect (the WebSocket's bytes)."""
    context = browser.new_context(**PHONE)
    host = urlsplit(base).hostname
    if path != JOIN:
        context.add_cookies([{**cookie, "domain": host} for cookie in cookies])
    page = context.new_page()
    finished, frames = [], []
    page.on("requestfinished", lambda request: finished.append(request))
    page.on(
        "websocket",
        lambda ws: ws.on("framereceived", lambda payload: frames.append(len(payload))),
    )
    if path == JOIN:
        page.goto(base + join, wait_until="networkidle")
        page.locator("form button[type=submit]").click()
        page.wait_for_selector("#now")
        page.wait_for_load_state("networkidle")
    else:
        page.goto(base + path, wait_until="networkidle")
    if settle_ms:
        page.wait_for_timeout(settle_ms)
    rows = _rows(finished, base)
    hx = page.evaluate(HX_ON_PAGE)
    context.close()
    return {**_result(base, path, rows, frames), "hx": hx}


def join_cookies(browser, base: str, join: str) -> list:
    """A phone joins (anonymous): its cookies."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(base + join)
    page.locator("form button[type=submit]").click()
    page.wait_for_selector("#now")
    cookies = context.cookies()
    context.close()
    return cookies


def each_phone_page(browser, base: str, join: str, prepare_state) -> list[dict]:
    """Every phone page of PHONE_STATES, first loaded by a phone on `base`; `prepare_state`
    sets each state up on the server's day first."""
    cookies = join_cookies(browser, base, join)
    results = []
    for state, paths in PHONE_STATES:
        prepare_state(state)
        for path in paths:
            result = measure(browser, base, cookies, path.format(join=join), 0, join)
            results.append({**result, "state": state, "page": path.format(join=join)})
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="changemakers-weight-") as data:
        env = {
            **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
            "CHANGEMAKERS_DATA_DIR": data,
            "REDIS_URL": "",
            "DEBUG": "false",
            "SECRET_KEY": "weight-" + "x" * 50,
            "LOG_LEVEL": "WARNING",
        }
        manage(env, "migrate", "--no-input", "-v0")
        manage(env, "collectstatic", "--no-input", "-v0")
        setup = json.loads(manage(env, "shell", "-c", SETUP).strip().splitlines()[-1])
        join = setup["join"]
        port = free_port()
        local = f"http://127.0.0.1:{port}"
        lan = f"http://{LAN_HOST}:{port}"
        server = subprocess.Popen(
            [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port)]
            + ["changemakers.asgi:application"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(local + "/", server)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM,
                    args=[
                        "--no-sandbox",
                        "--disable-gpu",
                        f"--host-resolver-rules=MAP {LAN_HOST} 127.0.0.1",
                    ],
                )
                # A phone on the venue's network (plain http: gzip), every page in every state.
                pages = each_phone_page(
                    browser,
                    lan,
                    join,
                    lambda state: manage(env, "shell", "-c", PREPARE.format(state=state)),
                )
                # The same phone behind https or on the laptop itself (brotli), on one page.
                cookies = join_cookies(browser, local, join)
                secure = measure(browser, local, cookies, "/nu/")
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"A phone on the venue's network ({lan}, gzip), empty cache, per page:")
    for result in pages:
        html = sum(row["bytes"] for row in result["rows"] if "/static/" not in row["url"])
        print(
            f"  {result['state']:<20} {result['page']:<20} {result['bytes']:>6} B"
            f" in {result['requests']} requests (HTML {html} B), {result['third_party']}"
            " third-party"
        )
    largest = max(pages, key=lambda result: result["bytes"])
    print(f"Largest: {largest['page']} ({largest['state']}), {largest['bytes']} B:")
    for row in largest["rows"]:
        print(
            f"  {row['bytes']:>7} B  {row['status']}  {row['method']:<4} {row['encoding']:<4}"
            f"  {row['url']}  [{row['cache']}]"
        )
    print(
        f"{local}/nu/ (brotli): {secure['bytes']} B in {secure['requests']} requests;"
        f" WebSocket push on connect {secure['ws_bytes_on_connect'] / 1024:.1f} KiB"
    )
    if args.json:
        Path(args.json).write_text(json.dumps({"pages": pages, "secure": secure}, indent=2))


if __name__ == "__main__":
    main()
