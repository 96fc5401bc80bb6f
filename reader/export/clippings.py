"""Article clippings: the article cut out of the page scan, as archive "clip" tools give it,
put before the article's text in the PDF export.

One clipping per page the article stands on: the part of the scan that holds its zones,
with what lies between them (the neighbours' columns) painted out, scaled to fit the page.
An article without zones or without a scan gets none, and exports as text only.
"""
from __future__ import annotations

import sys
from collections.abc import Sequence

from PySide6.QtCore import QRectF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QImage,
    QPainter,
    QPainterPath,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextImageFormat,
)
from sqlite_utils import Database

from ..scans import ScanError, decode_scan, scan_for_page
from ..store.page_geometry import article_zones

Box = tuple[float, float, float, float]
# Pixels of a clipping: about 200 dpi across an A4 text column (170 mm), more than a
# reader's screen and far less than the scan.
CLIP_MAX_SIZE = (1400, 2000)
PAPER = QColor(255, 255, 255)
WIDTH_KEY = "dubao-page-fraction"  # how much of the page's width a clipping shows


def article_clippings(db: Database, article_id: str, *, max_size: tuple[int, int] = CLIP_MAX_SIZE,
                      warn=None) -> list[QImage]:
    """The clippings of an article, in page order ([] without zones or scan). A scan that
    cannot be read is skipped with one line to WARN (stderr by default)."""
    by_page: dict[int, list[Box]] = {}
    for page_id, box in article_zones(db, article_id):
        by_page.setdefault(page_id, []).append(box)
    clippings = []
    for page_id, boxes in by_page.items():
        scan = scan_for_page(db, page_id)
        if scan is None:
            continue
        try:
            clippings.append(clip(scan, boxes, max_size))
        except ScanError as exc:
            (warn or (lambda line: print(f"dubao: {line}", file=sys.stderr)))(f"{exc} (clipping left out)")
    return clippings


def clip(scan, boxes: Sequence[Box], max_size: tuple[int, int]) -> QImage:
    """The part of SCAN around BOXES (page fractions), what is outside the boxes painted
    out, at most MAX_SIZE."""
    x0 = min(b[0] for b in boxes)
    y0 = min(b[1] for b in boxes)
    x1 = max(b[2] for b in boxes)
    y1 = max(b[3] for b in boxes)
    image = decode_scan(scan, max_size, (x0, y0, x1, y1))
    if len(boxes) > 1:
        image = image.convertToFormat(QImage.Format.Format_RGB32)
        sx, sy = image.width() / max(x1 - x0, 1e-9), image.height() / max(y1 - y0, 1e-9)
        keep = QPainterPath()
        keep.setFillRule(Qt.FillRule.WindingFill)
        for bx0, by0, bx1, by1 in boxes:
            keep.addRect(QRectF((bx0 - x0) * sx, (by0 - y0) * sy, (bx1 - bx0) * sx, (by1 - by0) * sy))
        outside = QPainterPath()
        outside.addRect(QRectF(0, 0, image.width(), image.height()))
        outside = outside.subtracted(keep.simplified())
        painter = QPainter(image)
        painter.fillPath(outside, PAPER)
        painter.end()
    # Most scans are grey: a quarter of the memory (an export holds every article's
    # clippings until it paints) and a grey image in the PDF.
    if image.format() != QImage.Format.Format_Grayscale8 and image.allGray():
        image = image.convertToFormat(QImage.Format.Format_Grayscale8)
    image.setText(WIDTH_KEY, repr(x1 - x0))
    return image


def prepend_clippings(document: QTextDocument, clippings: Sequence[QImage], width: float, height: float,
                      *, key: str = "clip", device=None) -> None:
    """Put CLIPPINGS at the top of DOCUMENT (before the headline), each scaled to fit WIDTH
    and most of a page's HEIGHT on DEVICE (the one the document will be laid out for; by
    default its layout's). Text positions after them shift: mark the text first."""
    if not clippings:
        return
    cursor = QTextCursor(document)
    cursor.setPosition(0)
    # A new block before the headline, keeping the headline's own formats.
    cursor.insertBlock(cursor.blockFormat(), cursor.charFormat())
    cursor.setPosition(0)
    block = QTextBlockFormat()
    block.setAlignment(Qt.AlignmentFlag.AlignHCenter)
    block.setBottomMargin(height * 0.02)
    block.setLineHeight(100, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
    cursor.setBlockFormat(block)
    # Qt sizes images in a document laid out for a printer in 96-dpi pixels, scaled up to
    # the device's resolution: give the size in those units.
    device = device if device is not None else document.documentLayout().paintDevice()
    dpi_scale = device.logicalDpiX() / 96 if device is not None and device.logicalDpiX() > 0 else 1.0
    page_filled = 0.0  # of the page the next clipping would go on
    for number, image in enumerate(clippings):
        scale = _fit_scale(image, width, height)
        shown_height = image.height() * scale + block.bottomMargin()
        if number:
            # A clipping that does not fit below the last starts a page: left to the layout,
            # the image would move down but still be painted (clipped) on the page before.
            overflows = page_filled + shown_height > height * 0.97
            this_block = QTextBlockFormat(block)
            if overflows:
                this_block.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                page_filled = 0.0
            cursor.insertBlock(this_block)
        page_filled += shown_height
        url = QUrl(f"dubao-{key}:{number}")
        document.addResource(QTextDocument.ResourceType.ImageResource, url, image)
        fmt = QTextImageFormat()
        fmt.setName(url.toString())
        fmt.setWidth(image.width() * scale / dpi_scale)
        fmt.setHeight(image.height() * scale / dpi_scale)
        cursor.insertImage(fmt)
    # The headline is never cut by a page break; below clippings that fill over half a
    # page, the text starts on a page of its own.
    headline = cursor.block().next()
    if headline.isValid():
        fmt = headline.blockFormat()
        fmt.setNonBreakableLines(True)
        if page_filled > height * 0.5:
            fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
        QTextCursor(headline).setBlockFormat(fmt)


def _fit_scale(image: QImage, width: float, height: float) -> float:
    """The scale that shows IMAGE within WIDTH and most of a page's HEIGHT. A narrow
    clipping (one column, a small notice) is not blown up to the full width: at most about
    twice the share of the page's width it had."""
    share = float(image.text(WIDTH_KEY) or 1.0)
    shown = width * min(1.0, max(0.4, share * 2.2))
    return min(shown / image.width(), height * 0.9 / image.height())
