"""SQLite for one server process of many threads: its writers take turns, first come first served.

SQLite has one write lock. A connection that finds it taken sleeps and tries again (1, 2, 5, …
up to 100 ms apart) until its time-out (`timeout`, 20 s): whoever tries at the moment the lock
is free gets it, so a writer that has waited long is not served before one that just came, and
the lock can sit free while its waiters sleep. Under ASGI every request runs in a thread of its
own: with 1,000 phones sending thumbs-up and poll answers at once, some waited their whole 20 s
and got "database is locked" (a 500) although each write takes a few milliseconds (bench/README.md).

Here the threads of this process queue for the write lock in the order they asked (WriteGate),
and a thread wakes the moment the one before it is done: a write transaction (with
`transaction_mode` IMMEDIATE every `atomic` block is one) and a write statement outside one
(an autocommit INSERT, UPDATE or DELETE) first take their turn in this process, then SQLite's
lock, which they then meet only with other processes (management commands). A turn not reached
within the time-out raises OperationalError("database is locked"), as SQLite would.

Holding the lock longer than SLOW_HOLD is logged with where the transaction began
(CHANGEMAKERS_LOCK_TRACE=true logs every write transaction with its wait and hold, for a
debug run).
"""

import logging
import os
import threading
import time
import traceback
from collections import deque

from django.db.backends.sqlite3 import base
from django.db.utils import OperationalError

logger = logging.getLogger(__name__)
SLOW_HOLD = 1.0
TRACE = os.environ.get("CHANGEMAKERS_LOCK_TRACE", "").lower() in {"1", "true", "yes"}
# CHANGEMAKERS_WRITE_GATE=off: SQLite's own waiting only, for the benchmark's comparison.
GATED = os.environ.get("CHANGEMAKERS_WRITE_GATE", "").lower() not in {"0", "off", "false", "no"}
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


class WriteGate:
    """A lock whose waiters are served in the order they came (threading.Lock wakes any)."""

    def __init__(self):
        self._mutex = threading.Lock()
        self._waiting: deque[threading.Lock] = deque()
        self._held = False

    def acquire(self, timeout: float) -> bool:
        with self._mutex:
            if not self._held:
                self._held = True
                return True
            turn = threading.Lock()
            turn.acquire()
            self._waiting.append(turn)
        if turn.acquire(timeout=timeout):
            return True
        with self._mutex:
            if turn in self._waiting:
                self._waiting.remove(turn)
                return False
        return True  # handed over between the time-out and the removal: ours now

    def release(self) -> None:
        with self._mutex:
            if self._waiting:
                self._waiting.popleft().release()  # handed over: still held
            else:
                self._held = False


gate = WriteGate()


def where() -> str:
    """The innermost frames of this project's code, for the log."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    frames = [
        f"{os.path.relpath(frame.filename, root)}:{frame.lineno} {frame.name}"
        for frame in traceback.extract_stack()[:-2]
        if frame.filename.startswith(root)
        and "/.venv/" not in frame.filename
        and not frame.filename.endswith("sqlite/base.py")
    ]
    return " < ".join(reversed(frames[-4:])) or "?"


class DatabaseWrapper(base.DatabaseWrapper):
    gate_taken_at: float | None = None
    gate_held = False
    gate_asked_at = 0.0
    gate_where = ""

    def take_turn(self) -> None:
        timeout = self.settings_dict["OPTIONS"].get("timeout", 5)
        self.gate_asked_at = time.monotonic()
        if TRACE:
            self.gate_where = where()
        if GATED and not gate.acquire(timeout):
            raise OperationalError(
                f"database is locked (this process's other writers held it for {timeout} s)"
            )
        self.gate_held = GATED
        self.gate_taken_at = time.monotonic()

    def end_turn(self) -> None:
        if self.gate_taken_at is None:
            return
        now = time.monotonic()
        held, waited = now - self.gate_taken_at, self.gate_taken_at - self.gate_asked_at
        self.gate_taken_at = None
        if self.gate_held:
            self.gate_held = False
            gate.release()
        if TRACE:
            logger.warning(
                "write lock: waited %.3f s, held %.3f s: %s", waited, held, self.gate_where
            )
        elif held > SLOW_HOLD:
            logger.warning("write lock held %.1f s (waited %.1f s): %s", held, waited, where())

    def _start_transaction_under_autocommit(self):
        self.take_turn()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self.end_turn()
            raise
        self.gate_taken_at = time.monotonic()  # SQLite's lock too (waited for other processes)

    def _set_autocommit(self, autocommit):
        try:
            super()._set_autocommit(autocommit)
        finally:
            if autocommit:  # the transaction's end, committed or rolled back
                self.end_turn()

    def _close(self):
        try:
            super()._close()
        finally:
            self.end_turn()

    def create_cursor(self, name=None):
        cursor = self.connection.cursor(factory=GatedCursor)
        cursor.database = self
        return cursor


class GatedCursor(base.SQLiteCursorWrapper):
    """A write statement outside a transaction (autocommit) takes its turn too."""

    database: DatabaseWrapper

    def gated(self, query: str) -> bool:
        database = self.database
        return (
            database.gate_taken_at is None
            and database.get_autocommit()
            and query.lstrip()[:7].upper().startswith(WRITES)
        )

    def execute(self, query, params=None):
        if not self.gated(query):
            return super().execute(query, params)
        self.database.take_turn()
        try:
            return super().execute(query, params)
        finally:
            self.database.end_turn()

    def executemany(self, query, param_list):
        if not self.gated(query):
            return super().executemany(query, param_list)
        self.database.take_turn()
        try:
            return super().executemany(query, param_list)
        finally:
            self.database.end_turn()
