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
