"""One article text: the pane, search, annotations and the PDF read the same string, and
its spans name the part each offset belongs to."""
from __future__ import annotations

import pytest
from helpers.paths import DATA, QINGXI, SAMPLE

from reader.store.importer import import_paths
from reader.store.reading import get_article, list_articles
from reader.store.text import article_text, article_texts


@pytest.fixture
def many_db(db):
    report = import_paths(db, [SAMPLE, QINGXI, DATA / "pages"])
    assert not report.failed
    return db


def test_bulk_text_is_the_text_of_each_article(many_db):
    ids = [row["id"] for row in list_articles(many_db)]
    bulk = article_texts(many_db, ids)
    assert set(bulk) == set(ids)
    for article_id in ids:
        one = article_text(many_db, article_id)
        assert bulk[article_id] == one.text == get_article(many_db, article_id).text()


def test_captions_stand_where_the_layout_puts_them(many_db):
    """The bulk text once put every caption after the last paragraph, while the pane put
    it where the page did: search confirmed on one text while annotations anchored on
    another."""
    checked = 0
    for row in list_articles(many_db):
        article = get_article(many_db, row["id"])
        kinds = [kind for kind, _ in article.layout]
        if "c" in kinds and "p" in kinds[kinds.index("c"):]:
            text = article_texts(many_db, [article.id])[article.id]
            caption = next(s for s in article_text(many_db, article.id).spans if s.kind == "caption")
            assert text[caption.start:caption.end] in text.split("\n")[1:-1]
            assert text == article.text()
            checked += 1
    assert checked, "no article with a caption before a paragraph among the test pages"


def test_spans_name_every_part(many_db):
    for row in list_articles(many_db):
        article = get_article(many_db, row["id"])
        text = article_text(many_db, article.id)
        assert text.spans[0].kind == "headline"
        assert text.text[text.spans[0].start:text.spans[0].end] == article.headline
        paragraphs = [s for s in text.spans if s.block == "paragraph"]
        assert [text.text[s.start:s.end] for s in paragraphs] == \
            [article.paragraphs[i] for kind, i in article.layout if kind == "p"]
        assert [s.index for s in paragraphs] == [i for kind, i in article.layout if kind == "p"]
        if article.byline:
            byline = text.block("byline")
            assert text.text[byline.start:byline.end] == article.byline
        for span in text.spans:
            assert text.span_at(span.start) == span


def test_a_story_split_by_a_jump_is_one_text(qingxi_db):
    stories = [row for row in list_articles(qingxi_db) if len(row["pages"]) > 1]
    assert stories
    for row in stories:
        assert article_texts(qingxi_db, [row["id"]])[row["id"]] == article_text(qingxi_db, row["id"]).text


def test_unknown_ids(many_db):
    assert article_text(many_db, "no-such-article") is None
    assert article_texts(many_db, ["no-such-article"]) == {}
