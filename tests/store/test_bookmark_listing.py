"""Bookmarks listed as they are read: the same list, a chunk at a time, orphans and all; the
command line writes the same bytes as the whole list would."""
from __future__ import annotations

import json
import subprocess
import sys

from helpers.paths import QINGXI, SAMPLE

from reader.store import annotations as notes
from reader.store.importer import import_paths
from reader.store.reading import list_articles
from reader.store.remove import remove_source


def test_bookmarks_read_a_chunk_at_a_time_are_the_list(db, monkeypatch):
    monkeypatch.setattr(notes, "ITER_CHUNK", 2)
    assert list(notes.iter_bookmarks(db)) == [] == notes.list_bookmarks(db)
    page = QINGXI / "qingxi-2023-03-08-p2.md"
    assert not import_paths(db, [SAMPLE, page]).failed
    ids = [a["id"] for a in list_articles(db)]
    assert len(ids) >= 7
    for number, article_id in enumerate(ids[:7]):
        notes.add_bookmark(db, article_id, note=f"第{number}条" if number % 2 else None)
    removed = {a["id"] for a in list_articles(db)}
    remove_source(db, page)
    removed -= {a["id"] for a in list_articles(db)}
    expected = notes.list_bookmarks(db)
    assert len(expected) == 7 and any(b["headline"] is None for b in expected)  # an orphan among them
    assert {b["id"] for b in expected if b["headline"] is None} == removed & set(ids[:7])
    assert list(notes.iter_bookmarks(db)) == expected
    assert any(b["pages"] for b in expected)  # pages are looked up chunk by chunk, not lost


def test_bookmark_list_writes_the_whole_list_byte_for_byte(db, library_path):
    assert not import_paths(db, [SAMPLE]).failed
    ids = [a["id"] for a in list_articles(db)]
    for article_id in ids:
        notes.add_bookmark(db, article_id, note="注")
    expected = [{**b, "orphaned": b["headline"] is None} for b in notes.list_bookmarks(db)]
    run = subprocess.run([sys.executable, "-m", "reader.cli", "bookmark", "list", "--json", "--db",
                          str(library_path)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout == json.dumps(expected, ensure_ascii=False, indent=2) + "\n"
    text = subprocess.run([sys.executable, "-m", "reader.cli", "bookmark", "list", "--db", str(library_path)],
                          capture_output=True, text=True, timeout=120)
    assert text.returncode == 0 and len(text.stdout.splitlines()) == len(ids) > 1
