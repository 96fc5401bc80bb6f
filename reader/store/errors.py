"""What can go wrong with a library that is not a fault of Dubao's: the one-line reasons.

SQLite reports the state of the disk and the file (read-only, full, locked, damaged) as
errors like any other; `environment_error` sorts them from faults in our own code so that
people read what happened and what to do, never "internal error"."""
from __future__ import annotations

import errno
import sqlite3


class LibraryError(RuntimeError):
    """The library file cannot be opened or used; str() is the one-line reason."""


class LibraryReadOnlyError(LibraryError):
    """A write was asked of a library opened read-only."""

    def __init__(self, message: str = "the library is read-only: nothing can be changed in it") -> None:
        super().__init__(message)


class NotALibraryError(LibraryError):
    """The file is an SQLite database of another program, or no database at all."""


class LibraryTooNewError(LibraryError):
    """A newer Dubao made this library; this version would misread it."""


class LibraryDamagedError(LibraryError):
    """SQLite found the file damaged."""


class DiskFullError(LibraryError):
    """The disk (or the file system's quota) is full."""


_KINDS = (
    # (SQLite error name, words of its message, what to tell people)
    ("SQLITE_READONLY", ("readonly", "read-only"),
     "the library is read-only: nothing can be changed in it"),
    ("SQLITE_FULL", ("database or disk is full",), "the disk is full"),
    ("SQLITE_CORRUPT", ("malformed",),
     "the library file is damaged (run `dubao check`, then `dubao recover -o NEW`)"),
    ("SQLITE_NOTADB", ("file is not a database",), "the file is not a Dubao library"),
    ("SQLITE_BUSY", ("database is locked", "database is busy", "the library is busy"),
     "the library is busy: another program is writing to it"),
    ("SQLITE_LOCKED", ("database table is locked",),
     "the library is busy: another program is writing to it"),
    ("SQLITE_IOERR", ("disk i/o error",), "the disk could not be read or written (disk I/O error)"),
    ("SQLITE_CANTOPEN", ("unable to open database",), "the library file cannot be opened"),
    ("SQLITE_PROTOCOL", ("locking protocol",), "the library's locks are in a bad state (locking protocol)"),
)


def environment_error(exc: BaseException) -> str | None:
    """One line for an error caused by the disk or the file, or None for a fault of ours."""
    if isinstance(exc, LibraryError):
        return str(exc)
    if isinstance(exc, OSError) and not isinstance(exc, sqlite3.Error):
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return "the disk is full"
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return exc.strerror or str(exc)
        return None
    if not isinstance(exc, sqlite3.DatabaseError):
        return None
    if getattr(exc, "args", None) and str(exc).startswith("the library is busy"):
        return str(exc)  # writer.WriteBusyError says how long it waited
    name = getattr(exc, "sqlite_errorname", "") or ""
    message = str(exc).lower()
    for code, words, line in _KINDS:
        if name.startswith(code) or any(word in message for word in words):
            return line
    return None


def is_disk_full(exc: BaseException) -> bool:
    return environment_error(exc) == "the disk is full" or isinstance(exc, DiskFullError)
