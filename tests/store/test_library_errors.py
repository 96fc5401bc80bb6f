"""SQLite errors sorted into the environment's (said plainly) and our own faults; a busy
library waits, then says so in one line; a damaged one says to check and recover."""
from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest
from helpers.library_file import damage
from helpers.paths import SAMPLE

from reader.store import open_library
from reader.store.errors import environment_error
from reader.store.importer import import_paths
from reader.store.writer import WriteBusyError, begin_immediate, write_transaction


@pytest.mark.parametrize(("error", "says"), [
    (sqlite3.OperationalError("attempt to write a readonly database"), "read-only"),
    (sqlite3.OperationalError("database or disk is full"), "the disk is full"),
    (sqlite3.DatabaseError("database disk image is malformed"), "damaged"),
    (sqlite3.DatabaseError("file is not a database"), "not a Dubao library"),
    (sqlite3.OperationalError("database is locked"), "busy"),
    (sqlite3.OperationalError("disk I/O error"), "disk I/O error"),
    (OSError(28, "No space left on device"), "the disk is full"),
])
def test_environment_errors_are_said_plainly(error, says):
    assert says in environment_error(error)


@pytest.mark.parametrize("error", [
    sqlite3.IntegrityError("UNIQUE constraint failed: pages.id"),
    sqlite3.OperationalError("no such column: headlin"),
    sqlite3.ProgrammingError("Incorrect number of bindings supplied"),
    KeyError("x"), ValueError("bad"),
])
def test_faults_of_ours_are_not_blamed_on_the_environment(error):
    assert environment_error(error) is None


def test_a_busy_library_waits_then_says_so(tmp_path):
    path = tmp_path / "lib.db"
    holder = open_library(path)
    other = open_library(path)
    begin_immediate(holder)
    try:
        with pytest.raises(WriteBusyError) as raised:
            begin_immediate(other, timeout=0.3)
        assert "busy" in environment_error(raised.value)
    finally:
        holder.conn.rollback()
    with write_transaction(other, timeout=0.3):  # free again: it goes through
        other.execute("INSERT INTO dubao_meta (key, value) VALUES ('x', 'y')")
    holder.close()
    other.close()


def test_a_damaged_library_met_during_a_command_is_one_line(tmp_path):
    path = tmp_path / "lib.db"
    db = open_library(path)
    import_paths(db, [SAMPLE])
    roots = dict(db.execute("SELECT name, rootpage FROM sqlite_master"))
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()  # cleanly: no check at the next open
    damage(path, pages=range(roots["paragraphs"] - 1, roots["paragraphs"]))  # a failing disk, after the fact
    run = subprocess.run([sys.executable, "-m", "reader.cli", "--db", str(path), "search", "工会"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert "internal error" not in run.stderr and "Traceback" not in run.stderr
    assert "damaged" in run.stderr and "dubao check" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1

