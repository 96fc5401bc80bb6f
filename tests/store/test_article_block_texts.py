"""The lines search indexes and cuts snippets from are the article's text as the reader
assembles it: one part or several, corrected or as imported."""
from __future__ import annotations

from helpers.paths import DATA, QINGXI, SAMPLE

from reader.store.corrections import correct
from reader.store.importer import import_paths
from reader.store.reading import get_article, list_articles
from reader.store.text import article_block_texts, article_blocks


def test_block_texts_are_the_assembled_articles_lines(db):
    report = import_paths(db, [SAMPLE, QINGXI / "qingxi-2023-03-08-p1.md", QINGXI / "qingxi-2023-03-08-p2.md",
                               DATA / "pages"])
    assert not report.failed
    ids = [a["id"] for a in list_articles(db)]
    several = [i for i in ids if len(get_article(db, i).pages) > 1]
    assert several  # a story jumped to another page: two parts
    single = next(i for i in ids if i not in several)
    for target in (several[0], single):
        article = get_article(db, target)
        correct(db, target, article.paragraphs[0][:4], "改正文字", occurrence=1)
    for original in (False, True):
        expected = {i: "\n".join(block[3] for block in article_blocks(get_article(db, i, original=original))
                                 ).split("\n") for i in ids}
        assert article_block_texts(db, ids, original=original) == expected
    assert "改正文字" in "".join(article_block_texts(db, [single])[single])
    assert "改正文字" not in "".join(article_block_texts(db, [single], original=True)[single])
