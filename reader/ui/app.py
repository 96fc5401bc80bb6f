"""Starting the window: the application object, bundled fonts, language, settings, the
library (with the sample page on first start) and the main window."""
from __future__ import annotations

import os
import sys

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from ..fonts import SERIF_FAMILY, load_bundled_fonts
from ..store import LibraryError, default_library_path
from .i18n import install_translator
from .library_preparation import PreparationStopped, needs_preparing, prepare_library
from .main_window import MainWindow
from .service import LibraryService, sample_page_path

APP_ID = "io.github.dubao.Dubao"


def application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("Dubao")
    app.setOrganizationName("Dubao")
    app.setDesktopFileName(APP_ID)
    load_bundled_fonts()
    # Interface text falls back to the bundled face for Chinese on machines without CJK fonts.
    font = QFont(app.font())
    font.setFamilies([font.family(), SERIF_FAMILY])
    app.setFont(font)
    from importlib.resources import files

    icon = files("dubao_resources") / "icons" / "dubao.svg"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def create_window(db_path: str | None, settings: QSettings | None = None) -> MainWindow:
    """Open the library and build the window (what tests drive, and what run_app shows).
    An empty library imports the bundled sample page, so a newcomer sees a paper at once."""
    settings = settings or QSettings()
    install_translator(str(settings.value("language", "system")))
    path = str(db_path or default_library_path())
    if needs_preparing(path):
        prepare_library(path)  # migrations and index rebuilds off the GUI thread
    service = LibraryService(path)
    window = MainWindow(service, settings)
    window.state.restore()
    if service.is_empty() and not service.read_only:
        window.imports.start([str(sample_page_path())], show_dialog=False, open_when_done=True)
    return window


def _quit_on_sigterm(app: QApplication) -> None:
    """SIGTERM (a session logout, `kill`) ends the event loop like Quit, so the window's state
    is saved and the library closed. Python runs signal handlers only between bytecodes: a
    timer gives it the chance while Qt waits for events."""
    import signal

    signal.signal(signal.SIGTERM, lambda *_: app.quit())
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(300)


def run_app(db_path: str | None = None) -> int:
    from .crash import install_crash_reporter

    app = application()
    reporter = install_crash_reporter(app)
    db_path = db_path or os.environ.get("DUBAO_DB") or None
    try:
        window = create_window(db_path)
    except PreparationStopped as exc:
        print(f"dubao: {exc}", file=sys.stderr)
        return 0
    except LibraryError as exc:
        QMessageBox.critical(None, "Dubao", str(exc))
        print(f"dubao: {exc}", file=sys.stderr)
        return 1
    window.show()
    if os.environ.get("DUBAO_QUIT_AFTER_MS"):  # end-to-end tests: start, show, leave
        QTimer.singleShot(int(os.environ["DUBAO_QUIT_AFTER_MS"]), window.close)
    _quit_on_sigterm(app)
    code = app.exec()
    window.imports.stop()
    window.state.save()
    window.service.close()
    reporter.uninstall()
    return code
