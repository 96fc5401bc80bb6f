"""What a page's scan can be found by: the source file it came from, the image the OCR
named, the page's number and its place among the source's pages. Finding and decoding the
scan itself is `reader.scans`' job (it looks at files; this only reads the library)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database


@dataclass(frozen=True)
class ScanSource:
    source: Path             # the OCR file (absolute path when imported)
    image_name: str | None   # the scan as the OCR named it, relative to the source's folder
    number: int | None       # the printed page number
    position: int            # 0-based place of the page among its source's pages
    source_pages: int        # how many pages the source brought (a METS issue: several)


def scan_source(db: Database, page_id: int) -> ScanSource | None:
    row = db.execute(
        """SELECT sources.path, pages.image, pages.number, pages.source_id FROM pages
           JOIN sources ON sources.id = pages.source_id WHERE pages.id = ?""", [page_id]).fetchone()
    if row is None:
        return None
    path, image_name, number, source_id = row
    siblings = [r[0] for r in db.execute(
        "SELECT id FROM pages WHERE source_id = ? ORDER BY number IS NULL, number, id", [source_id])]
    position = siblings.index(page_id) if page_id in siblings else 0
    return ScanSource(Path(path), image_name, number, position, len(siblings))


def article_page_ids(db: Database, article_id: str) -> list[int]:
    """The pages an article stands on, in page order."""
    return [r[0] for r in db.execute(
        """SELECT DISTINCT pages.id, pages.number FROM article_parts
           JOIN pages ON pages.id = article_parts.page_id
           WHERE article_parts.article_id = ?
           ORDER BY pages.number IS NULL, pages.number, pages.id""", [article_id])]
