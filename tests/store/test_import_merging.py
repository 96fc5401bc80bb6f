"""A bulk import leaves FTS5's merging to its end (search_index.merge_at_the_end), and
every way it can end turns merging back on: finished, stopped by an error, or killed (the
next import does it)."""
from __future__ import annotations

import sqlite3

from helpers.pages import make_issue_pages

from reader.store import importer, search_index
from reader.store.importer import import_paths
from reader.store.importer import write as import_write
from reader.store.search import run_query, search


def automerge(path) -> dict[str, int | None]:
    """What another connection reads of the library's merge setting (what is committed)."""
    conn = sqlite3.connect(path)
    try:
        return {table: (conn.execute(f"SELECT v FROM {table}_config WHERE k = 'automerge'").fetchone()
                        or (None,))[0]
                for table in ("search_fts", "search_chars")}
    finally:
        conn.close()


def segments(db, table: str) -> int:
    """Segments of TABLE's index, from FTS5's structure record (its varints: a cookie of
    4 bytes, then levels, segments, ...)."""
    blob = db.conn.execute(f"SELECT block FROM {table}_data WHERE id = 10").fetchone()[0]

    def varint(at: int) -> tuple[int, int]:
        value = 0
        for i in range(9):
            byte = blob[at + i]
            if i == 8:
                return (value << 8) | byte, at + 9
            value = (value << 7) | (byte & 0x7F)
            if not byte & 0x80:
                return value, at + i + 1
        raise AssertionError("bad varint")

    _, at = varint(4)  # levels
    count, _ = varint(at)
    return count


def test_a_bulk_import_merges_at_its_end_only(db, library_path, tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "OPTIMIZE_AFTER_FILES", 5)
    monkeypatch.setattr(import_write, "BATCH_FILES", 1)  # a segment per file
    seen: list[dict] = []

    def progress(done, total, name):
        seen.append(automerge(library_path))

    files = make_issue_pages(tmp_path / "a", 12)
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    import_paths(db, files, progress=progress)
    db.conn.set_trace_callback(None)
    # Turned off once, not at each of its twelve transactions (readers reload a setting).
    assert sum("('automerge', 0)" in s for s in statements) == 2
    assert seen[-2] == {"search_fts": 0, "search_chars": 0}  # batches committed without merging
    assert automerge(library_path) == {"search_fts": 16, "search_chars": 16}
    assert segments(db, "search_fts") == 1 and segments(db, "search_chars") == 1
    assert run_query(db, "记者").total == len(search(db, "记者", limit=10_000)) > 0


def test_an_import_that_fails_turns_merging_back_on(db, library_path, tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "OPTIMIZE_AFTER_FILES", 5)
    monkeypatch.setattr(import_write, "BATCH_FILES", 1)

    def progress(done, total, name):
        if done == 8:
            raise RuntimeError("stopped")

    try:
        import_paths(db, make_issue_pages(tmp_path / "a", 12), progress=progress)
    except RuntimeError as exc:
        assert exc.import_report.committed >= 7
    else:
        raise AssertionError("the import did not stop")
    assert automerge(library_path) == {"search_fts": 16, "search_chars": 16}


def test_the_next_import_turns_on_what_a_killed_one_left_off(db, library_path, tmp_path, monkeypatch):
    # A killed bulk import: its batches committed, and nothing after them ran.
    batch = import_write.Batch(db, bulk=True)
    for prepared in importer.prepared_files(make_issue_pages(tmp_path / "a", 3), 0):
        batch.store(prepared)
    batch.commit()
    assert automerge(library_path) == {"search_fts": 0, "search_chars": 0}
    import_paths(db, make_issue_pages(tmp_path / "b", 1))  # a small import
    assert automerge(library_path) == {"search_fts": 16, "search_chars": 16}
    assert search_index.merging_as_written(db)
