"""Group commit: the small writes that a whole room sends at once (thumbs-up, poll answers,
questions), from many request threads, stored in one transaction by whichever thread came first.

Under ASGI every request runs in a thread of its own, and one process has one interpreter lock:
a write transaction of its own per thumbs-up holds SQLite's write lock for as long as its thread
waits for the interpreter between BEGIN and COMMIT (10–400 ms with 1,000 phones, for a write of
a millisecond), and the next writer waits for that. Here a thread that finds no batch being
written writes its own and everything that arrived meanwhile, each in a savepoint of one
transaction (one answer's error does not undo the others), then hands the lead to the first
thread still waiting. The writes' `on_commit` pushes run after that one commit. If the
transaction as a whole fails (the database did not answer in time), each write gets the error.
As the answers over the sockets (exercises/answers.py: SocketAnswers), from threads instead of
the event loop.
"""

import threading
from collections.abc import Callable
from typing import TypeVar

from django.db import connection, transaction

T = TypeVar("T")
BATCH_LIMIT = 100


class _Write:
    __slots__ = ("write", "done", "lead", "result", "error")

    def __init__(self, write: Callable):
        self.write = write
        self.done = threading.Event()  # written (or failed), or this thread leads now
        self.lead = False
        self.result = None
        self.error: BaseException | None = None


class GroupCommit:
    def __init__(self):
        self._mutex = threading.Lock()
        self._waiting: list[_Write] = []
        self._leading = False

    def run(self, write: Callable[[], T]) -> T:
        """`write()` in a transaction shared with the writes of other threads; its result, or
        its exception. Inside a transaction already (a test's), written at once, alone."""
        if connection.in_atomic_block:
            return write()
        entry = _Write(write)
        with self._mutex:
            self._waiting.append(entry)
            entry.lead = not self._leading
            self._leading = True
        if not entry.lead:
            entry.done.wait()
        if entry.lead:
            self._lead()
        if entry.error is not None:
            raise entry.error
        return entry.result

    def _lead(self) -> None:
        with self._mutex:
            batch = self._waiting[:BATCH_LIMIT]
            del self._waiting[:BATCH_LIMIT]
        try:
            self._write(batch)
        finally:
            for entry in batch:
                entry.lead = False
                entry.done.set()
            with self._mutex:
                if self._waiting:
                    self._waiting[0].lead = True
                    self._waiting[0].done.set()
                else:
                    self._leading = False

    @staticmethod
    def _write(batch: list[_Write]) -> None:
        try:
            with transaction.atomic():
                for entry in batch:
                    try:
                        with transaction.atomic():
                            entry.result = entry.write()
                    except Exception as error:
                        entry.error = error
        except Exception as error:  # BEGIN or COMMIT: none of them is stored
            for entry in batch:
                entry.result, entry.error = None, error


group_commit = GroupCommit()
