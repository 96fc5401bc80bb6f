"""Text from where it sits: reading order, columns, lines and paragraphs from boxes.

Layout-aware OCR (ALTO, hOCR, PaddleOCR) gives words, lines and blocks with boxes, but rarely
a trustworthy reading order. Here the order comes from the geometry: a recursive cut of the
page along the white gaps between blocks (columns first, so that text flows down a column
before it moves right; a block spanning columns stops the column cut and is read where it
stands). Lines become text with hyphenated words rejoined, joined with spaces in Latin
script and without in CJK; a region's lines become paragraphs at indents.

All boxes here are (x0, y0, x1, y1) in the source's own units, origin top-left.
"""
from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

Box = tuple[float, float, float, float]


@dataclass
class Word:
    text: str
    box: Box
    size: float | None = None  # font size (ALTO TextStyle) where the source gives one


@dataclass
class Line:
    words: list[Word]
    box: Box
    size: float | None = None  # font size or x-height-based line size
    hyphen: bool = False  # ends with a hyphenated word part (ALTO HYP / HypPart1)


@dataclass
class Region:
    """A block of the page: ALTO TextBlock, hOCR paragraph, PaddleOCR block."""
    id: str
    kind: str  # "text" | "heading" | "subhead" | "caption" | "image" | "table" | "advertisement" | ...
    box: Box
    lines: list[Line] = field(default_factory=list)
    size: float | None = None
    text: str | None = None  # set where the source gives text, not lines (PaddleOCR)
    group: str | None = None  # the ComposedBlock (or similar) it belongs to
    hint: int | None = None  # the source's order hint, if any
    bold: bool = False  # most of its characters bold (where bold is a signal, as in ALTO)
    page: int = 0  # index of its page in the parse
    image: str | None = None  # an image region's own file (a crop), relative to the source

    @property
    def words(self) -> list[Word]:
        return [word for line in self.lines for word in line.words]


# --- boxes -----------------------------------------------------------------------------------

def union(boxes: Iterable[Box]) -> Box | None:
    boxes = list(boxes)
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def to_fraction(box: Box, width: float, height: float) -> Box:
    """A box in fractions of the page, clamped to the page."""
    def clamp(value: float) -> float:
        return round(min(1.0, max(0.0, value)), 5)
    return (clamp(box[0] / width), clamp(box[1] / height), clamp(box[2] / width), clamp(box[3] / height))


def overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


# --- script ----------------------------------------------------------------------------------

# Scripts written without spaces between words (Hangul uses spaces, so it is not here).
_NO_SPACE = re.compile(r"[\u2e80-\u2fdf\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
_LATIN_HYPHEN = re.compile(r"(?<=[^\W\d_])[-\u00ad\u00ac\u2010]$")


def is_unspaced(char: str) -> bool:
    return bool(char) and bool(_NO_SPACE.match(char))


def join_pieces(left: str, right: str) -> str:
    """Two pieces of running text: without a space between CJK characters, with one else."""
    if not left:
        return right
    if not right:
        return left
    if is_unspaced(left[-1]) and is_unspaced(right[0]):
        return left + right
    return left + " " + right


def line_text(line: Line) -> str:
    text = ""
    for word in line.words:
        text = join_pieces(text, word.text.strip())
    return text


def join_lines(left: str, right: str, *, hyphen: bool = False) -> str:
    """Join a line to the text before it: a hyphenated word (marked by the source, or a
    Latin word broken with a hyphen before a lower-case continuation) is rejoined."""
    if not left or not right:
        return left or right
    if hyphen:
        return _LATIN_HYPHEN.sub("", left) + right
    if _LATIN_HYPHEN.search(left) and right[0].islower():
        return left[:-1] + right
    return join_pieces(left, right)


# --- reading order ---------------------------------------------------------------------------

def _groups(items: list[Region], lo: Callable[[Region], float], hi: Callable[[Region], float],
            tolerance: float) -> list[list[Region]]:
    """Items split where their projections on one axis leave a gap (overlaps within
    TOLERANCE do not join: boxes of neighbouring columns often touch)."""
    ordered = sorted(items, key=lo)
    groups: list[list[Region]] = []
    end = None
    for item in ordered:
        if end is None or lo(item) >= end - tolerance:
            groups.append([item])
            end = hi(item)
        else:
            groups[-1].append(item)
            end = max(end, hi(item))
    return groups


def reading_order(regions: Sequence[Region], tolerance: float = 0.0) -> list[Region]:
    """Regions in reading order by recursive cuts: columns (vertical gaps) first; where a
    few blocks spanning columns (a headline over three columns, a paragraph OCR ran across a
    gutter) are all that stop a column cut, the gutter they cross least is found and they cut
    the columns into bands above and below them; then plain bands at the widest horizontal
    gap; what cannot be cut is read top to bottom, left to right."""
    def columns(items: list[Region]) -> list[list[Region]]:
        return _groups(items, lambda r: r.box[0], lambda r: r.box[2], tolerance)

    def cut(items: list[Region]) -> list[Region]:
        if len(items) <= 1:
            return items
        split = columns(items)
        if len(split) > 1:
            return [r for column in split for r in cut(column)]
        bands = _spanner_bands(items, columns, tolerance)
        if bands is None:
            bands = _widest_gap(_groups(items, lambda r: r.box[1], lambda r: r.box[3], tolerance))
        if len(bands) > 1:
            return [r for band in bands for r in cut(band)]
        return sorted(items, key=lambda r: (r.box[1], r.box[0]))
    return cut(list(regions))


def _widest_gap(bands: list[list[Region]]) -> list[list[Region]]:
    """Bands joined again except across the widest gaps (within a fifth of the widest): a
    page cut at every small gap would read two columns line by line where their lines
    happen to align; cut at its widest gap first, each part may still fall into columns."""
    if len(bands) <= 2:
        return bands
    gaps = [min(r.box[1] for r in lower) - max(r.box[3] for r in upper) for upper, lower in zip(bands, bands[1:])]
    widest = max(gaps)
    merged = [list(bands[0])]
    for gap, band in zip(gaps, bands[1:]):
        if gap >= widest - 0.2 * abs(widest):
            merged.append(list(band))
        else:
            merged[-1].extend(band)
    return merged


MAX_SPANNERS = 48  # blocks across columns tried per cut (more is no column layout; keeps it fast)


def _spanner_bands(items: list[Region], columns: Callable[[list[Region]], list[list[Region]]],
                   tolerance: float) -> list[list[Region]] | None:
    """Where taking out a few of the widest regions lets the rest fall into columns (of two
    regions or more each): the gutter crossed by the fewest regions, and the items cut into
    bands at those crossing regions (each a band of its own); else None."""
    rest = sorted(items, key=lambda r: r.box[2] - r.box[0])
    removed = 0
    while len(rest) > 3 and removed < max(1, min(len(items) // 4, MAX_SPANNERS)):
        rest.pop()
        removed += 1
        split = columns(rest)
        if len(split) > 1 and all(len(column) >= 2 for column in split):
            break
    else:
        return None
    gutters = [(max(r.box[2] for r in left), min(r.box[0] for r in right)) for left, right in zip(split, split[1:])]
    best = None
    for x0, x1 in gutters:
        middle = (x0 + x1) / 2
        crossing = [r for r in items if r.box[0] < middle - tolerance and r.box[2] > middle + tolerance]
        if best is None or len(crossing) < len(best):
            best = crossing
    if not best:
        return None
    best.sort(key=lambda r: (r.box[1] + r.box[3]) / 2)
    edges = [(r.box[1] + r.box[3]) / 2 for r in best]
    crossing_ids = {id(r) for r in best}
    bands: list[list[Region]] = [[]]
    for spanner in best:
        bands += [[spanner], []]
    for region in items:
        if id(region) not in crossing_ids:
            centre = (region.box[1] + region.box[3]) / 2
            bands[2 * sum(1 for edge in edges if centre > edge)].append(region)
    return [band for band in bands if band]


def hints_agree(regions: Sequence[Region], ordered: Sequence[Region]) -> bool:
    """Whether the source's order hints read the page as its geometry allows: no step of
    the hinted order leaves a column for one to the right while text of that column still
    waits below (the mark of an order that reads across columns, line by line)."""
    hinted = sorted((r for r in regions if r.hint is not None and (r.text or r.lines)), key=lambda r: r.hint)
    if not hinted:
        return False
    bad = 0
    for index, (current, following) in enumerate(zip(hinted, hinted[1:])):
        if following.box[0] < current.box[2]:
            continue  # not a move to the right
        later = hinted[index + 2:]
        width = current.box[2] - current.box[0]
        if any(overlap(r.box[0], r.box[2], current.box[0], current.box[2]) > 0.5 * min(width, r.box[2] - r.box[0])
               and r.box[1] >= current.box[3] - 0.5 * (current.box[3] - current.box[1]) for r in later):
            bad += 1
    return bad <= 0.05 * max(1, len(hinted) - 1)


# --- regions split at gutters ----------------------------------------------------------------

def split_at_gutters(region: Region, min_gap: float) -> list[Region]:
    """A region whose words leave a vertical white gap of at least MIN_GAP through all its
    lines (OCR that ran a paragraph across two columns) as one region per side."""
    spans = sorted((w.box[0], w.box[2]) for w in region.words)
    if len(spans) < 2:
        return [region]
    cuts: list[float] = []
    end = spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - end >= min_gap:
            cuts.append((end + x0) / 2)
        end = max(end, x1)
    if not cuts:
        return [region]
    parts: list[Region] = []
    edges = [float("-inf"), *cuts, float("inf")]
    for index, (left, right) in enumerate(zip(edges, edges[1:])):
        lines = []
        for line in region.lines:
            words = [w for w in line.words if left <= (w.box[0] + w.box[2]) / 2 < right]
            if words:
                lines.append(Line(words, union(w.box for w in words), line.size,
                                  line.hyphen and words[-1] is line.words[-1]))
        if lines:
            parts.append(Region(f"{region.id}.{index}", region.kind, union(ln.box for ln in lines),
                                lines, region.size, None, region.group, region.hint))
    return parts


# --- paragraphs ------------------------------------------------------------------------------

_TERMINAL = set(".!?:;»\"”’)。！？：；」』…")


def median_line_height(lines: Sequence[Line]) -> float:
    heights = [ln.box[3] - ln.box[1] for ln in lines if ln.box[3] > ln.box[1]]
    return statistics.median(heights) if heights else 1.0


def paragraphs(region: Region) -> list[tuple[str, bool]]:
    """The region's paragraphs as (text, ends hyphenated): a new paragraph where a line is
    indented against the region's left edge, or where the line before it ended a sentence
    well short of the right edge."""
    if region.text is not None:
        return [(text, False) for text in _text_paragraphs(region.text)]
    lines = [ln for ln in region.lines if ln.words]
    if not lines:
        return []
    height = median_line_height(lines)
    left = statistics.median(ln.box[0] for ln in lines)
    right = max(ln.box[2] for ln in lines)
    result: list[tuple[str, bool]] = []
    text, hyphen, previous = "", False, None
    for line in lines:
        piece = line_text(line)
        if not piece:
            continue
        if previous is not None and text:
            indented = line.box[0] - left > 0.8 * height
            short_end = right - previous.box[2] > 2.5 * height and text[-1] in _TERMINAL
            if (indented or short_end) and not hyphen:
                result.append((text, False))
                text = ""
        text = join_lines(text, piece, hyphen=hyphen)
        hyphen, previous = line.hyphen, line
    if text:
        result.append((text, hyphen))
    return result


def _text_paragraphs(text: str) -> list[str]:
    """Text a source gives whole (lines separated by newlines, blank lines between
    paragraphs)."""
    result = []
    for chunk in re.split(r"\n\s*\n", text):
        joined = ""
        for line in chunk.splitlines():
            joined = join_lines(joined, line.strip())
        if joined:
            result.append(joined)
    return result


def continues(previous: str, hyphen: bool, following: str) -> bool:
    """Whether a paragraph running out at the end of one region goes on at the start of the
    next (a column break mid-sentence): it ended hyphenated, or without a sentence end
    before a lower-case word (a capital may start a paragraph; a byline ends unpunctuated)."""
    if not previous or not following:
        return False
    return hyphen or (previous[-1] not in _TERMINAL and following[0].islower())


def _weighted_median(weights: dict[float, int]) -> float | None:
    total = sum(weights.values())
    if not total:
        return None
    running = 0
    for size in sorted(weights):
        running += weights[size]
        if running * 2 >= total:
            return size
    return None


def body_size(regions: Sequence[Region]) -> float | None:
    """The body text's size: the median size over all characters."""
    weights: dict[float, int] = {}
    for region in regions:
        for line in region.lines:
            size = line.size or region.size
            if size:
                weights[size] = weights.get(size, 0) + sum(len(w.text) for w in line.words)
    return _weighted_median(weights)


def is_rule(word: Word) -> bool:
    """A 'word' that is a printed rule read as dashes or dots: no letter or digit, and far
    wider than high. It is left out of geometry (it would bridge columns)."""
    x0, y0, x1, y1 = word.box
    return (x1 - x0) > 4 * max(1.0, y1 - y0) and not any(c.isalnum() for c in word.text)


def region_size(region: Region) -> float | None:
    """The median size of a region's characters."""
    weights: dict[float, int] = {}
    for line in region.lines:
        for word in line.words:
            size = word.size or line.size or region.size
            if size:
                weights[size] = weights.get(size, 0) + len(word.text)
    return _weighted_median(weights) or region.size
