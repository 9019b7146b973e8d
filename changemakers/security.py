"""Crafted input stopped before it reaches the database, so that it gets a 400 or a form error
instead of a 500: PostgreSQL refuses NUL bytes in any text, SQLite integers beyond 64 bits."""

import logging
import re
from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponseBadRequest
from django.utils.translation import gettext as _

ASCII_NUMBER = re.compile(r"[0-9]{1,18}")  # fits a 64-bit integer column
DATABASE_ID_MAX = 10**18 - 1


def parse_number(raw, *, low: int = 0, high: int = DATABASE_ID_MAX) -> int | None:
    """A whole number from outside (a form field, an address, a socket message), or None.
    Only ASCII digits: `str.isdigit()` is true for "²" and `int()` takes "١٢", " 7", "+7" and
    "1_0", so either lets through what the database or a later `int()` refuses."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        raw = str(raw)
    if not isinstance(raw, str) or not ASCII_NUMBER.fullmatch(raw):
        return None
    number = int(raw)
    return number if low <= number <= high else None


def parse_id(raw) -> int | None:
    """A row's id from outside, or None (ids start at 1)."""
    return parse_number(raw, low=1)


def _has_nul(values) -> bool:
    return any("\x00" in value for value in values)


def reject_nul_bytes(get_response):
    """No browser sends a NUL byte in an address, a form field or a cookie; only an attacker
    does. Form fields that look rows up (choices by key) would pass it to the database."""

    def middleware(request: HttpRequest):
        fields = [*request.GET.lists(), *(request.POST.lists() if request.method == "POST" else [])]
        if (
            "\x00" in request.path
            or _has_nul(request.COOKIES.values())
            or any(_has_nul([key, *values]) for key, values in fields)
        ):
            return HttpResponseBadRequest(_("Ogiltiga tecken i förfrågan."))
        return get_response(request)

    return middleware


class ModelIdsField(forms.ModelMultipleChoiceField):
    """Ids that are not plain 64-bit numbers are refused before the query: SQLite overflows on
    10^20 (Django's own check guards single lookups, not `pk__in`)."""

    def _check_values(self, value):
        for pk in value if isinstance(value, list | tuple) else [value]:
            if parse_id(str(pk)) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": str(pk)[:20]},
                )
        return super()._check_values(value)


class NumberField(forms.IntegerField):
    """A form's whole number, read by parse_number: "٢٠٤٥" or "２０４５" is refused as "invalid",
    as letters are, instead of passing as 2045 (Django's IntegerField takes any Unicode digit)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        number = parse_number(str(value).strip())
        if number is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number


class ForbiddenWithoutTraceback(logging.Filter):
    """A 403 is someone being turned away (not staff, a stale CSRF token): one line in the log,
    not the traceback of the PermissionDenied Django logs with it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True


def private_sqlite_file(path: Path) -> None:
    """The database holds participants' answers: readable by this user only. SQLite gives its
    -wal and -shm files the database file's permissions."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not path.exists():
        path.touch(mode=0o600)
    elif path.stat().st_mode & 0o077:
        path.chmod(0o600)
