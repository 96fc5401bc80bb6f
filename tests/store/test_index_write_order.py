"""FTS5 flushes its pending index to a new segment whenever a write's row id is lower than
the one before (fts5_index.c, sqlite3Fts5IndexBeginWrite). An import writes documents in
file order and takes replaced ones out by their old row ids: files not in date order, or
imported again, flushed once or twice a file (re-importing 2,250 files took 63 s against
21 s the first time). Now at most once a transaction."""
from __future__ import annotations

import random
import re
import shutil

from helpers.pages import make_issue_pages

from reader.store.importer import import_paths
from reader.store.remove import remove_source
from reader.store.search import run_query
from reader.store.text import article_texts

_WRITE = re.compile(r"INSERT INTO (search_fts|search_chars|search_original) \((?:\w+, )?rowid\b.*?VALUES \(('delete', )?(\d+)")


def rowid_orders(statements: list[str]) -> list[dict[str, list[tuple[int, bool]]]]:
    """Per transaction, per FTS table, the row ids written (and whether as a delete), in order."""
    transactions: list[dict[str, list[tuple[int, bool]]]] = []
    current: dict[str, list[tuple[int, bool]]] | None = None
    for sql in statements:
        if sql.startswith("BEGIN"):
            current = {}
            transactions.append(current)
        elif (match := _WRITE.match(sql)) and current is not None:
            current.setdefault(match.group(1), []).append((int(match.group(3)), bool(match.group(2))))
    return transactions


def flushes(writes: list[tuple[int, bool]]) -> int:
    """How many times FTS5 flushes its pending index for WRITES (sqlite3Fts5IndexBeginWrite:
    a row id lower than the last one written, or the same one after an insert)."""
    count = 0
    for (before, deleted), (rowid, _) in zip(writes, writes[1:]):
        count += rowid < before or (rowid == before and not deleted)
    return count


def shuffled_copies(pages, folder, seed):
    folder.mkdir()
    order = list(pages)
    random.Random(seed).shuffle(order)
    for n, page in enumerate(order):  # file names sort in an order the dates do not follow
        shutil.copy(page, folder / f"{n:03d}-{page.name}")
    return folder


def test_index_writes_go_in_row_id_order_whatever_the_order_of_the_files(db, tmp_path, monkeypatch):
    from reader.store.importer import prepare

    pages = make_issue_pages(tmp_path / "pages", 12)
    folder = shuffled_copies(pages, tmp_path / "shuffled", 1)
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    import_paths(db, [folder])  # new files, in no date order
    monkeypatch.setattr(prepare, "parser_fingerprint", lambda: "another parser")
    import_paths(db, [folder])  # every file again: each replaces its page
    for table in ("search_fts", "search_chars"):
        db.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('integrity-check', 0)")
    texts = article_texts(db, [r[0] for r in db.execute("SELECT id FROM articles")])
    for term in ("的", "工作", "青溪"):  # the index finds what the text holds, no more
        assert run_query(db, term).total == sum(term in text for text in texts.values())
    remove_source(db, folder)
    db.conn.set_trace_callback(None)
    orders = rowid_orders(statements)
    assert sum(len(ids) for t in orders for ids in t.values()) > 100
    assert any(len(t.get("search_fts", ())) > 20 for t in orders)
    # Rows in order are written as they come, the others at the end in order: one flush
    # a transaction at most (there were one or two a file).
    assert max(flushes(writes) for t in orders for writes in t.values()) <= 1
    assert db.execute("SELECT COUNT(*) FROM search_docs").fetchone()[0] == 0
    db.execute("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 0)")
