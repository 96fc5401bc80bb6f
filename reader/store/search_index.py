"""The full-text index, kept in step with imports (and corrections) inside the same
transaction.

Two FTS5 tables answer every query exactly, with no confirmation against the text:

- `search_fts` (detail=full): the overlapping character pairs (bigrams) of each block of the
  normalised text (normalize.py), with positions. A term of two characters is one token; a
  longer one is the phrase of its pairs (消防车 = "消防 防车"), which only matches where the
  pairs follow each other, i.e. where the term is in the text. Blocks (headline, byline, each
  paragraph, caption, table row) are ended by BLOCK_BREAK, so that no phrase spans two.
- `search_chars` (detail=none): each distinct character of the document once (and, marked
  with HEADLINE_MARK, those of its headline), for one-character terms: 工, 在.

Why pairs: one- and two-character terms are the common Chinese query, and SQLite's trigram
tokenizer cannot find them; with one token per character (tokenizer version 2) every term of
two or more characters was a phrase over the position lists of common characters, which cost
time in proportion to how common its characters were, not how common the term was. A pair is
rarer than either of its characters, so phrases touch short lists, and two-character terms
touch one. Sizes (10k articles): pairs 1.25x the text's UTF-8 bytes, characters 0.14x; the
column holding most tokens comes first (`body`), because FTS5 spends two bytes per position
list on naming any other column.

Tokens are made here and given to FTS5's `ascii` tokenizer separated by spaces: ASCII
punctuation goes in as its full-width form (which `ascii` keeps as a token character), the
space kept between two Latin words as WORD_SPACE.

Columns of search_fts: `body` (every block but the headline), `headline`, `meta` (tokens for
filters: the publication, and CORRECTED on a corrected article — whole words of four or more
characters, which no query token, of one or two characters, can equal: no column filter is
needed, which FTS5 would pay for on every document). search_chars has one column holding the
characters and the same meta tokens. A corrected article's text as imported goes in
`search_original` (pairs and characters in one table: few documents), so the default search
and `original=True` are both exact. Page notes (a page's extras) are documents of their own.

`search_counts` holds how many documents hold each character (its document frequency in
search_chars), written in the same transaction as the rows: the exact total of a
one-character term is then one lookup however common the term, where FTS5 would step
through every matching row (about 30 ms a million documents). `search_pair_counts` does the
same for the pairs of search_fts (a two-character term: 记者, 5G), but a document has three
times as many distinct pairs as characters, and counting them as written would cost a
large import's one writer a fifth of a millisecond per article. So the pair counts are
written with their rows only by the writes that are small beside the library (a
correction, removing or importing some pages); an import large beside it marks them stale
as it begins, and when it ends they are counted afresh from the index itself (fts5vocab),
on a second connection while the writer merges the index (optimize): the idle core's work.
Any import that ends in optimize() (500 files or more: importer.OPTIMIZE_AFTER_FILES)
counts them afresh if they are stale, and so does a rebuild. A search uses them only while
dubao_meta says they are valid, so a total is never taken from a stale count (PAIR_COUNTS).

`search_docs` maps FTS rows to articles or pages. Row ids grow with the issue date, so
"newest first" and date ranges are rowid order and rowid ranges, which FTS5 answers cheaply.
The FTS tables are contentless (the text lives in the library already): removing a document
needs the tokens it was indexed with, so removal happens before the text changes, and the
corrected text a document was indexed with is kept in `search_corrected`.
"""
from __future__ import annotations

import array
import datetime as dt
import itertools
import json
import operator
import re
import secrets
import sqlite3
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, NamedTuple

from .normalize import normalize

if TYPE_CHECKING:
    from sqlite_utils import Database

    from .assemble import StoredArticle

# Bump when the tokens change: STORE stamps it in the library and rebuilds the index on open
# when the stamp differs (rebuild_search_index).
TOKENIZER_VERSION = 3

DAY_SHIFT = 1 << 20  # row ids per day: (date ordinal << 20) + sequence
BLOCK_BREAK = "\ue000"  # private-use characters: never in normalised text we index as such
WORD_SPACE = "\ue001"
HEADLINE_MARK = "\ue002"  # after a character in search_chars: it is in the headline
UNMATCHABLE = BLOCK_BREAK * 2  # a term with nothing to index: no pair of the index is this
CORRECTED = "corrected"  # a meta token
PUBLICATION_TOKEN = "pub{}"  # in `meta`: user queries never search that column
COLUMNS = ("body", "headline", "meta")

_PUNCTUATION_TO_FULLWIDTH = {code: code + 0xFEE0 for code in range(0x21, 0x7F) if not chr(code).isalnum()}
_CONTROLS = {code: None for code in (*range(0x00, 0x20), 0x7F)}
_PRIVATE = {ord(BLOCK_BREAK): None, ord(WORD_SPACE): None, ord(HEADLINE_MARK): None}
_TOKEN_TABLE = {**_PUNCTUATION_TO_FULLWIDTH, **_CONTROLS, **_PRIVATE, 0x20: ord(WORD_SPACE)}

Texts = Callable[["Database", list[str], bool], dict[str, list[str]]]


def create_search_tables(db: Database) -> None:
    db.execute("""CREATE TABLE IF NOT EXISTS search_docs (
        doc INTEGER PRIMARY KEY,       -- FTS row id: (issue date ordinal << 20) + sequence
        article_id TEXT UNIQUE,        -- an article, or
        page_id INTEGER,               -- the notes (extras) of a page
        publication_id INTEGER
    )""")
    # Most documents are articles: an index of page ids over every row would hold NULLs.
    db.execute("""CREATE UNIQUE INDEX IF NOT EXISTS search_docs_page ON search_docs (page_id)
                  WHERE page_id IS NOT NULL""")
    db.execute("""CREATE TABLE IF NOT EXISTS search_counts (
        token TEXT PRIMARY KEY,        -- a pair of search_fts or a character of search_chars
        docs INTEGER NOT NULL          -- how many documents hold it
    ) WITHOUT ROWID""")
    create_pair_counts_table(db)
    db.execute("""CREATE TABLE IF NOT EXISTS search_corrected (
        doc INTEGER PRIMARY KEY,       -- a corrected article: the corrected blocks it was indexed with
        blocks TEXT NOT NULL           -- JSON list: headline first
    )""")
    db.execute("""CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
        body, headline, meta, content='', tokenize='ascii', detail='full')""")
    # No column sizes (columnsize=0): nothing ranks by this table's BM25.
    db.execute("""CREATE VIRTUAL TABLE IF NOT EXISTS search_chars USING fts5(
        chars, content='', tokenize='ascii', detail='none', columnsize=0)""")
    db.execute("""CREATE VIRTUAL TABLE IF NOT EXISTS search_original USING fts5(
        body, headline, content='', tokenize='ascii', detail='full')""")
    merge_as_written(db)
    # A bulk import's transaction holds megabytes of new tokens: flushed in 16 MB pieces
    # rather than FTS5's default 1 MB, there are fewer small segments to merge (4% of an
    # import's time at 10k).
    for table in ("search_fts", "search_chars"):
        db.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('hashsize', 16777216)")


def drop_search_tables(db: Database) -> None:
    for table in ("search_fts", "search_chars", "search_original", "search_docs", "search_corrected",
                  "search_counts", "search_pair_counts", "search_text"):
        db.execute(f"DROP TABLE IF EXISTS {table}")


def token_text(norm: str) -> str:
    """Normalised text as a run of token characters (no ASCII separator left)."""
    return norm.translate(_TOKEN_TABLE)


# index_text() touches only what changes: in Chinese text almost nothing does (a full-width
# comma folds to ',' in normalize() and goes back to '，' as a token), and str.translate
# over every character was most of the cost of indexing.
_WIDE_ALNUM = {chr(c): chr(c - 0xFEE0).lower() for c in range(0xFF01, 0xFF5F) if chr(c - 0xFEE0).isalnum()}
_WIDE_ALNUM_RE = re.compile("[" + "".join(_WIDE_ALNUM) + "]")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ue000\ue001\ue002]")
_WORD_RE = re.compile(r"[0-9a-z]")
_SPACE_RE = re.compile(r"\s")
_TOKEN_RE = re.compile(r"[ !-/:-@\[-`{-~]")  # ASCII punctuation and the space
_TOKEN_CHAR = {chr(c): chr(_TOKEN_TABLE[c]) for c in range(0x20, 0x7F) if _TOKEN_RE.match(chr(c))}


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
    # str.translate looks up every character; a replace per distinct character found is a
    # memchr-style pass each, and a block holds few distinct ones (",", ".", "%", " ").
    for ch in set(_TOKEN_RE.findall(text)):
        text = text.replace(ch, _TOKEN_CHAR[ch])
    return text


def run_pairs(run: str) -> list[str]:
    """The overlapping pairs of a run of token characters (token_text)."""
    return list(map(operator.add, run, run[1:]))


class DocTokens(NamedTuple):
    """What a document is indexed with: the pairs of its headline and of its other blocks
    (search_fts), and its characters (search_chars; search_original takes them too)."""
    headline: str
    body: str
    chars: str   # each character once
    marks: str   # each character of the headline once, followed by HEADLINE_MARK


_SHORT_RUN = 12  # below this, making the pairs one by one is as quick
_UNITS = "I" if array.array("I").itemsize == 4 else "L"  # one UTF-32 code unit
_UTF32 = "utf-32-le" if sys.byteorder == "little" else "utf-32-be"  # the array's own order
_SPACES = array.array(_UNITS, [ord(" ")]) * (3 * 16384)


def _pairs(run: str) -> str:
    """run_pairs(RUN) joined by spaces. A long run is laid out as UTF-32 code units, every
    third one the first character of a pair, the second, or a space (three strided copies
    in C), rather than as one small string per pair: an eighth of the time."""
    count = len(run) - 1
    if count < _SHORT_RUN or count > len(_SPACES) // 3:
        return " ".join(map(operator.add, run, run[1:]))
    units = array.array(_UNITS, run.encode(_UTF32, "surrogatepass"))
    out = _SPACES[:3 * count]
    out[0::3] = units[:-1]
    out[1::3] = units[1:]
    return out.tobytes()[:-4].decode(_UTF32, "surrogatepass")


def doc_tokens(headline_blocks: Iterable[str], body_blocks: Iterable[str]) -> DocTokens:
    """The tokens of a document's text blocks (each normalised; blocks ended by
    BLOCK_BREAK). The characters are in no particular order: search_chars keeps no
    positions, so a row is forgotten by the same set of tokens in any order."""
    parts: list[list[str]] = [[], []]
    chars: set[str] = set()
    headline_chars: set[str] = set()
    for which, blocks in enumerate((headline_blocks, body_blocks)):
        out = parts[which]
        for block in blocks:
            run = index_text(block)
            if not run:
                continue
            (headline_chars if which == 0 else chars).update(run)
            if len(run) > 1:
                out.append(_pairs(run))
                out.append(BLOCK_BREAK)
    chars |= headline_chars
    chars.discard(WORD_SPACE)
    headline_chars.discard(WORD_SPACE)
    return DocTokens(" ".join(parts[0]), " ".join(parts[1]), " ".join(chars),
                     " ".join([c + HEADLINE_MARK for c in headline_chars]))


def doc_pairs(tokens: DocTokens) -> set[str]:
    """The distinct pairs a document is indexed with in search_fts (what search_pair_counts
    counts it under)."""
    found = set(tokens.body.split())
    found.update(tokens.headline.split())
    found.discard(BLOCK_BREAK)
    return found


def article_tokens(article: StoredArticle) -> DocTokens:
    """The tokens of an article as parsed (the importer's workers call this): its text
    (text.py) split at line breaks, as article_blocks() reads it from the library — the same
    tokens, so that the row can be deleted with them."""
    blocks = article.text().split("\n")
    return doc_tokens(blocks[:1], blocks[1:])


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


# --- document frequencies (search_counts) -----------------------------------------------------

_PENDING = "_dubao_search_counts"  # attribute of a Database: counts kept for its open transaction


class Counts:
    """Documents gained and lost per character (and, with PAIRS, per pair of search_fts),
    kept apart so that both are counted by Counter.update over the tokens (its fast path)."""

    def __init__(self, pairs: bool = False) -> None:
        self.gained: Counter = Counter()
        self.lost: Counter = Counter()
        self.pairs = pairs
        self.pairs_gained: Counter = Counter()
        self.pairs_lost: Counter = Counter()

    def add(self, tokens: DocTokens, delete: bool = False) -> None:
        (self.lost if delete else self.gained).update(tokens.chars.split())
        if self.pairs:
            (self.pairs_lost if delete else self.pairs_gained).update(doc_pairs(tokens))

    def changes(self) -> list[tuple[str, int]]:
        return _changes(self.gained, self.lost)

    def pair_changes(self) -> list[tuple[str, int]]:
        return _changes(self.pairs_gained, self.pairs_lost)


def _changes(gained: Counter, lost: Counter) -> list[tuple[str, int]]:
    out = [(t, n - lost.get(t, 0)) for t, n in gained.items()]
    out += [(t, -n) for t, n in lost.items() if t not in gained]
    return [item for item in out if item[1]]


_KEPT = "_dubao_index_writes"  # attribute of a Database: FTS writes kept for its open transaction


class _KeptWrites:
    """The FTS writes of a transaction that FTS5 would not take without flushing, per table
    (row id, SQL, row), and what was written last to each table (row id, a delete)."""

    def __init__(self) -> None:
        self.writes: dict[str, list[tuple]] = {}
        self.last: dict[str, tuple[int, bool]] = {}


def keep_index_writes(db: Database) -> None:
    """Keep the index's writes that would cost a flush until write_kept_index() (an import
    calls this when it begins a transaction, and write_kept_index() before it commits):

    - document frequencies: one write per token per transaction instead of one per token
      per file;
    - the FTS rows FTS5 cannot take in the order they come: it flushes its pending index to
      a new segment whenever a row id is lower than the one written before it (or the same
      after an insert), which an import's file order did once or twice a file (files not in
      date order; pages replaced, their documents deleted by their old row ids). Rows that
      come in order are written at once (the writer's work stays spread over the batch,
      beside the parsing workers'); the others are kept and written at the end, in row id
      order: one flush a transaction at most.

    Nothing in the transaction may read the FTS tables meanwhile (an import does not)."""
    setattr(db, _PENDING, Counts(pairs=pair_counts_valid(db.conn)))
    setattr(db, _KEPT, _KeptWrites())


def discard_kept_index(db: Database) -> None:
    """Forget what was kept since keep_index_writes() (its transaction was rolled back)."""
    setattr(db, _PENDING, None)
    setattr(db, _KEPT, None)


def write_kept_index(db: Database) -> None:
    """Write what was kept since keep_index_writes() (inside its transaction), and stop
    keeping: each FTS table's rows in row id order (a stable sort: writes of one document
    keep their order, a delete before an insert), consecutive ones of one kind together."""
    pending, kept = getattr(db, _PENDING, None), getattr(db, _KEPT, None)
    discard_kept_index(db)
    for writes in (kept.writes.values() if kept is not None else ()):
        writes.sort(key=operator.itemgetter(0))
        for sql, group in itertools.groupby(writes, key=operator.itemgetter(1)):
            db.conn.executemany(sql, [params for _, _, params in group])
    if pending:
        _write_counts(db, pending)


@contextmanager
def index_writes_kept(db: Database) -> Iterator[None]:
    """keep_index_writes() for the block (inside the caller's transaction): written at its
    end, forgotten if it raises. Inside a block (or a batch) that keeps them already, the
    outer one writes them."""
    if getattr(db, _KEPT, None) is not None:
        yield
        return
    keep_index_writes(db)
    try:
        yield
        write_kept_index(db)
    finally:
        discard_kept_index(db)


def _fts_write(db: Database, table: str, sql: str, rows: list[tuple], *, delete: bool = False) -> None:
    """Write ROWS (each starting with its row id) to the FTS table TABLE by SQL (DELETE: a
    'delete' command); while writes are kept, those FTS5 would flush for are kept. A row
    id once kept stays below what was written, so all its later writes are kept too, and
    keep their order."""
    kept = getattr(db, _KEPT, None)
    if kept is None:
        db.conn.executemany(sql, rows)
        return
    last_rowid, last_delete = kept.last.get(table, (-1, True))
    now = []
    for row in rows:
        rowid = row[0]
        if rowid > last_rowid or (rowid == last_rowid and last_delete):
            now.append(row)
            last_rowid, last_delete = rowid, delete
        else:
            kept.writes.setdefault(table, []).append((rowid, sql, row))
    kept.last[table] = (last_rowid, last_delete)
    if now:
        db.conn.executemany(sql, now)


def _counts_for(db: Database) -> tuple[Counts, bool]:
    """Where a write counts its documents: the transaction's kept counts (keep_index_writes),
    else its own, to write when it is done (OWN true). Merging a write's own counts into
    the kept ones would loop over them in Python, at a few hundred characters a document."""
    pending = getattr(db, _PENDING, None)
    return (pending, False) if pending is not None else (Counts(pairs=pair_counts_valid(db.conn)), True)


def _write_counts(db: Database, counts: Counts) -> None:
    """Write COUNTS (inside the transaction of the index writes they count); every index
    write ends here, so this is also where the pair counts learn of one."""
    conn = db.conn
    conn.executemany(
        """INSERT INTO search_counts (token, docs) VALUES (?, ?)
           ON CONFLICT (token) DO UPDATE SET docs = docs + excluded.docs""", counts.changes())
    state = _pair_state(conn)
    if state == PAIR_COUNTS_VALID:
        if counts.pairs:
            conn.executemany(
                """INSERT INTO search_pair_counts (token, docs) VALUES (?, ?)
                   ON CONFLICT (token) DO UPDATE SET docs = docs + excluded.docs""", counts.pair_changes())
        else:  # counted while they were stale: these writes are not in them
            _mark_stale(conn)
    elif state is not None:
        # Stale: a recount under way must not take a snapshot from before this write for
        # the library's counts (recount_pairs compares the state before and after).
        _mark_stale(conn)


# --- pair document frequencies (search_pair_counts) ----------------------------------------

PAIR_COUNTS = "pair_counts"  # dubao_meta key: PAIR_COUNTS_VALID, or PAIR_COUNTS_STALE + a random mark
PAIR_COUNTS_VALID = "valid"
PAIR_COUNTS_STALE = "stale "


def create_pair_counts_table(db: Database) -> None:
    db.execute("""CREATE TABLE IF NOT EXISTS search_pair_counts (
        token TEXT PRIMARY KEY,        -- a pair of search_fts
        docs INTEGER NOT NULL          -- how many documents hold it (while dubao_meta says valid)
    ) WITHOUT ROWID""")


def _pair_state(conn: sqlite3.Connection) -> str | None:
    """dubao_meta's word on the pair counts (None: a library without them)."""
    try:
        row = conn.execute(f"SELECT value FROM dubao_meta WHERE key = '{PAIR_COUNTS}'").fetchone()
    except sqlite3.Error:
        return None
    return None if row is None else str(row[0])


def _set_pair_state(conn: sqlite3.Connection, value: str) -> None:
    conn.execute(f"INSERT OR REPLACE INTO dubao_meta (key, value) VALUES ('{PAIR_COUNTS}', ?)", [value])


def _mark_stale(conn: sqlite3.Connection) -> None:
    """Say the counts are stale, with a mark no state of this library had before: a census
    knows its snapshot is still the library's only while the state is the one it read (a
    count of writes could come back to the same number after a recount elsewhere)."""
    _set_pair_state(conn, PAIR_COUNTS_STALE + secrets.token_hex(8))


def pair_counts_valid(conn: sqlite3.Connection) -> bool:
    return _pair_state(conn) == PAIR_COUNTS_VALID


def pair_counts_stale(conn: sqlite3.Connection) -> bool:
    """Whether the library has pair counts that must be counted afresh (recount_pairs)."""
    state = _pair_state(conn)
    return state is not None and state != PAIR_COUNTS_VALID


def start_pair_counts(db: Database) -> None:
    """Set up the pair counts of a library that has none (a migration, inside it): valid
    for an empty index, else stale until the next large import or rebuild counts them."""
    create_pair_counts_table(db)
    empty = db.execute("SELECT 1 FROM search_docs LIMIT 1").fetchone() is None
    if empty:
        _set_pair_state(db.conn, PAIR_COUNTS_VALID)
    else:
        _mark_stale(db.conn)


def leave_pair_counts_stale(db: Database) -> None:
    """Stop writing the pair counts with the rows (a large import, inside its transaction,
    before any index write): recount_pairs() counts them afresh at its end."""
    if pair_counts_valid(db.conn):
        _mark_stale(db.conn)


def pair_counts(db, pairs: Sequence[str]) -> dict[str, int] | None:
    """How many documents hold each of PAIRS (exact), or None when the library's pair counts
    are stale or missing (FTS5 must count)."""
    conn = db.conn
    try:
        if not pair_counts_valid(conn):
            return None
        marks = ",".join("?" * len(pairs))
        found = dict(conn.execute(f"SELECT token, docs FROM search_pair_counts WHERE token IN ({marks})",
                                  list(pairs)).fetchall())
    except sqlite3.Error:
        return None
    return {p: found.get(p, 0) for p in pairs}


class _PairCensus:
    """Every pair of search_fts with its document count, as one snapshot of the library
    read (fts5vocab), with the pair counts' state in that snapshot; kept compact (a million
    pairs: 4 MB of text and 8 MB of counts, not a million tuples)."""

    def __init__(self) -> None:
        self.state: str | None = None
        self.text: list[str] = []   # the pairs of each chunk, joined: two characters each
        self.docs = array.array("q")
        self.error: BaseException | None = None
        self.stopped = False  # set by another thread: give up at the next step

    def read(self, conn: sqlite3.Connection) -> None:
        """Read the snapshot on CONN (a connection of its own, in a thread; or the caller's)."""
        try:
            conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.dubao_pair_census "
                         "USING fts5vocab(main, search_fts, row)")
            own = not conn.in_transaction  # inside the caller's, it is one snapshot already
            if own:
                conn.execute("BEGIN")
            try:
                self.state = _pair_state(conn)
                cursor = conn.execute("SELECT term, doc FROM temp.dubao_pair_census WHERE length(term) = 2")
                while not self.stopped and (rows := cursor.fetchmany(65536)):
                    self.text.append("".join(r[0] for r in rows))
                    self.docs.extend(r[1] for r in rows)
                if self.stopped:
                    raise sqlite3.OperationalError("interrupted")
            finally:
                if own:
                    conn.execute("COMMIT")
        except Exception as exc:  # noqa: BLE001 - the counts stay stale, the caller goes on
            self.error = exc  # (a Ctrl-C, where this runs on the caller's thread, goes on up)

    def stop(self, conn: sqlite3.Connection) -> None:
        """From another thread: stop the reading on CONN as soon as it can."""
        self.stopped = True
        conn.interrupt()

    def rows(self) -> Iterator[tuple[str, int]]:
        docs = iter(self.docs)
        for text in self.text:
            for start in range(0, len(text), 2):
                yield text[start:start + 2], next(docs)


def recount_pairs(db: Database, alongside: Callable[[], None] | None = None) -> bool:
    """Count every pair's documents afresh from the index and mark the counts valid (they
    were stale). ALONGSIDE, when given, runs meanwhile on DB's connection (an import's
    final merge; its errors are raised): the census reads, on a second connection in a
    thread, the snapshot of the moment it starts, before or after the merge commits (the
    merge changes no count). False when the counts stay stale, which a search only pays
    for in time: another process wrote the index between the census and its writing, or
    the census or its writing failed (busy, a full disk) — the work it counts is committed
    already, and the next import of 500 files or more, or a rebuild,
    counts again."""
    census = _PairCensus()
    uri = getattr(db, "reader_uri", None)
    if uri is not None and alongside is not None and not db.conn.in_transaction:
        try:
            reader = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=30.0)
        except sqlite3.Error:
            alongside()
            return False
        # A daemon: a second Ctrl-C while it is joined must not leave the process waiting.
        thread = threading.Thread(target=census.read, args=(reader,), name="dubao-pair-census", daemon=True)
        thread.start()
        try:
            alongside()
        except BaseException:
            census.stop(reader)  # no use reading on (Ctrl-C, a full disk)
            raise
        finally:
            try:
                thread.join()
            except BaseException:
                census.stop(reader)
                raise
            reader.close()
    else:
        if alongside is not None:
            alongside()
        census.read(db.conn)
    if census.error is not None or census.state is None or census.state == PAIR_COUNTS_VALID:
        return census.state == PAIR_COUNTS_VALID
    try:
        return _write_census(db, census)
    except sqlite3.Error:  # WriteBusyError too
        return False


def _write_census(db: Database, census: _PairCensus) -> bool:
    from .writer import write_transaction

    with write_transaction(db):
        if _pair_state(db.conn) != census.state:
            return False
        db.execute("DELETE FROM search_pair_counts")
        db.conn.executemany("INSERT INTO search_pair_counts (token, docs) VALUES (?, ?)", census.rows())
        _set_pair_state(db.conn, PAIR_COUNTS_VALID)
    return True


def token_counts(db, tokens: Sequence[str]) -> dict[str, int]:
    """How many documents hold each of TOKENS (0 for those none holds)."""
    marks = ",".join("?" * len(tokens))
    found = dict(db.conn.execute(f"SELECT token, docs FROM search_counts WHERE token IN ({marks})",
                                 list(tokens)).fetchall())
    return {t: found.get(t, 0) for t in tokens}


def _chars_row(tokens: DocTokens, meta: str) -> str:
    return " ".join(x for x in (tokens.chars, tokens.marks, meta) if x)


def _original_row(tokens: DocTokens) -> tuple[str, str]:
    """(body, headline) of search_original: the characters go with the body, in an order
    that does not depend on the process (this table keeps positions)."""
    return f"{tokens.body} {' '.join(sorted(tokens.chars.split()))}", tokens.headline


def _write_doc(db: Database, counts: Counts, doc: int, tokens: DocTokens, meta: str,
               original: DocTokens | None = None, *, delete: bool = False) -> None:
    """Add document DOC to the FTS tables (or, with DELETE, take it out: contentless
    tables must be told the tokens it was added with), its tokens counted in COUNTS."""
    command, value = ("search_fts, ", "'delete', ") if delete else ("", "")
    _fts_write(db, "search_fts", f"INSERT INTO search_fts ({command}rowid, body, headline, meta) "
               f"VALUES ({value}?, ?, ?, ?)", [(doc, tokens.body, tokens.headline, meta)], delete=delete)
    counts.add(tokens, delete)
    command = "search_chars, " if delete else ""
    _fts_write(db, "search_chars", f"INSERT INTO search_chars ({command}rowid, chars) VALUES ({value}?, ?)",
               [(doc, _chars_row(tokens, meta))], delete=delete)
    if original is not None:
        command = "search_original, " if delete else ""
        _fts_write(db, "search_original", f"INSERT INTO search_original ({command}rowid, body, headline) "
                   f"VALUES ({value}?, ?, ?)", [(doc, *_original_row(original))], delete=delete)


def insert_tokens(db: Database, rows: Iterable[tuple]) -> None:
    """Index articles: (article id, publication id, date, *DocTokens) rows."""
    conn = db.conn
    numbers = _DocNumbers(db)
    docs, fts, chars = [], [], []
    counts, own = _counts_for(db)
    for article_id, publication_id, date, *values in rows:
        tokens = DocTokens(*values)
        counts.add(tokens)
        doc = numbers.next(date)
        meta = _meta(publication_id)
        docs.append((doc, article_id, publication_id))
        fts.append((doc, tokens.body, tokens.headline, meta))
        chars.append((doc, _chars_row(tokens, meta)))
    conn.executemany("INSERT INTO search_docs (doc, article_id, publication_id) VALUES (?, ?, ?)", docs)
    _fts_write(db, "search_fts", "INSERT INTO search_fts (rowid, body, headline, meta) VALUES (?, ?, ?, ?)", fts)
    _fts_write(db, "search_chars", "INSERT INTO search_chars (rowid, chars) VALUES (?, ?)", chars)
    if own:
        _write_counts(db, counts)


# --- the article text: one call site --------------------------------------------------------

def article_blocks(db: Database, article_ids: list[str], original: bool = False) -> dict[str, list[str]]:
    """The text blocks of articles (headline first): THE article text (text.py), corrected
    unless ORIGINAL, split at its line breaks. The one place search reads article text."""
    from .text import article_block_texts

    return article_block_texts(db, article_ids, original=original)


def _corrected(db: Database, article_ids: list[str]) -> set[str]:
    """Which of ARTICLE_IDS have corrections (none before the corrections table exists: the
    search migration runs first)."""
    if db.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'corrections'").fetchone() is None:
        return set()
    from .text import corrected_article_ids

    return corrected_article_ids(db, article_ids)


# --- removing and (re)indexing ---------------------------------------------------------------

def _doc_values(db: Database, doc: int, article_id: str | None, page_id: int | None,
                publication_id: int | None) -> tuple[DocTokens, str, DocTokens | None] | None:
    """What document DOC was indexed with: its tokens, its meta tokens, and the tokens of
    its original text when it is corrected (else None); None when its text is gone."""
    if page_id is not None:
        row = db.conn.execute("SELECT extras FROM pages WHERE id = ?", [page_id]).fetchone()
        return None if row is None else (doc_tokens([], notes_blocks(row[0])), _meta(publication_id), None)
    original = article_blocks(db, [article_id], True).get(article_id)
    if not original:
        return None
    stored = db.conn.execute("SELECT blocks FROM search_corrected WHERE doc = ?", [doc]).fetchone()
    if stored is None:
        return doc_tokens(original[:1], original[1:]), _meta(publication_id), None
    current = json.loads(stored[0])
    return (doc_tokens(current[:1], current[1:]), _meta(publication_id, True),
            doc_tokens(original[:1], original[1:]))


def _remove_docs(db: Database, rows: Iterable[tuple]) -> None:
    conn = db.conn
    counts, own = _counts_for(db)
    for doc, article_id, page_id, publication_id in rows:
        values = _doc_values(db, doc, article_id, page_id, publication_id)
        if values is not None:
            _write_doc(db, counts, doc, *values, delete=True)
        conn.execute("DELETE FROM search_docs WHERE doc = ?", [doc])
        conn.execute("DELETE FROM search_corrected WHERE doc = ?", [doc])
    if own:
        _write_counts(db, counts)


def remove_articles(db: Database, article_ids: Iterable[str]) -> None:
    """Take articles out of the index (before their imported text changes: a contentless
    table forgets a row only when given the tokens it was indexed with)."""
    _remove_docs(db, _docs_of(db, "article_id", article_ids))


def remove_page_notes(db: Database, page_ids: Iterable[int]) -> None:
    """Take pages' notes out of the index (before the page row changes or goes)."""
    _remove_docs(db, _docs_of(db, "page_id", page_ids))


def _docs_of(db: Database, column: str, values: Iterable) -> list[tuple]:
    rows: list[tuple] = []
    for value in values:
        rows += db.conn.execute("SELECT doc, article_id, page_id, publication_id FROM search_docs"
                                f" WHERE {column} = ?", [value]).fetchall()
    return rows


def index_page_notes(db: Database, page_ids: Iterable[int]) -> None:
    """(Re)index the notes of pages (their extras: what belongs to no article)."""
    page_ids = list(page_ids)
    remove_page_notes(db, page_ids)
    numbers = _DocNumbers(db)
    conn = db.conn
    counts, own = _counts_for(db)
    for page_id in page_ids:
        row = conn.execute("""SELECT pages.extras, issues.date, issues.publication_id FROM pages
                              JOIN issues ON issues.id = pages.issue_id WHERE pages.id = ?""",
                           [page_id]).fetchone()
        if row is None:
            continue
        tokens = doc_tokens([], notes_blocks(row[0]))
        if not tokens.chars:
            continue
        doc = numbers.next(row[1])
        conn.execute("INSERT INTO search_docs (doc, page_id, publication_id) VALUES (?, ?, ?)",
                     [doc, page_id, row[2]])
        _write_doc(db, counts, doc, tokens, _meta(row[2]))
    if own:
        _write_counts(db, counts)


def index_articles(db: Database, article_ids: Iterable[str]) -> None:
    """(Re)index articles from the library; ids no longer in it are only removed. A
    corrected article is indexed with both its corrected and its original text."""
    article_ids = list(article_ids)
    remove_articles(db, article_ids)
    if not article_ids:
        return
    conn = db.conn
    numbers = _DocNumbers(db)
    counts, own = _counts_for(db)
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
            _write_doc(db, counts, doc, doc_tokens(blocks[:1], blocks[1:]), _meta(publication_id, corrected),
                       doc_tokens(before[:1], before[1:]) if corrected else None)
            if corrected:
                conn.execute("INSERT INTO search_corrected (doc, blocks) VALUES (?, ?)",
                             [doc, json.dumps(blocks, ensure_ascii=False)])
    if own:
        _write_counts(db, counts)


def reindex_article(db: Database, article_id: str) -> None:
    """Bring one article's index up to date after its text was corrected (call inside the
    correction's transaction)."""
    index_articles(db, [article_id])


MERGE_PAGES = 4000  # pages of merge work after an import small beside its library
AUTOMERGE = 16  # FTS5 merges 16 segments of a level at a time as they are written
CRISISMERGE = 64  # however written, a level of 64 segments is merged at once
_MERGED_TABLES = ("search_fts", "search_chars")


def merge_as_written(db: Database) -> None:
    """The index's usual merging: each write merges some segments (FTS5's automerge), so
    that small writes (corrections, a few pages) never leave it in many pieces. Inside the
    caller's transaction."""
    _set_merging(db, AUTOMERGE)


def merge_at_the_end(db: Database) -> None:
    """A bulk import's merging: none as it writes; optimize() merges once at its end, and
    turns automerge back on. Merged as written, each byte of a million articles' index was
    rewritten at every level (3-4 times) and then once more by the final optimize; left to
    the end, it is written when flushed and once by the optimize (a fifth less FTS5 work
    at a thousand segments). CRISISMERGE still bounds the segments a search meanwhile
    reads. A process killed half-way leaves automerge off: the next import turns it on
    again (merge_as_written). Inside the caller's transaction."""
    _set_merging(db, 0)


def _set_merging(db: Database, automerge: int) -> None:
    for table in _MERGED_TABLES:
        db.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('automerge', {int(automerge)})")
        db.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('crisismerge', {CRISISMERGE})")


def merging_as_written(db: Database) -> bool:
    """Whether automerge is on (a killed bulk import leaves it off)."""
    return _automerge(db) == {AUTOMERGE}


def merging_at_the_end(db: Database) -> bool:
    """Whether a bulk import has automerge off (merge_at_the_end)."""
    return _automerge(db) == {0}


def _automerge(db: Database) -> set[int | None]:
    """The automerge settings of the merged tables (None: FTS5's default, never set)."""
    found = set()
    for table in _MERGED_TABLES:
        row = db.conn.execute(f"SELECT v FROM {table}_config WHERE k = 'automerge'").fetchone()
        found.add(row[0] if row is not None else None)
    return found


def optimize(db: Database, *, added: int | None = None) -> None:
    """Merge the index after a bulk import (which writes it in many small segments). The
    whole index becomes one segment (smallest, quickest to query) when the import brought
    ADDED documents that are a good part of the library, or ADDED is not given; otherwise
    a bounded amount of merging joins the new small segments, so that a thousand pages
    imported into a million-article library do not rewrite all of its index."""
    from .writer import write_transaction

    small = added is not None and added * 4 < indexed_documents(db)

    def merge() -> None:
        with write_transaction(db):
            merge_as_written(db)  # after a bulk import, which merged nothing as it went
            for table in ("search_fts", "search_chars", "search_original"):
                if small:
                    db.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('merge', ?)", [-MERGE_PAGES])
                else:
                    db.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")

    if pair_counts_stale(db.conn):
        recount_pairs(db, alongside=merge)
    else:
        merge()


def indexed_documents(db: Database) -> int:
    return db.conn.execute("SELECT COUNT(*) FROM search_docs").fetchone()[0]


REBUILDING = " rebuilding"  # after the version: the stamp while a rebuild is under way


def rebuild_search_index(db: Database, progress: Callable[[int, int], None] | None = None,
                         *, batch: int = 2000, stop: Callable[[], bool] | None = None) -> bool:
    """Index every article and every page's notes afresh (a library whose index was made
    with another TOKENIZER_VERSION), and stamp the version. PROGRESS(done, total) after each
    batch; STOP() true between batches stops it (False is returned).

    Each batch commits on its own (inside a caller's transaction, they are its savepoints).
    Until the last one the library is stamped "<version> rebuilding", so that nothing
    searches a half index; a rebuild stopped, or killed, continues from where it was the
    next time, skipping what is indexed already (another process rebuilding at the same
    time included)."""
    from .writer import write_transaction

    conn = db.conn
    with write_transaction(db):
        if not _rebuild_under_way(conn):
            drop_search_tables(db)
            create_search_tables(db)
            _stamp(conn, f"{TOKENIZER_VERSION}{REBUILDING}")
            if _pair_state(conn) is not None:  # counted afresh by the optimize at the end
                _mark_stale(conn)
    # Oldest first: FTS5 writes its pending rows in row-id (date) order, and flushes them
    # whenever a row id goes back.
    article_ids = [r[0] for r in conn.execute(
        """SELECT articles.id FROM articles JOIN issues ON issues.id = articles.issue_id
           ORDER BY issues.date, articles.rowid""")]
    page_ids = [r[0] for r in conn.execute("SELECT id FROM pages WHERE extras NOT IN ('', '[]')")]
    total = len(article_ids) + len(page_ids)
    done = 0
    for index, column, ids in ((index_articles, "article_id", article_ids),
                               (index_page_notes, "page_id", page_ids)):
        for start in range(0, len(ids), batch):
            if stop is not None and stop():
                return False
            chunk = ids[start:start + batch]
            with write_transaction(db):
                marks = ",".join("?" * len(chunk))
                indexed = {r[0] for r in conn.execute(
                    f"SELECT {column} FROM search_docs WHERE {column} IN ({marks})", chunk)}
                index(db, [i for i in chunk if i not in indexed])
            done += len(chunk)
            if progress is not None:
                progress(done, total)
    if total:
        optimize(db)
    with write_transaction(db):
        _stamp(conn, str(TOKENIZER_VERSION))
        if pair_counts_stale(conn) and indexed_documents(db) == 0:
            # An empty index (still, in this transaction: another process may have
            # indexed meanwhile, its pairs uncounted): every count is 0.
            db.execute("DELETE FROM search_pair_counts")
            _set_pair_state(conn, PAIR_COUNTS_VALID)
    return True


def _stamp(conn, value: str) -> None:
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'dubao_meta'").fetchone():
        conn.execute("INSERT OR REPLACE INTO dubao_meta (key, value) VALUES ('tokenizer_version', ?)", [value])


def _stamped(conn) -> str | None:
    """The tokenizer version the library's index is stamped with (None: no stamp, or a
    library from before stamps)."""
    try:
        row = conn.execute("SELECT value FROM dubao_meta WHERE key = 'tokenizer_version'").fetchone()
    except sqlite3.Error:
        return None
    return None if row is None else str(row[0])


def index_being_rebuilt(conn) -> bool:
    """Whether the library is stamped as half-way through a rebuild (its index is partial)."""
    return (_stamped(conn) or "").endswith(REBUILDING)


def _rebuild_under_way(conn) -> bool:
    """Whether a rebuild to this version's tables was begun (and not finished)."""
    return _stamped(conn) == f"{TOKENIZER_VERSION}{REBUILDING}" and _tables_current(conn)


def _tables_current(conn) -> bool:
    """Whether the search tables are the ones this version writes (their columns)."""
    try:
        columns = tuple(d[0] for d in conn.execute("SELECT * FROM search_fts LIMIT 0").description)
        conn.execute("SELECT doc, article_id, page_id FROM search_docs LIMIT 0")
        conn.execute("SELECT * FROM search_original LIMIT 0")
        conn.execute("SELECT * FROM search_chars LIMIT 0")
        conn.execute("SELECT token, docs FROM search_counts LIMIT 0")
        conn.execute("SELECT * FROM search_corrected LIMIT 0")
    except sqlite3.Error:
        return False
    return columns == COLUMNS


def library_index_is_current(conn) -> bool:
    """Whether the library's search tables are the ones this version writes, complete (a
    cheap look at their columns and the stamp: no document is read)."""
    return _tables_current(conn) and _stamped(conn) == str(TOKENIZER_VERSION)
