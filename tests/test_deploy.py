"""Safe behind https by one variable, a private database file, CSP, quiet 403s."""

import json
import logging
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

BASE_DIR = Path(__file__).resolve().parent.parent


def manage(*args, tmp_path: Path, **env) -> subprocess.CompletedProcess:
    environment = {
        **{
            key: value
            for key, value in os.environ.items()
            if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        },
        "CHANGEMAKERS_DATA_DIR": str(tmp_path / "data"),
        "SECRET_KEY": "a-long-random-looking-secret-key-for-the-check-" + "x7Q9" * 8,
        **env,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_check_deploy_is_clean_with_https(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        tmp_path=tmp_path,
        DEBUG="false",
        HTTPS="true",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_without_https(tmp_path):
    result = manage("check", "--deploy", tmp_path=tmp_path, DEBUG="false")
    assert "security.W012" in result.stderr + result.stdout


SHOW = """
from django.conf import settings as s
import json
print(json.dumps([s.SECURE_PROXY_SSL_HEADER, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE,
                  s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS]))
"""


def test_https_switches_proxy_header_secure_cookies_hsts_and_redirect(tmp_path):
    result = manage("shell", "-c", SHOW, tmp_path=tmp_path, HTTPS="true")
    header, redirect, session, csrf, hsts = json.loads(result.stdout.strip().splitlines()[-1])
    assert header == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert redirect and session and csrf and hsts >= 60 * 60 * 24 * 365


def test_https_requests_behind_the_proxy(client, settings, changemakers):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    plain = client.get("/")
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    response = client.post(changemakers.join_path(), {"name": ""}, HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 302
    assert response.cookies["sessionid"]["secure"]
    assert "max-age=31536000" in response["Strict-Transport-Security"]


def test_sqlite_file_and_data_dir_are_private(tmp_path):
    result = manage("migrate", "--no-input", "-v0", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    data = tmp_path / "data"
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    for path in data.glob("changemakers.sqlite3*"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_world_readable_database_is_made_private(tmp_path):
    from changemakers.security import private_sqlite_file

    path = tmp_path / "db.sqlite3"
    path.write_bytes(b"")
    path.chmod(0o644)
    private_sqlite_file(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_csp_forbids_base_and_objects(client, db):
    policy = client.get("/")["Content-Security-Policy"]
    assert "base-uri 'none'" in policy and "object-src 'none'" in policy


def test_forbidden_is_logged_in_one_line(client, db, caplog):
    from tests.factories import FacilitatorFactory

    client.force_login(FacilitatorFactory(is_staff=False))
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get(reverse("workshops:event_list")).status_code == 403
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    # The console handler's filter ran first: Django attached the PermissionDenied, the log
    # leaves it out.
    handler = next(h for h in logging.getLogger().handlers if h.filters)
    logged = handler.format(record)
    assert record.exc_info is None
    assert "Forbidden" in logged and "Traceback" not in logged and "\n" not in logged


@pytest.mark.parametrize("status", [404, 500])
def test_other_records_keep_their_traceback(status):
    from changemakers.security import ForbiddenWithoutTraceback

    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord("django.request", 40, "", 0, "x", (), sys.exc_info())
    record.status_code = status
    ForbiddenWithoutTraceback().filter(record)
    assert record.exc_info
