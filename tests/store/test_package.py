"""The store package's lazy names must not hide its submodules."""
import subprocess
import sys


def test_from_store_import_annotations_gives_the_submodule():
    # A `from __future__ import annotations` in reader/store/__init__.py once bound the name
    # to the __future__ feature, and the window failed at start. A fresh interpreter, so that
    # no earlier import of the submodule hides the fault.
    code = ("from reader.store import annotations; "
            "print(annotations.__name__, hasattr(annotations, 'list_bookmarks'))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert run.stdout.split() == ["reader.store.annotations", "True"], run.stderr


def test_the_quick_search_open_knows_the_newest_migration():
    from reader.store.schema import migrations
    from reader.store.search_open import LATEST_MIGRATION

    assert LATEST_MIGRATION == list(migrations._migrations)[-1].name


def test_search_on_a_library_that_needs_migrating_migrates_it_first(tmp_path):
    # A library made before the newest migration: the quick read-only open must not be used
    # (it once failed with "no such column: subheads", an internal error).
    import sqlite3

    from reader.store import open_library
    from reader.store.search_open import LATEST_MIGRATION, open_for_reading

    library = tmp_path / "lib.db"
    open_library(library).conn.close()
    conn = sqlite3.connect(library)
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = ?", [LATEST_MIGRATION])
    conn.commit()
    conn.close()
    assert open_for_reading(library) is None
    run = subprocess.run([sys.executable, "-m", "reader.cli", "--db", str(library), "search", "工会"],
                         capture_output=True, text=True, check=False)
    assert "internal error" not in run.stderr and "Traceback" not in run.stderr, run.stderr
