"""The printed page beside the text: the page's scan (or, without one, its OCR blocks drawn
at their places) with the articles' zones, the current article outlined, search hits
outlined where the OCR has word boxes. Click a zone to open its article; hover to see its
headline. Zoom, pan (drag), fit width, fit page; `P` shows and hides it.

Scans are decoded off the GUI thread at the size they are shown: one image of the whole
page at screen resolution, and — zoomed in past it — one sharper image of the part in view.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QImage,
    QKeySequence,
    QPixmap,
    QTransform,
)
from PySide6.QtWidgets import (
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from ..scans import ScanError, decode_scan, scan_size
from .jobs import Job
from .page_canvas import PageCanvas
from .page_data import PageData
from .page_items import PAGE_WIDTH, BlockTextItem, HitItem, ZoneItem, box_rect

PAPER = QColor(250, 248, 242)
DETAIL_GAIN = 1.3   # zoomed past the whole-page image by this much: decode the part in view


def normalise_word(text: str) -> str:
    """A word as compared with search terms: case and compatibility forms folded,
    punctuation and marks dropped."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(c for c in unicodedata.normalize("NFKD", folded)
                   if unicodedata.category(c)[0] in "LN")


@dataclass
class DecodeResult:
    job: Job
    generation: int
    box: tuple | None
    image: QImage | None = None
    native_width: int = 0
    error: str | None = None


class PageView(QWidget):
    """The page view. Feed it with `show_page(PageData)` (the window's hook does, as the
    article changes); it asks for nothing itself but emits what the reader does."""

    article_requested = Signal(str)   # a zone was clicked
    article_hovered = Signal(str)     # the headline under the pointer ("" when none)
    scan_loaded = Signal()            # the whole-page image is shown
    scan_failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page: PageData | None = None
        self.current_article: str | None = None
        self.page_ids: list[int] = []      # the pages of the current article
        self.terms: list[str] = []
        self.zone_items: dict[str, ZoneItem] = {}
        self.hit_items: list[HitItem] = []
        self.block_items: list[BlockTextItem] = []
        self.hovered: ZoneItem | None = None
        self.scan_item: QGraphicsPixmapItem | None = None
        self.scan_native_width = 0
        self._placeholder: QGraphicsSimpleTextItem | None = None
        self.detail_item: QGraphicsPixmapItem | None = None
        self._generation = 0
        self._live = [0]  # the generation, as decoding threads read it
        self._jobs: set[Job] = set()
        self._detail_box: tuple | None = None
        self.page_requested = None  # set by the hook: callable(page_id)

        self.scene = QGraphicsScene(self)
        self.canvas = PageCanvas(self)
        self.canvas.setScene(self.scene)
        self.label = QLabel(self)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.previous_page = self._button("◀", self.tr("Previous page of this article"), lambda: self.step_page(-1))
        self.next_page = self._button("▶", self.tr("Next page of this article"), lambda: self.step_page(1))
        self.fit_width_button = self._button(self.tr("Width"), self.tr("Fit width"), lambda: self.fit("width"))
        self.fit_page_button = self._button(self.tr("Page"), self.tr("Fit page"), lambda: self.fit("page"))
        self.zoom_out_button = self._button("−", self.tr("Zoom out"), lambda: self.zoom_by(1 / 1.25))
        self.zoom_in_button = self._button("+", self.tr("Zoom in"), lambda: self.zoom_by(1.25))
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 3, 6, 3)
        bar.addWidget(self.previous_page)
        bar.addWidget(self.next_page)
        bar.addWidget(self.label, 1)
        for button in (self.fit_width_button, self.fit_page_button, self.zoom_out_button, self.zoom_in_button):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.canvas, 1)

        self._detail_timer = QTimer(self)
        self._detail_timer.setSingleShot(True)
        self._detail_timer.setInterval(150)
        self._detail_timer.timeout.connect(self._request_detail)
        self.canvas.view_changed.connect(self._detail_timer.start)
        self.canvas.clicked.connect(self._clicked)
        self.canvas.pointer_moved.connect(self._pointer_moved)
        self._update_buttons()

    def _button(self, text: str, tip: str, slot) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.clicked.connect(lambda _c=False: slot())
        return button

    # --- what is shown -----------------------------------------------------------------------------
    def show_nothing(self, message: str) -> None:
        self._generation += 1
        self._live[0] = self._generation
        self.page = None
        self._clear_scene()
        self.scene.setSceneRect(QRectF(0, 0, PAGE_WIDTH, PAGE_WIDTH * 2 ** 0.5))
        self.label.setText(message)
        self._update_buttons()

    def show_page(self, page: PageData) -> None:
        """Draw PAGE: its scan (decoded in the background) or its blocks, and its zones."""
        self._generation += 1
        self._live[0] = self._generation
        self.page = page
        self._clear_scene()
        height = PAGE_WIDTH * page.aspect()
        self.scene.setSceneRect(QRectF(0, 0, PAGE_WIDTH, height))
        self.scene.addRect(QRectF(0, 0, PAGE_WIDTH, height), Qt.PenStyle.NoPen, PAPER).setZValue(0)
        if page.scan is None:
            for block in page.geometry.blocks:
                item = BlockTextItem(block.kind, block.text, block.box, height)
                self.scene.addItem(item)
                self.block_items.append(item)
        else:
            self._placeholder = QGraphicsSimpleTextItem(self.tr("Loading the scan…"))
            self._placeholder.setPos(PAGE_WIDTH / 2 - 60, 40)
            self.scene.addItem(self._placeholder)
            self._decode(page.scan, self._whole_page_size(page), None, self._generation)
        for zones in page.articles:
            item = ZoneItem(zones.article_id, zones.headline, zones.boxes, height)
            self.scene.addItem(item)
            self.zone_items[zones.article_id] = item
        self._describe()
        self.canvas.apply_fit()
        self._mark_current()
        self._mark_hits()
        self._update_buttons()

    def set_article(self, article_id: str | None, page_ids: list[int]) -> None:
        """The article being read and the pages it stands on; the page follows it."""
        self.current_article = article_id
        self.page_ids = page_ids
        self._mark_current()
        self._update_buttons()

    def set_terms(self, terms: list[str]) -> None:
        self.terms = [t for t in (normalise_word(term) for term in terms for term in term.split()) if t]
        self._mark_hits()

    def _clear_scene(self) -> None:
        self.scene.clear()
        self._placeholder = None  # deleted with the scene's items
        self.zone_items.clear()
        self.hit_items.clear()
        self.block_items.clear()
        self.hovered = None
        self.scan_item = self.detail_item = None
        self._detail_box = None

    def _describe(self) -> None:
        page = self.page
        if page is None:
            return
        where = self.tr("Page {number}").format(number=page.number) if page.number is not None \
            else self.tr("Unnumbered page")
        if page.scan is None:
            self.label.setText(self.tr("{page} · no scan: the OCR's blocks at their places").format(page=where))
        else:
            self.label.setText(f"{where} · {page.scan.label()}")
        self.label.setToolTip(str(page.scan.path) if page.scan else "")

    def _mark_current(self) -> None:
        for article_id, item in self.zone_items.items():
            item.set_current(article_id == self.current_article)
        current = self.zone_items.get(self.current_article or "")
        if current is not None:
            # The page follows the reader: bring the article's zone into view.
            self.canvas.ensureVisible(current.boundingRect().topLeft().x(), current.boundingRect().top(),
                                      1, min(current.boundingRect().height(), 200), 10, 30)

    def _mark_hits(self) -> None:
        for item in self.hit_items:
            self.scene.removeItem(item)
        self.hit_items.clear()
        if self.page is None or not self.terms:
            return
        height = self.scene.sceneRect().height()
        for word in self.page.geometry.words:
            text = normalise_word(word.text)
            if text and any(term == text or (len(term) > 2 and term in text) for term in self.terms):
                item = HitItem(word.text, word.box, height)
                self.scene.addItem(item)
                self.hit_items.append(item)

    # --- reading the scan ----------------------------------------------------------------------------
    def _whole_page_size(self, page: PageData) -> tuple[int, int]:
        """Screen resolution: as wide as the screen (fit width fills at most that)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        ratio = screen.devicePixelRatio() if screen else 1.0
        width = int((screen.geometry().width() if screen else 1920) * ratio)
        return width, int(width * page.aspect()) + 1

    def _decode(self, scan, size: tuple[int, int], box, generation: int) -> None:
        live = self._live

        def work(job: Job) -> DecodeResult:
            result = DecodeResult(job, generation, box)
            if live[0] != generation:
                return result  # queued behind other decodes, and the reader has moved on
            try:
                result.image = decode_scan(scan, size, box)
                result.native_width = scan_size(scan)[0] if box is None else 0
            except ScanError as exc:
                result.error = str(exc)
            return result

        job = Job(work)
        self._jobs.add(job)
        # Bound methods of this widget, not lambdas: a view closed meanwhile is disconnected.
        job.finished.connect(self._decoded)
        job.failed.connect(self._decode_crashed)
        job.start(_decode_pool())

    def _decoded(self, result: DecodeResult) -> None:
        self._jobs.discard(result.job)
        if result.generation != self._generation or self.page is None:
            return  # the reader has moved on
        if result.error is not None:
            self._decode_failed(result.error)
            return
        if result.image is None:
            return
        image, native_width, box = result.image, result.native_width, result.box
        height = self.scene.sceneRect().height()
        pixmap = QPixmap.fromImage(image)
        target = box_rect(box or (0, 0, 1, 1), height)
        item = QGraphicsPixmapItem(pixmap)
        item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        item.setTransform(QTransform.fromScale(target.width() / pixmap.width(), target.height() / pixmap.height()))
        item.setPos(target.topLeft())
        item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        if box is None:
            if self._placeholder is not None:
                self.scene.removeItem(self._placeholder)
            self._placeholder = None
            item.setZValue(1)
            self.scan_item = item
            self.scan_native_width = native_width
            self.scene.addItem(item)
            self.scan_loaded.emit()
            self._request_detail()
        else:
            if self.detail_item is not None:
                self.scene.removeItem(self.detail_item)
            item.setZValue(2)
            self.detail_item = item
            self.scene.addItem(item)

    def _decode_crashed(self, message: str) -> None:
        self._jobs = {job for job in self._jobs if not job.done.is_set()}
        self._decode_failed(message.split(": ", 1)[-1])  # without the exception's type

    def _decode_failed(self, text: str) -> None:
        if self._placeholder is not None:
            self._placeholder.setText(self.tr("The scan could not be read: {reason}").format(reason=text))
        self.scan_failed.emit(text)

    def _request_detail(self) -> None:
        """Zoomed in past the whole-page image: decode the part in view at screen pixels."""
        if self.page is None or self.page.scan is None or self.scan_item is None:
            return
        base_px_per_unit = self.scan_item.pixmap().width() / PAGE_WIDTH
        ratio = self.devicePixelRatioF()
        if self.canvas.zoom() * ratio <= base_px_per_unit * DETAIL_GAIN \
                or self.scan_item.pixmap().width() >= self.scan_native_width:  # nothing sharper there
            if self.detail_item is not None:
                self.scene.removeItem(self.detail_item)
                self.detail_item = None
                self._detail_box = None
            return
        x0, y0, x1, y1 = self.canvas.visible_box()
        if self._detail_box and self._detail_box[0] <= x0 and self._detail_box[1] <= y0 \
                and self._detail_box[2] >= x1 and self._detail_box[3] >= y1 \
                and self._detail_box[4] >= self.canvas.zoom():
            return  # the sharp part already covers the view
        # A margin around the view, so that a little panning stays sharp.
        margin_x, margin_y = (x1 - x0) * 0.25, (y1 - y0) * 0.25
        box = (max(0.0, x0 - margin_x), max(0.0, y0 - margin_y), min(1.0, x1 + margin_x), min(1.0, y1 + margin_y))
        viewport = self.canvas.viewport().size()
        size = (int(viewport.width() * 1.5 * ratio) + 1, int(viewport.height() * 1.5 * ratio) + 1)
        self._detail_box = (*box, self.canvas.zoom())
        self._decode(self.page.scan, size, box, self._generation)

    # --- the reader's actions -------------------------------------------------------------------------
    def fit(self, mode: str) -> None:
        self.canvas.fit_mode = mode
        self.canvas.apply_fit()

    def zoom_by(self, factor: float) -> None:
        self.canvas.set_zoom(self.canvas.zoom() * factor)

    def step_page(self, step: int) -> None:
        if self.page is None or self.page.page_id not in self.page_ids or self.page_requested is None:
            return
        position = self.page_ids.index(self.page.page_id) + step
        if 0 <= position < len(self.page_ids):
            self.page_requested(self.page_ids[position])

    def _update_buttons(self) -> None:
        inside = self.page is not None and self.page.page_id in self.page_ids
        position = self.page_ids.index(self.page.page_id) if inside else -1
        self.previous_page.setVisible(len(self.page_ids) > 1)
        self.next_page.setVisible(len(self.page_ids) > 1)
        self.previous_page.setEnabled(inside and position > 0)
        self.next_page.setEnabled(inside and position < len(self.page_ids) - 1)

    def zone_at(self, point: QPointF) -> ZoneItem | None:
        """The zone under POINT (scene coordinates); the smallest where zones overlap."""
        found = [item for item in self.zone_items.values() if item.shape().contains(item.mapFromScene(point))]
        return min(found, key=lambda i: i.boundingRect().width() * i.boundingRect().height(), default=None)

    def _clicked(self, point: QPointF) -> None:
        item = self.zone_at(point)
        if item is not None and item.article_id != self.current_article:
            self.article_requested.emit(item.article_id)

    def _pointer_moved(self, point: QPointF) -> None:
        item = self.zone_at(point)
        if item is self.hovered:
            return
        if self.hovered is not None:
            self.hovered.set_hovered(False)
        self.hovered = item
        if item is not None:
            item.set_hovered(True)
            self.canvas.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
            QToolTip.showText(self.canvas.mapToGlobal(self.canvas.mapFromScene(point)), item.headline, self.canvas)
        else:
            self.canvas.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            QToolTip.hideText()
        self.article_hovered.emit(item.headline if item is not None else "")

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.matches(QKeySequence.StandardKey.ZoomIn):
            self.zoom_by(1.25)
        elif event.matches(QKeySequence.StandardKey.ZoomOut):
            self.zoom_by(1 / 1.25)
        else:
            super().keyPressEvent(event)


_pool = None


def _decode_pool():
    """One decoding thread for every page view: a big scan at a time is enough memory."""
    global _pool
    if _pool is None:
        from PySide6.QtCore import QThreadPool

        _pool = QThreadPool()
        _pool.setMaxThreadCount(1)
    return _pool
