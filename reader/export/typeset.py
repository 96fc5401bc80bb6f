"""Typesetting an article into a QTextDocument (QtGui only): the reader pane and the PDF
export share it. Chinese conventions: two-character first-line indent, generous line
height, justified text; decks of the headline on lines of their own.

Every character of the article's text (`StoredArticle.text()`) gets a known place in the
document — the returned segments map text offsets to document positions — so search hits,
highlights and selections share one coordinate system with the store's annotations.
Article text is inserted as plain text: markup in a page is shown, never interpreted.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextImageFormat,
    QTextLength,
    QTextTableFormat,
)

from ..fonts import SERIF_FAMILY
from ..parsing.model import headline_decks
from ..store.assemble import StoredArticle

LINE_HEIGHT_PERCENT = 160
# Highlight colours on paper (and on light themes): name → background.
HIGHLIGHT_BACKGROUNDS = {"yellow": "#fff176", "green": "#b9f6ca", "blue": "#b3e5fc", "pink": "#f8bbd0",
                         "orange": "#ffe0b2"}


@dataclass
class Segment:
    text_start: int   # offset in the article's text
    doc_start: int    # position in the document
    length: int


def document_ranges(segments: list[Segment], start: int, end: int) -> list[tuple[int, int]]:
    """The document positions (from, to) that article-text offsets START..END cover: one
    range per block the span touches (the decoration between blocks is not part of it)."""
    ranges = []
    for segment in segments:
        low = max(start, segment.text_start)
        high = min(end, segment.text_start + segment.length)
        if low < high:
            ranges.append((segment.doc_start + low - segment.text_start, segment.doc_start + high - segment.text_start))
    return ranges


@dataclass(frozen=True)
class Inks:
    text: str = "#1d1d1b"
    muted: str = "#6b6b66"
    accent: str = "#9b1c1c"
    rule: str = "#c9c4b8"


@dataclass(frozen=True)
class Labels:
    """Words the typesetter adds around the article (translated by the caller)."""
    page: str = "Page {pages}"
    continued_here: str = "— continued on page {page} —"
    continued_elsewhere: str = "(continued on page {page}, which is not in the library)"
    image_missing: str = "[image not available: {path}]"
    links: str = "Links"


ImageResolver = Callable[[str], QTextImageFormat | None]


def image_resolver(document: QTextDocument, article: StoredArticle, max_width: int, *,
                   device_scale: float = 1.0) -> ImageResolver:
    """Images the page referenced, found beside its source file and put into DOCUMENT, at
    most MAX_WIDTH device pixels wide. Nothing remote: an address with a scheme is never
    resolved. DEVICE_SCALE: the device's pixels per 96-dpi pixel (Qt sizes an image in a
    document laid out for a printer in 96-dpi pixels, scaled up to the device's)."""
    def resolve(relative: str) -> QTextImageFormat | None:
        if not relative or "://" in relative:
            return None
        for folder in article.source_dirs:
            path = (Path(folder) / relative).resolve()
            if not path.is_file():
                continue
            image = QImage(str(path))
            if image.isNull():
                continue
            if image.width() > max_width:
                image = image.scaledToWidth(max_width, Qt.TransformationMode.SmoothTransformation)
            url = QUrl.fromLocalFile(str(path))
            document.addResource(QTextDocument.ResourceType.ImageResource, url, image)
            fmt = QTextImageFormat()
            fmt.setName(url.toString())
            shown = min(image.width(), max_width / device_scale)  # in 96-dpi pixels, as on screen
            fmt.setWidth(shown)
            fmt.setHeight(image.height() * shown / image.width())
            return fmt
        return None
    return resolve


class ArticleTypesetter:
    def __init__(self, font_size: float, inks: Inks = Inks(), labels: Labels = Labels(),
                 px_per_point: float = 1.34, line_gap: float = 0.6) -> None:
        self.font_size = font_size
        self.line_gap = line_gap  # space between lines, in body-text ems
        self.inks = inks
        self.labels = labels
        self.px_per_point = px_per_point

    def char(self, scale: float = 1.0, bold: bool = False, color: str | None = None) -> QTextCharFormat:
        fmt = QTextCharFormat()
        font = QFont(SERIF_FAMILY)
        font.setFamilies([SERIF_FAMILY])
        font.setPointSizeF(self.font_size * scale)
        font.setWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
        fmt.setFont(font)
        fmt.setForeground(QColor(color or self.inks.text))
        return fmt

    def block(self, *, indent_chars: float = 0, align=Qt.AlignmentFlag.AlignJustify, top: float = 0,
              bottom: float = 6, line_height: int = LINE_HEIGHT_PERCENT) -> QTextBlockFormat:
        fmt = QTextBlockFormat()
        fmt.setAlignment(align)
        fmt.setTextIndent(indent_chars * self.font_size * self.px_per_point)
        fmt.setTopMargin(top)
        fmt.setBottomMargin(bottom)
        # Spacing as a distance added between lines, not a proportional height: Qt's
        # drawing clip counts a proportional line as taller than it is, and the PDF export
        # then drew a page's last line again, invisibly, at the top of the next page.
        extra = max(0.0, (line_height - 100) / 100) * self.line_gap / 0.6 * self.font_size * self.px_per_point
        fmt.setLineHeight(extra, QTextBlockFormat.LineHeightTypes.LineDistanceHeight.value)
        return fmt

    def typeset(self, document: QTextDocument, article: StoredArticle,
                resolve_image: ImageResolver | None = None, *, clear: bool = True) -> list[Segment]:
        """Write ARTICLE into DOCUMENT (at its end); return the text → document map."""
        segments: list[Segment] = []
        if clear:
            document.clear()
        cursor = QTextCursor(document)
        cursor.movePosition(QTextCursor.MoveOperation.End)
        first = [document.isEmpty()]
        offsets, position = [], 0
        for _, text in article.blocks():
            offsets.append(position)
            position += len(text) + 1
        block_no = 0

        def new_block(fmt: QTextBlockFormat) -> None:
            if first[0]:
                cursor.setBlockFormat(fmt)
                first[0] = False
            else:
                cursor.insertBlock(fmt)

        def put(text: str, char: QTextCharFormat, text_start: int) -> None:
            segments.append(Segment(text_start, cursor.position(), len(text)))
            cursor.insertText(text, char)

        # Decks on lines of their own: a line separator is one character, like the space it
        # stands for, so offsets do not move. The longest deck is the title.
        decks = headline_decks(article.headline)
        main = max(range(len(decks)), key=lambda i: len(decks[i]))
        new_block(self.block(align=Qt.AlignmentFlag.AlignCenter, bottom=4, line_height=140))
        segments.append(Segment(offsets[0], cursor.position(), len(article.headline)))
        for i, deck in enumerate(decks):
            if i:
                cursor.insertText("\u2028", self.char(0.6))
            cursor.insertText(deck, self.char(1.75 if i == main else 1.1, bold=i == main))
        block_no = 1

        meta = [article.publication, article.date or ""]
        pages = [p for p in article.pages if p is not None]
        if pages:
            meta.append(self.labels.page.format(pages="、".join(str(p) for p in dict.fromkeys(pages))))
        new_block(self.block(align=Qt.AlignmentFlag.AlignCenter, bottom=10))
        cursor.insertText("  ·  ".join(m for m in meta if m), self.char(0.8, color=self.inks.muted))

        if article.byline:
            new_block(self.block(align=Qt.AlignmentFlag.AlignLeft, bottom=10))
            put(article.byline, self.char(0.9, color=self.inks.muted), offsets[block_no])
            block_no += 1

        part_starts = {layout_index: page for page, layout_index in article.part_starts[1:]}
        subheads = set(article.subheads)
        for layout_index, (kind, index) in enumerate(article.layout):
            if layout_index in part_starts:
                new_block(self.block(align=Qt.AlignmentFlag.AlignCenter, top=6, bottom=6))
                cursor.insertText(self.labels.continued_here.format(page=part_starts[layout_index]),
                                  self.char(0.8, color=self.inks.accent))
            if kind == "p" and index in subheads:
                # A subhead: its own line, not indented, bold, a little space above.
                new_block(self.block(align=Qt.AlignmentFlag.AlignLeft, top=8, bottom=4))
                put(article.paragraphs[index], self.char(1.05, bold=True), offsets[block_no])
                block_no += 1
            elif kind == "p":
                new_block(self.block(indent_chars=2))
                put(article.paragraphs[index], self.char(), offsets[block_no])
                block_no += 1
            elif kind == "c":
                caption = article.captions[index]
                path = caption.get("image")
                image = resolve_image(path) if (path and resolve_image) else None
                if image is not None:
                    new_block(self.block(align=Qt.AlignmentFlag.AlignCenter, top=8, bottom=2))
                    cursor.insertImage(image)
                elif path:
                    new_block(self.block(align=Qt.AlignmentFlag.AlignCenter, top=8, bottom=2))
                    cursor.insertText(self.labels.image_missing.format(path=path),
                                      self.char(0.8, color=self.inks.muted))
                text = " ".join(x for x in (caption.get("text"), caption.get("credit")) if x)
                if text:
                    new_block(self.block(align=Qt.AlignmentFlag.AlignCenter, bottom=12))
                    put(text, self.char(0.85, color=self.inks.muted), offsets[block_no])
                    block_no += 1
            elif kind == "t":
                block_no = self._table(cursor, new_block, article.tables[index], offsets, block_no, segments)
        if article.continued_to:
            new_block(self.block(align=Qt.AlignmentFlag.AlignRight, top=6))
            cursor.insertText(self.labels.continued_elsewhere.format(page=article.continued_to),
                              self.char(0.8, color=self.inks.accent))
        if article.links:
            # Link targets as plain text (never fetched, never clickable): outside the
            # article's text, so no offset moves.
            new_block(self.block(align=Qt.AlignmentFlag.AlignLeft, top=10, bottom=2))
            cursor.insertText(self.labels.links, self.char(0.8, color=self.inks.muted))
            for link in article.links:
                new_block(self.block(align=Qt.AlignmentFlag.AlignLeft, bottom=2))
                cursor.insertText(link, self.char(0.8, color=self.inks.muted))
        segments.sort(key=lambda s: s.text_start)
        return segments

    def _table(self, cursor: QTextCursor, new_block, table: list[list[str]], offsets: list[int], block_no: int,
               segments: list[Segment]) -> int:
        columns = max((len(row) for row in table), default=1)
        new_block(self.block(bottom=0))
        table_format = QTextTableFormat()
        table_format.setCellPadding(4)
        table_format.setCellSpacing(0)
        table_format.setBorder(0.5)
        table_format.setBorderBrush(QColor(self.inks.rule))
        table_format.setHeaderRowCount(1)
        table_format.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
        text_table = cursor.insertTable(len(table), columns, table_format)
        for row_no, row in enumerate(table):
            cell_offset = offsets[block_no]
            for col_no in range(columns):
                cell_text = row[col_no] if col_no < len(row) else ""
                cell_cursor = text_table.cellAt(row_no, col_no).firstCursorPosition()
                if col_no < len(row):
                    segments.append(Segment(cell_offset, cell_cursor.position(), len(cell_text)))
                    cell_offset += len(cell_text) + 1
                cell_cursor.insertText(cell_text, self.char(0.85, bold=row_no == 0))
            block_no += 1
        cursor.movePosition(QTextCursor.MoveOperation.End)
        return block_no
