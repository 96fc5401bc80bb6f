"""Page geometry as stored: scan, size, blocks, words and article zones, read back in page
fractions, with the scan resolved only inside the source's folder."""
from __future__ import annotations

from reader.parsing.model import Block, Page, Word
from reader.store.page_geometry import (
    article_zones,
    page_geometry,
    resolve_image,
    write_article_zones,
    write_page_geometry,
)
from reader.store.writer import write_transaction


def _first_page_and_part(db):
    page_id = db.execute("SELECT id FROM pages ORDER BY id LIMIT 1").fetchone()[0]
    part_id, article_id = db.execute(
        "SELECT id, article_id FROM article_parts WHERE page_id = ? ORDER BY position", [page_id]).fetchone()
    return page_id, part_id, article_id


def test_markdown_page_has_no_geometry(sample_db):
    page_id, _, _ = _first_page_and_part(sample_db)
    assert page_geometry(sample_db, page_id) is None
    assert page_geometry(sample_db, 10**9) is None


def test_geometry_round_trip(sample_db):
    db = sample_db
    page_id, part_id, article_id = _first_page_and_part(db)
    page = Page(number=1, size=(2000, 3000), image="missing-scan.jpg",
                blocks=[Block("heading", (0.1, 0.05, 0.9, 0.1), "Title", 0),
                        Block("text", (0.1, 0.1, 0.5, 0.9), "stray", None)],
                words=[Word("Title", (0.1, 0.05, 0.4, 0.1), 0), Word("stray", (0.1, 0.1, 0.2, 0.12), None)])
    with write_transaction(db):
        write_page_geometry(db, page_id, page, [part_id])
        write_article_zones(db, part_id, [(page_id, (0.1, 0.05, 0.9, 0.9))])
    geometry = page_geometry(db, page_id)
    assert geometry.size == (2000, 3000)
    assert geometry.image is None  # named, but not there beside the source
    assert [(b.kind, b.text, b.article_id) for b in geometry.blocks] == [
        ("heading", "Title", article_id), ("text", "stray", None)]
    assert geometry.blocks[0].box == (0.1, 0.05, 0.9, 0.1)
    assert [(w.text, w.article_id) for w in geometry.words] == [("Title", article_id), ("stray", None)]
    assert article_zones(db, article_id) == [(page_id, (0.1, 0.05, 0.9, 0.9))]


def test_image_resolved_only_inside_the_source_folder(tmp_path):
    folder = tmp_path / "issue"
    folder.mkdir()
    (folder / "p1.jpg").write_bytes(b"x")
    (tmp_path / "outside.jpg").write_bytes(b"x")
    source = str(folder / "p1.xml")
    assert resolve_image(source, "p1.jpg") == (folder / "p1.jpg").resolve()
    assert resolve_image(source, "../outside.jpg") is None
    assert resolve_image(source, str(tmp_path / "outside.jpg")) is None
    assert resolve_image(source, None) is None
