"""Reading themes: colours for the article pane and the window."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette

from ..export.typeset import HIGHLIGHT_BACKGROUNDS


@dataclass(frozen=True)
class Theme:
    name: str
    background: str
    text: str
    muted: str
    accent: str
    rule: str
    search_hit: str
    current_hit: str
    dark: bool = False


THEMES = {
    "light": Theme("light", "#fdfdfb", "#1d1d1b", "#6b6b66", "#9b1c1c", "#c9c4b8", "#ffd54f", "#ff9800"),
    "sepia": Theme("sepia", "#f4ecd8", "#4a3b2a", "#7d6b55", "#8b2e16", "#c8b795", "#f2c14e", "#e07b24"),
    "dark": Theme("dark", "#1e1f22", "#dcdcd6", "#9a9a94", "#e57373", "#4a4b50", "#8d6e00", "#c75b00", dark=True),
}

HIGHLIGHT_ON_DARK = {"yellow": "#7a6a00", "green": "#1b5e20", "blue": "#0d47a1", "pink": "#880e4f",
                     "orange": "#8a4b00"}


def highlight_color(name: str, theme: Theme) -> QColor:
    colors = HIGHLIGHT_ON_DARK if theme.dark else HIGHLIGHT_BACKGROUNDS
    return QColor(colors.get(name, colors["yellow"]))


def window_palette(theme: Theme, base: QPalette) -> QPalette:
    """The window's palette: the system's for light/sepia, a dark one for dark."""
    if not theme.dark:
        return base
    palette = QPalette(base)
    window, text, panel = QColor("#2b2d31"), QColor(theme.text), QColor("#232428")
    for role, color in (
        (QPalette.ColorRole.Window, window), (QPalette.ColorRole.WindowText, text),
        (QPalette.ColorRole.Base, panel), (QPalette.ColorRole.AlternateBase, window),
        (QPalette.ColorRole.Text, text), (QPalette.ColorRole.Button, window),
        (QPalette.ColorRole.ButtonText, text), (QPalette.ColorRole.ToolTipBase, panel),
        (QPalette.ColorRole.ToolTipText, text), (QPalette.ColorRole.PlaceholderText, QColor(theme.muted)),
        (QPalette.ColorRole.Highlight, QColor("#3d6fb4")), (QPalette.ColorRole.HighlightedText, QColor("#ffffff")),
    ):
        palette.setColor(role, color)
    return palette
