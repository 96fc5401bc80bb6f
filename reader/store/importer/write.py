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
import hashlib
import json
import time
from pathlib import Path

from sqlite_utils import Database

from .. import jumps, search_index
from ..ids import article_id_for
from ..writer import begin_immediate, write_transaction
from .kept_ids import keep_ids, old_parts
from .prepare import PreparedFile, stored_from_parsed
from .report import FileResult

UNKNOWN_PUBLICATION = "(unknown publication)"
BATCH_FILES = 200
BATCH_SECONDS = 1.0


class Batch:
    """The files stored in the open transaction, to store again after a rollback.

    BULK: an import of many files, which leaves the index's merging to its end
    (search_index.merge_at_the_end; the importer calls search_index.optimize() after
    it). Any other import turns FTS5's automerge back on if a killed bulk import left it
    off. RECOUNT_PAIRS: an import large beside the library, which leaves the pair counts
    stale as it writes, for optimize() to count afresh (search_index.py)."""

    def __init__(self, db: Database, *, bulk: bool = False, recount_pairs: bool = False) -> None:
        self.db = db
        self.bulk = bulk
        self.recount_pairs = recount_pairs  # large beside the library: pair counts counted at the end
        self.merging_checked = False
        self.merging_left_off = False  # a bulk batch committed: automerge is off in the library
        self.stored: list[PreparedFile] = []
        self.started = time.monotonic()
        self.committed = 0  # files (imported or replaced) whose transaction committed
        # New articles that jump to a later page (下转第N版), indexed when the batch commits:
        # their continuation, usually the next file, merges into them first, and indexing
        # them at once would mean taking them out of the index again (re-reading and
        # re-tokenising their text) to index the merged story.
        self.deferred: dict[str, tuple] = {}

    def store(self, prepared: PreparedFile) -> FileResult:
        if prepared.error is not None:
            return FileResult(prepared.path, "failed", error=prepared.error)
        if not self.db.conn.in_transaction:
            self.begin()
            self.stored, self.started = [], time.monotonic()
        try:
            result = store_file(self.db, prepared, self.deferred)
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop an import
            from ..errors import environment_error

            self.db.conn.rollback()
            self.deferred.clear()
            search_index.discard_kept_index(self.db)
            if environment_error(exc) is not None:
                raise  # the library cannot be written at all: no use trying the next file
            self.begin()
            for earlier in self.stored:
                store_file(self.db, earlier, self.deferred)
            return FileResult(prepared.path, "failed", error=f"could not store: {exc}")
        if result.status not in ("unchanged", "empty"):
            self.stored.append(prepared)
        if len(self.stored) >= BATCH_FILES or time.monotonic() - self.started > BATCH_SECONDS:
            self.commit()
        return result

    def begin(self) -> None:
        begin_immediate(self.db)
        if self.recount_pairs:  # before keep_index_writes(), which asks whether to count them
            search_index.leave_pair_counts_stale(self.db)
        search_index.keep_index_writes(self.db)
        if self.bulk:
            # Set once (a setting written bumps FTS5's cookie: every reader reloads it), and
            # again after a rollback: it went with it.
            if not search_index.merging_at_the_end(self.db):
                search_index.merge_at_the_end(self.db)
        elif not self.merging_checked:
            if not search_index.merging_as_written(self.db):
                search_index.merge_as_written(self.db)
            self.merging_checked = True

    def commit(self) -> None:
        if self.db.conn.in_transaction:
            index_deferred(self.db, self.deferred)
            search_index.write_kept_index(self.db)  # the index commits with its rows
            self.db.conn.commit()
            self.merging_left_off |= self.bulk
        search_index.discard_kept_index(self.db)
        self.committed += len(self.stored)
        self.stored = []

    def rollback(self) -> None:
        if self.db.conn.in_transaction:
            self.db.conn.rollback()
        search_index.discard_kept_index(self.db)
        self.stored = []
        self.deferred.clear()
        if self.merging_left_off:
            try:  # the batches committed left merging off; the next import would turn it on
                with write_transaction(self.db, timeout=5):
                    search_index.merge_as_written(self.db)
            except Exception:  # noqa: BLE001 - the error being raised is the one to report
                pass


def index_deferred(db: Database, deferred: dict[str, tuple]) -> None:
    """Index the articles whose indexing waited for the end of the batch (those indexed
    meanwhile, as a merged story, were dropped from DEFERRED when they were)."""
    rows = [row for article_id, row in deferred.items()
            if db.conn.execute("SELECT 1 FROM search_docs WHERE article_id = ? LIMIT 1", [article_id]).fetchone()
            is None]
    deferred.clear()
    search_index.insert_tokens(db, rows)


def store_file(db: Database, prepared: PreparedFile, deferred: dict[str, tuple] | None = None) -> FileResult:
    """Store one prepared file inside the caller's transaction (DEFERRED: see Batch)."""
    parsed = prepared.parsed
    layout = getattr(parsed, "layout", None)
    if not any(page.articles for page in parsed.pages):
        # Not a page of a paper (a README with a `# ` title): reported, and nothing stored.
        return FileResult(prepared.path, "empty", 0, warnings=list(parsed.warnings), layout=layout)
    stored_from = unchanged(db, prepared)
    if stored_from is not None:
        if prepared.parse_key is not None:
            # Imported by an older dubao, or given by another path: the next import that
            # gives it by this path finds it unchanged without parsing it (known.py). Only
            # the row this parse is stored from, when it is this file's.
            db.execute("UPDATE sources SET parse_key = ?, layout = ? WHERE id = ? AND path = ?",
                       [prepared.parse_key, layout, stored_from, prepared.resolved])
        return FileResult(prepared.path, "unchanged", sum(len(p.articles) for p in parsed.pages), layout=layout)
    replaced, articles, gained = (store_page(db, prepared) if deferred is None
                                  else store_page(db, prepared, deferred=deferred))
    status = "replaced" if replaced else "imported"
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


# Layouts in which each file holds articles of a page, not the page: several files make one
# page, and a file replaces only what it brought. Plain text is one of them: archives and web
# copies give one article a file (two 申報 stories of one page replaced each other, and one
# was lost); a whole page in one file is unaffected.
PER_FILE_LAYOUTS = frozenset({"article-markdown", "plain-text"})


def page_key(parsed, path: str, index: int = 0) -> str:
    """A page's key in its issue: its number, else the file's name (and the page's place in
    it, for a file of several unnumbered pages)."""
    number = parsed.pages[index].number
    if number is not None:
        return str(number)
    return f"file:{Path(path).name}" + (f"#{index + 1}" if index else "")


def stored_page_key(db: Database, parsed, path: str, index: int = 0) -> str:
    """page_key, told apart from another file of the same name: an unnumbered page is keyed
    by its file's name, so `a/story.md` and `b/story.md` of one undated paper replaced each
    other, losing a story. When the key's page came from a file of that name at another
    path that still exists, this file is another page: its key gains its folder's hash. (A
    file moved away from its old path keeps replacing what it brought.)"""
    key = page_key(parsed, path, index)
    if not key.startswith("file:"):
        return key
    row = db.execute(
        """SELECT pages.id, pages.source_id FROM pages JOIN issues ON issues.id = pages.issue_id
           JOIN publications ON publications.id = issues.publication_id
           WHERE publications.name = ? AND issues.date_key = ? AND pages.page_key = ?""",
        [parsed.publication.name or UNKNOWN_PUBLICATION, parsed.issue.date or "undated", key]).fetchone()
    if row is None:
        return key
    here = Path(path).resolve()
    source_ids = {row[1], *(r[0] for r in db.execute(
        "SELECT DISTINCT source_id FROM article_parts WHERE page_id = ? AND source_id IS NOT NULL", [row[0]]))}
    for source_id in source_ids:
        found = db.execute("SELECT path FROM sources WHERE id = ?", [source_id]).fetchone()
        if found is not None and Path(found[0]) != here and Path(found[0]).is_file():
            folder = hashlib.sha1(str(here.parent).encode("utf-8")).hexdigest()[:10]
            return f"{key}@{folder}"
    return key


def per_file(parsed) -> bool:
    return getattr(parsed, "layout", None) in PER_FILE_LAYOUTS


def unchanged(db: Database, prepared: PreparedFile) -> int | None:
    """The library already holds exactly this parse: importing it changes nothing. Returns
    the id of the source row it is stored from (None: it is not stored)."""
    parsed = prepared.parsed
    key = [parsed.publication.name or UNKNOWN_PUBLICATION, parsed.issue.date or "undated",
           stored_page_key(db, parsed, prepared.path)]
    if per_file(parsed):
        row = db.execute(
            """SELECT sources.content_hash, sources.id FROM pages JOIN issues ON issues.id = pages.issue_id
               JOIN publications ON publications.id = issues.publication_id
               JOIN article_parts ON article_parts.page_id = pages.id
               JOIN sources ON sources.id = article_parts.source_id
               WHERE publications.name = ? AND issues.date_key = ? AND pages.page_key = ?
                 AND sources.name = ? LIMIT 1""", [*key, Path(prepared.path).name]).fetchone()
    else:
        row = db.execute(
            """SELECT pages.content_hash, pages.source_id FROM pages JOIN issues ON issues.id = pages.issue_id
               JOIN publications ON publications.id = issues.publication_id
               WHERE publications.name = ? AND issues.date_key = ? AND pages.page_key = ?""",
            key).fetchone()
    return row[1] if row is not None and row[0] == prepared.content_hash else None


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


def _json(value, *, ascii: bool = False) -> str:
    if isinstance(value, list) and not value:
        return "[]"  # most lists of a page are empty (reporters, links, subheads): no encoder
    return json.dumps(value, ensure_ascii=ascii)


def store_page(db: Database, prepared: PreparedFile, *,
               deferred: dict[str, tuple] | None = None) -> tuple[bool, int, int]:
    """Write a parsed file (inside the caller's transaction): its one page, or every page
    of an issue file (METS), all or nothing. With the pages go their geometry (scan, size,
    blocks, words) and the articles' zones, where the source had them.
    DEFERRED: where new articles that jump to a later page wait to be indexed (the caller
    indexes them with `index_deferred` before it commits); None indexes them at once.
    Returns (replaced, articles in the file, articles the library gained)."""
    parsed = prepared.parsed
    conn = db.conn
    if deferred is not None and conn.execute("SELECT 1 FROM corrections LIMIT 1").fetchone():
        deferred = None  # corrections are re-applied below, over the indexed text
    publication_id = _publication_id(db, parsed)
    issue_id = _issue_id(db, publication_id, parsed)
    tokens = prepared.tokens or [search_index.article_tokens(stored_from_parsed("", "", parsed, a))
                                 for p in parsed.pages for a in p.articles]
    touched: set[str] = set()
    fresh: list[tuple[str, int | None, str | None, str, str]] = []  # whole articles, new and alone
    jumping: set[str] = set()  # those of them that continue on a later page
    replaced_any, articles, gained = False, 0, 0
    part_ids: list[int] = []  # per article of the parse, counted across its pages
    page_ids: list[int] = []
    for index, page in enumerate(parsed.pages):
        page_tokens = tokens[len(part_ids):len(part_ids) + len(page.articles)]
        replaced, page_id, parts, page_gained = _store_one_page(
            db, prepared, index, publication_id, issue_id, page_tokens, touched, fresh, jumping)
        replaced_any |= replaced
        articles += len(page.articles)
        gained += page_gained
        part_ids += parts
        page_ids.append(page_id)
    if any(page.blocks or page.words or page.image or page.size for page in parsed.pages):
        _store_geometry(db, parsed, part_ids, page_ids)

    # Articles whose parts changed: refresh their summary row (dropping those left empty),
    # then index them from the library; the fresh ones were tokenised by the worker.
    for article_id in sorted(touched):
        gained -= jumps.refresh_article(db, article_id)
    if deferred is not None:
        for article_id in touched:  # indexed below, whole, or gone
            deferred.pop(article_id, None)
        deferred.update((row[0], row) for row in fresh if row[0] in jumping)
        search_index.insert_tokens(db, [row for row in fresh if row[0] not in jumping])
    else:
        search_index.insert_tokens(db, fresh)
    search_index.index_articles(db, sorted(touched))
    changed = sorted(touched | {row[0] for row in fresh})
    if changed and conn.execute("SELECT 1 FROM corrections LIMIT 1").fetchone():
        # The archivist's corrections follow their words into the new text, or are kept as
        # conflicts; before the highlights, which anchor on the corrected text.
        from ..corrections import reapply

        reapply(db, changed)
    if changed and conn.execute("SELECT 1 FROM annotations LIMIT 1").fetchone():
        from ..annotations import reanchor_articles

        reanchor_articles(db, changed)
    return replaced_any, articles, gained


def _store_geometry(db: Database, parsed, part_ids: list[int], page_ids: list[int]) -> None:
    """Blocks and words of every page, zones of every article (a zone names its page by
    number; an unnumbered page is the article's own)."""
    from ..page_geometry import write_article_zones, write_page_geometry

    by_number: dict[int | None, int] = {}
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


def _store_one_page(db: Database, prepared: PreparedFile, index: int, publication_id: int, issue_id: int,
                    tokens: list[tuple[str, str]], touched: set[str], fresh: list, jumping: set[str]
                    ) -> tuple[bool, int, list[int], int]:
    """Write one page of the parse and its articles (the summary rows, the index and the
    notes are brought up to date by the caller). Returns (replaced, page id, part ids,
    articles gained)."""
    parsed = prepared.parsed
    page = parsed.pages[index]
    conn = db.conn
    name = Path(prepared.path).name
    key = stored_page_key(db, parsed, prepared.path, index)
    by_file = per_file(parsed)
    publication = parsed.publication.name or UNKNOWN_PUBLICATION
    # Ids are derived per page, or per file where a page is made of several files.
    id_key = f"{key}/{name}" if by_file else key
    seen_headlines: dict[str, int] = {}
    own_ids = []
    for article in page.articles:
        occurrence = seen_headlines.get(article.headline, 0)
        seen_headlines[article.headline] = occurrence + 1
        own_ids.append(article_id_for(publication, parsed.issue.date, id_key, article.headline, occurrence))

    gained = 0
    old_page = conn.execute("SELECT id, source_id FROM pages WHERE issue_id = ? AND page_key = ?",
                            [issue_id, key]).fetchone()
    old = old_parts(db, old_page[0], name if by_file else None) if old_page else []
    replaced = bool(old) or (old_page is not None and not by_file)
    if old:
        own_ids = keep_ids(db, own_ids, page.articles, old)
        old_articles = {part.article_id for _, part in old}
        touched.update(old_articles)
        search_index.remove_articles(db, old_articles)

    source_id = _insert(db, "sources", {
        "name": name, "path": prepared.resolved or str(Path(prepared.path).resolve()), "sha256": prepared.sha256,
        "encoding": parsed.encoding, "size": prepared.size, "content_hash": prepared.content_hash,
        "imported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "parse_key": prepared.parse_key, "layout": getattr(parsed, "layout", None),
    })
    page_row = {
        "issue_id": issue_id, "page_key": key, "number": page.number, "name": page.name,
        "editors": _json(page.editors), "extras": _json(page.extras), "warnings": _json(parsed.warnings),
        "source_id": source_id, "content_hash": prepared.content_hash,
    }
    if old_page is not None:
        search_index.remove_page_notes(db, [old_page[0]])  # before its extras change or go
    if by_file and old_page is not None:
        # The page stays (other files made the rest of it): drop what this file brought.
        page_id = old_page[0]
        conn.executemany("DELETE FROM article_parts WHERE id = ?", [(part_id,) for part_id, _ in old])
        conn.execute(
            """DELETE FROM sources WHERE id IN (SELECT sources.id FROM sources WHERE name = ? AND id != ?
               AND id NOT IN (SELECT source_id FROM article_parts WHERE source_id IS NOT NULL)
               AND id NOT IN (SELECT source_id FROM pages))""", [name, source_id])
        _fill_page(db, page_id, page_row)
    else:
        if old_page is not None:
            sources = {old_page[1], *(r[0] for r in conn.execute(
                "SELECT DISTINCT source_id FROM article_parts WHERE page_id = ? AND source_id IS NOT NULL",
                [old_page[0]]))}
            conn.execute("DELETE FROM pages WHERE id = ?", [old_page[0]])
            conn.executemany("DELETE FROM sources WHERE id = ?", [(i,) for i in sources])
        page_id = _insert(db, "pages", page_row)
    search_index.index_page_notes(db, [page_id])

    paragraph_rows, caption_rows, table_rows = [], [], []
    part_ids: list[int] = []
    for position, (article, own_id) in enumerate(zip(page.articles, own_ids)):
        target = jumps.find_predecessor(db, issue_id, page.number, article) or own_id
        successors = jumps.find_successors(db, issue_id, page.number, article)
        created = conn.execute(
            """INSERT OR IGNORE INTO articles (id, issue_id, headline, kind, byline, dateline, reporters,
               photographers, first_page, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [target, issue_id, article.headline, article.kind, article.byline, article.dateline,
             _json(article.reporters), _json(article.photographers), page.number, position]).rowcount == 1
        gained += created
        if (not created or any(s != target for s in successors)) and target not in touched:
            # Its text is about to change (a part joins it): out of the index first, which
            # forgets a row only by the tokens it was given.
            search_index.remove_articles(db, [target])
            touched.add(target)
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
            "continued_to": article.continued_to, "layout": _json(article.layout, ascii=True),
            "source_id": source_id, "subheads": _json(article.subheads, ascii=True), "links": _json(article.links),
        })
        part_ids.append(part_id)
        paragraph_rows += [(part_id, i, t) for i, t in enumerate(article.paragraphs)]
        caption_rows += [(part_id, i, c.text, c.credit, c.image) for i, c in enumerate(article.captions)]
        table_rows += [(part_id, i, _json(t)) for i, t in enumerate(article.tables)]
        if created and target == own_id and not successors and target not in touched:
            fresh.append((target, publication_id, parsed.issue.date, *tokens[position]))
            if article.continued_to is not None and page.number is not None:
                jumping.add(target)
        else:
            touched.add(target)
    conn.executemany("INSERT INTO paragraphs (part_id, seq, text) VALUES (?, ?, ?)", paragraph_rows)
    conn.executemany("INSERT INTO captions (part_id, seq, text, credit, image) VALUES (?, ?, ?, ?, ?)",
                     caption_rows)
    conn.executemany("INSERT INTO article_tables (part_id, seq, rows) VALUES (?, ?, ?)", table_rows)
    if by_file:
        _order_by_file(db, page_id, page.number)
    return replaced, page_id, part_ids, gained


def _fill_page(db: Database, page_id: int, row: dict) -> None:
    """A page made of several files: the latest file's source, and what it says of the page
    where the page did not say it yet."""
    db.execute("UPDATE pages SET source_id = ?, content_hash = ? WHERE id = ?",
               [row["source_id"], row["content_hash"], page_id])
    _fill_nulls(db, "pages", page_id, {"name": row["name"]})


def _order_by_file(db: Database, page_id: int, number: int | None) -> None:
    """Articles of a page made of several files stand in the order of their file names (and
    of their order within a file)."""
    parts = db.execute(
        """SELECT article_parts.id, article_parts.article_id FROM article_parts
           JOIN sources ON sources.id = article_parts.source_id
           WHERE article_parts.page_id = ? ORDER BY sources.name, article_parts.position, article_parts.id""",
        [page_id]).fetchall()
    db.conn.executemany("UPDATE article_parts SET position = ? WHERE id = ?",
                        [(position, part_id) for position, (part_id, _) in enumerate(parts)])
    db.conn.executemany("UPDATE articles SET position = ? WHERE id = ? AND first_page IS ?",
                        [(position, article_id, number) for position, (_, article_id) in enumerate(parts)])
