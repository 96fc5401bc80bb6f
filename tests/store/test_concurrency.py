"""Several processes writing one library at once wait for each other instead of failing:
two imports and a bookmark writer all succeed, and the same folder imported twice at once
stores every page exactly once. Real processes, small inputs."""
from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time

import pytest
from helpers.pages import make_issue_pages
from helpers.paths import SAMPLE

from reader.store import db as db_module
from reader.store import open_library, writer
from reader.store.errors import LibraryError
from reader.store.importer import import_paths
from reader.store.reading import list_articles

BOOKMARKER = """
import sys
from reader.store import open_library
from reader.store.annotations import add_bookmark, remove_bookmark
db = open_library(sys.argv[1])
ids = sys.argv[2:]
for round in range(40):
    for article_id in ids:
        add_bookmark(db, article_id, f"round {round}")
    for article_id in ids[1:]:
        remove_bookmark(db, article_id)
db.close()
print("bookmarks done")
"""


def start_import(library, folder) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "reader.cli", "--db", str(library), "import",
                             "--workers", "1", str(folder)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen) -> tuple[int, str]:
    _, err = process.communicate(timeout=300)
    return process.returncode, err


def counts(library) -> tuple[int, int]:
    db = open_library(library)
    try:
        return (db.execute("SELECT COUNT(*) FROM pages").fetchone()[0],
                db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    finally:
        db.close()


def test_two_imports_and_a_bookmark_writer_all_succeed(tmp_path):
    library = tmp_path / "lib.db"
    db = open_library(library)
    import_paths(db, [SAMPLE])
    ids = [a["id"] for a in list_articles(db)]
    db.close()
    make_issue_pages(tmp_path / "a", 90)
    make_issue_pages(tmp_path / "b", 90, start=__import__("datetime").date(2005, 1, 1))
    imports = [start_import(library, tmp_path / "a"), start_import(library, tmp_path / "b")]
    bookmarker = subprocess.Popen([sys.executable, "-c", BOOKMARKER, str(library), *ids],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    results = [finish(p) for p in imports]
    out, err = bookmarker.communicate(timeout=300)
    for code, err_text in results:
        assert code == 0, err_text
        assert "locked" not in err_text and "busy" not in err_text
    assert bookmarker.returncode == 0 and "bookmarks done" in out, err
    assert counts(library) == (1 + 180, 4 + 3 * 180)


def test_the_same_folder_twice_at_once_stores_every_page_once(tmp_path):
    library = tmp_path / "new.db"  # not there yet: both create it at once
    make_issue_pages(tmp_path / "pages", 120)
    first, second = start_import(library, tmp_path / "pages"), start_import(library, tmp_path / "pages")
    for code, err in (finish(first), finish(second)):
        assert code == 0, err
    assert counts(library) == (120, 360)
    db = open_library(library)
    assert db.execute("SELECT COUNT(*) FROM search_docs").fetchone()[0] == 360
    assert db.execute("SELECT COUNT(*) FROM sources").fetchone()[0] == 120
    db.close()


def _hold_lock(path, seconds: float) -> threading.Thread:
    """Another connection holds PATH's exclusive lock (as a process creating the library
    does, before the file is in WAL mode) for SECONDS."""
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN EXCLUSIVE")

    def release() -> None:
        time.sleep(seconds)
        holder.execute("COMMIT")
        holder.close()
    thread = threading.Thread(target=release)
    thread.start()
    return thread


def test_opening_waits_for_a_lock_held_longer_than_sqlites_busy_timeout(tmp_path, monkeypatch):
    monkeypatch.setattr(db_module, "BUSY_TIMEOUT", 0.1)  # SQLite gives up after 0.1 s
    library = tmp_path / "new.db"
    holder = _hold_lock(library, 0.8)
    db = open_library(library)  # waits with back-off, as a writer does
    holder.join()
    assert db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 0
    db.close()


def test_opening_gives_up_on_a_lock_never_released_with_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr(db_module, "BUSY_TIMEOUT", 0.1)
    monkeypatch.setattr(writer, "DEFAULT_TIMEOUT", 0.5)
    library = tmp_path / "new.db"
    holder = _hold_lock(library, 1.5)
    with pytest.raises(LibraryError, match="the library is busy"):
        open_library(library)
    holder.join()
