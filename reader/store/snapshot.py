"""One read transaction: every read inside sees the library as it was at the first, whatever
is written meanwhile (WAL). For work that reads in several passes or for a long time — a
PDF counting its pages and then printing them, an export whose header states the count of
what follows — so that the parts agree."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlite_utils import Database


@contextmanager
def read_snapshot(db: Database) -> Iterator[None]:
    """Read DB inside one transaction (or inside the one already open)."""
    conn = db.conn
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")  # nothing was written
