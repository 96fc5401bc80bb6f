"""Search as you type: the query runs off the GUI thread after a short pause in typing;
a result that arrives for a query no longer in the field is dropped. Results are read a
page at a time as the list is scrolled (the store's SearchResults.page), never all at once."""
from __future__ import annotations

import html

from PySide6.QtCore import QDate, QModelIndex, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ..store.query_help import QUERY_HELP
from ..store.search import SearchHit, SearchResults
from .models import ID_ROLE, RowsModel
from .service import LibraryService, SearchPage

HTML_ROLE = Qt.ItemDataRole.UserRole + 10
TYPING_PAUSE_MS = 180
PAGE = 100


class SearchResultsModel(RowsModel):
    """The hits shown, a page at a time: scrolling to the end asks for the next page
    (`more_requested`), which the panel reads off the GUI thread and appends."""

    more_requested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.more = False       # the search has matches not read yet
        self.fetching = False

    @property
    def hits(self) -> list[SearchHit]:
        return self.rows

    def set_hits(self, hits: list[SearchHit], *, more: bool = False) -> None:
        self.more, self.fetching = more, False
        self.set_rows(hits)

    def append_hits(self, hits: list[SearchHit], *, more: bool) -> None:
        self.more, self.fetching = more, False
        if hits:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(hits) - 1)
            self.rows.extend(hits)
            self.endInsertRows()

    def canFetchMore(self, parent: QModelIndex = QModelIndex()) -> bool:  # noqa: N802 - Qt API
        return not parent.isValid() and self.more and not self.fetching

    def fetchMore(self, parent: QModelIndex = QModelIndex()) -> None:  # noqa: N802 - Qt API
        if self.canFetchMore(parent):
            self.fetching = True
            self.more_requested.emit()

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        hit = self.row_at(index)
        if hit is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{' '.join(hit.headline.split())}\n{hit.snippet}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return hit.headline
        if role == ID_ROLE:
            return hit.id
        if role == HTML_ROLE:
            pages = ",".join(str(p) for p in hit.pages if p is not None)
            snippet = "".join(f"<b style='background:#ffe082;color:#000'>{html.escape(t)}</b>" if hit_part
                              else html.escape(t) for t, hit_part in hit.snippet_parts)
            meta = html.escape(f"{hit.publication}  {hit.date or ''}  {self.tr('p. {pages}').format(pages=pages)}")
            return (f"<div><b>{html.escape(' '.join(hit.headline.split()))}</b></div>"
                    f"<div style='color:gray;font-size:small'>{meta}</div><div>{snippet}</div>")
        return None


class RichTextDelegate(QStyledItemDelegate):
    """Draws HTML_ROLE: a headline, a line of facts, and the snippet with matches marked.
    The HTML is built by the model from escaped text only."""

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setHtml(index.data(HTML_ROLE) or "")
        document.setTextWidth(max(120, option.rect.width() - 8))
        return document

    def paint(self, painter, option, index) -> None:
        options = QStyleOptionViewItem(option)
        self.initStyleOption(options, index)
        style = options.widget.style() if options.widget else None
        options.text = ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, options, painter, options.widget)
        document = self._document(options, index)
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(options.state & QStyle.StateFlag.State_Selected)
        context.palette.setColor(QPalette.ColorRole.Text, options.palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text))
        painter.save()
        painter.translate(options.rect.left() + 4, options.rect.top() + 2)
        painter.setClipRect(QRectF(0, 0, options.rect.width() - 4, options.rect.height()))
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 - Qt API
        options = QStyleOptionViewItem(option)
        self.initStyleOption(options, index)
        document = self._document(options, index)
        return QSize(int(document.idealWidth()), int(document.size().height()) + 6)


class SearchPanel(QWidget):
    """Search field, filters and results. Emits open_requested(article id, terms)."""

    open_requested = Signal(str, list)
    searching = Signal(bool)

    def __init__(self, service: LibraryService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.field = QLineEdit(self)
        self.field.setPlaceholderText(self.tr("Search the library (Ctrl+F)"))
        self.field.setClearButtonEnabled(True)
        # The query syntax, as `dubao search --help` gives it (kept in one place by the store);
        # white space kept so that its examples line up.
        self.field.setToolTip("<div style='white-space:pre'>" + html.escape(QUERY_HELP, quote=False) + "</div>")
        self.exact_script = QCheckBox(self.tr("Exact script"), self)
        self.exact_script.setToolTip(self.tr("Simplified and traditional characters do not match each other "
                                             "(without it, 宪法 also finds 憲法)"))
        self.publication = QComboBox(self)
        self.since_on, self.until_on = QCheckBox(self.tr("From"), self), QCheckBox(self.tr("To"), self)
        self.since, self.until = QDateEdit(self), QDateEdit(self)
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
        self.since.setDate(QDate(2000, 1, 1))
        self.until.setDate(QDate.currentDate())
        self.since_on.toggled.connect(self.since.setEnabled)
        self.until_on.toggled.connect(self.until.setEnabled)
        self.status = QLabel(self)
        self.status.setObjectName("searchStatus")
        self.model = SearchResultsModel(self)
        self.results = QListView(self)
        self.results.setModel(self.model)
        self.results.setItemDelegate(RichTextDelegate(self.results))
        self.results.setWordWrap(True)
        self.results.setUniformItemSizes(False)
        self.results.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.results.setSelectionMode(QListView.SelectionMode.ExtendedSelection)
        self.results.activated.connect(self._open)
        self.results.clicked.connect(self._open)

        filters = QHBoxLayout()
        filters.addWidget(self.publication, 1)
        filters.addWidget(self.exact_script)
        dates = QHBoxLayout()
        for widget in (self.since_on, self.since, self.until_on, self.until):
            dates.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.field)
        layout.addLayout(filters)
        layout.addLayout(dates)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_PAUSE_MS)
        self._timer.timeout.connect(self.run_search)
        self.field.textChanged.connect(lambda _text: self._timer.start())
        self.field.returnPressed.connect(self.run_search)
        for signal in (self.publication.currentIndexChanged, self.since_on.toggled, self.until_on.toggled,
                       self.since.dateChanged, self.until.dateChanged, self.exact_script.toggled):
            signal.connect(lambda *_: self._timer.start())
        self._serial = 0
        self._job = None
        self._results: SearchResults | None = None  # the shown search's, for its next pages
        self.model.more_requested.connect(self._next_page)
        self.last_terms: list[str] = []
        self.reload_publications()

    def reload_publications(self) -> None:
        current = self.publication.currentData()
        self.publication.blockSignals(True)
        self.publication.clear()
        self.publication.addItem(self.tr("All publications"), None)
        for pub in self.service.publication_names():
            self.publication.addItem(pub["name"], pub["name"])
        index = self.publication.findData(current)
        self.publication.setCurrentIndex(max(0, index))
        self.publication.blockSignals(False)

    def focus_field(self) -> None:
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def run_search(self) -> None:
        self._timer.stop()
        query = self.field.text()
        self._serial += 1
        serial = self._serial
        if self._job is not None:
            self._job.cancel()
        self._results = None
        if not query.strip():
            self.model.set_hits([])
            self.status.setText("")
            self.last_terms = []
            return
        self.searching.emit(True)
        self.status.setText(self.tr("Searching…"))
        job = self.service.search_job(
            query, limit=PAGE, publication=self.publication.currentData(),
            since=self.since.date().toString("yyyy-MM-dd") if self.since_on.isChecked() else None,
            until=self.until.date().toString("yyyy-MM-dd") if self.until_on.isChecked() else None,
            exact_script=self.exact_script.isChecked())
        job.finished.connect(lambda page: self._show(serial, page))
        job.failed.connect(lambda message: self._failed(serial, message))
        self._job = job.start()

    def _show(self, serial: int, page: SearchPage | None) -> None:
        if serial != self._serial or page is None:
            return  # stale: the query changed while this one ran
        self.searching.emit(False)
        self._results = page.results
        self.last_terms = page.results.terms
        self.model.set_hits(page.hits, more=len(page.hits) < page.results.total)
        self._show_count()

    def _show_count(self) -> None:
        results = self._results
        total = results.total if results is not None else 0
        if not total:
            notices = results.notices if results is not None else []
            self.status.setText(self.tr("No matches") + "".join(f" — {n}" for n in notices))
        elif total == 1:  # English has no translation file to give Qt's %n its plural
            self.status.setText(self.tr("1 match"))
        elif self.model.more:
            self.status.setText(self.tr("{n} matches; scroll for more").format(n=f"{total:,}"))
        else:
            self.status.setText(self.tr("{n} matches").format(n=f"{total:,}"))

    def _next_page(self) -> None:
        """The view scrolled to the end: the next page of the same results, off the GUI thread."""
        serial, results = self._serial, self._results
        if results is None:
            self.model.fetching = False
            return
        job = self.service.search_page_job(results, offset=self.model.rowCount(), limit=PAGE)
        job.finished.connect(lambda hits: self._append(serial, hits))
        job.failed.connect(lambda message: self._failed(serial, message))
        job.start()

    def _append(self, serial: int, hits: list[SearchHit]) -> None:
        if serial != self._serial or self._results is None:
            return
        # No more when the page came short too: the library changed under the results.
        more = bool(hits) and self.model.rowCount() + len(hits) < self._results.total
        self.model.append_hits(hits, more=more)
        self._show_count()

    def _failed(self, serial: int, message: str) -> None:
        if serial == self._serial:
            self.searching.emit(False)
            self.status.setText(self.tr("Search failed: {message}").format(message=message))

    def _open(self, index: QModelIndex) -> None:
        article_id = index.data(ID_ROLE)
        if article_id:
            self.open_requested.emit(article_id, list(self.last_terms))
