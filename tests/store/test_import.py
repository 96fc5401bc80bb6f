"""Importing into the library: idempotent, atomic per file, bad files reported, jumps joined."""
from __future__ import annotations

import json
import shutil
import sqlite3

import pytest
from helpers.paths import QINGXI, SAMPLE

from reader.store import open_library
from reader.store.importer import import_file, import_paths
from reader.store.reading import get_article, list_articles


def table_counts(db) -> dict[str, int]:
    tables = ["publications", "issues", "pages", "articles", "article_parts", "paragraphs", "captions",
              "article_tables", "search_docs", "sources"]
    counts = {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}
    # Page notes are indexed as documents of their own: count the articles' documents.
    counts["search_docs"] = db.execute("SELECT COUNT(*) FROM search_docs WHERE article_id IS NOT NULL").fetchone()[0]
    return counts


def test_sample_imports_with_its_structure(sample_db):
    articles = list_articles(sample_db)
    assert [a["headline"][:6] for a in articles] == ["全省工会数字", "这场微型消防", "应急处置练兵", "RCEP生效"]
    article = get_article(sample_db, articles[0]["id"])
    assert article.reporters == ["阮向民"] and article.photographers == ["邹伟锋"]
    assert len(article.paragraphs) == 10
    page = sample_db.execute("SELECT number, extras FROM pages").fetchone()
    assert page[0] == 1 and "88851111" in json.loads(page[1])
    issue = sample_db.execute("SELECT date, lunar_date, weekday, number FROM issues").fetchone()
    assert issue == ("2022-06-17", "壬寅年五月十九", "星期五", 12135)


def test_import_is_idempotent(db):
    first = import_paths(db, [SAMPLE, QINGXI])
    before = table_counts(db)
    ids = [a["id"] for a in list_articles(db)]
    second = import_paths(db, [SAMPLE, QINGXI])
    assert table_counts(db) == before
    assert [a["id"] for a in list_articles(db)] == ids
    assert second.count("unchanged") == len(second.results)
    assert first.count("imported") >= 3


def test_reimporting_a_changed_page_keeps_article_ids(db, tmp_path):
    page = tmp_path / "p.md"
    shutil.copy(SAMPLE, page)
    import_file(db, page)
    ids = {a["headline"]: a["id"] for a in list_articles(db)}
    page.write_text(page.read_text(encoding="utf-8").replace("会议强调", "会议指出"), encoding="utf-8")
    result = import_file(db, page)
    assert result.status == "replaced"
    assert {a["headline"]: a["id"] for a in list_articles(db)} == ids
    assert table_counts(db)["articles"] == 4 and table_counts(db)["pages"] == 1
    assert any("会议指出" in p for p in get_article(db, ids[next(iter(ids))]).paragraphs)


@pytest.mark.parametrize("order", [("p1", "p2"), ("p2", "p1")])
def test_jumped_story_is_one_article_whichever_page_comes_first(db, order):
    files = {"p1": QINGXI / "qingxi-2023-03-08-p1.md", "p2": QINGXI / "qingxi-2023-03-08-p2.md"}
    for key in order:
        assert import_file(db, files[key]).status == "imported"
    stories = [a for a in list_articles(db) if a["headline"].startswith("新区产业园首季签约36个项目")]
    assert len(stories) == 1
    story = get_article(db, stories[0]["id"])
    assert story.pages == [1, 2]
    assert story.headline == "新区产业园首季签约36个项目 总投资额超过120亿元"
    assert "争取更多的高层次人才落户园区。" in story.paragraphs[2]
    assert story.paragraphs[-1].startswith("据了解")
    assert story.continued_to is None and story.continued_from is None
    # The half's own id still finds the story.
    own_ids = [r[0] for r in db.execute("SELECT own_id FROM article_parts WHERE article_id = ?", [story.id])]
    assert all(get_article(db, own).id == story.id for own in own_ids)
    assert table_counts(db)["search_docs"] == table_counts(db)["articles"]


def test_jumped_story_ids_do_not_depend_on_import_order(tmp_path):
    ids = []
    for order in (("p1", "p2"), ("p2", "p1")):
        db = open_library(tmp_path / f"{order[0]}.db")
        for key in order:
            import_file(db, QINGXI / f"qingxi-2023-03-08-{key}.md")
        ids.append(sorted(a["id"] for a in list_articles(db)))
        db.close()
    assert ids[0] == ids[1]


def test_bad_files_are_reported_and_the_rest_imported(db, tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "empty.md").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)))
    (folder / "notes.md").write_text("just a note, no headline\n", encoding="utf-8")
    (folder / "image.jpg").write_bytes(b"\xff\xd8\xff")  # not a page suffix: skipped, not an error
    shutil.copy(QINGXI / "qingxi-2023-03-08-p2.md", folder / "sub" / "p2.md")
    report = import_paths(db, [folder, tmp_path / "missing"])
    errors = {r.path.rsplit("/", 1)[-1]: r.error for r in report.failed}
    assert set(errors) == {"empty.md", "binary.txt", "missing"}
    assert errors["missing"] == "no such file or folder"
    # Plain text is never refused: the note becomes one article titled from its first line.
    assert report.count("imported") == 2
    assert table_counts(db)["articles"] == 4


def test_a_failure_while_storing_leaves_no_trace(db, monkeypatch):
    from reader.store import importer

    before = table_counts(db)

    def explode(*args, **kwargs):
        raise sqlite3.IntegrityError("NOT NULL constraint failed: search_docs.doc")

    monkeypatch.setattr(importer.search_index, "insert_tokens", explode)
    result = import_file(db, SAMPLE)
    assert result.status == "failed" and "NOT NULL constraint" in result.error
    assert table_counts(db) == before


def test_migrations_build_the_search_index_for_an_existing_library(tmp_path):
    from reader.store.schema import migrations

    path = tmp_path / "old.db"
    db = open_library(path)
    import_file(db, SAMPLE)
    # Make it look like a library from before search existed.
    db.execute("DROP TABLE search_fts")
    db.execute("DROP TABLE search_docs")
    db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm002_search'")
    db.conn.commit()
    db.close()
    db = open_library(path)
    assert [m.name for m in migrations.pending(db)] == []
    assert table_counts(db)["search_docs"] == 4
    from reader.store.search import search

    assert [h.headline[:4] for h in search(db, "消防")]


def test_gb18030_and_utf8_versions_are_the_same_page(db):
    import_file(db, QINGXI / "qingxi-2023-03-08-p2.md")
    result = import_file(db, QINGXI / "qingxi-2023-03-08-p2.gb18030.txt")
    assert result.status == "unchanged"  # other bytes, the same page
    assert table_counts(db)["pages"] == 1 and table_counts(db)["articles"] == 3


def test_a_file_failing_in_a_batch_is_rolled_back_alone(db, tmp_path, monkeypatch):
    from helpers.pages import make_issue_pages

    from reader.store.importer import write

    pages = make_issue_pages(tmp_path / "p", 6)
    real = write.store_page

    def store_page(database, prepared, **options):
        if prepared.path.endswith("2001-01-04-p2.md"):
            real(database, prepared, **options)  # written, then the failure: all of it must go
            raise sqlite3.IntegrityError("UNIQUE constraint failed: pages.id")
        return real(database, prepared, **options)

    monkeypatch.setattr(write, "store_page", store_page)
    report = import_paths(db, [tmp_path / "p"])
    assert [r.path.rsplit("/", 1)[-1] for r in report.failed] == ["qx-2001-01-04-p2.md"]
    assert report.count("imported") == len(pages) - 1
    dates = [r[0] for r in db.execute("SELECT date FROM issues ORDER BY date")]
    assert "2001-01-04" not in dates and len(dates) == len(pages) - 1
    assert table_counts(db)["articles"] == 3 * (len(pages) - 1)
    assert table_counts(db)["search_docs"] == 3 * (len(pages) - 1)


@pytest.mark.parametrize("suffix", [".md", ".txt"])
def test_same_named_files_in_two_folders_are_two_pages(db, tmp_path, suffix):
    # Unnumbered, undated pages are keyed by file name: a/story.md and b/story.md of one
    # paper replaced each other ("1 imported, 1 replaced"), and a story was lost.
    for folder, word in (("a", "第一篇"), ("b", "第二篇")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / f"story{suffix}").write_text(
            f"# {word}报道\n\n本报讯 {word}的正文内容在这里。\n", encoding="utf-8")
    report = import_paths(db, [tmp_path / "a", tmp_path / "b"])
    assert not report.failed and report.gained == 2
    assert sorted(a["headline"] for a in list_articles(db)) == ["第一篇报道", "第二篇报道"]
    ids = sorted(a["id"] for a in list_articles(db))
    # Importing both again changes nothing; a new version of b replaces b alone, same id.
    assert import_paths(db, [tmp_path / "a", tmp_path / "b"]).gained == 0
    (tmp_path / "b" / f"story{suffix}").write_text("# 第二篇报道\n\n本报讯 第二篇的正文改了。\n", encoding="utf-8")
    again = import_paths(db, [tmp_path / "b"])
    assert again.gained == 0 and not again.failed
    assert sorted(a["id"] for a in list_articles(db)) == ids
    b = get_article(db, next(a["id"] for a in list_articles(db) if a["headline"] == "第二篇报道"))
    assert "改了" in "".join(b.paragraphs)
    # A file moved to another folder (its old path gone) still replaces what it brought.
    (tmp_path / "a" / f"story{suffix}").rename(tmp_path / f"story{suffix}")
    assert import_paths(db, [tmp_path / f"story{suffix}"]).gained == 0
    assert len(list_articles(db)) == 2


@pytest.mark.parametrize("files", [("p1",), ("p1", "p2"), ("p2", "p1")])
def test_a_batch_indexes_a_jumped_story_once_whole_or_its_half_alone(db, tmp_path, files):
    # In a batch, a half that jumps on (下转第2版) is indexed when the batch commits, after
    # its continuation (when the batch has it) merged into it.
    from reader.store.search import search

    for key in files:
        shutil.copy(QINGXI / f"qingxi-2023-03-08-{key}.md", tmp_path)
    import_paths(db, [tmp_path])
    story = next(a for a in list_articles(db) if a["headline"].startswith("新区产业园首季签约36个项目"))
    docs = db.execute("SELECT article_id FROM search_docs WHERE article_id IS NOT NULL").fetchall()
    assert sorted(r[0] for r in docs) == sorted(a["id"] for a in list_articles(db))
    assert story["id"] in {hit.id for hit in search(db, "电池材料企业")}
    later_half = {hit.id for hit in search(db, "高层次人才落户园区")}
    assert (story["id"] in later_half) == ("p2" in files)


def test_workers_have_a_bounded_number_of_files_in_flight(tmp_path, monkeypatch):
    # Parsed pages wait in the workers while the writer is slower, never all in the importer.
    from concurrent.futures import Future

    from reader.store.importer import prepare

    files = []
    for number in range(200):
        files.append(tmp_path / f"p{number:03}.md")
        files[-1].write_text(f"## 标题{number}\n\n第{number}篇的正文。\n", encoding="utf-8")
    submitted: list[int] = []

    class InlinePool:  # runs each chunk as it is submitted and counts its files
        def __init__(self, **options):
            pass

        def submit(self, function, paths, *args):
            future = Future()
            future.set_result(function(paths, *args))
            submitted.append(len(paths))
            return future

        def shutdown(self, **options):
            pass

    monkeypatch.setattr(prepare, "ProcessPoolExecutor", InlinePool)
    yielded, in_flight = [], []
    for prepared in prepare.prepared_files(files, 2):
        yielded.append(prepared.path)
        in_flight.append(sum(submitted) - len(yielded))
    assert yielded == [str(f) for f in files]
    assert max(in_flight) < 2 * prepare.CHUNKS_AHEAD_PER_WORKER * prepare.CHUNK_FILES < len(files)
