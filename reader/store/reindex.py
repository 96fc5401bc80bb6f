"""Re-indexing a library whose search tokens were made by another tokenizer version.

The CLI calls `ensure_search_index` (with a progress line); the window calls
`needs_reindex` on the GUI thread (a single read) and `reindex` in a worker, with a
connection of its own. A rebuild stopped half-way continues where it stopped."""
from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database

from . import identity, search_index
from .db import is_read_only


def indexed_with(db: Database) -> str | None:
    """The tokenizer version stamped in the library (None: unknown)."""
    return identity.get_meta(db, "tokenizer_version")


def needs_reindex(db: Database) -> bool:
    """True when the library's search index was made with other tokens than this
    version makes (and it can be rebuilt: a read-only library cannot)."""
    return (not is_read_only(db)
            and indexed_with(db) != str(search_index.TOKENIZER_VERSION))


def reindex(db: Database, progress: Callable[[int, int], None] | None = None,
            stop: Callable[[], bool] | None = None) -> bool:
    """Rebuild the whole index, batch by batch (search_index.rebuild_search_index): False
    when STOP() said to stop between batches; the next rebuild continues from there. The
    library is not searched until the rebuild is complete."""
    return search_index.rebuild_search_index(db, progress=progress, stop=stop)


def ensure_search_index(db: Database, progress: Callable[[int, int], None] | None = None) -> bool:
    """Rebuild the index when needed; True when it was rebuilt."""
    if not needs_reindex(db):
        return False
    reindex(db, progress)
    return True
