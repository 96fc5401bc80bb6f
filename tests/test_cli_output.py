"""Errors of the environment and output files, as people meet them on the command line:
a full disk says so and what was kept; `-o` writes through symlinks, refuses FIFOs,
devices and read-only files, and `-` is standard output."""
from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import pytest
from helpers.pages import make_issue_pages
from helpers.paths import SAMPLE

from reader.store import open_library

FULL_DISK = """
import sys
from reader.store import db as library_db
configure = library_db._configure

def small_disk(db, *, writable):
    configure(db, writable=writable)
    page = db.execute("PRAGMA page_size").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {{{limit} // page}}")  # the disk holds no more than this

library_db._configure = small_disk
from reader.cli import main
sys.exit(main(sys.argv[1:]))
"""


def dubao(*args, db=None, **kwargs) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "reader.cli", *args] + (["--db", str(db)] if db else [])
    return subprocess.run(command, capture_output=True, **{"timeout": 180, **kwargs})


def test_a_full_disk_says_so_and_what_was_kept(tmp_path):
    library = tmp_path / "lib.db"
    open_library(library).close()
    make_issue_pages(tmp_path / "pages", 300)
    run = subprocess.run([sys.executable, "-c", FULL_DISK.format(limit=400 * 4096), "--db", str(library),
                          "import", "--workers", "1", str(tmp_path / "pages")],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 1, run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "the disk is full" in lines[0], run.stderr
    assert "internal error" not in run.stderr
    kept = int(lines[0].split("kept ")[1].split()[0].replace(",", ""))
    db = open_library(library)
    assert db.execute("SELECT COUNT(*) FROM pages").fetchone()[0] == kept
    db.close()


@pytest.fixture
def lib(tmp_path):
    path = tmp_path / "lib.db"
    assert dubao("import", str(SAMPLE), db=path).returncode == 0
    return path


def articles(lib) -> list[str]:
    return [a["id"] for a in json.loads(dubao("articles", "--json", db=lib).stdout)]


def test_output_through_a_symlink_writes_its_target(lib, tmp_path):
    target = tmp_path / "real.md"
    target.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    run = dubao("annotations", "export", "--format", "markdown", "-o", str(link), db=lib)
    assert run.returncode == 0, run.stderr
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text() != "old"


def test_output_to_stdout_with_a_dash(lib, tmp_path):
    run = dubao("annotations", "export", "--format", "w3c", "-o", "-", db=lib, cwd=tmp_path)
    assert run.returncode == 0 and json.loads(run.stdout)["type"] == "AnnotationCollection"
    assert not (tmp_path / "-").exists()
    run = dubao("export-pdf", "--article", articles(lib)[0], "-o", "-", db=lib, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(b"%PDF-") and not (tmp_path / "-").exists()
    assert b"wrote 1 article to standard output" in run.stderr


@pytest.mark.parametrize("kind", ["fifo", "device", "read-only"])
def test_special_and_read_only_outputs_are_refused(lib, tmp_path, kind):
    if kind == "fifo":
        target = tmp_path / "pipe"
        os.mkfifo(target)
    elif kind == "device":
        target = "/dev/full"
    else:
        target = tmp_path / "kept.pdf"
        target.write_bytes(b"precious")
        target.chmod(0o444)
    for args in (["annotations", "export", "--format", "w3c"],
                 ["export-pdf", "--article", articles(lib)[0]]):
        run = dubao(*args, "-o", str(target), db=lib, timeout=30)
        assert run.returncode == 1, run.stderr
        err = run.stderr.decode()
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
        assert {"fifo": "FIFO", "device": "device", "read-only": "read-only"}[kind] in err
    if kind == "fifo":
        assert stat.S_ISFIFO(os.stat(target).st_mode)
    if kind == "read-only":
        assert target.read_bytes() == b"precious"


def test_export_pdf_search_takes_every_match_past_a_thousand(tmp_path):
    from reader.export import selection
    from reader.store.importer import import_paths

    library = tmp_path / "lib.db"
    make_issue_pages(tmp_path / "pages", 340)  # 1,020 articles, each with 的 in it
    db = open_library(library)
    import_paths(db, [tmp_path / "pages"])
    assert len(selection.select_articles(db, query="的")) == 1020
    db.close()


def test_plural_of_one_article(lib, tmp_path):
    run = dubao("export-pdf", "--article", articles(lib)[0], "-o", str(tmp_path / "a.pdf"), db=lib)
    assert b"wrote 1 article to" in run.stderr and b"1 articles" not in run.stderr


def test_output_over_the_library_itself_is_refused(lib, tmp_path):
    for target in (lib, tmp_path / "link-to-lib"):
        if target != lib:
            target.symlink_to(lib)
        run = dubao("annotations", "export", "--format", "w3c", "-o", str(target), db=lib)
        assert run.returncode == 1 and b"is the library itself" in run.stderr
    assert len(json.loads(dubao("articles", "--json", db=lib).stdout)) == 4
