"""Queries mixing one-character terms (search_chars) with longer ones (search_fts): exact
against a brute-force scan in every shape of the compound, and answered by merging the
MATCHes' results in row id order, never through a temporary index of a million rows."""
from __future__ import annotations

import pytest
from test_search import brute_force
from test_search_language import make_library

from reader.store.query import parse
from reader.store.search import WHOLE_LIBRARY, _Expressions, run_query

SHAPES = ["工 消防", "消防 工", "工 OR 消防", "工 OR 消防 的", "的 工 OR 消防", "工 OR 消防 的 OR 发展",
          "消防 -工", "消防 -工 -的", "工 OR 消防 -的", "发展 -工 OR 消防", "的 发展 工会 -热线 -宪"]


@pytest.fixture(scope="module")
def mixed_db(tmp_path_factory):
    from reader.store import open_library

    folder = tmp_path_factory.mktemp("mixed")
    database = open_library(folder / "library.db")
    make_library(database, folder / "pages", 80, 5)
    yield database
    database.close()


@pytest.mark.parametrize("query", SHAPES)
def test_every_shape_is_exact(mixed_db, query):
    results = run_query(mixed_db, query)
    expected = brute_force(mixed_db, query)
    found = [h.id for h in results.page(0, 1000, snippets=False)]
    assert set(found) == expected and len(found) == results.total == len(expected), query


@pytest.mark.parametrize("query", [q for q in SHAPES if q != "工 OR 消防 的 OR 发展"])
def test_the_compound_is_merged_in_row_id_order(mixed_db, query):
    sql, params = _Expressions(parse(query), exact_script=False, original=False,
                               publication_id=None).select(WHOLE_LIBRARY)
    plan = " / ".join(row[3] for row in mixed_db.conn.execute("EXPLAIN QUERY PLAN " + sql, params))
    assert "MERGE" in plan and "TEMP B-TREE" not in plan, plan
