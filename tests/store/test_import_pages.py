"""What a re-import keeps and what a page made of several files looks like: ids follow an
article whose headline was corrected; a page of one-article files is replaced file by
file, its articles in file-name order; the report says what the library gained."""
from __future__ import annotations

import shutil

from helpers.paths import QINGXI, SAMPLE

from reader.parsing.model import Article, Issue, Page, ParsedPage, Publication
from reader.store.annotations import (
    add_bookmark,
    create_annotation,
    list_annotations,
    list_bookmarks,
)
from reader.store.importer import import_file, import_paths
from reader.store.importer.prepare import PreparedFile
from reader.store.importer.write import store_prepared
from reader.store.reading import get_article, list_articles, page_articles


def test_a_corrected_headline_keeps_the_article_id_bookmark_and_annotation(db, tmp_path):
    page = tmp_path / "p.md"
    shutil.copy(SAMPLE, page)
    import_file(db, page)
    first = list_articles(db)[1]
    article = get_article(db, first["id"])
    quote = article.paragraphs[0][:12]
    add_bookmark(db, first["id"], "read later")
    create_annotation(db, first["id"], quote, note="important", occurrence=1)
    old_headline = first["headline"].split()[0]
    text = page.read_text(encoding="utf-8")
    assert old_headline in text
    page.write_text(text.replace(old_headline, old_headline[:-2] + "比赛", 1), encoding="utf-8")
    assert import_file(db, page).status == "replaced"
    after = {a["id"]: a["headline"] for a in list_articles(db)}
    assert first["id"] in after and after[first["id"]] != first["headline"]
    assert len(after) == 4
    bookmark = next(b for b in list_bookmarks(db) if b["id"] == first["id"])
    assert bookmark["headline"] == after[first["id"]]
    (annotation,) = list_annotations(db)
    assert annotation.article_id == first["id"] and not annotation.orphaned


def test_a_rewritten_article_is_not_taken_for_the_old_one(db, tmp_path):
    page = tmp_path / "p.md"
    shutil.copy(SAMPLE, page)
    import_file(db, page)
    first = list_articles(db)[1]
    lines = page.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if first["headline"].split()[0] in line)
    lines[start] = lines[start].replace(first["headline"].split()[0], "全新的标题")
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("## "))
    body = [i for i in range(start + 1, end) if lines[i].strip()]
    for n, i in enumerate(body):
        lines[i] = f"完全不同的第{n}段内容，说的是另一件事。" * 3
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    import_file(db, page)
    after = {a["id"]: a["headline"] for a in list_articles(db)}
    assert len(after) == 4 and any(h.startswith("全新的标题") for h in after.values())
    assert first["id"] not in after


def article_file(path: str, headline: str, body: str) -> PreparedFile:
    """A file of the article-markdown layout: one article of page 3 of 2024-05-01."""
    parsed = ParsedPage(publication=Publication(name="测试报"), issue=Issue(date="2024-05-01"),
                        pages=[Page(number=3, articles=[Article(headline=headline, paragraphs=[body],
                                                                layout=[("p", 0)])])],
                        layout="article-markdown")
    return PreparedFile(path=path, sha256=path, size=1, parsed=parsed, content_hash=f"{path}|{headline}|{body}")


def headlines_of_page(db) -> list[str]:
    page_id = db.execute("SELECT id FROM pages").fetchone()[0]
    return [a["headline"] for a in page_articles(db, page_id)]


def test_a_page_of_one_article_files_is_replaced_file_by_file(db, tmp_path):
    files = {name: article_file(str(tmp_path / name), headline, body) for name, headline, body in [
        ("b.md", "第二篇", "乙文的正文。"), ("a.md", "第一篇", "甲文的正文。"), ("c.md", "第三篇", "丙文的正文。")]}
    for prepared in files.values():
        assert store_prepared(db, prepared).status == "imported"
    assert db.execute("SELECT COUNT(*) FROM pages").fetchone()[0] == 1
    assert headlines_of_page(db) == ["第一篇", "第二篇", "第三篇"]  # in file-name order
    ids = {a["headline"]: a["id"] for a in list_articles(db)}
    # b.md again, unchanged: nothing happens; changed: only its article changes.
    assert store_prepared(db, article_file(str(tmp_path / "b.md"), "第二篇", "乙文的正文。")).status == "unchanged"
    result = store_prepared(db, article_file(str(tmp_path / "b.md"), "第二篇", "乙文改过的正文。"))
    assert result.status == "replaced" and result.gained == 0
    assert headlines_of_page(db) == ["第一篇", "第二篇", "第三篇"]
    assert {a["headline"]: a["id"] for a in list_articles(db)} == ids
    assert get_article(db, ids["第二篇"]).paragraphs == ["乙文改过的正文。"]
    assert get_article(db, ids["第一篇"]).paragraphs == ["甲文的正文。"]
    assert db.execute("SELECT COUNT(*) FROM sources").fetchone()[0] == 3
    assert db.execute("SELECT COUNT(*) FROM search_docs").fetchone()[0] == 3


def test_same_headlines_in_two_files_of_one_page_are_two_articles(db, tmp_path):
    store_prepared(db, article_file(str(tmp_path / "1.md"), "简讯", "第一条。"))
    store_prepared(db, article_file(str(tmp_path / "2.md"), "简讯", "第二条。"))
    assert len(list_articles(db)) == 2


def test_the_report_counts_what_the_library_gained_and_layouts(db):
    report = import_paths(db, [QINGXI / "qingxi-2023-03-08-p1.md", QINGXI / "qingxi-2023-03-08-p2.md"])
    assert report.articles == 6  # in the files
    assert report.gained == 5  # the jumped story's halves are one article
    assert report.gained == len(list_articles(db))
    assert dict(report.layouts()) == {"page-markdown": 2}
    summary = report.summary()
    assert "the library gained 5 articles (6 articles in the files)" in summary and "page-markdown 2" in summary
    again = import_paths(db, [QINGXI / "qingxi-2023-03-08-p1.md"])
    assert again.gained == 0 and "gained 0 articles" in again.summary()


def test_two_plain_text_articles_of_one_page_are_both_kept(db, tmp_path):
    # Archives export one article a file (申報 stories of one date and page): the second file
    # once replaced the first and a story was lost. Re-importing changes nothing; a changed
    # file replaces only what it brought.
    from helpers.paths import DATA

    folder = DATA / "real" / "shenbao-shlib"
    pair = sorted(folder.glob("1949-05-12-02版-*.txt"))
    assert len(pair) == 2
    for path in pair:
        shutil.copy(path, tmp_path / path.name)
    report = import_paths(db, [tmp_path])
    assert report.count("imported") == 2 and report.count("replaced") == 0
    headlines = {a["headline"] for a in list_articles(db)}
    assert len(headlines) == 2
    again = import_paths(db, [tmp_path])
    assert again.count("unchanged") == 2
    first = tmp_path / pair[0].name
    first.write_text(first.read_text(encoding="utf-8") + "\n补记。\n", encoding="utf-8")
    changed = import_paths(db, [tmp_path])
    assert changed.count("replaced") == 1 and len(list_articles(db)) == 2
