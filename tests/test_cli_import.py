"""What `dubao import` says: what the library gained, per layout, with plurals right;
folders with nothing to import and files with no article are reported (exit 1); a line
of progress per 1,000 files when nobody watches a bar; --publication and
--lenient-decoding reach the parser."""
from __future__ import annotations

import json
import subprocess
import sys

from helpers.paths import QINGXI, SAMPLE

from reader.store import open_library
from reader.store.importer import import_paths
from reader.store.reading import list_articles


def dubao(*args, db) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "reader.cli", *args, "--db", str(db)],
                          capture_output=True, text=True, timeout=300)


def test_a_folder_with_no_page_files_says_so_and_names_the_extensions(tmp_path):
    folder = tmp_path / "photos"
    folder.mkdir()
    (folder / "scan.jpg").write_bytes(b"\xff\xd8\xff")
    run = dubao("import", str(folder), db=tmp_path / "lib.db")
    assert run.returncode == 1
    assert f"{folder}: no page files in this folder (files read: " in run.stderr
    assert ".md" in run.stderr and ".txt" in run.stderr


def test_a_readme_is_reported_not_made_a_paper(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# My project\n\nSome words about it.\n", encoding="utf-8")
    library = tmp_path / "lib.db"
    run = dubao("import", str(readme), str(SAMPLE), db=library)
    assert run.returncode == 1
    # The parser refuses it with its reason (issue 9): reported, skipped, the rest imported.
    assert f"{readme}: headings but no sign of a newspaper page" in run.stderr
    db = open_library(library)
    assert [r[0] for r in db.execute("SELECT name FROM publications")] == ["浙江工人日报"]
    db.close()


def test_the_summary_says_what_was_stored_with_plurals(tmp_path):
    one = tmp_path / "one.md"
    one.write_text("# 测试报\n\n2024年5月1日 星期三\n\n## 唯一的文章\n\n正文一段。\n", encoding="utf-8")
    library = tmp_path / "lib.db"
    run = dubao("import", str(one), db=library)
    assert run.returncode == 0, run.stderr
    assert "the library gained 1 article;" in run.stderr and "1 articles" not in run.stderr
    run = dubao("import", str(QINGXI / "qingxi-2023-03-08-p1.md"), str(QINGXI / "qingxi-2023-03-08-p2.md"),
                "--json", db=library)
    report = json.loads(run.stdout)
    assert report["gained"] == 5 and report["articles"] == 6 and report["layouts"] == {"page-markdown": 2}


def test_a_progress_line_per_thousand_files_when_stderr_is_not_a_terminal(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(1001):
        (folder / f"{n:04d}.md").write_bytes(b"")  # each fails at once: progress still counts it
    run = dubao("import", str(folder), db=tmp_path / "lib.db")
    assert run.returncode == 1
    progress = [line for line in run.stderr.splitlines() if "files read" in line]
    assert progress == ["dubao: 1,000 of 1,001 files read"]


def test_publication_names_the_paper_of_files_that_do_not(tmp_path):
    page = tmp_path / "p2.md"
    page.write_text((QINGXI / "qingxi-2023-03-08-p2.md").read_text(encoding="utf-8").replace("青溪日报 ", "", 1),
                    encoding="utf-8")
    library = tmp_path / "lib.db"
    run = dubao("import", "--publication", "青溪日报", str(page), db=library)
    assert run.returncode == 0, run.stderr
    db = open_library(library)
    assert {a["publication"] for a in list_articles(db)} == {"青溪日报"}
    db.close()


def test_lenient_decoding_reaches_the_parser(db, tmp_path, monkeypatch):
    """The decoding is the parser's; the import passes the option to it (and, for inputs
    that do not name their paper, the publication)."""
    from reader import parsing
    from reader.store.importer import prepare

    seen = []
    real = parsing.parse_file

    def parse_file(path, *, publication=None, lenient=False):
        seen.append((publication, lenient))
        return real(path)

    monkeypatch.setattr(parsing, "parse_file", parse_file)
    prepare._parser_keywords.cache_clear()
    try:
        import_paths(db, [SAMPLE], lenient=True, publication="某报")
        import_paths(db, [QINGXI / "qingxi-2023-03-08-p1.md"])
    finally:
        prepare._parser_keywords.cache_clear()
    assert seen == [("某报", True), (None, False)]
