"""Is the library whole? SQLite's own checks, read-only: quick_check (minutes on a big
library become seconds: no index-to-table cross checks) and integrity_check."""
from __future__ import annotations

import sqlite3

from sqlite_utils import Database

MAX_PROBLEMS = 100


def _run(db: Database, pragma: str) -> list[str]:
    try:
        rows = [r[0] for r in db.execute(f"PRAGMA {pragma}({MAX_PROBLEMS})")]
    except sqlite3.DatabaseError as exc:  # so damaged that the check itself cannot run
        return [str(exc)]
    return [] if rows == ["ok"] else rows


def quick_check(db: Database) -> list[str]:
    """SQLite's problems with the file (empty when it is whole)."""
    return _run(db, "quick_check")


def integrity_check(db: Database) -> list[str]:
    """As quick_check, and also whether every index matches its table."""
    return _run(db, "integrity_check")
