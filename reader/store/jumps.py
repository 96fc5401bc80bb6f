"""Stories split across pages by jump lines (下转第2版 / 上接第1版) become one article.

Either page may be imported first. The half that carries `continued_to` owns the story's
id; the other half's own id becomes an alias of it, and whatever was attached to that id
(bookmarks, annotations) moves along.
"""
from __future__ import annotations

import json
import re

from sqlite_utils import Database

from ..parsing.model import Article
from .assemble import PartContent, StoredArticle, merge_parts


def _bigrams(text: str) -> set[str]:
    text = re.sub(r"[\W_]+", "", text)
    return {text[i:i + 2] for i in range(len(text) - 1)} or {text}


def headline_similarity(a: str, b: str) -> float:
    """0..1: how much of the shorter headline the longer one shares (jumped halves are
    often printed with a shortened headline)."""
    left, right = _bigrams(a), _bigrams(b)
    return len(left & right) / max(1, min(len(left), len(right)))


def _best(candidates: list[tuple[str, str]], headline: str) -> str | None:
    if not candidates:
        return None
    scored = sorted(candidates, key=lambda c: -headline_similarity(c[1], headline))
    return scored[0][0]


def find_predecessor(db: Database, issue_id: int, page_number: int | None, article: Article) -> str | None:
    """The article whose (下转第N版) this (上接…) half continues, if it is in the library."""
    if article.continued_from is None or page_number is None:
        return None
    rows = db.execute(
        """SELECT article_parts.article_id, article_parts.headline FROM article_parts
           JOIN pages ON pages.id = article_parts.page_id
           WHERE pages.issue_id = ? AND pages.number = ? AND article_parts.continued_to = ?
             AND NOT EXISTS (SELECT 1 FROM article_parts other JOIN pages p2 ON p2.id = other.page_id
                             WHERE other.article_id = article_parts.article_id AND p2.number = ?)""",
        [issue_id, article.continued_from, page_number, page_number]).fetchall()
    return _best([tuple(r) for r in rows], article.headline)


def find_successors(db: Database, issue_id: int, page_number: int | None, article: Article) -> list[str]:
    """A stored (上接…) half, still on its own, that continues this (下转第N版) half."""
    if article.continued_to is None or page_number is None:
        return []
    rows = db.execute(
        """SELECT article_parts.article_id, article_parts.headline FROM article_parts
           JOIN pages ON pages.id = article_parts.page_id
           WHERE pages.issue_id = ? AND pages.number = ? AND article_parts.continued_from = ?
             AND article_parts.article_id = article_parts.own_id""",
        [issue_id, article.continued_to, page_number]).fetchall()
    best = _best([tuple(r) for r in rows], article.headline)
    return [best] if best else []


def merge_into(db: Database, source: str, target: str) -> None:
    """Make article SOURCE part of TARGET; SOURCE stays reachable as an alias."""
    from . import search_index

    search_index.remove_articles(db, [source])
    db.execute("UPDATE article_parts SET article_id = ? WHERE article_id = ?", [target, source])
    db.execute("DELETE FROM articles WHERE id = ?", [source])
    db.execute("UPDATE article_aliases SET article_id = ? WHERE article_id = ?", [target, source])
    db.execute("INSERT OR REPLACE INTO article_aliases (alias, article_id) VALUES (?, ?)", [source, target])
    db.execute("INSERT OR IGNORE INTO bookmarks (article_id, note, created_at) "
               "SELECT ?, note, created_at FROM bookmarks WHERE article_id = ?", [target, source])
    db.execute("DELETE FROM bookmarks WHERE article_id = ?", [source])
    db.execute("UPDATE annotations SET article_id = ? WHERE article_id = ?", [target, source])


def refresh_article(db: Database, article_id: str) -> bool:
    """Recompute an article's summary row from its parts; delete it when none is left
    (its bookmarks and annotations stay, as orphans). True when a stored article went."""
    rows = db.execute(
        """SELECT pages.number, article_parts.headline, article_parts.kind, article_parts.byline,
                  article_parts.dateline, article_parts.reporters, article_parts.photographers,
                  article_parts.position
           FROM article_parts JOIN pages ON pages.id = article_parts.page_id
           WHERE article_parts.article_id = ?
           ORDER BY pages.number IS NULL, pages.number, article_parts.id""", [article_id]).fetchall()
    if not rows:
        return db.execute("DELETE FROM articles WHERE id = ?", [article_id]).rowcount > 0
    parts = [PartContent(page=r[0], headline=r[1], kind=r[2], byline=r[3], dateline=r[4],
                         reporters=json.loads(r[5]), photographers=json.loads(r[6]),
                         continued_from=None, continued_to=None, paragraphs=[], captions=[],
                         tables=[], layout=[]) for r in rows]
    merged = merge_parts(StoredArticle(id=article_id, publication="", date=None, pages=[], headline=""), parts)
    db.execute(
        """UPDATE articles SET headline = ?, kind = ?, byline = ?, dateline = ?, reporters = ?,
           photographers = ?, first_page = ?, position = ? WHERE id = ?""",
        [merged.headline, merged.kind, merged.byline, merged.dateline,
         json.dumps(merged.reporters, ensure_ascii=False), json.dumps(merged.photographers, ensure_ascii=False),
         rows[0][0], rows[0][7], article_id])
    return False
