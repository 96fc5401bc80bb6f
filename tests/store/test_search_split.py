"""A big query runs its statements in two halves at once (search_split.py): the results and
totals are still exactly the brute-force ones, and the halves never mix two states of the
library."""
from __future__ import annotations

import sqlite3

import pytest
from helpers.paths import QINGXI, SAMPLE
from test_search import brute_force

from reader.store import search, search_index, search_split
from reader.store.importer import import_paths
from reader.store.search import WHOLE_LIBRARY, run_query
from reader.store.search_open import open_for_reading
from reader.store.writer import write_transaction


@pytest.fixture
def split_db(db, monkeypatch):
    """A library of two issue dates whose every query is split (its pair counts stale, as
    after a killed import); `db.halves_run` counts the statements that ran in halves."""
    import_paths(db, [SAMPLE, QINGXI / "qingxi-2023-03-08-p1.md", QINGXI / "qingxi-2023-03-08-p2.md"])
    with write_transaction(db):  # a two-character term's total is FTS5's count, not a lookup
        search_index.leave_pair_counts_stale(db)
    monkeypatch.setattr(search, "SPLIT_MIN_MATCHES", 0)
    real = search_split.run_halves
    db.halves_run = 0

    def counting(database, bounds, statement):
        result = real(database, bounds, statement)
        if result is not None:
            db.halves_run += 1
        return result
    monkeypatch.setattr(search_split, "run_halves", counting)
    return db


@pytest.mark.parametrize("query", ["工会", "数字化改革", "RCEP", "记者", "工会 消防", "工会 OR 消防",
                                   "工会 -消防", "记者 -RCEP", "zzz"])
def test_split_queries_find_exactly_the_documents_holding_the_terms(split_db, query):
    results = run_query(split_db, query)
    found = {hit.id for hit in results.page(0, 1000)}
    assert found == brute_force(split_db, query)
    assert results.total == len(found)
    assert split_db.halves_run > 0


@pytest.mark.parametrize("query", ["工 消防", "消防 OR 工", "工 -消防", "会 -工会", "工 OR 消防 记者 -摄"])
def test_queries_over_both_tables_are_fetched_whole_and_exact(split_db, query):
    results = run_query(split_db, query)
    found = {hit.id for hit in results.page(0, 1000)}
    assert found == brute_force(split_db, query)
    assert results.total == len(found)
    assert split_db.halves_run == 0  # their one fetch ran slower in halves


def test_split_queries_keep_their_filters(split_db):
    for query in ("记者", "摄", "摄 记者"):
        early = run_query(split_db, query, until="2022-12-31")
        late = run_query(split_db, query, since="2023-01-01")
        every = run_query(split_db, query)
        assert early.total + late.total == every.total
        assert {h.date for h in early.page(0, 100)} == {"2022-06-17"}
        assert {h.date for h in late.page(0, 100)} == {"2023-03-08"}
    assert split_db.halves_run > 0


def test_the_search_command_connection_splits_too(split_db, library_path):
    reader = open_for_reading(library_path)
    try:
        results = run_query(reader, "记者")
        assert results.total == len(brute_force(split_db, "记者"))
        assert split_db.halves_run > 0
    finally:
        reader.close()


def _count(bounds):
    return "SELECT COUNT(*) FROM search_docs WHERE doc BETWEEN ? AND ?", list(bounds)


def test_halves_together_count_every_document(split_db):
    lower, upper = search_split.run_halves(split_db, WHOLE_LIBRARY, _count)
    total = split_db.execute("SELECT COUNT(*) FROM search_docs").fetchone()[0]
    assert lower[0][0] > 0 and upper[0][0] > 0
    assert lower[0][0] + upper[0][0] == total


def test_a_commit_between_the_halves_makes_the_query_run_whole(split_db, library_path):
    other = sqlite3.connect(library_path)
    other.execute("CREATE TABLE scratch_for_test (x)")
    other.commit()
    upper_half = search_split.halves(split_db, WHOLE_LIBRARY)[1]

    def commit_elsewhere() -> int:
        other.execute("INSERT INTO scratch_for_test VALUES (1)")
        other.commit()
        return 0

    split_db.conn.create_function("commit_elsewhere", 0, commit_elsewhere)

    def statement(bounds):
        sql, params = _count(bounds)
        if bounds == upper_half:  # runs on the caller's connection, while the helper counts
            sql = sql.replace("COUNT(*)", "COUNT(*) + commit_elsewhere()")
        return sql, params

    assert search_split.run_halves(split_db, WHOLE_LIBRARY, statement) is None
    assert search_split.run_halves(split_db, WHOLE_LIBRARY, _count) is not None
    other.close()


def test_a_caller_in_a_transaction_is_not_split(split_db):
    split_db.conn.execute("BEGIN")
    try:
        assert search_split.run_halves(split_db, WHOLE_LIBRARY, _count) is None
    finally:
        split_db.conn.rollback()


def test_no_helper_without_a_way_to_open_one(split_db, library_path):
    split_db.reader_uri = (library_path.parent / "elsewhere.db").as_uri() + "?mode=ro"
    search_split.close_helper(split_db)
    assert search_split.run_halves(split_db, WHOLE_LIBRARY, _count) is None
    results = run_query(split_db, "记者")  # runs whole, as exact
    assert results.total == len(brute_force(split_db, "记者"))


def test_a_statement_that_fails_in_halves_is_left_to_the_whole_run_to_report(split_db):
    def failing(bounds):
        return "SELECT COUNT(*) FROM search_docs WHERE no_such_column BETWEEN ? AND ?", list(bounds)
    assert search_split.run_halves(split_db, WHOLE_LIBRARY, failing) is None
    assert search_split.run_halves(split_db, WHOLE_LIBRARY, _count) is not None  # the helper still serves
