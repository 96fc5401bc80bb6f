"""Stand-in page scans for tests: no scans came with the OCR samples, so draw one from the
OCR's own geometry — each block's text at its box, in dark ink on paper — at a modest
resolution (tests must stay quick and never commit big images)."""
from __future__ import annotations

from pathlib import Path

Box = tuple[float, float, float, float]


def draw_standin_scan(blocks: list[tuple[str, Box]], aspect: float, path: Path, *, width: int = 1200,
                      quality: int = 85, words: list[tuple[str, Box]] | None = None) -> Path:
    """Write an image of WIDTH × WIDTH*ASPECT pixels with each (text, box) drawn in its box —
    or, given WORDS, each word in its own box (so that word boxes fall on their words), the
    blocks only framed; the format follows PATH's suffix (.png, .jpg, .jp2)."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen

    height = max(1, round(width * aspect))
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(236, 230, 214))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    for text, (x0, y0, x1, y1) in blocks:
        rect = QRectF(x0 * width, y0 * height, (x1 - x0) * width, (y1 - y0) * height)
        painter.setPen(QPen(QColor(200, 192, 172), 1))
        painter.drawRect(rect)
        if words:
            continue
        font = QFont("DejaVu Serif")
        # Type that roughly fills the box: a character takes about 0.55 x 1.3 of the size.
        size = (rect.width() * rect.height() / max(1, len(text)) / 0.72) ** 0.5
        font.setPixelSize(max(3, int(min(size, rect.height() * 0.8))))
        painter.setFont(font)
        painter.setPen(QColor(35, 32, 28))
        painter.drawText(rect, int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), text)
    for text, (x0, y0, x1, y1) in words or []:
        rect = QRectF(x0 * width, y0 * height, (x1 - x0) * width, (y1 - y0) * height)
        font = QFont("DejaVu Serif")
        font.setPixelSize(max(3, int(rect.height() * 0.85)))
        painter.setFont(font)
        painter.setPen(QColor(35, 32, 28))
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text)
    painter.end()
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() in (".jp2", ".j2k"):  # Qt writes no JPEG 2000: Pillow (OpenJPEG) does
        from PIL import Image

        buffer = image.convertToFormat(QImage.Format.Format_RGB888)
        Image.frombytes("RGB", (width, height), bytes(buffer.constBits()), "raw", "RGB",
                        buffer.bytesPerLine()).save(path, quality_mode="rates", quality_layers=[20])
        return path
    assert image.save(str(path), None, quality), path
    return path


LOREM = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor "
         "incididunt ut labore et dolore magna aliqua. ")


def synthetic_layout_library(db, folder: Path, *, scan: str | None = ".jpg") -> dict:
    """A library page with geometry: the qingxi front page imported from FOLDER, its three
    articles given zones side by side in three columns (a heading block and a text block
    each, and word boxes for 'dolor' in each column), and — unless SCAN is None — a
    stand-in scan of the same stem beside the source (found by the page view, as a scan
    put there by a user would be). Returns the ids and boxes the tests check against."""
    import shutil

    from helpers.paths import QINGXI
    from reader.parsing.model import Block, Page, Word
    from reader.store.importer import import_paths
    from reader.store.page_geometry import write_article_zones, write_page_geometry
    from reader.store.writer import write_transaction

    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "qingxi-2023-03-08-p1.md"
    shutil.copy(QINGXI / source.name, source)
    report = import_paths(db, [source])
    assert not report.failed
    page_id = db.execute("SELECT id FROM pages").fetchone()[0]
    parts = db.execute("SELECT id, article_id, headline FROM article_parts WHERE page_id = ? ORDER BY position",
                       [page_id]).fetchall()
    blocks, words, zones = [], [], {}
    for index, (part_id, article_id, headline) in enumerate(parts):
        x0, x1 = 0.04 + index * 0.32, 0.32 + index * 0.32
        zone = (x0, 0.05, x1, 0.9)
        blocks.append(Block("heading", (x0, 0.05, x1, 0.17), " ".join(headline.split()), index))
        blocks.append(Block("text", (x0, 0.19, x1, 0.9), LOREM * 6, index))
        words.append(Word("dolor", (x0 + 0.06, 0.2, x0 + 0.11, 0.215), index))
        words.append(Word("amet,", (x0 + 0.12, 0.2, x0 + 0.17, 0.215), index))
        zones[part_id] = (article_id, headline, zone)
    page = Page(number=1, size=(2000, 2800), blocks=blocks, words=words)
    with write_transaction(db):
        write_page_geometry(db, page_id, page, [p[0] for p in parts])
        for part_id, (_article, _headline, zone) in zones.items():
            write_article_zones(db, part_id, [(page_id, zone)])
    if scan:
        draw_standin_scan([(b.text, b.box) for b in blocks], 1.4, folder / f"qingxi-2023-03-08-p1{scan}")
    return {"page_id": page_id, "articles": [(a, " ".join(h.split()), z) for a, h, z in zones.values()],
            "words": words, "blocks": blocks}


def standin_mets_issue(folder: Path, *, width: int = 1000, suffix: str = ".jp2") -> Path:
    """A copy of the 1821 METS issue (ALTO + METS) in FOLDER with a stand-in scan of each
    page where its METS physical map says the page images are (OCRmaster/<page>.jp2), drawn from
    that page's own geometry (each block's text at its box). Returns the METS file."""
    import shutil

    from helpers.paths import FIXTURES
    from reader.parsing.dispatch import parse_file

    fixture = FIXTURES / "layout" / "alto-journal-des-debats-1821-08-01"
    assert fixture.is_dir(), f"missing shared fixture {fixture}"  # fail, never skip
    target = folder / fixture.name
    shutil.copytree(fixture, target)
    for path in [target, *target.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    mets = target / "18210801_1-METS.xml"
    parsed = parse_file(mets)
    stems = sorted(p.stem for p in (target / "ALTO").glob("*.xml"))
    assert len(stems) == len(parsed.pages)
    for stem, page in zip(stems, parsed.pages):
        aspect = page.size[1] / page.size[0]
        draw_standin_scan([(b.text, b.box) for b in page.blocks], aspect, target / "OCRmaster" / f"{stem}{suffix}",
                          width=width, words=[(w.text, w.box) for w in page.words])
    return mets
