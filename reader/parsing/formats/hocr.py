"""hOCR (Tesseract, OCRopus, Kraken …): HTML whose elements carry OCR classes (ocr_page,
ocr_carea, ocr_par, ocr_line, ocrx_word) and geometry in their `title` (bbox, x_size).

hOCR has boxes and line heights but no articles and no type sizes: headlines are lines set
much taller than the body (x_size), and the article structure comes from them and the
columns (see layout_page). Bold markup is not a signal (Tesseract marks bold on guesses).
A paragraph that OCR ran across two columns is split at the white gutter its words leave.
"""
from __future__ import annotations

import re
import statistics
from pathlib import Path

from lxml import etree

from ..geometry import Line, Region, Word, is_rule, split_at_gutters, union
from ..layout_assembly import parse_by_headlines
from ..layout_page import Sheet
from ..model import ParsedPage
from ..page_images import find_image
from ..safe_xml import NotAPageError, parse_html, read_limited

LAYOUT = "hocr"
_MARKERS = (b"ocr_page", b"ocr-system", b"ocr-capabilities", b"ocrx_word", b"ocr_line")
_BBOX_RE = re.compile(r"\bbbox\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)")
_XSIZE_RE = re.compile(r"\bx_size\s+([\d.]+)")
_IMAGE_RE = re.compile(r"\bimage\s+(\"[^\"]*\"|'[^']*'|\S+)")
LINE_CLASSES = {"ocr_line", "ocrx_line", "ocr_header", "ocr_caption", "ocr_textfloat"}
BLOCK_CLASSES = {"ocr_par"}
AREA_CLASSES = {"ocr_carea", "ocrx_block"}
IMAGE_CLASSES = {"ocr_photo", "ocr_image", "ocr_graphic"}
GUTTER_LINE_HEIGHTS = 1.5  # a gap this many line heights wide inside a paragraph is a gutter


HTML_SUFFIXES = {".hocr", ".html", ".htm", ".xhtml"}


def sniff(path: Path, head: bytes) -> bool:
    """hOCR: an HTML (or XHTML) file that carries OCR classes. Every `.hocr`/`.html` file is
    taken for hOCR (the only HTML Dubao reads), so that one without OCR in it is refused
    with one line rather than read as text."""
    if any(marker in head for marker in _MARKERS) or Path(path).suffix.lower() in HTML_SUFFIXES:
        return True
    return has_ocr_markers(path, head)


def has_ocr_markers(path: Path, head: bytes | None = None) -> bool:
    """Whether an (X)HTML file carries hOCR's classes in its first 64 KB."""
    if head is None:
        try:
            with open(path, "rb") as file:
                head = file.read(65536)
        except OSError:
            return False
    if any(marker in head for marker in _MARKERS):
        return True
    lowered = head[:1024].lower()
    if b"<html" not in lowered and b"<!doctype html" not in lowered:
        return False
    try:
        with open(path, "rb") as file:
            more = file.read(65536)
    except OSError:
        return False
    return any(marker in more for marker in _MARKERS)


def _classes(element: etree._Element) -> set[str]:
    return set((element.get("class") or "").split())


def _bbox(element: etree._Element) -> tuple[float, float, float, float] | None:
    match = _BBOX_RE.search(element.get("title") or "")
    if not match:
        return None
    x0, y0, x1, y1 = (float(v) for v in match.groups())
    return (x0, y0, x1, y1) if x1 > x0 or y1 > y0 else None


def parse(path: Path, *, publication: str | None = None) -> ParsedPage:
    path = Path(path)
    root = parse_html(read_limited(path))
    pages = [el for el in root.iter() if isinstance(el.tag, str) and "ocr_page" in _classes(el)]
    if not pages:
        if any(isinstance(el.tag, str) and _classes(el) & (LINE_CLASSES | {"ocrx_word"}) for el in root.iter()):
            pages = [root]
        else:
            raise NotAPageError("not hOCR (no element of class ocr_page, ocr_line or ocrx_word)")
    sheets: list[Sheet] = []
    for index, page in enumerate(pages):
        regions = _regions(page, index)
        box = _bbox(page) or union(r.box for r in regions) or (0, 0, 1, 1)
        width, height = box[2], box[3]
        match = _IMAGE_RE.search(page.get("title") or "")
        image = find_image(path, [match.group(1).strip("\"'")] if match else []) if index == 0 else None
        number = index + 1 if len(pages) > 1 else None
        size = (round(width), round(height)) if _bbox(page) else None
        sheets.append(Sheet(number, width or 1, height or 1, regions, image, size))
    parsed = parse_by_headlines(sheets, layout=LAYOUT, publication=publication)
    if not any(r.words for s in sheets for r in s.regions):
        parsed.warnings.append("hOCR page holds no text")
    return parsed


def _regions(page: etree._Element, page_index: int) -> list[Region]:
    """One region per paragraph (or per area, or per line, whichever the file has), split
    at gutters; images as image regions."""
    regions: list[Region] = []
    seen_lines: set[int] = set()
    for element in page.iter():
        if not isinstance(element.tag, str):
            continue
        classes = _classes(element)
        if classes & IMAGE_CLASSES:
            box = _bbox(element)
            if box:
                regions.append(Region(element.get("id") or "", "image", box, page=page_index))
            continue
        is_block = bool(classes & BLOCK_CLASSES) or (
            bool(classes & AREA_CLASSES) and not any(_classes(d) & BLOCK_CLASSES for d in element.iterdescendants()))
        is_loose_line = bool(classes & LINE_CLASSES) and id(element) not in seen_lines
        if not is_block and not is_loose_line:
            continue
        line_elements = [element] if is_loose_line else [
            d for d in element.iterdescendants() if isinstance(d.tag, str) and _classes(d) & LINE_CLASSES]
        lines = []
        for line_element in line_elements:
            seen_lines.add(id(line_element))
            line = _line(line_element)
            if line is not None:
                lines.append(line)
        if not lines:
            continue
        kind = "caption" if any("ocr_caption" in _classes(e) for e in line_elements) else "text"
        box = union(ln.box for ln in lines)
        region = Region(element.get("id") or "", kind, box, lines, page=page_index)
        height = statistics.median(ln.size or (ln.box[3] - ln.box[1]) for ln in lines)
        regions.extend(split_at_gutters(region, GUTTER_LINE_HEIGHTS * height))
    for region in regions:
        region.page = page_index
    return regions


def _line(element: etree._Element) -> Line | None:
    box = _bbox(element)
    match = _XSIZE_RE.search(element.get("title") or "")
    words = []
    for word_element in element.iter():
        if isinstance(word_element.tag, str) and "ocrx_word" in _classes(word_element):
            text = " ".join("".join(word_element.itertext()).split())
            word_box = _bbox(word_element) or box
            if text and word_box and not is_rule(Word(text, word_box)):
                words.append(Word(text, word_box))
    if not words:  # a line without word elements: its text, on the line's box
        text = " ".join("".join(element.itertext()).split())
        if text and box:
            words = [Word(text, box)]
    if not words:
        return None
    size = float(match.group(1)) if match else (box or words[0].box)[3] - (box or words[0].box)[1]
    box = union(w.box for w in words)  # the words' extent: the line's own box may hold a rule
    return Line(words, box, size)
