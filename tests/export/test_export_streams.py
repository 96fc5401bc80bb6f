"""Annotations and corrections exported a piece at a time: the same bytes as the whole
document, a total that counts the items that follow, whatever is written meanwhile."""
from __future__ import annotations

import json
import subprocess
import sys

from reader.export.annotation_formats import export_w3c, markdown_text, w3c_text
from reader.export.correction_formats import corrections_text, export_corrections
from reader.store import annotations as notes
from reader.store import corrections as fixes
from reader.store import open_library
from reader.store.reading import get_article, list_articles
from reader.store.snapshot import read_snapshot


def annotate(db, count):
    made = []
    for summary in list_articles(db):
        article = get_article(db, summary["id"])
        for index, paragraph in enumerate(article.paragraphs[:3]):
            if len(made) == count:
                return made
            made.append(notes.create_annotation(db, article.id, paragraph[:5], occurrence=1,
                                                note=f"第{index}条\n两行" if index % 2 else None,
                                                tags=["标签"] if index == 1 else []))
    return made


def test_w3c_pieces_are_the_document_byte_for_byte(sample_db, monkeypatch):
    monkeypatch.setattr(notes, "ITER_CHUNK", 2)
    expected = lambda: json.dumps(export_w3c(sample_db), ensure_ascii=False, indent=2) + "\n"  # noqa: E731
    assert "".join(w3c_text(sample_db)) == expected()  # none
    annotate(sample_db, 1)
    assert "".join(w3c_text(sample_db)) == expected()
    annotate(sample_db, 5)
    pieces = list(w3c_text(sample_db))
    assert len(pieces) > 3 and "".join(pieces) == expected()
    assert json.loads("".join(pieces))["total"] == len(notes.list_annotations(sample_db)) == 6


def test_markdown_pieces_end_as_the_whole_text_does(sample_db):
    article = get_article(sample_db, list_articles(sample_db)[0]["id"])
    notes.create_annotation(sample_db, article.id, article.paragraphs[0][:4], occurrence=1, note="末尾有空白  \n\n")
    text = "".join(markdown_text(sample_db))
    assert text.startswith("# Annotations\n\n## ") and text.endswith("末尾有空白\n")
    assert "\n\n\n" not in text


def test_the_total_counts_the_items_written_after_it(sample_db, library_path):
    annotate(sample_db, 3)
    other = open_library(library_path)
    with read_snapshot(sample_db):
        pieces = w3c_text(sample_db)
        head = next(pieces)
        annotate(other, 5)  # five more, committed while the export is half-way
        document = json.loads(head + "".join(pieces))
    other.close()
    assert document["total"] == len(document["first"]["items"]) == 3
    assert len(notes.list_annotations(sample_db)) == 8


def test_cli_file_and_standard_output_agree(sample_db, library_path, tmp_path):
    annotate(sample_db, 4)
    sample_db.close()
    for fmt in ("w3c", "markdown"):
        command = [sys.executable, "-m", "reader.cli", "--db", str(library_path), "annotations", "export",
                   "--format", fmt]
        shown = subprocess.run(command, capture_output=True, check=True).stdout
        dash = subprocess.run(command + ["-o", "-"], capture_output=True, check=True).stdout
        subprocess.run(command + ["-o", str(tmp_path / fmt)], capture_output=True, check=True)
        assert shown == dash == (tmp_path / fmt).read_bytes()
    assert json.loads((tmp_path / "w3c").read_text("utf-8"))["total"] == 4


def test_correction_pieces_are_the_document_byte_for_byte(sample_db):
    expected = lambda: json.dumps(export_corrections(sample_db), ensure_ascii=False, indent=2) + "\n"  # noqa: E731
    assert "".join(corrections_text(sample_db)) == expected()
    for summary in list_articles(sample_db)[:3]:
        article = get_article(sample_db, summary["id"])
        for paragraph in article.paragraphs[:2]:
            fixes.correct(sample_db, article.id, paragraph[:3], "校" + paragraph[1:3], occurrence=1)
    pieces = list(corrections_text(sample_db))
    assert len(pieces) > 3 and "".join(pieces) == expected()
    document = json.loads("".join(pieces))
    assert document["total"] == len(document["first"]["items"]) == len(fixes.list_corrections(sample_db)) >= 3
    # Each correction is placed in its article's original text (offsets read per article).
    assert all(len(item["target"]["selector"]) == 2 for item in document["first"]["items"])


def test_cli_correction_lists_stream_the_same_json(sample_db, library_path, tmp_path):
    article = get_article(sample_db, list_articles(sample_db)[0]["id"])
    fixes.correct(sample_db, article.id, article.paragraphs[0][:3], "改正", occurrence=1)
    fixes.correct(sample_db, article.id, article.paragraphs[1][:3], "再改", occurrence=1)
    expected = json.loads(json.dumps(export_corrections(sample_db)))["first"]["items"]
    sample_db.close()
    base = [sys.executable, "-m", "reader.cli", "--db", str(library_path), "corrections"]
    listed = subprocess.run(base + ["list", "--json"], capture_output=True, check=True, text=True).stdout
    assert json.loads(listed) == expected
    assert listed == json.dumps(expected, ensure_ascii=False, indent=2) + "\n"
    exported = subprocess.run(base + ["export"], capture_output=True, check=True, text=True).stdout
    assert json.loads(exported)["first"]["items"] == expected
    plain = subprocess.run(base + ["list"], capture_output=True, check=True, text=True).stdout
    assert plain.count("\n") == 2 and "'改正'" in plain
