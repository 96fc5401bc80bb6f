"""Issue 11 item 3 in the window: a read-only library is said once, its write actions are
off, and no button throws."""
from __future__ import annotations

import shutil
import subprocess

import pytest


def _window_on(qtbot, library_path, ui_settings):
    from reader.ui.app import application, create_window

    application()
    window = create_window(str(library_path), ui_settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.current_article_id is not None, timeout=20000)
    return window


def check_read_only_window(qtbot, window) -> None:
    assert window.service.read_only
    assert window.read_only_label.isVisible() and window.read_only_label.text()
    for control in window.write_controls():
        assert not control.isEnabled(), control
    # Every write path, even pressed anyway (shortcut, code), gives one line and no traceback.
    article_id = window.current_article_id
    with qtbot.waitSignal(window.service.write_failed, timeout=5000) as failed:
        window.notes.toggle_bookmark()
    assert failed.args == ["the library is read-only: nothing was changed"]
    assert window.imports.start(["/nonexistent"]) is None
    window.view.select_span(0, 4)
    with qtbot.waitSignal(window.service.write_failed, timeout=5000):
        window.notes.highlight_selection()
    assert not window.service.is_bookmarked(article_id)
    assert window.service.annotations() == []


def test_read_only_library_disables_writes(qtbot, sample_library, ui_settings, monkeypatch):
    """The window's side, whatever made the library read-only: here the store's own read-only
    open (as when the file or its folder cannot be written)."""
    from reader.store import open_library
    from reader.ui import service

    monkeypatch.setattr(service, "open_library",
                        lambda path, **kwargs: open_library(path, **{**kwargs, "read_only": True}))
    window = _window_on(qtbot, sample_library, ui_settings)
    try:
        check_read_only_window(qtbot, window)
    finally:
        window.service.close()


def test_an_immutable_library_file_opens_read_only(qtbot, sample_library, ui_settings):
    """A library the process cannot write (chattr +i: even root cannot)."""
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(sample_library)]).returncode != 0:
        pytest.skip("cannot make a file immutable here")
    try:
        window = _window_on(qtbot, sample_library, ui_settings)
        try:
            check_read_only_window(qtbot, window)
        finally:
            window.service.close()
    finally:
        subprocess.run(["chattr", "-i", str(sample_library)])
