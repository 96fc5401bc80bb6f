"""Exports of corrected articles: the PDF's text layer and the Markdown carry the corrected
words, and the PDF's footer says the text was corrected."""
from __future__ import annotations

from pypdf import PdfReader

from reader.export.annotation_formats import export_markdown
from reader.export.pdf import CORRECTED_NOTE, export_articles_pdf
from reader.store import annotations as notes
from reader.store import corrections as fixes
from reader.store.reading import list_articles


def squash(text: str) -> str:
    return "".join(text.split())


def test_pdf_text_layer_carries_the_corrected_words(sample_db, tmp_path):
    first, second = [a["id"] for a in list_articles(sample_db)[:2]]
    fixes.correct(sample_db, first, "吕志良主持", "吕志亮主持")
    fixes.correct(sample_db, first, "推进会强调", "推进会特别强调")
    output = tmp_path / "corrected.pdf"
    export_articles_pdf(sample_db, [first, second], output)
    reader = PdfReader(output)
    pages = [squash(page.extract_text()) for page in reader.pages]
    text = "".join(pages)
    assert "吕志亮主持" in text and "吕志良主持" not in text
    assert "推进会特别强调" in text
    note = squash(CORRECTED_NOTE.format(count=2))
    first_pages = [p for p in pages if note in p]
    assert first_pages and len(first_pages) < len(pages)  # only the corrected article's pages say so
    assert reader.outline[0].title.startswith("全省工会数字化改革推进会特别强调")


def test_markdown_uses_the_corrected_text(sample_db):
    article_id = list_articles(sample_db)[0]["id"]
    notes.create_annotation(sample_db, article_id, "吕志良主持会议", note="主持人")
    fixes.correct(sample_db, article_id, "吕志良主持", "吕志亮主持")
    fixes.correct(sample_db, article_id, "推进会强调", "推进会特别强调")
    markdown = export_markdown(sample_db)
    assert "## 全省工会数字化改革推进会特别强调" in markdown
    assert "> 吕志亮主持会议" in markdown and "> 吕志良主持会议" not in markdown
    assert "*(text corrected in 2 places;" in markdown
    assert "*(the highlighted words were since corrected)*" in markdown
