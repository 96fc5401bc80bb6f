"""PDF export with clippings: each article's zones cut from the page scan before its text,
the text layer still the article's text; no scan, no clipping."""
from __future__ import annotations

import subprocess
import sys

import pytest
from helpers.standin import synthetic_layout_library
from pypdf import PdfReader
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from reader.export.clippings import article_clippings, clip
from reader.export.pdf import export_articles_pdf
from reader.scans import ScanRef
from reader.store.reading import get_article


def squash(text: str) -> str:
    return "".join(text.split())


def page_images(page) -> list:
    return list(page.images)


def drawn_image_bounds(path, page_index: int) -> tuple[float, float, float, float]:
    """Where the page's one image is drawn, in points from the bottom left (pdfium)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    document = pdfium.PdfDocument(str(path))
    try:
        (image,) = list(document[page_index].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]))
        return (image.get_bounds if hasattr(image, "get_bounds") else image.get_pos)()  # (5.x; 4.x: get_pos)
    finally:
        document.close()


def test_the_pdf_shows_the_clipping_before_the_articles_text(db, tmp_path):
    layout = synthetic_layout_library(db, tmp_path / "paper")
    article_ids = [a for a, _h, _z in layout["articles"]]
    output = tmp_path / "out.pdf"
    assert export_articles_pdf(db, article_ids, output, with_clippings=True) == 3
    reader = PdfReader(str(output))
    starts = [reader.get_destination_page_number(entry) for entry in reader.outline]
    assert len(starts) == 3
    ends = starts[1:] + [len(reader.pages)]
    for article_id, start, end in zip(article_ids, starts, ends):
        images = page_images(reader.pages[start])
        assert len(images) == 1, f"no clipping on the first page of {article_id}"
        # Drawn inside the page's text area (20 mm margins), most of its height: sized for
        # the page, not for a screen's pixels.
        left, bottom, right, top = drawn_image_bounds(output, start)
        width_pt, height_pt = (float(x) for x in reader.pages[start].mediabox[2:])
        margin = 20 / 25.4 * 72
        assert margin - 1 <= left < right <= width_pt - margin + 1
        assert margin - 1 <= bottom < top <= height_pt - margin + 1
        assert top - bottom > 0.5 * (height_pt - 2 * margin)
        picture = images[0].image
        # The clipping is the zone's shape: a column (0.28 x 0.85 of a 1 x 1.4 page).
        assert picture.height / picture.width == pytest.approx(0.85 * 1.4 / 0.28, rel=0.03)
        article = get_article(db, article_id)
        text = squash("".join(reader.pages[i].extract_text() for i in range(start, end)))
        # The text layer is the article's text, after the clipping, nothing lost.
        assert squash(article.headline) in text
        for paragraph in article.paragraphs:
            assert squash(paragraph)[:30] in text


def test_without_the_option_or_without_a_scan_there_is_no_image(db, tmp_path):
    layout = synthetic_layout_library(db, tmp_path / "paper", scan=None)
    article_ids = [a for a, _h, _z in layout["articles"]]
    with_option = tmp_path / "with.pdf"
    export_articles_pdf(db, article_ids, with_option, with_clippings=True)
    assert all(not page_images(page) for page in PdfReader(str(with_option)).pages)
    assert article_clippings(db, article_ids[0]) == []


def test_the_command_line_exports_clippings(db, tmp_path):
    layout = synthetic_layout_library(db, tmp_path / "paper")
    article_id = layout["articles"][1][0]
    db.close()
    library = tmp_path / "library.db"
    output = tmp_path / "cli.pdf"
    run = subprocess.run([sys.executable, "-m", "reader.cli", "--db", str(library), "export-pdf",
                          "--article", article_id, "--with-clippings", "-o", str(output)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert page_images(PdfReader(str(output)).pages[0])
    plain = tmp_path / "plain.pdf"
    run = subprocess.run([sys.executable, "-m", "reader.cli", "--db", str(library), "export-pdf",
                          "--article", article_id, "-o", str(plain)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert not page_images(PdfReader(str(plain)).pages[0])


def test_a_clipping_of_several_zones_paints_out_what_lies_between_them(tmp_path):
    scan = QImage(400, 400, QImage.Format.Format_RGB32)
    scan.fill(QColor(20, 20, 20))
    painter = QPainter(scan)
    painter.fillRect(QRectF(200, 0, 200, 200), QColor(200, 30, 30))  # a neighbour, top right
    painter.end()
    path = tmp_path / "scan.png"
    scan.save(str(path))
    # An L-shaped article: the left column and the bottom right; the top right is another's.
    image = clip(ScanRef(path), [(0.0, 0.0, 0.5, 1.0), (0.5, 0.5, 1.0, 1.0)], (400, 400))
    assert image.size().width() == 400 and image.size().height() == 400
    assert QColor(image.pixel(300, 100)).lightness() > 250        # painted out
    assert QColor(image.pixel(100, 100)).lightness() < 30         # the article's own
    assert QColor(image.pixel(300, 300)).lightness() < 30


def test_a_grey_scan_gives_a_grey_clipping_and_a_colour_one_keeps_its_colour(tmp_path):
    grey, colour = QImage(200, 200, QImage.Format.Format_RGB32), QImage(200, 200, QImage.Format.Format_RGB32)
    grey.fill(QColor(90, 90, 90))
    colour.fill(QColor(200, 40, 40))
    grey.save(str(tmp_path / "grey.png"))
    colour.save(str(tmp_path / "colour.png"))
    boxes = [(0.0, 0.0, 0.5, 1.0), (0.5, 0.5, 1.0, 1.0)]
    assert clip(ScanRef(tmp_path / "grey.png"), boxes, (100, 100)).format() == QImage.Format.Format_Grayscale8
    kept = clip(ScanRef(tmp_path / "colour.png"), boxes, (100, 100))
    assert QColor(kept.pixel(10, 10)).red() > 150 and QColor(kept.pixel(10, 10)).green() < 80
