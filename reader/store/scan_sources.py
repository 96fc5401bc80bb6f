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
    path, image_name, number, _source_id = row
    # A METS issue stores each page with a source row of its own, all of the same file:
    # the pages that file brought are those of its path.
    siblings = [r[0] for r in db.execute(
        """SELECT pages.id FROM pages JOIN sources ON sources.id = pages.source_id
           WHERE sources.path = ? ORDER BY pages.number IS NULL, pages.number, pages.id""", [path])]
    position = siblings.index(page_id) if page_id in siblings else 0
    return ScanSource(Path(path), image_name, number, position, len(siblings))


def article_page_ids(db: Database, article_id: str) -> list[int]:
    """The pages an article stands on, in page order: those of its parts, and those its
    zones reach (a METS article is stored on its first page but runs on over others)."""
    return [r[0] for r in db.execute(
        """SELECT pages.id FROM pages
           WHERE pages.id IN (SELECT page_id FROM article_parts WHERE article_id = :id)
              OR pages.id IN (SELECT z.page_id FROM article_zones z
                              JOIN article_parts parts ON parts.id = z.part_id
                              WHERE parts.article_id = :id)
           ORDER BY pages.number IS NULL, pages.number, pages.id""", {"id": article_id})]


def page_zones(db: Database, page_id: int) -> list[tuple[str, str, tuple[float, float, float, float]]]:
    """(article id, headline, box) of every zone on a page — of the articles stored there
    and of those running on from another page — in the articles' order."""
    return [(article_id, headline, (x0, y0, x1, y1)) for article_id, headline, x0, y0, x1, y1 in db.execute(
        """SELECT parts.article_id, articles.headline, z.x0, z.y0, z.x1, z.y1 FROM article_zones z
           JOIN article_parts parts ON parts.id = z.part_id
           JOIN articles ON articles.id = parts.article_id
           WHERE z.page_id = ?
           ORDER BY articles.first_page IS NULL, articles.first_page, articles.position, parts.id, z.seq""",
        [page_id])]
