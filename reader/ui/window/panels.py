"""The side panels: the open issue's sections, the library tree (with previous / next
issue), search, bookmarks and annotations, as tabs. `add_tab` is the place for a new one."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ..models import ID_ROLE, KIND_ROLE, LibraryModel, SectionModel
from ..notes_panel import AnnotationsPanel, BookmarksPanel
from ..search_panel import SearchPanel
from .calendar import IssueCalendar

if TYPE_CHECKING:
    from ..main_window import MainWindow


class Panels(QObject):
    section_chosen = Signal(QModelIndex)  # the user moved to an item of the section list

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._following = False
        service = window.service
        self.service = service
        self.sections = SectionModel(service, window)
        self.section_view = QTreeView(window)
        self.section_view.setModel(self.sections)
        self.section_view.setHeaderHidden(True)
        self.section_view.setUniformRowHeights(True)
        self.section_view.setWordWrap(False)
        # Several articles can be chosen at once (Ctrl/Shift+click) for the PDF export.
        self.section_view.setSelectionMode(QTreeView.SelectionMode.ExtendedSelection)

        self.library = LibraryModel(service, window)
        self.library_view = QTreeView(window)
        self.library_view.setModel(self.library)
        self.library_view.setHeaderHidden(True)
        self.library_view.setUniformRowHeights(True)
        self.previous_issue_button = QPushButton(self.tr("◀ Previous issue"), window)
        self.next_issue_button = QPushButton(self.tr("Next issue ▶"), window)
        self.library_panel = QWidget(window)
        library_layout = QVBoxLayout(self.library_panel)
        library_layout.setContentsMargins(0, 0, 0, 0)
        self.calendar = IssueCalendar(service, self.library_panel)
        library_split = QSplitter(Qt.Orientation.Vertical, self.library_panel)
        library_split.addWidget(self.library_view)
        library_split.addWidget(self.calendar)
        library_split.setStretchFactor(0, 1)
        library_split.setStretchFactor(1, 0)
        library_layout.addWidget(library_split, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.previous_issue_button)
        buttons.addWidget(self.next_issue_button)
        library_layout.addLayout(buttons)

        self.search_panel = SearchPanel(service, window)
        self.bookmarks_panel = BookmarksPanel(service, window)
        self.annotations_panel = AnnotationsPanel(service, window)

        self.section_view.selectionModel().currentChanged.connect(self._section_current_changed)

        self.tabs = QTabWidget(window)
        # Every tab in sight: behind scroll arrows a new reader never found Annotations or
        # Corrections. The panel is as wide as its tabs (elided names, "S…" for both Sections
        # and Search, were worse).
        self.tabs.tabBar().setUsesScrollButtons(False)
        self.tabs.tabBar().setElideMode(Qt.TextElideMode.ElideNone)
        self.add_tab(self.section_view, self.tr("Sections"))
        self.add_tab(self.library_panel, self.tr("Library"))
        self.add_tab(self.search_panel, self.tr("Search"))
        self.add_tab(self.bookmarks_panel, self.tr("Bookmarks"))
        self.add_tab(self.annotations_panel, self.tr("Annotations"))

    def reload_library(self, publications: list[dict] | None = None) -> None:
        """Show the library tree again if its publications or issues changed (PUBLICATIONS:
        reading.publications, read off the GUI thread; without them the names alone), keeping
        what the reader had opened in it (an import elsewhere changes it every few seconds)."""
        view, model = self.library_view, self.library
        opened = set()

        def walk(parent: QModelIndex) -> None:
            for row in range(model.rowCount(parent)):
                index = model.index(row, 0, parent)
                if view.isExpanded(index):
                    opened.add((index.data(KIND_ROLE), index.data(ID_ROLE)))
                    walk(index)

        walk(QModelIndex())
        current = view.currentIndex()
        current_key = (current.data(KIND_ROLE), current.data(ID_ROLE)) if current.isValid() else None
        if not model.reload(publications, only_if_changed=True):
            return

        def reopen(parent: QModelIndex) -> None:
            if parent.isValid():
                model.fetchMore(parent)
            for row in range(model.rowCount(parent)):
                index = model.index(row, 0, parent)
                key = (index.data(KIND_ROLE), index.data(ID_ROLE))
                if key == current_key:
                    view.setCurrentIndex(index)
                if key in opened:
                    view.expand(index)
                    reopen(index)

        reopen(QModelIndex())

    def add_tab(self, widget: QWidget, title: str) -> int:
        return self.tabs.addTab(widget, title)

    def show_issue(self, info, *, scroll_library: bool = True) -> bool:
        """The issue's pages and articles in the section list; with SCROLL_LIBRARY (opening
        it) its place in the library tree and the calendar. Returns whether the section list changed (read again unchanged, it stays as it was)."""
        changed = self.sections.load_issue(info.id)
        if changed:
            self.section_view.expandAll()
        if scroll_library:  # opening it; not when it is read again after a change elsewhere
            index = self.library.index_for_issue(info)
            if index.isValid():
                self.library_view.setCurrentIndex(index)
                self.library_view.scrollTo(index)
            self.calendar.show_issue(info)
        self.previous_issue_button.setEnabled(self.service.adjacent_issue(info.id, -1) is not None)
        self.next_issue_button.setEnabled(self.service.adjacent_issue(info.id, 1) is not None)
        return changed

    def _section_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and not self._following:
            self.section_chosen.emit(current)

    def select_article(self, article_id: str) -> None:
        """Follow the open article in the section list (J/K, search, history), without
        opening it again. The selection model's signals are not blocked: the view repaints
        its selection from them (blocked, the list did not follow)."""
        index = self.sections.index_of_article(article_id)
        if index.isValid():
            self._following = True
            try:
                self.section_view.setCurrentIndex(index)
            finally:
                self._following = False
            self.section_view.scrollTo(index)

    def selected_article_ids(self) -> list[str]:
        """Articles chosen in the list on show: the section list or the search results."""
        if self.tabs.currentWidget() is self.search_panel:
            indexes = self.search_panel.results.selectionModel().selectedIndexes()
            return [index.data(ID_ROLE) for index in indexes]
        return [index.data(ID_ROLE) for index in self.section_view.selectionModel().selectedIndexes()
                if index.data(KIND_ROLE) == "article"]

    def focus_search(self) -> None:
        self.tabs.setCurrentWidget(self.search_panel)
        self.search_panel.focus_field()
