"""Page scans: finding the scan of a page beside its OCR, and decoding it — whole or a part of
it — at the size it will be shown, never at full resolution when less will do.

A page's scan is, in this order: the image the OCR named (or one of the same stem with
another extension), an image of the OCR file's own stem beside it (`p1.xml` → `p1.jpg`,
`p1_res.json` → `p1.png`), or a page of a PDF of the issue (of the source's stem, or the
one PDF in its folder). Nothing outside the source's folder is ever opened.

Decoding is bounded in memory: JPEG through QImageReader, which scales in the DCT and
keeps only the clipped rows; JPEG 2000 through Pillow/OpenJPEG at a reduced resolution
level; PDF pages rendered by PDFium at the wanted scale. Other formats (PNG, TIFF) are
decoded whole by Pillow, then reduced. Safe to call from any thread (QImage, not QPixmap).
"""
from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QImage, QImageReader

if TYPE_CHECKING:
    from .store.scan_sources import ScanSource

Box = tuple[float, float, float, float]

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".jp2", ".j2k", ".jpx", ".webp")
QT_SUFFIXES = (".jpg", ".jpeg")
# A scan over this many pixels is refused with a message (Pillow's own bomb limit, 179
# megapixels, would refuse large but ordinary newspaper scans).
MAX_SCAN_PIXELS = 1_000_000_000
_pdfium_lock = threading.Lock()  # PDFium is not thread-safe


class ScanError(RuntimeError):
    """The scan cannot be read; str() is one line naming the file."""


@dataclass(frozen=True)
class ScanRef:
    path: Path
    pdf_page: int | None = None  # a page index into a PDF; None for an image file

    def label(self) -> str:
        return self.path.name if self.pdf_page is None else f"{self.path.name}, page {self.pdf_page + 1}"


# --- finding --------------------------------------------------------------------------------

def find_scan(source: Path, image_name: str | None = None, *, number: int | None = None,
              position: int = 0, source_pages: int = 1) -> ScanRef | None:
    """The scan of a page whose OCR is SOURCE (see the module's docstring for the order)."""
    folder = source.parent.resolve()

    def inside(path: Path) -> Path | None:
        try:
            resolved = path.resolve()
        except OSError:
            return None
        return resolved if resolved.is_relative_to(folder) and resolved.is_file() else None

    named = _clean_name(image_name)
    if named:
        relative = Path(named)
        stems = [folder / relative]
        stems += [folder / relative.name] if relative.parent != Path(".") else []
        for base in stems:
            for candidate in (base, *(base.with_suffix(s) for s in IMAGE_SUFFIXES)):
                if candidate.suffix.lower() in IMAGE_SUFFIXES and (found := inside(candidate)):
                    return ScanRef(found)
    if source_pages == 1:
        stem = source.name.split(".")[0]
        stem = stem[:-4] if stem.endswith("_res") else stem  # PaddleOCR's x_res.json is of x.png
        for suffix in IMAGE_SUFFIXES:
            for name in (stem + suffix, stem + suffix.upper()):
                if found := inside(folder / name):
                    return ScanRef(found)
    return _find_pdf_page(folder, source, number=number, position=position, source_pages=source_pages)


def _clean_name(image_name: str | None) -> str | None:
    """The image the OCR named, as a path relative to the source: METS gives
    `file://./Viewing/x.jp2`, ALTO often a path on the digitiser's machine (only its file
    name can be beside us)."""
    if not image_name:
        return None
    name = image_name.strip()
    if name.startswith("file://"):
        name = name[len("file://"):]
    if "://" in name:
        return None
    name = name.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        name = name.rsplit("/", 1)[-1]
    return name.removeprefix("./") or None


def _find_pdf_page(folder: Path, source: Path, *, number: int | None, position: int,
                   source_pages: int) -> ScanRef | None:
    stem = source.name.split(".")[0]
    own = [p for p in (folder / f"{stem}.pdf", folder / f"{stem}.PDF") if p.is_file()]
    if own:
        pdf = own[0]
    else:
        pdfs = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".pdf" and p.is_file())
        if len(pdfs) != 1:
            return None
        pdf = pdfs[0]
    return pdf_scan(pdf, number=number, position=position, source_pages=source_pages)


def pdf_scan(pdf: Path, *, number: int | None, position: int = 0, source_pages: int = 1) -> ScanRef | None:
    """The page of PDF that shows a page: the same place among the source's pages when the
    PDF has them all, else the page's printed number, else the PDF's only page."""
    count = pdf_page_count(pdf)
    if count is None:
        return None
    if source_pages > 1 and count >= source_pages:
        index = position  # a PDF of the same pages as the source
    elif number is not None and 1 <= number <= count:
        index = number - 1
    elif count == 1:
        index = 0
    else:
        return None
    return ScanRef(pdf.resolve(), index)


def pdf_page_count(path: Path) -> int | None:
    import pypdfium2 as pdfium

    with _pdfium_lock:
        try:
            document = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError:
            return None
        try:
            return len(document)
        finally:
            document.close()


# --- decoding -------------------------------------------------------------------------------

def scan_size(ref: ScanRef) -> tuple[int, int]:
    """The scan's full size in pixels (a PDF page: in points), read from its header."""
    if ref.pdf_page is not None:

        with _pdfium_lock:
            document = _open_pdf(ref)
            try:
                width, height = document[ref.pdf_page].get_size()
            finally:
                document.close()
        return round(width), round(height)
    if ref.path.suffix.lower() in QT_SUFFIXES:
        size = QImageReader(str(ref.path)).size()
        if size.isValid():
            return size.width(), size.height()
    image = _open_pillow(ref)
    with image:
        return image.size


def decode_scan(ref: ScanRef, max_size: tuple[int, int], box: Box | None = None) -> QImage:
    """The scan (or the part BOX of it, in page fractions) scaled to fit MAX_SIZE — never
    larger than the scan's own pixels. Raises ScanError."""
    box = _clamp_box(box or (0.0, 0.0, 1.0, 1.0))
    if ref.pdf_page is not None:
        image = _decode_pdf(ref, max_size, box)
    elif ref.path.suffix.lower() in QT_SUFFIXES:
        image = _decode_qt(ref, max_size, box)
    else:
        image = _decode_pillow(ref, max_size, box)
    if image.isNull():
        raise ScanError(f"{ref.label()}: the image could not be decoded")
    return image


def fit(width: float, height: float, max_size: tuple[int, int]) -> tuple[int, int]:
    """WIDTH × HEIGHT scaled down (never up) to fit inside MAX_SIZE, at least 1 × 1."""
    scale = min(1.0, max_size[0] / max(width, 1), max_size[1] / max(height, 1))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _clamp_box(box: Box) -> Box:
    x0, y0, x1, y1 = (min(1.0, max(0.0, v)) for v in box)
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _pixel_rect(box: Box, width: int, height: int) -> tuple[int, int, int, int]:
    x0, y0 = math.floor(box[0] * width), math.floor(box[1] * height)
    x1, y1 = math.ceil(box[2] * width), math.ceil(box[3] * height)
    return x0, y0, max(x0 + 1, min(x1, width)), max(y0 + 1, min(y1, height))


def _decode_qt(ref: ScanRef, max_size: tuple[int, int], box: Box) -> QImage:
    reader = QImageReader(str(ref.path))
    reader.setAutoTransform(True)
    size = reader.size()
    if not size.isValid():
        raise ScanError(f"{ref.label()}: not a readable image ({reader.errorString()})")
    width, height = size.width(), size.height()
    if width * height > MAX_SCAN_PIXELS:
        raise ScanError(f"{ref.label()}: {width} × {height} pixels is more than this reader opens")
    x0, y0, x1, y1 = _pixel_rect(box, width, height)
    out_w, out_h = fit(x1 - x0, y1 - y0, max_size)
    if (x0, y0, x1, y1) != (0, 0, width, height):
        reader.setClipRect(QRect(x0, y0, x1 - x0, y1 - y0))
    reader.setScaledSize(QSize(out_w, out_h))
    # Qt refuses images over its allocation limit (256 MB by default) with only a warning;
    # the decoded image is at most MAX_SIZE, but the handler may allocate the clip at full
    # size first — allow that much, and say so when it still fails.
    needed_mb = (x1 - x0) * (y1 - y0) * 4 // (1024 * 1024) + 64
    if QImageReader.allocationLimit() and QImageReader.allocationLimit() < needed_mb:
        QImageReader.setAllocationLimit(needed_mb)
    image = reader.read()
    if image.isNull():
        raise ScanError(f"{ref.label()}: {reader.errorString()}")
    return image


def _open_pillow(ref: ScanRef):
    from PIL import Image, UnidentifiedImageError

    if Image.MAX_IMAGE_PIXELS is not None and Image.MAX_IMAGE_PIXELS < MAX_SCAN_PIXELS:
        Image.MAX_IMAGE_PIXELS = MAX_SCAN_PIXELS
    try:
        return Image.open(ref.path)
    except UnidentifiedImageError:
        raise ScanError(f"{ref.label()}: not an image this reader knows") from None
    except Image.DecompressionBombError:
        raise ScanError(f"{ref.label()}: more pixels than this reader opens") from None
    except OSError as exc:
        raise ScanError(f"{ref.label()}: {exc.strerror or exc}") from None


def _decode_pillow(ref: ScanRef, max_size: tuple[int, int], box: Box) -> QImage:
    image = _open_pillow(ref)
    try:
        with image:
            width, height = image.size
            x0, y0, x1, y1 = _pixel_rect(box, width, height)
            out_w, out_h = fit(x1 - x0, y1 - y0, max_size)
            factor = 1
            if image.format == "JPEG2000":
                # OpenJPEG decodes a lower resolution level directly: 2^n times smaller.
                levels = int(math.log2(max(1.0, (x1 - x0) / out_w)))
                factor = 2 ** levels
                image.reduce = levels  # type: ignore[method-assign, assignment]
            else:
                image.draft("RGB", (max(1, width * out_w // max(1, x1 - x0)),
                                    max(1, height * out_h // max(1, y1 - y0))))
                factor = max(1, round(width / image.size[0]))
            image.load()
            image = image.crop((x0 // factor, y0 // factor, max(x0 // factor + 1, x1 // factor),
                                max(y0 // factor + 1, y1 // factor)))
            if image.size != (out_w, out_h):
                image = image.resize((out_w, out_h), resample=_lanczos(), reducing_gap=3.0)
            return _to_qimage(image)
    except ScanError:
        raise
    except (OSError, ValueError, MemoryError) as exc:
        raise ScanError(f"{ref.label()}: {exc}") from None


def _lanczos():
    from PIL import Image

    return Image.Resampling.LANCZOS


def _to_qimage(image) -> QImage:
    if image.mode not in ("L", "RGB"):
        image = image.convert("L" if image.mode in ("1", "I", "I;16", "F") else "RGB")
    fmt = QImage.Format.Format_Grayscale8 if image.mode == "L" else QImage.Format.Format_RGB888
    data = image.tobytes()
    stride = image.size[0] * (1 if image.mode == "L" else 3)
    return QImage(data, image.size[0], image.size[1], stride, fmt).copy()


def _open_pdf(ref: ScanRef):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(ref.path))
    except pdfium.PdfiumError as exc:
        raise ScanError(f"{ref.path.name}: not a readable PDF ({exc})") from None


def _decode_pdf(ref: ScanRef, max_size: tuple[int, int], box: Box) -> QImage:
    with _pdfium_lock:
        document = _open_pdf(ref)
        try:
            if not 0 <= ref.pdf_page < len(document):
                raise ScanError(f"{ref.label()}: the PDF has no such page")
            page = document[ref.pdf_page]
            width, height = page.get_size()
            x0, y0, x1, y1 = box
            part_w, part_h = (x1 - x0) * width, (y1 - y0) * height
            # A PDF has no pixels of its own: render at the scale that fills MAX_SIZE.
            scale = min(max_size[0] / max(part_w, 1e-6), max_size[1] / max(part_h, 1e-6))
            crop = (x0 * width, (1 - y1) * height, (1 - x1) * width, y0 * height)
            bitmap = page.render(scale=scale, crop=crop)
            return _to_qimage(bitmap.to_pil())
        finally:
            document.close()


def scan_for_page(db, page_id: int) -> ScanRef | None:
    """The scan of a stored page: the one found at import, else one found now beside its
    source (scans put there after the import count too)."""
    from .store.scan_sources import scan_source

    source = scan_source(db, page_id)
    return scan_for_source(source) if source is not None else None


def scan_for_source(source: ScanSource) -> ScanRef | None:
    """The scan of the page SOURCE describes (what `scan_for_page` finds, for a caller that
    has already read the page's ScanSource)."""
    from .store.page_geometry import resolve_image

    image = resolve_image(str(source.source), source.image_name)
    if image is not None and image.suffix.lower() == ".pdf":
        return pdf_scan(image, number=source.number, position=source.position, source_pages=source.source_pages)
    if image is not None:
        return ScanRef(image)
    return find_scan(source.source, source.image_name, number=source.number, position=source.position,
                     source_pages=source.source_pages)
