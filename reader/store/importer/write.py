"""Prepared pages → rows. Runs in the one writing process; every transaction goes through
writer.py. Pages are written in batches (one transaction of up to BATCH_FILES files); a
file that fails while being stored rolls the batch back and the batch's other files are
stored again without it, so every file is in the library whole or not at all. (A savepoint
per file would do the same, but FTS5 flushes its pending index at every savepoint, which
made the import twice as slow.)

A new version of a page already in the library (same publication, date and page) replaces
it; its articles keep their ids, so bookmarks and annotations follow them.
"""
from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

from sqlite_utils import Database

from .. import jumps, search_index
from ..ids import article_id_for
from ..writer import begin_immediate, write_transaction
from .prepare import PreparedFile, stored_from_parsed
from .report import FileResult

UNKNOWN_PUBLICATION = "(unknown publication)"
BATCH_FILES = 200
BATCH_SECONDS = 1.0


class Batch:
    """The files stored in the open transaction, to store again after a rollback."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.stored: list[PreparedFile] = []
        self.started = time.monotonic()
        self.committed = 0  # files (imported or replaced) whose transaction committed

    def store(self, prepared: PreparedFile) -> FileResult:
        if prepared.error is not None:
            return FileResult(prepared.path, "failed", error=prepared.error)
        if not self.db.conn.in_transaction:
            begin_immediate(self.db)
            self.stored, self.started = [], time.monotonic()
        try:
            result = store_file(self.db, prepared)
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop an import
            from ..errors import environment_error

            self.db.conn.rollback()
            if environment_error(exc) is not None:
                raise  # the library cannot be written at all: no use trying the next file
            begin_immediate(self.db)
            for earlier in self.stored:
                store_file(self.db, earlier)
            return FileResult(prepared.path, "failed", error=f"could not store: {exc}")
        if result.status not in ("unchanged", "empty"):
            self.stored.append(prepared)
        if len(self.stored) >= BATCH_FILES or time.monotonic() - self.started > BATCH_SECONDS:
            self.commit()
        return result

    def commit(self) -> None:
        if self.db.conn.in_transaction:
            self.db.conn.commit()
        self.committed += len(self.stored)
        self.stored = []

    def rollback(self) -> None:
        if self.db.conn.in_transaction:
            self.db.conn.rollback()
        self.stored = []


def store_file(db: Database, prepared: PreparedFile) -> FileResult:
    """Store one prepared file inside the caller's transaction."""
    parsed = prepared.parsed
    layout = getattr(parsed, "layout", None)
    if unchanged(db, prepared):
        return FileResult(prepared.path, "unchanged", sum(len(p.articles) for p in parsed.pages), layout=layout)
    replaced, articles, gained = store_page(db, prepared)
    status = "replaced" if replaced else "imported"
    if not articles:
        status = "empty" if not replaced else status
    return FileResult(prepared.path, status, articles, warnings=list(parsed.warnings),
                      layout=layout, gained=gained)


def store_prepared(db: Database, prepared: PreparedFile) -> FileResult:
    """Store one prepared file in a transaction of its own."""
    if prepared.error is not None:
        return FileResult(prepared.path, "failed", error=prepared.error)
    try:
        with write_transaction(db):
            return store_file(db, prepared)
    except Exception as exc:  # noqa: BLE001 - reported, never raised
        from ..errors import environment_error

        if environment_error(exc) is not None:
            raise
        return FileResult(prepared.path, "failed", error=f"could not store: {exc}")


def page_key(parsed, path: str, index: int = 0) -> str:
    """A page's key in its issue: its number, else the file's name (and the page's place in
    it, for a file of several unnumbered pages)."""
    number = parsed.pages[index].number
    if number is not None:
        return str(number)
    return f"file:{Path(path).name}" + (f"#{index + 1}" if index else "")


def unchanged(db: Database, prepared: PreparedFile) -> bool:
    """The library's page already holds exactly this parse: importing it changes nothing."""
    parsed = prepared.parsed
    row = db.execute(
        """SELECT pages.content_hash FROM pages JOIN issues ON issues.id = pages.issue_id
           JOIN publications ON publications.id = issues.publication_id
           WHERE publications.name = ? AND issues.date_key = ? AND pages.page_key = ?""",
        [parsed.publication.name or UNKNOWN_PUBLICATION, parsed.issue.date or "undated",
         page_key(parsed, prepared.path)]).fetchone()
    return row is not None and row[0] == prepared.content_hash


def _publication_id(db: Database, parsed) -> int:
    fields = {k: v for k, v in vars(parsed.publication).items() if k != "name"}
    name = parsed.publication.name or UNKNOWN_PUBLICATION
    row = db.execute("SELECT id FROM publications WHERE name = ?", [name]).fetchone()
    if row is None:
        return _insert(db, "publications", {"name": name, **fields})
    _fill_nulls(db, "publications", row[0], fields)
    return row[0]


def _issue_id(db: Database, publication_id: int, parsed) -> int:
    issue = parsed.issue
    date_key = issue.date or "undated"
    fields = {"lunar_date": issue.lunar_date, "weekday": issue.weekday, "number": issue.number}
    row = db.execute("SELECT id FROM issues WHERE publication_id = ? AND date_key = ?",
                     [publication_id, date_key]).fetchone()
    if row is None:
        return _insert(db, "issues", {"publication_id": publication_id, "date": issue.date,
                                      "date_key": date_key, **fields})
    _fill_nulls(db, "issues", row[0], fields)
    return row[0]


def _fill_nulls(db: Database, table: str, row_id: int, fields: dict) -> None:
    """Fields a page told that the library did not know yet (a later page may carry the
    full front matter); known values are never overwritten by a page that lacks them."""
    present = {k: v for k, v in fields.items() if v is not None}
    if not present:
        return
    sets = ", ".join(f"{k} = COALESCE({k}, ?)" for k in present)
    db.execute(f"UPDATE {table} SET {sets} WHERE id = ?", [*present.values(), row_id])


def _insert(db: Database, table: str, row: dict) -> int:
    """One row, by a plain INSERT (sqlite-utils' insert() costs a savepoint per call)."""
    columns = ", ".join(f'"{k}"' for k in row)
    cursor = db.conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' * len(row))})",
                             list(row.values()))
    return cursor.lastrowid


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def store_page(db: Database, prepared: PreparedFile) -> tuple[bool, int, int]:
    """Write a parsed file (inside the caller's transaction): its one page, or every page
    of an issue file (METS), all or nothing. With the pages go their geometry (scan, size,
    blocks, words) and the articles' zones, where the source had them.
    Returns (replaced, articles in the file, articles the library gained)."""
    parsed = prepared.parsed
    publication_id = _publication_id(db, parsed)
    issue_id = _issue_id(db, publication_id, parsed)
    tokens = prepared.tokens or [search_index.article_tokens(stored_from_parsed("", "", parsed, a))
                                 for p in parsed.pages for a in p.articles]
    replaced_any, articles, gained = False, 0, 0
    part_ids: list[int] = []  # per article of the parse, counted across its pages
    page_ids: list[int] = []
    touched: set[str] = set()
    fresh: list[tuple[str, int | None, str | None, str, str]] = []
    for index, page in enumerate(parsed.pages):
        key = page_key(parsed, prepared.path, index)
        page_tokens = tokens[len(part_ids):len(part_ids) + len(page.articles)]
        replaced, page_id, parts, page_gained = _store_one_page(
            db, prepared, page, key, publication_id, issue_id, page_tokens, touched, fresh)
        replaced_any |= replaced
        articles += len(page.articles)
        gained += page_gained
        part_ids += parts
        page_ids.append(page_id)
    if any(page.blocks or page.words or page.image or page.size for page in parsed.pages):
        _store_geometry(db, parsed, part_ids, page_ids)

    # Articles whose parts changed: refresh their summary row (dropping those left empty),
    # then index them from the library; the fresh ones were tokenised by the worker.
    conn = db.conn
    for article_id in sorted(touched):
        gained -= jumps.refresh_article(db, article_id)
    search_index.insert_tokens(db, fresh)
    search_index.index_articles(db, sorted(touched))
    changed = sorted(touched | {row[0] for row in fresh})
    if changed and conn.execute("SELECT 1 FROM annotations LIMIT 1").fetchone():
        from ..annotations import reanchor_articles

        reanchor_articles(db, changed)
    return replaced_any, articles, gained


def _store_geometry(db: Database, parsed, part_ids: list[int], page_ids: list[int]) -> None:
    """Blocks and words of every page, zones of every article (a zone names its page by
    number; an unnumbered page is the article's own)."""
    from ..page_geometry import write_article_zones, write_page_geometry

    by_number = {}
    for page, page_id in zip(parsed.pages, page_ids):
        write_page_geometry(db, page_id, page, part_ids)
        by_number.setdefault(page.number, page_id)
    position = 0
    for page, page_id in zip(parsed.pages, page_ids):
        for article in page.articles:
            zones = [(by_number.get(zone.page, page_id) if zone.page is not None else page_id, zone.box)
                     for zone in article.zones]
            if zones:
                write_article_zones(db, part_ids[position], zones)
            position += 1


def _store_one_page(db: Database, prepared: PreparedFile, page, key: str, publication_id: int, issue_id: int,
                    tokens: list[tuple[str, str]], touched: set[str], fresh: list) -> tuple[bool, int, list[int], int]:
    """Write one page and its articles. Returns (replaced, page id, part ids, gained)."""
    parsed = prepared.parsed
    conn = db.conn
    name = Path(prepared.path).name
    old = conn.execute("SELECT id, source_id FROM pages WHERE issue_id = ? AND page_key = ?",
                       [issue_id, key]).fetchone()
    replaced = old is not None
    if replaced:
        old_articles = {r[0] for r in conn.execute(
            "SELECT DISTINCT article_id FROM article_parts WHERE page_id = ?", [old[0]])}
        touched.update(old_articles)
        search_index.remove_articles(db, old_articles)
        conn.execute("DELETE FROM pages WHERE id = ?", [old[0]])
        conn.execute("DELETE FROM sources WHERE id = ?", [old[1]])

    source_id = _insert(db, "sources", {
        "name": name, "path": str(Path(prepared.path).resolve()), "sha256": prepared.sha256,
        "encoding": parsed.encoding, "size": prepared.size,
        "imported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    })
    page_id = _insert(db, "pages", {
        "issue_id": issue_id, "page_key": key, "number": page.number, "name": page.name,
        "editors": _json(page.editors), "extras": _json(page.extras), "warnings": _json(parsed.warnings),
        "source_id": source_id, "content_hash": prepared.content_hash,
    })

    publication = parsed.publication.name or UNKNOWN_PUBLICATION
    seen_headlines: dict[str, int] = {}
    paragraph_rows, caption_rows, table_rows = [], [], []
    part_ids: list[int] = []
    gained = 0
    for position, article in enumerate(page.articles):
        occurrence = seen_headlines.get(article.headline, 0)
        seen_headlines[article.headline] = occurrence + 1
        own_id = article_id_for(publication, parsed.issue.date, key, article.headline, occurrence)
        target = jumps.find_predecessor(db, issue_id, page.number, article) or own_id
        successors = jumps.find_successors(db, issue_id, page.number, article)
        created = conn.execute(
            """INSERT OR IGNORE INTO articles (id, issue_id, headline, kind, byline, dateline, reporters,
               photographers, first_page, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [target, issue_id, article.headline, article.kind, article.byline, article.dateline,
             _json(article.reporters), _json(article.photographers), page.number, position]).rowcount == 1
        gained += created
        for successor in successors:
            if successor != target:
                jumps.merge_into(db, successor, target)
                gained -= 1
                touched.add(successor)
        if own_id != target:
            conn.execute("INSERT OR REPLACE INTO article_aliases (alias, article_id) VALUES (?, ?)", [own_id, target])
        part_id = _insert(db, "article_parts", {
            "article_id": target, "page_id": page_id, "own_id": own_id, "position": position,
            "headline": article.headline, "byline": article.byline, "dateline": article.dateline,
            "reporters": _json(article.reporters), "photographers": _json(article.photographers),
            "kind": article.kind, "continued_from": article.continued_from,
            "continued_to": article.continued_to, "layout": json.dumps(article.layout),
        })
        part_ids.append(part_id)
        paragraph_rows += [(part_id, i, t) for i, t in enumerate(article.paragraphs)]
        caption_rows += [(part_id, i, c.text, c.credit, c.image) for i, c in enumerate(article.captions)]
        table_rows += [(part_id, i, _json(t)) for i, t in enumerate(article.tables)]
        if created and target == own_id and not successors and target not in touched:
            fresh.append((target, publication_id, parsed.issue.date, *tokens[position]))
        else:
            touched.add(target)
    conn.executemany("INSERT INTO paragraphs (part_id, seq, text) VALUES (?, ?, ?)", paragraph_rows)
    conn.executemany("INSERT INTO captions (part_id, seq, text, credit, image) VALUES (?, ?, ?, ?, ?)",
                     caption_rows)
    conn.executemany("INSERT INTO article_tables (part_id, seq, rows) VALUES (?, ?, ?)", table_rows)
    return replaced, page_id, part_ids, gained
