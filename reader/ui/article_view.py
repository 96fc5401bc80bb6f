"""The article pane: an article typeset with Chinese conventions (two-character first-line
indent, generous line height, justified), built block by block so that every character of
the article's text (`StoredArticle.text()`) has a known place in the document — search hits
and annotations are drawn, and selections turned into quotes, through that map.

Article text is data, never markup: it is inserted as plain text, and the document never
loads anything but local images the page referenced.
"""
from __future__ import annotations

import bisect

from PySide6.QtCore import QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QTextCursor, QTextDocument, QTextFormat
from PySide6.QtWidgets import QTextBrowser, QTextEdit

from ..export.typeset import (
    ArticleTypesetter,
    Inks,
    Labels,
    Segment,
    document_ranges,
    image_resolver,
)
from ..store.assemble import StoredArticle
from .themes import THEMES, Theme, highlight_color

MAX_IMAGE_WIDTH = 640


class ArticleView(QTextBrowser):
    """Shows one article. `selection_span()` gives the selection in article-text offsets."""

    shown = Signal()  # an article was typeset (opened, or re-set for a theme or size)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._pending_scroll: int | None = None
        self.setOpenLinks(False)  # article text holds no links; nothing is ever followed
        self.setOpenExternalLinks(False)
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

    def clear_article(self, message: str = "") -> None:
        self.article = None
        self.segments = []
        self._hit_spans, self._annotation_spans = [], []
        self.clear()
        if message:
            self.setPlainText(message)

    def _typesetter(self) -> ArticleTypesetter:
        inks = Inks(text=self.theme.text, muted=self.theme.muted, accent=self.theme.accent, rule=self.theme.rule)
        labels = Labels(page=self.tr("Page {pages}"), continued_here=self.tr("— continued on page {page} —"),
                        continued_elsewhere=self.tr("(continued on page {page}, which is not in the library)"),
                        image_missing=self.tr("[image not available: {path}]"), links=self.tr("Links"))
        return ArticleTypesetter(self.font_size, inks, labels)

    def show_article(self, article: StoredArticle) -> None:
        self.article = article
        self.segments = self._typesetter().typeset(
            self.document(), article, image_resolver(self.document(), article, MAX_IMAGE_WIDTH))
        self._hit_spans, self._current_hit = [], -1
        self._annotation_spans = []
        self._apply_selections()
        # The typesetter leaves the text cursor at the end: QTextEdit keeps the cursor in view
        # when it is resized (as when the window is first shown), which scrolled a freshly
        # opened article to its end. An article opens at its top.
        self.setTextCursor(QTextCursor(self.document()))
        self._pending_scroll = None
        self.verticalScrollBar().setValue(0)
        self.shown.emit()

    def restore_scroll(self, value: int) -> None:
        """Scroll to a saved position once the view has its size (at start it has none yet)."""
        self._pending_scroll = value
        if self.isVisible():
            self._apply_pending_scroll()

    def _apply_pending_scroll(self) -> None:
        if self._pending_scroll is not None and self.isVisible():
            self.verticalScrollBar().setValue(self._pending_scroll)
            self._pending_scroll = None

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if self._pending_scroll is not None:
            QTimer.singleShot(0, self._apply_pending_scroll)

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
        for doc_start, doc_end in document_ranges(self.segments, start, end):
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.document())
            cursor.setPosition(doc_start)
            cursor.setPosition(doc_end, QTextCursor.MoveMode.KeepAnchor)
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
