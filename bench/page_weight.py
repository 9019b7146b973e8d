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
exercise = event.exercises.get(key="ovning-1")
event.move_to(exercise.program_item)
event.open_exercise(exercise)
print(json.dumps({"join": event.join_path(), "steps": [e.key for e in event.exercises.order_by("program_item__order")]}))
"""
STEP = """
from workshops.models import Event
event = Event.objects.get()
exercise = event.exercises.get(key={key!r})
event.move_to(exercise.program_item)
event.open_exercise(exercise)
"""


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


def measure(browser, base: str, cookies: list, path: str, settle_ms: int = 1000) -> dict:
    """One first load of `path` with an empty cache and the phone's session cookie; then
    `settle_ms` for the state the server pushes on connect (the WebSocket's bytes)."""
    context = browser.new_context(**PHONE)
    host = urlsplit(base).hostname
    context.add_cookies([{**cookie, "domain": host} for cookie in cookies])
    page = context.new_page()
    finished, frames = [], []
    page.on("requestfinished", lambda request: finished.append(request))
    page.on(
        "websocket",
        lambda ws: ws.on("framereceived", lambda payload: frames.append(len(payload))),
    )
    page.goto(base + path, wait_until="networkidle")
    if settle_ms:
        page.wait_for_timeout(settle_ms)
    origin = urlsplit(base).netloc
    rows = []
    for request in finished:
        response = request.response()
        sizes = request.sizes()
        rows.append(
            {
                "url": response.url.removeprefix(base),
                "status": response.status,
                "encoding": response.headers.get("content-encoding", "-"),
                "cache": response.headers.get("cache-control", "-"),
                "bytes": sizes["responseHeadersSize"] + sizes["responseBodySize"],
                "third_party": urlsplit(response.url).netloc != origin,
            }
        )
    context.close()
    return {
        "origin": base,
        "path": path,
        "requests": len(rows),
        "bytes": sum(row["bytes"] for row in rows),
        "third_party": sum(row["third_party"] for row in rows),
        "ws_bytes_on_connect": sum(frames),
        "rows": rows,
    }


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
                context = browser.new_context(**PHONE)
                page = context.new_page()
                page.goto(lan + join)
                page.locator("form button[type=submit]").click()
                page.wait_for_selector("#now")
                cookies = context.cookies()
                context.close()
                results = [
                    measure(browser, base, cookies, path)
                    for base in (lan, local)
                    for path in ("/nu/", "/ovning/ovning-1/", join)
                ]
                # Each exercise's step, as a phone on the venue's network first loads /nu/ then.
                steps = {}
                for key in setup["steps"]:
                    manage(env, "shell", "-c", STEP.format(key=key))
                    steps[key] = measure(browser, lan, cookies, "/nu/", settle_ms=0)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    for result in results:
        print(
            f"{result['origin']}{result['path']}: {result['bytes']} B"
            f" ({result['bytes'] / 1024:.1f} KiB) in {result['requests']} requests,"
            f" {result['third_party']} third-party; WebSocket push on connect"
            f" {result['ws_bytes_on_connect'] / 1024:.1f} KiB"
        )
        for row in result["rows"]:
            print(
                f"  {row['bytes']:>7} B  {row['status']}  {row['encoding']:<4}  {row['url']}"
                f"  [{row['cache']}]"
            )
    print(f"{lan}/nu/ at each exercise's step:")
    for key, result in steps.items():
        html = next(row["bytes"] for row in result["rows"] if row["url"] == "/nu/")
        print(
            f"  {key:<10} {result['bytes']:>6} B in {result['requests']} requests (HTML {html} B)"
        )
    if args.json:
        Path(args.json).write_text(json.dumps({"pages": results, "steps": steps}, indent=2))


if __name__ == "__main__":
    main()
