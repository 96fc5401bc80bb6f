"""The Corrections panel's list, read a page at a time newest first and filtered in SQL
(corrections.corrections_page / corrections_summary): the same rows as reading them all."""
from __future__ import annotations

from helpers.corrections_rows import add_correction_rows

from reader.store.corrections import corrections_page, corrections_summary
from reader.store.normalize import normalize
from reader.store.reading import list_articles


def _all_pages(db, **filters) -> list:
    out, offset = [], 0
    while True:
        page = corrections_page(db, limit=50, offset=offset, **filters)
        out += page
        if len(page) < 50:
            return out
        offset += 50


def test_pages_are_every_correction_newest_first_with_headlines(sample_db):
    articles = {a["id"]: a["headline"] for a in list_articles(sample_db)}
    rows = add_correction_rows(sample_db, list(articles), 237)
    listed = _all_pages(sample_db)
    assert [c.id for c, _ in listed] == [r["id"] for r in sorted(
        rows, key=lambda r: (r["created_at"], rows.index(r)), reverse=True)]
    assert all(headline == articles.get(c.article_id) for c, headline in listed)
    assert corrections_summary(sample_db) == (len(rows), sum(r["status"] == "conflict" for r in rows))


def test_filters_by_article_and_by_text_as_before(sample_db):
    articles = {a["id"]: a["headline"] for a in list_articles(sample_db)}
    rows = add_correction_rows(sample_db, list(articles), 120)
    first = next(iter(articles))
    mine = _all_pages(sample_db, article_id=first)
    assert {c.id for c, _ in mine} == {r["id"] for r in rows if r["article_id"] == first}
    for text in ("人名", "新1", "ann", "Ａnn", articles[first][:4], "nothing like it"):
        def holds(r, text=text):
            haystack = " ".join(x or "" for x in (r["original"], r["replacement"], r["note"], r["editor"],
                                                  articles.get(r["article_id"])))
            return normalize(text) in normalize(haystack)
        expected = {r["id"] for r in rows if holds(r)}
        assert {c.id for c, _ in _all_pages(sample_db, text=text)} == expected, text
        assert corrections_summary(sample_db, text=text)[0] == len(expected)


def test_a_page_is_an_index_range_not_a_sort_of_every_correction(sample_db):
    plan = " ".join(row[3] for row in sample_db.execute(
        """EXPLAIN QUERY PLAN SELECT corrections.* FROM corrections LEFT JOIN articles
           ON articles.id = corrections.article_id
           ORDER BY corrections.created_at DESC, corrections.rowid DESC LIMIT 50"""))
    assert "corrections_created" in plan and "TEMP B-TREE" not in plan
