"""Opening a library: where it lives, and the connection settings every library gets."""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

DB_ENV = "DUBAO_DB"


class LibraryError(RuntimeError):
    """The library file cannot be opened or used; str() is the one-line reason."""


def default_library_path() -> Path:
    """DUBAO_DB if set, else library.db in the user's data directory."""
    if os.environ.get(DB_ENV):
        return Path(os.environ[DB_ENV]).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("dubao", appauthor=False)) / "library.db"


def open_library(path: str | os.PathLike | None = None, *, migrate: bool = True) -> Database:
    """Open (creating if need be) a library and bring its schema up to date."""
    from sqlite_utils import Database  # here: the commands that only read never load it

    from .schema import migrations

    library = Path(path).expanduser() if path is not None else default_library_path()
    if library.is_dir():
        raise LibraryError(f"{library}: is a folder, not a library file")
    try:
        library.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(library), check_same_thread=False, timeout=30)
        db = Database(conn)
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA cache_size = -65536")
        if migrate:
            migrations.apply(db)
    except sqlite3.DatabaseError as exc:
        raise LibraryError(f"{library}: cannot open the library ({exc})") from None
    except OSError as exc:
        raise LibraryError(f"{library}: {exc.strerror or exc}") from None
    return db
