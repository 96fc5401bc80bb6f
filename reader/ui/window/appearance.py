"""How the article looks: theme, font size; and the interface language."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from ..themes import THEMES, window_palette

if TYPE_CHECKING:
    from ..main_window import MainWindow

DEFAULT_FONT_SIZE = 15
FONT_SIZES = (9, 48)
LANGUAGES = ("system", "zh_CN", "en")


class Appearance(QObject):
    changed = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.theme_name = "light"
        self.font_size = DEFAULT_FONT_SIZE

    def set_theme(self, name: str) -> None:
        theme = THEMES.get(name, THEMES["light"])
        self.theme_name = theme.name
        self.window.commands.theme_actions[theme.name].setChecked(True)
        app = QApplication.instance()
        if app is not None:
            app.setPalette(window_palette(theme, app.style().standardPalette()))
        self.window.view.set_theme(theme)
        self.window.masthead.set_theme(theme)
        self.window.notes.show_annotations()
        self.changed.emit()

    def set_font_size(self, size: int) -> None:
        self.font_size = max(FONT_SIZES[0], min(FONT_SIZES[1], size))
        self.window.view.set_font_size(self.font_size)
        self.window.notes.show_annotations()
        self.changed.emit()

    def show_language(self, language: str) -> None:
        actions = self.window.commands.language_actions
        actions.get(language, actions["system"]).setChecked(True)

    def set_language(self, language: str) -> None:
        from ..i18n import install_translator

        self.show_language(language)
        self.window.settings.setValue("language", language)
        install_translator(language)
        self.window.show_message(self.tr("The language changes when Dubao is started again."))
