"""The full-text index, kept in step with imports inside the same transaction.

SQLite's default FTS5 tokenizer takes a run of Chinese characters as one token, and the
trigram tokenizer cannot find terms under three characters — yet one- and two-character
terms (工会, 消防) are the common Chinese query. So the index is built from tokens made
here: every character and every pair of adjacent characters of the normalised text
(punctuation included, ASCII punctuation in its full-width form so that FTS5's `ascii`
tokenizer keeps it). A term of one or two characters is found exactly by its own token; a
longer one by the AND of its pairs, confirmed against the article's text (search.py).

`search_docs` maps FTS rows to articles. Row ids grow with the issue date, so "newest
first" and date ranges are rowid order and rowid ranges, which FTS5 answers cheaply.
The FTS table is contentless (the text lives in the library already) with detail=column:
no positions are needed, which keeps the index small.
"""
from __future__ import annotations

import datetime as dt
import operator
import re
from collections.abc import Callable, Iterable

from sqlite_utils import Database

from .assemble import StoredArticle
from .normalize import normalize
from .text import caption_text
from .writer import write_transaction

# The version of the tokens below: bump it whenever index_tokens() changes, and libraries
# indexed with other tokens are re-indexed when opened (identity.py stamps it).
TOKENIZER_VERSION = 1
ASCII_WORD_RE = re.compile(r"[0-9a-z]{3,}")
DAY_SHIFT = 1 << 20  # row ids per day: (date ordinal << 20) + sequence
_PUNCTUATION_TO_FULLWIDTH = {code: code + 0xFEE0 for code in range(0x21, 0x7F) if not chr(code).isalnum()}
_CONTROLS_TO_SPACE = {code: 0x20 for code in range(0x00, 0x20)}
_TOKEN_TABLE = {**_PUNCTUATION_TO_FULLWIDTH, **_CONTROLS_TO_SPACE}


def create_search_tables(db: Database) -> None:
    db.execute("""CREATE TABLE IF NOT EXISTS search_docs (
        doc INTEGER PRIMARY KEY,       -- FTS row id: (issue date ordinal << 20) + sequence
        article_id TEXT NOT NULL UNIQUE,
        publication_id INTEGER
    )""")
    db.execute("CREATE INDEX IF NOT EXISTS search_docs_publication ON search_docs(publication_id, doc)")
    db.execute("""CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
        headline, body, content='', tokenize='ascii', detail='column')""")
    # Merge segments less eagerly while importing (a quarter less import time; queries on
    # a 100,000-article library are as fast).
    db.execute("INSERT INTO search_fts (search_fts, rank) VALUES ('automerge', 16)")


def token_text(norm: str) -> str:
    """Normalised text as FTS5's ascii tokenizer will see it: punctuation kept as tokens."""
    return norm.translate(_TOKEN_TABLE)


def index_tokens(norm_text: str) -> str:
    """Space-separated distinct tokens: each character and each adjacent pair, and each
    three letters or digits in a row (Latin words and numbers are made of few distinct
    characters, so their pairs alone would find far too many candidates)."""
    tokens: set[str] = set()
    for run in token_text(norm_text).split():
        tokens.update(run)
        tokens.update(map(operator.add, run, run[1:]))
        for word in ASCII_WORD_RE.findall(run):
            tokens.update(word[i:i + 3] for i in range(len(word) - 2))
    return " ".join(tokens)


def article_tokens(article: StoredArticle) -> tuple[str, str]:
    """(headline tokens, body tokens). Body blocks are kept apart by line breaks so that no
    pair spans two paragraphs."""
    blocks = article.blocks()
    headline = index_tokens(normalize(blocks[0][1]))
    body = index_tokens("\n".join(normalize(text) for _, text in blocks[1:]))
    return headline, body


def doc_range(since: str | None, until: str | None) -> tuple[int, int]:
    """The row ids of articles dated SINCE..UNTIL (inclusive); undated ones sort first."""
    low = dt.date.fromisoformat(since).toordinal() * DAY_SHIFT if since else 0
    high = (dt.date.fromisoformat(until).toordinal() + 1) * DAY_SHIFT - 1 if until else (1 << 62)
    return low, high


def _first_doc(db: Database, date: str | None, taken: dict[str, int]) -> int:
    key = date or ""
    if key not in taken:
        base = dt.date.fromisoformat(date).toordinal() * DAY_SHIFT if date else 1
        last = db.execute("SELECT MAX(doc) FROM search_docs WHERE doc BETWEEN ? AND ?",
                          [base, base + DAY_SHIFT - 2]).fetchone()[0]
        taken[key] = (last + 1) if last is not None else base
    doc = taken[key]
    taken[key] += 1
    return doc


def insert_tokens(db: Database, rows: Iterable[tuple[str, int | None, str | None, str, str]]) -> None:
    """Index articles: (article id, publication id, date, headline tokens, body tokens)."""
    conn = db.conn
    taken: dict[str, int] = {}
    docs, fts = [], []
    for article_id, publication_id, date, headline, body in rows:
        doc = _first_doc(db, date, taken)
        docs.append((doc, article_id, publication_id))
        fts.append((doc, headline, body))
    conn.executemany("INSERT INTO search_docs (doc, article_id, publication_id) VALUES (?, ?, ?)", docs)
    conn.executemany("INSERT INTO search_fts (rowid, headline, body) VALUES (?, ?, ?)", fts)


def remove_articles(db: Database, article_ids: Iterable[str]) -> None:
    """Take articles out of the index (before their text changes: a contentless table
    forgets a row only when given the tokens it was indexed with)."""
    from .reading import get_article

    conn = db.conn
    for article_id in article_ids:
        row = conn.execute("SELECT doc FROM search_docs WHERE article_id = ?", [article_id]).fetchone()
        if row is None:
            continue
        tokens = _correction_tokens(db, article_id)
        if tokens is None:
            article = get_article(db, article_id, original=True)
            tokens = article_tokens(article) if article is not None else None
        if tokens is not None:
            conn.execute("INSERT INTO search_fts (search_fts, rowid, headline, body) VALUES ('delete', ?, ?, ?)",
                         [row[0], *tokens])
        conn.execute("DELETE FROM search_docs WHERE doc = ?", [row[0]])
        if _has_correction_tables(db):
            conn.execute("DELETE FROM search_correction_tokens WHERE article_id = ?", [article_id])


def index_articles(db: Database, article_ids: Iterable[str]) -> None:
    """(Re)index articles from the library; ids no longer in it are only removed. A
    corrected article is indexed with the tokens of both its original and its corrected
    text, so that a search of either finds it (search.py confirms on the text asked for)."""
    from .reading import get_article
    from .text import corrected_article_ids

    article_ids = list(article_ids)
    remove_articles(db, article_ids)
    corrected = corrected_article_ids(db, article_ids) if _has_correction_tables(db) else set()
    rows = []
    for article_id in article_ids:
        article = get_article(db, article_id, original=True)
        if article is None or article.id != article_id:
            continue
        publication_id = db.execute("SELECT publication_id FROM issues WHERE id = ?",
                                    [article.issue_id]).fetchone()[0]
        tokens = article_tokens(article)
        if article_id in corrected:
            both = _union(tokens, article_tokens(get_article(db, article_id)))
            if both != tokens:
                tokens = both
                db.execute("INSERT OR REPLACE INTO search_correction_tokens (article_id, headline, body) "
                           "VALUES (?, ?, ?)", [article_id, *tokens])
        rows.append((article.id, publication_id, article.date, *tokens))
    insert_tokens(db, rows)


def reindex_article(db: Database, article_id: str) -> None:
    """Index one article again after its corrections changed (made, reverted, re-applied),
    inside the caller's transaction. Its row keeps its place; only its tokens change — those
    of the original text, and of the blocks corrections changed — so this stays quick on the
    largest library (a correction commits in well under 50 ms, bench/bench_correction.py)."""
    from .text import assembled, load_corrections, load_parts

    row = db.execute("SELECT doc FROM search_docs WHERE article_id = ?", [article_id]).fetchone()
    parts = load_parts(db, [article_id]).get(article_id)
    if row is None or not parts:
        index_articles(db, [article_id])
        return
    original = assembled(StoredArticle(id=article_id, publication="", date=None, pages=[], headline=""),
                         parts, None)
    original_tokens = article_tokens(original)
    old = _correction_tokens(db, article_id) or original_tokens
    new = original_tokens
    corrections = load_corrections(db, [article_id]).get(article_id)
    if corrections:
        corrected = assembled(StoredArticle(id=article_id, publication="", date=None, pages=[], headline=""),
                              parts, corrections)
        changed = {(block, index) for block, index, *_ in corrected.applied}
        headline = index_tokens(normalize(corrected.headline)) if ("headline", 0) in changed else ""
        body = [corrected.byline or ""] if ("byline", 0) in changed else []
        body += [corrected.paragraphs[i] for block, i in changed if block == "paragraph"]
        body += [caption_text(corrected.captions[i]) for block, i in changed if block == "caption"]
        new = _union(original_tokens, (headline, index_tokens("\n".join(normalize(t) for t in body))))
    if new == original_tokens:
        db.execute("DELETE FROM search_correction_tokens WHERE article_id = ?", [article_id])
    else:
        db.execute("INSERT OR REPLACE INTO search_correction_tokens (article_id, headline, body) VALUES (?, ?, ?)",
                   [article_id, *new])
    if new != old:
        conn = db.conn
        conn.execute("INSERT INTO search_fts (search_fts, rowid, headline, body) VALUES ('delete', ?, ?, ?)",
                     [row[0], *old])
        conn.execute("INSERT INTO search_fts (rowid, headline, body) VALUES (?, ?, ?)", [row[0], *new])


def _union(first: tuple[str, str], second: tuple[str, str]) -> tuple[str, str]:
    """Tokens of both (FIRST's order kept, SECOND's new ones after): a text the same
    tokens give the same string."""
    out = []
    for a, b in zip(first, second):
        known = set(a.split())
        extra = [t for t in dict.fromkeys(b.split()) if t not in known]
        out.append(" ".join([a, *extra]) if extra and a else " ".join(extra) if extra else a)
    return tuple(out)


def _has_correction_tables(db: Database) -> bool:
    # The search migration (m002) indexes before the corrections migration has run.
    return db.execute("SELECT 1 FROM sqlite_master WHERE name = 'search_correction_tokens'").fetchone() is not None


def _correction_tokens(db: Database, article_id: str) -> tuple[str, str] | None:
    if not _has_correction_tables(db):
        return None
    row = db.execute("SELECT headline, body FROM search_correction_tokens WHERE article_id = ?",
                     [article_id]).fetchone()
    return tuple(row) if row else None


def optimize(db: Database) -> None:
    """Merge the index into one segment: a tenth smaller and quicker to query after a bulk
    import (which writes it in many small segments)."""
    with write_transaction(db):
        db.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")


REBUILD_CHUNK = 500


def rebuild_search_index(db: Database, progress: Callable[[int, int], None] | None = None) -> None:
    """Index every article (inside the caller's transaction), and stamp the tokenizer's
    version. PROGRESS(done, total) is called after each chunk of articles."""
    db.execute("DELETE FROM search_docs")
    db.execute("INSERT INTO search_fts (search_fts) VALUES ('delete-all')")
    if _has_correction_tables(db):
        db.execute("DELETE FROM search_correction_tokens")
    ids = [r[0] for r in db.execute("SELECT id FROM articles")]
    for start in range(0, len(ids), REBUILD_CHUNK):
        index_articles(db, ids[start:start + REBUILD_CHUNK])
        if progress is not None:
            progress(min(start + REBUILD_CHUNK, len(ids)), len(ids))
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'dubao_meta'").fetchone():
        db.execute("INSERT OR REPLACE INTO dubao_meta (key, value) VALUES ('tokenizer_version', ?)",
                   [str(TOKENIZER_VERSION)])
