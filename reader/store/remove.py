"""Taking imports out of the library: a file, an issue, or a publication.

Articles go with what they stood on (a story jumped across pages loses only the removed
page's half). Bookmarks and annotations of removed articles are never deleted: they stay,
as orphans, and the report lists them, so that re-importing the page brings them back to
their articles.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from . import jumps, search_index
from .writer import write_transaction

# Ids per `IN (...)` list: removing a big publication must stay under SQLite's limit on
# the number of variables in one statement.
CHUNK = 500


class RemoveError(ValueError):
    """Nothing in the library matches what was to be removed; str() is the one-line reason."""


@dataclass
class RemoveReport:
    sources: int = 0
    pages: int = 0
    articles: int = 0  # articles no longer in the library
    issues: int = 0
    publications: int = 0
    orphaned_annotations: list[str] = field(default_factory=list)  # annotation ids
    orphaned_bookmarks: list[str] = field(default_factory=list)  # article ids

    def add(self, other: RemoveReport) -> None:
        """Count OTHER's removals in too (a publication removed issue by issue)."""
        for name in ("sources", "pages", "articles", "issues", "publications"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.orphaned_annotations += other.orphaned_annotations
        self.orphaned_bookmarks += other.orphaned_bookmarks

    def summary(self) -> str:
        from .importer.report import plural

        text = (f"removed {plural(self.articles, 'article')} ({plural(self.pages, 'page')}, "
                f"{plural(self.sources, 'file')})")
        if self.issues or self.publications:
            text += f"; {plural(self.issues, 'issue')} and {plural(self.publications, 'publication')} left empty, removed"
        kept = []
        if self.orphaned_annotations:
            kept.append(plural(len(self.orphaned_annotations), "annotation"))
        if self.orphaned_bookmarks:
            kept.append(plural(len(self.orphaned_bookmarks), "bookmark"))
        if kept:
            text += f"; kept {' and '.join(kept)} of removed articles, as orphans"
        return text


def remove_source(db: Database, path: str | os.PathLike, *,
                  between: Callable[[], None] | None = None) -> RemoveReport:
    """Remove what one imported file brought (by the path it was imported from, or by its
    name when only one imported file has that name), or what every file imported from
    under a folder brought (as `import` takes a folder, so does its undoing). A folder goes
    issue by issue, as a publication does (remove_publication: BETWEEN, stopping half-way)."""
    resolved = str(Path(path).expanduser().resolve())
    rows = db.execute("SELECT id FROM sources WHERE path = ?", [resolved]).fetchall()
    if not rows and Path(resolved).is_dir():
        prefix = resolved.rstrip(os.sep) + os.sep
        # The paths starting with PREFIX, as a range of the index: those from PREFIX up to
        # PREFIX with its last character (the separator) one higher.
        rows = db.execute(f"SELECT id FROM sources WHERE {_UNDER}", _under(prefix)).fetchall()
        if not rows:
            raise RemoveError(f"{path}: no file imported from this folder")
        report = RemoveReport()
        for source_ids in _by_issue(db, [r[0] for r in rows]):
            report.add(_remove(db, source_ids, under=prefix))
            if between is not None:
                between()
        return report
    if not rows:
        rows = db.execute("SELECT id FROM sources WHERE name = ?", [Path(path).name]).fetchall()
        if len(rows) > 1:
            raise RemoveError(f"{path}: {len(rows)} imported files have that name; give the path it "
                              f"was imported from")
    if not rows:
        raise RemoveError(f"{path}: no file imported from there")
    return _remove(db, [r[0] for r in rows])


def _by_issue(db: Database, source_ids: list[int]) -> list[list[int]]:
    """SOURCE_IDS grouped by the issue their page belongs to, oldest issue first (the files
    of one page are always in one group)."""
    groups: dict[tuple, list[int]] = {}
    for source_id, date_key, issue_id in _in_chunks(
            db, """SELECT sources.id, issues.date_key, issues.id FROM sources
                   LEFT JOIN issues ON issues.id = COALESCE(
                       (SELECT issue_id FROM pages WHERE source_id = sources.id LIMIT 1),
                       (SELECT pages.issue_id FROM article_parts JOIN pages ON pages.id = article_parts.page_id
                        WHERE article_parts.source_id = sources.id LIMIT 1))
                   WHERE sources.id IN ({})""", source_ids):
        groups.setdefault((date_key or "", issue_id or 0), []).append(source_id)
    return [groups[key] for key in sorted(groups)]


def remove_issue(db: Database, issue_id: int) -> RemoveReport:
    """Remove an issue: every page of it."""
    rows = db.execute("SELECT id FROM pages WHERE issue_id = ?", [issue_id]).fetchall()
    if not rows and db.execute("SELECT 1 FROM issues WHERE id = ?", [issue_id]).fetchone() is None:
        raise RemoveError(f"no issue with id {issue_id}")
    return _remove(db, [], page_ids=[r[0] for r in rows], issue_ids=[issue_id])


def find_issue(db: Database, publication: str, date: str | None) -> int:
    """The id of PUBLICATION's issue of DATE (None or 'undated': its undated pages)."""
    row = db.execute(
        """SELECT issues.id FROM issues JOIN publications ON publications.id = issues.publication_id
           WHERE publications.name = ? AND issues.date_key = ?""",
        [publication, date or "undated"]).fetchone()
    if row is None:
        raise RemoveError(f"no issue of {publication!r} dated {date} in the library" if date
                          else f"no undated pages of {publication!r} in the library")
    return row[0]


def remove_publication(db: Database, name: str, *, between: Callable[[], None] | None = None) -> RemoveReport:
    """Remove a publication: every issue of it, issue by issue. Each issue goes whole in a
    transaction of its own, so that other writers (a bookmark in the window, an import)
    wait for one issue, not for a decade of them, and the write-ahead log stays small;
    stopped half-way, the issues not yet removed stay, and removing it again finishes.
    BETWEEN() is called after each issue, outside any transaction (the window's writer runs
    the short writes queued meanwhile)."""
    row = db.execute("SELECT id FROM publications WHERE name = ?", [name]).fetchone()
    if row is None:
        raise RemoveError(f"no publication named {name!r} in the library")
    issues = [r[0] for r in db.execute(
        "SELECT id FROM issues WHERE publication_id = ? ORDER BY date_key, id", [row[0]])]
    report = RemoveReport()
    for issue_id in issues:
        pages = [r[0] for r in db.execute("SELECT id FROM pages WHERE issue_id = ?", [issue_id])]
        report.add(_remove(db, [], page_ids=pages, issue_ids=[issue_id]))
        if between is not None:
            between()
    return report


_UNDER = "path >= ? AND path < ?"  # a folder's files, as a range of the path index


def _under(prefix: str) -> list[str]:
    """The bounds of _UNDER for the paths starting with PREFIX (ending with a separator):
    from PREFIX up to PREFIX with its last character one higher."""
    return [prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)]


def _remove(db: Database, source_ids: list[int], *, page_ids: list[int] = (),
            issue_ids: list[int] = (), under: str | None = None) -> RemoveReport:
    """Remove SOURCE_IDS' contributions and PAGE_IDS whole; then the issues this touched
    (and ISSUE_IDS) and publications left with nothing in them. UNDER: only those of the
    sources still imported from under that folder (they were listed in an earlier
    transaction)."""
    report = RemoveReport()
    # The index's writes in row id order (search_index.keep_index_writes): the articles
    # go in the order of their ids, their documents in date order.
    with write_transaction(db), search_index.index_writes_kept(db):
        if under is not None:
            source_ids = [r[0] for r in _in_chunks(
                db, f"SELECT id FROM sources WHERE {_UNDER} AND id IN ({{}})",
                source_ids, _under(under))]
        whole_pages = set(page_ids)
        parts: set[int] = set()
        for source_id in source_ids:
            # A page whose own source this is goes whole; a page made of several files
            # loses only what this file brought.
            whole_pages.update(r[0] for r in db.execute(
                """SELECT id FROM pages WHERE source_id = ? AND NOT EXISTS (
                       SELECT 1 FROM article_parts WHERE page_id = pages.id AND source_id IS NOT NULL
                       AND source_id != ?)""", [source_id, source_id]))
            parts.update(r[0] for r in db.execute("SELECT id FROM article_parts WHERE source_id = ?",
                                                   [source_id]))
        for page_id in whole_pages:
            parts.update(r[0] for r in db.execute("SELECT id FROM article_parts WHERE page_id = ?", [page_id]))
        touched = sorted({r[0] for part_id in parts for r in db.execute(
            "SELECT article_id FROM article_parts WHERE id = ?", [part_id])})
        issues = set(issue_ids)  # those that may be left empty
        issues.update(r[0] for r in _in_chunks(db, "SELECT issue_id FROM articles WHERE id IN ({})", touched))
        before = {r[0] for r in _existing(db, touched)}
        search_index.remove_articles(db, touched)
        sources = set(source_ids)
        for page_id in whole_pages:
            sources.update(r[0] for r in db.execute(
                "SELECT source_id FROM pages WHERE id = ? UNION SELECT source_id FROM article_parts "
                "WHERE page_id = ? AND source_id IS NOT NULL", [page_id, page_id]))
        db.conn.executemany("DELETE FROM article_parts WHERE id = ?", [(p,) for p in parts])
        # A page left with no part (all its files removed) goes too.
        emptied = {r[0] for r in _in_chunks(
            db, "SELECT id FROM pages WHERE id NOT IN (SELECT page_id FROM article_parts) AND source_id IN ({})",
            sorted(sources))}
        gone_pages = whole_pages | emptied
        issues.update(r[0] for r in _in_chunks(db, "SELECT issue_id FROM pages WHERE id IN ({})", sorted(gone_pages)))
        search_index.remove_page_notes(db, sorted(gone_pages))
        db.conn.executemany("DELETE FROM pages WHERE id = ?", [(p,) for p in gone_pages])
        # A page that stays but pointed at a removed file points at one of its own files.
        for source_id in sources:
            db.execute("""UPDATE pages SET source_id = (SELECT source_id FROM article_parts
                              WHERE page_id = pages.id AND source_id IS NOT NULL LIMIT 1)
                          WHERE source_id = ? AND EXISTS (SELECT 1 FROM article_parts
                              WHERE page_id = pages.id AND source_id IS NOT NULL)""", [source_id])
        removed_sources = 0
        for source_id in sources:
            if db.execute("SELECT 1 FROM pages WHERE source_id = ? UNION ALL SELECT 1 FROM article_parts "
                          "WHERE source_id = ? LIMIT 1", [source_id, source_id]).fetchone() is None:
                removed_sources += db.execute("DELETE FROM sources WHERE id = ?", [source_id]).rowcount
        for article_id in touched:
            jumps.refresh_article(db, article_id)
        remaining = {r[0] for r in _existing(db, touched)}
        search_index.index_articles(db, sorted(remaining))
        gone = sorted(before - remaining)
        empty_issues = {issue_id for issue_id in issues if db.execute(
            "SELECT 1 FROM pages WHERE issue_id = ? UNION ALL SELECT 1 FROM articles WHERE issue_id = ? LIMIT 1",
            [issue_id, issue_id]).fetchone() is None}
        for issue_id in sorted(empty_issues):
            db.execute("DELETE FROM issues WHERE id = ?", [issue_id])
        empty_publications = {r[0] for r in db.execute(
            "SELECT id FROM publications WHERE id NOT IN (SELECT publication_id FROM issues)")}
        for publication_id in sorted(empty_publications):
            db.execute("DELETE FROM publications WHERE id = ?", [publication_id])
        db.conn.executemany("UPDATE annotations SET orphaned = 1 WHERE article_id = ?", [(a,) for a in gone])
        report.orphaned_annotations = sorted(r[0] for r in _in_chunks(
            db, "SELECT id FROM annotations WHERE article_id IN ({})", gone))
        report.orphaned_bookmarks = sorted(r[0] for r in _in_chunks(
            db, "SELECT article_id FROM bookmarks WHERE article_id IN ({})", gone))
        report.sources = removed_sources
        report.pages = len(gone_pages)
        report.articles = len(gone)
        report.issues = len(empty_issues)
        report.publications = len(empty_publications)
    return report


def _existing(db: Database, article_ids: list[str]):
    return _in_chunks(db, "SELECT id FROM articles WHERE id IN ({})", article_ids)


def _in_chunks(db: Database, sql: str, ids: list, before: list = ()):
    """The rows of SQL (its `IN ({})` filled with placeholders) run over IDS, CHUNK at a
    time (BEFORE: the parameters ahead of the list)."""
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        yield from db.execute(sql.format(", ".join("?" * len(chunk))), [*before, *chunk])
