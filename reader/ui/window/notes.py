"""Bookmarks, highlights, notes and citations of the open article: the bar above it, its
context menu, and page notes. Writes go through the service's writer; the views follow
the service's *_changed signals."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QHBoxLayout, QToolButton, QWidget

if TYPE_CHECKING:
    from ..main_window import MainWindow

HIGHLIGHT_COLOURS = ("yellow", "green", "blue", "pink", "orange")


class Notes(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.service = window.service
        self.view = window.view
        self.bar = QWidget(window)
        layout = QHBoxLayout(self.bar)
        layout.setContentsMargins(8, 2, 8, 2)
        layout.addStretch(1)
        self.highlight_color_box = QComboBox(self.bar)
        labels = {"yellow": self.tr("Yellow"), "green": self.tr("Green"), "blue": self.tr("Blue"),
                  "pink": self.tr("Pink"), "orange": self.tr("Orange")}
        for key in HIGHLIGHT_COLOURS:
            self.highlight_color_box.addItem(labels[key], key)
        self.highlight_color_box.setToolTip(self.tr("Colour of new highlights"))
        self.star_button = QToolButton(self.bar)
        self.star_button.setText("☆ " + self.tr("Bookmark"))
        self.star_button.setToolTip(self.tr("Bookmark this article (Ctrl+D)"))
        self.cite_button = QToolButton(self.bar)
        for widget in (self.highlight_color_box, self.cite_button, self.star_button):
            layout.addWidget(widget)

    @property
    def article_id(self) -> str | None:
        return self.window.navigation.current_article_id

    def article_opened(self, article, _terms) -> None:
        self.show_annotations()
        self.update_bookmark_action()
        self.window.panels.annotations_panel.show_article(article.id)

    def update_bookmark_action(self) -> None:
        action = self.window.commands.bookmark
        on = bool(self.article_id) and self.service.is_bookmarked(self.article_id)
        action.setChecked(on)
        action.setText(self.tr("Remove &Bookmark") if on else self.tr("&Bookmark Article"))
        self.star_button.setText("★ " + self.tr("Bookmarked") if on else "☆ " + self.tr("Bookmark"))

    def toggle_bookmark(self) -> None:
        article_id = self.article_id
        if not article_id:
            return
        self.service.toggle_bookmark(article_id, on_done=lambda on: self.window.show_message(
            self.tr("Bookmarked.") if on else self.tr("Bookmark removed.")))

    def highlight_selection(self, ask_note: bool = False, color: str | None = None) -> None:
        span = self.view.selection_span()
        if span is None or self.view.article is None:
            self.window.show_message(self.tr("Select some article text first."))
            return
        note, tags = None, []
        if ask_note:
            from ..notes_panel import NoteDialog

            dialog = NoteDialog(self.window)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            note, tags = dialog.values()
        start, end = span
        quote = self.view.article.text()[start:end]
        color = color or self.highlight_color_box.currentData() or "yellow"
        self.service.annotate(self.view.article.id, quote, start, note=note, tags=tags, color=color)

    def show_annotations(self) -> None:
        if not self.article_id:
            return
        spans = [(a.start, a.end, a.color, a.id) for a in self.service.annotations(self.article_id)
                 if not a.orphaned and a.start is not None]
        self.view.set_annotations(spans)

    def annotations_changed(self, article_id: str) -> None:
        if article_id == self.article_id:
            self.show_annotations()
        self.window.panels.annotations_panel.refresh()

    def copy_citation(self, plain: bool = False) -> None:
        from ...export import citation

        if self.view.article is None:
            return
        text = citation.plain(self.view.article) if plain else citation.gbt7714(self.view.article)
        QApplication.clipboard().setText(text)
        self.window.show_message(self.tr("Copied: {citation}").format(citation=text))

    def context_menu(self, position) -> None:
        commands = self.window.commands
        menu = self.view.createStandardContextMenu(position)
        menu.addSeparator()
        has_selection = self.view.selection_span() is not None
        writable = not self.service.read_only
        for action in (commands.highlight, commands.note):
            action.setEnabled(has_selection and writable)
            menu.addAction(action)
        colours = menu.addMenu(self.tr("Highlight in Colour"))
        colours.setEnabled(has_selection and writable)
        for index in range(self.highlight_color_box.count()):
            key = self.highlight_color_box.itemData(index)
            colours.addAction(self.highlight_color_box.itemText(index),
                              lambda k=key: self.highlight_selection(color=k))
        menu.addAction(commands.bookmark)
        menu.addAction(commands.cite)
        menu.exec(self.view.viewport().mapToGlobal(position))
        for action in (commands.highlight, commands.note):
            action.setEnabled(writable)

    def show_current_page_notes(self) -> None:
        from ..models import ID_ROLE

        index = self.window.panels.sections.index_of_article(self.article_id or "")
        if index.isValid():
            self.show_page_notes(index.parent().data(ID_ROLE))

    def show_page_notes(self, page_id: int) -> None:
        """What a page holds outside its articles: boxes, hotlines, stray lines, editors and
        parser warnings — shown in the article pane, as plain text."""
        issue = self.window.navigation.current_issue
        if issue is None:
            return
        info = next((p for p in self.service.issue_pages(issue.id) if p.id == page_id), None)
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
