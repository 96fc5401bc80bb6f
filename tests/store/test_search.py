"""Search: exact substring semantics at every query length, ranking, filters, any input."""
from __future__ import annotations

import random

import pytest
from helpers.pages import make_issue_pages
from helpers.paths import QINGXI, SAMPLE

from reader.store import script_variants
from reader.store.importer import import_paths
from reader.store.normalize import normalize
from reader.store.query import parse
from reader.store.reading import get_article, list_articles
from reader.store.search import QueryError, run_query, search
from reader.store.search_index import notes_blocks


@pytest.fixture
def full_db(db):
    import_paths(db, [SAMPLE, QINGXI / "qingxi-2023-03-08-p1.md", QINGXI / "qingxi-2023-03-08-p2.md"])
    return db


def documents(db) -> dict[str, list[str]]:
    """Every searchable document: each article's blocks, and each page's notes."""
    docs = {row["id"]: [text for _, text in get_article(db, row["id"]).blocks()] for row in list_articles(db)}
    for page_id, extras in db.execute("SELECT id, extras FROM pages"):
        if notes_blocks(extras):
            docs[f"notes:{page_id}"] = notes_blocks(extras)
    return docs


def brute_force(db, query: str, *, exact_script: bool = False) -> set[str]:
    """The definition: documents with, in some block of their normalised text, a term of
    every group and no excluded term (simplified and traditional forms folded unless
    EXACT_SCRIPT)."""
    parsed = parse(query)
    fold = (lambda text: text) if exact_script else script_variants.fold

    def has(blocks: list[str], term: str) -> bool:
        return any(fold(term) in block for block in blocks)

    out = set()
    for doc, blocks in documents(db).items():
        norm = [fold(normalize(text)) for text in blocks]
        if parsed.groups and all(any(has(norm, t) for t in group) for group in parsed.groups) \
                and not any(has(norm, t) for t in parsed.excluded):
            out.add(doc)
    return out


@pytest.mark.parametrize("query", ["工", "会", "工会", "消防", "疫情", "改革", "数字化", "数字化改革",
                                   "RCEP", "rcep", "RCEP原产地证书", "5600", "3.3%", "2022", "“", "%",
                                   "工会 消防", '"新区 产业"', "新区 产业", "记者", "摄", "zzz", "工 会",
                                   "工会 OR 消防", "工会 -消防", "工会 NOT 消防", "RCEP OR zzz 记者",
                                   "记者 -摄 -RCEP", "热线", "订阅", "-工会", "OR", "工会 OR", "NOT",
                                   # one-character terms (search_chars) with longer ones (search_fts)
                                   "工 消防", "消防 OR 工", "工 -消防", "会 -工会", "工 OR 消防 记者 -摄"])
def test_results_are_exactly_the_documents_containing_the_terms(full_db, query):
    results = run_query(full_db, query)
    found = {hit.id for hit in results.page(0, 1000)}
    assert found == brute_force(full_db, query)
    assert results.total == len(found)


def test_random_substrings_are_always_found(full_db):
    rng = random.Random(7)
    articles = [get_article(full_db, a["id"]) for a in list_articles(full_db)]
    for _ in range(150):
        article = rng.choice(articles)
        text = rng.choice(article.paragraphs or [article.headline])
        length = rng.choice([1, 2, 3, 5, 8])
        start = rng.randrange(0, max(1, len(text) - length))
        query = text[start:start + length].replace('"', "")
        if not query.strip():
            continue
        found = {hit.id for hit in search(full_db, f'"{query}"', limit=1000)}
        assert article.id in found, query
        assert found == brute_force(full_db, f'"{query}"')


def test_spaces_in_article_text_do_not_break_a_match(db, tmp_path):
    page = tmp_path / "ocr.md"
    page.write_text("## 标题\n\n全省工 会数字化改革推进 会召开, 5 G 网络 and New  York.\n", encoding="utf-8")
    import_paths(db, [page])
    assert len(search(db, "工会")) == 1
    assert len(search(db, "推进会")) == 1
    assert len(search(db, '"new york"')) == 1
    assert len(search(db, "newyork")) == 0  # a word boundary in Latin text stays one


def test_headline_hits_rank_first(full_db):
    hits = search(full_db, "消防")
    assert "消防" in hits[0].headline


def test_snippets_mark_the_match(full_db):
    (hit,) = search(full_db, "RCEP原产地证书")
    assert "«RCEP原产地证书»" in hit.snippet
    assert any(marked for _, marked in hit.snippet_parts)


def test_filters(full_db):
    for query in ("记者", "摄", "摄 记者"):  # pairs, characters, both
        hits = search(full_db, query, publication="青溪日报", limit=1000)
        assert {h.publication for h in hits} == {"青溪日报"}
        assert {h.id for h in hits} == {i for i in brute_force(full_db, query)
                                        if get_article(full_db, i).publication == "青溪日报"}
    assert search(full_db, "记者", publication="no such paper") == []
    assert {h.date for h in search(full_db, "记者", since="2023-01-01")} == {"2023-03-08"}
    assert {h.date for h in search(full_db, "摄", since="2023-01-01")} == {"2023-03-08"}
    early = run_query(full_db, "摄", until="2022-12-31")
    assert 0 < early.total == len(early.page(0, 100)) < run_query(full_db, "摄").total
    assert {h.date for h in search(full_db, "记者", until="2022-12-31")} == {"2022-06-17"}
    with pytest.raises(QueryError):
        search(full_db, "记者", since="last week")


@pytest.mark.parametrize("query", ['"', '""', "(", ")", "AND", "OR NOT", "NEAR(工会, 2)", "*", "-工会", "工会*",
                                   "'; DROP TABLE articles; --", "^", ":", "\\", "{}", "\x00", "工" * 500,
                                   "a" * 500, " ".join(["工会"] * 40), "\"unbalanced", "column:工会"])
def test_any_text_is_a_valid_query(full_db, query):
    hits = search(full_db, query)
    assert isinstance(hits, list)
    assert full_db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 9


def test_reimport_keeps_the_index_in_step(db, tmp_path):
    page = tmp_path / "p.md"
    page.write_text("## 标题一\n\n这里说的是消防。\n", encoding="utf-8")
    import_paths(db, [page])
    assert len(search(db, "消防")) == 1
    page.write_text("## 标题一\n\n这里说的是教育。\n", encoding="utf-8")
    import_paths(db, [page])
    assert search(db, "消防") == []
    assert len(search(db, "教育")) == 1


def test_many_issues_search_and_date_order(db, tmp_path):
    make_issue_pages(tmp_path / "p", 30)
    import_paths(db, [tmp_path / "p"])
    hits = search(db, "食堂", limit=100)
    assert len(hits) == 30
