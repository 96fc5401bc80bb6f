"""Who has the library open: each process that opens it for writing adds a row and removes
it when it closes. A row whose process is gone means that process died with the library
open (kill -9, a power cut): the next open checks the file (quick_check) before use.

This is how an unclean shutdown is noticed without anything but SQLite touching the
library's files (no lock files, no looking at -wal or -shm)."""
from __future__ import annotations

import datetime as dt
import os
import secrets
import socket

from sqlite_utils import Database


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: another user's process, alive
        return True
    return True


def start_session(db: Database) -> tuple[str, bool]:
    """Inside the caller's write transaction: record this process; True in the result when
    a process of this host left the library without closing it."""
    host = socket.gethostname()
    dead = [row[0] for row in db.execute(
        "SELECT id, pid FROM dubao_sessions WHERE host = ?", [host]) if not _alive(row[1])]
    for session_id in dead:
        db.execute("DELETE FROM dubao_sessions WHERE id = ?", [session_id])
    session_id = f"{host}:{os.getpid()}:{secrets.token_hex(4)}"
    db.execute("INSERT INTO dubao_sessions (id, host, pid, started_at) VALUES (?, ?, ?, ?)",
               [session_id, host, os.getpid(), dt.datetime.now(dt.UTC).isoformat(timespec="seconds")])
    return session_id, bool(dead)


def end_session(db: Database, session_id: str) -> None:
    """Inside the caller's write transaction."""
    db.execute("DELETE FROM dubao_sessions WHERE id = ?", [session_id])
