"""Corrections over the original: search, annotations, undo/redo, revert, re-import, exchange."""
from __future__ import annotations

import json
import shutil

import pytest
from helpers.paths import SAMPLE

from reader.export.correction_formats import export_corrections, import_corrections
from reader.store import annotations as notes
from reader.store import corrections as fixes
from reader.store import open_library
from reader.store.importer import import_file, import_paths
from reader.store.reading import get_article, list_articles
from reader.store.search import search
from reader.store.text import article_text, article_texts


def lead(db):
    return get_article(db, list_articles(db)[0]["id"])


def unique_pair(db, article) -> str:
    """Two characters of ARTICLE's body that no other text of the library holds."""
    others = [t for i, t in article_texts(db, [a["id"] for a in list_articles(db)]).items() if i != article.id]
    text = article.text()
    for paragraph in article.paragraphs:
        for i in range(len(paragraph) - 1):
            pair = paragraph[i:i + 2]
            if text.count(pair) == 1 and all(pair not in o for o in others) and pair.strip() == pair \
                    and all("\u4e00" <= ch <= "\u9fff" for ch in pair):
                return pair
    raise AssertionError("no unique pair")


def test_correct_then_search_finds_the_new_word_and_original_the_old(sample_db):
    article = lead(sample_db)
    old = unique_pair(sample_db, article)
    fixes.correct(sample_db, article.id, old, "犇猋")
    assert "犇猋" in get_article(sample_db, article.id).text()
    assert old not in get_article(sample_db, article.id).text()
    assert [h.id for h in search(sample_db, "犇猋")] == [article.id]
    assert article.id not in {h.id for h in search(sample_db, old)}
    assert [h.id for h in search(sample_db, old, original=True)] == [article.id]
    assert search(sample_db, "犇猋", original=True) == []
    # The snippet is cut from the text searched.
    assert "«犇猋»" in search(sample_db, "犇猋")[0].snippet
    assert f"«{old}»" in search(sample_db, old, original=True)[0].snippet


def test_the_original_is_never_overwritten(sample_db):
    article = lead(sample_db)
    before = article.text()
    fixes.correct(sample_db, article.id, "史济锡", "史济希", occurrence=2)
    assert get_article(sample_db, article.id, original=True).text() == before
    assert article_text(sample_db, article.id, original=True).text == before
    corrected = article_text(sample_db, article.id)
    assert corrected.text.count("史济希") == 1 and len(corrected.corrections) == 1
    placed = corrected.corrections[0]
    assert corrected.text[placed.start:placed.end] == "史济希" and placed.correction.original == "史济锡"


def test_headline_byline_and_caption(sample_db):
    article = lead(sample_db)
    fixes.correct(sample_db, article.id, "推进会强调", "推进会强 调")
    fixes.correct(sample_db, article.id, "阮向民", "阮向明")
    fixes.correct(sample_db, article.id, "邹伟锋", "邹伟峰")
    now = get_article(sample_db, article.id)
    assert "推进会强 调" in now.headline and now.byline.endswith("阮向明报道")
    caption = now.captions[0]
    assert caption["credit"] == "记者邹伟峰 摄" and "数字化改革推进会召开" in caption["text"]
    assert article_texts(sample_db, [article.id])[article.id] == now.text()


def test_errors(sample_db):
    article = lead(sample_db)
    with pytest.raises(fixes.CorrectionError, match="not found"):
        fixes.correct(sample_db, article.id, "这句话不在文章里", "x")
    with pytest.raises(fixes.CorrectionError, match="out of range"):
        fixes.correct(sample_db, article.id, "工会", "x", occurrence=999)
    with pytest.raises(fixes.CorrectionError, match="occurs .* times"):
        fixes.correct(sample_db, article.id, "工会", "x")
    with pytest.raises(fixes.CorrectionError, match="no article"):
        fixes.correct(sample_db, "nosuch", "工会", "x")
    with pytest.raises(fixes.CorrectionError, match="across two parts"):
        fixes.correct(sample_db, article.id, "阮向民报道 昨日下午", "x")
    with pytest.raises(fixes.CorrectionError, match="line break"):
        fixes.correct(sample_db, article.id, "吕志良主持", "吕\n志良主持")
    assert fixes.list_corrections(sample_db) == []


def test_undo_redo_and_revert(sample_db):
    article = lead(sample_db)
    before = article.text()
    change = fixes.correct(sample_db, article.id, "吕志良主持", "吕志亮主持")
    after = get_article(sample_db, article.id).text()
    fixes.apply_change(sample_db, change.inverse())  # undo
    assert get_article(sample_db, article.id).text() == before
    assert [h.id for h in search(sample_db, "吕志良主持")] == [article.id]
    fixes.apply_change(sample_db, change)  # redo
    assert get_article(sample_db, article.id).text() == after
    assert [h.id for h in search(sample_db, "吕志亮")] == [article.id]
    fixes.revert(sample_db, change.added[0].id)
    assert get_article(sample_db, article.id).text() == before
    assert fixes.list_corrections(sample_db) == [] and search(sample_db, "吕志亮") == []


def test_an_edit_over_an_earlier_correction_becomes_one(sample_db):
    article = lead(sample_db)
    before = article.text()
    fixes.correct(sample_db, article.id, "吕志良主持", "吕志亮主持")
    change = fixes.correct(sample_db, article.id, "志亮主持会议", "志亮先生主持会议")
    (only,) = fixes.list_corrections(sample_db)
    assert (only.original, only.replacement) == ("吕志良主持会议", "吕志亮先生主持会议")
    assert len(change.removed) == 1
    fixes.revert(sample_db, only.id)
    assert get_article(sample_db, article.id).text() == before


def test_annotations_before_and_after(sample_db):
    article = lead(sample_db)
    far = notes.create_annotation(sample_db, article.id, "标志性成果", occurrence=2)
    touched = notes.create_annotation(sample_db, article.id, "吕志良主持会议")
    fixes.correct(sample_db, article.id, "史济锡", "史济锡同志", occurrence=1)  # before both: they move
    fixes.correct(sample_db, article.id, "吕志良主持", "吕志亮主持")  # inside one highlight: it is rewritten
    text = get_article(sample_db, article.id).text()
    moved = notes.get_annotation(sample_db, far.id)
    assert text[moved.start:moved.end] == "标志性成果" == moved.exact and not moved.rewritten
    assert moved.start == far.start or moved.start == far.start + 2
    rewritten = notes.get_annotation(sample_db, touched.id)
    assert not rewritten.orphaned and rewritten.rewritten
    assert text[rewritten.start:rewritten.end] == rewritten.exact == "吕志亮主持会议"
    after = notes.create_annotation(sample_db, article.id, "吕志亮主持")
    assert text[after.start:after.end] == "吕志亮主持"
    # A re-anchoring for any other reason keeps them where they are.
    notes.reanchor_articles(sample_db, [article.id])
    assert notes.get_annotation(sample_db, after.id).start == after.start


def test_reimport_unchanged_keeps_corrections(sample_db):
    article = lead(sample_db)
    fixes.correct(sample_db, article.id, "吕志良主持", "吕志亮主持")
    result = import_file(sample_db, SAMPLE)
    assert result.status == "unchanged"
    assert "吕志亮" in get_article(sample_db, article.id).text()


def test_reimport_changed_reapplies_or_keeps_conflicts(db, tmp_path):
    page = tmp_path / "page.txt"
    shutil.copy(SAMPLE, page)
    import_paths(db, [page])
    article = lead(db)
    kept = fixes.correct(db, article.id, "吕志良主持", "吕志亮主持").added[0]
    lost = fixes.correct(db, article.id, "史济锡", "史济希", occurrence=1).added[0]
    original = page.read_text(encoding="utf-8")
    # The new source: a paragraph before them (positions move) and the second passage reworded.
    changed = original.replace("省人大常委会副主任、省总工会主席史济锡出席会议",
                               "新增的一段话。\n\n省人大常委会副主任、省总工会主席史先生出席会议", 1)
    assert changed != original
    page.write_text(changed, encoding="utf-8")
    result = import_file(db, page)
    assert result.status == "replaced"
    text = get_article(db, article.id).text()
    assert "吕志亮主持" in text and "吕志良主持" not in text
    statuses = {c.id: c.status for c in fixes.list_corrections(db)}
    assert statuses == {kept.id: "applied", lost.id: "conflict"}
    assert [h.id for h in search(db, "吕志亮")] == [article.id]
    # The original of the new source is as imported.
    assert "史先生" in get_article(db, article.id, original=True).text()


def test_export_import_into_a_fresh_library(sample_db, tmp_path):
    article = lead(sample_db)
    fixes.correct(sample_db, article.id, "吕志良主持", "吕志亮主持", note="人名", editor="王编辑")
    fixes.correct(sample_db, article.id, "推进会强调", "推进会强调：")
    fixes.correct(sample_db, article.id, "邹伟锋", "邹伟峰")
    document = export_corrections(sample_db)
    items = document["first"]["items"]
    assert {i["motivation"] for i in items} == {"editing"}
    original = article_text(sample_db, article.id, original=True).text
    for item in items:
        quote, position = item["target"]["selector"]
        assert original[position["start"]:position["end"]] == quote["exact"]
    assert {i["body"][0]["value"] for i in items} == {"吕志亮主持", "推进会强调：", "邹伟峰"}

    fresh = open_library(tmp_path / "fresh.db")
    import_paths(fresh, [SAMPLE])
    report = import_corrections(fresh, json.dumps(document, ensure_ascii=False))
    assert (report.added, report.conflicts) == (3, [])
    assert get_article(fresh, article.id).text() == get_article(sample_db, article.id).text()
    again = import_corrections(fresh, json.dumps(document, ensure_ascii=False))
    assert (again.added, again.already_present) == (0, 3)
    assert len(fixes.list_corrections(fresh)) == 3
    assert [c.editor for c in fixes.list_corrections(fresh) if c.note] == ["王编辑"]
    assert [h.id for h in search(fresh, "吕志亮")] == [article.id]
    fresh.close()


def test_import_into_a_library_without_the_article_keeps_conflicts(sample_db, tmp_path):
    article = lead(sample_db)
    fixes.correct(sample_db, article.id, "吕志良主持", "吕志亮主持")
    document = json.dumps(export_corrections(sample_db))
    empty = open_library(tmp_path / "empty.db")
    report = import_corrections(empty, document)
    assert report.added == 1 and len(report.conflicts) == 1
    assert [c.status for c in fixes.list_corrections(empty)] == ["conflict"]
    import_paths(empty, [SAMPLE])  # the article arrives: its correction applies
    assert [c.status for c in fixes.list_corrections(empty)] == ["applied"]
    assert "吕志亮主持" in get_article(empty, article.id).text()
    empty.close()


def test_the_index_stays_exact_through_corrections_and_reverts(sample_db):
    """Search finds exactly the articles whose text holds a term, in either text, after any
    sequence of corrections, merges, undos and reverts (a contentless index forgets a row
    only when given exactly the tokens it holds)."""
    ids = [a["id"] for a in list_articles(sample_db)]
    article = lead(sample_db)
    made = [fixes.correct(sample_db, article.id, "吕志良主持", "吕志亮主持"),
            fixes.correct(sample_db, article.id, "志亮主持会议", "志亮先生主持会议"),
            fixes.correct(sample_db, article.id, "推进会强调", "推进会特别强调"),
            fixes.correct(sample_db, ids[1], "省总工会", "省总工会（工会）", occurrence=1)]
    fixes.apply_change(sample_db, made[2].inverse())
    fixes.apply_change(sample_db, made[2])
    fixes.revert(sample_db, made[3].added[0].id)
    sample_db.execute("INSERT INTO search_fts (search_fts) VALUES ('integrity-check')")
    for original in (False, True):
        texts = article_texts(sample_db, ids, original=original)
        for term in ("吕志亮", "吕志良", "先生主持", "特别强调", "推进会强调", "工会）", "主持", "亮", "良"):
            expected = {i for i, t in texts.items() if term in t}
            assert {h.id for h in search(sample_db, term, limit=100, original=original)} == expected, term


def test_lists_show_corrected_headlines(sample_db):
    from reader.store.reading import issue_pages, page_articles

    article = lead(sample_db)
    fixes.correct(sample_db, article.id, "推进会强调", "推进会特别强调")
    (listed,) = [a for a in list_articles(sample_db) if a["id"] == article.id]
    assert listed["headline"].startswith("全省工会数字化改革推进会特别强调")
    page = issue_pages(sample_db, article.issue_id)[0]
    (on_page,) = [a for a in page_articles(sample_db, page.id) if a["id"] == article.id]
    assert on_page["headline"] == listed["headline"] == get_article(sample_db, article.id).headline
