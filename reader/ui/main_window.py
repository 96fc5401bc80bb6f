"""The reader window: masthead on top, the issue's sections / library / search / notes on
the left, the article on the right. Every action is in a menu and has a shortcut; the
window's state is remembered between runs."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ..store.normalize import find_all
from .annotating import NotesMixin
from .article_view import ArticleView
from .dialogs import FindBar, ShortcutsDialog
from .importing import ImportMixin
from .masthead import Masthead
from .models import ID_ROLE, KIND_ROLE, LibraryModel, SectionModel
from .search_panel import SearchPanel
from .service import LibraryService
from .themes import THEMES, window_palette

DEFAULT_FONT_SIZE = 15


class MainWindow(ImportMixin, NotesMixin, QMainWindow):
    article_shown = Signal(str)

    def __init__(self, service: LibraryService, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.settings = settings
        self.setWindowTitle(self.tr("Dubao — newspaper reader"))
        self.setAcceptDrops(True)
        self.current_issue = None
        self.current_article_id: str | None = None
        self.back_stack: list[str] = []
        self.forward_stack: list[str] = []
        self.theme_name = "light"
        self.font_size = DEFAULT_FONT_SIZE

        self.masthead = Masthead(self)
        self.sections = SectionModel(service, self)
        self.section_view = QTreeView(self)
        self.section_view.setModel(self.sections)
        self.section_view.setHeaderHidden(True)
        self.section_view.setUniformRowHeights(True)
        self.section_view.setWordWrap(False)
        # Several articles can be chosen at once (Ctrl/Shift+click) for the PDF export.
        self.section_view.setSelectionMode(QTreeView.SelectionMode.ExtendedSelection)
        self.library = LibraryModel(service, self)
        self.library_view = QTreeView(self)
        self.library_view.setModel(self.library)
        self.library_view.setHeaderHidden(True)
        self.library_view.setUniformRowHeights(True)
        self.previous_issue_button = QPushButton(self.tr("◀ Previous issue"), self)
        self.next_issue_button = QPushButton(self.tr("Next issue ▶"), self)
        library_panel = QWidget(self)
        library_layout = QVBoxLayout(library_panel)
        library_layout.setContentsMargins(0, 0, 0, 0)
        library_layout.addWidget(self.library_view, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.previous_issue_button)
        buttons.addWidget(self.next_issue_button)
        library_layout.addLayout(buttons)
        self.search_panel = SearchPanel(service, self)

        from .notes_panel import AnnotationsPanel, BookmarksPanel

        self.bookmarks_panel = BookmarksPanel(service, self)
        self.annotations_panel = AnnotationsPanel(service, self)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.section_view, self.tr("Sections"))
        self.tabs.addTab(library_panel, self.tr("Library"))
        self.tabs.addTab(self.search_panel, self.tr("Search"))
        self.tabs.addTab(self.bookmarks_panel, self.tr("Bookmarks"))
        self.tabs.addTab(self.annotations_panel, self.tr("Annotations"))

        self.view = ArticleView(self)
        self.find_bar = FindBar(self)
        self.find_bar.hide()
        reader = QWidget(self)
        reader_layout = QVBoxLayout(reader)
        reader_layout.setContentsMargins(0, 0, 0, 0)
        reader_layout.setSpacing(0)
        reader_layout.addWidget(self.view, 1)
        reader_layout.addWidget(self.find_bar)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(reader)
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
        self.import_progress = QProgressBar(self)
        self.import_progress.setMaximumWidth(220)
        self.import_progress.hide()
        self.statusBar().addPermanentWidget(self.import_progress)
        self.statusBar().addPermanentWidget(self.counts_label)

        self._create_actions()
        reader_layout.insertWidget(0, self._article_bar())
        self._create_menus()
        self._connect_signals()
        from .page_view_install import install_page_view

        install_page_view(self)
        self.resize(1220, 820)

    # --- actions and menus ---------------------------------------------------------------------
    def _action(self, text: str, slot, shortcut=None, name: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            if isinstance(shortcut, (list, tuple)):
                action.setShortcuts([QKeySequence(s) for s in shortcut])
            else:
                action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        action.setObjectName(name or text)
        self.addAction(action)
        return action

    def _create_actions(self) -> None:
        a = self._action
        self.act_import_files = a(self.tr("Import &Files…"), self.import_files_dialog, QKeySequence.StandardKey.Open, "import_files")
        self.act_import_folder = a(self.tr("Import F&older…"), self.import_folder_dialog, "Ctrl+Shift+O", "import_folder")
        self.act_export_pdf = a(self.tr("&Export to PDF…"), self.export_pdf_dialog, "Ctrl+E", "export_pdf")
        self.act_quit = a(self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit, "quit")
        self.act_next_article = a(self.tr("Next &Article"), lambda: self.step_article(1), ["J", "Ctrl+Down"], "next_article")
        self.act_prev_article = a(self.tr("Previous A&rticle"), lambda: self.step_article(-1), ["K", "Ctrl+Up"], "prev_article")
        self.act_next_page = a(self.tr("Next &Page"), lambda: self.step_page(1), ["]", "Ctrl+PgDown"], "next_page")
        self.act_prev_page = a(self.tr("Previous P&age"), lambda: self.step_page(-1), ["[", "Ctrl+PgUp"], "prev_page")
        self.act_next_issue = a(self.tr("Next &Issue"), lambda: self.step_issue(1), ["Ctrl+]", "Ctrl+Shift+PgDown"], "next_issue")
        self.act_prev_issue = a(self.tr("Previous I&ssue"), lambda: self.step_issue(-1), ["Ctrl+[", "Ctrl+Shift+PgUp"], "prev_issue")
        self.act_back = a(self.tr("&Back"), self.go_back, ["Alt+Left"], "back")
        self.act_forward = a(self.tr("&Forward"), self.go_forward, ["Alt+Right"], "forward")
        self.act_zoom_in = a(self.tr("Zoom &In"), lambda: self.set_font_size(self.font_size + 1), ["Ctrl++", "Ctrl+="], "zoom_in")
        self.act_zoom_out = a(self.tr("Zoom &Out"), lambda: self.set_font_size(self.font_size - 1), ["Ctrl+-"], "zoom_out")
        self.act_zoom_reset = a(self.tr("&Reset Zoom"), lambda: self.set_font_size(DEFAULT_FONT_SIZE), ["Ctrl+0"], "zoom_reset")
        self.act_search = a(self.tr("&Search Library"), self.focus_search, ["Ctrl+F"], "search")
        self.act_find = a(self.tr("&Find in Article"), self.show_find_bar, ["Ctrl+Shift+F"], "find")
        self.act_next_hit = a(self.tr("Next &Hit"), lambda: self.step_hit(1), ["F3"], "next_hit")
        self.act_prev_hit = a(self.tr("Previous H&it"), lambda: self.step_hit(-1), ["Shift+F3"], "prev_hit")
        self.act_bookmark = a(self.tr("&Bookmark Article"), self.toggle_bookmark, ["Ctrl+D"], "bookmark")
        self.act_bookmark.setCheckable(True)
        self.act_highlight = a(self.tr("&Highlight Selection"), self.highlight_selection, ["Ctrl+H"], "highlight")
        self.act_note = a(self.tr("Highlight with &Note…"), lambda: self.highlight_selection(ask_note=True), ["Ctrl+Shift+H"], "note")
        self.act_cite = a(self.tr("Copy &Citation"), self.copy_citation, ["Ctrl+Shift+C"], "cite")
        self.act_cite_plain = a(self.tr("Copy Short Citation"), lambda: self.copy_citation(plain=True), None, "cite_plain")
        self.act_page_notes = a(self.tr("Page &Notes"), self.show_current_page_notes, ["Ctrl+I"], "page_notes")
        self.act_shortcuts = a(self.tr("&Keyboard Shortcuts"), self.show_shortcuts, ["F1"], "shortcuts")
        self.act_about = a(self.tr("&About Dubao"), self.show_about, None, "about")

        self.theme_group = QActionGroup(self)
        self.theme_actions = {}
        for key, label in (("light", self.tr("&Light")), ("sepia", self.tr("&Sepia")), ("dark", self.tr("&Dark"))):
            action = QAction(label, self, checkable=True)
            action.setObjectName(f"theme_{key}")
            action.triggered.connect(lambda _c=False, k=key: self.set_theme(k))
            self.theme_group.addAction(action)
            self.theme_actions[key] = action
        self.language_group = QActionGroup(self)
        self.language_actions = {}
        for key, label in (("system", self.tr("Follow the System")), ("zh_CN", "简体中文"), ("en", "English")):
            action = QAction(label, self, checkable=True)
            action.setObjectName(f"language_{key}")
            action.triggered.connect(lambda _c=False, k=key: self.set_language(k))
            self.language_group.addAction(action)
            self.language_actions[key] = action

    def _create_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        for action in (self.act_import_files, self.act_import_folder, None, self.act_export_pdf, None, self.act_quit):
            file_menu.addSeparator() if action is None else file_menu.addAction(action)
        go = bar.addMenu(self.tr("&Go"))
        for action in (self.act_next_article, self.act_prev_article, None, self.act_next_page, self.act_prev_page,
                       None, self.act_next_issue, self.act_prev_issue, None, self.act_back, self.act_forward):
            go.addSeparator() if action is None else go.addAction(action)
        search = bar.addMenu(self.tr("&Search"))
        for action in (self.act_search, self.act_find, self.act_next_hit, self.act_prev_hit):
            search.addAction(action)
        article = bar.addMenu(self.tr("&Article"))
        for action in (self.act_bookmark, self.act_highlight, self.act_note, None, self.act_cite,
                       self.act_cite_plain, None, self.act_page_notes):
            article.addSeparator() if action is None else article.addAction(action)
        view = bar.addMenu(self.tr("&View"))
        for action in (self.act_zoom_in, self.act_zoom_out, self.act_zoom_reset):
            view.addAction(action)
        view.addSeparator()
        themes = view.addMenu(self.tr("&Theme"))
        for action in self.theme_actions.values():
            themes.addAction(action)
        languages = view.addMenu(self.tr("&Language"))
        for action in self.language_actions.values():
            languages.addAction(action)
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.act_shortcuts)
        help_menu.addAction(self.act_about)

    def _connect_signals(self) -> None:
        self.section_view.selectionModel().currentChanged.connect(self._section_current_changed)
        self.section_view.activated.connect(self._section_activated)
        self.library_view.activated.connect(self._library_activated)
        self.library_view.clicked.connect(self._library_activated)
        self.previous_issue_button.clicked.connect(lambda: self.step_issue(-1))
        self.next_issue_button.clicked.connect(lambda: self.step_issue(1))
        self.search_panel.open_requested.connect(lambda article_id, terms: self.open_article(article_id, terms=terms))
        self.bookmarks_panel.open_requested.connect(lambda article_id: self.open_article(article_id))
        self.annotations_panel.open_requested.connect(self.open_annotation)
        self.service.library_changed.connect(self.refresh_library)
        self.service.bookmarks_changed.connect(self._update_bookmark_action)
        self.service.annotations_changed.connect(self._annotations_changed)
        self.find_bar.field.textChanged.connect(self._find_text_changed)
        self.find_bar.field.returnPressed.connect(lambda: self.step_hit(1))
        self.find_bar.next.clicked.connect(lambda: self.step_hit(1))
        self.find_bar.previous.clicked.connect(lambda: self.step_hit(-1))
        self.view.customContextMenuRequested.connect(self._article_context_menu)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    # --- navigation -----------------------------------------------------------------------------
    def open_issue(self, issue_id: int, *, open_first: bool = True) -> None:
        info = self.service.issue(issue_id)
        if info is None:
            return
        self.current_issue = info
        self.sections.load_issue(issue_id)
        self.section_view.expandAll()
        self.masthead.show_issue(self.service.publication_details(info.publication_id), info)
        library_index = self.library.index_for_issue(info)
        if library_index.isValid():
            self.library_view.setCurrentIndex(library_index)
            self.library_view.scrollTo(library_index)
        self.previous_issue_button.setEnabled(self.service.adjacent_issue(issue_id, -1) is not None)
        self.next_issue_button.setEnabled(self.service.adjacent_issue(issue_id, 1) is not None)
        if open_first:
            articles = self.sections.article_indexes()
            if articles:
                self.open_article(articles[0].data(ID_ROLE))

    def open_article(self, article_id: str, *, terms: list[str] | None = None, record: bool = True) -> bool:
        article = self.service.article(article_id)
        if article is None:
            self.statusBar().showMessage(self.tr("That article is no longer in the library."), 5000)
            return False
        if record and self.current_article_id and self.current_article_id != article.id:
            self.back_stack.append(self.current_article_id)
            self.forward_stack.clear()
        if self.current_issue is None or self.current_issue.id != article.issue_id:
            self.open_issue(article.issue_id, open_first=False)
        self.current_article_id = article.id
        self.view.show_article(article)
        index = self.sections.index_of_article(article.id)
        if index.isValid():
            self.section_view.selectionModel().blockSignals(True)
            self.section_view.setCurrentIndex(index)
            self.section_view.selectionModel().blockSignals(False)
            self.section_view.scrollTo(index)
        first_page = next((p for p in article.pages if p is not None), None)
        self.masthead.set_page(first_page, article.page_names.get(first_page))
        self._show_annotations()
        if terms:
            self.view.set_search_hits([span for term in terms for span in find_all(article.text(), term)])
            self._update_find_count()
        self._update_bookmark_action()
        self.annotations_panel.show_article(article.id)
        self.act_back.setEnabled(bool(self.back_stack))
        self.act_forward.setEnabled(bool(self.forward_stack))
        self.setWindowTitle(f"{' '.join(article.headline.split())} — {article.publication} — Dubao")
        self.article_shown.emit(article.id)
        return True

    def open_annotation(self, article_id: str, start: int, end: int) -> None:
        if self.open_article(article_id):
            self.view.select_span(start, end)

    def _section_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._section_activated(current)

    def _section_activated(self, index: QModelIndex) -> None:
        kind = index.data(KIND_ROLE)
        if kind == "article":
            self.open_article(index.data(ID_ROLE))
        elif kind == "notes":
            self.show_page_notes(index.data(ID_ROLE))
        elif kind == "page":
            first = self.sections.first_article_of_page(index)
            if first.isValid():
                self.open_article(first.data(ID_ROLE))

    def _library_activated(self, index: QModelIndex) -> None:
        if index.data(KIND_ROLE) == "issue":
            self.open_issue(index.data(ID_ROLE))

    def step_article(self, step: int) -> None:
        indexes = self.sections.article_indexes()
        if not indexes:
            return
        ids = [i.data(ID_ROLE) for i in indexes]
        if self.current_article_id in ids:
            position = ids.index(self.current_article_id) + step
        else:
            position = 0 if step > 0 else len(ids) - 1
        if 0 <= position < len(ids):
            self.open_article(ids[position])
        else:
            self.statusBar().showMessage(self.tr("No more articles in this issue."), 3000)

    def _current_page_row(self) -> int:
        index = self.sections.index_of_article(self.current_article_id or "")
        return index.parent().row() if index.isValid() else -1

    def step_page(self, step: int) -> None:
        pages = self.sections.page_indexes()
        row = self._current_page_row() + step
        while 0 <= row < len(pages):
            first = self.sections.first_article_of_page(pages[row])
            if first.isValid():
                self.open_article(first.data(ID_ROLE))
                return
            row += step
        self.statusBar().showMessage(self.tr("No more pages in this issue."), 3000)

    def step_issue(self, step: int) -> None:
        if self.current_issue is None:
            return
        other = self.service.adjacent_issue(self.current_issue.id, step)
        if other is None:
            self.statusBar().showMessage(self.tr("No more issues of this publication."), 3000)
            return
        self.open_issue(other.id)

    def go_back(self) -> None:
        if self.back_stack:
            if self.current_article_id:
                self.forward_stack.append(self.current_article_id)
            self.open_article(self.back_stack.pop(), record=False)

    def go_forward(self) -> None:
        if self.forward_stack:
            if self.current_article_id:
                self.back_stack.append(self.current_article_id)
            self.open_article(self.forward_stack.pop(), record=False)

    # --- search and find ----------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.tabs.setCurrentWidget(self.search_panel)
        self.search_panel.focus_field()

    def show_find_bar(self) -> None:
        self.find_bar.show()
        self.find_bar.field.setFocus()
        self.find_bar.field.selectAll()

    def _find_text_changed(self, text: str) -> None:
        from ..store.search import parse_query

        if self.view.article is None:
            return
        terms = parse_query(text) if text.strip() else []
        self.view.set_search_hits([s for t in terms for s in find_all(self.view.article.text(), t)])
        self._update_find_count()

    def _update_find_count(self) -> None:
        count = self.view.hit_count()
        self.find_bar.count.setText(self.tr("{current} of {count}").format(
            current=self.view.current_hit() + 1, count=count) if count else self.tr("no hits"))

    def step_hit(self, step: int) -> None:
        self.view.step_hit(step)
        self._update_find_count()

    # --- appearance -------------------------------------------------------------------------------
    def set_theme(self, name: str) -> None:
        theme = THEMES.get(name, THEMES["light"])
        self.theme_name = theme.name
        self.theme_actions[theme.name].setChecked(True)
        app = QApplication.instance()
        if app is not None:
            app.setPalette(window_palette(theme, app.style().standardPalette()))
        self.view.set_theme(theme)
        self.masthead.set_theme(theme)
        if self.current_article_id:
            self._show_annotations()

    def set_font_size(self, size: int) -> None:
        self.font_size = max(9, min(48, size))
        self.view.set_font_size(self.font_size)
        if self.current_article_id:
            self._show_annotations()

    def set_language(self, language: str) -> None:
        from .i18n import install_translator

        self.language_actions.get(language, self.language_actions["system"]).setChecked(True)
        self.settings.setValue("language", language)
        install_translator(language)
        self.statusBar().showMessage(self.tr("The language changes when Dubao is started again."), 5000)

    # --- export ------------------------------------------------------------------------------------
    def export_pdf_dialog(self) -> None:
        from .export_dialog import ExportDialog

        ExportDialog(self.service, self, current_article=self.current_article_id,
                     selected=self.selected_article_ids(), issue=self.current_issue).open()

    def selected_article_ids(self) -> list[str]:
        """Articles chosen in the list on show: the section list or the search results."""
        if self.tabs.currentWidget() is self.search_panel:
            indexes = self.search_panel.results.selectionModel().selectedIndexes()
            return [index.data(ID_ROLE) for index in indexes]
        return [index.data(ID_ROLE) for index in self.section_view.selectionModel().selectedIndexes()
                if index.data(KIND_ROLE) == "article"]

    # --- library -------------------------------------------------------------------------------------
    def refresh_library(self) -> None:
        self.library.reload()
        self.search_panel.reload_publications()
        counts = self.service.counts()
        self.counts_label.setText(self.tr("{publications} publications · {issues} issues · {pages} pages · "
                                          "{articles} articles").format(**counts))
        if self.current_issue is not None:
            current = self.current_article_id
            self.sections.load_issue(self.current_issue.id)
            self.section_view.expandAll()
            if current and not self.open_article(current, record=False):
                self.view.clear_article()

    def show_shortcuts(self) -> None:
        ShortcutsDialog(self).open()

    def show_about(self) -> None:
        from .. import __version__

        QMessageBox.about(self, self.tr("About Dubao"), self.tr(
            "Dubao (读报) {version}\nA reader for digitised newspapers: read, search, annotate, export.\n"
            "Works offline; never touches the network.").format(version=__version__))

    # --- state ----------------------------------------------------------------------------------------
    def restore_state(self) -> bool:
        """Restore geometry, splitter, theme, font size and the last article (with its
        scroll position). Returns whether an article was reopened."""
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        splitter = self.settings.value("window/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        self.tabs.setCurrentIndex(int(self.settings.value("window/tab", 0)))
        self.set_theme(str(self.settings.value("view/theme", "light")))
        self.set_font_size(int(self.settings.value("view/font_size", DEFAULT_FONT_SIZE)))
        language = str(self.settings.value("language", "system"))
        self.language_actions.get(language, self.language_actions["system"]).setChecked(True)
        self.refresh_library()
        article_id = self.settings.value("reading/article")
        if article_id and self.open_article(str(article_id), record=False):
            scroll = int(self.settings.value("reading/scroll", 0))
            QTimer.singleShot(0, lambda: self.view.verticalScrollBar().setValue(scroll))
            return True
        issue = self.service.latest_issue()
        if issue is not None:
            self.open_issue(issue.id)
            return True
        self.masthead.show_issue(None, None)
        return False

    def save_state(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.settings.setValue("window/tab", self.tabs.currentIndex())
        self.settings.setValue("view/theme", self.theme_name)
        self.settings.setValue("view/font_size", self.font_size)
        if self.current_article_id:
            self.settings.setValue("reading/article", self.current_article_id)
            self.settings.setValue("reading/scroll", self.view.verticalScrollBar().value())
        self.settings.sync()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self.import_job is not None:
            job = self.import_job
            job.cancel()
            job.done.wait(30)
            # What the finished job queued must not reach a closed window.
            for signal in (job.progress, job.finished, job.failed):
                try:
                    signal.disconnect()
                except (RuntimeError, TypeError):
                    pass
            self._end_import()
        self.save_state()
        super().closeEvent(event)
