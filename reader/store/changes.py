"""Noticing that another connection changed the library."""
from __future__ import annotations

from sqlite_utils import Database


def data_version(db: Database) -> int:
    """SQLite's data_version: it changes when another connection (another process, or
    another connection of this one) commits to the library. One pragma; reads no table."""
    return int(db.execute("PRAGMA data_version").fetchone()[0])
