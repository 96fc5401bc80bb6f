"""Bookmarks and annotations panels, and the note dialog."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .models import ID_ROLE, PagedRowsModel
from .service import LibraryService

ANNOTATION_ROLE = Qt.ItemDataRole.UserRole + 20


class NoteDialog(QDialog):
    """A note and comma-separated tags for a highlight."""

    def __init__(self, parent: QWidget | None = None, note: str = "", tags: list[str] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Note"))
        self.note = QPlainTextEdit(self)
        self.note.setPlainText(note)
        self.tags = QLineEdit(self)
        self.tags.setPlaceholderText(self.tr("tags, separated by commas"))
        self.tags.setText(", ".join(tags or []))
        form = QFormLayout(self)
        form.addRow(self.tr("Note"), self.note)
        form.addRow(self.tr("Tags"), self.tags)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> tuple[str | None, list[str]]:
        tags = [t.strip() for t in self.tags.text().replace("，", ",").split(",") if t.strip()]
        return (self.note.toPlainText().strip() or None), tags


class BookmarksModel(PagedRowsModel):
    """Newest first, a page at a time."""

    def __init__(self, service: LibraryService, parent=None) -> None:
        super().__init__(parent)
        self.service = service
        self.refresh()

    def fetch(self, offset: int, limit: int) -> list:
        return self.service.bookmarks(limit=limit, offset=offset)

    def refresh(self) -> None:
        self.reload()

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        row = self.row_at(index)
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            pages = ",".join(str(p) for p in row["pages"] if p is not None)
            headline = " ".join((row["headline"] or self.tr("(no longer in the library)")).split())
            facts = f"{row['publication'] or ''}  {row['date'] or ''}  {self.tr('p. {pages}').format(pages=pages)}"
            note = f"\n{row['note']}" if row["note"] else ""
            return f"{headline}\n{facts}{note}"
        if role == ID_ROLE:
            return row["id"]
        return None


class BookmarksPanel(QWidget):
    open_requested = Signal(str)

    def __init__(self, service: LibraryService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.model = BookmarksModel(service, self)
        self.view = QListView(self)
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        self.view.setSpacing(3)
        self.view.setAlternatingRowColors(True)
        self.view.activated.connect(lambda index: self.open_requested.emit(index.data(ID_ROLE)))
        self.view.doubleClicked.connect(lambda index: self.open_requested.emit(index.data(ID_ROLE)))
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.clicked.connect(self.remove_selected)
        self.note_button = QPushButton(self.tr("Note…"), self)
        self.note_button.clicked.connect(self.edit_note)
        buttons = QHBoxLayout()
        buttons.addWidget(self.note_button)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        service.bookmarks_changed.connect(self.model.refresh)
        service.library_changed.connect(self.model.refresh)

    def remove_selected(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.service.set_bookmarked(index.data(ID_ROLE), False)

    def edit_note(self) -> None:
        index = self.view.currentIndex()
        if not index.isValid():
            return
        row = self.model.rows[index.row()]
        text, ok = QInputDialog.getText(self, self.tr("Bookmark note"), self.tr("Note"), text=row["note"] or "")
        if ok:
            self.service.set_bookmark_note(row["id"], text.strip() or None)


class AnnotationsModel(PagedRowsModel):
    """A page at a time; `query` is (article id or None, tag, text)."""

    def __init__(self, service: LibraryService, parent=None) -> None:
        super().__init__(parent)
        self.service = service
        self.query: tuple | None = None

    def fetch(self, offset: int, limit: int) -> list:
        if self.query is None:
            return []
        article_id, tag, text = self.query
        return self.service.annotations(article_id, tag=tag, text=text, limit=limit, offset=offset)

    def show(self, query: tuple | None) -> None:
        self.query = query
        self.reload()

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        annotation = self.row_at(index)
        if annotation is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            quote = " ".join(annotation.exact.split())
            text = f"“{quote[:80]}{'…' if len(quote) > 80 else ''}”"
            if annotation.orphaned:
                text = self.tr("[orphaned] ") + text
            if annotation.note:
                text += f"\n{annotation.note}"
            if annotation.tags:
                text += "\n" + " ".join(f"#{t}" for t in annotation.tags)
            return text
        if role == ID_ROLE:
            return annotation.id
        if role == ANNOTATION_ROLE:
            return annotation
        return None


class AnnotationsPanel(QWidget):
    """Annotations of the open article, or of the whole library; filter by tag or text;
    jump, edit, delete — and undo a delete."""

    open_requested = Signal(str, int, int)

    def __init__(self, service: LibraryService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.article_id: str | None = None
        self.whole_library = QCheckBox(self.tr("Whole library"), self)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(self.tr("Filter: text, or #tag"))
        self.filter.setClearButtonEnabled(True)
        self.model = AnnotationsModel(service, self)
        self.view = QListView(self)
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        self.view.setSpacing(3)
        self.view.setAlternatingRowColors(True)
        self.edit_button = QPushButton(self.tr("Edit…"), self)
        self.delete_button = QPushButton(self.tr("Delete"), self)
        self.undo_button = QPushButton(self.tr("Undo Delete"), self)
        self.undo_button.setEnabled(False)
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.whole_library)
        buttons = QHBoxLayout()
        for button in (self.edit_button, self.delete_button, self.undo_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self._deleted = []
        self.view.activated.connect(self._jump)
        self.view.clicked.connect(self._jump)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.undo_button.clicked.connect(self.undo_delete)
        self.whole_library.toggled.connect(lambda _on: self.refresh())
        self.filter.textChanged.connect(lambda _text: self.refresh())
        undo = QShortcut(QKeySequence(QKeySequence.StandardKey.Undo), self)
        undo.activated.connect(self.undo_delete)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.view)
        delete.activated.connect(self.delete_selected)

    def show_article(self, article_id: str) -> None:
        self.article_id = article_id
        self.refresh()

    def refresh(self) -> None:
        text = self.filter.text().strip()
        tag = text[1:] if text.startswith("#") and len(text) > 1 else None
        scope = None if self.whole_library.isChecked() else self.article_id
        if scope is None and not self.whole_library.isChecked():
            self.model.show(None)
            return
        self.model.show((scope, tag, None if tag else (text or None)))

    def selected(self):
        index = self.view.currentIndex()
        return index.data(ANNOTATION_ROLE) if index.isValid() else None

    def _jump(self, index: QModelIndex) -> None:
        annotation = index.data(ANNOTATION_ROLE)
        if annotation is not None and annotation.start is not None:
            self.open_requested.emit(annotation.article_id, annotation.start, annotation.end)

    def edit_selected(self) -> None:
        annotation = self.selected()
        if annotation is None:
            return
        dialog = NoteDialog(self, annotation.note or "", annotation.tags)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            note, tags = dialog.values()
            self.service.update_annotation(annotation.id, note=note or "", tags=tags)

    def delete_selected(self) -> None:
        annotation = self.selected()
        if annotation is None:
            return
        self.service.delete_annotation(annotation.id, on_done=self._deleted_one)

    def _deleted_one(self, annotation) -> None:
        self._deleted.append(annotation)
        self.undo_button.setEnabled(True)

    def undo_delete(self) -> None:
        if self._deleted:
            self.service.restore_annotation(self._deleted.pop())
        self.undo_button.setEnabled(bool(self._deleted))
