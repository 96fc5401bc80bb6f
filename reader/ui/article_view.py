"""The article pane: an article typeset with Chinese conventions (two-character first-line
indent, generous line height, justified), built block by block so that every character of
the article's text (`StoredArticle.text()`) has a known place in the document — search hits
and annotations are drawn, and selections turned into quotes, through that map.

Article text is data, never markup: it is inserted as plain text, and the document never
loads anything but local images the page referenced.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import (QColor, QFont, QImage, QTextBlockFormat, QTextCharFormat, QTextCursor,
                           QTextDocument, QTextFormat, QTextImageFormat, QTextLength, QTextTableFormat)
from PySide6.QtWidgets import QTextBrowser, QTextEdit

from ..fonts import SERIF_FAMILY
from ..store.assemble import StoredArticle
from .themes import THEMES, Theme, highlight_color

LINE_HEIGHT_PERCENT = 160
MAX_IMAGE_WIDTH = 640


@dataclass
class Segment:
    text_start: int   # offset in the article's text
    doc_start: int    # position in the document
    length: int


class ArticleView(QTextBrowser):
    """Shows one article. `selection_span()` gives the selection in article-text offsets."""

    link_activated = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(lambda url: self.link_activated.emit(url.toString()))
        self.article: StoredArticle | None = None
        self.theme: Theme = THEMES["light"]
        self.font_size = 15
        self.segments: list[Segment] = []
        self._hit_spans: list[tuple[int, int]] = []
        self._current_hit = -1
        self._annotation_spans: list[tuple[int, int, str, str]] = []  # start, end, colour, id
        self.document().setDocumentMargin(28)

    # --- never fetch anything that is not a local image we put there ----------------------
    def loadResource(self, kind: int, url: QUrl):  # noqa: N802 - Qt API
        if kind == QTextDocument.ResourceType.ImageResource and url.isLocalFile():
            return super().loadResource(kind, url)
        return None

    # --- building ----------------------------------------------------------------------------
    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.setStyleSheet(f"QTextBrowser {{ background: {theme.background}; color: {theme.text}; border: none; }}")
        if self.article is not None:
            self.show_article(self.article)

    def set_font_size(self, size: int) -> None:
        self.font_size = max(9, min(48, size))
        if self.article is not None:
            scroll = self.verticalScrollBar().value()
            self.show_article(self.article)
            self.verticalScrollBar().setValue(scroll)

    def _char(self, scale: float = 1.0, bold: bool = False, color: str | None = None,
              italic: bool = False) -> QTextCharFormat:
        fmt = QTextCharFormat()
        font = QFont(SERIF_FAMILY)
        font.setFamilies([SERIF_FAMILY])
        font.setPointSizeF(self.font_size * scale)
        font.setWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
        font.setItalic(italic)
        fmt.setFont(font)
        fmt.setForeground(QColor(color or self.theme.text))
        return fmt

    def _block(self, *, indent_chars: float = 0, align=None, top: float = 0, bottom: float = 6,
               line_height: int = LINE_HEIGHT_PERCENT) -> QTextBlockFormat:
        from PySide6.QtCore import Qt

        fmt = QTextBlockFormat()
        fmt.setAlignment(align if align is not None else Qt.AlignmentFlag.AlignJustify)
        fmt.setTextIndent(indent_chars * self.font_size * 1.34)  # 1 pt ≈ 1.34 px at 96 dpi
        fmt.setTopMargin(top)
        fmt.setBottomMargin(bottom)
        fmt.setLineHeight(line_height, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        return fmt

    def clear_article(self, message: str = "") -> None:
        self.article = None
        self.segments = []
        self._hit_spans, self._annotation_spans = [], []
        self.clear()
        if message:
            cursor = QTextCursor(self.document())
            cursor.insertText(message, self._char(1.0, color=self.theme.muted))

    def show_article(self, article: StoredArticle) -> None:
        from PySide6.QtCore import Qt

        self.article = article
        self.segments = []
        document = self.document()
        document.clear()
        cursor = QTextCursor(document)
        blocks = article.blocks()
        offsets = []
        position = 0
        for _, text in blocks:
            offsets.append(position)
            position += len(text) + 1
        block_no = 0
        first = True

        def new_block(fmt: QTextBlockFormat) -> None:
            nonlocal first
            if first:
                cursor.setBlockFormat(fmt)
                first = False
            else:
                cursor.insertBlock(fmt)

        def put(text: str, char: QTextCharFormat, text_start: int | None) -> None:
            if text_start is not None:
                self.segments.append(Segment(text_start, cursor.position(), len(text)))
            cursor.insertText(text, char)

        # Headline: decks on lines of their own (a line separator is one character, like
        # the space it stands for, so offsets do not move); the longest deck is the title.
        decks = article.headline.split(" ")
        main = max(range(len(decks)), key=lambda i: len(decks[i])) if decks else 0
        new_block(self._block(align=Qt.AlignmentFlag.AlignCenter, bottom=4, line_height=140))
        start = offsets[0]
        self.segments.append(Segment(start, cursor.position(), len(article.headline)))
        for i, deck in enumerate(decks):
            if i:
                cursor.insertText("\u2028", self._char(0.6))
            cursor.insertText(deck, self._char(1.75 if i == main else 1.1, bold=i == main))
        block_no = 1

        meta = [article.publication, article.date or ""]
        pages = [p for p in article.pages if p is not None]
        if pages:
            meta.append(self.tr("Page {pages}").format(pages="、".join(str(p) for p in dict.fromkeys(pages))))
        new_block(self._block(align=Qt.AlignmentFlag.AlignCenter, bottom=10))
        cursor.insertText("  ·  ".join(m for m in meta if m), self._char(0.8, color=self.theme.muted))

        if article.byline:
            new_block(self._block(align=Qt.AlignmentFlag.AlignLeft, bottom=10))
            put(article.byline, self._char(0.9, color=self.theme.muted), offsets[block_no])
            block_no += 1

        part_starts = {layout_index: page for page, layout_index in article.part_starts[1:]}
        for layout_index, (kind, index) in enumerate(article.layout):
            if layout_index in part_starts:
                new_block(self._block(align=Qt.AlignmentFlag.AlignCenter, top=6, bottom=6))
                cursor.insertText(self.tr("— continued on page {page} —").format(page=part_starts[layout_index]),
                                  self._char(0.8, color=self.theme.accent))
            if kind == "p":
                new_block(self._block(indent_chars=2))
                put(article.paragraphs[index], self._char(), offsets[block_no])
                block_no += 1
            elif kind == "c":
                caption = article.captions[index]
                image = self._image_for(caption.get("image"))
                if image is not None:
                    new_block(self._block(align=Qt.AlignmentFlag.AlignCenter, top=8, bottom=2))
                    cursor.insertImage(image)
                elif caption.get("image"):
                    new_block(self._block(align=Qt.AlignmentFlag.AlignCenter, top=8, bottom=2))
                    cursor.insertText(self.tr("[image not available: {path}]").format(path=caption["image"]),
                                      self._char(0.8, color=self.theme.muted))
                text = " ".join(x for x in (caption.get("text"), caption.get("credit")) if x)
                if text:
                    new_block(self._block(align=Qt.AlignmentFlag.AlignCenter, bottom=12))
                    put(text, self._char(0.85, color=self.theme.muted), offsets[block_no])
                    block_no += 1
            elif kind == "t":
                table = article.tables[index]
                columns = max((len(row) for row in table), default=1)
                new_block(self._block(bottom=0))
                table_format = QTextTableFormat()
                table_format.setCellPadding(4)
                table_format.setCellSpacing(0)
                table_format.setBorder(0.5)
                table_format.setBorderBrush(QColor(self.theme.rule))
                table_format.setHeaderRowCount(1)
                table_format.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
                text_table = cursor.insertTable(len(table), columns, table_format)
                for row_no, row in enumerate(table):
                    cell_offset = offsets[block_no]
                    for col_no in range(columns):
                        cell_text = row[col_no] if col_no < len(row) else ""
                        cell_cursor = text_table.cellAt(row_no, col_no).firstCursorPosition()
                        if col_no < len(row):
                            self.segments.append(Segment(cell_offset, cell_cursor.position(), len(cell_text)))
                            cell_offset += len(cell_text) + 1
                        cell_cursor.insertText(cell_text, self._char(0.85, bold=row_no == 0))
                    block_no += 1
                cursor.movePosition(QTextCursor.MoveOperation.End)
        if article.continued_to:
            new_block(self._block(align=Qt.AlignmentFlag.AlignRight, top=6))
            cursor.insertText(self.tr("(continued on page {page}, which is not in the library)")
                              .format(page=article.continued_to), self._char(0.8, color=self.theme.accent))
        if article.continued_from:
            cursor.movePosition(QTextCursor.MoveOperation.Start)
        self.segments.sort(key=lambda s: s.text_start)
        self._hit_spans, self._current_hit = [], -1
        self._annotation_spans = []
        self._apply_selections()
        self.verticalScrollBar().setValue(0)

    def _image_for(self, relative: str | None) -> QImage | None:
        """A local image the page referenced, resolved beside the page's source file."""
        if not relative or "://" in relative or self.article is None:
            return None
        for folder in self.article.source_dirs:
            path = (Path(folder) / relative).resolve()
            if path.is_file():
                image = QImage(str(path))
                if not image.isNull():
                    if image.width() > MAX_IMAGE_WIDTH:
                        image = image.scaledToWidth(MAX_IMAGE_WIDTH)
                    url = QUrl.fromLocalFile(str(path))
                    self.document().addResource(QTextDocument.ResourceType.ImageResource, url, image)
                    fmt = QTextImageFormat()
                    fmt.setName(url.toString())
                    fmt.setWidth(image.width())
                    fmt.setHeight(image.height())
                    return fmt
        return None

    # --- offsets ---------------------------------------------------------------------------------
    def doc_position(self, text_offset: int) -> int | None:
        starts = [s.text_start for s in self.segments]
        i = bisect.bisect_right(starts, text_offset) - 1
        if i < 0:
            return None
        segment = self.segments[i]
        if text_offset > segment.text_start + segment.length:
            return None
        return segment.doc_start + (text_offset - segment.text_start)

    def text_offset(self, doc_position: int, *, end: bool = False) -> int | None:
        by_doc = sorted(self.segments, key=lambda s: s.doc_start)
        for segment in by_doc:
            if segment.doc_start <= doc_position <= segment.doc_start + segment.length:
                return segment.text_start + (doc_position - segment.doc_start)
        # Outside article text (a note line): snap to the next (or previous) segment.
        if end:
            before = [s for s in by_doc if s.doc_start + s.length <= doc_position]
            return before[-1].text_start + before[-1].length if before else None
        after = [s for s in by_doc if s.doc_start >= doc_position]
        return after[0].text_start if after else None

    def selection_span(self) -> tuple[int, int] | None:
        cursor = self.textCursor()
        if not cursor.hasSelection() or self.article is None:
            return None
        start = self.text_offset(cursor.selectionStart())
        end = self.text_offset(cursor.selectionEnd(), end=True)
        if start is None or end is None or end <= start:
            return None
        return start, end

    def select_span(self, start: int, end: int) -> None:
        doc_start, doc_end = self.doc_position(start), self.doc_position(end)
        if doc_start is None or doc_end is None:
            return
        cursor = QTextCursor(self.document())
        cursor.setPosition(doc_start)
        cursor.setPosition(doc_end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    # --- highlights ---------------------------------------------------------------------------------
    def set_search_hits(self, spans: list[tuple[int, int]]) -> None:
        self._hit_spans = sorted(spans)
        self._current_hit = 0 if spans else -1
        self._apply_selections()
        if spans:
            self._scroll_to(spans[0][0], spans[0][1])

    def hit_count(self) -> int:
        return len(self._hit_spans)

    def current_hit(self) -> int:
        return self._current_hit

    def step_hit(self, step: int) -> None:
        if not self._hit_spans:
            return
        self._current_hit = (self._current_hit + step) % len(self._hit_spans)
        self._apply_selections()
        self._scroll_to(*self._hit_spans[self._current_hit])

    def set_annotations(self, spans: list[tuple[int, int, str, str]]) -> None:
        self._annotation_spans = spans
        self._apply_selections()

    def _scroll_to(self, start: int, end: int) -> None:
        position = self.doc_position(start)
        if position is None:
            return
        cursor = QTextCursor(self.document())
        cursor.setPosition(position)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def _selection(self, start: int, end: int, color: QColor) -> list[QTextEdit.ExtraSelection]:
        out = []
        for segment in self.segments:
            lo = max(start, segment.text_start)
            hi = min(end, segment.text_start + segment.length)
            if lo >= hi:
                continue
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.document())
            cursor.setPosition(segment.doc_start + lo - segment.text_start)
            cursor.setPosition(segment.doc_start + hi - segment.text_start, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selection.format.setBackground(color)
            selection.format.setProperty(QTextFormat.Property.FullWidthSelection, False)
            out.append(selection)
        return out

    def _apply_selections(self) -> None:
        selections: list[QTextEdit.ExtraSelection] = []
        for start, end, color, _ in self._annotation_spans:
            selections += self._selection(start, end, highlight_color(color, self.theme))
        for number, (start, end) in enumerate(self._hit_spans):
            color = self.theme.current_hit if number == self._current_hit else self.theme.search_hit
            selections += self._selection(start, end, QColor(color))
        self.setExtraSelections(selections)
