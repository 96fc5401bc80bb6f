"""The reader window: masthead on top, the issue's sections / library / search / notes on
the left, the article on the right. The window is composed of parts (reader/ui/window/),
each holding one concern; they are wired together in `_connect_signals()` and nowhere else.
To add a part: build it in __init__, give it a tab (`panels.add_tab`) or a place in the
layout, and connect it in `_connect_signals()`."""
from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QSplitter, QVBoxLayout, QWidget

from .article_view import ArticleView
from .dialogs import ShortcutsDialog
from .masthead import Masthead
from .service import LibraryService
from .window.actions import WindowActions
from .window.appearance import Appearance
from .window.changes import ChangeWatcher
from .window.find import Find
from .window.imports import Imports
from .window.navigation import Navigation
from .window.notes import Notes
from .window.panels import Panels
from .window.removal import Removal
from .window.state import WindowState

MESSAGE_MS = 4000


class MainWindow(QMainWindow):
    article_shown = Signal(str)

    def __init__(self, service: LibraryService, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.settings = settings
        self.setWindowTitle(self.tr("Dubao — newspaper reader"))
        self.setAcceptDrops(True)
        self.extra_write_controls: list = []  # parts added later (corrections) list theirs here

        self.masthead = Masthead(self)
        self.reader = QWidget(self)            # the article, with its bar above and find bar below
        self.view = ArticleView(self.reader)
        self.panels = Panels(self)
        self.navigation = Navigation(self)
        self.find = Find(self.view, self)
        self.notes = Notes(self)
        self.appearance = Appearance(self)
        self.imports = Imports(self)
        self.removal = Removal(self)
        self.commands = WindowActions(self)
        self.state = WindowState(self)
        self.changes = ChangeWatcher(self)
        self.commands.create_menus()
        self._lay_out()
        self._connect_signals()
        from .correcting import install_corrections

        install_corrections(self)  # its own parts: Ctrl+E, marks, the Corrections panel (issue 13)
        from .page_view_install import install_page_view

        install_page_view(self)  # the page view: P, View → Page View (issue 10)
        self.resize(1220, 820)
        if service.read_only:
            self.show_read_only()

    def _lay_out(self) -> None:
        reader_layout = QVBoxLayout(self.reader)
        reader_layout.setContentsMargins(0, 0, 0, 0)
        reader_layout.setSpacing(0)
        reader_layout.addWidget(self.notes.bar)
        reader_layout.addWidget(self.view, 1)
        reader_layout.addWidget(self.find.bar)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.panels.tabs)
        self.splitter.addWidget(self.reader)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([340, 860])

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.masthead)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        self.counts_label = QLabel(self)
        self._counts_serial = 0
        self.read_only_label = QLabel(self)
        self.read_only_label.hide()
        self.statusBar().addPermanentWidget(self.read_only_label)
        self.statusBar().addPermanentWidget(self.imports.progress_bar)
        self.statusBar().addPermanentWidget(self.counts_label)

    def _connect_signals(self) -> None:
        panels, nav, notes, service = self.panels, self.navigation, self.notes, self.service
        # What is open
        nav.issue_opened.connect(self._show_masthead)
        nav.article_opened.connect(self._show_article)  # first: the others draw on the shown article
        nav.article_opened.connect(notes.article_opened)
        nav.article_opened.connect(self.find.article_opened)
        nav.article_opened.connect(lambda article, _terms: self.article_shown.emit(article.id))
        nav.history_changed.connect(self.commands.back.setEnabled)
        nav.history_changed.connect(lambda _back, forward: self.commands.forward.setEnabled(forward))
        nav.message.connect(self.show_message)
        # The side panels
        panels.section_chosen.connect(nav.activate_section)
        panels.section_view.activated.connect(nav.activate_section)
        panels.library_view.activated.connect(nav.activate_library_item)
        panels.library_view.clicked.connect(nav.activate_library_item)
        panels.previous_issue_button.clicked.connect(lambda: nav.step_issue(-1))
        panels.next_issue_button.clicked.connect(lambda: nav.step_issue(1))
        panels.search_panel.open_requested.connect(lambda article_id, terms: nav.open_article(article_id, terms=terms))
        panels.bookmarks_panel.open_requested.connect(lambda article_id: nav.open_article(article_id))
        panels.annotations_panel.open_requested.connect(self.open_annotation)
        panels.calendar.issue_chosen.connect(nav.open_issue)
        panels.calendar.message.connect(self.show_message)
        panels.library_view.customContextMenuRequested.connect(self.removal.library_menu)
        panels.section_view.customContextMenuRequested.connect(self.removal.section_menu)
        # The article and its notes
        notes.star_button.clicked.connect(notes.toggle_bookmark)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(notes.context_menu)
        # The library
        service.library_changed.connect(self.refresh_library)
        service.bookmarks_changed.connect(notes.update_bookmark_action)
        service.annotations_changed.connect(notes.annotations_changed)
        # What is remembered, saved as it changes (a logout's SIGTERM skips closeEvent)
        nav.article_opened.connect(lambda _article, _terms: self.state.schedule_save())
        self.view.verticalScrollBar().valueChanged.connect(lambda _value: self.state.schedule_save())
        self.splitter.splitterMoved.connect(lambda _pos, _index: self.state.schedule_save())
        panels.tabs.currentChanged.connect(lambda _index: self.state.schedule_save())
        self.appearance.changed.connect(self.state.schedule_save)
        service.write_failed.connect(lambda message: self.show_message(
            self.tr("Not saved: {message}").format(message=message), 10000))

    # --- what the parts share ----------------------------------------------------------------
    @property
    def current_article_id(self) -> str | None:
        return self.navigation.current_article_id

    @property
    def current_issue(self):
        return self.navigation.current_issue

    def open_article(self, article_id: str, **kwargs) -> bool:
        return self.navigation.open_article(article_id, **kwargs)

    def open_issue(self, issue_id: int, **kwargs) -> None:
        self.navigation.open_issue(issue_id, **kwargs)

    def show_message(self, text: str, ms: int = MESSAGE_MS) -> None:
        self.statusBar().showMessage(text, ms)

    def _show_masthead(self, info) -> None:
        self.masthead.show_issue(self.service.publication_details(info.publication_id), info)

    def _show_article(self, article, _terms) -> None:
        self.view.show_article(article)
        first_page = next((p for p in article.pages if p is not None), None)
        self.masthead.set_page(first_page, article.page_names.get(first_page))
        self.setWindowTitle(f"{' '.join(article.headline.split())} — {article.publication} — Dubao")

    def open_annotation(self, article_id: str, start: int, end: int) -> None:
        if self.navigation.open_article(article_id):
            self.view.select_span(start, end)

    def refresh_library(self) -> None:
        """The library changed (an import, a removal, another process): read again what
        shows it. The tree is rebuilt only when its publications or issues changed, and keeps
        what the reader had opened in it. What is read here is bounded (names, the open
        issue); counting issues and articles grows with the library and is done off the GUI
        thread, and only the latest count shows."""
        self.panels.reload_library()
        self.panels.search_panel.reload_publications()
        self.panels.calendar.reload_publications()
        self.navigation.reload_current()
        self._counts_serial += 1
        serial = self._counts_serial
        self.service.overview_job(on_done=lambda overview: self._show_overview(serial, overview))

    def _show_overview(self, serial: int, overview: dict) -> None:
        if serial != self._counts_serial or self.service.closed:
            return
        self.panels.reload_library(overview["publications"])
        self._show_counts(overview["counts"])

    def _show_counts(self, counts: dict) -> None:
        # One string per count and number (tr() needs literal strings): "1 issue", "2 issues".
        n = counts
        parts = [
            self.tr("1 publication") if n["publications"] == 1 else self.tr("{n} publications"),
            self.tr("1 issue") if n["issues"] == 1 else self.tr("{n} issues"),
            self.tr("1 page") if n["pages"] == 1 else self.tr("{n} pages"),
            self.tr("1 article") if n["articles"] == 1 else self.tr("{n} articles"),
        ]
        values = [n["publications"], n["issues"], n["pages"], n["articles"]]
        self.counts_label.setText(" · ".join(part.format(n=f"{value:,}") for part, value in zip(parts, values)))

    def write_controls(self) -> list:
        """Every action and button that writes to the library (a part that adds one lists it
        here, or appends to `extra_write_controls`)."""
        notes, panels = self.notes, self.panels
        return [*self.commands.write_actions, notes.star_button, notes.highlight_color_box,
                panels.bookmarks_panel.remove_button, panels.bookmarks_panel.note_button,
                panels.annotations_panel.edit_button, panels.annotations_panel.delete_button,
                panels.annotations_panel.undo_button, *self.extra_write_controls]

    def show_read_only(self) -> None:
        """A read-only library: say so once, where it stays visible, and disable every write."""
        self.read_only_label.setText(self.tr("Read-only library"))
        self.read_only_label.setToolTip(self.tr("This library cannot be changed: bookmarks, highlights, "
                                                "imports and removals are off."))
        self.read_only_label.setStyleSheet("font-weight: bold; padding: 0 10px")
        self.read_only_label.show()
        self.setAcceptDrops(False)
        for control in self.write_controls():
            control.setEnabled(False)

    # --- dialogs ----------------------------------------------------------------------------------
    def export_pdf_dialog(self) -> None:
        from .export_dialog import ExportDialog

        ExportDialog(self.service, self, current_article=self.current_article_id,
                     selected=self.panels.selected_article_ids(), issue=self.current_issue).open()

    def show_shortcuts(self) -> None:
        ShortcutsDialog(self).open()

    def show_about(self) -> None:
        from .. import __version__

        QMessageBox.about(self, self.tr("About Dubao"), self.tr(
            "Dubao (读报) {version}\nA reader for digitised newspapers: read, search, annotate, export.\n"
            "Works offline; never touches the network.").format(version=__version__))

    # --- Qt events ------------------------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.imports.drag_enter(event)

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.imports.drop(event)

    def moveEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().moveEvent(event)
        self.state.schedule_save()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self.state.schedule_save()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.imports.stop()
        self.changes.timer.stop()
        self.state.save()
        super().closeEvent(event)
