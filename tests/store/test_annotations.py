"""Bookmarks and annotations: create, edit, delete; re-anchoring; orphans; exchange formats."""
from __future__ import annotations

import json
import shutil

import pytest
from helpers.paths import QINGXI, SAMPLE

from reader.export.annotation_formats import export_markdown, export_w3c, import_w3c
from reader.store import annotations as notes
from reader.store import open_library
from reader.store.importer import import_file, import_paths
from reader.store.reading import get_article, list_articles


def first_article(db):
    return get_article(db, list_articles(db)[0]["id"])


def test_create_edit_delete_restore(sample_db):
    article = first_article(sample_db)
    note = notes.create_annotation(sample_db, article.id, "数字化改革推进会昨日下午", note="时间", tags=["会议", "会议"])
    assert article.text()[note.start:note.end] == note.exact == "数字化改革推进会昨日下午"
    assert note.tags == ["会议"]
    notes.update_annotation(sample_db, note.id, note="开会时间", tags=["会议", "数字化"], color="green")
    (stored,) = notes.list_annotations(sample_db, article_id=article.id)
    assert (stored.note, stored.tags, stored.color) == ("开会时间", ["会议", "数字化"], "green")
    deleted = notes.delete_annotation(sample_db, note.id)
    assert notes.list_annotations(sample_db) == []
    notes.restore_annotation(sample_db, deleted)
    assert [a.id for a in notes.list_annotations(sample_db)] == [note.id]


def test_quote_errors(sample_db):
    article = first_article(sample_db)
    with pytest.raises(notes.AnnotationError, match="not found"):
        notes.create_annotation(sample_db, article.id, "这句话不在文章里")
    with pytest.raises(notes.AnnotationError, match="occurs .* times"):
        notes.create_annotation(sample_db, article.id, "工会")
    second = notes.create_annotation(sample_db, article.id, "工会", occurrence=2)
    spans = notes.locate_quote(article.text(), "工会")
    assert (second.start, second.end) == spans[1]
    with pytest.raises(notes.AnnotationError, match="out of range"):
        notes.create_annotation(sample_db, article.id, "工会", occurrence=999)
    with pytest.raises(notes.AnnotationError, match="no article"):
        notes.create_annotation(sample_db, "nope", "工会")


def test_filter_by_tag_and_text(sample_db):
    article = first_article(sample_db)
    notes.create_annotation(sample_db, article.id, "史济锡出席会议并讲话", tags=["人物"])
    notes.create_annotation(sample_db, article.id, "吕志良主持会议", note="主持人")
    assert len(notes.list_annotations(sample_db, tag="人物")) == 1
    assert [a.note for a in notes.list_annotations(sample_db, text="主持人")] == ["主持人"]


def test_filtered_annotations_are_read_a_page_at_a_time(sample_db):
    """A page of a filtered list is a page of what the filter keeps (the window's panel reads
    the whole library's annotations a page at a time, filtered or not)."""
    article = first_article(sample_db)
    text = article.text()
    quotes = [text[start:start + 6] for start in range(0, 240, 12)]
    quotes = [q for q in quotes if len(notes.locate_quote(text, q)) == 1 and q.strip()][:12]
    made = [notes.create_annotation(sample_db, article.id, quote, tags=["甲"] if n % 3 == 0 else ["乙"],
                                    note="ＡＢ Note" if n % 2 else None)
            for n, quote in enumerate(quotes)]
    in_order = [a.id for a in notes.list_annotations(sample_db)]
    tagged = [i for i in in_order if "甲" in next(a for a in made if a.id == i).tags]
    noted = [i for i in in_order if next(a for a in made if a.id == i).note]
    assert len(tagged) >= 3 and len(noted) >= 3
    pages = [a.id for offset in range(0, len(tagged), 2)
             for a in notes.list_annotations(sample_db, tag="甲", limit=2, offset=offset)]
    assert pages == tagged
    pages = [a.id for offset in range(0, len(noted), 2)
             for a in notes.list_annotations(sample_db, text="ab note", limit=2, offset=offset)]
    assert pages == noted  # full-width and case folded, as a search matches


def test_reimport_reanchors_by_quote_and_keeps_orphans(db, tmp_path):
    page = tmp_path / "page.md"
    shutil.copy(SAMPLE, page)
    import_file(db, page)
    article = first_article(db)
    moving = notes.create_annotation(db, article.id, "史济锡出席会议并讲话", note="stays")
    doomed = notes.create_annotation(db, article.id, "边学、边悟、边谋、边干", note="its sentence goes")
    # A better parse: a new sentence before the quote, and the other quote's sentence removed.
    text = page.read_text(encoding="utf-8")
    text = text.replace("省人大常委会副主任", "会前,与会人员观看了专题片。省人大常委会副主任")
    text = text.replace("边学、边悟、边谋、边干,", "")
    page.write_text(text, encoding="utf-8")
    assert import_file(db, page).status == "replaced"
    new_text = get_article(db, article.id).text()
    kept = notes.get_annotation(db, moving.id)
    assert not kept.orphaned and kept.start > moving.start
    assert new_text[kept.start:kept.end] == "史济锡出席会议并讲话"
    orphan = notes.get_annotation(db, doomed.id)
    assert orphan.orphaned and orphan.exact == "边学、边悟、边谋、边干" and orphan.note == "its sentence goes"
    # The old text comes back: the orphan is anchored again.
    shutil.copy(SAMPLE, page)
    import_file(db, page)
    assert not notes.get_annotation(db, doomed.id).orphaned


def test_an_article_removed_by_reimport_keeps_its_annotations(db, tmp_path):
    page = tmp_path / "page.md"
    shutil.copy(SAMPLE, page)
    import_file(db, page)
    photo = next(a for a in list_articles(db) if a["headline"] == "应急处置练兵")
    note = notes.create_annotation(db, photo["id"], "消防队员", occurrence=1)
    notes.add_bookmark(db, photo["id"])
    page.write_text(page.read_text(encoding="utf-8").replace("## 应急处置练兵", "## 应急处置演练"), encoding="utf-8")
    import_file(db, page)
    assert notes.get_annotation(db, note.id).orphaned
    assert [b["id"] for b in notes.list_bookmarks(db)] == [photo["id"]]
    assert notes.list_bookmarks(db)[0]["headline"] is None


def test_annotations_follow_a_story_merged_by_a_jump(db):
    import_file(db, QINGXI / "qingxi-2023-03-08-p2.md")
    half = next(a for a in list_articles(db) if a["headline"] == "新区产业园首季签约36个项目")
    note = notes.create_annotation(db, half["id"], "人才公寓800套")
    notes.add_bookmark(db, half["id"])
    import_file(db, QINGXI / "qingxi-2023-03-08-p1.md")
    moved = notes.get_annotation(db, note.id)
    story = get_article(db, half["id"])
    assert moved.article_id == story.id != half["id"]
    assert story.text()[moved.start:moved.end] == "人才公寓800套" and not moved.orphaned
    assert [b["id"] for b in notes.list_bookmarks(db)] == [story.id]


def test_w3c_round_trip_into_a_fresh_library(sample_db, tmp_path):
    article = first_article(sample_db)
    notes.create_annotation(sample_db, article.id, "全省工会数字化改革推进会昨日下午", note="开会", tags=["会议"],
                            color="blue")
    notes.create_annotation(sample_db, article.id, "工会", occurrence=3)
    document = export_w3c(sample_db)
    assert document["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert document["type"] == "AnnotationCollection" and document["total"] == 2
    item = document["first"]["items"][0]
    kinds = {s["type"] for s in item["target"]["selector"]}
    assert kinds == {"TextQuoteSelector", "TextPositionSelector"}
    text = json.dumps(document, ensure_ascii=False)

    other = open_library(tmp_path / "other.db")
    import_paths(other, [SAMPLE])
    report = import_w3c(other, text)
    assert (report.added, report.already_present, report.missing_article) == (2, 0, [])
    again = import_w3c(other, text)
    assert (again.added, again.already_present) == (0, 2)

    def comparable(db):
        return sorted((a.id, a.article_id, a.exact, a.prefix, a.suffix, a.start, a.end, a.color, a.note,
                       tuple(a.tags)) for a in notes.list_annotations(db))

    assert comparable(other) == comparable(sample_db)
    other.close()


def test_w3c_import_reports_absent_articles(db, sample_db, tmp_path):
    article = first_article(sample_db)
    notes.create_annotation(sample_db, article.id, "史济锡出席会议并讲话")
    text = json.dumps(export_w3c(sample_db))
    empty = open_library(tmp_path / "empty.db")
    report = import_w3c(empty, text)
    assert len(report.missing_article) == 1 and report.added == 1
    (kept,) = notes.list_annotations(empty)
    assert kept.orphaned
    import_paths(empty, [SAMPLE])  # the article arrives: the orphan is anchored
    assert not notes.list_annotations(empty)[0].orphaned
    empty.close()


@pytest.mark.parametrize("bad", ["not json", "[1, 2]", '{"type": "Something"}',
                                 '{"type": "Annotation", "id": "x", "target": "urn:other"}'])
def test_w3c_import_rejects_bad_documents(sample_db, bad):
    from reader.export.annotation_formats import AnnotationFormatError

    with pytest.raises(AnnotationFormatError):
        import_w3c(sample_db, bad)
    assert notes.list_annotations(sample_db) == []


def test_markdown_export_groups_by_article(sample_db):
    article = first_article(sample_db)
    notes.create_annotation(sample_db, article.id, "史济锡出席会议并讲话", note="讲话", tags=["人物"])
    markdown = export_markdown(sample_db)
    assert f"## {article.headline}" in markdown
    assert "阮向民. 全省工会数字化改革推进会强调" in markdown
    assert "> 史济锡出席会议并讲话" in markdown and "讲话" in markdown and "#人物" in markdown


def test_bookmarks(sample_db):
    ids = [a["id"] for a in list_articles(sample_db)]
    notes.add_bookmark(sample_db, ids[0], "first")
    notes.add_bookmark(sample_db, ids[1])
    assert [b["id"] for b in notes.list_bookmarks(sample_db)][0] == ids[1]
    notes.add_bookmark(sample_db, ids[0])  # again: no duplicate, note kept
    assert len(notes.list_bookmarks(sample_db)) == 2
    assert next(b for b in notes.list_bookmarks(sample_db) if b["id"] == ids[0])["note"] == "first"
    assert notes.remove_bookmark(sample_db, ids[0]) and not notes.remove_bookmark(sample_db, ids[0])
    with pytest.raises(notes.AnnotationError):
        notes.add_bookmark(sample_db, "nope")


def test_thousands_of_annotations_on_one_article_normalise_its_text_once(sample_db, monkeypatch):
    """Importing 4,000 annotations of one article read and normalised the article's whole
    text again for every one (and re-anchored all the earlier ones): quadratic."""
    from reader.export.annotation_formats import ARTICLE_IRI
    from reader.store import normalize

    article = get_article(sample_db, list_articles(sample_db)[0]["id"])
    text = article.text()
    items = []
    for n in range(4000):
        start = (n * 7) % (len(text) - 6)
        items.append({"id": f"urn:uuid:00000000-0000-0000-0000-{n:012d}", "type": "Annotation",
                      "target": {"source": ARTICLE_IRI + article.id, "selector": [
                          {"type": "TextQuoteSelector", "exact": text[start:start + 6]},
                          {"type": "TextPositionSelector", "start": start + 1, "end": start + 7}]}})
    calls = []
    real = normalize.normalize_with_map
    monkeypatch.setattr(notes, "normalize_with_map", lambda t: calls.append(len(t)) or real(t))
    monkeypatch.setattr(normalize, "normalize_with_map", lambda t: calls.append(len(t)) or real(t))
    report = import_w3c(sample_db, json.dumps({"type": "AnnotationCollection", "items": items}))
    assert report.added == 4000 and not report.orphaned
    assert len(calls) <= 1
    placed = notes.list_annotations(sample_db, article_id=article.id)
    assert len(placed) == 4000
    assert all(text[a.start:a.end] == a.exact for a in placed)


def test_a_deeply_nested_json_file_is_one_line(sample_db, tmp_path):
    import subprocess
    import sys

    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    library = tmp_path / "lib.db"
    run = subprocess.run([sys.executable, "-m", "reader.cli", "--db", str(library), "annotations",
                          "import", str(deep)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert len(run.stderr.strip().splitlines()) == 1 and "nested too deeply" in run.stderr
    assert "RecursionError" not in run.stderr and "internal error" not in run.stderr
