"""Removing an import from the window (issue 11 item 11): a page's file, an issue or a
publication, from the context menu of the library tree or the section list. It asks first,
runs through the service's writer, and lists the annotations and bookmarks that were kept
as orphans (never deleted)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMenu, QMessageBox

from ..dialogs import TableDialog
from ..models import ID_ROLE, KIND_ROLE

if TYPE_CHECKING:
    from ..main_window import MainWindow


class Removal(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.service = window.service
        self.last_report = None
        for view in (window.panels.library_view, window.panels.section_view):
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def available(self) -> bool:
        return not self.service.read_only

    # --- context menus --------------------------------------------------------------------
    def library_menu(self, position) -> None:
        view = self.window.panels.library_view
        index = view.indexAt(position)
        menu = self.menu_for(index)
        if menu is not None:
            menu.exec(view.viewport().mapToGlobal(position))

    def section_menu(self, position) -> None:
        view = self.window.panels.section_view
        index = view.indexAt(position)
        if index.isValid() and index.data(KIND_ROLE) in ("article", "notes"):
            index = index.parent()
        menu = self.menu_for(index)
        if menu is not None:
            menu.exec(view.viewport().mapToGlobal(position))

    def menu_for(self, index) -> QMenu | None:
        """The menu for a tree item: publication, issue or page (None for other items)."""
        kind = index.data(KIND_ROLE) if index.isValid() else None
        if kind not in ("publication", "issue", "page"):
            return None
        menu = QMenu(self.window)
        label = {"publication": self.tr("Remove Publication…"), "issue": self.tr("Remove Issue…"),
                 "page": self.tr("Remove This Page's File…")}[kind]
        action = menu.addAction(label)
        action.setObjectName(f"remove_{kind}")
        action.setEnabled(self.available())
        target = index.data(ID_ROLE)
        name = index.data(Qt.ItemDataRole.DisplayRole)
        action.triggered.connect(lambda _c=False: self.confirm_and_remove(kind, target, name))
        return menu

    # --- removing -----------------------------------------------------------------------------
    def describe(self, kind: str, target, name: str) -> str:
        if kind == "publication":
            return self.tr("Remove the publication “{name}” and all its issues from the library?").format(name=name)
        if kind == "issue":
            return self.tr("Remove the issue {name} from the library?").format(name=name)
        return self.tr("Remove the file of {name} ({path}) from the library?").format(
            name=name, path=self.service.page_source_path(target) or "?")

    def confirm_and_remove(self, kind: str, target, name: str) -> None:
        question = QMessageBox(QMessageBox.Icon.Question, self.tr("Remove from the library"),
                               self.describe(kind, target, name) + "\n\n" + self.tr(
                                   "The files on disk are not touched. Bookmarks and annotations of its "
                                   "articles are kept (as orphans) and listed afterwards."),
                               QMessageBox.StandardButton.Cancel, self.window)
        remove = question.addButton(self.tr("Remove"), QMessageBox.ButtonRole.DestructiveRole)
        question.setDefaultButton(QMessageBox.StandardButton.Cancel)
        question.setObjectName("confirm_remove")
        question.exec()
        if question.clickedButton() is remove:
            self.remove(kind, target)

    def remove(self, kind: str, target):
        """Queue the removal on the writer; the report arrives on the GUI thread."""
        return self.service.remove(kind, target, on_done=self._removed)

    def _removed(self, report) -> None:
        self.last_report = report
        orphans = [(kind, self._readable(kind, what)) for kind, what in orphan_rows(report)]
        articles = _count(report, "articles", "articles_removed")
        summary = (self.tr("Removed 1 article; {orphans} bookmarks and annotations kept as orphans.")
                   if articles == 1 else
                   self.tr("Removed {articles} articles; {orphans} bookmarks and annotations kept as orphans.")
                   ).format(articles=articles, orphans=len(orphans))
        self.window.show_message(summary, 10000)
        if orphans:
            TableDialog(self.window, self.tr("Kept as orphans"), [self.tr("Kind"), self.tr("What")], orphans,
                        summary).open()


    def _readable(self, kind: str, what: str) -> str:
        """An orphaned annotation by its quote (the store reports ids); a bookmark by its
        article id (the article is gone)."""
        if kind == "annotation":
            annotation = self.service.annotation(what)
            if annotation is not None:
                return f"“{' '.join(annotation.exact.split())}” ({annotation.article_id})"
        return what


def _count(report, *names) -> int:
    for name in names:
        value = getattr(report, name, None)
        if value is None and isinstance(report, dict):
            value = report.get(name)
        if value is not None:
            return len(value) if isinstance(value, (list, tuple, set)) else int(value)
    return 0


def orphan_rows(report) -> list[tuple[str, str]]:
    """(kind, description) of each bookmark and annotation the removal left orphaned."""
    rows = []
    for kind, names in (("bookmark", ("orphaned_bookmarks",)), ("annotation", ("orphaned_annotations",))):
        for name in names:
            items = getattr(report, name, None)
            if items is None and isinstance(report, dict):
                items = report.get(name)
            if isinstance(items, (list, tuple)):
                rows += [(kind, _describe(item)) for item in items]
                break
    return rows


def _describe(item) -> str:
    if isinstance(item, str):
        return item
    for attribute in ("exact", "headline", "article_id", "id"):
        value = getattr(item, attribute, None)
        if value is None and isinstance(item, dict):
            value = item.get(attribute)
        if value:
            return " ".join(str(value).split())
    return str(item)
