"""Opening a library that needs work first — schema migrations (m002 builds the search index)
or a search index rebuilt for a new tokenizer — off the GUI thread, with a progress dialog.
The window is built once the library is ready, so nothing of this runs on the GUI thread."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from ..store import LibraryError, open_library
from ..store.reindex import needs_reindex, reindex
from ..store.schema import migrations
from .jobs import Job


def needs_preparing(path: str) -> bool:
    """Quick: read the library's migration records and index stamp, change nothing."""
    db = open_library(path, migrate=False)
    try:
        return bool(migrations.pending(db)) or needs_reindex(db)
    finally:
        db.close()


def preparation_job(path: str) -> Job:
    """Migrate and, where needed, rebuild the search index, in a thread of its own; progress
    goes to the job's `progress` signal. Connect, then start()."""

    def work(job: Job) -> bool:
        db = open_library(path)  # applies pending migrations here, not on the GUI thread
        try:
            if needs_reindex(db):
                return reindex(db, progress=job.report, stop=job.cancelled)
            return True
        finally:
            db.close()

    return Job(work)


class PreparationStopped(LibraryError):
    """The person stopped the index rebuild: it continues the next time the library opens."""


def prepare_library(path: str, parent: QWidget | None = None) -> None:
    """Run the preparation with a progress dialog; the GUI stays live meanwhile. Raises
    LibraryError (one line) when it fails, PreparationStopped when the person stopped it
    (the rebuild keeps what it did, and goes on from there next time)."""
    dialog = QProgressDialog(
        QCoreApplication.translate("LibraryPreparation", "Preparing the library (search index)…"),
        QCoreApplication.translate("LibraryPreparation", "Stop (continue next time)"), 0, 0, parent)
    dialog.setWindowTitle("Dubao")
    dialog.setWindowModality(Qt.WindowModality.NonModal)
    dialog.setMinimumDuration(300)
    loop = QEventLoop()
    errors: list[str] = []
    outcome: list[object] = []
    job = preparation_job(path)
    dialog.canceled.connect(job.cancel)  # stops between batches; what is indexed stays

    def progress(done: int, total: int, _what: str) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)

    job.progress.connect(progress)
    job.finished.connect(lambda result: (outcome.append(result), loop.quit()))
    job.failed.connect(lambda message: (errors.append(message), loop.quit()))
    job.start()
    loop.exec()
    dialog.reset()
    dialog.deleteLater()
    if errors:
        raise LibraryError(f"{path}: the library could not be prepared ({errors[0]})")
    if outcome and outcome[0] is False:
        raise PreparationStopped(f"{path}: the search index rebuild was stopped; it continues "
                                 "the next time the library is opened")
