"""Libraries that cannot be written open read-only: reads work, each write is refused with
one line, and -wal/-shm files nobody here may open do not lock the library for ever.
(As root, file modes bind nobody: these run as user `nobody` then, see helpers/unprivileged.)"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from helpers.pages import make_issue_pages
from helpers.paths import SAMPLE
from helpers.unprivileged import run_unprivileged, shared_tmp

from reader.store import LibraryReadOnlyError, is_read_only, open_library
from reader.store.annotations import add_bookmark
from reader.store.importer import import_paths
from reader.store.reading import list_articles


@pytest.fixture
def folder():
    path = shared_tmp()
    yield path
    for item in [path, *path.rglob("*")]:
        item.chmod(0o777)
    shutil.rmtree(path)


def make_library(folder):
    path = folder / "lib.db"
    db = open_library(path)
    import_paths(db, [SAMPLE])
    ids = [a["id"] for a in list_articles(db)]
    db.close()
    return path, ids


def cli(*args, db) -> subprocess.CompletedProcess:
    return run_unprivileged(["-m", "reader.cli", *args, "--db", str(db)])


def one_line(run) -> str:
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in run.stderr, run.stderr
    return lines[0]


def test_a_read_only_file_opens_read_only(folder):
    path, ids = make_library(folder)
    path.chmod(0o444)
    run = cli("articles", "--json", db=path)
    assert run.returncode == 0, run.stderr
    assert len(json.loads(run.stdout)) == 4
    assert "read-only" in one_line(run)  # said once
    run = cli("bookmark", "add", ids[0], db=path)
    assert run.returncode == 1 and "read-only" in run.stderr.splitlines()[-1]
    assert "internal error" not in run.stderr and "Traceback" not in run.stderr


def test_an_import_into_a_read_only_library_says_so_once(folder, tmp_path):
    path, _ = make_library(folder)
    path.chmod(0o444)
    pages = folder / "pages"
    make_issue_pages(pages, 70)
    for item in [pages, *pages.iterdir()]:
        item.chmod(0o755 if item.is_dir() else 0o644)
    run = cli("import", str(pages), db=path)
    assert run.returncode == 1
    assert "read-only" in one_line(run)


def test_a_library_in_a_folder_that_cannot_be_written_can_be_read(folder):
    path, ids = make_library(folder)
    folder.chmod(0o555)
    run = cli("show", ids[0], "--json", db=path)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["id"] == ids[0]
    assert "read-only" in one_line(run)


def test_wal_and_shm_files_of_another_user_do_not_lock_the_library(folder):
    path, ids = make_library(folder)
    path.chmod(0o666)
    # A process of the library's owner dies with changes still in the write-ahead log.
    code = ("import os; from reader.store import open_library; "
            "from reader.store.annotations import add_bookmark; "
            f"db = open_library({str(path)!r}); add_bookmark(db, {ids[0]!r}, 'in the log'); os._exit(0)")
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0
    leftovers = [folder / "lib.db-wal", folder / "lib.db-shm"]
    for leftover in leftovers:
        leftover.chmod(0o000)  # nobody but their owner (as root: no one here) may open them
    run = cli("articles", "--json", db=path)
    assert run.returncode == 0, run.stderr
    assert len(json.loads(run.stdout)) == 4
    assert "read-only" in one_line(run)
    # Once the owner opens and closes it, everyone can write again.
    for leftover in leftovers:
        leftover.chmod(0o600)
    open_library(path).close()
    run = cli("bookmark", "add", ids[1], db=path)
    assert run.returncode == 0, run.stderr


def test_writes_on_a_library_opened_read_only_raise_one_line(tmp_path):
    path = tmp_path / "lib.db"
    db = open_library(path)
    import_paths(db, [SAMPLE])
    article = list_articles(db)[0]["id"]
    db.close()
    db = open_library(path, read_only=True)
    assert is_read_only(db)
    assert list_articles(db)
    with pytest.raises(LibraryReadOnlyError) as raised:
        add_bookmark(db, article)
    assert "\n" not in str(raised.value) and "read-only" in str(raised.value)
    with pytest.raises(LibraryReadOnlyError):
        import_paths(db, [SAMPLE])
    db.close()
    assert not is_read_only(db := open_library(path))
    db.close()
