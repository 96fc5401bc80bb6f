"""Which articles an export takes: ids, the bookmarked ones, a query's results, an issue."""
from __future__ import annotations

from collections.abc import Iterable

from sqlite_utils import Database

from ..store.annotations import list_bookmarks
from ..store.reading import get_article, list_articles, resolve_article_id
from ..store.search import run_query


class SelectionError(ValueError):
    """A selection that names nothing, or something unknown; str() is the one-line reason."""


def select_articles(db: Database, *, article_ids: Iterable[str] = (), bookmarked: bool = False,
                    query: str | None = None, issue_of: str | None = None) -> list[str]:
    """Article ids in the order given (ids, then bookmarks, query results, issue), each once."""
    chosen: list[str] = []
    for article_id in article_ids:
        current = resolve_article_id(db, article_id)
        if current is None:
            raise SelectionError(f"no article with id {article_id!r}")
        chosen.append(current)
    if bookmarked:
        chosen += [b["id"] for b in list_bookmarks(db) if b["headline"] is not None]
    if query is not None:
        # Every match; a page's notes match too, but they are not an article to export.
        results = run_query(db, query)
        chosen += [hit.id for hit in results.page(0, results.total, snippets=False) if hit.kind == "article"]
    if issue_of is not None:
        article = get_article(db, issue_of)
        if article is None:
            raise SelectionError(f"no article with id {issue_of!r}")
        chosen += [a["id"] for a in list_articles(db, issue_id=article.issue_id)]
    unique = list(dict.fromkeys(chosen))
    if not unique:
        raise SelectionError("no articles selected (give --article ID, --bookmarked, --search QUERY or --issue ID;"
                             " a search or the bookmarks may have matched nothing)")
    return unique
