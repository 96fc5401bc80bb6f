"""File → Export to PDF…: which articles, paper size, highlights; the export runs off the
GUI thread with a progress dialog."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from .jobs import Job
from .service import LibraryService


class ExportDialog(QDialog):
    def __init__(self, service: LibraryService, parent: QWidget | None = None, *, current_article: str | None = None,
                 selected: list[str] | None = None, issue=None) -> None:
        super().__init__(parent)
        self.service = service
        self.current_article = current_article
        self.selected = selected or []
        self.issue = issue
        self.job: Job | None = None
        self.progress: QProgressDialog | None = None
        self.output: str | None = None
        self.setWindowTitle(self.tr("Export to PDF"))
        self.scope = QButtonGroup(self)
        self.options: dict[str, QRadioButton] = {}
        layout = QVBoxLayout(self)
        for key, label, enabled in (
            ("current", self.tr("The article being read"), bool(current_article)),
            ("selected", self.tr("The selected articles ({count})").format(count=len(self.selected)), bool(self.selected)),
            ("issue", self.tr("The whole issue"), issue is not None),
            ("bookmarked", self.tr("All bookmarked articles"), True),
            ("search", self.tr("The results of a search:"), True),
        ):
            button = QRadioButton(label, self)
            button.setEnabled(enabled)
            self.scope.addButton(button)
            self.options[key] = button
            layout.addWidget(button)
        self.query = QLineEdit(self)
        self.query.setPlaceholderText(self.tr("search terms"))
        self.query.textEdited.connect(lambda _t: self.options["search"].setChecked(True))
        layout.addWidget(self.query)
        first = next((b for b in self.options.values() if b.isEnabled()), self.options["bookmarked"])
        first.setChecked(True)
        self.paper = QComboBox(self)
        self.paper.addItem("A4", "a4")
        self.paper.addItem("Letter", "letter")
        layout.addWidget(self.paper)
        self.with_annotations = QCheckBox(self.tr("Include my highlights and notes"), self)
        layout.addWidget(self.with_annotations)
        self.with_clippings = QCheckBox(self.tr("Put each article's clipping from the page scan before it"), self)
        layout.addWidget(self.with_clippings)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Export…"))
        buttons.accepted.connect(self.choose_file_and_export)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def article_ids(self) -> dict:
        key = next(k for k, b in self.options.items() if b.isChecked())
        if key == "current":
            return {"article_ids": [self.current_article]}
        if key == "selected":
            return {"article_ids": self.selected}
        if key == "issue":
            return {"issue_of": self.current_article} if self.current_article else {}
        if key == "bookmarked":
            return {"bookmarked": True}
        return {"query": self.query.text()}

    def choose_file_and_export(self) -> None:
        from .file_dialogs import save_file_name

        path = save_file_name(self, self.tr("Export to PDF"), "dubao.pdf", self.tr("PDF (*.pdf)"), "pdf")
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> Job:
        """Start the export to PATH (also what tests call)."""
        from ..export.pdf import MAX_ARTICLES, export_articles_pdf
        from ..export.selection import select_articles
        from ..store import open_library

        selection = self.article_ids()
        paper, with_annotations = self.paper.currentData(), self.with_annotations.isChecked()
        with_clippings = self.with_clippings.isChecked()
        db_path = self.service.db_path

        def work(job: Job) -> int:
            db = open_library(db_path, migrate=False)
            try:
                ids = select_articles(db, **selection, at_most=MAX_ARTICLES)
                return export_articles_pdf(db, ids, path, paper=paper, with_annotations=with_annotations,
                                           with_clippings=with_clippings, progress=job.report, should_cancel=job.cancelled)
            finally:
                db.close()

        self.output = path
        self.progress = QProgressDialog(self.tr("Exporting…"), self.tr("Cancel"), 0, 0, self)
        self.progress.setWindowModality(Qt.WindowModality.NonModal)  # see window/imports.py
        self.progress.setMinimumDuration(300)
        job = Job(work)
        self.progress.canceled.connect(job.cancel)
        job.progress.connect(self._progress)
        job.finished.connect(self._finished)
        job.failed.connect(self._failed)
        self.job = job
        job.start(self.service.pool)
        return job

    def _progress(self, done: int, total: int, _what: str) -> None:
        progress = self.progress
        if progress is not None:
            progress.setMaximum(total)
            progress.setValue(done)

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.reset()
            self.progress.deleteLater()
            self.progress = None

    def _finished(self, count: int) -> None:
        self._close_progress()
        message = self.tr("Exported 1 article to {path}") if count == 1 else self.tr("Exported {count} articles to {path}")
        self.result_message = message.format(count=count, path=self.output)
        if self.parent() is not None and hasattr(self.parent(), "statusBar"):
            self.parent().statusBar().showMessage(self.result_message, 8000)
        self.accept()

    def _failed(self, message: str) -> None:
        self._close_progress()
        self.result_message = message.split(": ", 1)[-1]
        QMessageBox.warning(self, self.tr("Export failed"), self.result_message)
