"""Files the library holds already, found without parsing them: a file of one page imported
before, byte for byte (its SHA256), given to the parser by the same path, by the same parser
with the same options (prepare.parse_key), whose import still stands (its source row still
backs a page or an article's part). A folder imported again with a day's new pages in it is
looked up file by file; only the new and changed files go to the parser."""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from sqlite_utils import Database

from . import prepare
from .report import FileResult


def known_file(db: Database, path: str, *, lenient: bool, publication: str | None) -> FileResult | None:
    """An "unchanged" result for PATH when the library holds its parse already, else None
    (also when it cannot be read: the parse reports that). A file is read only when a row
    of its path has the key its stored bytes would have now (so not after a new parser or
    under other options: one look into an index, then the parse)."""
    try:
        resolved = Path(path).resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop
        return None
    rows = db.execute(
        """SELECT (SELECT COUNT(*) FROM article_parts WHERE source_id = sources.id),
                  sources.sha256, sources.parse_key, sources.layout FROM sources
           WHERE path = ? AND parse_key IS NOT NULL
             AND (EXISTS (SELECT 1 FROM pages WHERE source_id = sources.id)
                  OR EXISTS (SELECT 1 FROM article_parts WHERE source_id = sources.id))""",
        [str(resolved)]).fetchall()
    candidates = [row for row in rows
                  if row[2] == prepare.parse_key(row[1], path, lenient=lenient, publication=publication)]
    if not candidates:
        return None
    try:
        sha256 = hashlib.sha256(resolved.read_bytes()).hexdigest()
    except OSError:
        return None
    row = next((r for r in candidates if r[1] == sha256), None)
    if row is None:
        return None
    return FileResult(path, "unchanged", row[0], layout=row[3])


def split_known(db: Database, files: list, *, lenient: bool, publication: str | None,
                progress: Callable[[str], None] | None = None,
                should_cancel: Callable[[], bool] | None = None) -> tuple[list[FileResult], list]:
    """(results of the FILES the library holds already, the others to parse). PROGRESS(path)
    after each file found; SHOULD_CANCEL() true: the files not looked at yet are left with
    the others."""
    if db.execute("SELECT 1 FROM sources LIMIT 1").fetchone() is None:  # a new library
        return [], list(files)
    known, others = [], []
    for number, path in enumerate(files):
        if should_cancel is not None and number % 64 == 0 and should_cancel():
            return known, others + list(files[number:])
        result = known_file(db, str(path), lenient=lenient, publication=publication)
        if result is None:
            others.append(path)
        else:
            known.append(result)
            if progress is not None:
                progress(str(path))
    return known, others
