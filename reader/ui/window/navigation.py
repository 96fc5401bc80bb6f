"""What is open: the current issue and article, the history (back / forward), and stepping
through articles, pages and issues in reading order."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject, Signal

from ..models import ID_ROLE, KIND_ROLE

if TYPE_CHECKING:
    from ..main_window import MainWindow


class Navigation(QObject):
    issue_opened = Signal(object)            # IssueInfo
    article_opened = Signal(object, object)  # StoredArticle, search terms (list[str] | None)
    history_changed = Signal(bool, bool)     # can go back, can go forward
    message = Signal(str)                    # a short line for the status bar

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.service = window.service
        self.current_issue = None
        self.current_article_id: str | None = None
        self.back_stack: list[str] = []
        self.forward_stack: list[str] = []

    @property
    def panels(self):
        return self.window.panels

    def open_issue(self, issue_id: int, *, open_first: bool = True) -> None:
        info = self.service.issue(issue_id)
        if info is None:
            return
        self.current_issue = info
        self.panels.show_issue(info)
        self.issue_opened.emit(info)
        if open_first:
            articles = self.panels.sections.article_indexes()
            if articles:
                self.open_article(articles[0].data(ID_ROLE))

    def open_article(self, article_id: str, *, terms: list[str] | None = None, record: bool = True) -> bool:
        article = self.service.article(article_id)
        if article is None:
            self.message.emit(self.tr("That article is no longer in the library."))
            return False
        if record and self.current_article_id and self.current_article_id != article.id:
            self.back_stack.append(self.current_article_id)
            self.forward_stack.clear()
        if self.current_issue is None or self.current_issue.id != article.issue_id:
            self.open_issue(article.issue_id, open_first=False)
        self.current_article_id = article.id
        self.panels.select_article(article.id)
        self.article_opened.emit(article, terms)
        self.history_changed.emit(bool(self.back_stack), bool(self.forward_stack))
        return True

    def activate_section(self, index: QModelIndex) -> None:
        kind = index.data(KIND_ROLE)
        if kind == "article":
            self.open_article(index.data(ID_ROLE))
        elif kind == "notes":
            self.window.notes.show_page_notes(index.data(ID_ROLE))
        elif kind == "page":
            first = self.panels.sections.first_article_of_page(index)
            if first.isValid():
                self.open_article(first.data(ID_ROLE))

    def activate_library_item(self, index: QModelIndex) -> None:
        if index.data(KIND_ROLE) == "issue":
            self.open_issue(index.data(ID_ROLE))

    def step_article(self, step: int) -> None:
        ids = [i.data(ID_ROLE) for i in self.panels.sections.article_indexes()]
        if not ids:
            return
        if self.current_article_id in ids:
            position = ids.index(self.current_article_id) + step
        else:
            position = 0 if step > 0 else len(ids) - 1
        if 0 <= position < len(ids):
            self.open_article(ids[position])
        else:
            self.message.emit(self.tr("No more articles in this issue."))

    def current_page_row(self) -> int:
        index = self.panels.sections.index_of_article(self.current_article_id or "")
        return index.parent().row() if index.isValid() else -1

    def step_page(self, step: int) -> None:
        sections = self.panels.sections
        pages = sections.page_indexes()
        row = self.current_page_row() + step
        while 0 <= row < len(pages):
            first = sections.first_article_of_page(pages[row])
            if first.isValid():
                self.open_article(first.data(ID_ROLE))
                return
            row += step
        self.message.emit(self.tr("No more pages in this issue."))

    def step_issue(self, step: int) -> None:
        if self.current_issue is None:
            return
        other = self.service.adjacent_issue(self.current_issue.id, step)
        if other is None:
            self.message.emit(self.tr("No more issues of this publication."))
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

    def reload_current(self) -> None:
        """After the library changed (here or in another process): the open issue's list
        again; the article stays as it is, where the reader is, unless it is gone."""
        if self.current_issue is None:
            return
        issue = self.service.issue(self.current_issue.id)
        if issue is None:  # removed: show what is there now
            self.current_issue = None
            self.current_article_id = None
            self.window.view.clear_article()
            latest = self.service.latest_issue()
            if latest is not None:
                self.open_issue(latest.id)
            return
        self.current_issue = issue
        # Unchanged (an import elsewhere changed other issues), the list keeps the reader's
        # place: not re-selected, not scrolled back to the article every few seconds.
        changed = self.panels.show_issue(issue, scroll_library=False)
        current = self.current_article_id
        if current and self.service.article(current) is None:
            self.current_article_id = None
            self.window.view.clear_article(self.tr("That article is no longer in the library."))
        elif current and changed:
            self.panels.select_article(current)
