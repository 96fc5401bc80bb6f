"""Which program and which version made a library: SQLite's application_id says "Dubao",
the migrations applied say how new it is, and the meta table holds the rest (the search
tokenizer's version). Nothing here changes a file that is not a Dubao library."""
from __future__ import annotations

import sqlite3

from sqlite_utils import Database

from .errors import LibraryTooNewError, NotALibraryError

# "DBao" in ASCII: stamped in the SQLite header of every library (PRAGMA application_id).
APPLICATION_ID = 0x4442616F
# The library format: raised only when older versions must not even read a library.
LIBRARY_FORMAT = 1
META_TABLE = "dubao_meta"


def read_header(db: Database) -> tuple[int, int]:
    """(application_id, user_version); raises NotALibraryError for a file SQLite cannot read
    as a database."""
    try:
        return (db.execute("PRAGMA application_id").fetchone()[0],
                db.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        if "not a database" in str(exc) or getattr(exc, "sqlite_errorname", "") == "SQLITE_NOTADB":
            raise NotALibraryError("not a Dubao library (not an SQLite database at all)") from None
        raise


def _tables(db: Database) -> set[str]:
    return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def check_identity(db: Database, known_migrations: set[str]) -> bool:
    """Raise unless the file is a library this version can use. True when it still has to
    be stamped (a new, empty file, or a library from before stamps)."""
    application_id, user_version = read_header(db)
    if application_id not in (0, APPLICATION_ID):
        raise NotALibraryError(
            f"not a Dubao library (an SQLite database of another program, application id "
            f"{application_id:#x}); nothing was changed in it")
    tables = _tables(db)
    if application_id == 0 and tables and not ({"_sqlite_migrations", "articles"} <= tables):
        raise NotALibraryError("not a Dubao library (an SQLite database of another program); "
                               "nothing was changed in it")
    if user_version > LIBRARY_FORMAT:
        raise LibraryTooNewError(
            f"made by a newer version of Dubao (library format {user_version}, this version reads "
            f"up to {LIBRARY_FORMAT}): update Dubao to open it")
    if "_sqlite_migrations" in tables:
        applied = {r[0] for r in db.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = 'dubao'")}
        unknown = sorted(applied - known_migrations)
        if unknown:
            raise LibraryTooNewError(
                f"made by a newer version of Dubao (it has {', '.join(unknown)}, which this "
                f"version does not know): update Dubao to open it")
    return application_id == 0 or user_version != LIBRARY_FORMAT


def stamp(db: Database) -> None:
    """Mark the file as a Dubao library of this format (inside the caller's transaction)."""
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute(f"PRAGMA user_version = {LIBRARY_FORMAT}")


def get_meta(db: Database, key: str) -> str | None:
    try:
        row = db.execute(f"SELECT value FROM {META_TABLE} WHERE key = ?", [key]).fetchone()
    except sqlite3.OperationalError:  # a library from before the table: nothing stamped
        return None
    return row[0] if row else None


def set_meta(db: Database, key: str, value: str | None) -> None:
    """Inside the caller's write transaction."""
    if value is None:
        db.execute(f"DELETE FROM {META_TABLE} WHERE key = ?", [key])
    else:
        db.execute(f"INSERT OR REPLACE INTO {META_TABLE} (key, value) VALUES (?, ?)", [key, value])
