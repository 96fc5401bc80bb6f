"""Issue 11 item 1: a file dialog listing the library's folder must not open the library's
files (Qt sniffs each listed file's type by reading it; closing that descriptor drops our
process's SQLite locks, and another process's writes then corrupt the library)."""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.pages import make_issue_pages
from PySide6.QtWidgets import QApplication, QFileDialog

IN_CLOSE_NOWRITE = 0x10
IN_NONBLOCK = 0o4000

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify is Linux's")


class ReadOnlyOpens:
    """inotify on a folder: names of files opened read-only (and closed) in it. SQLite opens a
    library read-write, so a read-only open of library.db* is someone sniffing it."""

    def __init__(self, folder: Path) -> None:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        self.fd = libc.inotify_init1(IN_NONBLOCK)
        assert self.fd >= 0
        assert libc.inotify_add_watch(self.fd, str(folder).encode(), IN_CLOSE_NOWRITE) >= 0

    def names(self) -> list[str]:
        out = []
        while True:
            try:
                data = os.read(self.fd, 65536)
            except BlockingIOError:
                return out
            offset = 0
            while offset < len(data):
                _wd, _mask, _cookie, length = struct.unpack_from("iIII", data, offset)
                out.append(data[offset + 16:offset + 16 + length].rstrip(b"\0").decode())
                offset += 16 + length

    def close(self) -> None:
        os.close(self.fd)


def list_folder(qtbot, dialog: QFileDialog, folder: Path) -> None:
    """Show DIALOG on FOLDER in detail view until it has listed the library."""
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    dialog.setDirectory(str(folder))
    dialog.show()
    from PySide6.QtWidgets import QAbstractItemView

    view = dialog.findChild(QAbstractItemView, "treeView")
    qtbot.waitUntil(lambda: any(view.model().index(r, 0, view.rootIndex()).data() == "library.db"
                                for r in range(view.model().rowCount(view.rootIndex()))), timeout=10000)
    qtbot.wait(500)  # icons and types are gathered after the names
    QApplication.processEvents()


def library_names(names: list[str]) -> set[str]:
    return {n for n in names if n.startswith("library.db")}


def test_our_dialog_never_opens_the_library_files(qtbot, opened_window, library_path):
    from reader.ui.file_dialogs import file_dialog

    folder = library_path.parent
    watch = ReadOnlyOpens(folder)
    try:
        # Plain Qt dialog first: it does sniff them, so this test can see a sniff.
        plain = QFileDialog(opened_window, "plain", str(folder))
        plain.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        list_folder(qtbot, plain, folder)
        plain.close()
        plain.deleteLater()
        sniffed = set()
        qtbot.waitUntil(lambda: sniffed.update(library_names(watch.names())) or len(sniffed) == 3, timeout=5000)
        qtbot.wait(1000)  # its icon thread may still be at work: let it finish before ours
        watch.names()
        ours = file_dialog(opened_window, "ours", str(folder))
        list_folder(qtbot, ours, folder)
        ours.close()
        assert library_names(watch.names()) == set()
    finally:
        watch.close()


def test_the_windows_dialogs_are_the_safe_ones(qtbot, opened_window, monkeypatch):
    from PySide6.QtCore import QTimer

    from reader.ui.file_dialogs import NameOnlyIconProvider

    seen = []

    def inspect_and_close():
        dialog = QApplication.activeModalWidget()
        seen.append((type(dialog.iconProvider()), dialog.testOption(QFileDialog.Option.DontUseNativeDialog)))
        dialog.reject()

    for action in (opened_window.commands.import_files, opened_window.commands.import_folder):
        QTimer.singleShot(300, inspect_and_close)
        action.trigger()
    assert seen == [(NameOnlyIconProvider, True)] * 2


def test_two_importers_in_other_processes_while_the_window_writes_and_lists_the_library(
        qtbot, opened_window, library_path, tmp_path):
    """The measured corruption and the measured lock failures together: two `dubao import`s in
    terminals, while the window lists the library's folder in a file dialog and writes bookmarks
    through its writer. Everything waits its turn; nothing is lost or damaged."""
    from reader.ui.file_dialogs import file_dialog

    window = opened_window
    import datetime as dt

    first = make_issue_pages(tmp_path / "a", 200)
    second = make_issue_pages(tmp_path / "b", 200, start=dt.date(2005, 1, 1))
    env = dict(os.environ, DUBAO_DB=str(library_path))
    importers = [subprocess.Popen([sys.executable, "-m", "reader.cli", "--db", str(library_path), "import",
                                   "--workers", "1", str(folder)],
                                  env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                 for folder in (tmp_path / "a", tmp_path / "b")]
    dialog = file_dialog(window, "import", str(library_path.parent))
    toggles = []
    try:
        while any(p.poll() is None for p in importers):
            list_folder(qtbot, dialog, library_path.parent)
            dialog.setDirectory(str(tmp_path))       # away and back: the folder is listed again
            with qtbot.waitSignal(window.service.bookmarks_changed, timeout=60000):
                window.service.toggle_bookmark(window.current_article_id, on_done=toggles.append)
    finally:
        outputs = [p.communicate(timeout=300) for p in importers]
        dialog.close()
    for process, (_out, err) in zip(importers, outputs):
        assert process.returncode == 0, err.decode()
    assert toggles
    db = window.service.db
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert window.service.is_bookmarked(window.current_article_id) == toggles[-1]
    assert window.service.counts()["pages"] == 1 + len(first) + len(second)  # the sample, and every page
