"""The index's document frequencies (search_counts) against what FTS5 itself holds, and
FTS5's own integrity check, after
every kind of write: import (with an article continued across pages), re-import,
correction, removal."""
from __future__ import annotations

import shutil

from helpers.paths import QINGXI, SAMPLE

from reader.store import corrections
from reader.store.importer import import_paths
from reader.store.reading import list_articles
from reader.store.remove import remove_source
from reader.store.writer import write_transaction


def index_state(db) -> tuple[dict[str, int], dict[str, int]]:
    """(documents per character as FTS5 counts them, as search_counts holds them)."""
    conn = db.conn
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.chars USING fts5vocab(main, search_chars, 'row')")
    vocab = {t: n for t, n in conn.execute("SELECT term, doc FROM temp.chars") if len(t) == 1}
    counts = {t: n for t, n in conn.execute("SELECT token, docs FROM search_counts") if n}
    return vocab, counts


def check(db) -> None:
    for table in ("search_fts", "search_chars", "search_original"):
        db.execute(f"INSERT INTO {table} ({table}) VALUES ('integrity-check')")
    vocab, counts = index_state(db)
    assert vocab, "nothing indexed"
    assert counts == vocab


def test_counts_follow_every_write(db, tmp_path):
    pages = tmp_path / "pages"
    shutil.copytree(QINGXI, pages)
    import_paths(db, [pages, SAMPLE])  # page 2 continues an article of page 1
    check(db)
    article = next(a for a in list_articles(db) if len(a["pages"]) > 1)
    with write_transaction(db):
        corrections.correct(db, article["id"], article["headline"][:2], "犇猋", occurrence=1)
    check(db)
    second = next(pages.glob("*p2.md"))
    second.write_text(second.read_text(encoding="utf-8").replace("记者", "记者们"), encoding="utf-8")
    import_paths(db, [pages])  # a re-import that changes a page
    check(db)
    with write_transaction(db):
        remove_source(db, second)
    check(db)


def test_a_small_import_into_a_large_library_merges_only_new_segments(db, tmp_path, monkeypatch):
    """The whole index is rewritten (FTS5 'optimize') after an import that is a good part
    of the library; after a small one, a bounded 'merge' joins the new segments."""
    import datetime as dt

    from helpers.pages import make_issue_pages

    from reader.store import importer

    monkeypatch.setattr(importer, "OPTIMIZE_AFTER_FILES", 1)
    commands: list[str] = []
    db.conn.set_trace_callback(commands.append)
    import_paths(db, make_issue_pages(tmp_path / "a", 12))
    assert any("'optimize'" in c for c in commands)
    commands.clear()
    import_paths(db, make_issue_pages(tmp_path / "b", 1, start=dt.date(2002, 1, 1)))
    assert not any("'optimize'" in c for c in commands)
    assert any("'merge'" in c for c in commands)
    db.conn.set_trace_callback(None)
    check(db)
