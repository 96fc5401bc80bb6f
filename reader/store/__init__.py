"""The SQLite library (sqlite-utils only; no Qt): schema, import, reading, search,
bookmarks and annotations.

The names below load on first use (PEP 562), so that `import reader.store.search` does not
load sqlite-utils and the schema: a search from the command line opens the library with the
plain sqlite3 connection (search_open.py).

No `from __future__ import annotations` here: it would bind the name `annotations` in this
package to a __future__ feature, and `from reader.store import annotations` would get that
instead of the submodule."""
import importlib

_EXPORTS = {
    "default_library_path": ".db", "is_read_only": ".db", "open_library": ".db",
    "DiskFullError": ".errors", "LibraryDamagedError": ".errors", "LibraryError": ".errors",
    "LibraryReadOnlyError": ".errors", "LibraryTooNewError": ".errors", "NotALibraryError": ".errors",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name], __name__), name)
    globals()[name] = value
    return value
