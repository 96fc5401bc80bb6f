"""Which articles an export takes: ids, the bookmarked ones, a query's results, an issue."""
from __future__ import annotations

from collections.abc import Iterable

from sqlite_utils import Database

from ..store.annotations import iter_bookmarks
from ..store.reading import get_article, list_articles, resolve_article_id
from ..store.search import QueryError, SearchIndexError, run_query


class SelectionError(ValueError):
    """A selection that names nothing, or something unknown; str() is the one-line reason."""


def select_articles(db: Database, *, article_ids: Iterable[str] = (), bookmarked: bool = False,
                    query: str | None = None, issue_of: str | None = None, since: str | None = None,
                    until: str | None = None, publication: str | None = None,
                    at_most: int | None = None) -> list[str]:
    """Article ids in the order given (ids, then bookmarks, query results, issue), each once.
    SINCE, UNTIL and PUBLICATION narrow the query, as `dubao search`'s options do. More than
    AT_MOST articles is refused before they are all looked up (a common word's matches in a
    library of a million articles)."""
    if query is None and (since or until or publication):
        raise SelectionError("--since, --until and --publication narrow a search: give --search QUERY too")
    chosen: dict[str, None] = {}
    found_by_search: int | None = None
    why = "a search or the bookmarks may have matched nothing"

    def add(ids: Iterable[str]) -> None:
        for article_id in ids:
            chosen[article_id] = None
            if at_most is not None and len(chosen) > at_most:
                searched = f" (--search {query} finds {found_by_search:,})" if found_by_search is not None else ""
                raise SelectionError(
                    f"more than {at_most:,} articles selected{searched}; one export takes at most "
                    f"{at_most:,}: choose fewer (a search with more words, or narrowed by date or publication)")

    for article_id in article_ids:
        current = resolve_article_id(db, article_id)
        if current is None:
            raise SelectionError(f"no article with id {article_id!r}")
        add([current])
    if bookmarked:
        add(b["id"] for b in iter_bookmarks(db) if b["headline"] is not None)  # read as added: capped
    if query is not None:
        try:
            results = run_query(db, query, since=since, until=until, publication=publication)
            if results.total == 0 and results.notices:
                why = f"--search {query}: {results.notices[0]}"
            found_by_search = results.total
            # Every match; a page's notes match too, but they are not an article to export.
            add(results.article_ids())
        except (QueryError, SearchIndexError) as exc:
            raise SelectionError(str(exc)) from None
    if issue_of is not None:
        article = get_article(db, issue_of)
        if article is None:
            raise SelectionError(f"no article with id {issue_of!r}")
        add(a["id"] for a in list_articles(db, issue_id=article.issue_id))
    if not chosen:
        raise SelectionError("no articles selected (give --article ID, --bookmarked, --search QUERY or --issue ID;"
                             f" {why})")
    return list(chosen)
