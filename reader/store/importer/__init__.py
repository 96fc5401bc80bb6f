"""Importing page files into the library: idempotent, atomic per file.

Three steps, each a module: `discover` (paths → the files to read), `prepare` (one file →
a parsed page with its hashes and search tokens; pure, run in worker processes) and `write`
(prepared pages → rows, in batches through the one write path). A file whose bytes were
imported before changes nothing; a new version of a page replaces it and its articles keep
their ids, so bookmarks and annotations follow them. A failure leaves no trace of its file.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable

from sqlite_utils import Database

from .. import search_index
from ..writer import refuse_read_only
from .discover import (
    PAGE_SUFFIXES,
    Discovery,
    discover,
    find_page_files,
    no_page_files_message,
    page_suffixes,
)
from .known import split_known
from .prepare import PreparedFile, parser_fingerprint, prepare_file, prepared_files
from .report import FileResult, ImportReport, plural
from .write import UNKNOWN_PUBLICATION, Batch, store_page, store_prepared

__all__ = ["PAGE_SUFFIXES", "UNKNOWN_PUBLICATION", "FileResult", "ImportReport", "PreparedFile",
           "discover", "find_page_files", "import_file", "import_paths", "no_page_files_message",
           "page_suffixes", "parser_fingerprint", "plural", "prepare_file", "prepared_files",
           "recounts_pairs", "store_page", "store_prepared"]

ProgressCallback = Callable[[int, int, str], None]
OPTIMIZE_AFTER_FILES = 500  # an import of this many files is a bulk one (write.Batch), optimized after
ARTICLES_PER_FILE = 5  # about, for a page: what an import will add, guessed before it is read


def import_paths(db: Database, paths: Iterable[str | os.PathLike], *,
                 progress: ProgressCallback | None = None,
                 should_cancel: Callable[[], bool] | None = None,
                 workers: int = 0, lenient: bool = False,
                 publication: str | None = None,
                 discovered: Discovery | None = None) -> ImportReport:
    """Import files and folders. Bad files are reported in the result, never raised; an
    error of the library itself (read-only, disk full, damaged) is raised, once, after
    what was committed so far is recorded in `report.committed` of the exception's
    `import_report` attribute. A cancel commits the files done so far.

    LENIENT: bytes that are not valid in the page's encoding are replaced (and reported)
    rather than rejecting the file. PUBLICATION: the paper's name for inputs that do not
    name it. DISCOVERED: the files, when the caller walked PATHS already."""
    refuse_read_only(db)  # files found unchanged would write nothing, but an import is a write
    found = discovered if discovered is not None else discover(paths)
    files = found.files
    report = ImportReport(results=list(found.missing), files_found=len(files),
                          empty_folders=found.empty_folders)
    done = 0

    def found_known(path: str) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, len(files), path)

    try:
        known, files_to_parse = split_known(db, files, lenient=lenient, publication=publication,
                                            progress=found_known, should_cancel=should_cancel)
    except BaseException as exc:
        exc.import_report = report
        raise
    report.results += known
    if should_cancel is not None and should_cancel():  # while files were looked up: parse none
        files_to_parse = []
        report.cancelled = True
    batch = Batch(db, bulk=len(files_to_parse) >= OPTIMIZE_AFTER_FILES,
                  recount_pairs=recounts_pairs(db, len(files_to_parse)))
    prepared_stream = prepared_files(files_to_parse, workers, lenient=lenient, publication=publication)
    try:
        for number, prepared in enumerate(prepared_stream, start=done + 1):
            if should_cancel is not None and should_cancel():
                report.cancelled = True
                break
            report.results.append(batch.store(prepared))
            report.committed = batch.committed
            if progress is not None:
                progress(number, len(files), prepared.path)
        batch.commit()
        report.committed = batch.committed
        if batch.bulk:  # also turns merging back on, after batches that had it off
            search_index.optimize(db, added=sum(r.articles for r in report.results
                                                if r.status in ("imported", "replaced")))
    except BaseException as exc:
        batch.rollback()
        report.committed = batch.committed
        exc.import_report = report
        raise
    finally:
        prepared_stream.close()
    return report


def recounts_pairs(db: Database, files: int) -> bool:
    """Whether an import of FILES files leaves the pair counts to be counted afresh at its
    end (search_index.py): one large beside the library. A smaller one writes them with its
    rows (about a fifth of a millisecond an article); the count afresh costs about 40 µs a
    document of the whole library, on the core the final merge leaves idle."""
    return files >= OPTIMIZE_AFTER_FILES and files * ARTICLES_PER_FILE * 4 >= search_index.indexed_documents(db)


def import_file(db: Database, path: str | os.PathLike, *, lenient: bool = False,
                publication: str | None = None) -> FileResult:
    """Import one file in a transaction of its own."""
    return store_prepared(db, prepare_file(str(path), lenient=lenient, publication=publication))
