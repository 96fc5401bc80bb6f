"""Re-indexing a library whose search tokens were made by another tokenizer version.

The CLI calls `ensure_search_index` (with a progress line); the window calls
`needs_reindex` on the GUI thread (a single read) and `reindex` in a worker, with a
connection of its own."""
from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database

from . import identity, search_index
from .db import is_read_only
from .writer import write_transaction


def indexed_with(db: Database) -> str | None:
    """The tokenizer version stamped in the library (None: unknown)."""
    return identity.get_meta(db, "tokenizer_version")


def needs_reindex(db: Database) -> bool:
    """True when the library's search index was made with other tokens than this
    version makes (and it can be rebuilt: a read-only library cannot)."""
    return (not is_read_only(db)
            and indexed_with(db) != str(search_index.TOKENIZER_VERSION))


def reindex(db: Database, progress: Callable[[int, int], None] | None = None) -> None:
    """Rebuild the whole index in one transaction (searches meanwhile see the old one)."""
    with write_transaction(db):
        search_index.rebuild_search_index(db, progress=progress)


def ensure_search_index(db: Database, progress: Callable[[int, int], None] | None = None) -> bool:
    """Rebuild the index when needed; True when it was rebuilt."""
    if not needs_reindex(db):
        return False
    reindex(db, progress)
    return True
