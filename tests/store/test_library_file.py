"""The library file itself: whose it is, how new, whole or damaged, and saving what can be
read of a damaged one. (Tests may write bytes into a library to damage it; the product
never opens its files except through SQLite.)"""
from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys

import pytest
from helpers.library_file import damage, page_size
from helpers.paths import QINGXI, SAMPLE

from reader.store import LibraryDamagedError, LibraryTooNewError, NotALibraryError, open_library
from reader.store.annotations import add_bookmark, create_annotation, list_bookmarks
from reader.store.identity import APPLICATION_ID, LIBRARY_FORMAT
from reader.store.importer import import_paths
from reader.store.reading import list_articles
from reader.store.search import search


def dubao(*args, db=None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "reader.cli", *args] + (["--db", str(db)] if db else [])
    return subprocess.run(command, capture_output=True, text=True, timeout=180)


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def other_programs_db(path, application_id: int = 0):
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('a', '1')")
    conn.execute(f"PRAGMA application_id = {application_id}")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("application_id", [0, 0x12345678])
def test_another_programs_database_is_refused_not_converted(tmp_path, application_id):
    path = tmp_path / "contacts.sqlite"
    other_programs_db(path, application_id)
    before = sha(path)
    with pytest.raises(NotALibraryError, match="not a Dubao library"):
        open_library(path)
    assert sha(path) == before
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # not switched to WAL
    assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["contacts"]
    run = dubao("articles", db=path)
    assert run.returncode == 1 and "not a Dubao library" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1 and "Traceback" not in run.stderr


def test_a_library_is_stamped_and_a_newer_one_refused(tmp_path):
    path = tmp_path / "lib.db"
    db = open_library(path)
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert db.execute("PRAGMA user_version").fetchone()[0] == LIBRARY_FORMAT
    db.close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LIBRARY_FORMAT + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(LibraryTooNewError, match="newer version of Dubao"):
        open_library(path)
    run = dubao("articles", db=path)
    assert run.returncode == 1 and "newer version of Dubao" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1


def test_a_library_with_migrations_this_version_lacks_is_too_new(tmp_path):
    path = tmp_path / "lib.db"
    open_library(path).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('dubao', 'm999_from_the_future', '2030-01-01')")
    conn.commit()
    conn.close()
    with pytest.raises(LibraryTooNewError, match="m999_from_the_future"):
        open_library(path)


def test_a_library_from_before_stamps_is_stamped(tmp_path):
    path = tmp_path / "lib.db"
    db = open_library(path)
    import_paths(db, [SAMPLE])
    db.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 0")
    conn.execute("PRAGMA user_version = 0")
    conn.commit()
    conn.close()
    db = open_library(path)
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert len(list_articles(db)) == 4
    db.close()


def test_a_changed_tokenizer_rebuilds_the_index_with_progress(tmp_path, monkeypatch):
    from reader.store import search_index
    from reader.store.reindex import needs_reindex, reindex

    path = tmp_path / "lib.db"
    db = open_library(path)
    import_paths(db, [SAMPLE])
    assert not needs_reindex(db)
    monkeypatch.setattr(search_index, "TOKENIZER_VERSION", search_index.TOKENIZER_VERSION + 1)
    assert needs_reindex(db)
    db.execute("DELETE FROM search_docs")  # stale tokens: searching finds nothing now
    db.conn.commit()
    assert not search(db, "消防")
    calls = []
    reindex(db, progress=lambda done, total: calls.append((done, total)))
    # Documents: the 4 articles, and the page's notes (searchable too).
    assert calls and calls[-1] == (5, 5)
    assert not needs_reindex(db)
    assert [h.headline[:4] for h in search(db, "消防")]
    db.close()


def test_the_cli_rebuilds_a_stale_index_with_a_progress_line(tmp_path):
    path = tmp_path / "lib.db"
    assert dubao("import", str(SAMPLE), db=path).returncode == 0
    conn = sqlite3.connect(path)
    conn.execute("UPDATE dubao_meta SET value = '0' WHERE key = 'tokenizer_version'")
    conn.execute("DELETE FROM search_docs")
    conn.commit()
    conn.close()
    run = dubao("search", "消防", "--json", db=path)
    assert run.returncode == 0, run.stderr
    assert "rebuilding the search index" in run.stderr and "indexed 5 of 5 documents" in run.stderr  # 4 articles, 1 page of notes
    assert len(__import__("json").loads(run.stdout)) == 2



def test_export_pdf_by_search_rebuilds_an_index_that_is_not_whole(tmp_path):
    # As `dubao search` does: export-pdf --search opened the library without looking at its
    # index, and a table missing from it ended in "internal error".
    path = tmp_path / "lib.db"
    assert dubao("import", str(SAMPLE), db=path).returncode == 0
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE search_docs")
    conn.commit()
    conn.close()
    run = dubao("export-pdf", "--search", "消防", "-o", str(tmp_path / "fire.pdf"), db=path)
    assert run.returncode == 0, run.stderr
    assert "rebuilding the search index" in run.stderr and "wrote 2 articles" in run.stderr

def checkpointed_library(tmp_path, files):
    path = tmp_path / "lib.db"
    db = open_library(path)
    import_paths(db, files)
    article = list_articles(db)[0]["id"]
    add_bookmark(db, article, "keep me")
    create_annotation(db, article, list_articles(db)[0]["headline"][:4], note="mine", occurrence=1)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


def test_check_says_ok_or_damaged_in_one_line(tmp_path):
    path = checkpointed_library(tmp_path, [SAMPLE])
    run = dubao("check", db=path)
    assert run.returncode == 0 and "ok" in run.stdout, run.stderr
    size = path.stat().st_size // page_size(path)
    damage(path, pages=range(size // 2, size // 2 + 3))
    run = dubao("check", db=path)
    assert run.returncode == 1, (run.stdout, run.stderr)
    assert "damaged" in run.stderr and "dubao recover" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1 and "Traceback" not in run.stderr


def test_an_unclean_shutdown_is_noticed_and_checked(tmp_path):
    path = checkpointed_library(tmp_path, [SAMPLE])
    db = open_library(path)
    assert not db.checked_after_crash  # closed cleanly: no check
    db.close()
    # A process that dies with the library open (as kill -9 does).
    code = ("import os, sys; from reader.store import open_library; "
            f"db = open_library({str(path)!r}); os._exit(0)")
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0
    db = open_library(path)
    assert db.checked_after_crash
    db.close()
    db = open_library(path)
    assert not db.checked_after_crash  # the left-over session was cleared
    db.close()


def test_a_damaged_library_found_after_a_crash_is_refused_with_one_line(tmp_path):
    path = checkpointed_library(tmp_path, [SAMPLE])
    code = ("import os; from reader.store import open_library; "
            f"db = open_library({str(path)!r}); db.execute('PRAGMA wal_checkpoint(TRUNCATE)'); os._exit(0)")
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0
    size = path.stat().st_size // page_size(path)
    damage(path, pages=range(size - 4, size - 1))
    with pytest.raises(LibraryDamagedError, match="damaged.*dubao recover"):
        open_library(path)


def test_recover_saves_what_can_be_read_into_a_new_library(tmp_path):
    path = checkpointed_library(tmp_path, [SAMPLE, QINGXI / "qingxi-2023-03-08-p1.md",
                                           QINGXI / "qingxi-2023-03-08-p2.md"])
    conn = sqlite3.connect(path)
    roots = dict(conn.execute("SELECT name, rootpage FROM sqlite_master"))
    paragraphs = conn.execute("SELECT COUNT(*) FROM paragraphs").fetchone()[0]
    conn.close()
    for table in ("captions", "search_fts_data"):  # a table of text, and the search index
        damage(path, pages=range(roots[table] - 1, roots[table]))
    before = sha(path)
    new = tmp_path / "saved.db"
    run = dubao("recover", "-o", str(new), db=path)
    assert run.returncode == 0, run.stderr
    assert "row-by-row salvage" in run.stderr and "saved" in run.stderr
    assert sha(path) == before  # the damaged file was never written
    assert dubao("check", db=new).returncode == 0
    db = open_library(new)
    articles = list_articles(db)
    assert len(articles) == 9
    assert "losses in captions" in run.stderr
    assert db.execute("SELECT COUNT(*) FROM captions").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM paragraphs").fetchone()[0] == paragraphs
    assert [b["note"] for b in list_bookmarks(db)] == ["keep me"]
    assert search(db, "消防")  # the index is built anew (its old pages were damaged)
    db.close()
    run = dubao("recover", "-o", str(new), db=path)  # never over an existing file
    assert run.returncode == 1 and "already exists" in run.stderr


def test_recover_of_a_whole_library_loses_nothing(tmp_path):
    path = checkpointed_library(tmp_path, [SAMPLE])
    new = tmp_path / "copy.db"
    run = dubao("recover", "-o", str(new), db=path)
    assert run.returncode == 0 and "nothing was unreadable" in run.stderr, run.stderr
    db = open_library(new)
    assert len(list_articles(db)) == 4 and len(search(db, "消防")) == 2
    db.close()


def test_a_new_library_has_8_kb_pages_and_an_older_one_keeps_its_own(tmp_path):
    from reader.store.db import PAGE_SIZE

    new = tmp_path / "new.db"
    open_library(new).close()
    assert page_size(new) == PAGE_SIZE == 8192
    # A library made before (SQLite's default 4 KB pages) is used as it is.
    old = tmp_path / "old.db"
    conn = sqlite3.connect(old)
    conn.execute("PRAGMA page_size = 4096")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    db = open_library(old)
    import_paths(db, [SAMPLE])
    assert search(db, "消防") and db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()
    assert page_size(old) == 4096
