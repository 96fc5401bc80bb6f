"""What the page view draws on a page: article zones, search-hit outlines, and — where
there is no scan — the OCR's blocks as text at their places. Items live in page units:
the page is PAGE_WIDTH wide whatever the scan's resolution."""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QGraphicsRectItem

from ..fonts import SERIF_FAMILY

PAGE_WIDTH = 1000.0
Box = tuple[float, float, float, float]

ZONE_CURRENT = QColor(155, 28, 28)     # the reader's accent
ZONE_HOVER = QColor(30, 90, 160)
HIT_COLOR = QColor(255, 152, 0)


def box_rect(box: Box, page_height: float) -> QRectF:
    x0, y0, x1, y1 = box
    return QRectF(x0 * PAGE_WIDTH, y0 * page_height, (x1 - x0) * PAGE_WIDTH, (y1 - y0) * page_height)


class ZoneItem(QGraphicsPathItem):
    """The zones of one article on the page: outlined when it is the article being read,
    tinted when the pointer is over it, invisible otherwise."""

    def __init__(self, article_id: str, headline: str, boxes: list[Box], page_height: float) -> None:
        path = QPainterPath()
        path.setFillRule(Qt.FillRule.WindingFill)
        for box in boxes:
            path.addRect(box_rect(box, page_height))
        super().__init__(path.simplified())
        self.article_id = article_id
        self.headline = headline
        self.current = False
        self.hovered = False
        self.setZValue(3)
        self.setToolTip(headline)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # the view tells clicks from drags
        self._restyle()

    def set_current(self, current: bool) -> None:
        self.current = current
        self._restyle()

    def set_hovered(self, hovered: bool) -> None:
        self.hovered = hovered
        self._restyle()

    def _restyle(self) -> None:
        if self.current:
            pen = QPen(ZONE_CURRENT, 2.5)
            fill = QColor(ZONE_CURRENT)
            fill.setAlpha(40 if self.hovered else 22)
        elif self.hovered:
            pen = QPen(ZONE_HOVER, 1.5)
            fill = QColor(ZONE_HOVER)
            fill.setAlpha(28)
        else:
            pen, fill = QPen(Qt.PenStyle.NoPen), QColor(Qt.GlobalColor.transparent)
        pen.setCosmetic(True)  # the same width at every zoom
        self.setPen(pen)
        self.setBrush(QBrush(fill))


class HitItem(QGraphicsRectItem):
    """A word that matches the search, outlined."""

    def __init__(self, text: str, box: Box, page_height: float) -> None:
        rect = box_rect(box, page_height)
        pad = max(0.6, rect.height() * 0.12)
        super().__init__(rect.adjusted(-pad, -pad, pad, pad))
        self.text = text
        pen = QPen(HIT_COLOR, 2)
        pen.setCosmetic(True)
        self.setPen(pen)
        fill = QColor(HIT_COLOR)
        fill.setAlpha(70)
        self.setBrush(fill)
        self.setZValue(4)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)


class BlockTextItem(QGraphicsItem):
    """One OCR block drawn as its text inside its box, in the largest type that fits, so
    that a page without a scan still shows its layout (headings bold, images as frames)."""

    def __init__(self, kind: str, text: str, box: Box, page_height: float) -> None:
        super().__init__()
        self.kind = kind
        self.text = " ".join(text.split())
        self.rect = box_rect(box, page_height)
        self.setZValue(1)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.font = QFont(SERIF_FAMILY)
        self.font.setFamilies([SERIF_FAMILY, "serif"])
        self.font.setBold(kind in ("heading", "title", "headline", "doc_title", "paragraph_title"))
        self._fitted = False

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt API
        return self.rect

    def _fit_font(self) -> None:
        """The largest pixel size (in page units) at which the text wraps inside the box."""
        low, high = 0.5, max(1.0, min(self.rect.height(), 60.0))
        flags = int(Qt.TextFlag.TextWordWrap)
        for _ in range(12):
            middle = (low + high) / 2
            self.font.setPixelSize(max(1, round(middle * 8)))  # eighths of a unit, scaled below
            needed = QFontMetricsF(self.font).boundingRect(
                QRectF(0, 0, self.rect.width() * 8, 1e6), flags, self.text)
            if needed.height() <= self.rect.height() * 8 and needed.width() <= self.rect.width() * 8:
                low = middle
            else:
                high = middle
        self.font.setPixelSize(max(1, round(low * 8)))
        self._fitted = True

    def paint(self, painter, _option, _widget=None) -> None:
        if self.kind in ("image", "illustration", "figure", "graphic") or not self.text:
            pen = QPen(QColor(150, 145, 135), 1, Qt.PenStyle.DashLine)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.setBrush(QColor(232, 228, 218))
            painter.drawRect(self.rect)
            if self.text:
                painter.setPen(QColor(110, 105, 95))
                painter.drawText(self.rect, int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                                 self.text)
            return
        if not self._fitted:
            self._fit_font()
        painter.save()
        # Fonts are laid out 8x larger and drawn at 1/8: Qt rounds pixel sizes to integers,
        # and a page unit is often less than a pixel of type.
        painter.translate(self.rect.topLeft())
        painter.scale(1 / 8, 1 / 8)
        painter.setFont(self.font)
        painter.setPen(QColor(40, 38, 34))
        painter.drawText(QRectF(0, 0, self.rect.width() * 8, self.rect.height() * 8),
                         int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
                         self.text)
        painter.restore()
