"""Importing from the window: file dialogs, drag-and-drop (the window forwards its events),
the progress bar and the progress dialog that can cancel (each file is imported whole or
not at all), and the report of bad files. A folder is imported in a process of its own
(service.import_job, import_process.py), so the window stays responsive meanwhile."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox, QProgressBar, QProgressDialog

from ..dialogs import ImportReportDialog

if TYPE_CHECKING:
    from ..main_window import MainWindow


class Imports(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.service = window.service
        self.job = None
        self.dialog: QProgressDialog | None = None
        self.last_report = None
        self.progress_bar = QProgressBar(window)
        self.progress_bar.setMaximumWidth(220)
        self.progress_bar.hide()

    def import_files_dialog(self) -> None:
        from ..file_dialogs import open_file_names

        paths = open_file_names(self.window, self.tr("Import page files"),
                                self.tr("Page files (*.md *.markdown *.txt);;All files (*)"))
        if paths:
            self.start(paths)

    def import_folder_dialog(self) -> None:
        from ..file_dialogs import existing_directory

        folder = existing_directory(self.window, self.tr("Import a folder of page files"))
        if folder:
            self.start([folder])

    def start(self, paths: list[str], *, show_dialog: bool = True, open_when_done: bool = False):
        if self.job is not None:
            self.window.show_message(self.tr("An import is already running."))
            return None
        if self.service.read_only:
            self.window.show_message(self.tr("The library is read-only: nothing can be imported into it."))
            return None
        job = self.service.import_job(paths)
        self.job = job
        self.progress_bar.setRange(0, 0)
        self.progress_bar.show()
        if show_dialog:
            dialog = QProgressDialog(self.tr("Importing…"), self.tr("Cancel"), 0, 0, self.window)
            dialog.setWindowTitle(self.tr("Import"))
            # Not modal: a modal progress dialog runs a nested event loop inside setValue(),
            # where the import could end and delete the dialog under its own feet. The user
            # may read on while the import runs.
            dialog.setWindowModality(Qt.WindowModality.NonModal)
            dialog.setMinimumDuration(400)
            dialog.canceled.connect(job.cancel)
            self.dialog = dialog
        job.progress.connect(self._progress)
        job.finished.connect(lambda report: self._finished(report, open_when_done))
        job.failed.connect(self._failed)
        return job.start()

    def _progress(self, done: int, total: int, _name: str) -> None:
        self.progress_bar.setRange(0, total)
        self.progress_bar.setValue(done)
        dialog = self.dialog
        if dialog is not None:
            dialog.setLabelText(self.tr("Importing {done} of {total}…").format(done=done, total=total))
            dialog.setMaximum(total)
            dialog.setValue(done)

    def _end(self) -> None:
        self.job = None
        self.progress_bar.hide()
        if self.dialog is not None:
            self.dialog.reset()
            self.dialog.deleteLater()
            self.dialog = None

    def _finished(self, report, open_when_done: bool) -> None:
        self._end()
        self.last_report = report
        summary = self.tr("{imported} imported, {replaced} replaced, {unchanged} unchanged, {failed} failed; "
                          "{articles} articles").format(
            imported=report.count("imported"), replaced=report.count("replaced"),
            unchanged=report.count("unchanged"), failed=len(report.failed), articles=report.articles)
        if report.cancelled:
            summary += " " + self.tr("(cancelled)")
        self.window.show_message(summary, 10000)
        if report.failed:
            ImportReportDialog(report, summary, self.window).open()
        navigation = self.window.navigation
        if open_when_done or navigation.current_issue is None:
            issue = self.service.latest_issue()
            if issue is not None:
                navigation.open_issue(issue.id)

    def _failed(self, message: str) -> None:
        self._end()
        QMessageBox.warning(self.window, self.tr("Import failed"), message)

    def stop(self) -> None:
        """Cancel a running import and wait for it (the window is closing)."""
        job = self.job
        if job is None:
            return
        job.cancel()
        job.done.wait(30)
        # What the finished job queued must not reach a closed window.
        for signal in (job.progress, job.finished, job.failed):
            try:
                signal.disconnect()
            except (RuntimeError, TypeError):
                pass
        self._end()

    def drag_enter(self, event) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def drop(self, event) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.start(paths)
