"""Rebuilding the search index (a library made by another tokenizer version) goes batch by
batch: stopped or interrupted half-way, it keeps what it did, nothing searches the half
index meanwhile, and the next rebuild finishes from there with an index equal to one built
in one go."""
from __future__ import annotations

import pytest
from helpers.paths import QINGXI, SAMPLE
from test_search import brute_force
from test_search_counts import check

from reader.store import identity, search_index
from reader.store.importer import import_paths
from reader.store.reindex import needs_reindex, reindex
from reader.store.search import SearchIndexError, run_query
from reader.store.writer import write_transaction

QUERIES = ["记者", "消防", "工", "数字化改革", "RCEP", "工会 -消防"]


@pytest.fixture
def stale_db(db):
    import_paths(db, [SAMPLE, QINGXI / "qingxi-2023-03-08-p1.md", QINGXI / "qingxi-2023-03-08-p2.md"])
    with write_transaction(db):
        identity.set_meta(db, "tokenizer_version", "0")  # as made by an older tokenizer
    assert needs_reindex(db)
    return db


def _indexed(db) -> set:
    return {row[0] for row in db.execute("SELECT coalesce(article_id, page_id) FROM search_docs")}


def test_a_stopped_rebuild_keeps_its_batches_and_the_next_one_finishes(stale_db, monkeypatch):
    db = stale_db
    batches = []
    assert search_index.rebuild_search_index(
        db, batch=3, progress=lambda done, total: batches.append(done), stop=lambda: len(batches) >= 2) is False
    assert batches == [3, 6]
    first = _indexed(db)
    assert len(first) == 6
    assert needs_reindex(db)
    with pytest.raises(SearchIndexError, match="half rebuilt"):
        run_query(db, "记者")  # never a partial answer

    indexed_again = []
    real = search_index.index_articles
    monkeypatch.setattr(search_index, "index_articles",
                        lambda database, ids: (indexed_again.extend(ids), real(database, ids)))
    assert reindex(db) is True
    assert not set(indexed_again) & first  # what the first run did is not done again
    assert not needs_reindex(db)
    check(db)
    for query in QUERIES:
        results = run_query(db, query)
        assert {h.id for h in results.page(0, 1000)} == brute_force(db, query)


def test_an_interrupted_rebuild_continues_where_it_stopped(stale_db):
    db = stale_db

    def interrupt(done, total):
        if done >= 4:
            raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        search_index.rebuild_search_index(db, batch=2, progress=interrupt)
    assert not db.conn.in_transaction
    assert len(_indexed(db)) == 4  # two whole batches, committed
    assert reindex(db) is True
    check(db)
    for query in QUERIES:
        assert run_query(db, query).total == len(brute_force(db, query))


def test_a_rebuild_for_another_version_starts_afresh(stale_db, monkeypatch):
    db = stale_db
    search_index.rebuild_search_index(db, batch=3, stop=lambda: bool(_indexed(db)))
    assert _indexed(db)
    # A newer version (other tokens) must not take on the half-made index of this one.
    monkeypatch.setattr(search_index, "TOKENIZER_VERSION", search_index.TOKENIZER_VERSION + 1)
    indexed = []
    real = search_index.index_articles
    monkeypatch.setattr(search_index, "index_articles",
                        lambda database, ids: (indexed.extend(ids), real(database, ids)))
    assert reindex(db) is True
    assert len(indexed) == db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    check(db)
