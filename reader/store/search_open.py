"""A library opened for reading with the plain sqlite3 connection: what `dubao search` needs,
without loading sqlite-utils and the schema's migrations (a third of a command's start-up).

Only for a library that exists and is up to date: `open_for_reading` returns None otherwise,
and the caller opens it the ordinary way (open_library: creates, migrates, rebuilds)."""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

# The newest migration in schema.py (a test keeps the two in step): a library that lacks it
# needs migrating, which only the ordinary open does. Named here so that a search need not
# load the schema module and sqlite-utils to know.
LATEST_MIGRATION = "m018_search_pair_counts"


class ReadConnection:
    """The part of sqlite-utils' Database that reading code uses: `.conn`, `.execute()`,
    `.query()`."""

    def __init__(self, conn: sqlite3.Connection, reader_uri: str | None = None) -> None:
        self.conn = conn
        self.reader_uri = reader_uri  # search_split.py's second connection

    def execute(self, sql: str, parameters=()) -> sqlite3.Cursor:
        return self.conn.execute(sql, parameters)

    def query(self, sql: str, params=()):
        """Rows as dicts (sqlite-utils' Database.query)."""
        cursor = self.conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        for row in cursor:
            yield dict(zip(names, row))

    def close(self) -> None:
        from .search_split import close_helper

        close_helper(self)
        self.conn.close()


def open_for_reading(path: str | os.PathLike) -> ReadConnection | None:
    """The library at PATH for reading, or None when it is missing, unreadable or needs
    migrating or reindexing (its search tables are not the ones this version writes)."""
    file_uri = Path(path).expanduser().absolute().as_uri()
    uri = file_uri + "?mode=rw"  # never creates the file
    try:
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=30)
    except sqlite3.Error:
        return None
    try:
        conn.execute("PRAGMA query_only = ON")
        conn.execute("PRAGMA cache_size = -65536")
        from .search_index import library_index_is_current

        migrated = conn.execute(
            "SELECT 1 FROM _sqlite_migrations WHERE migration_set = 'dubao' AND name = ?",
            [LATEST_MIGRATION]).fetchone()
        if not migrated or not library_index_is_current(conn):
            conn.close()
            return None
    except sqlite3.Error:
        conn.close()
        return None
    return ReadConnection(conn, file_uri + "?mode=ro")
