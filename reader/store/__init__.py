"""The SQLite library (sqlite-utils only; no Qt): schema, import, reading, search,
bookmarks and annotations.

The names below load on first use (PEP 562), so that `import reader.store.search` does not
load sqlite-utils and the schema: a search from the command line opens the library with the
plain sqlite3 connection (search_open.py)."""
from __future__ import annotations

_EXPORTS = ("LibraryError", "default_library_path", "open_library")

__all__ = list(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from . import db

    value = getattr(db, name)
    globals()[name] = value
    return value
