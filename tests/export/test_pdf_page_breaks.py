"""A paragraph is cut where it crosses a page break, and only there (a cut elsewhere is a
gap in the middle of a printed paragraph)."""
from __future__ import annotations

from helpers.paths import DATA, SAMPLE

from reader.export import pdf
from reader.export.pdf import export_articles_pdf
from reader.store.importer import import_paths
from reader.store.reading import list_articles


def test_paragraphs_are_cut_only_at_page_breaks(db, tmp_path, monkeypatch):
    """Each piece of a cut paragraph starts at the top of a page, as the page is finally
    laid out (pages of tests/data/print-layout were once cut two lines down)."""
    report = import_paths(db, [DATA / "print-layout", SAMPLE])
    assert not report.failed
    cuts: list[tuple[str, float]] = []
    real_split = pdf.split_paragraphs_at_page_breaks

    def split_and_measure(document, page_height, *args, **kwargs):
        real_split(document, page_height, *args, **kwargs)
        document.markContentsDirty(0, document.characterCount())  # laid out afresh, whole
        document.documentLayout().documentSize()
        block = document.begin()
        while block.isValid():
            if block.blockFormat().property(pdf.CONTINUED):
                first_line = block.layout().position().y() + block.layout().lineAt(0).y()
                cuts.append((block.text()[:12], first_line % page_height))
            block = block.next()
    monkeypatch.setattr(pdf, "split_paragraphs_at_page_breaks", split_and_measure)
    export_articles_pdf(db, [a["id"] for a in list_articles(db)], tmp_path / "out.pdf")
    assert cuts
    line = pdf.BODY_POINTS * pdf.RESOLUTION / 72  # one line of body text, in layout pixels
    assert [(text, round(offset)) for text, offset in cuts if offset >= line] == []
