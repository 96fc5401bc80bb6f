"""Putting the page view into the main window with one call, `install_page_view(window)`:
a pane beside the article (hidden until `P` or View → Page View), fed as the reader moves,
and the reader moved when a zone is clicked. Only public parts of the window are used."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence

from .page_view import PageView

SETTING = "view/page_view"


class PageViewController:
    """Keeps the page view in step with the window's article and search terms."""

    def __init__(self, window, view: PageView) -> None:
        self.window = window
        self.service = window.service
        self.view = view
        self.article_id: str | None = None
        self.shown_for: str | None = None  # the article the view was last brought up to date for
        self._pages: dict[int, object] = {}
        view.page_requested = self.show_page

    def article_shown(self, article_id: str, terms: list[str] | None = None) -> None:
        self.article_id = article_id
        if not self.view.isHidden():  # its own flag: the window may not be shown yet
            self.update()
        self.view.set_terms(terms or [])

    def update(self) -> None:
        article_id = self.article_id
        if article_id is None or article_id == self.shown_for:
            return
        self.shown_for = article_id
        page_ids = self.service.article_page_ids(article_id)
        self.view.set_article(article_id, page_ids)
        current = self.view.page.page_id if self.view.page is not None else None
        if current in page_ids:
            return  # the article is on the page in view: it is outlined there
        # The first of its pages that shows where it sits (zones), else its first page.
        for page_id in page_ids:
            data = self.page_data(page_id)
            if data is not None and any(a.article_id == article_id for a in data.articles):
                self.view.show_page(data)
                self.view.set_article(article_id, page_ids)
                return
        data = self.page_data(page_ids[0]) if page_ids else None
        if data is None:
            self.view.show_nothing(QCoreApplication.translate(
                "PageView", "This article's page has no layout: its source gave no positions."))
        else:
            self.view.show_page(data)
            self.view.set_article(article_id, page_ids)

    def show_page(self, page_id: int) -> None:
        data = self.page_data(page_id)
        if data is not None:
            self.view.show_page(data)
            self.view.set_article(self.article_id, self.view.page_ids)

    def page_data(self, page_id: int):
        if page_id not in self._pages:
            self._pages[page_id] = self.service.page_data(page_id)
        return self._pages[page_id]

    def library_changed(self) -> None:
        self._pages.clear()
        self.shown_for = None
        if not self.view.isHidden():  # its own flag: the window may not be shown yet
            self.update()

    def set_visible(self, visible: bool) -> None:
        self.view.setVisible(visible)
        self.window.settings.setValue(SETTING, visible)
        if visible:
            splitter = self.window.splitter
            sizes = splitter.sizes()
            index = splitter.indexOf(self.view)
            if sizes[index] < 200:  # first shown: share the reading space with the text
                free = sum(sizes) - sizes[0]
                sizes = [sizes[0]] + [free // (len(sizes) - 1)] * (len(sizes) - 1)
                splitter.setSizes(sizes)
            self.update()

    def find_text(self, text: str) -> None:
        from ..store.search import parse_query

        self.view.set_terms(parse_query(text) if text.strip() else [])


def install_page_view(window) -> PageViewController:
    """Add the page view to WINDOW (a MainWindow): a pane in its splitter, an action `P` in
    its View menu, and the connections that keep the two in step."""
    view = PageView(window)
    view.setObjectName("page_view")
    view.hide()
    window.splitter.addWidget(view)
    window.splitter.setStretchFactor(window.splitter.indexOf(view), 1)
    controller = PageViewController(window, view)

    action = QAction(QCoreApplication.translate("PageView", "&Page View"), window, checkable=True)
    action.setObjectName("page_view")
    action.setShortcut(QKeySequence("P"))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.toggled.connect(controller.set_visible)
    window.addAction(action)
    view_menu = getattr(window.commands, "view_menu", None)
    if view_menu is not None:
        first = view_menu.actions()[0] if view_menu.actions() else None
        view_menu.insertAction(first, action)
        view_menu.insertSeparator(first)

    # The article and the search terms it was opened with (a search result's), together.
    window.navigation.article_opened.connect(lambda article, terms: controller.article_shown(article.id, terms))
    window.find.bar.field.textChanged.connect(controller.find_text)
    window.service.library_changed.connect(controller.library_changed)
    view.article_requested.connect(lambda article_id: window.open_article(article_id))
    view.article_hovered.connect(lambda headline: window.statusBar().showMessage(headline, 4000)
                                 if headline else window.statusBar().clearMessage())
    window.page_view = view
    window.page_view_controller = controller
    window.act_page_view = action
    if str(window.settings.value(SETTING, "false")).lower() == "true":
        action.setChecked(True)
    return controller
