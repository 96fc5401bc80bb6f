"""Find in the open article: the find bar, the hits of a search or of the bar, F3."""
from __future__ import annotations

from PySide6.QtCore import QObject

from ...store.normalize import find_all
from ...store.search import parse_query
from ..article_view import ArticleView
from ..dialogs import FindBar


class Find(QObject):
    def __init__(self, view: ArticleView, parent: QObject) -> None:
        super().__init__(parent)
        self.view = view
        self.bar = FindBar(view.parentWidget())
        self.bar.hide()
        self.bar.field.textChanged.connect(self.find_text)
        self.bar.field.returnPressed.connect(lambda: self.step_hit(1))
        self.bar.next.clicked.connect(lambda: self.step_hit(1))
        self.bar.previous.clicked.connect(lambda: self.step_hit(-1))

    def show_bar(self) -> None:
        self.bar.show()
        self.bar.field.setFocus()
        self.bar.field.selectAll()

    def article_opened(self, article, terms: list[str] | None) -> None:
        if terms:
            self.show_terms(terms)

    def show_terms(self, terms: list[str]) -> None:
        article = self.view.article
        if article is None:
            return
        text = article.text()
        self.view.set_search_hits([span for term in terms for span in find_all(text, term)])
        self.update_count()

    def find_text(self, text: str) -> None:
        if self.view.article is None:
            return
        self.show_terms(parse_query(text) if text.strip() else [])
        if not text.strip():
            self.view.set_search_hits([])
            self.update_count()

    def update_count(self) -> None:
        count = self.view.hit_count()
        self.bar.count.setText(self.tr("{current} of {count}").format(
            current=self.view.current_hit() + 1, count=count) if count else self.tr("no hits"))

    def step_hit(self, step: int) -> None:
        self.view.step_hit(step)
        self.update_count()
