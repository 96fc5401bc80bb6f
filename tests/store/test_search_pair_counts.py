"""The pair counts (search_pair_counts): every pair's document count, exact whenever the
library says they are valid, however the index was written (a small import, a large one
counted afresh at its end, corrections, removals), and never used while stale."""
from __future__ import annotations

import sqlite3

import pytest
from helpers.pages import make_issue_pages
from helpers.paths import QINGXI, SAMPLE
from test_search import brute_force

from reader.store import importer, open_library, search_index
from reader.store.corrections import correct
from reader.store.importer import import_paths
from reader.store.reading import list_articles
from reader.store.remove import remove_source
from reader.store.search import run_query
from reader.store.text import article_text
from reader.store.writer import write_transaction

TERMS = ["工会", "记者", "消防", "改革", "rc", "5g", "青溪", "日报", "zz"]


def vocab_counts(db) -> dict[str, int]:
    """Each pair's document count as FTS5 itself reports it (fts5vocab), the oracle."""
    db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.oracle USING fts5vocab(main, search_fts, row)")
    return dict(db.execute("SELECT term, doc FROM temp.oracle WHERE length(term) = 2").fetchall())


def stored_counts(db) -> dict[str, int]:
    return dict(db.execute("SELECT token, docs FROM search_pair_counts WHERE docs != 0").fetchall())


def assert_counts_exact(db) -> None:
    assert search_index.pair_counts_valid(db.conn)
    assert stored_counts(db) == vocab_counts(db)
    for term in TERMS:
        assert run_query(db, term).total == len(brute_force(db, term)), term


def test_a_new_library_counts_its_pairs_as_a_small_import_writes_them(db):
    assert search_index.pair_counts_valid(db.conn)
    import_paths(db, [SAMPLE, QINGXI / "qingxi-2023-03-08-p1.md"])
    assert stored_counts(db)
    assert_counts_exact(db)


def test_a_large_import_counts_them_afresh_at_its_end(db, tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "OPTIMIZE_AFTER_FILES", 3)
    seen = []
    real = search_index.recount_pairs

    def recount(database, alongside=None):
        seen.append(search_index.pair_counts_stale(database.conn))
        return real(database, alongside)
    monkeypatch.setattr(search_index, "recount_pairs", recount)
    import_paths(db, [SAMPLE, *make_issue_pages(tmp_path / "pages", 6)])
    assert seen == [True]  # stale while the import wrote, counted once at its end
    assert_counts_exact(db)


def test_a_small_import_into_a_large_library_writes_them_with_its_rows(db, tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "OPTIMIZE_AFTER_FILES", 3)
    import_paths(db, make_issue_pages(tmp_path / "many", 40))
    monkeypatch.setattr(search_index, "recount_pairs", None)  # must not be needed
    import_paths(db, [SAMPLE, QINGXI / "qingxi-2023-03-08-p1.md", QINGXI / "qingxi-2023-03-09-p1.md"])
    assert_counts_exact(db)


def first_pair(db, article_id: str) -> str:
    """The first two Chinese characters in a row in the article's text."""
    text = article_text(db, article_id).text
    return next(text[i:i + 2] for i in range(len(text) - 1)
                if "\u4e00" <= text[i] <= "\u9fff" and "\u4e00" <= text[i + 1] <= "\u9fff")


def test_corrections_and_removals_keep_them_exact(db):
    import_paths(db, [SAMPLE, QINGXI / "qingxi-2023-03-08-p1.md"])
    target = list_articles(db)[0]["id"]
    assert "鑫淼" not in stored_counts(db)
    correct(db, target, first_pair(db, target), "鑫淼", occurrence=1)
    assert stored_counts(db)["鑫淼"] == 1
    assert_counts_exact(db)
    remove_source(db, SAMPLE)
    assert_counts_exact(db)


def test_stale_counts_are_never_used_and_searches_stay_exact(db, tmp_path, monkeypatch):
    # A large import killed before its end leaves them stale: FTS5 counts instead.
    import_paths(db, [SAMPLE])
    with write_transaction(db):
        search_index.leave_pair_counts_stale(db)
        db.execute("UPDATE search_pair_counts SET docs = docs + 1000")  # wrong, and must not show
    assert search_index.pair_counts(db, ["工会"]) is None
    import_paths(db, [QINGXI / "qingxi-2023-03-08-p1.md"])  # a small import leaves them stale
    assert search_index.pair_counts_stale(db.conn)
    for term in TERMS:
        assert run_query(db, term).total == len(brute_force(db, term)), term
    assert search_index.recount_pairs(db)
    assert_counts_exact(db)


def test_a_write_by_another_process_during_the_census_keeps_them_stale(db, library_path, monkeypatch):
    import_paths(db, [SAMPLE, QINGXI / "qingxi-2023-03-08-p1.md"])
    with write_transaction(db):
        search_index.leave_pair_counts_stale(db)
    real = search_index._PairCensus.read

    def read_then_another_writes(census, conn):
        real(census, conn)
        other = open_library(library_path)
        try:
            article = list_articles(other)[0]["id"]
            correct(other, article, first_pair(other, article), "鑫淼", occurrence=1)
        finally:
            other.close()
    monkeypatch.setattr(search_index._PairCensus, "read", read_then_another_writes)
    assert search_index.recount_pairs(db, alongside=lambda: None) is False
    assert search_index.pair_counts_stale(db.conn)
    for term in [*TERMS, "鑫淼"]:
        assert run_query(db, term).total == len(brute_force(db, term)), term
    monkeypatch.setattr(search_index._PairCensus, "read", real)
    assert search_index.recount_pairs(db, alongside=lambda: None)
    assert_counts_exact(db)


def test_a_rebuilt_index_counts_them_afresh(db):
    import_paths(db, [SAMPLE, QINGXI / "qingxi-2023-03-08-p1.md"])
    with write_transaction(db):
        db.execute("UPDATE search_pair_counts SET docs = 0")
    search_index.rebuild_search_index(db)
    assert_counts_exact(db)


@pytest.mark.parametrize("filled", [False, True])
def test_a_library_from_before_them_gets_them_by_migration(library_path, filled):
    db = open_library(library_path)
    if filled:
        import_paths(db, [SAMPLE])
    db.close()
    conn = sqlite3.connect(library_path)
    conn.execute("DROP TABLE search_pair_counts")
    conn.execute("DELETE FROM dubao_meta WHERE key = 'pair_counts'")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm018_search_pair_counts'")
    conn.commit()
    conn.close()
    db = open_library(library_path)
    try:
        # An index made before: stale (counted by the next large import); an empty one: valid.
        assert search_index.pair_counts_valid(db.conn) is not filled
        assert search_index.pair_counts_stale(db.conn) is filled
        for term in TERMS:
            assert run_query(db, term).total == len(brute_force(db, term)), term
    finally:
        db.close()


def test_a_final_merge_that_fails_leaves_them_stale(db):
    import_paths(db, [SAMPLE, QINGXI / "qingxi-2023-03-08-p1.md"])
    with write_transaction(db):
        search_index.leave_pair_counts_stale(db)

    def full_disk() -> None:
        raise sqlite3.OperationalError("database or disk is full")
    with pytest.raises(sqlite3.OperationalError):
        search_index.recount_pairs(db, alongside=full_disk)
    assert search_index.pair_counts_stale(db.conn)
    assert search_index.pair_counts(db, ["工会"]) is None


def test_a_recovered_library_counts_them_afresh(db, library_path, tmp_path):
    # The recovery rebuilds the index inside its own transaction: the census reads there.
    from reader.store.recover import recover_library

    import_paths(db, [SAMPLE, QINGXI / "qingxi-2023-03-08-p1.md"])
    db.close()
    recover_library(library_path, tmp_path / "recovered.db")
    recovered = open_library(tmp_path / "recovered.db")
    try:
        assert stored_counts(recovered)
        assert_counts_exact(recovered)
    finally:
        recovered.close()


def test_a_rebuild_of_an_empty_index_does_not_vouch_for_another_process_s_import(db, library_path, monkeypatch):
    # The rebuild found nothing to index; before its last transaction another process
    # imported pages (their pair counts not written: stale). The empty count table must not
    # then be declared valid.
    from reader.store import writer

    real = writer.write_transaction
    calls = []

    def then_another_imports(database, **kwargs):
        calls.append(1)
        if len(calls) == 2:  # the rebuild's last transaction (its first made the tables)
            other = open_library(library_path)
            try:
                import_paths(other, [SAMPLE])
            finally:
                other.close()
        return real(database, **kwargs)
    monkeypatch.setattr(writer, "write_transaction", then_another_imports)
    search_index.rebuild_search_index(db)
    monkeypatch.setattr(writer, "write_transaction", real)
    for term in TERMS:
        assert run_query(db, term).total == len(brute_force(db, term)), term


def test_a_stale_state_never_comes_back_to_a_census_s_snapshot(db):
    # Between a census and its writing, the counts may be recounted elsewhere and go stale
    # again with as many writes: the state must differ all the same.
    import_paths(db, [SAMPLE])
    states = set()
    for _ in range(3):
        with write_transaction(db):
            search_index.leave_pair_counts_stale(db)
        states.add(search_index._pair_state(db.conn))
        assert search_index.recount_pairs(db)
    assert len(states) == 3


def test_a_large_import_whose_recount_cannot_write_still_succeeds(db, tmp_path, monkeypatch):
    # The files are committed: a library busy at the very end costs only the counts.
    from reader.store.writer import WriteBusyError

    monkeypatch.setattr(importer, "OPTIMIZE_AFTER_FILES", 3)

    def busy(database, census):
        raise WriteBusyError("the library is busy")
    monkeypatch.setattr(search_index, "_write_census", busy)
    report = import_paths(db, [SAMPLE, *make_issue_pages(tmp_path / "pages", 4)])
    assert not report.failed and report.committed == 5
    assert search_index.pair_counts_stale(db.conn)
    for term in TERMS:
        assert run_query(db, term).total == len(brute_force(db, term)), term
