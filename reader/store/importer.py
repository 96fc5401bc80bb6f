"""Importing page files into the library: idempotent, atomic per file.

A file whose bytes were imported before changes nothing. A new version of a page already in
the library (same publication, date and page) replaces it; its articles keep their ids, so
bookmarks and annotations follow them. Each file is one transaction: a failure leaves no
trace of it.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from .. import parsing as parsing_package
from ..parsing import NotAPageError, ParsedPage, parse_text
from ..parsing.decode import decode_page_bytes, text_lines
from ..parsing.model import Article
from . import jumps, search_index
from .assemble import StoredArticle
from .ids import article_id_for
from .writer import begin_immediate, write_transaction

PAGE_SUFFIXES = {".md", ".markdown", ".txt", ".text"}
UNKNOWN_PUBLICATION = "(unknown publication)"


@dataclass
class FileResult:
    path: str
    status: str  # "imported" | "replaced" | "unchanged" | "failed"
    articles: int = 0
    error: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    results: list[FileResult] = field(default_factory=list)
    cancelled: bool = False

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "failed"]

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def articles(self) -> int:
        return sum(r.articles for r in self.results if r.status in ("imported", "replaced"))

    def summary(self) -> str:
        parts = [f"{self.count('imported')} imported"]
        if self.count("replaced"):
            parts.append(f"{self.count('replaced')} replaced")
        if self.count("unchanged"):
            parts.append(f"{self.count('unchanged')} unchanged")
        parts.append(f"{len(self.failed)} failed")
        text = ", ".join(parts) + f"; {self.articles} articles"
        return text + (" (cancelled)" if self.cancelled else "")


# --- finding files -----------------------------------------------------------------------

def find_page_files(paths: Iterable[str | os.PathLike]) -> tuple[list[Path], list[FileResult]]:
    """Files to import from PATHS (folders recursively, page-like suffixes only, hidden
    entries skipped), and results for paths that do not exist."""
    files: list[Path] = []
    missing: list[FileResult] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = []
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    if not name.startswith(".") and Path(name).suffix.lower() in PAGE_SUFFIXES:
                        found.append(Path(root) / name)
            candidates = found
        elif path.exists():
            candidates = [path]
        else:
            missing.append(FileResult(str(raw), "failed", error="no such file or folder"))
            continue
        for candidate in candidates:
            key = candidate.resolve()
            if key not in seen:
                seen.add(key)
                files.append(candidate)
    return files, missing


# --- reading and parsing (may run in worker processes) -------------------------------------

@dataclass
class PreparedFile:
    """A file read, parsed, and made ready to write: everything that costs CPU happens
    here, in worker processes when there are many files; the writer only writes."""
    path: str
    sha256: str = ""
    size: int = 0
    parsed: ParsedPage | None = None
    error: str | None = None
    content_hash: str = ""
    tokens: list[tuple[str, str]] = field(default_factory=list)  # per article: headline, body


def prepare_file(path: str) -> PreparedFile:
    """Read and parse one file; never raises."""
    try:
        raw = Path(path).read_bytes()
    except IsADirectoryError:
        return PreparedFile(path, error="is a folder")
    except OSError as exc:
        return PreparedFile(path, error=exc.strerror or str(exc))
    prepared = PreparedFile(path, hashlib.sha256(raw).hexdigest(), len(raw))
    try:
        text, encoding = decode_page_bytes(raw)
        prepared.parsed = parse_text(text)
        prepared.parsed.encoding = encoding
    except NotAPageError as exc:
        prepared.error = str(exc)
        return prepared
    except RecursionError:
        prepared.error = "page too deeply nested to parse"
        return prepared
    prepared.content_hash = _source_hash(text)
    prepared.tokens = [search_index.article_tokens(_stored_from_parsed("", "", prepared.parsed, article))
                       for article in prepared.parsed.page.articles]
    return prepared


def prepared_files(files: list[Path], workers: int) -> Iterator[PreparedFile]:
    """Prepared files in order. With WORKERS > 0 (and files enough to pay for starting
    them), that many processes prepare while this one writes; they are spawned, not forked,
    so that a GUI's threads are never copied into them."""
    names = [str(f) for f in files]
    if workers <= 0 or len(names) < 64:
        yield from map(prepare_file, names)
        return
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
    try:
        yield from pool.map(prepare_file, names, chunksize=16)
    finally:  # a cancelled import must not wait for the files it will not store
        pool.shutdown(wait=True, cancel_futures=True)


# --- writing -------------------------------------------------------------------------------

ProgressCallback = Callable[[int, int, str], None]


BATCH_FILES = 200
OPTIMIZE_AFTER_FILES = 500  # a bulk import leaves the index in many segments
BATCH_SECONDS = 1.0


def import_paths(db: Database, paths: Iterable[str | os.PathLike], *,
                 progress: ProgressCallback | None = None,
                 should_cancel: Callable[[], bool] | None = None,
                 workers: int = 0) -> ImportReport:
    """Import files and folders. Bad files are reported in the result, never raised.

    Files are committed in batches (one transaction of up to BATCH_FILES files). A file that
    fails while being stored rolls the batch back, and the batch's other files are stored
    again without it: every file is in the library whole or not at all. (A savepoint per
    file would do the same, but FTS5 flushes its pending index at every savepoint, which
    made the import twice as slow.) A cancel commits the files done so far."""
    files, missing = find_page_files(paths)
    report = ImportReport(results=list(missing))
    batch = _Batch(db)
    prepared_stream = prepared_files(files, workers)
    try:
        for done, prepared in enumerate(prepared_stream, start=1):
            if should_cancel is not None and should_cancel():
                report.cancelled = True
                break
            report.results.append(batch.store(prepared))
            if progress is not None:
                progress(done, len(files), prepared.path)
        batch.commit()
        if report.count("imported") + report.count("replaced") >= OPTIMIZE_AFTER_FILES:
            search_index.optimize(db)
    except BaseException:
        batch.rollback()
        raise
    finally:
        prepared_stream.close()
    return report


class _Batch:
    """The files stored in the open transaction, to store again after a rollback."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.stored: list[PreparedFile] = []
        self.started = time.monotonic()

    def store(self, prepared: PreparedFile) -> FileResult:
        if prepared.error is not None:
            return FileResult(prepared.path, "failed", error=prepared.error)
        if not self.db.conn.in_transaction:
            begin_immediate(self.db)
            self.stored, self.started = [], time.monotonic()
        try:
            result = _store(self.db, prepared)
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop an import
            self.db.conn.rollback()
            begin_immediate(self.db)
            for earlier in self.stored:
                _store(self.db, earlier)
            return FileResult(prepared.path, "failed", error=f"could not store: {exc}")
        if result.status != "unchanged":
            self.stored.append(prepared)
        if len(self.stored) >= BATCH_FILES or time.monotonic() - self.started > BATCH_SECONDS:
            self.commit()
        return result

    def commit(self) -> None:
        if self.db.conn.in_transaction:
            self.db.conn.commit()
        self.stored = []

    def rollback(self) -> None:
        if self.db.conn.in_transaction:
            self.db.conn.rollback()
        self.stored = []


def _store(db: Database, prepared: PreparedFile) -> FileResult:
    if _unchanged(db, prepared):
        return FileResult(prepared.path, "unchanged")
    replaced, articles = store_page(db, prepared)
    return FileResult(prepared.path, "replaced" if replaced else "imported", articles,
                      warnings=list(prepared.parsed.warnings))


def import_file(db: Database, path: str | os.PathLike) -> FileResult:
    return store_prepared(db, prepare_file(str(path)))


def store_prepared(db: Database, prepared: PreparedFile) -> FileResult:
    """Store one prepared file in a transaction of its own."""
    if prepared.error is not None:
        return FileResult(prepared.path, "failed", error=prepared.error)
    try:
        with write_transaction(db):
            return _store(db, prepared)
    except Exception as exc:  # noqa: BLE001 - reported, never raised
        return FileResult(prepared.path, "failed", error=f"could not store: {exc}")


def _source_hash(text: str) -> str:
    """What decides whether a page changed: its text with line ends, BOM and trailing blanks
    normalised (so a GB18030 copy of a UTF-8 page is the same page), under the parser's own
    fingerprint (a new parser version makes every page worth importing again)."""
    digest = hashlib.sha256(parser_fingerprint().encode())
    digest.update("\n".join(text_lines(text)).encode("utf-8"))
    return digest.hexdigest()


@functools.cache
def parser_fingerprint() -> str:
    """A hash of the parser's source: pages parse the same while it is unchanged."""
    digest = hashlib.sha256()
    folder = Path(parsing_package.__file__).parent
    for source in sorted(folder.glob("*.py")):
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()


def _page_key(parsed: ParsedPage, path: str) -> str:
    number = parsed.page.number
    return str(number) if number is not None else f"file:{Path(path).name}"


def _unchanged(db: Database, prepared: PreparedFile) -> bool:
    """The library's page already holds exactly this parse: importing it changes nothing."""
    parsed = prepared.parsed
    row = db.execute(
        """SELECT pages.content_hash FROM pages JOIN issues ON issues.id = pages.issue_id
           JOIN publications ON publications.id = issues.publication_id
           WHERE publications.name = ? AND issues.date_key = ? AND pages.page_key = ?""",
        [parsed.publication.name or UNKNOWN_PUBLICATION, parsed.issue.date or "undated",
         _page_key(parsed, prepared.path)]).fetchone()
    return row is not None and row[0] == prepared.content_hash


def _publication_id(db: Database, parsed: ParsedPage) -> int:
    fields = {k: v for k, v in vars(parsed.publication).items() if k != "name"}
    name = parsed.publication.name or UNKNOWN_PUBLICATION
    row = db.execute("SELECT id FROM publications WHERE name = ?", [name]).fetchone()
    if row is None:
        return _insert(db, "publications", {"name": name, **fields})
    _fill_nulls(db, "publications", row[0], fields)
    return row[0]


def _issue_id(db: Database, publication_id: int, parsed: ParsedPage) -> int:
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


def store_page(db: Database, prepared: PreparedFile) -> tuple[bool, int]:
    """Write one parsed page (inside the caller's transaction). Returns (replaced, articles)."""
    parsed = prepared.parsed
    page = parsed.page
    conn = db.conn
    publication_id = _publication_id(db, parsed)
    issue_id = _issue_id(db, publication_id, parsed)
    name = Path(prepared.path).name
    page_key = _page_key(parsed, prepared.path)

    touched: set[str] = set()
    old = conn.execute("SELECT id, source_id FROM pages WHERE issue_id = ? AND page_key = ?",
                       [issue_id, page_key]).fetchone()
    replaced = old is not None
    if replaced:
        touched.update(r[0] for r in conn.execute(
            "SELECT DISTINCT article_id FROM article_parts WHERE page_id = ?", [old[0]]))
        search_index.remove_articles(db, touched)
        search_index.remove_page_notes(db, [old[0]])
        conn.execute("DELETE FROM pages WHERE id = ?", [old[0]])
        conn.execute("DELETE FROM sources WHERE id = ?", [old[1]])

    source_id = _insert(db, "sources", {
        "name": name, "path": str(Path(prepared.path).resolve()), "sha256": prepared.sha256,
        "encoding": parsed.encoding, "size": prepared.size,
        "imported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    })
    page_id = _insert(db, "pages", {
        "issue_id": issue_id, "page_key": page_key, "number": page.number, "name": page.name,
        "editors": _json(page.editors), "extras": _json(page.extras), "warnings": _json(parsed.warnings),
        "source_id": source_id, "content_hash": prepared.content_hash,
    })
    if page.extras:
        search_index.index_page_notes(db, [page_id])

    publication = parsed.publication.name or UNKNOWN_PUBLICATION
    tokens = prepared.tokens or [search_index.article_tokens(_stored_from_parsed("", "", parsed, a))
                                 for a in page.articles]
    seen_headlines: dict[str, int] = {}
    fresh: list[tuple[str, int | None, str | None, str, str]] = []  # whole articles of this page alone
    paragraph_rows, caption_rows, table_rows = [], [], []
    for position, article in enumerate(page.articles):
        occurrence = seen_headlines.get(article.headline, 0)
        seen_headlines[article.headline] = occurrence + 1
        own_id = article_id_for(publication, parsed.issue.date, page_key, article.headline, occurrence)
        target = jumps.find_predecessor(db, issue_id, page.number, article) or own_id
        successors = jumps.find_successors(db, issue_id, page.number, article)
        created = conn.execute(
            """INSERT OR IGNORE INTO articles (id, issue_id, headline, kind, byline, dateline, reporters,
               photographers, first_page, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [target, issue_id, article.headline, article.kind, article.byline, article.dateline,
             _json(article.reporters), _json(article.photographers), page.number, position]).rowcount == 1
        for successor in successors:
            if successor != target:
                jumps.merge_into(db, successor, target)
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

    # Articles whose parts changed: refresh their summary row (dropping those left empty),
    # then index them from the library; the fresh ones were tokenised by the worker.
    for article_id in sorted(touched):
        jumps.refresh_article(db, article_id)
    search_index.insert_tokens(db, fresh)
    search_index.index_articles(db, sorted(touched))
    changed = sorted(touched | {row[0] for row in fresh})
    if changed and conn.execute("SELECT 1 FROM annotations LIMIT 1").fetchone():
        from .annotations import reanchor_articles

        reanchor_articles(db, changed)
    return replaced, len(page.articles)


def _stored_from_parsed(article_id: str, publication: str, parsed: ParsedPage, article: Article) -> StoredArticle:
    return StoredArticle(
        id=article_id, publication=publication, date=parsed.issue.date, pages=[parsed.page.number],
        headline=article.headline, kind=article.kind, byline=article.byline, dateline=article.dateline,
        reporters=list(article.reporters), photographers=list(article.photographers),
        paragraphs=list(article.paragraphs),
        captions=[{"text": c.text, "credit": c.credit, "image": c.image} for c in article.captions],
        tables=article.tables, continued_from=article.continued_from, continued_to=article.continued_to,
        layout=list(article.layout),
    )
