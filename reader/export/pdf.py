"""Articles → one PDF (QtGui only, so the CLI can export without widgets).

Each article starts on a new page, typeset as in the reader (the shared typesetter) in
the bundled Dubao Serif SC, whose cmap has no Kangxi radicals — so the text layer extracts
as the article's true characters. A running footer carries the citation and the page
number. Qt writes no outline, so pikepdf adds one entry per article and the document's
author and subject; the file appears at the output path only when complete.
"""
from __future__ import annotations

import os
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlite_utils import Database

from ..store.annotations import list_annotations
from ..store.reading import get_article
from ..store.snapshot import read_snapshot
from .citation import gbt7714
from .output_file import OutputError, output_target, replace_atomically, temporary_beside

if TYPE_CHECKING:
    from ..store.assemble import StoredArticle

PAPER_SIZES = ("a4", "letter")
RESOLUTION = 288  # device pixels per inch for layout; the output is vector
MARGIN_MM = 20
FOOTER_MM = 9
BODY_POINTS = 10.5
MAX_AUTHORS = 10
CORRECTED_NOTE = "文字经校正{count}处"
# Typeset articles held from counting pages to printing (about 0.2 MB each); the rest are
# typeset again.
KEPT_DOCUMENTS = 500
# One PDF's articles at most: about two pages each. Peak memory grows with the pages (the
# writer's and qpdf's few KB a page): 9,598 articles, 18,500 pages took 353 MB; 19,381
# articles 556 MB (bench/results/pdf-*.json).
MAX_ARTICLES = 10_000
CONTINUED = 0x100000 + 1  # QTextFormat.UserProperty + 1: a block that continues a paragraph cut at a page break


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
    """Write the articles to OUTPUT; return how many. Raises PdfExportError.

    Memory stays bounded however many articles: the articles are typeset once to count
    their pages (the footers say "page of pages"), and only the first KEPT_DOCUMENTS are
    kept for printing; the others are typeset again as they are printed. Both passes read
    one snapshot of the library, so a change made meanwhile cannot move a page."""
    output = Path(output)
    if not article_ids:
        raise PdfExportError("no articles selected")
    if len(article_ids) > MAX_ARTICLES:
        raise PdfExportError(f"{len(article_ids):,} articles selected; one PDF takes at most {MAX_ARTICLES:,}")
    if paper not in PAPER_SIZES:
        raise PdfExportError(f"unknown paper size {paper!r} (choose a4 or letter)")
    target = _output_target(output)

    def load(article_id: str) -> _Source:
        article = get_article(db, article_id)
        if article is None:
            raise PdfExportError(f"no article with id {article_id!r}")
        notes = [n for n in list_annotations(db, article_id=article.id) if not n.orphaned] \
            if with_annotations else []
        clippings = []
        if with_clippings:  # the article's clipping from its page scan, before its text
            from .clippings import article_clippings

            clippings = article_clippings(db, article.id)
        return _Source(article, notes, clippings)

    ensure_gui_application()
    from pikepdf import PdfError

    try:  # (a folder that cannot be written, whatever its mode says — /proc — fails here)
        with read_snapshot(db), temporary_beside(target, ".pdf") as raw, \
                temporary_beside(target, ".pdf") as final:
            printed = _render(list(article_ids), load, str(raw), paper, progress, should_cancel)
            if should_cancel is not None and should_cancel():
                raise PdfExportError("export cancelled")
            _add_outline_and_metadata(str(raw), str(final), printed)
            replace_atomically(final, target)
    except OSError as exc:
        raise PdfExportError(f"{output}: {exc.strerror or exc}") from None
    except PdfError:  # Qt says nothing when it cannot write (a full disk): the file is cut short
        raise PdfExportError(f"{output}: the PDF could not be written whole (is the disk full?)") from None
    return len(printed)


@dataclass
class _Source:
    """What an article is typeset from."""
    article: StoredArticle
    notes: list
    clippings: list


@dataclass
class _Printed:
    """What the outline, the metadata and the footers need of a typeset article."""
    headline: str
    reporters: list[str]
    publication: str
    citation: str
    applied: int  # corrections applied to its text
    pages: int
    start: int = 0  # its first page, from 0


def _render(article_ids: list[str], load: Callable[[str], _Source], path: str, paper: str,
            progress, should_cancel) -> list[_Printed]:
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
    writer.setCreator("Dubao")
    page_rect = writer.pageLayout().paintRectPixels(RESOLUTION)
    width, height = page_rect.width(), page_rect.height()
    px_per_point = RESOLUTION / 72
    typesetter = ArticleTypesetter(BODY_POINTS, Inks(), PRINT_LABELS, px_per_point=px_per_point, line_gap=0.4)

    def typeset(source: _Source) -> QTextDocument:
        article = source.article
        document = QTextDocument()
        document.setDocumentMargin(0)
        segments = typesetter.typeset(document, article, image_resolver(document, article, int(width),
                                                                              device_scale=RESOLUTION / 96))
        _mark_annotations(document, segments, source.notes, typesetter)
        if source.clippings:
            from .clippings import prepend_clippings

            prepend_clippings(document, source.clippings, width, height, device=writer)
        # Laid out for the page only now, whole: typeset on a document already attached to
        # the writer, blocks were laid out as they came and some kept a stale layout, so a
        # paragraph could be cut mid-page below (and typesetting took a fifth longer).
        document.documentLayout().setPaintDevice(writer)
        document.setPageSize(QSizeF(width, height))
        split_paragraphs_at_page_breaks(document, height)
        return document

    steps = len(article_ids) * 2
    printed: list[_Printed] = []
    kept: list[QTextDocument] = []
    for number, article_id in enumerate(article_ids):
        if should_cancel is not None and should_cancel():
            return printed
        source = load(article_id)
        article = source.article
        document = typeset(source)
        printed.append(_Printed(article.headline, list(article.reporters), article.publication, gbt7714(article),
                                len(article.applied), max(1, document.pageCount())))
        if number < KEPT_DOCUMENTS:
            kept.append(document)
        if progress is not None:
            progress(number + 1, steps, article.headline)
    total_pages = sum(p.pages for p in printed)
    writer.setTitle(printed[0].headline if len(printed) == 1 else f"Dubao — {len(printed)} articles")

    footer_font = QFont(SERIF_FAMILY)
    footer_font.setFamilies([SERIF_FAMILY])
    footer_font.setPointSizeF(7.5)
    painter = QPainter()
    if not painter.begin(writer):
        raise PdfExportError(f"{path}: cannot write the PDF")
    try:
        page_no = 0
        footer_top = height + 8 * px_per_point
        for number, (article_id, entry) in enumerate(zip(article_ids, printed)):
            if should_cancel is not None and should_cancel():
                break
            document = kept[number] if number < len(kept) else typeset(load(article_id))
            if max(1, document.pageCount()) != entry.pages:  # the snapshot makes this impossible
                raise PdfExportError(f"article {article_id} changed while it was exported: export again")
            entry.start = page_no
            for page in range(entry.pages):
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
                                 _elide(entry.citation, 64 if entry.applied else 80))
                page_label = f"{page_no + 1} / {total_pages}"
                if entry.applied:  # the archivist's corrections: say so (the original is kept)
                    page_label = CORRECTED_NOTE.format(count=entry.applied) + "  " + page_label
                painter.drawText(footer, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                                 page_label)
                page_no += 1
            if progress is not None:
                progress(len(article_ids) + number + 1, steps, entry.headline)
    finally:
        painter.end()
    return printed


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
                        continuation.setProperty(CONTINUED, True)
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


def _add_outline_and_metadata(source: str, target: str, printed: list[_Printed]) -> None:
    """SOURCE with an outline entry per article and the document's metadata, as TARGET.
    (pikepdf: qpdf reads page streams only as it copies them, a few KB a page.)"""
    import pikepdf

    with pikepdf.open(source) as pdf:
        pages = [page.obj for page in pdf.pages]
        with pdf.open_outline() as outline:
            for entry in printed:
                title = " ".join(entry.headline.split())
                outline.root.append(pikepdf.OutlineItem(title, pikepdf.Array([pages[entry.start], pikepdf.Name.Fit])))
        authors: list[str] = []
        for entry in printed:
            authors += [r for r in entry.reporters if r not in authors]
        publications = list(dict.fromkeys(entry.publication for entry in printed))
        info = pdf.docinfo
        info["/Title"] = (printed[0].headline if len(printed) == 1
                          else f"{len(printed)} articles — " + "、".join(publications))
        info["/Author"] = ("、".join(authors[:MAX_AUTHORS]) + ("等" if len(authors) > MAX_AUTHORS else "")) \
            or "、".join(publications)
        info["/Subject"] = "; ".join(entry.citation for entry in printed[:20])
        info["/Creator"] = "Dubao"
        info["/Producer"] = "Dubao (Qt, pikepdf)"
        # Qt wrote XMP metadata too (its own title and producer), which viewers prefer.
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta, warnings.catch_warnings():
            warnings.simplefilter("ignore")  # /Trapped has no XMP equivalent
            meta.load_from_docinfo(info)
        pdf.Root.PageMode = pikepdf.Name.UseOutlines
        pdf.save(target)
