"""Where things sit on a printed page: the page's scan and size, its blocks and words, and
the zones of each article — as stored from layout-aware OCR (ALTO/METS, hOCR, PaddleOCR).

Boxes are (x0, y0, x1, y1) in fractions of the page's width and height, origin top-left.
Blocks, words and zones are written by the importer (`write_page_geometry`) in the page's
transaction and read here by the page view and the PDF clippings.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from ..parsing.model import Page

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class GeoBlock:
    kind: str
    box: Box
    text: str
    article_id: str | None


@dataclass(frozen=True)
class GeoWord:
    text: str
    box: Box
    article_id: str | None


@dataclass
class PageGeometry:
    image: Path | None  # the scan, absolute, inside the source's folder; None when there is none
    size: tuple[float, float] | None  # the page's width and height in the source's units
    blocks: list[GeoBlock] = field(default_factory=list)
    words: list[GeoWord] = field(default_factory=list)


def page_geometry(db: Database, page_id: int) -> PageGeometry | None:
    """The geometry of one page, or None when the page does not exist or its source had
    none (a Markdown page has neither a scan nor boxes)."""
    row = db.execute(
        """SELECT pages.image, pages.width, pages.height, sources.path FROM pages
           JOIN sources ON sources.id = pages.source_id WHERE pages.id = ?""", [page_id]).fetchone()
    if row is None:
        return None
    image_name, width, height, source_path = row
    blocks = [GeoBlock(kind, (x0, y0, x1, y1), text, article_id) for kind, x0, y0, x1, y1, text, article_id in
              db.execute("""SELECT b.kind, b.x0, b.y0, b.x1, b.y1, b.text, parts.article_id
                            FROM page_blocks b LEFT JOIN article_parts parts ON parts.id = b.part_id
                            WHERE b.page_id = ? ORDER BY b.seq""", [page_id])]
    words = [GeoWord(text, (x0, y0, x1, y1), article_id) for text, x0, y0, x1, y1, article_id in
             db.execute("""SELECT w.text, w.x0, w.y0, w.x1, w.y1, parts.article_id
                           FROM page_words w LEFT JOIN article_parts parts ON parts.id = w.part_id
                           WHERE w.page_id = ? ORDER BY w.seq""", [page_id])]
    image = resolve_image(source_path, image_name)
    size = (width, height) if width and height else None
    if image is None and size is None and not blocks:
        return None
    return PageGeometry(image, size, blocks, words)


def article_zones(db: Database, article_id: str) -> list[tuple[int, Box]]:
    """Where an article sits: (page id, box) per zone, in page then reading order."""
    return [(page_id, (x0, y0, x1, y1)) for page_id, x0, y0, x1, y1 in db.execute(
        """SELECT z.page_id, z.x0, z.y0, z.x1, z.y1 FROM article_zones z
           JOIN article_parts parts ON parts.id = z.part_id
           JOIN pages ON pages.id = z.page_id
           WHERE parts.article_id = ?
           ORDER BY pages.number IS NULL, pages.number, parts.position, z.seq""", [article_id])]


def resolve_image(source_path: str | None, image_name: str | None) -> Path | None:
    """The scan named IMAGE_NAME (relative to the source's folder) as an absolute path, if
    it exists and stays inside that folder: a source must never point us elsewhere."""
    if not source_path or not image_name:
        return None
    folder = Path(source_path).parent.resolve()
    candidate = (folder / image_name).resolve()
    if not candidate.is_relative_to(folder) or not candidate.is_file():
        return None
    return candidate


# --- writing (inside the importer's transaction) --------------------------------------------

def write_page_geometry(db: Database, page_id: int, page: Page, part_ids: Sequence[int | None]) -> None:
    """Store a parsed page's scan, size, blocks and words. PART_IDS maps the parse's article
    index (Block.article, counted across the parse's pages) to the stored part."""
    width, height = page.size if page.size else (None, None)
    db.conn.execute("UPDATE pages SET image = ?, width = ?, height = ? WHERE id = ?",
                    [page.image, width, height, page_id])

    def part(index: int | None) -> int | None:
        return part_ids[index] if index is not None and 0 <= index < len(part_ids) else None

    db.conn.executemany(
        "INSERT INTO page_blocks (page_id, seq, kind, x0, y0, x1, y1, text, part_id) VALUES (?,?,?,?,?,?,?,?,?)",
        [(page_id, seq, b.kind, *b.box, b.text, part(b.article)) for seq, b in enumerate(page.blocks)])
    db.conn.executemany(
        "INSERT INTO page_words (page_id, seq, text, x0, y0, x1, y1, part_id) VALUES (?,?,?,?,?,?,?,?)",
        [(page_id, seq, w.text, *w.box, part(w.article)) for seq, w in enumerate(page.words)])


def write_article_zones(db: Database, part_id: int, zones: Sequence[tuple[int, Box]]) -> None:
    """Store an article part's zones: (page id, box) each, in reading order."""
    db.conn.executemany(
        "INSERT INTO article_zones (part_id, seq, page_id, x0, y0, x1, y1) VALUES (?,?,?,?,?,?,?)",
        [(part_id, seq, page_id, *box) for seq, (page_id, box) in enumerate(zones)])
