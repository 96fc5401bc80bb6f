"""Subheads are typeset as subheads (own line, bold, not indented) in the pane and the PDF;
links are shown as plain text; no markup reaches the PDF's text layer."""
from __future__ import annotations

from pypdf import PdfReader
from PySide6.QtGui import QTextDocument

from reader.export.pdf import export_articles_pdf
from reader.export.typeset import ArticleTypesetter
from reader.store.importer import import_paths
from reader.store.reading import get_article, list_articles

PAGE = """# 某报
2025年3月1日
第1版 要闻

## 标题一篇

<p>本报讯 第一段<strong>正文</strong>，说明了情况。</p>

**突出政治监督**

第二段正文，继续说明情况。[原文](https://example.com/x)
"""


def stored(db, tmp_path):
    path = tmp_path / "page.md"
    path.write_text(PAGE, encoding="utf-8")
    assert not import_paths(db, [path]).failed
    return get_article(db, list_articles(db)[0]["id"])


def test_pane_typesets_subheads_as_subheads(db, tmp_path, qapp):
    article = stored(db, tmp_path)
    assert article.subheads == [1]
    document = QTextDocument()
    ArticleTypesetter(12).typeset(document, article)
    blocks = {}
    block = document.begin()
    while block.isValid():
        blocks[block.text()] = block
        block = block.next()
    subhead, body = blocks["突出政治监督"], blocks["第二段正文，继续说明情况。原文"]
    assert subhead.charFormat().font().bold() or subhead.begin().fragment().charFormat().font().bold()
    assert subhead.blockFormat().textIndent() == 0 < body.blockFormat().textIndent()
    assert "https://example.com/x" in blocks  # the link, as plain text of its own


def test_pdf_text_layer_has_no_markup(db, tmp_path):
    article = stored(db, tmp_path)
    output = tmp_path / "out.pdf"
    export_articles_pdf(db, [article.id], output)
    text = "".join(page.extract_text() for page in PdfReader(output).pages)
    squashed = "".join(text.split())
    assert "突出政治监督" in squashed and "第一段正文，说明了情况。" in squashed
    for markup in ("**", "<p>", "<strong>", "](", "&nbsp;"):
        assert markup not in text
