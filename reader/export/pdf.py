"""Articles → one PDF (QtGui only, so the CLI can export without widgets).

Each article starts on a new page, typeset as in the reader (the shared typesetter) in
the bundled Dubao Serif SC, whose cmap has no Kangxi radicals — so the text layer extracts
as the article's true characters. A running footer carries the citation and the page
number. Qt writes no outline, so pypdf adds one entry per article and the document's
author and subject; the file appears at the output path only when complete.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from sqlite_utils import Database

from ..store.annotations import list_annotations
from ..store.reading import get_article
from .citation import gbt7714
from .output_file import OutputError, output_target, replace_atomically, temporary_beside

PAPER_SIZES = ("a4", "letter")
RESOLUTION = 288  # device pixels per inch for layout; the output is vector
MARGIN_MM = 20
FOOTER_MM = 9
BODY_POINTS = 10.5
MAX_AUTHORS = 10
CORRECTED_NOTE = "文字经校正{count}处"


class PdfExportError(RuntimeError):
    """The export cannot be done; str() is the one-line reason."""


def ensure_gui_application():
    """A QGuiApplication for fonts and painting; offscreen when there is no display."""
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is None:
        if not os.environ.get("QT_QPA_PLATFORM") and not os.environ.get("DISPLAY") \
                and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        app = QGuiApplication([])
    from ..fonts import load_bundled_fonts

    load_bundled_fonts()
    return app


def _output_target(output: Path) -> Path:
    """The file to write (the rules of every export's `-o`, output_file.py)."""
    try:
        return output_target(output)
    except OutputError as exc:
        raise PdfExportError(str(exc)) from None


def export_articles_pdf(db: Database, article_ids: list[str], output: str | os.PathLike, *,
                        paper: str = "a4", with_annotations: bool = False, with_clippings: bool = False,
                        progress: Callable[[int, int, str], None] | None = None,
                        should_cancel: Callable[[], bool] | None = None) -> int:
    """Write the articles to OUTPUT; return how many. Raises PdfExportError."""
    output = Path(output)
    if not article_ids:
        raise PdfExportError("no articles selected")
    if paper not in PAPER_SIZES:
        raise PdfExportError(f"unknown paper size {paper!r} (choose a4 or letter)")
    target = _output_target(output)
    articles = []
    for article_id in article_ids:
        article = get_article(db, article_id)
        if article is None:
            raise PdfExportError(f"no article with id {article_id!r}")
        articles.append(article)
    notes = {a.id: [n for n in list_annotations(db, article_id=a.id) if not n.orphaned] for a in articles} \
        if with_annotations else {}

    ensure_gui_application()
    clippings = {}
    if with_clippings:  # each article's clipping from its page scan, before its text
        from .clippings import article_clippings

        clippings = {a.id: article_clippings(db, a.id) for a in articles}
    try:  # (a folder that cannot be written, whatever its mode says — /proc — fails here)
        with temporary_beside(target, ".pdf") as raw, temporary_beside(target, ".pdf") as final:
            starts = _render(articles, str(raw), paper, notes, progress, should_cancel, clippings)
            if should_cancel is not None and should_cancel():
                raise PdfExportError("export cancelled")
            _add_outline_and_metadata(str(raw), str(final), articles, starts)
            replace_atomically(final, target)
    except OSError as exc:
        raise PdfExportError(f"{output}: {exc.strerror or exc}") from None
    return len(articles)


def _render(articles, path: str, paper: str, notes: dict, progress, should_cancel,
            clippings: dict | None = None) -> list[int]:
    from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
    from PySide6.QtGui import (
        QAbstractTextDocumentLayout,
        QColor,
        QFont,
        QPageLayout,
        QPageSize,
        QPainter,
        QPdfWriter,
        QTextDocument,
    )

    from ..fonts import SERIF_FAMILY
    from .typeset import ArticleTypesetter, Inks, Labels, image_resolver

    PRINT_LABELS = Labels(page="第{pages}版", continued_here="（以下为第{page}版）",
                          continued_elsewhere="（下转第{page}版，该版不在库中）", image_missing="［图片缺失：{path}］",
                          links="链接")

    writer = QPdfWriter(path)
    writer.setResolution(RESOLUTION)
    size = QPageSize(QPageSize.PageSizeId.A4 if paper == "a4" else QPageSize.PageSizeId.Letter)
    writer.setPageLayout(QPageLayout(size, QPageLayout.Orientation.Portrait,
                                     QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM + FOOTER_MM),
                                     QPageLayout.Unit.Millimeter))
    writer.setTitle(articles[0].headline if len(articles) == 1 else f"Dubao — {len(articles)} articles")
    writer.setCreator("Dubao")
    page_rect = writer.pageLayout().paintRectPixels(RESOLUTION)
    width, height = page_rect.width(), page_rect.height()
    px_per_point = RESOLUTION / 72

    documents = []
    typesetter = ArticleTypesetter(BODY_POINTS, Inks(), PRINT_LABELS, px_per_point=px_per_point, line_gap=0.4)
    for number, article in enumerate(articles):
        document = QTextDocument()
        document.documentLayout().setPaintDevice(writer)
        document.setDocumentMargin(0)
        document.setPageSize(QSizeF(width, height))
        segments = typesetter.typeset(document, article, image_resolver(document, article, int(width)))
        _mark_annotations(document, segments, notes.get(article.id, []), typesetter)
        if clippings and clippings.get(article.id):
            from .clippings import prepend_clippings

            prepend_clippings(document, clippings[article.id], width, height)
        split_paragraphs_at_page_breaks(document, height)
        documents.append(document)
        if progress is not None:
            progress(number + 1, len(articles) * 2, article.headline)
    page_counts = [max(1, d.pageCount()) for d in documents]
    total_pages = sum(page_counts)

    footer_font = QFont(SERIF_FAMILY)
    footer_font.setFamilies([SERIF_FAMILY])
    footer_font.setPointSizeF(7.5)
    starts: list[int] = []
    painter = QPainter()
    if not painter.begin(writer):
        raise PdfExportError(f"{path}: cannot write the PDF")
    try:
        page_no = 0
        footer_top = height + 8 * px_per_point
        for number, (article, document, pages) in enumerate(zip(articles, documents, page_counts)):
            if should_cancel is not None and should_cancel():
                break
            starts.append(page_no)
            citation = gbt7714(article)
            for page in range(pages):
                if page_no:
                    writer.newPage()
                painter.save()
                painter.translate(0, -page * height)
                painter.setClipRect(QRectF(0, page * height, width, height))
                context = QAbstractTextDocumentLayout.PaintContext()
                context.clip = QRectF(0, page * height, width, height)
                document.documentLayout().draw(painter, context)
                painter.restore()
                painter.setFont(footer_font)
                painter.setPen(QColor("#6b6b66"))
                footer = QRectF(0, footer_top, width, 12 * px_per_point)
                painter.drawText(footer, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                                 _elide(citation, 64 if article.applied else 80))
                page_label = f"{page_no + 1} / {total_pages}"
                if article.applied:  # the archivist's corrections: say so (the original is kept)
                    page_label = CORRECTED_NOTE.format(count=len(article.applied)) + "  " + page_label
                painter.drawText(footer, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                                 page_label)
                page_no += 1
            if progress is not None:
                progress(len(articles) + number + 1, len(articles) * 2, article.headline)
    finally:
        painter.end()
    return starts


def split_paragraphs_at_page_breaks(document, page_height: float, max_rounds: int = 200) -> None:
    """Cut every paragraph that runs over a page break into two blocks at the break.

    Qt draws a page by clipping the whole document to it, and for a paragraph that crosses
    the page's top it also draws the line just above the clip: invisible, but present in
    the PDF's text, so the text layer would repeat a line at every page break. With no
    paragraph crossing a break, each page holds exactly its own lines.
    """
    from PySide6.QtGui import QTextCursor

    for _ in range(max_rounds):
        document.documentLayout().documentSize()  # lay out
        block, split = document.begin(), False
        while block.isValid() and not split:
            layout = block.layout()
            if layout is not None and layout.lineCount() > 1 and QTextCursor(block).currentTable() is None:
                top = layout.position().y()
                for i in range(1, layout.lineCount()):
                    previous, line = layout.lineAt(i - 1), layout.lineAt(i)
                    if int((top + line.y()) // page_height) != int((top + previous.y()) // page_height):
                        cursor = QTextCursor(block)
                        cursor.setPosition(block.position() + line.textStart())
                        continuation = block.blockFormat()
                        continuation.setTextIndent(0)
                        continuation.setTopMargin(0)
                        cursor.insertBlock(continuation, cursor.charFormat())
                        split = True
                        break
            block = block.next()
        if not split:
            return


def _elide(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _mark_annotations(document, segments, annotations, typesetter) -> None:
    """The user's highlights as coloured backgrounds, and their notes after the article."""
    if not annotations:
        return
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor

    from .typeset import HIGHLIGHT_BACKGROUNDS, document_ranges

    for annotation in annotations:
        for doc_start, doc_end in document_ranges(segments, annotation.start, annotation.end):
            cursor = QTextCursor(document)
            cursor.setPosition(doc_start)
            cursor.setPosition(doc_end, QTextCursor.MoveMode.KeepAnchor)
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(HIGHLIGHT_BACKGROUNDS.get(annotation.color, HIGHLIGHT_BACKGROUNDS["yellow"])))
            cursor.mergeCharFormat(fmt)
    cursor = QTextCursor(document)
    cursor.movePosition(QTextCursor.MoveOperation.End)
    cursor.insertBlock(typesetter.block(align=Qt.AlignmentFlag.AlignLeft, top=14, bottom=4))
    cursor.insertText("批注 Notes", typesetter.char(0.9, bold=True))
    for annotation in annotations:
        cursor.insertBlock(typesetter.block(align=Qt.AlignmentFlag.AlignLeft, bottom=4))
        line = f"“{' '.join(annotation.exact.split())}”"
        if annotation.note:
            line += f" — {annotation.note}"
        if annotation.tags:
            line += "  " + " ".join(f"#{t}" for t in annotation.tags)
        cursor.insertText(line, typesetter.char(0.8, color=typesetter.inks.muted))


def _add_outline_and_metadata(source: str, target: str, articles, starts: list[int]) -> None:
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(source)
    writer = PdfWriter(clone_from=reader)
    for article, start in zip(articles, starts):
        title = " ".join(article.headline.split())
        writer.add_outline_item(title=title, page_number=start)
    authors = []
    for article in articles:
        authors += [r for r in article.reporters if r not in authors]
    publications = list(dict.fromkeys(a.publication for a in articles))
    writer.add_metadata({
        "/Title": articles[0].headline if len(articles) == 1 else f"{len(articles)} articles — " + "、".join(publications),
        "/Author": ("、".join(authors[:MAX_AUTHORS]) + ("等" if len(authors) > MAX_AUTHORS else ""))
        or "、".join(publications),
        "/Subject": "; ".join(gbt7714(a) for a in articles[:20]),
        "/Creator": "Dubao",
        "/Producer": "Dubao (Qt, pypdf)",
    })
    writer.page_mode = "/UseOutlines"
    with open(target, "wb") as handle:
        writer.write(handle)
