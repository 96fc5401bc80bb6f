"""From positioned regions to article plans: reading order, headlines, page notes —
shared by the ALTO, METS, hOCR and PaddleOCR readers (layout_assembly makes the model).

Where the source names its articles (METS), the reader hands over ready plans; otherwise
`plan_by_headlines` makes them: headlines are regions set markedly larger than the body
(or bold and larger, where bold is a signal), and a body region belongs to the nearest
headline above it that shares its columns — or, with none above it, continues the article
read before it (a story running on into the next column).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .geometry import (
    Region,
    body_size,
    is_unspaced,
    median_line_height,
    overlap,
    reading_order,
    region_size,
    union,
)
from .text.joining import ends_sentence

HEADLINE_RATIO = 1.5  # set this much larger than the body: a headline
BOLD_HEADLINE_RATIO = 1.1  # bold, standing alone and this much larger: a headline too
SUBHEAD_RATIO = 1.1
HEADLINE_MAX_LINES = 4
HEADLINE_MAX_WORDS = 25
MASTHEAD_TOP = 0.15  # the paper's name stands in the top part of a front page
RULE_LINE_RATIO = 0.5  # a 'line' this much lower than the body's lines is a rule or specks

TEXT_KINDS = {"text", "heading", "subhead", "caption"}
EXTRA_KINDS = {"masthead", "advertisement", "margin"}  # on the page, in no article
LETTERS = re.compile(r"[^\W\d_]")


@dataclass
class Sheet:
    """One page as a layout reader found it."""
    number: int | None
    width: float
    height: float
    regions: list[Region]  # in document order
    image: str | None = None
    size: tuple[int, int] | None = None
    ordered: list[Region] = field(default_factory=list)  # reading order, filled by order_sheet()


@dataclass
class Plan:
    """An article before assembly: its headline regions and its body in reading order."""
    headings: list[Region]
    body: list[Region]
    title: str | None = None  # when the source names it (MODS), or from its first line
    kind: str = "news"
    untitled: bool = False  # no headline found: titled from its first line (a warning says so)


def has_text(region: Region) -> bool:
    return bool(region.text and region.text.strip()) or any(w.text.strip() for w in region.words)


def order_sheet(sheet: Sheet, *, use_hints: bool = False) -> None:
    """Put the sheet's regions in reading order (from the geometry; the source's hints
    only where the source has them and they agree with it)."""
    from .geometry import hints_agree

    lines = [ln for r in sheet.regions for ln in r.lines]
    tolerance = 0.3 * median_line_height(lines) if lines else 0.002 * sheet.width
    ordered = reading_order(sheet.regions, tolerance)
    if use_hints and hints_agree(sheet.regions, ordered):
        hinted = sorted((r for r in sheet.regions if r.hint is not None), key=lambda r: r.hint)
        rest = [r for r in ordered if r.hint is None]
        ordered = _merge_unhinted(hinted, rest, ordered)
    sheet.ordered = ordered


def _merge_unhinted(hinted: list[Region], rest: list[Region], geometric: list[Region]) -> list[Region]:
    """Hinted regions in hint order, each unhinted one placed after the region the geometry
    reads before it."""
    position = {id(r): i for i, r in enumerate(geometric)}
    result = list(hinted)
    for region in sorted(rest, key=lambda r: position[id(r)]):
        before = [i for i, r in enumerate(result) if position[id(r)] < position[id(region)]]
        result.insert(before[-1] + 1 if before else 0, region)
    return result


# --- articles by headlines -------------------------------------------------------------------

def classify_by_size(sheet: Sheet) -> None:
    """Mark text regions set larger than the body as headings or subheads."""
    text_regions = [r for r in sheet.regions if r.kind == "text" and r.lines]
    body = body_size(text_regions)
    if not body:
        return
    line_height = median_line_height([ln for r in text_regions for ln in r.lines])
    for region in text_regions:
        size = region_size(region) or body
        words = len(region.words)
        if len(region.lines) > HEADLINE_MAX_LINES or words > HEADLINE_MAX_WORDS:
            continue
        if len(LETTERS.findall(" ".join(w.text for w in region.words))) < 2:
            continue  # a page number, a rule of dashes: never a headline
        if size >= HEADLINE_RATIO * body or (region.bold and size >= BOLD_HEADLINE_RATIO * body) or _caps_heading(region, line_height, text_regions):
            region.kind = "heading"
        elif len(region.lines) <= 2 and (size >= SUBHEAD_RATIO * body or region.bold) and words <= 15:
            region.kind = "subhead"


def _caps_heading(region: Region, line_height: float, text_regions: list[Region]) -> bool:
    """A short block of capitals centred in its column, alone between text blocks, after
    text that ends a sentence: how papers set section heads in body type ("FRANCE.",
    "CHAMBRE DES PAIRS."). A rule or specks under the head that OCR read as a line of its
    own (far lower than a line of type) are no text of the head."""
    lines = [ln for ln in region.lines if ln.box[3] - ln.box[1] >= RULE_LINE_RATIO * line_height]
    words = [w for ln in lines for w in ln.words]
    if not lines or len(lines) > 2 or len(words) > 8:
        return False
    letters = [c for w in words for c in w.text if c.isalpha() and not is_unspaced(c)]
    if len(letters) < 4 or sum(c.isupper() for c in letters) < 0.8 * len(letters):
        return False
    line = union(ln.box for ln in lines)
    width = region.box[2] - region.box[0]
    centre_off = abs((line[0] + line[2]) / 2 - (region.box[0] + region.box[2]) / 2)
    if not (width > 0 and line[2] - line[0] < 0.6 * width and centre_off < 0.1 * width):
        return False
    above = _text_above(region, text_regions)
    return above is None or ends_sentence(above)


def _text_above(region: Region, text_regions: list[Region]) -> str | None:
    """The last line of the text block right above REGION in its column, if any."""
    best = None
    for other in text_regions:
        if other is region or not other.lines or other.box[3] > region.box[1] + 0.5 * (region.box[3] - region.box[1]):
            continue
        shared = overlap(other.box[0], other.box[2], region.box[0], region.box[2])
        if shared < 0.5 * min(other.box[2] - other.box[0], region.box[2] - region.box[0]):
            continue
        if best is None or other.box[3] > best.box[3]:
            best = other
    if best is None:
        return None
    return " ".join(w.text for w in best.lines[-1].words)


def plan_by_headlines(sheet: Sheet) -> tuple[list[Plan], list[Region]]:
    """Articles of one page from its headlines and column flow; the regions that belong to
    no article (the masthead and what stands beside and above it, what precedes every
    headline) are returned apart."""
    ordered = [r for r in sheet.ordered if has_text(r) or r.kind == "image"]
    headings = [r for r in ordered if r.kind == "heading"]
    decks = _decks(ordered, headings)
    top = _masthead(sheet, decks)
    if top is not None:
        decks.remove(top)
        bottom = max(h.box[3] for h in top)
        height = bottom - min(h.box[1] for h in top)
        for deck in sorted(decks, key=lambda d: d[0].box[1]):  # its subtitle decks, right under it
            box = union(h.box for h in deck)
            if box[1] <= bottom + 0.5 * height and overlap(box[0], box[2], top[0].box[0], top[0].box[2]) > 0:
                top = top + deck
                bottom = max(bottom, box[3])
        decks = [d for d in decks if not any(h in top for h in d)]
        for region in ordered:
            if region.box[3] <= bottom + 0.5 * (bottom - min(h.box[1] for h in top)):
                region.kind = "masthead" if region.kind in ("heading", "text", "subhead") else region.kind
        decks = [d for d in decks if all(h.kind == "heading" for h in d)]
    lead = {id(group[0]): group for group in decks}
    in_deck = {id(r) for group in decks for r in group}
    owner: dict[int, int] = {}
    plans: list[Plan] = []
    extras: list[Region] = []
    for region in ordered:
        if id(region) in lead:
            owner[id(region)] = len(plans)
            plans.append(Plan(lead[id(region)], []))
            continue
        if id(region) in in_deck:
            continue
        if region.kind in EXTRA_KINDS:
            extras.append(region)
            continue
        above = _heading_above(region, decks)
        if above is not None:
            index = owner[id(above[0])]
        elif plans:
            index = len(plans) - 1
        else:
            extras.append(region)
            continue
        plans[index].body.append(region)
    _follow_groups(sheet, plans, owner)
    position = {id(r): i for i, r in enumerate(sheet.ordered)}
    kept = []
    for plan in plans:
        if not any(has_text(r) for r in plan.body) and len(plans) > 1:
            extras.extend(plan.headings)  # a headline over nothing is no article
            continue
        plan.body.sort(key=lambda r: position[id(r)])
        kept.append(plan)
    extras.sort(key=lambda r: position[id(r)])
    if not kept:
        body = [r for r in extras if r.kind in ("text", "subhead", "caption", "image") and has_text(r)]
        if body:
            # Text but no headline: one article, so that the page is read rather than left in
            # its notes; its title is its first line (which stays in the text too).
            extras = [r for r in extras if r not in body]
            first = next(line for r in body for line in r.lines) if any(r.lines for r in body) else None
            title = " ".join(w.text for w in first.words) if first else (body[0].text or "").split("\n")[0]
            kept = [Plan([], body, title=title.strip()[:80] or None, untitled=True)]
    return kept, extras


def _follow_groups(sheet: Sheet, plans: list[Plan], owner: dict[int, int]) -> None:
    """Empty blocks whose text the source merged into another block of their group (a
    paragraph continued in the next column) join that block's article: they still show
    where it stands."""
    plan_of_group: dict[str, Plan] = {}
    for plan in plans:
        for region in (*plan.headings, *plan.body):
            if region.group is not None and has_text(region):
                plan_of_group.setdefault(region.group, plan)
    for region in sheet.ordered:
        if region.group is not None and not has_text(region) and region.kind != "image":
            plan = plan_of_group.get(region.group)
            if plan is not None:
                plan.body.append(region)


def _masthead(sheet: Sheet, decks: list[list[Region]]) -> list[Region] | None:
    """The paper's name: the headline set largest of all, near the top of the page."""
    if len(decks) < 2 or sheet.number not in (None, 1):
        return None

    def size(group: list[Region]) -> float:
        return max(region_size(h) or 0 for h in group)
    biggest = max(decks, key=size)
    if min(h.box[1] for h in biggest) <= MASTHEAD_TOP * sheet.height and size(biggest) > 1.5 * min(
            size(d) for d in decks if d is not biggest):
        return biggest
    return None


def _decks(ordered: list[Region], headings: list[Region]) -> list[list[Region]]:
    """Headings that follow one another directly (in reading order, one under the other)
    are the decks of one headline."""
    heading_ids = {id(h) for h in headings}
    groups: list[list[Region]] = []
    previous = None
    for region in ordered:
        if id(region) in heading_ids:
            last = groups[-1][-1] if groups else None
            if last is not None and previous is last and _stacked(last, region):
                groups[-1].append(region)
            else:
                groups.append([region])
        if has_text(region):
            previous = region
    return groups


def _stacked(upper: Region, lower: Region) -> bool:
    height = max(upper.box[3] - upper.box[1], lower.box[3] - lower.box[1], 1)
    shared = overlap(upper.box[0], upper.box[2], lower.box[0], lower.box[2])
    return lower.box[1] - upper.box[3] < height and shared > 0


def _heading_above(region: Region, decks: list[list[Region]]) -> list[Region] | None:
    """The nearest headline above REGION that shares its columns."""
    best, best_bottom = None, None
    x0, y0, x1, _ = region.box
    for group in decks:
        box = union(h.box for h in group)
        if box[3] > y0 + 0.5 * (region.box[3] - y0) or box[1] > y0:
            continue
        shared = overlap(box[0], box[2], x0, x1)
        if shared < 0.3 * min(box[2] - box[0], x1 - x0):
            continue
        if best_bottom is None or box[3] > best_bottom:
            best, best_bottom = group, box[3]
    return best


def untitled_warnings(plans: list[Plan], sheets: list[Sheet]) -> list[str]:
    """What to tell about pages whose text had no headline (see plan_by_headlines)."""
    warnings = []
    for plan in plans:
        if plan.untitled and plan.body:
            number = sheets[plan.body[0].page].number
            where = f"page {number}" if number is not None else "the page"
            warnings.append(f"no headlines recognised on {where}; its text kept as one article "
                            "titled from its first line")
    return warnings
