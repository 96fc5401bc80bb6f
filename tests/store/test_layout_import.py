"""Importing layout-aware OCR through the one store path: a METS issue atomically with its
ALTO pages, hOCR and PaddleOCR pages; geometry and zones stored; idempotent; every word
kept; Latin words found by search. Tests needing ../shared fail (never skip) without it."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers.paths import FIXTURES

from reader.store.importer import import_paths
from reader.store.page_geometry import article_zones, page_geometry

LAYOUT = FIXTURES / "layout"
JDD = LAYOUT / "alto-journal-des-debats-1821-08-01"
HOCR = LAYOUT / "hocr-mustang-daily" / "ua-nws_00003872_001.hocr"
PADDLE = LAYOUT / "paddleocr-vl-demo" / "paddleocr_vl_demo_res.json"


def shared(path: Path) -> Path:
    if not path.exists():
        pytest.fail(f"missing shared fixture {path} (../shared must be there)")
    return path


def articles(db) -> list[tuple]:
    return db.execute("""SELECT articles.id, articles.headline, articles.first_page FROM articles
                         ORDER BY articles.first_page, articles.position""").fetchall()


def test_mets_issue_imports_as_one_issue_of_ten_articles(db):
    report = import_paths(db, [shared(JDD)])
    assert not report.failed, [r.error for r in report.failed]
    # the ALTO pages came with their METS, not on their own
    assert [Path(r.path).name for r in report.results] == ["18210801_1-METS.xml"]
    rows = articles(db)
    assert len(rows) == 10
    assert [r[2] for r in rows] == sorted(r[2] for r in rows)
    assert db.execute("SELECT count(*) FROM pages").fetchone()[0] == 4
    assert db.execute("SELECT date FROM issues").fetchall() == [("1821-08-01",)]
    chambre = [r for r in rows if r[1].startswith("CHAMBRE DES PAIRS")]
    assert len(chambre) == 1 and chambre[0][2] == 2
    pages = {db.execute("SELECT number FROM pages WHERE id = ?", [page_id]).fetchone()[0]
             for page_id, _ in article_zones(db, chambre[0][0])}
    assert pages == {2, 3, 4}


def test_mets_import_is_idempotent(db):
    first = import_paths(db, [shared(JDD)])
    before = articles(db)
    second = import_paths(db, [JDD])
    assert first.count("imported") == 1 and second.count("unchanged") == 1
    assert articles(db) == before
    assert db.execute("SELECT count(*) FROM pages").fetchone()[0] == 4


def test_mets_issue_is_atomic(db, tmp_path):
    issue = tmp_path / "issue"
    shutil.copytree(shared(JDD), issue)
    (issue / "ALTO" / "18210801_1-0003.xml").write_text("<alto><Layout><Page>", encoding="utf-8")
    report = import_paths(db, [issue / "18210801_1-METS.xml"])
    (failed,) = report.failed
    assert "18210801_1-0003.xml" in failed.error and "\n" not in failed.error
    assert db.execute("SELECT count(*) FROM pages").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 0


def test_page_geometry_is_stored_for_the_page_view(db):
    import_paths(db, [shared(JDD)])
    page_id = db.execute("SELECT id FROM pages WHERE number = 1").fetchone()[0]
    geometry = page_geometry(db, page_id)
    assert geometry.size == (2596, 3993)
    assert geometry.image is None  # no scan came with the issue
    assert geometry.words and geometry.blocks
    ids = {a[0] for a in articles(db)}
    assert {b.article_id for b in geometry.blocks if b.article_id} <= ids
    assert any(b.kind == "advertisement" and b.article_id is None for b in geometry.blocks)
    word = next(w for w in geometry.words if w.text == "ALLEMAGNE.")
    assert word.article_id is not None and all(0 <= v <= 1 for v in word.box)


def test_latin_words_are_found_by_search(db):
    from reader.store.search import search

    import_paths(db, [shared(JDD)])
    hits = search(db, "Bruxelles")
    assert any(hit.headline.startswith("PAYS-BAS-UNIS") for hit in hits)


def test_scan_beside_the_ocr_is_found(db, tmp_path):
    folder = tmp_path / "hocr"
    folder.mkdir()
    shutil.copy(shared(HOCR), folder / HOCR.name)
    (folder / (HOCR.stem + ".png")).write_bytes(b"\x89PNG\r\n\x1a\n")
    report = import_paths(db, [folder])
    assert not report.failed
    page_id = db.execute("SELECT id FROM pages").fetchone()[0]
    assert page_geometry(db, page_id).image == (folder / (HOCR.stem + ".png")).resolve()


def test_hocr_and_paddleocr_pages_import(db):
    report = import_paths(db, [shared(HOCR), shared(PADDLE)])
    assert not report.failed, [r.error for r in report.failed]
    headlines = [r[1] for r in articles(db)]
    assert "Temporary shelter might close" in headlines
    assert "助力双方交往 搭建友谊桥梁" in headlines
    assert {r.layout for r in report.results} == {"hocr", "paddleocr"}


def test_folder_walk_skips_html_and_json_that_are_not_ocr(db, tmp_path):
    (tmp_path / "notes.html").write_text("<html><body>hello</body></html>", encoding="utf-8")
    (tmp_path / "config.json").write_text('{"a": 1}', encoding="utf-8")
    shutil.copy(shared(PADDLE), tmp_path / PADDLE.name)
    report = import_paths(db, [tmp_path])
    assert [Path(r.path).name for r in report.results] == [PADDLE.name]


def test_a_file_that_is_not_ocr_is_one_clear_line(db, tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text("<alto><Layout>", encoding="utf-8")
    (failed,) = import_paths(db, [bad]).failed
    assert "not well-formed XML" in failed.error and "\n" not in failed.error


def test_dubao_import_and_articles_on_the_mets_issue(tmp_path):
    import json
    import subprocess
    import sys

    library = tmp_path / "library.db"
    run = [sys.executable, "-m", "reader.cli", "--db", str(library)]
    imported = subprocess.run([*run, "import", str(shared(JDD))], capture_output=True, text=True, timeout=300)
    assert imported.returncode == 0, imported.stderr
    listed = subprocess.run([*run, "articles", "--json"], capture_output=True, text=True, timeout=300)
    rows = json.loads(listed.stdout)
    assert len(rows) == 10
    assert [row["pages"][0] for row in rows] == sorted(row["pages"][0] for row in rows)
    assert sum(1 for row in rows if row["headline"].startswith("CHAMBRE DES PAIRS")) == 1


def test_an_article_over_three_pages_stands_on_all_three(db):
    # One part on its first page, zones on pages 2-4: every list and the article itself
    # name all the pages it stands on (CONTRACT: `pages` is the pages an article stands on).
    from reader.store.reading import get_article, list_articles, page_articles
    from reader.store.search import search

    import_paths(db, [shared(JDD)])
    listed = list_articles(db)
    chambre = [row for row in listed if row["headline"].startswith("CHAMBRE DES PAIRS")]
    assert len(chambre) == 1 and chambre[0]["pages"] == [2, 3, 4]
    article = get_article(db, chambre[0]["id"])
    assert article.pages == [2, 3, 4]
    assert article.continued_to is None  # its pages 3 and 4 are in the library: no jump line
    page_2 = db.execute("SELECT id FROM pages WHERE number = 2").fetchone()[0]
    on_page = [row for row in page_articles(db, page_2) if row["id"] == chambre[0]["id"]]
    assert on_page[0]["pages"] == [2, 3, 4]
    # GRANDE-BRETAGNE runs on into page 2; the others stand on one page and still say so
    spans = {row["headline"].split(".")[0]: row["pages"] for row in listed if len(row["pages"]) > 1}
    assert spans == {"CHAMBRE DES PAIRS": [2, 3, 4], "GRANDE-BRETAGNE": [1, 2]}
    hits = [hit for hit in search(db, "pairs") if hit.id == chambre[0]["id"]]
    assert hits and hits[0].pages == [2, 3, 4]


def test_the_markdown_paddleocr_writes_beside_its_result_is_not_a_second_page(db):
    # PaddleOCR-VL writes X.md beside X_res.json: importing the folder once made 4 articles of
    # one story (the Markdown copy read as a page, its headline taken for the paper's name).
    report = import_paths(db, [shared(PADDLE).parent])
    assert not report.failed, [r.error for r in report.failed]
    assert [Path(r.path).name for r in report.results] == [PADDLE.name]
    assert [r[1] for r in articles(db)] == ["助力双方交往 搭建友谊桥梁"]
