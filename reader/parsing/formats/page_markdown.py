"""`page-markdown`: a printed page as OCR tools write it — the head (front matter, masthead,
running header), then one article per `## ` headline."""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import NotAPageError
from ..model import Page, ParsedPage
from ..text.assemble import build_article
from ..text.blocks import SUBHEADING_RE, paragraph_gap, split_blocks
from ..text.head import HeadFields, check_consistency, read_head_line
from ..text.joining import is_box_like
from ..text.markup import heading_text
from ..text.page_breaks import strip_page_breaks
from ..text.plain_heads import (
    HEADING_RE as ANY_HEADING_RE,
)
from ..text.plain_heads import (
    PARAGRAPH_MIN_CHARS,
    SENTENCE_MIN_CHARS,
    introduces_quotation,
    is_caps_line,
    is_filler_quotation,
    is_title_line,
    opens_untitled_item,
)

LAYOUT = "page-markdown"

MASTHEAD_RE = re.compile(r"^#\s+(.*\S)\s*#*$")
HEADLINE_RE = re.compile(r"^#{1,2}\s+(.*\S)\s*#*$")


def clean_heading(text: str, links: list[str] | None = None) -> str:
    return heading_text(text, links)


def parse(lines: list[str], *, path: Path | None = None, publication: str | None = None) -> ParsedPage:
    """Parse the lines of a page file. Raises NotAPageError (one-line reason)."""
    # A whole issue in one file: page separators and running heads are notes, not text.
    lines, break_notes = strip_page_breaks(lines)
    lines = mark_plain_headlines(lines)
    masthead_index = None
    first_headline = None
    for index, line in enumerate(lines):
        if line.startswith("## ") or line.startswith("##\t"):
            first_headline = index
            break
        if masthead_index is None and MASTHEAD_RE.match(line):
            masthead_index = index
            continue
        if masthead_index is not None and MASTHEAD_RE.match(line):
            # A second `# ` heading before any `## `: the tool used `# ` for headlines.
            first_headline = index
            break
    if first_headline is None and masthead_index is None:
        if not any(line.strip() for line in lines):
            raise NotAPageError("file is empty")
        raise NotAPageError("no masthead ('# ') or headline ('## ') found: not a parsed newspaper page")
    head_end = first_headline if first_headline is not None else len(lines)
    # A `## ` line with no headline text before the first real headline: from there on,
    # head lines are kept as they are (besides the fields read from them), not consumed.
    # A page with no headline at all (a truncated file), or whose tool wrote its headlines
    # with `# ` (no `## ` anywhere), keeps its head lines whole too.
    verbatim_from = next((i for i, line in enumerate(lines[:head_end]) if _bare_headline_mark(line)), head_end)
    if first_headline is None or not lines[first_headline].startswith("##"):
        verbatim_from = 0

    head = HeadFields()
    page = Page()
    page.extras.extend(break_notes)
    masthead_name = None
    if masthead_index is not None:
        masthead_name = clean_heading(MASTHEAD_RE.match(lines[masthead_index]).group(1))
        for index, line in enumerate(lines[:masthead_index]):
            rest = read_head_line(line, head, before_masthead=True)
            _keep_rest(line if index >= verbatim_from else rest, page.extras)
        if masthead_index >= verbatim_from:
            page.extras.append(lines[masthead_index])
        slogan_taken = False
        for index, line in enumerate(lines[masthead_index + 1: head_end], start=masthead_index + 1):
            if not line.strip():
                continue
            rest = read_head_line(line, head, before_masthead=False)
            if index >= verbatim_from:
                rest = line
            if not rest:
                continue
            if not slogan_taken and index < verbatim_from and looks_like_slogan(rest):
                head.publication.slogan = rest
            else:
                page.extras.append(rest)
            slogan_taken = True  # only the first line under the masthead can be the slogan
    else:
        for index, line in enumerate(lines[:head_end]):
            rest = read_head_line(line, head, before_masthead=False)
            _keep_rest(line if index >= verbatim_from else rest, page.extras)
    if masthead_name:
        # `The American Sentinel.`: a full stop closes the masthead line, not the name.
        head.publication.name = masthead_name.rstrip(".").strip() or masthead_name
    check_consistency(head)

    page.number = head.page_number if head.page_number is not None else (1 if masthead_index is not None else None)
    page.name = head.page_name
    page.editors = head.editors

    masthead_key = _letters_key(masthead_name or "")
    if first_headline is not None:
        body_lines = lines[first_headline:]
        gap = paragraph_gap(body_lines)
        sections = list(_split_articles(body_lines))
        # Items opened by a word in capitals are this page's way only where its articles
        # open so too (old papers); elsewhere `NASA said …` is just a paragraph.
        caps_leads = sum(1 for headline, article_lines, _ in sections
                         if _opens_with_caps_lead(article_lines) and not _names_paper(headline, masthead_key))
        for headline, article_lines, links in sections:
            if _names_paper(headline, masthead_key):
                # The paper's name again as a heading (an inner page's title, the subscription
                # box): what stands under it up to the next headline is the page's, not an article.
                page.extras.append(headline)
                page.extras.extend(line.strip() for line in article_lines if line.strip())
                continue
            if caps_leads >= 2:
                article_lines, notes = _split_untitled_items(article_lines)
                page.extras.extend(notes)
            blocks = split_blocks(article_lines, gap)
            article = build_article(headline, blocks, page.extras)
            article.links[:0] = [link for link in links if link not in article.links]
            page.articles.append(article)
    return ParsedPage(publication=head.publication, issue=head.issue, pages=[page], warnings=head.warnings)


# Lines under a masthead that say who publishes the paper, not what it stands for.
ORGAN_RE = re.compile(r"主办|主管|出版|编印|編印|机关报|機關報|编辑部|編輯部|报社|報社|委员会|委員會|[创創]刊|印刷|发行|發行")


def looks_like_slogan(text: str) -> bool:
    """A motto in words (倾情关注劳动群体 全心服务工会组织), not a box (今日12版, 扫码关注),
    not the publisher's line (中共XX委员会机关报, 《X报》编辑部编印), not a sentence."""
    compact = "".join(text.split())
    cjk = sum(1 for ch in compact if "\u4e00" <= ch <= "\u9fff")
    return (4 <= len(compact) <= 40 and cjk >= len(compact) * 0.8
            and not any(ch.isdigit() for ch in compact) and not is_box_like(text)
            and not ORGAN_RE.search(compact) and not any(ch in "《》。：:！？" for ch in compact))


def _bare_headline_mark(line: str) -> bool:
    return line.strip() == "##"


def _keep_rest(rest: str, extras: list[str]) -> None:
    if rest and rest.strip():
        extras.append(rest.strip())


def _split_articles(lines: list[str]):
    """Yield (headline, lines, the headline's link targets) per `## ` headline; `### ` lines
    right under it are decks."""
    headline: list[str] | None = None
    body: list[str] = []
    links: list[str] = []
    in_decks = False
    for line in lines:
        if line.startswith("#"):  # both patterns open with one
            match = HEADLINE_RE.match(line)
            if match:
                if headline is not None:
                    yield " ".join(headline), body, links
                links = []
                headline, body, in_decks = [clean_heading(match.group(1), links)], [], True
                continue
            deck = SUBHEADING_RE.match(line)
            if in_decks and deck:
                headline.append(clean_heading(deck.group(1), links))
                continue
        if line.strip():
            in_decks = False
        if headline is not None:
            body.append(line)
    if headline is not None:
        yield " ".join(headline), body, links



def _letters_key(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalpha())


def _line_blocks(lines: list[str]) -> list[tuple[int, int]]:
    """(first, past-last) index of each run of non-blank lines."""
    runs: list[tuple[int, int]] = []
    start = None
    for index, line in enumerate(lines + [""]):
        if line.strip() and start is None:
            start = index
        elif not line.strip() and start is not None:
            runs.append((start, index))
            start = None
    return runs


def mark_plain_headlines(lines: list[str]) -> list[str]:
    """Give plain-line headlines (a short line in headline case standing alone over a
    paragraph) the `## ` mark, and lines wholly in capitals the rank the page gives them:
    `### ` (a subhead) where the page's headlines are in mixed case, `## ` otherwise. Looks
    only below the masthead (or from the first `## `): the head above is the page's."""
    start = next((i + 1 for i, line in enumerate(lines) if MASTHEAD_RE.match(line)), None)
    if start is None:
        start = next((i for i, line in enumerate(lines) if line.startswith("## ")), None)
    if start is None:
        return lines
    runs = [run for run in _line_blocks(lines) if run[0] >= start]
    titles: list[int] = []
    caps: list[int] = []
    caps_headings: list[int] = []
    mixed_case = False
    title_count = 0
    first_head: int | None = None
    for number, (first, end) in enumerate(runs):
        line = lines[first]
        heading = ANY_HEADING_RE.match(line)
        if heading:
            if len(heading.group(1)) <= 2 and is_caps_line(heading.group(2)):
                caps_headings.append(first)
            elif len(heading.group(1)) <= 2 and is_title_line(heading.group(2)):
                mixed_case = True
                title_count += 1
            if len(heading.group(1)) <= 2 and first_head is None:
                first_head = first
            continue
        if end - first != 1 or number + 1 >= len(runs):
            continue
        following = lines[runs[number + 1][0]]
        if ANY_HEADING_RE.match(following) or len(following.strip()) < SENTENCE_MIN_CHARS:
            continue
        if is_title_line(line):
            if len(following.strip()) >= PARAGRAPH_MIN_CHARS:
                titles.append(first)
                mixed_case = True
                title_count += 1
                first_head = first if first_head is None else first_head
        elif is_caps_line(line):
            caps.append(first)
    if not titles and not caps and not (mixed_case and caps_headings):
        return lines
    out = list(lines)
    for index in titles:
        out[index] = "## " + lines[index].strip()
    for index in caps:
        out[index] = ("### " if mixed_case else "## ") + lines[index].strip()
    if mixed_case:
        masthead = next((_letters_key(m.group(1)) for line in lines if (m := MASTHEAD_RE.match(line))), "")
        # Marked in capitals among more headlines in mixed case, after the first: a subhead.
        ranked = title_count > len(caps_headings)
        for index in caps_headings:
            text = ANY_HEADING_RE.match(lines[index]).group(2)
            if ranked and index != first_head and not (masthead and _letters_key(text).startswith(masthead)):
                out[index] = "### " + text
    return out


def _names_paper(headline: str, masthead_key: str) -> bool:
    """A heading that is the paper's name again (with whatever deck follows it)."""
    return len(masthead_key) >= 6 and _letters_key(headline).startswith(masthead_key)


def _opens_with_caps_lead(lines: list[str]) -> bool:
    first = next((line for line in lines if line.strip() and not ANY_HEADING_RE.match(line)), "")
    return opens_untitled_item(first)


def _split_untitled_items(lines: list[str]) -> tuple[list[str], list[str]]:
    """An article's lines, and what follows its body without a headline of its own: an item
    opened by a word in capitals after the first paragraph, a lone quotation closing the
    column. Those are the page's notes."""
    runs = [run for run in _line_blocks(lines) if not ANY_HEADING_RE.match(lines[run[0]])]
    cut = len(lines)
    for first, _ in runs[1:]:
        if opens_untitled_item(lines[first]):
            cut = first
            break
    kept_runs = [run for run in runs if run[0] < cut]
    if len(kept_runs) >= 2:
        last, before = kept_runs[-1], kept_runs[-2]
        last_text = " ".join(line.strip() for line in lines[last[0]:last[1]])
        before_text = " ".join(line.strip() for line in lines[before[0]:before[1]])
        if is_filler_quotation(last_text) and not introduces_quotation(before_text):
            cut = last[0]
    if cut >= len(lines):
        return lines, []
    rest = lines[cut:]
    return lines[:cut], [" ".join(line.strip() for line in rest[a:b]) for a, b in _line_blocks(rest)]
