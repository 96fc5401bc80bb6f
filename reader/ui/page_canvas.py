"""The page itself, as the page view shows it: a scene one PAGE_WIDTH wide, scaled to the
view (fit width, fit page, or zoomed by hand), panned by dragging; a click that did not
drag and the pointer's moves are reported in page coordinates."""
from __future__ import annotations

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QTransform
from PySide6.QtWidgets import QGraphicsView, QWidget

CLICK_SLOP = 4      # pixels the pointer may move and still click


class PageCanvas(QGraphicsView):
    """The page itself: a scene one PAGE_WIDTH wide, scaled to the view."""

    clicked = Signal(QPointF)
    pointer_moved = Signal(QPointF)
    view_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.SmoothPixmapTransform
                            | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setBackgroundBrush(QColor(120, 120, 116))
        self.setMouseTracking(True)
        self._press: QPointF | None = None
        self.fit_mode = "width"  # "width", "page" or None (zoomed by hand)
        for bar in (self.horizontalScrollBar(), self.verticalScrollBar()):
            bar.valueChanged.connect(lambda _v: self.view_changed.emit())

    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, factor: float) -> None:
        """Zoom by hand: the view stops following its size."""
        self.fit_mode = None
        self._scale_to(factor)

    def _scale_to(self, factor: float) -> None:
        factor = max(0.05, min(factor, 40.0))
        self.setTransform(QTransform.fromScale(factor, factor))
        self.view_changed.emit()

    def apply_fit(self) -> None:
        rect = self.sceneRect()
        if rect.isEmpty() or self.fit_mode is None:
            return
        viewport = self.viewport().rect()
        if self.fit_mode == "page":
            factor = min(viewport.width() / rect.width(), viewport.height() / rect.height())
        else:
            factor = viewport.width() / rect.width()
        self._scale_to(factor * 0.98)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self.apply_fit()

    def wheelEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.set_zoom(self.zoom() * (1.2 if event.angleDelta().y() > 0 else 1 / 1.2))
            event.accept()
        else:
            super().wheelEvent(event)

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt API
        press, self._press = self._press, None
        super().mouseReleaseEvent(event)
        if press is not None and event.button() == Qt.MouseButton.LeftButton \
                and (event.position() - press).manhattanLength() <= CLICK_SLOP:
            self.clicked.emit(self.mapToScene(event.position().toPoint()))

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().mouseMoveEvent(event)
        if self._press is None:
            self.pointer_moved.emit(self.mapToScene(event.position().toPoint()))

    def visible_box(self) -> tuple[float, float, float, float]:
        """The part of the page in view, in page fractions."""
        rect = self.mapToScene(self.viewport().rect()).boundingRect().intersected(self.sceneRect())
        scene = self.sceneRect()
        return (rect.left() / scene.width(), rect.top() / scene.height(),
                rect.right() / scene.width(), rect.bottom() / scene.height())
