"""The window's one door to the library. Reads are quick and run on the GUI thread over its
own connection; imports, searches and exports run as Jobs, each opening a connection of
its own (a sqlite connection belongs to one thread). Writes from the GUI (bookmarks,
annotations) go through here too, and `library_changed` tells the views."""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from PySide6.QtCore import QObject, QThreadPool, Signal

from ..store import annotations as notes
from ..store import open_library, reading
from ..store.importer import ImportReport, import_paths
from ..store.search import SearchHit, search
from .jobs import Job


def sample_page_path() -> Path:
    return Path(str(files("dubao_resources") / "sample" / "000_758893745608affc.txt"))


class LibraryService(QObject):
    library_changed = Signal()
    annotations_changed = Signal(str)  # article id
    bookmarks_changed = Signal()

    def __init__(self, db_path: str | Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db_path = str(db_path)
        self.db = open_library(self.db_path)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self._search_pool = QThreadPool(self)
        self._search_pool.setMaxThreadCount(1)

    def close(self) -> None:
        self.pool.waitForDone(10000)
        self._search_pool.clear()
        self._search_pool.waitForDone(10000)
        self.db.close()

    # --- reading ------------------------------------------------------------------------
    def is_empty(self) -> bool:
        return self.db.execute("SELECT 1 FROM articles LIMIT 1").fetchone() is None

    def counts(self) -> dict[str, int]:
        return reading.counts(self.db)

    def publications(self):
        return reading.publications(self.db)

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

    def article(self, article_id: str):
        return reading.get_article(self.db, article_id)

    # --- page view (PAGEVIEW) -------------------------------------------------------------
    def article_page_ids(self, article_id: str) -> list[int]:
        from ..store.scan_sources import article_page_ids

        return article_page_ids(self.db, article_id)

    def page_data(self, page_id: int):
        """What the page view shows of a page (PageData), or None without geometry."""
        from .page_data import load_page_data

        return load_page_data(self.db, page_id)
    # --- end page view ----------------------------------------------------------------------

    # --- bookmarks and annotations ---------------------------------------------------------
    def is_bookmarked(self, article_id: str) -> bool:
        return notes.is_bookmarked(self.db, article_id)

    def set_bookmarked(self, article_id: str, on: bool, note: str | None = None) -> None:
        if on:
            notes.add_bookmark(self.db, article_id, note)
        else:
            notes.remove_bookmark(self.db, article_id)
        self.bookmarks_changed.emit()

    def set_bookmark_note(self, article_id: str, note: str | None) -> None:
        notes.set_bookmark_note(self.db, article_id, note)
        self.bookmarks_changed.emit()

    def bookmarks(self) -> list[dict]:
        return notes.list_bookmarks(self.db)

    def annotations(self, article_id: str | None = None, tag: str | None = None, text: str | None = None):
        return notes.list_annotations(self.db, article_id=article_id, tag=tag, text=text)

    def annotate(self, article_id: str, quote: str, start: int, **kwargs):
        annotation = notes.create_annotation(self.db, article_id, quote, start=start, **kwargs)
        self.annotations_changed.emit(annotation.article_id)
        return annotation

    def update_annotation(self, annotation_id: str, **kwargs):
        annotation = notes.update_annotation(self.db, annotation_id, **kwargs)
        self.annotations_changed.emit(annotation.article_id)
        return annotation

    def delete_annotation(self, annotation_id: str):
        annotation = notes.delete_annotation(self.db, annotation_id)
        self.annotations_changed.emit(annotation.article_id)
        return annotation

    def restore_annotation(self, annotation) -> None:
        notes.restore_annotation(self.db, annotation)
        self.annotations_changed.emit(annotation.article_id)

    # --- background jobs --------------------------------------------------------------------
    def import_job(self, paths: list[str]) -> Job:
        """An import to run off the GUI thread (connect, then start()); cancelling stops
        between files (each file is whole or absent). `finished` carries an ImportReport."""
        db_path = self.db_path

        def work(job: Job) -> ImportReport:
            db = open_library(db_path, migrate=False)
            try:
                # Parsing in this thread, not in a process pool: a pool inside the GUI process made
                # cancelled imports crash now and then (the command line keeps the pool).
                return import_paths(db, paths, progress=job.report, should_cancel=job.cancelled)
            finally:
                db.close()

        job = Job(work, self, self.pool)
        job.finished.connect(lambda _report: self.library_changed.emit())
        return job

    def search_job(self, query: str, *, limit: int = 200, publication: str | None = None,
                     since: str | None = None, until: str | None = None) -> Job:
        """A search to run off the GUI thread (connect, then start()); `finished` carries a
        list of SearchHit."""
        db_path = self.db_path

        def work(job: Job) -> list[SearchHit]:
            if job.cancelled():  # a newer query came before this one started
                return []
            db = open_library(db_path, migrate=False)
            try:
                return search(db, query, limit=limit, publication=publication, since=since, until=until)
            finally:
                db.close()

        return Job(work, self, self._search_pool)
