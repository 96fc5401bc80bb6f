"""The full-text index, kept in step with imports (and corrections) inside the same
transaction.

One token per character of the normalised text (normalize.py), with positions (FTS5
detail=full): a term of any length is the FTS5 phrase of its characters, so the index alone
answers which documents contain it — exact result sets and exact counts with no
confirmation against the text, at a size close to the text's own (about 1.1× its UTF-8
bytes). SQLite's default tokenizer would take a run of Chinese characters as one word, and
its trigram tokenizer cannot find one- and two-character terms (工会, 消防: the common
Chinese query), hence tokens made here and given to FTS5's `ascii` tokenizer separated by
spaces: ASCII punctuation goes in as its full-width form (which `ascii` keeps as a token),
the space kept between two Latin words as WORD_SPACE, and blocks (headline, byline, each
paragraph, caption, table row) are kept apart by BLOCK_BREAK so that no phrase spans two.

Columns: `headline`; `body` (every other block); `meta` (tokens for filters: the
publication, and CORRECTED on a corrected article — whole words, which no query token, one
character long, can equal: no column filter is needed, which FTS5 would pay for on every
document). A corrected article's text as imported goes in `search_original` (same columns):
the index holds the tokens of both texts, so the default search and `original=True` are both
exact. Page notes (a page's extras) are documents of their own.

`search_docs` maps FTS rows to articles or pages. Row ids grow with the issue date, so
"newest first" and date ranges are rowid order and rowid ranges, which FTS5 answers cheaply.
The FTS table is contentless (the text lives in the library already): removing a document
needs the tokens it was indexed with, so removal happens before the text changes, and the
corrected text a document was indexed with is kept in `search_corrected`.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from .normalize import normalize

if TYPE_CHECKING:
    from sqlite_utils import Database

    from .assemble import StoredArticle

# Bump when the tokens change: STORE stamps it in the library and rebuilds the index on open
# when the stamp differs (rebuild_search_index).
TOKENIZER_VERSION = 2

DAY_SHIFT = 1 << 20  # row ids per day: (date ordinal << 20) + sequence
BLOCK_BREAK = "\ue000"  # private-use characters: never in normalised text we index as such
WORD_SPACE = "\ue001"
CORRECTED = "corrected"  # a meta token
PUBLICATION_TOKEN = "pub{}"  # in `meta`: user queries never search that column
COLUMNS = ("headline", "body", "meta")

_PUNCTUATION_TO_FULLWIDTH = {code: code + 0xFEE0 for code in range(0x21, 0x7F) if not chr(code).isalnum()}
_CONTROLS = {code: None for code in (*range(0x00, 0x20), 0x7F)}
_PRIVATE = {ord(BLOCK_BREAK): None, ord(WORD_SPACE): None}
_TOKEN_TABLE = {**_PUNCTUATION_TO_FULLWIDTH, **_CONTROLS, **_PRIVATE, 0x20: ord(WORD_SPACE)}

Texts = Callable[["Database", list[str], bool], dict[str, list[str]]]


def create_search_tables(db: Database) -> None:
    db.execute("""CREATE TABLE IF NOT EXISTS search_docs (
        doc INTEGER PRIMARY KEY,       -- FTS row id: (issue date ordinal << 20) + sequence
        article_id TEXT UNIQUE,        -- an article, or
        page_id INTEGER UNIQUE,        -- the notes (extras) of a page
        publication_id INTEGER
    )""")
    db.execute("""CREATE TABLE IF NOT EXISTS search_corrected (
        doc INTEGER PRIMARY KEY,       -- a corrected article: the corrected blocks it was indexed with
        blocks TEXT NOT NULL           -- JSON list: headline first
    )""")
    db.execute("""CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
        headline, body, meta, content='', tokenize='ascii', detail='full')""")
    db.execute("""CREATE VIRTUAL TABLE IF NOT EXISTS search_original USING fts5(
        headline, body, content='', tokenize='ascii', detail='full')""")
    # Merge segments less eagerly while importing; optimize() merges after a bulk import.
    db.execute("INSERT INTO search_fts (search_fts, rank) VALUES ('automerge', 16)")


def drop_search_tables(db: Database) -> None:
    for table in ("search_fts", "search_original", "search_docs", "search_corrected", "search_text"):
        db.execute(f"DROP TABLE IF EXISTS {table}")


def token_text(norm: str) -> str:
    """Normalised text as a run of token characters (no ASCII separator left)."""
    return norm.translate(_TOKEN_TABLE)


# index_text() touches only what changes: in Chinese text almost nothing does (a full-width
# comma folds to ',' in normalize() and goes back to '，' as a token), and str.translate
# over every character was most of the cost of indexing.
_WIDE_ALNUM = {chr(c): chr(c - 0xFEE0).lower() for c in range(0xFF01, 0xFF5F) if chr(c - 0xFEE0).isalnum()}
_WIDE_ALNUM_RE = re.compile("[" + "".join(_WIDE_ALNUM) + "]")
_ASCII_PUNCT_RE = re.compile(r"[!-/:-@\[-`{-~]")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ue000\ue001]")
_WORD_RE = re.compile(r"[0-9a-z]")
_SPACE_RE = re.compile(r"\s")


def index_text(text: str) -> str:
    """token_text(normalize(TEXT)), quicker."""
    if _WIDE_ALNUM_RE.search(text):
        text = _WIDE_ALNUM_RE.sub(lambda m: _WIDE_ALNUM[m.group()], text)
    lowered = text.lower()
    if len(lowered) != len(text) or "\x00" in text:
        return token_text(normalize(text))  # İ and its like, NUL (normalize's marker): the slow way
    text = lowered
    if _SPACE_RE.search(text):
        text = normalize(text) if _WORD_RE.search(text) else "".join(text.split())
    if _CONTROL_RE.search(text):
        text = _CONTROL_RE.sub("", text)
    if _ASCII_PUNCT_RE.search(text) or " " in text:
        text = text.translate(_TOKEN_TABLE)
    return text


def phrase_tokens(norm: str) -> list[str]:
    """The tokens of a normalised term, in order (an FTS5 phrase)."""
    return list(token_text(norm))


def block_tokens(blocks: Iterable[str]) -> str:
    """Space-separated tokens of text BLOCKS: each character of each normalised block, the
    blocks kept apart (and ended) by BLOCK_BREAK."""
    out: list[str] = []
    for block in blocks:
        run = index_text(block)
        if run:
            out.append(" ".join(run))
            out.append(BLOCK_BREAK)
    return " ".join(out)


def article_tokens(article: StoredArticle) -> tuple[str, str]:
    """(headline tokens, body tokens) of an article as parsed (the importer's workers call
    this): its text (text.py) split at line breaks, as article_blocks() reads it from the
    library — the same tokens, so that the row can be deleted with them."""
    blocks = article.text().split("\n")
    return block_tokens(blocks[:1]), block_tokens(blocks[1:])


def notes_blocks(extras_json: str | None) -> list[str]:
    try:
        extras = json.loads(extras_json or "[]")
    except ValueError:
        return []
    return [x for x in extras if isinstance(x, str) and x.strip()]


def doc_range(since: str | None, until: str | None) -> tuple[int, int]:
    """The row ids of documents dated SINCE..UNTIL (inclusive); undated ones sort first."""
    low = dt.date.fromisoformat(since).toordinal() * DAY_SHIFT if since else 0
    high = (dt.date.fromisoformat(until).toordinal() + 1) * DAY_SHIFT - 1 if until else (1 << 62)
    return low, high


class _DocNumbers:
    """Row ids for new documents: the next free one of each day."""

    def __init__(self, db: Database) -> None:
        self.conn, self.taken = db.conn, {}

    def next(self, date: str | None) -> int:
        key = date or ""
        if key not in self.taken:
            try:
                base = dt.date.fromisoformat(date).toordinal() * DAY_SHIFT if date else 1
            except ValueError:
                base = 1
            last = self.conn.execute("SELECT MAX(doc) FROM search_docs WHERE doc BETWEEN ? AND ?",
                                     [base, base + DAY_SHIFT - 2]).fetchone()[0]
            self.taken[key] = (last + 1) if last is not None else base
        doc = self.taken[key]
        self.taken[key] += 1
        return doc


def _meta(publication_id: int | None, corrected: bool = False) -> str:
    tokens = [PUBLICATION_TOKEN.format(publication_id)] if publication_id is not None else []
    return " ".join(tokens + [CORRECTED] if corrected else tokens)


def insert_tokens(db: Database, rows: Iterable[tuple[str, int | None, str | None, str, str]]) -> None:
    """Index articles: (article id, publication id, date, headline tokens, body tokens)."""
    conn = db.conn
    numbers = _DocNumbers(db)
    docs, fts = [], []
    for article_id, publication_id, date, headline, body in rows:
        doc = numbers.next(date)
        docs.append((doc, article_id, publication_id))
        fts.append((doc, headline, body, _meta(publication_id)))
    conn.executemany("INSERT INTO search_docs (doc, article_id, publication_id) VALUES (?, ?, ?)", docs)
    conn.executemany("INSERT INTO search_fts (rowid, headline, body, meta) VALUES (?, ?, ?, ?)", fts)


# --- the article text: one call site --------------------------------------------------------

def article_blocks(db: Database, article_ids: list[str], original: bool = False) -> dict[str, list[str]]:
    """The text blocks of articles (headline first): THE article text (text.py), corrected
    unless ORIGINAL, split at its line breaks. The one place search reads article text."""
    from .text import article_texts

    return {article_id: text.split("\n")
            for article_id, text in article_texts(db, article_ids, original=original).items()}


def _corrected(db: Database, article_ids: list[str]) -> set[str]:
    """Which of ARTICLE_IDS have corrections (none before the corrections table exists: the
    search migration runs first)."""
    if db.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'corrections'").fetchone() is None:
        return set()
    from .text import corrected_article_ids

    return corrected_article_ids(db, article_ids)


# --- removing and (re)indexing ---------------------------------------------------------------

def _doc_values(db: Database, doc: int, article_id: str | None, page_id: int | None,
                publication_id: int | None) -> tuple[tuple, tuple | None] | None:
    """The values document DOC was indexed with in search_fts and in search_original (None
    when not corrected), or None when its text is gone."""
    if page_id is not None:
        row = db.conn.execute("SELECT extras FROM pages WHERE id = ?", [page_id]).fetchone()
        return None if row is None else (("", block_tokens(notes_blocks(row[0])), _meta(publication_id)), None)
    original = article_blocks(db, [article_id], True).get(article_id)
    if not original:
        return None
    stored = db.conn.execute("SELECT blocks FROM search_corrected WHERE doc = ?", [doc]).fetchone()
    if stored is None:
        return (block_tokens(original[:1]), block_tokens(original[1:]), _meta(publication_id)), None
    current = json.loads(stored[0])
    return ((block_tokens(current[:1]), block_tokens(current[1:]), _meta(publication_id, True)),
            (block_tokens(original[:1]), block_tokens(original[1:])))


def _remove_docs(db: Database, rows: Iterable[tuple]) -> None:
    conn = db.conn
    for doc, article_id, page_id, publication_id in rows:
        values = _doc_values(db, doc, article_id, page_id, publication_id)
        if values is not None:
            conn.execute("""INSERT INTO search_fts (search_fts, rowid, headline, body, meta)
                            VALUES ('delete', ?, ?, ?, ?)""", [doc, *values[0]])
            if values[1] is not None:
                conn.execute("""INSERT INTO search_original (search_original, rowid, headline, body)
                                VALUES ('delete', ?, ?, ?)""", [doc, *values[1]])
        conn.execute("DELETE FROM search_docs WHERE doc = ?", [doc])
        conn.execute("DELETE FROM search_corrected WHERE doc = ?", [doc])


def remove_articles(db: Database, article_ids: Iterable[str]) -> None:
    """Take articles out of the index (before their imported text changes: a contentless
    table forgets a row only when given the tokens it was indexed with)."""
    rows = []
    for article_id in article_ids:
        rows += db.conn.execute("SELECT doc, article_id, page_id, publication_id FROM search_docs"
                                " WHERE article_id = ?", [article_id]).fetchall()
    _remove_docs(db, rows)


def remove_page_notes(db: Database, page_ids: Iterable[int]) -> None:
    """Take pages' notes out of the index (before the page row changes or goes)."""
    rows = []
    for page_id in page_ids:
        rows += db.conn.execute("SELECT doc, article_id, page_id, publication_id FROM search_docs"
                                " WHERE page_id = ?", [page_id]).fetchall()
    _remove_docs(db, rows)


def index_page_notes(db: Database, page_ids: Iterable[int]) -> None:
    """(Re)index the notes of pages (their extras: what belongs to no article)."""
    page_ids = list(page_ids)
    remove_page_notes(db, page_ids)
    numbers = _DocNumbers(db)
    conn = db.conn
    for page_id in page_ids:
        row = conn.execute("""SELECT pages.extras, issues.date, issues.publication_id FROM pages
                              JOIN issues ON issues.id = pages.issue_id WHERE pages.id = ?""",
                           [page_id]).fetchone()
        if row is None:
            continue
        body = block_tokens(notes_blocks(row[0]))
        if not body:
            continue
        doc = numbers.next(row[1])
        conn.execute("INSERT INTO search_docs (doc, page_id, publication_id) VALUES (?, ?, ?)",
                     [doc, page_id, row[2]])
        conn.execute("INSERT INTO search_fts (rowid, headline, body, meta) VALUES (?, '', ?, ?)",
                     [doc, body, _meta(row[2])])


def index_articles(db: Database, article_ids: Iterable[str]) -> None:
    """(Re)index articles from the library; ids no longer in it are only removed. A
    corrected article is indexed with both its corrected and its original text."""
    article_ids = list(article_ids)
    remove_articles(db, article_ids)
    if not article_ids:
        return
    conn = db.conn
    numbers = _DocNumbers(db)
    for start in range(0, len(article_ids), 500):
        chunk = article_ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        info = {r[0]: r[1:] for r in conn.execute(
            f"""SELECT articles.id, issues.publication_id, issues.date FROM articles
                JOIN issues ON issues.id = articles.issue_id WHERE articles.id IN ({marks})""", chunk)}
        chunk = [a for a in chunk if a in info]
        current = article_blocks(db, chunk, False)
        corrected_ids = _corrected(db, chunk)
        original = article_blocks(db, sorted(corrected_ids), True) if corrected_ids else {}
        for article_id in chunk:
            blocks = current.get(article_id)
            if not blocks:
                continue
            publication_id, date = info[article_id]
            doc = numbers.next(date)
            before = original.get(article_id) or blocks
            corrected = before != blocks
            conn.execute("INSERT INTO search_docs (doc, article_id, publication_id) VALUES (?, ?, ?)",
                         [doc, article_id, publication_id])
            conn.execute("INSERT INTO search_fts (rowid, headline, body, meta) VALUES (?, ?, ?, ?)",
                         [doc, block_tokens(blocks[:1]), block_tokens(blocks[1:]),
                          _meta(publication_id, corrected)])
            if corrected:
                conn.execute("INSERT INTO search_original (rowid, headline, body) VALUES (?, ?, ?)",
                             [doc, block_tokens(before[:1]), block_tokens(before[1:])])
                conn.execute("INSERT INTO search_corrected (doc, blocks) VALUES (?, ?)",
                             [doc, json.dumps(blocks, ensure_ascii=False)])


def reindex_article(db: Database, article_id: str) -> None:
    """Bring one article's index up to date after its text was corrected (call inside the
    correction's transaction)."""
    index_articles(db, [article_id])


def optimize(db: Database) -> None:
    """Merge the index into one segment: smaller and quicker to query after a bulk import
    (which writes it in many small segments)."""
    from .writer import write_transaction

    with write_transaction(db):
        db.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
        db.execute("INSERT INTO search_original (search_original) VALUES ('optimize')")


def rebuild_search_index(db: Database, progress: Callable[[int, int], None] | None = None,
                         *, batch: int = 2000) -> None:
    """Index every article and every page's notes afresh (a library whose index was made
    with another TOKENIZER_VERSION), and stamp the version. PROGRESS(done, total) after each
    batch. Runs inside the caller's transaction when there is one, else commits batch by
    batch."""
    from .writer import write_transaction

    conn = db.conn
    with write_transaction(db):
        drop_search_tables(db)
        create_search_tables(db)
    article_ids = [r[0] for r in conn.execute(
        """SELECT articles.id FROM articles JOIN issues ON issues.id = articles.issue_id
           ORDER BY issues.date, articles.rowid""")]
    page_ids = [r[0] for r in conn.execute("SELECT id FROM pages WHERE extras NOT IN ('', '[]')")]
    total = len(article_ids) + len(page_ids)
    done = 0
    for start in range(0, len(article_ids), batch):
        with write_transaction(db):
            index_articles(db, article_ids[start:start + batch])
        done += len(article_ids[start:start + batch])
        if progress is not None:
            progress(done, total)
    for start in range(0, len(page_ids), batch):
        with write_transaction(db):
            index_page_notes(db, page_ids[start:start + batch])
        done += len(page_ids[start:start + batch])
        if progress is not None:
            progress(done, total)
    if total:
        optimize(db)
    with write_transaction(db):
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'dubao_meta'").fetchone():
            conn.execute("INSERT OR REPLACE INTO dubao_meta (key, value) VALUES ('tokenizer_version', ?)",
                         [str(TOKENIZER_VERSION)])


def sequence_docs(db: Database, docs: Sequence[int]) -> dict[int, tuple[str | None, int | None]]:
    """(article id, page id) of each document."""
    out: dict[int, tuple[str | None, int | None]] = {}
    for start in range(0, len(docs), 500):
        chunk = list(docs[start:start + 500])
        marks = ",".join("?" * len(chunk))
        for doc, article_id, page_id in db.conn.execute(
                f"SELECT doc, article_id, page_id FROM search_docs WHERE doc IN ({marks})", chunk):
            out[doc] = (article_id, page_id)
    return out


def library_index_is_current(conn) -> bool:
    """Whether the library's search tables are the ones this version writes (a cheap look
    at their columns: no document is read)."""
    import sqlite3

    try:
        columns = tuple(d[0] for d in conn.execute("SELECT * FROM search_fts LIMIT 0").description)
        conn.execute("SELECT doc, article_id, page_id FROM search_docs LIMIT 0")
        conn.execute("SELECT * FROM search_original LIMIT 0")
        conn.execute("SELECT * FROM search_corrected LIMIT 0")
    except sqlite3.Error:
        return False
    if columns != COLUMNS:
        return False
    try:
        row = conn.execute("SELECT value FROM dubao_meta WHERE key = 'tokenizer_version'").fetchone()
    except sqlite3.Error:
        return False  # from before version stamps: it needs migrating
    return row is not None and row[0] == str(TOKENIZER_VERSION)
