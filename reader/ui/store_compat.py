"""The store functions the window needs from this round's store work, in one place.

Some are landing on main from other branches (read-only libraries, index rebuilds with
progress, removal); until they have, each falls back to what the store has today, so that
the window works before and after the merge. Once main has them all, this module can shrink
to plain imports."""
from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database

from ..store.changes import data_version  # noqa: F401 - re-exported

ProgressCallback = Callable[[int, int], None]


def is_read_only(db: Database) -> bool:
    try:
        from ..store.db import is_read_only as store_is_read_only
    except ImportError:
        return False
    return bool(store_is_read_only(db))


def pending_migrations(db: Database) -> bool:
    """Whether opening the library will change its schema (and maybe rebuild its index)."""
    from ..store.schema import migrations

    return bool(migrations.pending(db))


def needs_reindex(db: Database) -> bool:
    """Whether the search index was made by another tokenizer version (STORE's reindex.py)."""
    try:
        from ..store.reindex import needs_reindex as store_needs_reindex
    except ImportError:
        return False
    return bool(store_needs_reindex(db))


def rebuild_search_index(db: Database, progress: ProgressCallback | None = None) -> None:
    """Rebuild the whole index in one write transaction; PROGRESS(done, total)."""
    try:
        from ..store.reindex import reindex
    except ImportError:
        from ..store import search_index
        from ..store.writer import write_transaction

        with write_transaction(db):
            search_index.rebuild_search_index(db)
        return
    reindex(db, progress)


def remove_module():
    """STORE's reader/store/remove.py, or None where it has not landed yet."""
    try:
        from ..store import remove
    except ImportError:
        return None
    return remove
