"""When something unexpected goes wrong in the window: a log file in the state directory
(rotating) and a dialog with the details as plain text and a "Copy details" button, instead
of a traceback on a terminal nobody is looking at."""
from __future__ import annotations

import logging
import logging.handlers
import sys
import threading
import traceback
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

LOG_BYTES = 1_000_000
LOG_BACKUPS = 3


def log_directory() -> Path:
    from platformdirs import user_log_dir

    return Path(user_log_dir("dubao", appauthor=False))


def setup_logging(folder: Path | None = None) -> Path | None:
    """Log warnings and errors of the app to dubao.log (rotating); returns its path, or None
    when the folder cannot be made (the app runs on without a log)."""
    folder = folder or log_directory()
    logger = logging.getLogger("dubao")
    for handler in list(logger.handlers):
        if getattr(handler, "dubao_log", False):
            logger.removeHandler(handler)
            handler.close()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(folder / "dubao.log", maxBytes=LOG_BYTES,
                                                       backupCount=LOG_BACKUPS, encoding="utf-8", delay=True)
    except OSError:
        return None
    handler.dubao_log = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return folder / "dubao.log"


class CrashDialog(QDialog):
    def __init__(self, details: str, log_path: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Dubao — something went wrong"))
        layout = QVBoxLayout(self)
        where = (self.tr("The details are also in {path}.").format(path=log_path) if log_path
                 else self.tr("The log file could not be written."))
        layout.addWidget(QLabel(self.tr("Something unexpected went wrong. Your library is safe: what was "
                                        "saved stays saved. {where}").format(where=where), self))
        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        self.details.setPlainText(details)
        layout.addWidget(self.details, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = QPushButton(self.tr("Copy details"), self)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(lambda: QApplication.clipboard().setText(details))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(680, 420)


class CrashReporter(QObject):
    """sys.excepthook and threading.excepthook: log the error, and show it in a dialog on
    the GUI thread (from another thread it travels as a queued signal)."""

    _report = Signal(str)

    def __init__(self, log_path: Path | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_path = log_path
        self.dialog: CrashDialog | None = None
        self._report.connect(self.show, Qt.ConnectionType.QueuedConnection)
        self._previous = (sys.excepthook, threading.excepthook)

    def install(self) -> None:
        sys.excepthook = self.excepthook
        threading.excepthook = lambda args: self.excepthook(args.exc_type, args.exc_value, args.exc_traceback)

    def uninstall(self) -> None:
        sys.excepthook, threading.excepthook = self._previous

    def excepthook(self, exc_type, exc_value, exc_traceback) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            self._previous[0](exc_type, exc_value, exc_traceback)
            return
        details = "".join(traceback.format_exception(exc_type, exc_value, exc_traceback))
        logging.getLogger("dubao").error("unexpected error\n%s", details.rstrip())
        self._report.emit(details)

    def show(self, details: str) -> None:
        from .. import __version__

        text = f"Dubao {__version__}, Python {sys.version.split()[0]}\n\n{details}"
        if self.dialog is not None and self.dialog.isVisible():
            # One dialog at a time: an error in a paint loop must not open a hundred.
            self.dialog.details.appendPlainText("\n" + details)
            return
        self.dialog = CrashDialog(text, self.log_path, QApplication.activeWindow())
        self.dialog.open()


def install_crash_reporter(app: QApplication, log_folder: Path | None = None) -> CrashReporter:
    reporter = CrashReporter(setup_logging(log_folder), app)
    reporter.install()
    return reporter
