"""Bookmarks, highlights, notes and citations from the article pane."""
from __future__ import annotations

from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QHBoxLayout, QToolButton, QWidget

from .models import ID_ROLE


class NotesMixin:
    """Part of MainWindow (which provides service, view, actions, statusBar(), …)."""

    def _update_bookmark_action(self) -> None:
        on = bool(self.current_article_id) and self.service.is_bookmarked(self.current_article_id)
        self.act_bookmark.setChecked(on)
        self.act_bookmark.setText(self.tr("Remove &Bookmark") if on else self.tr("&Bookmark Article"))
        self.star_button.setText("★ " + self.tr("Bookmarked") if on else "☆ " + self.tr("Bookmark"))

    def toggle_bookmark(self) -> None:
        if not self.current_article_id:
            return
        on = not self.service.is_bookmarked(self.current_article_id)
        self.service.set_bookmarked(self.current_article_id, on)
        self.statusBar().showMessage(self.tr("Bookmarked.") if on else self.tr("Bookmark removed."), 3000)

    def highlight_selection(self, ask_note: bool = False, color: str | None = None) -> None:
        span = self.view.selection_span()
        if span is None or self.view.article is None:
            self.statusBar().showMessage(self.tr("Select some article text first."), 3000)
            return
        note, tags = None, []
        if ask_note:
            from .notes_panel import NoteDialog

            dialog = NoteDialog(self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            note, tags = dialog.values()
        start, end = span
        quote = self.view.article.text()[start:end]
        color = color or self.highlight_color_box.currentData() or "yellow"
        self.service.annotate(self.view.article.id, quote, start, note=note, tags=tags, color=color)

    def _show_annotations(self) -> None:
        if not self.current_article_id:
            return
        spans = [(a.start, a.end, a.color, a.id) for a in self.service.annotations(self.current_article_id)
                 if not a.orphaned and a.start is not None]
        self.view.set_annotations(spans)

    def _annotations_changed(self, article_id: str) -> None:
        if article_id == self.current_article_id:
            self._show_annotations()
        self.annotations_panel.refresh()

    def copy_citation(self, plain: bool = False) -> None:
        from ..export import citation

        if self.view.article is None:
            return
        text = citation.plain(self.view.article) if plain else citation.gbt7714(self.view.article)
        QApplication.clipboard().setText(text)
        self.statusBar().showMessage(self.tr("Copied: {citation}").format(citation=text), 5000)

    def _article_bar(self) -> QWidget:
        """Above the article: the bookmark star, citation and colour of new highlights."""
        bar = QWidget(self)
        layout = QHBoxLayout(bar)
        layout.setContentsMargins(8, 2, 8, 2)
        layout.addStretch(1)
        self.highlight_color_box = QComboBox(bar)
        for key, label in (("yellow", self.tr("Yellow")), ("green", self.tr("Green")), ("blue", self.tr("Blue")),
                           ("pink", self.tr("Pink")), ("orange", self.tr("Orange"))):
            self.highlight_color_box.addItem(label, key)
        self.highlight_color_box.setToolTip(self.tr("Colour of new highlights"))
        self.star_button = QToolButton(bar)
        self.star_button.setText("☆ " + self.tr("Bookmark"))
        self.star_button.setToolTip(self.tr("Bookmark this article (Ctrl+D)"))
        self.star_button.clicked.connect(self.toggle_bookmark)
        cite = QToolButton(bar)
        cite.setDefaultAction(self.act_cite)
        for widget in (self.highlight_color_box, cite, self.star_button):
            layout.addWidget(widget)
        return bar

    def _article_context_menu(self, position) -> None:
        menu = self.view.createStandardContextMenu(position)
        menu.addSeparator()
        has_selection = self.view.selection_span() is not None
        for action in (self.act_highlight, self.act_note):
            action.setEnabled(has_selection)
            menu.addAction(action)
        colours = menu.addMenu(self.tr("Highlight in Colour"))
        colours.setEnabled(has_selection)
        for index in range(self.highlight_color_box.count()):
            key = self.highlight_color_box.itemData(index)
            colours.addAction(self.highlight_color_box.itemText(index),
                              lambda k=key: self.highlight_selection(color=k))
        menu.addAction(self.act_bookmark)
        menu.addAction(self.act_cite)
        menu.exec(self.view.viewport().mapToGlobal(position))
        for action in (self.act_highlight, self.act_note):
            action.setEnabled(True)

    def show_current_page_notes(self) -> None:
        index = self.sections.index_of_article(self.current_article_id or "")
        if index.isValid():
            self.show_page_notes(index.parent().data(ID_ROLE))

    def show_page_notes(self, page_id: int) -> None:
        """What a page holds outside its articles: boxes, hotlines, stray lines, editors and
        parser warnings — shown in the article pane, as plain text."""
        if self.current_issue is None:
            return
        info = next((p for p in self.service.issue_pages(self.current_issue.id) if p.id == page_id), None)
        if info is None:
            return
        lines = [self.tr("Page notes — page {number}").format(number=info.number if info.number is not None else "?"), ""]
        if info.editors:
            lines.append(self.tr("Editors: {names}").format(names="、".join(info.editors)))
        if info.extras:
            lines.append(self.tr("Not part of any article:"))
            lines += [f"  • {extra}" for extra in info.extras]
        if info.warnings:
            lines.append(self.tr("Parser warnings:"))
            lines += [f"  • {warning}" for warning in info.warnings]
        self.view.clear_article()
        self.view.setPlainText("\n".join(lines))

