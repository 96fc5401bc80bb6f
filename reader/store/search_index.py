"""The full-text index, kept in step with imports inside the same transaction.

SQLite's default FTS5 tokenizer takes a run of Chinese characters as one token, and the
trigram tokenizer cannot find terms under three characters — yet one- and two-character
terms (工会, 消防) are the common Chinese query. So the index is built from tokens made
here: every character and every pair of adjacent characters (letters and digits) of the
normalised text. A one- or two-character term is then found exactly by its own token;
a longer term by the AND of its pairs, confirmed against the stored normalised text, so
results are exact substrings at every length.

Tables: `search_text` (one row per article: ids for filtering, the normalised text) and
`search_fts` (contentless FTS5, columns headline/body, detail=column: no positions are
needed, which keeps the index small).
"""
from __future__ import annotations

import operator
import re
from collections.abc import Iterable

from sqlite_utils import Database

from .assemble import StoredArticle
from .normalize import normalize

RUN_RE = re.compile(r"[^\W_]+")


def create_search_tables(db: Database) -> None:
    db.execute("""CREATE TABLE IF NOT EXISTS search_text (
        doc INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL UNIQUE,
        publication_id INTEGER,
        date TEXT,
        norm TEXT NOT NULL            -- normalised headline, a line break, normalised body
    )""")
    db.execute("CREATE INDEX IF NOT EXISTS search_text_date ON search_text(date)")
    db.execute("""CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
        headline, body, content='', tokenize='ascii', detail='column')""")


def index_tokens(norm_text: str) -> str:
    """Space-separated distinct tokens: each letter/digit and each adjacent pair."""
    tokens: set[str] = set()
    for run in RUN_RE.findall(norm_text):
        tokens.update(run)
        tokens.update(map(operator.add, run, run[1:]))
    return " ".join(sorted(tokens))


def article_norm(article: StoredArticle) -> tuple[str, str]:
    """(normalised headline, normalised body). Body blocks are kept apart by line breaks
    so that no match spans two paragraphs."""
    blocks = article.blocks()
    headline = normalize(blocks[0][1])
    body = "\n".join(normalize(text) for _, text in blocks[1:])
    return headline, body


def _insert(db: Database, rows: list[tuple[str, int | None, str | None, str, str]]) -> None:
    conn = db.conn
    for article_id, publication_id, date, headline, body in rows:
        cursor = conn.execute(
            "INSERT INTO search_text (article_id, publication_id, date, norm) VALUES (?, ?, ?, ?)",
            [article_id, publication_id, date, headline + "\n" + body])
        conn.execute("INSERT INTO search_fts (rowid, headline, body) VALUES (?, ?, ?)",
                     [cursor.lastrowid, index_tokens(headline), index_tokens(body)])


def remove_articles(db: Database, article_ids: Iterable[str]) -> None:
    conn = db.conn
    for article_id in article_ids:
        row = conn.execute("SELECT doc, norm FROM search_text WHERE article_id = ?", [article_id]).fetchone()
        if row is None:
            continue
        doc, norm = row
        headline, _, body = norm.partition("\n")
        # A contentless table forgets a row only when told the tokens it was given.
        conn.execute("INSERT INTO search_fts (search_fts, rowid, headline, body) VALUES ('delete', ?, ?, ?)",
                     [doc, index_tokens(headline), index_tokens(body)])
        conn.execute("DELETE FROM search_text WHERE doc = ?", [doc])


def index_stored(db: Database, articles: Iterable[StoredArticle], issue_id: int) -> None:
    """Index articles already assembled in memory (the import's fast path)."""
    articles = list(articles)
    if not articles:
        return
    publication_id, date = db.execute(
        "SELECT publication_id, date FROM issues WHERE id = ?", [issue_id]).fetchone()
    remove_articles(db, [a.id for a in articles])
    _insert(db, [(a.id, publication_id, date, *article_norm(a)) for a in articles])


def index_articles(db: Database, article_ids: Iterable[str]) -> None:
    """(Re)index articles from the library; ids no longer in it are removed."""
    from .reading import get_article

    article_ids = list(article_ids)
    remove_articles(db, article_ids)
    rows = []
    for article_id in article_ids:
        if not db.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone():
            continue
        article = get_article(db, article_id)
        if article is None:
            continue
        publication_id = db.execute("SELECT publication_id FROM issues WHERE id = ?",
                                    [article.issue_id]).fetchone()[0]
        rows.append((article.id, publication_id, article.date, *article_norm(article)))
    _insert(db, rows)


def rebuild_search_index(db: Database) -> None:
    """Index every article (used by the migration that adds search to a library)."""
    db.execute("DELETE FROM search_text")
    db.execute("INSERT INTO search_fts (search_fts) VALUES ('delete-all')")
    ids = [r[0] for r in db.execute("SELECT id FROM articles")]
    index_articles(db, ids)
