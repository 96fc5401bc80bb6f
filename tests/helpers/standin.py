"""Stand-in page scans for tests: no scans came with the OCR samples, so draw one from the
OCR's own geometry — each block's text at its box, in dark ink on paper — at a modest
resolution (tests must stay quick and never commit big images)."""
from __future__ import annotations

from pathlib import Path

Box = tuple[float, float, float, float]


def draw_standin_scan(blocks: list[tuple[str, Box]], aspect: float, path: Path, *, width: int = 1200,
                      quality: int = 85) -> Path:
    """Write an image of WIDTH × WIDTH*ASPECT pixels with each (text, box) drawn in its box;
    the format follows PATH's suffix (.png, .jpg)."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen

    height = max(1, round(width * aspect))
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(236, 230, 214))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    for text, (x0, y0, x1, y1) in blocks:
        rect = QRectF(x0 * width, y0 * height, (x1 - x0) * width, (y1 - y0) * height)
        painter.setPen(QPen(QColor(200, 192, 172), 1))
        painter.drawRect(rect)
        font = QFont("DejaVu Serif")
        # Type that roughly fills the box: a character takes about 0.55 x 1.3 of the size.
        size = (rect.width() * rect.height() / max(1, len(text)) / 0.72) ** 0.5
        font.setPixelSize(max(3, int(min(size, rect.height() * 0.8))))
        painter.setFont(font)
        painter.setPen(QColor(35, 32, 28))
        painter.drawText(rect, int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), text)
    painter.end()
    path.parent.mkdir(parents=True, exist_ok=True)
    assert image.save(str(path), None, quality), path
    return path
