"""Noticing that the library changed under the window — an import in a terminal, another
window, our own writer — through SQLite's data_version (one pragma, no table read), checked
on a timer and whenever the window gets focus; then the counts, the library tree and the
section list are read again."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer

if TYPE_CHECKING:
    from ..main_window import MainWindow

CHECK_MS = 2000


class ChangeWatcher(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        window.installEventFilter(self)

    def check(self) -> bool:
        """Refresh if the library changed since the last look; returns whether it had."""
        if self.window.service.changed_elsewhere():
            self.window.refresh_library()
            return True
        return False

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.WindowActivate:
            self.check()
        return False
