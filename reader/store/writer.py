"""The one write path into a library.

Every write transaction starts with ``BEGIN IMMEDIATE``: the write lock is taken before the
first read, so a transaction never has to give up half-way because another process wrote
between its read and its write (SQLITE_BUSY inside a deferred transaction cannot be retried).
Taking the lock waits with back-off while another process holds it, for up to ``timeout``
seconds in all, then fails with one clear line.

Nested ``write_transaction`` blocks become savepoints of the outer transaction, so a unit of
work (one file of an import, one annotation) can be undone without undoing its batch.
"""
from __future__ import annotations

import random
import secrets
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlite_utils import Database

DEFAULT_TIMEOUT = 60.0
T = TypeVar("T")


class WriteBusyError(sqlite3.OperationalError):
    """Another process held the library's write lock for longer than we were willing to wait."""


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    message = str(exc).lower()
    return "locked" in message or "busy" in message


def refuse_read_only(db: Database) -> None:
    """LibraryReadOnlyError at once on a library opened read-only (a write command says so
    before it starts, even when it would find nothing to write)."""
    if getattr(db, "read_only", False):
        from .errors import LibraryReadOnlyError

        raise LibraryReadOnlyError()


def with_backoff(attempt: Callable[[], T], *, timeout: float | None = None) -> T:
    """ATTEMPT() until it does not fail for want of a lock another process holds, waiting
    with back-off between tries, for up to TIMEOUT seconds (DEFAULT_TIMEOUT) in all; then
    WriteBusyError. SQLite's own busy timeout (a few seconds) is not enough for another
    importer's batch on a loaded machine, and some locks it does not wait for at all."""
    timeout = DEFAULT_TIMEOUT if timeout is None else timeout
    deadline = time.monotonic() + timeout
    delay = 0.005
    while True:
        try:
            return attempt()
        except WriteBusyError:
            raise  # an inner wait already took its time
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc):
                raise
            if time.monotonic() >= deadline:
                raise WriteBusyError(
                    f"the library is busy: another program has been writing to it for over "
                    f"{timeout:.0f} s") from None
            time.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 2, 0.5)


def begin_immediate(db: Database, *, timeout: float | None = None) -> None:
    """Start a write transaction, waiting (with back-off) for another writer to finish.
    Raises LibraryReadOnlyError at once on a library opened read-only."""
    refuse_read_only(db)
    conn = db.conn
    with_backoff(lambda: conn.execute("BEGIN IMMEDIATE"), timeout=timeout)


@contextmanager
def write_transaction(db: Database, *, timeout: float = DEFAULT_TIMEOUT) -> Iterator[Database]:
    """One unit of writing: BEGIN IMMEDIATE … COMMIT, or a savepoint inside an open one.

    Rolls back on any exception (KeyboardInterrupt included) and re-raises it."""
    refuse_read_only(db)
    conn = db.conn
    if conn.in_transaction:
        name = f"dubao_{secrets.token_hex(8)}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield db
        except BaseException:
            if conn.in_transaction:
                conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                conn.execute(f"RELEASE SAVEPOINT {name}")
            raise
        else:
            conn.execute(f"RELEASE SAVEPOINT {name}")
        return
    begin_immediate(db, timeout=timeout)
    try:
        yield db
    except BaseException:
        if conn.in_transaction:
            conn.rollback()
        raise
    else:
        conn.commit()
