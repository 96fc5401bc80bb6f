"""`dubao correct`, `show --original`, `search --original`, `corrections list|export|import`
as scripts use them: exit codes, JSON, one-line errors."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.paths import SAMPLE


def dubao(*args: str, db: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "reader.cli", *args, "--db", str(db)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})})


def ok(run: subprocess.CompletedProcess) -> str:
    assert run.returncode == 0, run.stderr
    return run.stdout


def one_line_error(run: subprocess.CompletedProcess, *needles: str) -> None:
    assert run.returncode == 1, (run.stdout, run.stderr)
    assert "Traceback" not in run.stderr and len(run.stderr.strip().splitlines()) == 1
    for needle in needles:
        assert needle in run.stderr


@pytest.fixture
def lib(tmp_path) -> Path:
    path = tmp_path / "lib.db"
    ok(dubao("import", str(SAMPLE), db=path))
    return path


def lead_id(lib: Path) -> str:
    return json.loads(ok(dubao("articles", "--json", db=lib)))[0]["id"]


def test_correct_show_search(lib):
    article_id = lead_id(lib)
    out = ok(dubao("correct", article_id, "--find", "吕志良主持", "--replace", "吕志亮主持", "--note", "人名",
                   db=lib, env={"DUBAO_EDITOR": "王编辑"}))
    assert out.strip().startswith("urn:uuid:")
    shown = json.loads(ok(dubao("show", article_id, "--json", db=lib)))
    original = json.loads(ok(dubao("show", article_id, "--original", "--json", db=lib)))
    assert any("吕志亮主持" in p for p in shown["paragraphs"])
    assert any("吕志良主持" in p for p in original["paragraphs"])
    assert not any("吕志亮" in p for p in original["paragraphs"])
    assert "吕志良主持" in ok(dubao("show", article_id, "--original", db=lib))
    hits = json.loads(ok(dubao("search", "吕志亮主持", "--json", db=lib)))
    assert [h["id"] for h in hits] == [article_id] and "«吕志亮主持»" in hits[0]["snippet"]
    assert json.loads(ok(dubao("search", "吕志良主持", "--json", db=lib))) == []
    assert [h["id"] for h in json.loads(ok(dubao("search", "吕志良主持", "--original", "--json", db=lib)))] == [article_id]

    listed = json.loads(ok(dubao("corrections", "list", article_id, "--json", db=lib)))
    (item,) = listed
    assert item["motivation"] == "editing" and item["body"][0]["value"] == "吕志亮主持"
    assert item["creator"]["name"] == "王编辑"
    assert "'吕志良主持' → '吕志亮主持'" in ok(dubao("corrections", "list", db=lib))


@pytest.mark.parametrize("args, needle", [
    (["--find", "这句话不在文章里", "--replace", "x"], "text not found"),
    (["--find", "工会", "--replace", "x", "--occurrence", "999"], "out of range"),
    (["--find", "工会", "--replace", "x"], "--occurrence N"),
])
def test_errors_are_one_line(lib, args, needle):
    one_line_error(dubao("correct", lead_id(lib), *args, db=lib), needle)


def test_unknown_article(lib):
    one_line_error(dubao("correct", "nosuch", "--find", "a", "--replace", "b", db=lib), "no article", "nosuch")
    one_line_error(dubao("show", "nosuch", "--original", db=lib), "no article")
    one_line_error(dubao("corrections", "list", "nosuch", db=lib), "no article")


def test_export_import_round_trip(lib, tmp_path):
    article_id = lead_id(lib)
    ok(dubao("correct", article_id, "--find", "推进会强调", "--replace", "推进会特别强调", db=lib))
    ok(dubao("correct", article_id, "--find", "吕志良主持", "--replace", "吕志亮主持", db=lib))
    exported = tmp_path / "corrections.json"
    ok(dubao("corrections", "export", "-o", str(exported), db=lib))
    fresh = tmp_path / "fresh.db"
    ok(dubao("import", str(SAMPLE), db=fresh))
    run = dubao("corrections", "import", str(exported), db=fresh)
    assert run.returncode == 0 and "2 corrections added" in run.stderr
    run = dubao("corrections", "import", str(exported), db=fresh)
    assert run.returncode == 0 and "0 corrections added, 2 already present" in run.stderr
    assert ok(dubao("show", article_id, db=fresh)) == ok(dubao("show", article_id, db=lib))
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    one_line_error(dubao("corrections", "import", str(bad), db=fresh), "bad.json", "not JSON")


def test_a_read_only_library_refuses_corrections_in_one_line():
    import shutil

    from helpers.unprivileged import run_unprivileged, shared_tmp

    from reader.store import open_library
    from reader.store.importer import import_paths
    from reader.store.reading import list_articles

    folder = shared_tmp()
    try:
        path = folder / "lib.db"
        db = open_library(path)
        import_paths(db, [SAMPLE])
        article_id = list_articles(db)[0]["id"]
        db.close()
        path.chmod(0o444)
        for args in (["correct", article_id, "--find", "吕志良主持", "--replace", "吕志亮主持"],
                     ["corrections", "revert", "urn:uuid:x"]):
            run = run_unprivileged(["-m", "reader.cli", *args, "--db", str(path)])
            assert run.returncode == 1 and "Traceback" not in run.stderr
            assert len(run.stderr.strip().splitlines()) == 1 and "read-only" in run.stderr
        run = run_unprivileged(["-m", "reader.cli", "show", article_id, "--original", "--db", str(path)])
        assert run.returncode == 0 and "吕志良主持" in run.stdout
    finally:
        for item in [folder, *folder.rglob("*")]:
            item.chmod(0o777)
        shutil.rmtree(folder)


def test_import_summary_counts_in_the_singular(tmp_path):
    from reader.export.correction_formats import CorrectionImportReport

    # "1 corrections added", "1 other annotations skipped" were what a reader saw.
    summary = CorrectionImportReport(added=1, already_present=0, skipped=1).summary()
    assert summary == "1 correction added, 0 already present, 1 other annotation skipped"
    assert CorrectionImportReport(added=2, skipped=3).summary() == \
        "2 corrections added, 0 already present, 3 other annotations skipped"
