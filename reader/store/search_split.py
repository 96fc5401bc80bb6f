"""A big query's statements run on two cores: the lower and upper halves of its document
range at once.

Counting the matches of a common term in a million documents is FTS5 stepping through every
one of them (about 40 ns each for a pair, 0.3 µs for a phrase, whose positions it compares),
on one core. SQLite runs statements of different connections side by side, and Python's
sqlite3 lets go of the GIL while SQLite works: so one half runs on the caller's connection
and the other, in a thread, on a second read-only connection to the same file (the
caller's "helper", opened the first time it is needed and kept with it). On two cores this
takes a count from T to about T/2 plus a tenth of a millisecond.

Both halves must read the same library. A statement reads the snapshot of the moment it
starts; PRAGMA data_version, read on the caller's connection before the halves start and
after both end, differs when another connection committed in between, and then the query is
run again whole. A caller inside a transaction of its own is never split: the helper could
not see what it wrote. Neither is a connection that did not say how to open a helper
(`reader_uri`): an in-memory library, or one opened some other way.
"""
from __future__ import annotations

import queue
import sqlite3
import threading
from collections.abc import Callable

Bounds = tuple[int, int]
Statement = Callable[[Bounds], tuple[str, list]]

_HELPER = "_dubao_search_helper"  # attribute of the caller's Database: its helper, or False


class _Helper:
    """A second read-only connection and the one thread that uses it: statements handed to
    it run there, one at a time (a thread started per statement cost 0.15 ms, more than a
    small count saves)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        threading.Thread(target=self._serve, name="dubao-search-half", daemon=True).start()

    def _serve(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                self.conn.close()
                return
            sql, params, out, done = job
            try:
                out.append(self.conn.execute(sql, params).fetchall())
            except BaseException as exc:  # noqa: BLE001 - reported by running the query whole
                out.append(exc)
            done.set()

    def submit(self, sql: str, params: list) -> Callable[[], list | BaseException]:
        """Run SQL there; the returned function waits for its rows (or its error)."""
        out: list = []
        done = threading.Event()
        self._jobs.put((sql, params, out, done))

        def result() -> list | BaseException:
            done.wait()
            return out[0]
        return result

    def close(self) -> None:
        self._jobs.put(None)


def _helper(db) -> _Helper | None:
    helper = getattr(db, _HELPER, None)
    if helper is None:
        helper = False
        uri = getattr(db, "reader_uri", None)  # set where DB was opened
        if uri is not None:
            try:
                conn = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=1.0)
                try:
                    conn.execute("PRAGMA query_only = ON")
                    cache = db.conn.execute("PRAGMA cache_size").fetchone()[0]
                    conn.execute(f"PRAGMA cache_size = {int(cache)}")
                except sqlite3.Error:
                    conn.close()
                    raise
                helper = _Helper(conn)
            except sqlite3.Error:
                helper = False
        try:
            setattr(db, _HELPER, helper)
        except AttributeError:
            if helper:
                helper.close()
            return None
    return helper or None


def close_helper(db) -> None:
    """Close DB's helper connection, if it has one (before DB itself is closed)."""
    helper = getattr(db, _HELPER, None)
    if helper:
        helper.close()
    if helper is not None:
        setattr(db, _HELPER, None)


def halves(db, bounds: Bounds) -> tuple[Bounds, Bounds] | None:
    """BOUNDS cut at the middle of the documents' row ids within it, or None when there is
    nothing to cut."""
    # Two subqueries: SQLite looks min() and max() up in the index only one at a time.
    low, high = db.conn.execute(
        "SELECT (SELECT min(doc) FROM search_docs), (SELECT max(doc) FROM search_docs)").fetchone()
    if low is None:
        return None
    low, high = max(low, bounds[0]), min(high, bounds[1])
    if high - low < 2:
        return None
    middle = low + (high - low) // 2
    return (low, middle), (middle + 1, high)


def run_halves(db, bounds: Bounds, statement: Statement) -> tuple[list, list] | None:
    """The rows of STATEMENT over the lower and over the upper half of BOUNDS, the two run at
    once on the same snapshot of the library; None when the statement should run whole (no
    helper, a transaction of the caller's, the library changed meanwhile, or the helper
    failed: the caller's own run then reports any error)."""
    conn = db.conn
    if conn.in_transaction:
        return None
    helper = _helper(db)
    if helper is None:
        return None
    cut = halves(db, bounds)
    if cut is None:
        return None
    version = conn.execute("PRAGMA data_version").fetchone()[0]
    lower_sql, lower_params = statement(cut[0])
    upper_sql, upper_params = statement(cut[1])
    lower = helper.submit(lower_sql, lower_params)
    try:
        upper = conn.execute(upper_sql, upper_params).fetchall()
    except sqlite3.Error:
        upper = None  # the caller's whole run reports it, in its own words
    finally:
        rows = lower()  # never leave the helper's statement behind
    if upper is None or isinstance(rows, BaseException) \
            or conn.execute("PRAGMA data_version").fetchone()[0] != version:
        return None
    return rows, upper
