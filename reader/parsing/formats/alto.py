"""ALTO XML (1.x to 4; the CCS namespace, the Library of Congress namespaces, or none), one
page of positioned text: blocks, lines, words with boxes, font sizes from TextStyle.

Coordinates are in the file's MeasurementUnit (pixel, mm10 or inch1200); they become page
fractions against the Page's WIDTH and HEIGHT, so the unit itself never needs converting.
ALTO has no reading order and no articles: the order comes from the geometry, articles from
headlines (see layout_page), unless a METS file names them (see mets).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..geometry import Line, Region, Word, union
from ..layout_assembly import parse_by_headlines
from ..layout_page import Sheet
from ..model import ParsedPage
from ..page_images import find_image
from ..safe_xml import NotAPageError, local, parse_xml, read_limited

LAYOUT = "alto"
_ROOT_RE = re.compile(rb"<(?:[\w.-]+:)?alto[\s>]")


def sniff(path: Path, head: bytes) -> bool:
    """An ALTO file: its root element is <alto> (with any prefix or namespace)."""
    return bool(_ROOT_RE.search(head[:4096]))


def parse(path: Path, *, publication: str | None = None) -> ParsedPage:
    path = Path(path)
    document = read_alto(path, read_limited(path))
    parsed = parse_by_headlines(document.sheets, layout=LAYOUT, publication=publication)
    parsed.warnings[:0] = document.warnings
    return parsed


@dataclass
class AltoDocument:
    sheets: list[Sheet]
    regions_by_id: dict[str, list[Region]] = field(default_factory=dict)  # block id → its regions
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Style:
    size: float | None
    bold: bool


def read_alto(path: Path, data: bytes, *, page_offset: int = 0, number: int | None = None,
              image_folder: Path | None = None) -> AltoDocument:
    """The pages of an ALTO file as sheets of regions (in document order)."""
    root = parse_xml(data)
    if local(root) != "alto":
        raise NotAPageError(f"not ALTO OCR (the root element is <{local(root)}>)")
    styles = _styles(root)
    named = [el.text or "" for el in root.iter() if local(el) == "fileName"]
    document = AltoDocument([])
    pages = [el for el in root.iter() if local(el) == "Page"]
    if not pages:
        raise NotAPageError("ALTO without a <Page>")
    for offset, page in enumerate(pages):
        regions: list[Region] = []
        page_index = page_offset + offset
        for child in page:
            _collect(child, styles, regions, document.regions_by_id, None, None, page_index)
        if not any(line.size for region in regions for line in region.lines):
            _sizes_from_heights(regions)
        width, height = _size(page, regions)
        if not width or not height:
            document.warnings.append(f"ALTO page {offset + 1} has no size and no text")
            width, height = 1.0, 1.0
        page_number = number if number is not None else _page_number(page, len(pages), offset)
        image = find_image(path, named, folder=image_folder) if offset == 0 else None
        size = (round(width), round(height)) if page.get("WIDTH") and page.get("HEIGHT") else None
        document.sheets.append(Sheet(page_number, width, height, regions, image, size))
    if not any(r.words for s in document.sheets for r in s.regions):
        document.warnings.append("ALTO page holds no text")
    return document


def _styles(root: etree._Element) -> dict[str, _Style]:
    styles = {}
    for element in root.iter():
        if local(element) == "TextStyle" and element.get("ID"):
            size = _number(element.get("FONTSIZE"))
            styles[element.get("ID")] = _Style(size, "bold" in (element.get("FONTSTYLE") or "").lower())
    return styles


def _number(value: str | None) -> float | None:
    try:
        number = float(value) if value is not None else None
    except ValueError:
        return None
    return number if number is not None and number == number and abs(number) != float("inf") else None


def _box(element: etree._Element) -> tuple[float, float, float, float] | None:
    x, y = _number(element.get("HPOS")), _number(element.get("VPOS"))
    w, h = _number(element.get("WIDTH")), _number(element.get("HEIGHT"))
    if x is None or y is None:
        return None
    return (x, y, x + (w or 0), y + (h or 0))


def _style_of(element: etree._Element, styles: dict[str, _Style], inherited: _Style | None) -> _Style | None:
    refs = (element.get("STYLEREFS") or "").split()
    size, bold = (inherited.size, inherited.bold) if inherited else (None, False)
    found = False
    for ref in refs:
        style = styles.get(ref)
        if style is not None:
            found = True
            size = style.size if style.size is not None else size
            bold = style.bold
    if "bold" in (element.get("STYLE") or "").lower():
        bold, found = True, True
    return _Style(size, bold) if found or inherited else None


_BLOCK_KINDS = {"Illustration": "image", "GraphicalElement": None}


def _collect(element: etree._Element, styles: dict[str, _Style], regions: list[Region],
             by_id: dict[str, list[Region]], group: str | None, group_kind: str | None, page: int) -> None:
    name = local(element)
    if name in ("PrintSpace", "TopMargin", "LeftMargin", "RightMargin", "BottomMargin"):
        for child in element:
            _collect(child, styles, regions, by_id, group, group_kind, page)
        return
    if name == "ComposedBlock":
        block_id = element.get("ID") or f"composed{len(regions)}"
        kind = "advertisement" if (element.get("TYPE") or "").lower() == "advertisement" else group_kind
        start = len(regions)
        for child in element:
            _collect(child, styles, regions, by_id, group or block_id, kind, page)
        by_id.setdefault(block_id, []).extend(regions[start:])
        return
    if name == "TextBlock":
        region = _text_block(element, styles, group_kind or "text", page)
    elif name == "Illustration":
        box = _box(element)
        region = Region(element.get("ID") or "", "image", box, page=page) if box else None
    else:
        return
    if region is None:
        return
    region.group = group
    regions.append(region)
    if region.id:
        by_id.setdefault(region.id, []).append(region)
    for line in element:  # some METS point at lines: they mean the block that holds them
        if local(line) == "TextLine" and line.get("ID") and line.get("ID") not in by_id:
            by_id[line.get("ID")] = [region]


def _text_block(element: etree._Element, styles: dict[str, _Style], kind: str, page: int) -> Region | None:
    block_style = _style_of(element, styles, None)
    lines: list[Line] = []
    bold_chars = chars = 0
    for line_element in element:
        if local(line_element) != "TextLine":
            continue
        line_style = _style_of(line_element, styles, block_style)
        line_box = _box(line_element)
        words: list[Word] = []
        hyphen = False
        for child in line_element:
            child_name = local(child)
            if child_name == "String":
                content = child.get("CONTENT") or ""
                if not content.strip():
                    continue
                style = _style_of(child, styles, line_style)
                box = _box(child) or line_box
                if box is None:
                    continue
                words.append(Word(content, box, style.size if style else None))
                chars += len(content)
                bold_chars += len(content) if style and style.bold else 0
                hyphen = child.get("SUBS_TYPE") == "HypPart1"
            elif child_name == "HYP":
                hyphen = True
        if not words:
            continue
        box = line_box or union(w.box for w in words)
        lines.append(Line(words, box, line_style.size if line_style else None, hyphen))
    box = _box(element) or union(ln.box for ln in lines)
    if box is None:
        return None
    size = block_style.size if block_style else None
    return Region(element.get("ID") or "", kind, box, lines, size, bold=chars > 0 and bold_chars * 2 > chars,
                  page=page)


def _sizes_from_heights(regions: list[Region]) -> None:
    """Without font sizes (no TextStyle), the type size is read from the words' heights,
    as in hOCR: the median height of a line's words."""
    import statistics

    for region in regions:
        for line in region.lines:
            heights = [w.box[3] - w.box[1] for w in line.words if w.box[3] > w.box[1]]
            line.size = statistics.median(heights) if heights else None


def _size(page: etree._Element, regions: list[Region]) -> tuple[float | None, float | None]:
    """The page's size; where it is missing, or the text runs far outside it (a unit
    mismatch), the extent of the text instead."""
    width, height = _number(page.get("WIDTH")), _number(page.get("HEIGHT"))
    extent = union(r.box for r in regions)
    if extent is None:
        return width, height
    if not width or extent[2] > 1.1 * width:
        width = extent[2]
    if not height or extent[3] > 1.1 * height:
        height = extent[3]
    return width, height


def _page_number(page: etree._Element, pages: int, offset: int) -> int | None:
    for attribute in ("PRINTED_IMG_NR", "PHYSICAL_IMG_NR"):
        value = page.get(attribute)
        if value and value.strip().isdigit():
            return int(value)
    return offset + 1 if pages > 1 else None
