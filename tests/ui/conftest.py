"""The window as the tests of reader/ui open it: a fresh library with the sample page."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings


@pytest.fixture
def ui_settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def sample_library(library_path):
    """A library that already holds the sample page (the window imports nothing)."""
    from helpers.paths import SAMPLE

    from reader.store import open_library
    from reader.store.importer import import_paths

    db = open_library(library_path)
    import_paths(db, [SAMPLE])
    db.close()
    return library_path


@pytest.fixture
def opened_window(qtbot, library_path, ui_settings):
    """A window on a new library, once the sample page is imported and its first article open."""
    from reader.ui.app import application, create_window

    application()
    window = create_window(str(library_path), ui_settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.current_article_id is not None and window.imports.job is None, timeout=20000)
    yield window
    window.imports.stop()
    window.service.close()


@pytest.fixture
def make_window(qtbot, library_path, ui_settings):
    """Windows on one new library (as many as a test asks for), closed cleanly at the end."""
    from reader.ui.app import application, create_window

    application()
    windows = []

    def make():
        window = create_window(str(library_path), ui_settings)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)  # window shortcuts (P, J, K) need it
        windows.append(window)
        return window

    yield make
    for window in windows:
        if window.imports.job is not None:
            window.imports.job.cancel()
            window.imports.job.done.wait(30)
        window.service.close()
