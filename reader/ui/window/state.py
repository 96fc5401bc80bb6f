"""What the window remembers between runs: its place, splitter, tab, theme, font size,
language and the reading position. Settings are read defensively: a value that is missing,
of the wrong type or out of range (`view/font_size=big`) falls back to the default, so a
bad settings file never stops the window from starting."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QObject, QSettings, QTimer

from .appearance import DEFAULT_FONT_SIZE, FONT_SIZES, LANGUAGES

if TYPE_CHECKING:
    from ..main_window import MainWindow


def read_int(settings: QSettings, key: str, default: int, low: int, high: int) -> int:
    value = settings.value(key, default)
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return default
    return number if low <= number <= high else default


def read_choice(settings: QSettings, key: str, default: str, choices) -> str:
    value = settings.value(key, default)
    return value if isinstance(value, str) and value in choices else default


def read_bytes(settings: QSettings, key: str) -> QByteArray | None:
    value = settings.value(key)
    return value if isinstance(value, (QByteArray, bytes)) and len(value) else None


def read_text(settings: QSettings, key: str) -> str | None:
    value = settings.value(key)
    return value if isinstance(value, str) and value else None


SAVE_AFTER_MS = 700  # a burst of changes (scrolling, dragging the window) is one save


class WindowState(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.settings = window.settings
        self.restoring = False
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_AFTER_MS)
        self._save_timer.timeout.connect(self.save)

    def schedule_save(self) -> None:
        """Save soon: the window's place and the reading position are kept as they change,
        not only when the window is closed (a session logout ends it with SIGTERM)."""
        if not self.restoring:
            self._save_timer.start()

    def restore(self) -> bool:
        """Restore geometry, splitter, tab, theme, font size and the last article (with its
        scroll position). Returns whether an article was opened."""
        self.restoring = True
        try:
            return self._restore()
        finally:
            self.restoring = False

    def _restore(self) -> bool:
        w, s = self.window, self.settings
        from ..themes import THEMES

        geometry = read_bytes(s, "window/geometry")
        if geometry is not None:
            w.restoreGeometry(geometry)
        splitter = read_bytes(s, "window/splitter")
        if splitter is not None:
            w.splitter.restoreState(splitter)
        w.panels.tabs.setCurrentIndex(read_int(s, "window/tab", 0, 0, w.panels.tabs.count() - 1))
        w.appearance.set_theme(read_choice(s, "view/theme", "light", THEMES))
        w.appearance.set_font_size(read_int(s, "view/font_size", DEFAULT_FONT_SIZE, *FONT_SIZES))
        w.appearance.show_language(read_choice(s, "language", "system", LANGUAGES))
        w.refresh_library()
        article_id = read_text(s, "reading/article")
        if article_id and w.navigation.open_article(article_id, record=False):
            w.view.restore_scroll(read_int(s, "reading/scroll", 0, 0, 1 << 30))
            return True
        issue = w.service.latest_issue()
        if issue is not None:
            w.navigation.open_issue(issue.id)
            return True
        w.masthead.show_issue(None, None)
        return False

    def save(self) -> None:
        self._save_timer.stop()
        w, s = self.window, self.settings
        s.setValue("window/geometry", w.saveGeometry())
        s.setValue("window/splitter", w.splitter.saveState())
        s.setValue("window/tab", w.panels.tabs.currentIndex())
        s.setValue("view/theme", w.appearance.theme_name)
        s.setValue("view/font_size", w.appearance.font_size)
        if w.navigation.current_article_id:
            s.setValue("reading/article", w.navigation.current_article_id)
            s.setValue("reading/scroll", w.view.verticalScrollBar().value())
        s.sync()
