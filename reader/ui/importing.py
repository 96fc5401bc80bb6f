"""Importing from the window: file dialogs, drag-and-drop, the progress dialog that can be
cancelled (each file is imported whole or not at all), and the report of bad files."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog

from .dialogs import ImportReportDialog


class ImportMixin:
    """Part of MainWindow (which provides service, statusBar(), open_issue, …)."""

    import_job = None
    import_dialog: QProgressDialog | None = None
    last_import_report = None

    def import_files_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Import page files"), "",
                                                self.tr("Page files (*.md *.markdown *.txt);;All files (*)"))
        if paths:
            self.start_import(paths)

    def import_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Import a folder of page files"))
        if folder:
            self.start_import([folder])

    def start_import(self, paths: list[str], *, show_dialog: bool = True, open_when_done: bool = False):
        if self.import_job is not None:
            self.statusBar().showMessage(self.tr("An import is already running."), 3000)
            return None
        job = self.service.import_job(paths)
        self.import_job = job
        self.import_progress.setRange(0, 0)
        self.import_progress.show()
        if show_dialog:
            dialog = QProgressDialog(self.tr("Importing…"), self.tr("Cancel"), 0, 0, self)
            dialog.setWindowTitle(self.tr("Import"))
            # Not modal: a modal progress dialog runs a nested event loop inside setValue(),
            # where the import could end and delete the dialog under its own feet. The user
            # may read on while the import runs.
            dialog.setWindowModality(Qt.WindowModality.NonModal)
            dialog.setMinimumDuration(400)
            dialog.canceled.connect(job.cancel)
            self.import_dialog = dialog
        job.progress.connect(self._import_progress)
        job.finished.connect(lambda report: self._import_finished(report, open_when_done))
        job.failed.connect(self._import_failed)
        return job.start()

    def _import_progress(self, done: int, total: int, name: str) -> None:
        self.import_progress.setRange(0, total)
        self.import_progress.setValue(done)
        dialog = self.import_dialog
        if dialog is not None:
            dialog.setLabelText(self.tr("Importing {done} of {total}…").format(done=done, total=total))
            dialog.setMaximum(total)
            dialog.setValue(done)

    def _end_import(self) -> None:
        self.import_job = None
        self.import_progress.hide()
        if self.import_dialog is not None:
            self.import_dialog.reset()
            self.import_dialog.deleteLater()
            self.import_dialog = None

    def _import_finished(self, report, open_when_done: bool) -> None:
        self._end_import()
        self.last_import_report = report
        summary = self.tr("{imported} imported, {replaced} replaced, {unchanged} unchanged, {failed} failed; "
                          "{articles} articles").format(
            imported=report.count("imported"), replaced=report.count("replaced"),
            unchanged=report.count("unchanged"), failed=len(report.failed), articles=report.articles)
        if report.cancelled:
            summary += " " + self.tr("(cancelled)")
        self.statusBar().showMessage(summary, 10000)
        if report.failed:
            ImportReportDialog(report, summary, self).open()
        if open_when_done or self.current_issue is None:
            issue = self.service.latest_issue()
            if issue is not None:
                self.open_issue(issue.id)

    def _import_failed(self, message: str) -> None:
        self._end_import()
        QMessageBox.warning(self, self.tr("Import failed"), message)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt API
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt API
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.start_import(paths)

