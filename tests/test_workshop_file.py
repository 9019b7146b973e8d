"""Malformed workshop files, as someone would write or craft them: each is refused with a
message in the file's terms, on the command line (no traceback) and on upload (a form error, no
500), and nothing is stored."""

import html
import json
import subprocess
import sys

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from exercises.models import Exercise, Role
from workshops import schema
from workshops.loader import CHANGEMAKERS_FILE, DATA_DIR, parse_workshop_bytes
from workshops.models import Event

GOOD = CHANGEMAKERS_FILE.read_text(encoding="utf-8")


def edited(change) -> bytes:
    data = parse_workshop_bytes(GOOD.encode())
    change(data)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode()


def replaced(old: str, new: str) -> bytes:
    assert old in GOOD
    return GOOD.replace(old, new, 1).encode()


def alias_bomb() -> bytes:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 9)]
    return ("\n".join(lines) + "\n").encode()


BAD_FILES = {
    "impossible date": (
        replaced("date: 2025-11-04", "date: 2025-02-30"),
        "event.date: '2025-02-30'",
    ),
    "deep nesting": (b"event: " + b"[" * 50_000 + b"]" * 50_000, "för djupt nästlad"),
    "duplicate exercise key": (
        edited(lambda d: d["exercises"][1].update(key="ovning-1")),
        "exercises[1].key: 'ovning-1' finns redan",
    ),
    "duplicate tip list key": (
        edited(lambda d: d["exercises"][2]["lists"][1].update(key="politiker")),
        "exercises[2].lists[1].key: 'politiker' finns redan",
    ),
    "duplicate scenario number": (
        edited(lambda d: d["exercises"][4]["scenarios"][2].update(number=1)),
        "exercises[4].scenarios[2].number: '1' finns redan",
    ),
    "duplicate role key": (
        edited(lambda d: d["roles"][3].update(key="natverksbyggaren")),
        "roles[3].key: 'natverksbyggaren' finns redan",
    ),
    "negative minutes": (
        edited(lambda d: d["exercises"][0].update(minutes=-10)),
        "exercises[0].minutes: minst 1",
    ),
    "huge number": (
        edited(lambda d: d["exercises"][0].update(number=10**20)),
        "exercises[0].number: högst 999",
    ),
    "infinite minutes": (replaced("minutes: 10", "minutes: .inf"), "exercises[0].minutes: fel typ"),
    "invalid UTF-8": (GOOD.encode().replace(b"G\xc3\xb6teborg", b"G\xf6teborg"), "inte UTF-8"),
    "over-long title": (
        edited(lambda d: d["event"].update(title="x" * 201)),
        "event.title: högst 200 tecken",
    ),
    "slug with a path": (
        edited(lambda d: d["event"].update(slug="../../etc/passwd")),
        "event.slug: '../../etc/passwd': bara a–z",
    ),
    "alias bomb": (alias_bomb(), "alias"),
    "a list, not a mapping": (b"- event\n- roles\n", "ska innehålla en mappning"),
    "empty file": (b"", "ska innehålla en mappning"),
    "NUL in a text": (replaced("title: Changemakers", 'title: "Change\\0makers"'), "NUL"),
    "lone surrogate": (replaced("title: Changemakers", 'title: "Change\\ud800"'), "ogiltiga"),
    "unknown kind": (
        edited(lambda d: d["exercises"][3].update(kind="dans")),
        "exercises[3].kind: 'dans' är inte ett av",
    ),
    "roles is a text": (edited(lambda d: d.update(roles="alla")), "roles: fel typ, väntade lista"),
    "exercises missing": (edited(lambda d: d.pop("exercises")), "exercises: saknas"),
    "broken YAML": (b"event: [unclosed", "Ogiltig YAML"),
    "unknown field": (
        edited(lambda d: d["event"].update(titel="Stavfel")),
        "event.titel: okänt fält",
    ),
    "too big": (GOOD.encode() + b"#" * 1_000_000, "för stor"),
}


@pytest.fixture(params=BAD_FILES, ids=list(BAD_FILES))
def bad_file(request, tmp_path):
    content, message = BAD_FILES[request.param]
    path = tmp_path / "bad.yaml"
    path.write_bytes(content)
    return path, message


def assert_nothing_stored():
    assert Event.objects.count() == Role.objects.count() == Exercise.objects.count() == 0


def test_command_line_refuses_a_bad_file_with_its_place(db, bad_file):
    path, message = bad_file
    with pytest.raises(CommandError) as error:
        call_command("load_workshop", str(path))
    assert message in str(error.value)
    assert_nothing_stored()


def test_upload_refuses_a_bad_file_as_a_form_error(facilitator_client, bad_file):
    path, message = bad_file
    content = path.read_bytes()
    upload = SimpleUploadedFile("dag.yaml", content, content_type="application/yaml")
    response = facilitator_client.post("/facilitator/nytt/", {"upload": upload})
    assert response.status_code == 400
    message = message if content else "Den skickade filen är tom."
    assert message in html.unescape(response.content.decode())
    assert_nothing_stored()


def test_command_line_prints_no_traceback(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_bytes(replaced("date: 2025-11-04", "date: 2025-02-30"))
    result = subprocess.run(
        [sys.executable, "manage.py", "load_workshop", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode != 0
    assert "event.date: '2025-02-30' är inget datum" in result.stderr
    assert "Traceback" not in result.stderr


def test_upload_of_the_changemakers_file_creates_the_event(facilitator_client):
    upload = SimpleUploadedFile("dag.yaml", GOOD.encode(), content_type="application/yaml")
    response = facilitator_client.post("/facilitator/nytt/", {"upload": upload})
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.slug == "changemakers-2025-11-04" and event.source_file == "dag.yaml"
    assert event.exercises.count() == 6


def test_slug_option_is_checked_like_the_file(db):
    with pytest.raises(CommandError, match="event.slug"):
        call_command("load_workshop", str(CHANGEMAKERS_FILE), slug="a/../b")
    assert_nothing_stored()


def test_shipped_json_schema_is_in_sync():
    shipped = json.loads((DATA_DIR / "workshop.schema.json").read_text(encoding="utf-8"))
    assert shipped == schema.json_schema(), "run: python manage.py workshop_schema"


def test_shipped_files_point_editors_at_the_schema():
    for path in DATA_DIR.glob("*.yaml"):
        first_line = path.read_text(encoding="utf-8").splitlines()[0]
        assert first_line == "# yaml-language-server: $schema=workshop.schema.json", path


def test_schema_command_checks_and_writes(tmp_path):
    target = tmp_path / "schema.json"
    call_command("workshop_schema", "--output", str(target))
    assert json.loads(target.read_text()) == schema.json_schema()
    call_command("workshop_schema", "--output", str(target), "--check")
    target.write_text("{}")
    with pytest.raises(CommandError, match="workshop_schema"):
        call_command("workshop_schema", "--output", str(target), "--check")
