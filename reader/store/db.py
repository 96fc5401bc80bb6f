"""Opening a library: where it lives, whether it is one (and not too new), whether it can
be written, and the connection settings every library gets.

A library that cannot be written (a read-only file, a folder where SQLite cannot make its
-wal and -shm files, or such files left by another user) opens read-only rather than not
at all: reads work, and every write raises LibraryReadOnlyError with one line.
"""
from __future__ import annotations

import os
import sqlite3
import urllib.parse
from pathlib import Path

from sqlite_utils import Database

from . import identity, search_split, sessions
from .errors import (
    LibraryDamagedError,
    LibraryError,
    LibraryReadOnlyError,
    LibraryTooNewError,
    NotALibraryError,
    environment_error,
)
from .schema import migrations
from .writer import WriteBusyError, with_backoff, write_transaction

DB_ENV = "DUBAO_DB"
BUSY_TIMEOUT = 5.0  # seconds SQLite itself waits on a lock; writer.py backs off beyond it

__all__ = ["DB_ENV", "Library", "LibraryDamagedError", "LibraryError", "LibraryReadOnlyError",
           "LibraryTooNewError", "NotALibraryError", "default_library_path", "is_read_only",
           "open_library", "read_only_reason", "set_cache_size"]


class Library(Database):
    """A sqlite-utils Database that knows how it was opened."""

    read_only: bool = False
    read_only_reason: str | None = None
    path: Path | None = None
    reader_uri: str | None = None
    session: str | None = None
    checked_after_crash: bool = False

    def close(self) -> None:
        """Close, saying the library was left cleanly (see sessions.py)."""
        if self.session is not None and not self.read_only:
            session, self.session = self.session, None
            try:
                if self.conn.in_transaction:
                    self.conn.rollback()
                with write_transaction(self, timeout=5.0):
                    sessions.end_session(self, session)
            except sqlite3.Error:
                pass  # the next open will check the library: no harm done
        search_split.close_helper(self)
        super().close()


def is_read_only(db: Database) -> bool:
    """True when the library was opened read-only (nothing can be changed in it)."""
    return bool(getattr(db, "read_only", False))


def read_only_reason(db: Database) -> str | None:
    return getattr(db, "read_only_reason", None)


def default_library_path() -> Path:
    """DUBAO_DB if set, else library.db in the user's data directory."""
    if os.environ.get(DB_ENV):
        return Path(os.environ[DB_ENV]).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("dubao", appauthor=False)) / "library.db"


def _uri(library: Path, mode: str, *, immutable: bool = False) -> str:
    path = urllib.parse.quote(str(library.absolute()))
    return f"file:{path}?mode={mode}" + ("&immutable=1" if immutable else "")


def connect(library: Path, mode: str = "rwc", *, immutable: bool = False) -> Library:
    """A bare connection (no checks, no migrations): MODE is rwc, rw or ro."""
    conn = sqlite3.connect(_uri(library, mode, immutable=immutable), uri=True,
                           check_same_thread=False, timeout=BUSY_TIMEOUT)
    db = Library(conn)
    db.path = library
    db.reader_uri = _uri(library, "ro", immutable=immutable)  # search_split.py's second connection
    return db


PAGE_SIZE = 8192  # bytes a page, for a library made from now on (an existing one keeps its own)


def _configure(db: Database, *, writable: bool) -> None:
    db.execute("PRAGMA foreign_keys = ON")
    if writable:
        # Only a file nothing was written to yet takes it (before WAL mode writes the header).
        # Against SQLite's 4 KB: the library 9% smaller (its text rows pack better), searches
        # the same or slightly quicker; the import's time differs by less than this machine's
        # noise (bench/results/page-size-*.json).
        db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA cache_size = -65536")


def set_cache_size(db, megabytes: int) -> None:
    """Let this connection keep at most MEGABYTES of the library's pages in memory (64 by
    default). A process with several connections (the window: its reads, its writer, its
    searches) caps each to stay small; the operating system still caches the file."""
    db.execute(f"PRAGMA cache_size = -{int(megabytes) * 1024}")


def _cannot_write(exc: BaseException) -> bool:
    """SQLite cannot write the library (or make its -wal/-shm files) but may read it."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    message = str(exc).lower()
    return (name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH"))
            or "readonly" in message or "unable to open database" in message)


def open_library(path: str | os.PathLike | None = None, *, migrate: bool = True,
                 read_only: bool = False) -> Library:
    """Open (creating if need be) a library and bring its schema up to date; read-only when
    asked or when it cannot be written. Raises LibraryError (one line) when it cannot be
    used: not a Dubao library, made by a newer Dubao, damaged, or not there."""
    library = Path(path).expanduser() if path is not None else default_library_path()
    if library.is_dir():
        raise LibraryError(f"{library}: is a folder, not a library file")
    try:
        library.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LibraryError(f"{library.parent}: cannot make the library's folder "
                           f"({exc.strerror or exc})") from None
    try:
        # Another process may hold a lock for a while (creating this very library, or
        # committing a batch of an import): wait for it as a writer waits for the write lock.
        if not read_only:
            try:
                return with_backoff(lambda: _open_writable(library, migrate=migrate))
            except WriteBusyError:
                raise
            except sqlite3.DatabaseError as exc:
                if not _cannot_write(exc):
                    raise
                reason = str(exc)
        else:
            reason = "opened read-only on request"
        return with_backoff(lambda: _open_read_only(library, reason))
    except LibraryError as exc:
        raise type(exc)(f"{library}: {exc}") from None
    except sqlite3.DatabaseError as exc:
        line = environment_error(exc) or f"cannot open the library ({exc})"
        raise LibraryError(f"{library}: {line}") from None
    except OSError as exc:
        raise LibraryError(f"{library}: {exc.strerror or exc}") from None


def _open_writable(library: Path, *, migrate: bool) -> Library:
    db = connect(library, "rwc")
    try:
        identity.check_identity(db, {m.name for m in migrations._migrations})
        _configure(db, writable=True)
        if migrate:  # (without: a second connection of a process that opened it already)
            with write_transaction(db):
                # Writing the header as it is fails at once when the file cannot be written.
                version = db.execute("PRAGMA user_version").fetchone()[0]
                db.execute(f"PRAGMA user_version = {version}")
                migrations.apply(db)
                if identity.check_identity(db, {m.name for m in migrations._migrations}):
                    identity.stamp(db)
                db.session, unclean = sessions.start_session(db)
            if unclean:
                _check_after_crash(db)
    except BaseException:
        sqlite3.Connection.close(db.conn)
        raise
    return db


def _check_after_crash(db: Library) -> None:
    from .check import quick_check

    db.checked_after_crash = True
    problems = quick_check(db)
    if problems:
        raise LibraryDamagedError(
            f"the library is damaged ({problems[0]}); run `dubao recover -o NEW.db` to save "
            f"what can be read")


def _open_read_only(library: Path, reason: str) -> Library:
    """mode=ro first (sees the latest writes of others); immutable when SQLite cannot even
    make the -shm file it needs for that (a folder we cannot write, or -wal/-shm files of
    another user): then the file is read as it is, without its write-ahead log."""
    last_error: sqlite3.DatabaseError | None = None
    for immutable in (False, True):
        db = connect(library, "ro", immutable=immutable)
        try:
            identity.check_identity(db, {m.name for m in migrations._migrations})
            _configure(db, writable=False)
            pending = migrations.pending(db)
            if pending:
                raise LibraryError("the library is read-only and was made by an older Dubao: "
                                   "open it once where it can be written, to update it")
        except sqlite3.DatabaseError as exc:
            sqlite3.Connection.close(db.conn)
            if not _cannot_write(exc):
                raise
            last_error = exc
            continue
        except BaseException:
            sqlite3.Connection.close(db.conn)
            raise
        db.read_only = True
        db.read_only_reason = reason if not immutable else (
            f"{reason}; read as it is on disk (its write-ahead log could not be opened)")
        return db
    assert last_error is not None
    if "unable to open" in str(last_error).lower():
        raise LibraryError("cannot open the library: the file cannot be made or read here")
    raise last_error


def open_untouched(library: Path) -> Library:
    """A read-only connection for looking at a library that may be damaged or not ours:
    no checks, no migrations, nothing written (mode=ro; immutable when SQLite cannot make
    the -shm file that needs). Raises LibraryError when SQLite cannot read it at all."""
    last: Exception | None = None
    for immutable in (False, True):
        db = connect(library, "ro", immutable=immutable)
        try:
            db.execute("SELECT name FROM sqlite_master").fetchall()
            return db
        except sqlite3.DatabaseError as exc:
            last = exc
            sqlite3.Connection.close(db.conn)
            if not _cannot_write(exc):
                break
    if "unable to open" in str(last).lower():
        raise LibraryError(f"{library}: no library there (or it cannot be read)")
    line = environment_error(last) or str(last)
    raise LibraryError(f"{library}: {line}")
