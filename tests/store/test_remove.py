"""Removing a file, an issue or a publication: articles go with their pages, a jumped
story keeps its other half, and bookmarks and annotations stay as listed orphans that come
back when the page is imported again."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from helpers.paths import QINGXI, SAMPLE

from reader.store.annotations import (
    add_bookmark,
    create_annotation,
    list_annotations,
    list_bookmarks,
)
from reader.store.importer import import_paths
from reader.store.reading import get_article, list_articles
from reader.store.remove import (
    RemoveError,
    find_issue,
    remove_issue,
    remove_publication,
    remove_source,
)
from reader.store.search import search

P1, P2 = QINGXI / "qingxi-2023-03-08-p1.md", QINGXI / "qingxi-2023-03-08-p2.md"


def counts(db) -> dict[str, int]:
    out = {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
           for t in ("publications", "issues", "pages", "sources", "articles", "article_parts", "paragraphs")}
    # The index: one document per article, and one per page with notes (its extras).
    out["search_docs"] = db.execute("SELECT COUNT(*) FROM search_docs WHERE article_id IS NOT NULL").fetchone()[0]
    out["notes_docs"] = db.execute("SELECT COUNT(*) FROM search_docs WHERE page_id IS NOT NULL").fetchone()[0]
    assert out["notes_docs"] == db.execute(
        "SELECT COUNT(*) FROM pages WHERE extras NOT IN ('', '[]')").fetchone()[0]
    return out


def test_removing_a_file_keeps_the_other_half_of_a_jumped_story(db):
    import_paths(db, [P1, P2])
    story = next(a for a in list_articles(db) if a["pages"] == [1, 2])
    report = remove_source(db, P2)
    assert report.pages == 1 and report.sources == 1
    left = get_article(db, story["id"])
    assert left is not None and left.pages == [1]
    after = counts(db)
    assert after["pages"] == 1 and after["search_docs"] == after["articles"] == len(list_articles(db))
    assert report.articles == 5 - after["articles"]
    assert search(db, "新区") and all(h.pages == [1] for h in search(db, "新区"))


def test_removing_an_issue_keeps_its_notes_as_orphans_until_it_comes_back(db):
    import_paths(db, [SAMPLE, P1])
    article = next(a for a in list_articles(db) if a["publication"] == "浙江工人日报")
    add_bookmark(db, article["id"], "keep")
    create_annotation(db, article["id"], get_article(db, article["id"]).paragraphs[0][:8], note="n", occurrence=1)
    report = remove_issue(db, find_issue(db, "浙江工人日报", "2022-06-17"))
    assert report.articles == 4 and report.issues == 1 and report.publications == 1
    assert report.orphaned_bookmarks == [article["id"]]
    assert len(report.orphaned_annotations) == 1
    assert "kept 1 annotation and 1 bookmark of removed articles, as orphans" in report.summary()
    assert [a["publication"] for a in list_articles(db)] == ["青溪日报"] * len(list_articles(db))
    (annotation,) = list_annotations(db)
    assert annotation.orphaned
    assert list_bookmarks(db)[0]["headline"] is None
    import_paths(db, [SAMPLE])  # back: the notes find their article again
    (annotation,) = list_annotations(db)
    assert not annotation.orphaned and list_bookmarks(db)[0]["headline"] == article["headline"]


def test_removing_a_publication_empties_the_library_of_it(db):
    import_paths(db, [SAMPLE, P1, P2])
    report = remove_publication(db, "青溪日报")
    assert report.pages == 2 and report.articles == 5
    after = counts(db)
    assert after["publications"] == 1 and after["articles"] == 4 == after["search_docs"]
    with pytest.raises(RemoveError, match="no publication named"):
        remove_publication(db, "青溪日报")
    with pytest.raises(RemoveError, match="no file imported"):
        remove_source(db, P1)


def test_the_cli_removes_and_lists_orphans(tmp_path):
    library = tmp_path / "lib.db"

    def dubao(*args):
        return subprocess.run([sys.executable, "-m", "reader.cli", *args, "--db", str(library)],
                              capture_output=True, text=True, timeout=120)

    assert dubao("import", str(SAMPLE)).returncode == 0
    article = json.loads(dubao("articles", "--json").stdout)[0]["id"]
    assert dubao("bookmark", "add", article).returncode == 0
    assert dubao("annotate", article, "--quote", "数字化改革", "--occurrence", "1").returncode == 0
    run = dubao("remove", "file", str(SAMPLE))
    assert run.returncode == 0, run.stderr
    assert "removed 4 articles" in run.stderr and "as orphans" in run.stderr
    listed = json.loads(dubao("annotations", "list", "--json").stdout)
    assert [a["orphaned"] for a in listed] == [True]
    assert "(orphan: article no longer in the library)" in dubao("annotations", "list").stdout
    assert "(orphan" in dubao("bookmark", "list").stdout
    assert json.loads(dubao("bookmark", "list", "--json").stdout)[0]["orphaned"] is True
    run = dubao("remove", "issue", "浙江工人日报", "2022-06-17")
    assert run.returncode == 1 and "no issue of" in run.stderr and "Traceback" not in run.stderr


def test_removing_a_folder_removes_what_was_imported_from_under_it(db, tmp_path):
    # `dubao import FOLDER` then `dubao remove file FOLDER` said "no file imported from there".
    folder = tmp_path / "papers"
    (folder / "2023").mkdir(parents=True)
    for page in (P1, P2):
        (folder / "2023" / page.name).write_bytes(page.read_bytes())
    (tmp_path / "papers-other").mkdir()
    (tmp_path / "papers-other" / SAMPLE.name).write_bytes(SAMPLE.read_bytes())
    assert not import_paths(db, [folder, tmp_path / "papers-other"]).failed
    report = remove_source(db, folder)
    assert report.sources == 2
    # Only what was under the folder: the sample beside it (a name sharing its prefix) stays.
    assert {a["publication"] for a in list_articles(db)} == {"浙江工人日报"}
    with pytest.raises(RemoveError, match="no file imported from this folder"):
        remove_source(db, folder)


def test_removing_stays_under_sqlites_limit_on_variables(db, monkeypatch):
    # A publication of many thousand articles: its ids must go to SQLite a chunk at a time.
    import sqlite3

    import reader.store.remove as removal

    import_paths(db, [SAMPLE, P1, P2])
    article = next(a for a in list_articles(db) if a["publication"] == "青溪日报")
    add_bookmark(db, article["id"])
    # The search index's own statements take a fixed five variables (a row id and four
    # columns), never a list: prepared (and cached) here, before the limit is lowered, so
    # that the limit tests the lists of ids alone.
    from reader.store.search_index import reindex_article
    from reader.store.writer import write_transaction

    with write_transaction(db):
        reindex_article(db, article["id"])
    monkeypatch.setattr(removal, "CHUNK", 2)
    db.conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 3)
    report = remove_publication(db, "青溪日报")
    assert report.pages == 2 and report.articles == 5 and report.orphaned_bookmarks == [article["id"]]


def test_a_publication_goes_issue_by_issue_each_in_a_transaction_of_its_own(db, tmp_path, monkeypatch):
    from helpers.pages import make_issue_pages

    from reader.store import writer
    from reader.store.annotations import add_bookmark

    import_paths(db, [SAMPLE, *make_issue_pages(tmp_path / "pages", 6)])
    kept = get_article(db, list_articles(db)[0]["id"])  # the other paper's
    lost = [a["id"] for a in list_articles(db) if a["publication"] == "青溪日报"]
    add_bookmark(db, lost[0])
    transactions = []
    real = writer.begin_immediate
    monkeypatch.setattr(writer, "begin_immediate", lambda *a, **k: (transactions.append(1), real(*a, **k)))
    report = remove_publication(db, "青溪日报")
    assert len(transactions) == 6  # one an issue: other writers wait for one issue at most
    assert (report.issues, report.pages, report.publications) == (6, 6, 1)
    assert report.articles == len(lost) and report.orphaned_bookmarks == [lost[0]]
    after = counts(db)
    assert after["publications"] == 1 and after["issues"] == 1
    assert after["articles"] == after["search_docs"] == len(list_articles(db))
    assert get_article(db, kept.id) is not None


def test_every_foreign_key_leads_an_index(db):
    # Deleting a parent row makes SQLite look for its children; with no index on the
    # child's column that is a scan of the child table for each row deleted. pages.source_id
    # had none: removing a folder scanned every page of the library once per file in it
    # (a year of one paper, 1,460 files, took 22 s in a library of 23,000 pages).
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    unindexed = []
    for table in tables:
        leading = {db.execute(f"PRAGMA index_info('{name}')").fetchone()[2]
                   for (name,) in db.execute(f"SELECT name FROM pragma_index_list('{table}')")}
        leading |= {r[1] for r in db.execute(f"PRAGMA table_info('{table}')") if r[5] == 1}
        unindexed += [f"{table}.{fk[3]}" for fk in db.execute(f"PRAGMA foreign_key_list('{table}')")
                      if fk[3] not in leading]
    assert unindexed == []


def test_a_folder_goes_issue_by_issue_each_in_a_transaction_of_its_own(db, tmp_path, monkeypatch):
    # A folder of a decade of a paper was one transaction: the window's bookmarks and notes
    # waited for all of it (and gave up after a minute).
    from helpers.pages import make_issue_pages

    from reader.store import writer

    folder = tmp_path / "pages"
    make_issue_pages(folder, 4)
    import_paths(db, [SAMPLE, folder])
    kept = get_article(db, list_articles(db)[0]["id"])
    lost = [a["id"] for a in list_articles(db) if a["publication"] == "青溪日报"]
    add_bookmark(db, lost[-1])
    transactions, between = [], []
    real = writer.begin_immediate
    monkeypatch.setattr(writer, "begin_immediate", lambda *a, **k: (transactions.append(1), real(*a, **k)))
    report = remove_source(db, folder, between=lambda: between.append(db.conn.in_transaction))
    assert len(transactions) == 4 and between == [False] * 4
    assert (report.sources, report.issues, report.pages, report.publications) == (4, 4, 4, 1)
    assert report.articles == len(lost) and report.orphaned_bookmarks == [lost[-1]]
    after = counts(db)
    assert after["publications"] == after["issues"] == 1
    assert after["articles"] == after["search_docs"] == len(list_articles(db))
    assert get_article(db, kept.id) is not None
