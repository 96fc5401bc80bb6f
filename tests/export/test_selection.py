"""Which articles an export takes."""
from __future__ import annotations

from reader.export.selection import select_articles
from reader.store.search import run_query


def test_search_selection_takes_articles_not_page_notes(sample_db):
    # 工会 is also in the sample page's notes (a photo credit): the notes are a search hit
    # but not an article, and an export of the query must not stop at them.
    results = run_query(sample_db, "工会")
    hits = results.page(0, results.total, snippets=False)
    assert any(hit.kind == "notes" for hit in hits)
    chosen = select_articles(sample_db, query="工会")
    assert chosen == [hit.id for hit in hits if hit.kind == "article"]
    assert chosen and not any(i.startswith("notes:") for i in chosen)
