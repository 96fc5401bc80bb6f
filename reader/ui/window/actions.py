"""Every command of the window as a QAction with its shortcut, the menus that hold them,
and the F1 list. `write_actions` are the ones a read-only library disables."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence

from .appearance import DEFAULT_FONT_SIZE

if TYPE_CHECKING:
    from ..main_window import MainWindow


class WindowActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        w = window
        nav, notes, look, find = w.navigation, w.notes, w.appearance, w.find
        a = self._action
        self.import_files = a(self.tr("Import &Files…"), lambda: w.imports.import_files_dialog(),
                              QKeySequence.StandardKey.Open, "import_files")
        self.import_folder = a(self.tr("Import F&older…"), lambda: w.imports.import_folder_dialog(),
                               "Ctrl+Shift+O", "import_folder")
        self.export_pdf = a(self.tr("&Export to PDF…"), w.export_pdf_dialog, "Ctrl+E", "export_pdf")
        self.quit = a(self.tr("&Quit"), w.close, QKeySequence.StandardKey.Quit, "quit")
        self.next_article = a(self.tr("Next &Article"), lambda: nav.step_article(1), ["J", "Ctrl+Down"], "next_article")
        self.prev_article = a(self.tr("Previous A&rticle"), lambda: nav.step_article(-1), ["K", "Ctrl+Up"], "prev_article")
        self.next_page = a(self.tr("Next &Page"), lambda: nav.step_page(1), ["]", "Ctrl+PgDown"], "next_page")
        self.prev_page = a(self.tr("Previous P&age"), lambda: nav.step_page(-1), ["[", "Ctrl+PgUp"], "prev_page")
        self.next_issue = a(self.tr("Next &Issue"), lambda: nav.step_issue(1), ["Ctrl+]", "Ctrl+Shift+PgDown"], "next_issue")
        self.prev_issue = a(self.tr("Previous I&ssue"), lambda: nav.step_issue(-1), ["Ctrl+[", "Ctrl+Shift+PgUp"], "prev_issue")
        self.back = a(self.tr("&Back"), nav.go_back, ["Alt+Left"], "back")
        self.forward = a(self.tr("&Forward"), nav.go_forward, ["Alt+Right"], "forward")
        self.zoom_in = a(self.tr("Zoom &In"), lambda: look.set_font_size(look.font_size + 1), ["Ctrl++", "Ctrl+="], "zoom_in")
        self.zoom_out = a(self.tr("Zoom &Out"), lambda: look.set_font_size(look.font_size - 1), ["Ctrl+-"], "zoom_out")
        self.zoom_reset = a(self.tr("&Reset Zoom"), lambda: look.set_font_size(DEFAULT_FONT_SIZE), ["Ctrl+0"], "zoom_reset")
        self.search = a(self.tr("&Search Library"), lambda: w.panels.focus_search(), ["Ctrl+F"], "search")
        self.find = a(self.tr("&Find in Article"), find.show_bar, ["Ctrl+Shift+F"], "find")
        self.next_hit = a(self.tr("Next &Hit"), lambda: find.step_hit(1), ["F3"], "next_hit")
        self.prev_hit = a(self.tr("Previous H&it"), lambda: find.step_hit(-1), ["Shift+F3"], "prev_hit")
        self.bookmark = a(self.tr("&Bookmark Article"), notes.toggle_bookmark, ["Ctrl+D"], "bookmark")
        self.bookmark.setCheckable(True)
        self.highlight = a(self.tr("&Highlight Selection"), notes.highlight_selection, ["Ctrl+H"], "highlight")
        self.note = a(self.tr("Highlight with &Note…"), lambda: notes.highlight_selection(ask_note=True),
                      ["Ctrl+Shift+H"], "note")
        self.cite = a(self.tr("Copy &Citation"), notes.copy_citation, ["Ctrl+Shift+C"], "cite")
        self.cite_plain = a(self.tr("Copy Short Citation"), lambda: notes.copy_citation(plain=True), None, "cite_plain")
        self.page_notes = a(self.tr("Page &Notes"), notes.show_current_page_notes, ["Ctrl+I"], "page_notes")
        self.shortcuts = a(self.tr("&Keyboard Shortcuts"), w.show_shortcuts, ["F1"], "shortcuts")
        self.about = a(self.tr("&About Dubao"), w.show_about, None, "about")
        notes.cite_button.setDefaultAction(self.cite)

        self.theme_group = QActionGroup(window)
        self.theme_actions: dict[str, QAction] = {}
        for key, label in (("light", self.tr("&Light")), ("sepia", self.tr("&Sepia")), ("dark", self.tr("&Dark"))):
            action = QAction(label, window, checkable=True)
            action.setObjectName(f"theme_{key}")
            action.triggered.connect(lambda _c=False, k=key: look.set_theme(k))
            self.theme_group.addAction(action)
            self.theme_actions[key] = action
        self.language_group = QActionGroup(window)
        self.language_actions: dict[str, QAction] = {}
        for key, label in (("system", self.tr("Follow the System")), ("zh_CN", "简体中文"), ("en", "English")):
            action = QAction(label, window, checkable=True)
            action.setObjectName(f"language_{key}")
            action.triggered.connect(lambda _c=False, k=key: look.set_language(k))
            self.language_group.addAction(action)
            self.language_actions[key] = action

    def _action(self, text: str, slot: Callable[[], object], shortcut=None, name: str = "") -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            if isinstance(shortcut, (list, tuple)):
                action.setShortcuts([QKeySequence(s) for s in shortcut])
            else:
                action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        action.setObjectName(name or text)
        self.window.addAction(action)
        return action

    @property
    def write_actions(self) -> list[QAction]:
        """What writes to the library: disabled when it is read-only."""
        return [self.import_files, self.import_folder, self.bookmark, self.highlight, self.note]

    def create_menus(self) -> None:
        bar = self.window.menuBar()
        self.file_menu = bar.addMenu(self.tr("&File"))
        self._fill(self.file_menu, (self.import_files, self.import_folder, None, self.export_pdf, None, self.quit))
        self.go_menu = bar.addMenu(self.tr("&Go"))
        self._fill(self.go_menu, (self.next_article, self.prev_article, None, self.next_page, self.prev_page,
                                  None, self.next_issue, self.prev_issue, None, self.back, self.forward))
        self.search_menu = bar.addMenu(self.tr("&Search"))
        self._fill(self.search_menu, (self.search, self.find, self.next_hit, self.prev_hit))
        self.article_menu = bar.addMenu(self.tr("&Article"))
        self._fill(self.article_menu, (self.bookmark, self.highlight, self.note, None, self.cite,
                                       self.cite_plain, None, self.page_notes))
        self.view_menu = bar.addMenu(self.tr("&View"))
        self._fill(self.view_menu, (self.zoom_in, self.zoom_out, self.zoom_reset, None))
        themes = self.view_menu.addMenu(self.tr("&Theme"))
        self._fill(themes, tuple(self.theme_actions.values()))
        languages = self.view_menu.addMenu(self.tr("&Language"))
        self._fill(languages, tuple(self.language_actions.values()))
        self.help_menu = bar.addMenu(self.tr("&Help"))
        self._fill(self.help_menu, (self.shortcuts, self.about))

    @staticmethod
    def _fill(menu, actions) -> None:
        for action in actions:
            menu.addSeparator() if action is None else menu.addAction(action)
