"""The Corrections panel: every correction of the library (or of the article shown), newest
first, with a filter; jump to one, revert one. Conflicts (a changed source no longer holds
the original words) are listed too, marked, and kept until reverted. The list is read a page
at a time and filtered in SQL: years of corrections are never all read at once."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .models import PagedRowsModel

CORRECTION_ID_ROLE = Qt.ItemDataRole.UserRole + 30


class CorrectionsModel(PagedRowsModel):
    """Rows: (correction, headline of its article or None), newest first; `query` is
    (article id or None, filter text or None), or None for nothing to list."""

    def __init__(self, service, parent=None) -> None:
        super().__init__(parent)
        self.service = service
        self.query: tuple[str | None, str | None] | None = (None, None)  # None: nothing to list

    def fetch(self, offset: int, limit: int) -> list:
        if self.query is None:
            return []
        article_id, text = self.query
        return self.service.corrections_page(article_id, text, limit=limit, offset=offset)

    def show(self, query: tuple[str | None, str | None] | None) -> None:
        self.query = query
        self.reload()

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        row = self.row_at(index)
        if row is None:
            return None
        correction, headline = row
        if role == Qt.ItemDataRole.DisplayRole:
            title = " ".join((headline or self.tr("(article not in the library)")).split())
            change = f"{' '.join(correction.original.split()) or '∅'}  →  {' '.join(correction.replacement.split()) or '∅'}"
            facts = " · ".join(x for x in (correction.editor, correction.created_at[:10]) if x)
            flag = ("⚠ " + self.tr("conflict: the source changed") + "\n") if correction.status != "applied" else ""
            note = f"\n{correction.note}" if correction.note else ""
            return f"{flag}{change}\n{title}  {facts}{note}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("Double-click to show it in its article")
        if role == CORRECTION_ID_ROLE:
            return correction.id
        return None


class CorrectionsPanel(QWidget):
    open_requested = Signal(str)    # correction id
    revert_requested = Signal(str)  # correction id

    def __init__(self, corrections_service, window) -> None:
        super().__init__(window)
        self.service = corrections_service
        self.window = window
        self.model = CorrectionsModel(corrections_service, self)
        self._summary_serial = 0  # the latest count asked for; older ones are not shown
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(self.tr("Filter corrections…"))
        self.filter.setClearButtonEnabled(True)
        self.this_article = QCheckBox(self.tr("This article only"), self)
        self.view = QListView(self)
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        self.view.setSpacing(3)
        self.view.setAlternatingRowColors(True)
        self.summary = QLabel(self)
        self.open_button = QPushButton(self.tr("Show"), self)
        self.revert_button = QPushButton(self.tr("Revert"), self)
        self.revert_button.setToolTip(self.tr("Take the correction back: the passage reads as imported (Ctrl+Z undoes)"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.revert_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filter)
        layout.addWidget(self.this_article)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.filter.textChanged.connect(lambda _text: self.refresh())
        self.this_article.toggled.connect(lambda _on: self.refresh())
        self.view.activated.connect(self._open)
        self.view.doubleClicked.connect(self._open)
        self.open_button.clicked.connect(lambda: self._open(self.view.currentIndex()))
        self.revert_button.clicked.connect(self._revert)
        window.article_shown.connect(lambda _id: self.this_article.isChecked() and self.refresh())
        window.service.library_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Read the first page of the corrections (of the article shown, or all) that the
        filter matches, and their count."""
        article_id = self.window.current_article_id if self.this_article.isChecked() else None
        self._summary_serial += 1
        if self.this_article.isChecked() and article_id is None:
            self.model.show(None)  # no article shown: nothing of it to list
            self._show_summary((0, 0))
            return
        self.model.show((article_id, self.filter.text().strip() or None))
        # Counting every correction the filter matches grows with them: off the GUI thread,
        # the latest count kept.
        serial = self._summary_serial
        self.service.summary_job(*self.model.query, lambda summary: serial == self._summary_serial
                                 and not self.window.service.closed and self._show_summary(summary))

    def _show_summary(self, summary: tuple[int, int]) -> None:
        count, conflicts = summary
        text = (self.tr("1 correction") if count == 1 else self.tr("{count} corrections")).format(count=count)
        if conflicts:
            text += " · " + self.tr("{count} in conflict").format(count=conflicts)
        self.summary.setText(text)

    def selected_id(self) -> str | None:
        index = self.view.currentIndex()
        return index.data(CORRECTION_ID_ROLE) if index.isValid() else None

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(index.data(CORRECTION_ID_ROLE))

    def _revert(self) -> None:
        correction_id = self.selected_id()
        if correction_id:
            self.revert_requested.emit(correction_id)
