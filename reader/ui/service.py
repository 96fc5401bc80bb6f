"""The window's one door to the library.

Reads that are small and bounded run on the GUI thread over its own connection. Every write
goes through ONE writer (`writer_thread.WriterThread`): a thread with its own connection
that runs write jobs one at a time from a queue. Searches and exports run as Jobs on pools,
each opening a connection of its own (a sqlite connection belongs to one thread). Results
come back as signals on the GUI thread; `library_changed`, `bookmarks_changed` and
`annotations_changed` tell the views what to read again.

Write methods return the WriteJob (already queued; its `finished`/`failed` arrive later).
Connect to it before the event loop runs again, or pass `on_done` / `on_error`."""
from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from ..store import annotations as notes
from ..store import is_read_only, open_library, reading
from ..store.changes import data_version
from ..store.db import set_cache_size
from ..store.search import SearchHit, SearchResults, run_query
from ..store.search_open import open_for_reading
from .jobs import Job
from .writer_thread import WriteJob, WriterThread

PROGRESS_INTERVAL = 0.05  # seconds between an import's progress reports to the GUI
IN_PROCESS_MAX_FILES = 64  # fewer files (no folder) are imported here: a process costs more
READ_ONLY_MESSAGE = "the library is read-only: nothing was changed"
# Megabytes of pages each of the window's connections keeps (SQLite's default here is 64
# each): an article is a few pages, so the window stays small however much is read in it.
READ_CACHE_MB = 16
SEARCH_CACHE_MB = 32


def sample_page_path() -> Path:
    return Path(str(files("dubao_resources") / "sample" / "000_758893745608affc.txt"))


def import_workers() -> int:
    """As the command line: one parsing process per core but one (the writer's)."""
    return max(1, (os.cpu_count() or 2) - 1)


@dataclass
class SearchPage:
    """What a search job brings back: the store's results (exact total, notices; later pages
    come from them without running the query again) and the hits of its first page."""
    results: SearchResults
    hits: list[SearchHit]


class LibraryService(QObject):
    library_changed = Signal()
    annotations_changed = Signal(str)  # article id
    bookmarks_changed = Signal()
    write_failed = Signal(str)         # a one-line message for the status bar

    def __init__(self, db_path: str | Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db_path = str(db_path)
        self.db = open_library(self.db_path)
        set_cache_size(self.db, READ_CACHE_MB)
        self.read_only = is_read_only(self.db)
        self.closed = False
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self._search_pool = QThreadPool(self)
        self._search_pool.setMaxThreadCount(1)  # one search at a time: they share one connection
        self._search_db = None  # opened by the first search, used only on the search pool
        self._import_pool = QThreadPool(self)  # the thread that waits for an import process
        self._import_pool.setMaxThreadCount(1)
        self.writer = WriterThread(self._open_for_writer, self)
        if not self.read_only:  # a read-only library gets no writer (and no connection for one)
            self.writer.start()
        self._seen_version = self.data_version()
        # Corrections (ui/correcting.py): show and search the OCR as imported instead.
        self.show_original = False
        self.search_original = False

    def _open_for_writer(self):
        db = open_library(self.db_path, migrate=False)
        set_cache_size(db, READ_CACHE_MB)
        return db

    def close(self) -> None:
        self.closed = True
        self.writer.stop()
        self.pool.waitForDone(10000)
        self._import_pool.waitForDone(30000)
        self._search_pool.clear()
        self._search_pool.waitForDone(10000)
        if self._search_db is not None:
            self._search_db.close()
        self.db.close()

    # --- the writer ----------------------------------------------------------------------
    def write(self, work: Callable, *, on_done: Callable | None = None, on_error: Callable | None = None,
              long: bool = False, with_job: bool = False) -> WriteJob | None:
        """Queue WORK(db) (or WORK(db, job) WITH_JOB) on the writer. A failure goes to ON_ERROR,
        or else to `write_failed`; nothing raises into the GUI. A read-only library queues
        nothing and says so once per try (returns None)."""
        if self.read_only:
            message = READ_ONLY_MESSAGE
            QTimer.singleShot(0, lambda: (on_error or self.write_failed.emit)(message))
            return None
        job = WriteJob(work, long=long, with_job=with_job)
        if on_done is not None:
            job.finished.connect(on_done)
        job.failed.connect(on_error or self.write_failed.emit)
        return self.writer.submit(job)

    def writer_thread_ident(self) -> int | None:
        return self.writer.ident

    # --- change from elsewhere ------------------------------------------------------------
    def data_version(self) -> int:
        return data_version(self.db)

    def changed_elsewhere(self) -> bool:
        """Whether another connection (another process, or our writer) committed since the
        last call. Cheap: one pragma, no table read."""
        if self.closed:
            return False
        version = self.data_version()
        changed = version != self._seen_version
        self._seen_version = version
        return changed

    # --- reading ------------------------------------------------------------------------
    def is_empty(self) -> bool:
        return reading.latest_issue(self.db) is None

    def counts(self) -> dict[str, int]:
        return reading.counts(self.db)

    def overview_job(self, *, on_done: Callable[[dict], None]) -> Job:
        """The library's counts and its publications with their issue counts
        (reading.library_overview), read off the GUI thread: counting grows with the library."""
        return self._read_job(reading.library_overview, on_done)

    def read_job(self, read: Callable, on_done: Callable, *args) -> Job:
        """READ(db, *ARGS) on a reading connection of its own, off the GUI thread (a read
        that grows with the library); ON_DONE(result) back on the GUI thread."""
        return self._read_job(read, on_done, *args)

    def _read_job(self, read: Callable, on_done: Callable, *args) -> Job:
        db_path = self.db_path

        def work(_job: Job):
            db = open_library(db_path, migrate=False)
            set_cache_size(db, READ_CACHE_MB)
            try:
                return read(db, *args)
            finally:
                db.close()

        job = Job(work, self.pool)
        job.finished.connect(on_done)
        return job.start()

    def publications(self):
        """With issue counts and dates: a read that grows with the library (tests and
        dialogs; the window's lists use publication_names and overview_job)."""
        return reading.publications(self.db)

    def publication_names(self) -> list[dict]:
        return reading.publication_names(self.db)

    def publication_details(self, publication_id: int) -> dict:
        return reading.publication_details(self.db, publication_id)

    def years(self, publication_id: int):
        return reading.years(self.db, publication_id)

    def months(self, publication_id: int, year: str):
        return reading.months(self.db, publication_id, year)

    def issues_in_month(self, publication_id: int, year: str, month: str):
        return reading.issues_in_month(self.db, publication_id, year, month)

    def issue(self, issue_id: int):
        return reading.issue(self.db, issue_id)

    def adjacent_issue(self, issue_id: int, step: int):
        return reading.adjacent_issue(self.db, issue_id, step)

    def latest_issue(self):
        return reading.latest_issue(self.db)

    def issue_pages(self, issue_id: int):
        return reading.issue_pages(self.db, issue_id)

    def page_articles(self, page_id: int):
        return reading.page_articles(self.db, page_id)

    def article(self, article_id: str, original: bool | None = None):
        return reading.get_article(self.db, article_id,
                                   original=self.show_original if original is None else original)

    # --- page view (PAGEVIEW) -------------------------------------------------------------
    def article_page_ids(self, article_id: str) -> list[int]:
        from ..store.scan_sources import article_page_ids

        return article_page_ids(self.db, article_id)

    def page_data(self, page_id: int):
        """What the page view shows of a page (PageData), or None without geometry."""
        from .page_data import load_page_data

        return load_page_data(self.db, page_id)
    # --- end page view ----------------------------------------------------------------------

    # --- bookmarks and annotations (reads here, writes through the writer) ------------------
    def is_bookmarked(self, article_id: str) -> bool:
        return notes.is_bookmarked(self.db, article_id)

    def bookmarks(self, *, limit: int | None = None, offset: int = 0) -> list[dict]:
        return notes.list_bookmarks(self.db, limit=limit, offset=offset)

    def annotations(self, article_id: str | None = None, tag: str | None = None, text: str | None = None,
                    *, limit: int | None = None, offset: int = 0):
        return notes.list_annotations(self.db, article_id=article_id, tag=tag, text=text, limit=limit, offset=offset)

    def annotation(self, annotation_id: str):
        return notes.get_annotation(self.db, annotation_id)

    def toggle_bookmark(self, article_id: str, *, on_done: Callable[[bool], None] | None = None) -> WriteJob:
        """Bookmark the article, or remove its bookmark; `finished` carries whether it is now on.
        Decided on the writer, so two quick toggles are two toggles."""
        def work(db) -> bool:
            if notes.is_bookmarked(db, article_id):
                notes.remove_bookmark(db, article_id)
                return False
            notes.add_bookmark(db, article_id)
            return True

        return self._write_then(work, lambda _on: self.bookmarks_changed.emit(), on_done)

    def set_bookmarked(self, article_id: str, on: bool, note: str | None = None) -> WriteJob:
        def work(db) -> None:
            if on:
                notes.add_bookmark(db, article_id, note)
            else:
                notes.remove_bookmark(db, article_id)

        return self._write_then(work, lambda _none: self.bookmarks_changed.emit())

    def set_bookmark_note(self, article_id: str, note: str | None) -> WriteJob:
        return self._write_then(lambda db: notes.set_bookmark_note(db, article_id, note),
                                lambda _none: self.bookmarks_changed.emit())

    def annotate(self, article_id: str, quote: str, start: int, **kwargs) -> WriteJob:
        return self._write_then(lambda db: notes.create_annotation(db, article_id, quote, start=start, **kwargs),
                                lambda a: self.annotations_changed.emit(a.article_id))

    def update_annotation(self, annotation_id: str, **kwargs) -> WriteJob:
        return self._write_then(lambda db: notes.update_annotation(db, annotation_id, **kwargs),
                                lambda a: self.annotations_changed.emit(a.article_id))

    def delete_annotation(self, annotation_id: str, *, on_done: Callable | None = None) -> WriteJob:
        """`finished` carries the deleted annotation (keep it to undo)."""
        return self._write_then(lambda db: notes.delete_annotation(db, annotation_id),
                                lambda a: self.annotations_changed.emit(a.article_id), on_done)

    def restore_annotation(self, annotation) -> WriteJob:
        def work(db):
            notes.restore_annotation(db, annotation)
            return annotation

        return self._write_then(work, lambda a: self.annotations_changed.emit(a.article_id))

    def _write_then(self, work: Callable, announce: Callable, on_done: Callable | None = None) -> WriteJob:
        def done(result) -> None:
            announce(result)
            if on_done is not None:
                on_done(result)

        return self.write(work, on_done=done)

    def page_source_path(self, page_id: int) -> str | None:
        return reading.page_source_path(self.db, page_id)

    # --- removing ---------------------------------------------------------------------------
    def remove(self, kind: str, target, *, on_done: Callable | None = None) -> WriteJob | None:
        """Remove a page's source file ("page": a page id), an issue (its id) or a publication
        (its id) through the writer; `finished` carries the store's report (orphans listed)."""
        from ..store import remove as removal  # loaded when first used, not at start-up

        writer = self.writer

        def work(db, _job):
            if kind == "page":
                path = reading.page_source_path(db, target)
                if path is None:
                    raise ValueError("that page is no longer in the library")
                return removal.remove_source(db, path)
            if kind == "issue":
                return removal.remove_issue(db, target)
            if kind == "publication":
                name = next((p["name"] for p in reading.publications(db) if p["id"] == target), None)
                if name is None:
                    raise ValueError("that publication is no longer in the library")
                # Issue by issue: bookmarks and notes made meanwhile are saved between two.
                return removal.remove_publication(db, name, between=writer.yield_point)
            raise ValueError(f"cannot remove a {kind}")

        def done(report) -> None:
            self.library_changed.emit()
            self.bookmarks_changed.emit()
            if on_done is not None:
                on_done(report)

        return self.write(work, on_done=done, long=kind == "publication", with_job=True)

    # --- long writes ---------------------------------------------------------------------
    def import_job(self, paths: list[str]) -> Job:
        """An import (connect, then start()); `finished` carries an ImportReport, `progress`
        (done, total, file) comes about 20 times a second; cancelling stops after the file
        being stored (each file is whole or absent). A folder, or many files, is imported in
        a process of its own as `dubao import` does (import_process.py); a few files (the
        sample page, a drop) on the writer, where starting a process would cost more."""
        if len(paths) < IN_PROCESS_MAX_FILES and not any(os.path.isdir(p) for p in paths):
            job = self._import_on_writer(paths)
        else:
            job = self._import_in_process(paths)
        job.finished.connect(lambda _report: self.library_changed.emit())
        return job

    def _import_in_process(self, paths: list[str]) -> Job:
        from .import_process import ImportProcess

        writer, db_path = self.writer, self.db_path
        if writer.lock_wanted is None:
            import multiprocessing

            writer.lock_wanted = multiprocessing.get_context("spawn").Event()

        def work(job: Job):
            process = ImportProcess(db_path, paths, import_workers(), writer.lock_wanted)
            return process.wait(job.report, job.cancelled)

        return Job(work, self._import_pool)

    def _import_on_writer(self, paths: list[str]) -> WriteJob:
        # The parser is loaded when an import first needs it, not when the window starts.
        from ..store.importer import ImportReport, import_paths

        writer = self.writer

        def work(db, job: WriteJob) -> ImportReport:
            last = [0.0]

            def progress(done: int, total: int, name: str) -> None:
                now = time.monotonic()
                if done == total or now - last[0] >= PROGRESS_INTERVAL:
                    last[0] = now
                    job.report(done, total, name)
                writer.yield_point()  # bookmarks made meanwhile are saved between batches

            return import_paths(db, paths, progress=progress, should_cancel=job.cancelled,
                                workers=import_workers())

        job = WriteJob(work, long=True, with_job=True)
        job.writer = writer
        return job

    # --- search: off the GUI thread, a page at a time ---------------------------------------
    def search_job(self, query: str, *, limit: int = 100, publication: str | None = None,
                   since: str | None = None, until: str | None = None, exact_script: bool = False,
                   original: bool | None = None) -> Job:
        """Run a search off the GUI thread (connect, then start()); `finished` carries a
        SearchPage (its first LIMIT hits), or None when the job was cancelled before it ran.
        ORIGINAL (default: `search_original`) searches the text as imported."""
        original = self.search_original if original is None else original

        def work(job: Job) -> SearchPage | None:
            if job.cancelled():  # a newer query came before this one started
                return None
            results = run_query(self._search_connection(), query, publication=publication, since=since,
                                until=until, exact_script=exact_script, original=original)
            return SearchPage(results, results.page(0, limit))

        return Job(work, self._search_pool)

    def search_page_job(self, results: SearchResults, offset: int, limit: int) -> Job:
        """Hits OFFSET..OFFSET+LIMIT of a search's RESULTS, off the GUI thread; `finished`
        carries them. The query is not run again: the results keep their order."""
        return Job(lambda _job: results.page(offset, limit), self._search_pool)

    def _search_connection(self):
        """The search pool's connection (called on it only). The plain sqlite3 one when the
        library is up to date and writable, as for `dubao search`; else the ordinary one."""
        if self._search_db is None:
            quick = None if self.read_only else open_for_reading(self.db_path)
            self._search_db = quick or open_library(self.db_path, migrate=False)
            set_cache_size(self._search_db, SEARCH_CACHE_MB)
        return self._search_db

