"""What the page view shows of one page, read from the library in one go: its geometry,
its scan (found, not decoded), and the zones of the articles on it."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlite_utils import Database

from ..scans import ScanRef, scan_for_source
from ..store.page_geometry import PageGeometry, page_geometry
from ..store.reading import page_articles
from ..store.scan_sources import page_zones, scan_source

Box = tuple[float, float, float, float]


@dataclass
class ArticleZones:
    article_id: str
    headline: str
    boxes: list[Box]


@dataclass
class PageData:
    page_id: int
    number: int | None
    geometry: PageGeometry
    scan: ScanRef | None
    articles: list[ArticleZones] = field(default_factory=list)

    def aspect(self) -> float:
        """Height over width of the page (from the OCR's page size; A-series if unknown)."""
        if self.geometry.size and self.geometry.size[0] > 0:
            return self.geometry.size[1] / self.geometry.size[0]
        return 2 ** 0.5


def load_page_data(db: Database, page_id: int) -> PageData | None:
    """None when the page has no geometry at all (a page of plain text)."""
    geometry = page_geometry(db, page_id)
    source = scan_source(db, page_id)
    if geometry is None or source is None:
        return None
    scan = scan_for_source(source)  # the page and its source are read once, not again
    zones: dict[str, ArticleZones] = {}
    for article_id, headline, box in page_zones(db, page_id):
        zones.setdefault(article_id, ArticleZones(article_id, " ".join(headline.split()), [])).boxes.append(box)
    for entry in page_articles(db, page_id):
        if entry["id"] not in zones:  # no zones stored: the article's own blocks show where it is
            boxes = [b.box for b in geometry.blocks if b.article_id == entry["id"]]
            if boxes:
                zones[entry["id"]] = ArticleZones(entry["id"], " ".join(entry["headline"].split()), boxes)
    articles = list(zones.values())
    return PageData(page_id, source.number, geometry, scan, articles)
