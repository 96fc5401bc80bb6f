"""Small dialogs and bars of the main window."""
from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)


class FindBar(QWidget):
    """Find in the open article: type, then Enter / F3 for the next hit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = QLineEdit(self)
        self.field.setPlaceholderText(self.tr("Find in article"))
        self.field.setClearButtonEnabled(True)
        self.count = QLabel(self)
        self.previous = QToolButton(self)
        self.previous.setText("▲")
        self.next = QToolButton(self)
        self.next.setText("▼")
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        for widget in (self.field, self.count, self.previous, self.next, self.close_button):
            layout.addWidget(widget)
        self.close_button.clicked.connect(self.hide)


class TableDialog(QDialog):
    """A read-only two-column table with a Close button (and an optional line above)."""

    def __init__(self, parent: QWidget | None, title: str, headers: list[str], rows: list[tuple[str, str]],
                 summary: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        if summary:
            layout.addWidget(QLabel(summary, self))
        table = QTableWidget(len(rows), len(headers), self)
        table.setHorizontalHeaderLabels(headers)
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                table.setItem(row, column, QTableWidgetItem(value))
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.table = table


class ImportReportDialog(TableDialog):
    """The end of an import with bad files: which, and why."""

    def __init__(self, report, summary: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, self.tr("Import report"), [self.tr("File"), self.tr("Problem")],
                         [(r.path, r.error or "") for r in report.failed], summary)
        self.resize(720, 360)


class ShortcutsDialog(TableDialog):
    """Every action of the window with its shortcuts (F1)."""

    def __init__(self, window: QWidget) -> None:
        actions = [a for a in window.actions() if a.shortcuts()]
        rows = [(a.text().replace("&", ""),
                 ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in a.shortcuts()))
                for a in actions]
        super().__init__(window, self.tr("Keyboard shortcuts"), [self.tr("Action"), self.tr("Keys")], rows)
        self.resize(520, 560)
