"""An article's photo wider than the page is drawn inside the text area of the PDF
(Qt sizes a printer's images in 96-dpi pixels; the cap was in 288-dpi device pixels)."""
from __future__ import annotations

import shutil

import pytest
from helpers.paths import QINGXI
from pypdf import PdfReader

from reader.export.pdf import ensure_gui_application, export_articles_pdf
from reader.store.importer import import_paths
from reader.store.reading import get_article, list_articles


def drawn_image_bounds(path, page_index: int):
    """Where the page's one image is drawn, in points (pdfium), as test_clippings measures."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    document = pdfium.PdfDocument(str(path))
    try:
        (image,) = list(document[page_index].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]))
        return (image.get_bounds if hasattr(image, "get_bounds") else image.get_pos)()
    finally:
        document.close()


@pytest.mark.parametrize("pixels", [300, 3000])
def test_a_photo_fits_the_page(db, tmp_path, pixels):
    from PySide6.QtGui import QColor, QImage

    ensure_gui_application()
    (tmp_path / "p" / "images").mkdir(parents=True)
    shutil.copy(QINGXI / "qingxi-2023-03-08-p1.md", tmp_path / "p")
    image = QImage(pixels, 400, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    assert image.save(str(tmp_path / "p" / "images" / "qx_p1_01.jpg"))
    assert not import_paths(db, [tmp_path / "p"]).failed
    (article,) = [a["id"] for a in list_articles(db) if any(c.get("image") for c in get_article(db, a["id"]).captions)]
    export_articles_pdf(db, [article], tmp_path / "out.pdf")
    reader = PdfReader(tmp_path / "out.pdf")
    (page,) = [n for n, p in enumerate(reader.pages) if p.images]
    left, _bottom, right, _top = drawn_image_bounds(tmp_path / "out.pdf", page)
    width = float(reader.pages[page].mediabox[2])
    margin = 20 / 25.4 * 72
    assert margin - 1 <= left < right <= width - margin + 1
    if pixels == 300:  # a small photo keeps its size on screen (96 dpi)
        assert right - left == pytest.approx(300 * 72 / 96, abs=1)
