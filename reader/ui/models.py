"""Qt models over the library: the library tree (publications → years → months → issues,
fetched level by level as the user opens it) and the section list of one issue (pages →
articles). Neither ever loads all articles."""
from __future__ import annotations

import html
from dataclasses import dataclass, field

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from ..parsing.model import headline_decks
from .service import LibraryService

ID_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclass(eq=False)
class _Node:
    kind: str                      # root | publication | year | month | issue | page | article | notes
    key: object = None
    label: str = ""
    parent: _Node | None = None
    children: list[_Node] | None = None  # None: not fetched yet
    payload: object = None
    row: int = 0
    extra: dict = field(default_factory=dict)


class _TreeModel(QAbstractItemModel):
    """Shared plumbing of the two trees: nodes with parents and rows."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._root = _Node("root", children=[])

    def _node(self, index: QModelIndex) -> _Node:
        return index.internalPointer() if index.isValid() else self._root

    def index(self, row: int, column: int, parent: QModelIndex = QModelIndex()) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        node = self._node(parent)
        if node.children is None or row >= len(node.children):
            return QModelIndex()
        return self.createIndex(row, 0, node.children[row])

    def parent(self, index: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        node: _Node = index.internalPointer()
        parent = node.parent
        if parent is None or parent is self._root:
            return QModelIndex()
        return self.createIndex(parent.row, 0, parent)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        node = self._node(parent)
        return len(node.children) if node.children is not None else 0

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 1

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    @staticmethod
    def _adopt(parent: _Node, children: list[_Node]) -> list[_Node]:
        for row, child in enumerate(children):
            child.parent, child.row = parent, row
        return children


class RowsModel(QAbstractListModel):
    """A flat list model over a Python list, reset as a whole when the list changes."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list = []

    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def row_at(self, index: QModelIndex):
        return self.rows[index.row()] if index.isValid() and 0 <= index.row() < len(self.rows) else None


class PagedRowsModel(RowsModel):
    """A list read a page at a time as the view scrolls (canFetchMore / fetchMore): the
    first page on reload, the next when the view reaches the end. FETCH(offset, limit)
    returns the rows of one page; a short page means the end."""

    PAGE = 200

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._more = False

    def fetch(self, offset: int, limit: int) -> list:  # pragma: no cover - each model's own
        raise NotImplementedError

    def reload(self) -> None:
        rows = self.fetch(0, self.PAGE)
        self._more = len(rows) == self.PAGE
        self.set_rows(rows)

    def canFetchMore(self, parent: QModelIndex = QModelIndex()) -> bool:  # noqa: N802 - Qt API
        return not parent.isValid() and self._more

    def fetchMore(self, parent: QModelIndex = QModelIndex()) -> None:  # noqa: N802 - Qt API
        if parent.isValid() or not self._more:
            return
        rows = self.fetch(len(self.rows), self.PAGE)
        self._more = len(rows) == self.PAGE
        if rows:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(rows) - 1)
            self.rows.extend(rows)
            self.endInsertRows()


class LibraryModel(_TreeModel):
    """Publications → years → months → issues, each level read when first opened."""

    LEAF_KINDS = ("issue",)

    def __init__(self, service: LibraryService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.reload()

    def reload(self, rows: list[dict] | None = None, *, only_if_changed: bool = False) -> bool:
        """Show the publications ROWS (reading.publications: with their issue counts, read
        off the GUI thread), or without ROWS their names alone (one small read) until the
        counts come. With ONLY_IF_CHANGED, keep the tree (and what the user opened in it)
        when the publications and their issue counts are the same, and when only the counts
        were not known yet. Returns whether the tree was reset."""
        rows = rows if rows is not None else self.service.publication_names()
        summary = [(p["id"], p["name"], p.get("issues")) for p in rows]
        known = getattr(self, "_summary", None)
        if only_if_changed and known is not None:
            if summary == known:
                return False
            if [s[:2] for s in summary] == [k[:2] for k in known] and (
                    all(k[2] is None for k in known) or all(s[2] is None for s in summary)):
                self._set_issue_counts(summary)
                return False
        self._summary = summary
        self.beginResetModel()
        self._root = _Node("root", children=[])
        publications = [
            _Node("publication", key=p["id"], label=p["name"], extra={"issues": p.get("issues")})
            for p in rows
        ]
        self._root.children = self._adopt(self._root, publications)
        self.endResetModel()
        return True

    def _set_issue_counts(self, summary: list[tuple]) -> None:
        """The counts arrived (or the names were read again): the tree stays as it is."""
        if all(count is None for _id, _name, count in summary):
            return  # names only: what is shown is as good
        self._summary = summary
        for row, (_id, _name, count) in enumerate(summary):
            node = self._root.children[row]
            node.extra["issues"] = count
            index = self.index(row, 0)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])

    def hasChildren(self, parent: QModelIndex = QModelIndex()) -> bool:
        node = self._node(parent)
        if node.kind in self.LEAF_KINDS:
            return False
        return node.children is None or bool(node.children)

    def canFetchMore(self, parent: QModelIndex) -> bool:
        return self._node(parent).children is None

    def fetchMore(self, parent: QModelIndex) -> None:
        node = self._node(parent)
        if node.children is not None:
            return
        children = self._load_children(node)
        if not children:
            node.children = []
            return
        self.beginInsertRows(parent, 0, len(children) - 1)
        node.children = self._adopt(node, children)
        self.endInsertRows()

    def _load_children(self, node: _Node) -> list[_Node]:
        if node.kind == "publication":
            return [_Node("year", key=(node.key, year), label=year or self.tr("Undated"),
                          extra={"issues": count}) for year, count in self.service.years(node.key)]
        if node.kind == "year":
            publication_id, year = node.key
            if not year:
                return [self._issue_node(i) for i in self.service.issues_in_month(publication_id, "", "")]
            return [_Node("month", key=(publication_id, year, month), label=self._month_label(month),
                          extra={"issues": count}) for month, count in self.service.months(publication_id, year)]
        if node.kind == "month":
            return [self._issue_node(i) for i in self.service.issues_in_month(*node.key)]
        return []

    def _month_label(self, month: str) -> str:
        return QLocale().standaloneMonthName(int(month)) if month.isdigit() else month

    def _issue_node(self, info) -> _Node:
        number = "  " + self.tr("No. {number}").format(number=info.number) if info.number else ""
        label = f"{info.date or self.tr('Undated')} {info.weekday or ''}{number}".strip()
        return _Node("issue", key=info.id, label=label, payload=info)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        node: _Node = index.internalPointer()
        if role == Qt.ItemDataRole.DisplayRole:
            if node.kind in ("year", "month", "publication") and node.extra.get("issues") is not None:
                return f"{node.label}  ({node.extra['issues']})"
            return node.label
        if role == Qt.ItemDataRole.ToolTipRole and node.kind == "issue":
            info = node.payload
            return " ".join(x for x in (info.publication, info.date, info.weekday, info.lunar_date) if x)
        if role == ID_ROLE:
            return node.key
        if role == KIND_ROLE:
            return node.kind
        return None

    def index_for_issue(self, issue_info) -> QModelIndex:
        """Open the tree down to an issue (fetching what is needed) and return its index."""
        if issue_info is None:
            return QModelIndex()
        for pub_row, pub in enumerate(self._root.children or []):
            if pub.key != issue_info.publication_id:
                continue
            parent = self.index(pub_row, 0)
            self.fetchMore(parent)
            year, month = (issue_info.date or "")[:4], (issue_info.date or "")[5:7]
            for year_node in pub.children or []:
                if year_node.key[1] != year:
                    continue
                year_index = self.index(year_node.row, 0, parent)
                self.fetchMore(year_index)
                container, container_index = year_node, year_index
                if year:
                    month_node = next((m for m in year_node.children or [] if m.key[2] == month), None)
                    if month_node is None:
                        return QModelIndex()
                    container_index = self.index(month_node.row, 0, year_index)
                    self.fetchMore(container_index)
                    container = month_node
                for issue_node in container.children or []:
                    if issue_node.key == issue_info.id:
                        return self.index(issue_node.row, 0, container_index)
        return QModelIndex()


class SectionModel(_TreeModel):
    """The pages (版面) of one issue, each with its articles; a story that continues on
    another page appears once, under its first page, with both page numbers. A page with
    extras (boxes, hotlines, stray lines) gets a 'page notes' entry, so nothing is hidden."""

    def __init__(self, service: LibraryService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.issue_id: int | None = None

    def load_issue(self, issue_id: int | None) -> bool:
        """Show the issue's pages and articles. Returns whether the list changed: the same
        issue read again with the same pages and articles (the library changed elsewhere,
        during an import) keeps the list as it is, with the reader's place and selection."""
        pages = []
        shown: set[str] = set()
        for info in self.service.issue_pages(issue_id) if issue_id is not None else []:
            label = self.tr("Page {number}").format(number=info.number) if info.number is not None else self.tr("Page")
            if info.name:
                label += f" {info.name}"
            page = _Node("page", key=info.id, label=label, payload=info)
            children = []
            for article in self.service.page_articles(info.id):
                if article["id"] in shown:
                    continue
                shown.add(article["id"])
                children.append(_Node("article", key=article["id"], label=article["headline"], payload=article))
            if info.extras or info.warnings:
                children.append(_Node("notes", key=info.id, label=self.tr("Page notes"), payload=info))
            page.children = self._adopt(page, children)
            pages.append(page)
        if issue_id == self.issue_id and self._outline(pages) == self._outline(self._root.children or []):
            return False
        self.beginResetModel()
        self.issue_id = issue_id
        self._root = _Node("root", children=[])
        self._root.children = self._adopt(self._root, pages)
        self.endResetModel()
        return True

    @staticmethod
    def _outline(pages: list[_Node]) -> list:
        """What the list shows of its pages and articles (to tell whether it changed)."""
        return [(page.key, page.label, page.payload,
                 [(child.kind, child.key, child.label, child.payload) for child in page.children or []])
                for page in pages]

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        node: _Node = index.internalPointer()
        if role == Qt.ItemDataRole.DisplayRole:
            if node.kind == "article":
                article = node.payload
                prefix = self.tr("[Photo] ") if article["kind"] == "photo" else ""
                numbers = [p for p in article["pages"] if p is not None]
                if len(set(numbers)) > 1:  # a story continued on another page: say so up front
                    prefix = self.tr("(pages {pages})").format(pages="→".join(str(n) for n in numbers)) + " " + prefix
                return prefix + " ".join(node.label.split())
            return node.label
        if role == Qt.ItemDataRole.ToolTipRole and node.kind == "article":
            return self.headline_tooltip(node.label)
        if role == ID_ROLE:
            return node.key
        if role == KIND_ROLE:
            return node.kind
        return None

    def headline_tooltip(self, headline: str) -> str:
        """The whole headline, each deck on a line of its own and named: 引题 (above the
        title), 主题 (the title: the longest deck) and 副题 (below it)."""
        decks = [deck for deck in headline_decks(headline.strip()) if deck]
        if len(decks) <= 1:
            return html.escape(headline.strip())
        main = max(range(len(decks)), key=lambda i: len(decks[i]))
        lines = []
        for i, deck in enumerate(decks):
            role = self.tr("Kicker") if i < main else self.tr("Subheading") if i > main else self.tr("Headline")
            text = f"<b>{html.escape(deck)}</b>" if i == main else html.escape(deck)
            lines.append(f"<span style='color:gray'>{html.escape(role)}</span>&nbsp; {text}")
        return "<p style='white-space:pre'>" + "<br>".join(lines) + "</p>"

    # Reading order, for next/previous article and page.
    def article_indexes(self) -> list[QModelIndex]:
        out = []
        for page_row, page in enumerate(self._root.children or []):
            page_index = self.index(page_row, 0)
            for child in page.children or []:
                if child.kind == "article":
                    out.append(self.index(child.row, 0, page_index))
        return out

    def page_indexes(self) -> list[QModelIndex]:
        return [self.index(row, 0) for row in range(len(self._root.children or []))]

    def index_of_article(self, article_id: str) -> QModelIndex:
        for index in self.article_indexes():
            if index.data(ID_ROLE) == article_id:
                return index
        return QModelIndex()

    def first_article_of_page(self, page_index: QModelIndex) -> QModelIndex:
        node = self._node(page_index)
        for child in node.children or []:
            if child.kind == "article":
                return self.index(child.row, 0, page_index)
        return QModelIndex()
