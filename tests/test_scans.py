"""Page scans: found beside the OCR (never outside its folder), decoded at the size asked,
whole or in part, from JPEG, PNG, TIFF, JPEG 2000 and PDF."""
from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QMarginsF, QRectF
from PySide6.QtGui import QColor, QPageLayout, QPageSize, QPainter, QPdfWriter

from reader.scans import ScanError, ScanRef, decode_scan, find_scan, scan_size


def quadrants(path: Path, size=(800, 1000), **save) -> Path:
    """An image in four colours: red top-left, green top-right, blue bottom-left, grey
    bottom-right — so a decoded part shows where it came from."""
    width, height = size
    image = Image.new("RGB", size, (128, 128, 128))
    image.paste((220, 20, 20), (0, 0, width // 2, height // 2))
    image.paste((20, 200, 20), (width // 2, 0, width, height // 2))
    image.paste((20, 20, 220), (0, height // 2, width // 2, height))
    image.save(path, **save)
    return path


def colour_at(image, fx: float, fy: float) -> tuple[int, int, int]:
    colour = QColor(image.pixel(int(fx * (image.width() - 1)), int(fy * (image.height() - 1))))
    return colour.red(), colour.green(), colour.blue()


def near(colour, expected, tolerance=40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected))


def test_the_scan_of_the_same_stem_beside_the_ocr(tmp_path):
    source = tmp_path / "page-0001.xml"
    source.write_text("<alto/>")
    assert find_scan(source) is None
    quadrants(tmp_path / "page-0001.tif")
    assert find_scan(source) == ScanRef((tmp_path / "page-0001.tif").resolve())
    paddle = tmp_path / "photo_res.json"
    paddle.write_text("{}")
    quadrants(tmp_path / "photo.png")
    assert find_scan(paddle).path.name == "photo.png"


def test_the_scan_the_ocr_names_even_by_another_machines_path_or_suffix(tmp_path):
    source = tmp_path / "issue-METS.xml"
    source.write_text("<mets/>")
    (tmp_path / "Viewing").mkdir()
    quadrants(tmp_path / "Viewing" / "p-0002.jpg")
    # METS names the JPEG 2000 master; the folder holds a JPEG of the same stem.
    assert find_scan(source, "file://./Viewing/p-0002.jp2", source_pages=4).path.name == "p-0002.jpg"
    quadrants(tmp_path / "T0000001.tif")
    assert find_scan(source, r"\\NAS\IN1\1821\T0000001.tif", source_pages=4).path.name == "T0000001.tif"


def test_nothing_outside_the_sources_folder(tmp_path):
    folder = tmp_path / "paper"
    folder.mkdir()
    source = folder / "p1.xml"
    source.write_text("<alto/>")
    quadrants(tmp_path / "secret.png")
    assert find_scan(source, "../secret.png") is None
    assert find_scan(source, "/etc/../" + str(tmp_path / "secret.png")) is None


def _pdf(path: Path, pages: int) -> Path:
    writer = QPdfWriter(str(path))
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(0, 0, 0, 0)))
    painter = QPainter(writer)
    for number in range(pages):
        if number:
            writer.newPage()
        rect = QRectF(0, 0, writer.width(), writer.height())
        painter.fillRect(rect, QColor(240, 240, 240))
        # Page n: its top-left quarter in a colour of its own.
        painter.fillRect(QRectF(0, 0, rect.width() / 2, rect.height() / 2),
                         [QColor(220, 20, 20), QColor(20, 200, 20), QColor(20, 20, 220)][number % 3])
    painter.end()
    return path


def test_a_pdf_of_the_issue_gives_the_page_by_its_number(tmp_path):
    source = tmp_path / "p2.hocr"
    source.write_text("<html/>")
    _pdf(tmp_path / "issue.pdf", 3)
    ref = find_scan(source, number=2)
    assert ref == ScanRef((tmp_path / "issue.pdf").resolve(), 1)
    image = decode_scan(ref, (300, 300))
    assert max(image.width(), image.height()) == 300
    assert near(colour_at(image, 0.2, 0.2), (20, 200, 20))
    assert near(colour_at(image, 0.8, 0.8), (240, 240, 240))
    # Its part: the top-left quarter only.
    part = decode_scan(ref, (100, 100), (0.0, 0.0, 0.5, 0.5))
    assert near(colour_at(part, 0.9, 0.9), (20, 200, 20))
    assert find_scan(source, number=7) is None  # no such page in it


@pytest.mark.parametrize("suffix,save", [(".jpg", {"quality": 95}), (".png", {}), (".tif", {}), (".jp2", {})])
def test_decoding_whole_and_in_part_at_the_size_asked(tmp_path, suffix, save):
    path = quadrants(tmp_path / f"scan{suffix}", **save)
    ref = ScanRef(path)
    assert scan_size(ref) == (800, 1000)
    whole = decode_scan(ref, (200, 200))
    assert (whole.width(), whole.height()) == (160, 200)
    assert near(colour_at(whole, 0.1, 0.1), (220, 20, 20))
    assert near(colour_at(whole, 0.9, 0.1), (20, 200, 20))
    assert near(colour_at(whole, 0.1, 0.9), (20, 20, 220))
    part = decode_scan(ref, (1000, 1000), (0.5, 0.0, 1.0, 0.5))
    assert (part.width(), part.height()) == (400, 500)  # never more than the scan's own pixels
    assert near(colour_at(part, 0.1, 0.1), (20, 200, 20)) and near(colour_at(part, 0.9, 0.9), (20, 200, 20))


def test_a_big_jpeg_is_decoded_small_past_qts_allocation_limit(tmp_path):
    # 12000 x 9000 RGB32 is 412 MB, over QImageReader's default 256 MB limit.
    path = tmp_path / "big.jpg"
    Image.new("L", (12000, 9000), 200).save(path, quality=50)
    image = decode_scan(ScanRef(path), (600, 600))
    assert (image.width(), image.height()) == (600, 450)
    part = decode_scan(ScanRef(path), (3000, 3000), (0.0, 0.0, 0.5, 0.5))
    assert (part.width(), part.height()) == (3000, 2250)


@pytest.mark.filterwarnings("ignore:Corrupt EXIF data")
def test_a_broken_scan_is_one_clear_error(tmp_path):
    path = tmp_path / "broken.jpg"
    path.write_bytes(b"not a jpeg at all")
    with pytest.raises(ScanError, match="broken.jpg"):
        decode_scan(ScanRef(path), (100, 100))
    tif = tmp_path / "broken.tif"
    tif.write_bytes(b"II*\x00garbage")
    with pytest.raises(ScanError, match="broken.tif"):
        decode_scan(ScanRef(tif), (100, 100))
