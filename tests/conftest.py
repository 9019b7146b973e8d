import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from bench.page_weight import LAN_HOST
from tests.factories import FacilitatorFactory
from workshops.loader import CHANGEMAKERS_FILE, load_workshop_file

BASE_DIR = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = BASE_DIR / "test-artifacts"


SNAPSHOT_SKIPS = {"admin", "auth", "contenttypes", "sessions"}


@pytest.fixture(scope="session")
def changemakers_rows(django_db_setup, django_db_blocker):
    """The rows `load_workshop_file(CHANGEMAKERS_FILE)` writes, read once per session (the
    load is rolled back: the database stays empty for the tests that want it so)."""
    from django.apps import apps
    from django.db import transaction

    rows = []
    with django_db_blocker.unblock(), transaction.atomic():
        event, _created = load_workshop_file(CHANGEMAKERS_FILE)
        for model in apps.get_models(include_auto_created=True):
            if model._meta.app_label in SNAPSHOT_SKIPS:
                continue
            values = list(model._base_manager.order_by("pk").values())
            if values:
                rows.append((model, values))
        transaction.set_rollback(True)
    return event.slug, rows


@pytest.fixture
def changemakers(db, changemakers_rows):
    """The Changemakers day as `make run` loads it: the same rows, written with one insert per
    table instead of loading the file again (164 queries, ~190 ms)."""
    import copy

    from django.core.management.color import no_style
    from django.db import connection, transaction

    from workshops.models import Event

    slug, rows = changemakers_rows
    with transaction.atomic():  # the foreign keys are checked at its end
        for model, values in rows:
            model._base_manager.bulk_create(model(**copy.deepcopy(row)) for row in values)
        if connection.vendor == "postgresql":  # explicit ids leave the sequences behind
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), [m for m, _v in rows]):
                    cursor.execute(sql)
    return Event.objects.get(slug=slug)


@pytest.fixture
def facilitator(db):
    return FacilitatorFactory()


@pytest.fixture
def facilitator_client(client, facilitator):
    client.force_login(facilitator)
    return client


def pytest_sessionstart(session):
    """The static files as `make run` serves them: {% static %} needs the manifest of hashed
    names, and the server serves the compressed copies collectstatic writes. Before collection:
    test modules import the ASGI app, whose whitenoise lists the collected files once."""
    from django.contrib.staticfiles import finders
    from django.core.management import call_command

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    sources = (
        storage.path(path) for finder in finders.get_finders() for path, storage in finder.list([])
    )
    if manifest.exists() and all(
        os.path.getmtime(source) < manifest.stat().st_mtime for source in sources
    ):
        return  # collected after the last change (compressing everything again takes ~10 s)
    call_command("collectstatic", interactive=False, verbosity=0)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def asgi_server(django_db_setup, django_db_blocker):
    """daphne in its own process, with `make run`'s WebSocket limits, serving the test database (SQLite: a file; PostgreSQL: the
    test database on the same server), so both processes share it, and the channel layer the
    suite runs with (Redis when REDIS_URL is set). Tests that use it need `transactional_db` so
    their data is committed and visible."""
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": test_database_url(settings.DATABASES["default"]),
        "DEBUG": "false",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "daphne",
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            *make_run_limits(),
            "changemakers.asgi:application",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{url}/", timeout=1)
            break
        except urllib.error.HTTPError:
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(process.stderr.read().decode()[-2000:]) from None
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=10)


def make_run_limits() -> list[str]:
    """daphne's WebSocket size limits as `make run` sets them (DAPHNE_LIMITS in the Makefile):
    the browser tests meet the same walls as a facilitator would."""
    makefile = (BASE_DIR / "Makefile").read_text()
    return re.search(r"^DAPHNE_LIMITS := (.*)$", makefile, re.M).group(1).split()


def test_database_url(database: dict) -> str:
    if database["ENGINE"] in {"django.db.backends.sqlite3", "changemakers.sqlite"}:
        return f"sqlite:///{database['NAME']}"
    user = database["USER"] + (f":{database['PASSWORD']}" if database.get("PASSWORD") else "")
    return f"postgres://{user}@{database['HOST']}:{database['PORT']}/{database['NAME']}"


@pytest.fixture(scope="session")
def browser():
    """Playwright's sync API keeps an event loop running in this thread, so Django takes every
    query of a browser test for one made from async code: only here is that allowed (the
    browser tests run last; the async tests before them run without it)."""
    from playwright.sync_api import sync_playwright

    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                # A host name for the laptop as phones on the venue's network reach it (plain
                # http, not a secure origin): tests/test_page_weight.py; still 127.0.0.1.
                f"--host-resolver-rules=MAP {LAN_HOST} 127.0.0.1",
            ],
        )
        yield browser
        browser.close()
    if before is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="sv-SE")
    yield context.new_page()
    context.close()


@pytest.fixture
def screenshot():
    """Save a screenshot under test-artifacts/ to look at."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def pytest_collection_modifyitems(items):
    """Browser tests last: Playwright's sync API keeps an event loop running in this thread
    for the session-wide browser, and async tests (WebsocketCommunicator) cannot start theirs
    while it runs."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
    items.sort(key=lambda item: "browser" in getattr(item, "fixturenames", ()))


@pytest.fixture(autouse=True)
def server_done_before_flush(request):
    """A browser test's end leaves the server process still writing: the phone that just
    navigated connects (a LiveConnection row), closing pages disconnect. On PostgreSQL such a
    write can deadlock with the test database's flush (TRUNCATE) after the test. So, before the
    flush (this is torn down first): close the test's browser pages, and wait until the server
    has written their disconnects."""
    if "asgi_server" not in request.fixturenames or "browser" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("transactional_db")  # set up before this, flushed after it
    yield
    from workshops.models import LiveConnection

    for context in request.getfixturevalue("browser").contexts:
        context.close()
    deadline = time.monotonic() + 10
    while LiveConnection.objects.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(0.3)  # the screens' re-render after the last disconnect (reads only)


@pytest.fixture(autouse=True)
def fast_hashing(request, settings):
    """A quick password hasher in this process (logins hash every try, ~0.2 s each with the
    real one); not for the browser tests: their server process checks with the real one."""
    if "browser" not in request.fixturenames:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def swedish_first():
    """The locale middleware leaves the last request's language active in this thread:
    every test starts in Swedish, the app's first language."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


SCALED_USER = ("scaled", "scaled-password-123")


@pytest.fixture(scope="session")
def scaled_stack(tmp_path_factory):
    """PostgreSQL, Redis, two daphne processes and nginx, started from deploy/ as
    `make run-scaled` starts them. Missing programs skip the scaled tests, but fail them on CI
    (CI=true), where scripts/system-packages installs them."""
    from deploy.stack import Stack, missing_binaries

    if missing := missing_binaries():
        reason = "scaled set-up needs " + "; ".join(missing)
        if env_bool("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    stack = Stack(tmp_path_factory.mktemp("scaled"), workers=2).start()
    try:
        stack.manage(
            "shell",
            "-c",
            "from django.contrib.auth import get_user_model; "
            f"get_user_model().objects.create_superuser({SCALED_USER[0]!r}, '', "
            f"{SCALED_USER[1]!r})",
        )
        yield stack
    finally:
        stack.stop()


def env_bool(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}
