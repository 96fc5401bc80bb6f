"""Files the library holds already, found without parsing them: a file imported before,
byte for byte (its SHA256), by the same parser with the same options (prepare.parse_key),
whose import still stands (its source row still backs a page or an article's part). A
folder imported again with a day's new pages in it is read and looked up, file by file; only
the new and changed files go to the parser."""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from sqlite_utils import Database

from . import prepare
from .report import FileResult


def known_file(db: Database, path: str, *, lenient: bool, publication: str | None) -> FileResult | None:
    """An "unchanged" result for PATH when the library holds its parse already, else None
    (also when it cannot be read: the parse reports that). Its bytes are read only when the
    library has a parse key for its path (a new file costs one look into an index)."""
    try:
        resolved = Path(path).resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop
        return None
    rows = db.execute(
        """SELECT sources.id, sources.parse_key, sources.layout FROM sources
           WHERE path = ? AND parse_key IS NOT NULL
             AND (EXISTS (SELECT 1 FROM pages WHERE source_id = sources.id)
                  OR EXISTS (SELECT 1 FROM article_parts WHERE source_id = sources.id))""",
        [str(resolved)]).fetchall()
    if not rows:
        return None
    try:
        raw = resolved.read_bytes()
    except OSError:
        return None
    key = prepare.parse_key(hashlib.sha256(raw).hexdigest(), lenient=lenient, publication=publication)
    row = next((r for r in rows if r[1] == key), None)
    if row is None:
        return None
    articles = db.execute("SELECT COUNT(*) FROM article_parts WHERE source_id = ?", [row[0]]).fetchone()[0]
    return FileResult(path, "unchanged", articles, layout=row[2])


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
