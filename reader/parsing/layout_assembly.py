"""Articles from their plans (see layout_page): headline, byline, paragraphs with subheads,
captions attached to their images, zones; and the model's pages with every block and word
in page fractions."""
from __future__ import annotations

import re
import statistics
from collections.abc import Sequence

from .geometry import (
    Region,
    continues,
    join_lines,
    join_pieces,
    median_line_height,
    overlap,
    paragraphs,
    to_fraction,
    union,
)
from .layout_page import (
    LETTERS,
    Plan,
    Sheet,
    classify_by_size,
    order_sheet,
    plan_by_headlines,
    untitled_warnings,
)
from .model import Article, Block, Caption, Issue, Page, ParsedPage, Publication, Word, Zone
from .plausibility import ocr_warnings
from .text.credits import split_byline, split_photo_credit
from .text.joining import was_cut

INDENT_RATIO = 0.8  # a first line set in by more than this many line heights opens a paragraph
_LATIN_BYLINE = re.compile(r"^(?:By|BY|Par|PAR|Von|VON|Door|Por|POR)\s+([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})")


def region_texts(region: Region) -> list[tuple[str, bool]]:
    return [(t, h) for t, h in paragraphs(region) if t.strip()]


def plain_text(region: Region) -> str:
    """The region's text as one string (its paragraphs joined)."""
    text = ""
    for piece, _ in region_texts(region):
        text = join_pieces(text, piece)
    return text


def assemble(plan: Plan, sheets: Sequence[Sheet]) -> Article:
    """One article from its plan: headline, byline, paragraphs (with subheads), captions
    attached to their images, and its zones on every page it stands on."""
    headline = plan.title or _trim(" ".join(plain_text(h) for h in plan.headings))
    article = Article(headline=headline or "(untitled)", kind=plan.kind)
    pending_hyphen = False
    before: Region | None = None  # the text region read last
    images = [r for r in plan.body if r.kind == "image"]
    for region in plan.body:
        if region.kind == "image":
            continue
        if region.kind == "caption":
            _add_caption(article, region, images)
            continue
        if region.kind == "table":
            rows = [row.split(" | ") for row in (region.text or plain_text(region)).splitlines() if row.strip()]
            if rows:
                article.tables.append(rows)
            continue
        if region.kind in ("subhead", "heading"):
            text = plain_text(region)
            if text:
                article.subheads.append(len(article.paragraphs))
                article.paragraphs.append(text)
                pending_hyphen = False
            continue
        for index, (text, hyphen) in enumerate(region_texts(region)):
            previous = article.paragraphs[-1] if article.paragraphs else ""
            last_is_subhead = article.subheads and article.subheads[-1] == len(article.paragraphs) - 1
            if index == 0 and previous and not last_is_subhead and (
                    continues(previous, pending_hyphen, text) or _runs_on(before, region, previous, text)):
                article.paragraphs[-1] = join_lines(previous, text, hyphen=pending_hyphen)
            else:
                article.paragraphs.append(text)
            pending_hyphen = hyphen
        before = region
    _take_byline(article)
    article.layout = [("p", i) for i in range(len(article.paragraphs))] + [
        ("c", i) for i in range(len(article.captions))] + [("t", i) for i in range(len(article.tables))]
    regions = [*plan.headings, *plan.body]
    article.zones = zones(regions, sheets)
    pages = sorted({r.page for r in regions})
    if len(pages) > 1:
        article.continued_to = sheets[pages[1]].number
    return article


def _runs_on(before: Region | None, region: Region, previous: str, text: str) -> bool:
    """Whether REGION goes on with the paragraph that ended the region read BEFORE it, even
    from a capital ('Chairman George' / 'Moylan said'), on positive evidence only: that text
    is unfinished (joining.was_cut, as for Markdown), REGION's first line has no paragraph
    indent, and REGION follows right under it in its column or heads the next column."""
    if before is None or not was_cut(previous, text) or not _opens_flush(region):
        return False
    if previous.rstrip()[-1] in "-‐" and text[0].isupper():
        return False  # a word cut at its hyphen goes on in lower case: this is another text
    if before.page != region.page:
        return True  # an article running on to its next page (METS)
    height = median_line_height(region.lines)
    shared = overlap(before.box[0], before.box[2], region.box[0], region.box[2])
    narrower = min(before.box[2] - before.box[0], region.box[2] - region.box[0])
    if shared >= 0.5 * narrower:
        return 0 <= region.box[1] - before.box[3] <= 0.5 * height
    return region.box[0] >= before.box[2] - height and region.box[1] < before.box[3]


def _opens_flush(region: Region) -> bool:
    """Whether the region's first line stands flush with the lines under it: no paragraph
    indent, so (where the text before it is unfinished) it goes on with that paragraph,
    even from a capital ('Chairman George' / 'Moylan said'). A region of one line shows
    neither, and counts as no evidence."""
    lines = [ln for ln in region.lines if ln.words]
    if len(lines) < 2:
        return False
    left = statistics.median(ln.box[0] for ln in lines[1:])
    return lines[0].box[0] - left <= INDENT_RATIO * median_line_height(lines)


def _trim(headline: str) -> str:
    """A headline without the rules and dots OCR reads around it ('- ALLEMAGNE.')."""
    words = headline.split()
    while words and not LETTERS.search(words[0]) and not any(c.isdigit() for c in words[0]):
        words.pop(0)
    while words and not LETTERS.search(words[-1]) and not any(c.isdigit() for c in words[-1]):
        words.pop()
    return " ".join(words)


def _add_caption(article: Article, region: Region, images: list[Region]) -> None:
    text = plain_text(region)
    lines = [ln.strip() for ln in (region.text or "").splitlines() if ln.strip()]
    caption, credit = split_photo_credit(text)
    if credit is None and len(lines) > 1 and re.search(r"(?:摄|供图|提供)\s*[)）]?$", lines[-1]):
        caption, credit = " ".join(lines[:-1]), lines[-1]
    image = min(images, key=lambda im: _distance(im, region), default=None)
    article.captions.append(Caption(caption or text, credit, image.image if image is not None else None))


def _distance(a: Region, b: Region) -> float:
    dx = max(0.0, max(a.box[0], b.box[0]) - min(a.box[2], b.box[2]))
    dy = max(0.0, max(a.box[1], b.box[1]) - min(a.box[3], b.box[3]))
    return dx + dy + (0 if a.page == b.page else 1e12)


BYLINE_SEARCH = 3  # a byline stands among the first paragraphs (after a caption, a kicker)


def _take_byline(article: Article) -> None:
    """A byline among the first paragraphs (本报记者 X Y; By Jane Doe) moves out of them."""
    for index, text in enumerate(article.paragraphs[:BYLINE_SEARCH]):
        if index in article.subheads:
            continue
        byline, rest = split_byline(text)
        if byline is not None and byline.reporters:
            article.byline, article.dateline = byline.text, byline.dateline
            article.reporters = list(byline.reporters)
            article.photographers = list(byline.photographers)
        else:
            match = _LATIN_BYLINE.match(text)
            if match is None or len(text) > 80:
                continue
            article.byline = text
            article.reporters = [match.group(1)]
            rest = ""
        if rest:
            article.paragraphs[index] = rest
        else:
            del article.paragraphs[index]
            article.subheads = [i - 1 if i > index else i for i in article.subheads]
        return


def zones(regions: Sequence[Region], sheets: Sequence[Sheet]) -> list[Zone]:
    """Where the regions stand: one zone per run of regions one under the other in a
    column, in page fractions."""
    result: list[Zone] = []
    run: list[Region] = []

    def flush() -> None:
        if run:
            sheet = sheets[run[0].page]
            box = union(r.box for r in run)
            result.append(Zone(sheet.number, to_fraction(box, sheet.width, sheet.height)))
            run.clear()

    for region in sorted(regions, key=lambda r: r.page):
        if run and (run[-1].page != region.page or not _same_column(run[-1], region)):
            flush()
        run.append(region)
    flush()
    return result


def _same_column(a: Region, b: Region) -> bool:
    shared = overlap(a.box[0], a.box[2], b.box[0], b.box[2])
    return shared >= 0.6 * min(a.box[2] - a.box[0], b.box[2] - b.box[0]) and b.box[1] >= a.box[1]


# --- the page --------------------------------------------------------------------------------

def build_pages(sheets: Sequence[Sheet], plans: Sequence[Plan], extras: dict[int, list[Region]]) -> list[Page]:
    """The model's pages: each article on the page where it starts (PLANS must be in page
    order), page notes from the regions of no article, and every region and word with its
    box in page fractions and its article."""
    pages = [Page(number=s.number, image=s.image, size=s.size) for s in sheets]
    owner: dict[int, int] = {}

    def first_page(plan: Plan) -> int:
        return min((r.page for r in (*plan.headings, *plan.body)), default=0)

    # Article indexes count across pages in order: sort the plans by their first page.
    for index, plan in enumerate(sorted(plans, key=first_page)):
        for region in (*plan.headings, *plan.body):
            owner[id(region)] = index
        pages[first_page(plan)].articles.append(assemble(plan, sheets))
    for page_index, regions in extras.items():
        page = pages[page_index]
        for region in regions:
            text = plain_text(region) if region.kind != "image" else ""
            if text:
                page.extras.append(text)
    for sheet, page in zip(sheets, pages):
        for region in sheet.ordered:
            box = to_fraction(region.box, sheet.width, sheet.height)
            article = owner.get(id(region))
            page.blocks.append(Block(region.kind, box, plain_text(region) if region.kind != "image" else "", article))
            for word in region.words:
                if word.text.strip():
                    page.words.append(Word(word.text, to_fraction(word.box, sheet.width, sheet.height), article))
    return pages


def parse_by_headlines(sheets: list[Sheet], *, layout: str, publication: str | None) -> ParsedPage:
    """Pages that come with no article map (ALTO without METS, hOCR): type sizes classified,
    reading order from geometry, and articles under their headlines."""
    plans: list[Plan] = []
    extras: dict[int, list] = {}
    for index, sheet in enumerate(sheets):
        classify_by_size(sheet)
        order_sheet(sheet)
        sheet_plans, extras[index] = plan_by_headlines(sheet)
        plans += sheet_plans
    parsed = ParsedPage(Publication(name=publication), Issue(), build_pages(sheets, plans, extras),
                        layout=layout)
    parsed.warnings += ocr_warnings(parsed.pages)
    parsed.warnings += untitled_warnings(plans, sheets)
    return parsed
