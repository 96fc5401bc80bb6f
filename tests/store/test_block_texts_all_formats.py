"""The lines search reads (article_block_texts) are the assembled article's, for every article
of every input format: jumps across pages, corrected and as imported, and line breaks inside
a paragraph, a caption and a headline of a single-part article (the light path)."""
from __future__ import annotations

from helpers.paths import DATA, FIXTURES, QINGXI, SAMPLE

from reader.store.corrections import CorrectionError, correct
from reader.store.importer import import_paths
from reader.store.reading import get_article, list_articles
from reader.store.text import article_block_texts, article_blocks, article_texts


def assembled_lines(db, ids, original):
    return {i: "\n".join(b[3] for b in article_blocks(get_article(db, i, original=original))).split("\n")
            for i in ids}


def test_block_texts_of_every_format_are_the_assembled_lines(db):
    report = import_paths(db, [SAMPLE, QINGXI / "qingxi-2023-03-08-p1.md", QINGXI / "qingxi-2023-03-08-p2.md",
                               DATA / "pages", FIXTURES / "layout"])  # ../shared is required, never skipped
    assert not report.failed
    ids = [a["id"] for a in list_articles(db)]
    assert len(ids) > 40
    # Line breaks inside one block: the stored text may hold them (a paragraph, a caption, a
    # headline), and the index has always taken such a block as two lines.
    conn = db.conn
    paragraph = conn.execute("SELECT part_id, seq FROM paragraphs LIMIT 1 OFFSET 3").fetchone()
    conn.execute("UPDATE paragraphs SET text = '第一行\n第二行' || text WHERE part_id = ? AND seq = ?", paragraph)
    caption = conn.execute("SELECT part_id, seq FROM captions LIMIT 1").fetchone()
    assert caption is not None
    conn.execute("UPDATE captions SET text = '图\n说' WHERE part_id = ? AND seq = ?", caption)
    conn.execute("UPDATE article_parts SET headline = headline || '\n副题' WHERE id = (SELECT min(id) FROM article_parts)")
    conn.commit()
    corrected = 0
    for article_id in ids[::3]:
        article = get_article(db, article_id)
        if article.paragraphs and len(article.paragraphs[0]) > 4:
            try:
                correct(db, article_id, article.paragraphs[0][:3], "改正", occurrence=1)
                corrected += 1
            except CorrectionError:  # the same three characters earlier in the text
                pass
    assert corrected > 5
    for original in (False, True):
        got = article_block_texts(db, ids, original=original)
        expected = assembled_lines(db, ids, original)
        assert list(got) == ids
        assert [i for i in ids if got[i] != expected[i]] == []
        assert article_texts(db, ids, original=original) == {i: "\n".join(v) for i, v in expected.items()}
