"""PaddleOCR results saved as JSON (`*_res.json`): PaddleOCR-VL and PP-StructureV3 (labelled
layout blocks in `parsing_res_list`), or plain PaddleOCR (recognised lines in `rec_texts`
with `rec_boxes` / `rec_polys`).

Labels say what a block is (doc_title, paragraph_title, text, image, vision_footnote, table,
header, footer …); there is no font size. The reading order comes from the geometry, and
the source's `block_order` is used only where it agrees with it. PaddleOCR-VL merges a
paragraph continued in another column into the first block of its `group_id` and leaves the
later blocks empty: those still place the group on the page (zones) but carry no text.
"""
from __future__ import annotations

import json
import re
import statistics
from pathlib import Path

from lxml import html as lxml_html

from ..geometry import Line, Region, Word, union
from ..layout_assembly import build_pages
from ..layout_page import Sheet, classify_by_size, order_sheet, plan_by_headlines, untitled_warnings
from ..model import Issue, ParsedPage, Publication
from ..page_images import find_image
from ..plausibility import ocr_warnings
from ..safe_xml import NotAPageError, read_limited

LAYOUT = "paddleocr"
MAX_JSON_BYTES = 64 * 1024 * 1024

HEADING_LABELS = {"doc_title"}
SUBHEAD_LABELS = {"paragraph_title"}
CAPTION_LABELS = {"vision_footnote", "figure_title", "figure_caption", "chart_title", "table_title",
                  "image_caption", "table_caption"}
IMAGE_LABELS = {"image", "chart", "figure", "seal", "header_image", "footer_image"}
TABLE_LABELS = {"table"}
# Around the article, not of it (PaddleOCR leaves them out of its own Markdown too).
MARGIN_LABELS = {"header", "footer", "number", "aside_text", "page_number", "footnote"}


def sniff(path: Path, head: bytes) -> bool:
    start = head.lstrip()[:1]
    if start not in (b"{", b"["):
        return False
    return any(key in head for key in (b'"parsing_res_list"', b'"rec_texts"', b'"layout_det_res"',
                                       b'"block_label"', b'"overall_ocr_res"'))


def parse(path: Path, *, publication: str | None = None) -> ParsedPage:
    path = Path(path)
    data = read_limited(path)
    if len(data) > MAX_JSON_BYTES:
        raise NotAPageError("PaddleOCR JSON too large")
    try:
        result = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise NotAPageError(f"not valid JSON ({str(exc).splitlines()[0]})") from None
    if isinstance(result, dict) and isinstance(result.get("res"), dict):
        result = result["res"]  # PaddleX's save_to_json wraps it so in some versions
    if not isinstance(result, dict):
        raise NotAPageError("not a PaddleOCR result (the JSON is not an object)")
    if isinstance(result.get("parsing_res_list"), list):
        regions = _layout_regions(result["parsing_res_list"])
        use_hints = True
    elif isinstance(result.get("rec_texts"), list) or isinstance(result.get("overall_ocr_res"), dict):
        regions = _line_regions(result.get("overall_ocr_res") or result)
        use_hints = False
    else:
        raise NotAPageError("not a PaddleOCR result (no parsing_res_list or rec_texts)")
    width = _number(result.get("width")) or (union(r.box for r in regions) or (0, 0, 1, 1))[2]
    height = _number(result.get("height")) or (union(r.box for r in regions) or (0, 0, 1, 1))[3]
    named = [str(result["input_path"])] if result.get("input_path") else []
    size = (round(width), round(height)) if result.get("width") and result.get("height") else None
    for region in regions:
        if region.kind == "image":
            region.image = _crop(path, region)
    sheet = Sheet(None, width or 1, height or 1, regions, find_image(path, named), size)
    if not use_hints:  # plain OCR: no labels, so headlines by their line height
        classify_by_size(sheet)
    order_sheet(sheet, use_hints=use_hints)
    plans, extras = plan_by_headlines(sheet)
    parsed = ParsedPage(Publication(name=publication), Issue(), build_pages([sheet], plans, {0: extras}),
                        layout=LAYOUT)
    parsed.warnings += ocr_warnings(parsed.pages)
    parsed.warnings += untitled_warnings(plans, [sheet])
    if not any(r.text or r.words for r in regions):
        parsed.warnings.append("PaddleOCR result holds no text")
    return parsed


def _crop(path: Path, region: Region) -> str | None:
    """The crop PaddleOCR saved of an image block (imgs/img_in_<label>_box_x0_y0_x1_y1.jpg),
    if it is there beside the result."""
    x0, y0, x1, y1 = (int(round(v)) for v in region.box)
    stem = path.stem.removesuffix("_res")
    for label in ("image", "chart", "figure", "seal"):
        name = f"img_in_{label}_box_{x0}_{y0}_{x1}_{y1}.jpg"
        for folder in ("imgs", f"{stem}/imgs", "."):
            found = find_image(path, [f"{folder}/{name}"])
            if found is not None and found.endswith(name):
                return found
    return None


def _number(value) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def _box(value) -> tuple[float, float, float, float] | None:
    """[x0, y0, x1, y1], its string form, or a polygon of points."""
    if isinstance(value, str):
        value = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", value)]
    if not isinstance(value, list | tuple) or not value:
        return None
    if all(isinstance(p, list | tuple) and len(p) >= 2 for p in value):
        xs, ys = [float(p[0]) for p in value], [float(p[1]) for p in value]
        return (min(xs), min(ys), max(xs), max(ys))
    numbers = [_number(v) for v in value]
    if len(numbers) == 4 and None not in numbers:
        x0, y0, x1, y1 = numbers
        return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
    if len(numbers) >= 8 and None not in numbers:  # flat polygon
        xs, ys = numbers[0::2], numbers[1::2]
        return (min(xs), min(ys), max(xs), max(ys))
    return None


def _kind(label: str) -> str:
    if label in HEADING_LABELS:
        return "heading"
    if label in SUBHEAD_LABELS:
        return "subhead"
    if label in CAPTION_LABELS:
        return "caption"
    if label in TABLE_LABELS:
        return "table"
    if label in IMAGE_LABELS:
        return "image"
    if label in MARGIN_LABELS:
        return "margin"
    return "text"


def _layout_regions(blocks: list) -> list[Region]:
    regions = []
    for index, block in enumerate(blocks):
        if not isinstance(block, dict):
            continue
        box = _box(block.get("block_bbox") or block.get("bbox"))
        if box is None:
            continue
        label = str(block.get("block_label") or block.get("label") or "text")
        content = block.get("block_content") if "block_content" in block else block.get("content")
        content = content if isinstance(content, str) else ""
        kind = _kind(label)
        if kind == "table":
            content = _table_text(content)
        hint = _number(block.get("block_order"))
        region = Region(str(block.get("block_id", index)), kind, box, text=content,
                        group=str(block.get("group_id")) if block.get("group_id") is not None else None,
                        hint=int(hint) if hint is not None else None)
        if kind == "image":
            region.text = None
        regions.append(region)
    return regions


def _table_text(content: str) -> str:
    """A table's cells as text, a row to a line (PaddleOCR gives HTML)."""
    if "<" not in content:
        return content
    try:
        root = lxml_html.fragment_fromstring(content, create_parent="div")
    except Exception:  # noqa: BLE001 - malformed HTML: keep the text as it came
        return re.sub(r"<[^>]+>", " ", content)
    rows = []
    for row in root.iter("tr"):
        cells = [" ".join("".join(cell.itertext()).split()) for cell in row if cell.tag in ("td", "th")]
        rows.append(" | ".join(cells))
    return "\n".join(rows) if rows else " ".join("".join(root.itertext()).split())


def _line_regions(result: dict) -> list[Region]:
    """Plain OCR: each recognised line, grouped into blocks of lines one under the other."""
    texts = result.get("rec_texts") or []
    boxes = result.get("rec_boxes") or result.get("rec_polys") or result.get("dt_polys") or []
    lines = []
    for text, raw in zip(texts, boxes):
        box = _box(raw)
        if isinstance(text, str) and text.strip() and box is not None:
            lines.append(Line([Word(text, box)], box, box[3] - box[1]))
    if not lines:
        return []
    height = statistics.median(ln.box[3] - ln.box[1] for ln in lines)
    regions: list[Region] = []
    for line in sorted(lines, key=lambda ln: (ln.box[1], ln.box[0])):
        target = None
        for region in regions:
            last = region.lines[-1]
            shared = min(last.box[2], line.box[2]) - max(last.box[0], line.box[0])
            if (0 <= line.box[1] - last.box[3] < 0.8 * height and shared > 0.5 * min(
                    last.box[2] - last.box[0], line.box[2] - line.box[0])
                    and abs((line.size or 0) - (last.size or 0)) < 0.3 * height):
                target = region
        if target is None:
            regions.append(Region(f"line{len(regions)}", "text", line.box, [line]))
        else:
            target.lines.append(line)
            target.box = union((target.box, line.box))
    return regions
