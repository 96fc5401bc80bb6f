"""Issue 11 item 7 in the window: a crash dialog with copyable details and a rotating log;
no display or missing X11 libraries give one line and exit 1, not Qt's abort."""
from __future__ import annotations

import logging
import os
import subprocess
import sys

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication


@pytest.fixture
def reporter(tmp_path):
    from reader.ui.crash import CrashReporter, setup_logging

    log = setup_logging(tmp_path / "log")
    crash = CrashReporter(log)
    crash.install()
    yield crash
    crash.uninstall()
    if crash.dialog is not None:
        crash.dialog.close()
    for handler in list(logging.getLogger("dubao").handlers):
        if getattr(handler, "dubao_log", False):
            logging.getLogger("dubao").removeHandler(handler)
            handler.close()


def _raise_in_a_slot():
    {}["没有这个键"]


@pytest.mark.qt_no_exception_capture
def test_an_error_in_the_window_shows_a_dialog_and_is_logged(qtbot, reporter, tmp_path):
    QTimer.singleShot(0, _raise_in_a_slot)
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible(), timeout=5000)
    details = reporter.dialog.details.toPlainText()
    assert "KeyError" in details and "_raise_in_a_slot" in details and "没有这个键" in details
    reporter.dialog.copy_button.click()
    assert "_raise_in_a_slot" in QApplication.clipboard().text()
    log = (tmp_path / "log" / "dubao.log").read_text(encoding="utf-8")
    assert "KeyError" in log and "_raise_in_a_slot" in log


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_thread_reaches_the_dialog(qtbot, reporter):
    import threading

    thread = threading.Thread(target=_raise_in_a_slot)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible(), timeout=5000)
    assert "KeyError" in reporter.dialog.details.toPlainText()


def test_the_log_rotates(tmp_path, monkeypatch):
    from reader.ui import crash

    monkeypatch.setattr(crash, "LOG_BYTES", 2000)
    crash.setup_logging(tmp_path / "log")
    logger = logging.getLogger("dubao")
    try:
        for n in range(100):
            logger.error("error number %d %s", n, "x" * 80)
    finally:
        for handler in list(logger.handlers):
            if getattr(handler, "dubao_log", False):
                logger.removeHandler(handler)
                handler.close()
    names = sorted(p.name for p in (tmp_path / "log").iterdir())
    assert names == ["dubao.log", "dubao.log.1", "dubao.log.2", "dubao.log.3"]


def test_missing_x11_libraries_are_named_with_the_apt_command():
    from reader.ui.display_check import display_problem

    libraries = {"libxcb-dubao-test-absent.so.0": "libxcb-absent0", "libc.so.6": "libc6"}
    line = display_problem({"DISPLAY": ":0"}, libraries)
    assert line is not None and "\n" not in line
    assert "libxcb-absent0" in line and "sudo apt install libxcb-absent0" in line and "libc6" not in line
    assert display_problem({"DISPLAY": ":0"}, {"libc.so.6": "libc6"}) is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, libraries) is None
    assert "libxcb-absent0" in display_problem({"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":0"}, libraries)


def test_dubao_without_a_display_says_so_in_one_line(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"))
    run = subprocess.run([sys.executable, "-m", "reader.cli"], env=env, capture_output=True, timeout=60)
    assert run.returncode == 1, run.stderr.decode()
    lines = run.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("dubao: no display")
