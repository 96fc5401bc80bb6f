"""`issue-markdown`: one file per issue — a broadcast transcript, a digest — with one
`##`/`###` item per story under a title (`# 新闻联播 2025年3月1日`).

Every heading followed by text is a story (an article); a heading followed only by other
headings names a section (kept as a page note). Summary lists before the first story,
link lines and timestamps are notes too; link targets also go to the story's links.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from ..model import Issue, Page, ParsedPage, Publication
from ..text.assemble import build_article
from ..text.blocks import paragraph_gap, split_blocks
from ..text.markup import heading_text, render_inline, strip_inline
from ..text.source_meta import field_value, front_matter, iso_date, path_meta

LAYOUT = "issue-markdown"
HEADING_RE = re.compile(r"^(#{1,6})[ \t]+(\S.*?)\s*#*\s*$")
# `19:00`, `[00:12:30]`, `2025-03-01 19:30`, `更新时间：2023-09-04T14:18:08.371Z`,
# `(更新时间戳: 1770818148168)`: when the text was taken, not part of any story.
_CLOCK = r"\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
_DAY = r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
TIMESTAMP_RE = re.compile(
    r"^\s*[(（]?\s*(?:[\u4e00-\u9fffA-Za-z ]{0,12}\s*[:：]\s*)?\[?"
    rf"(?:(?:{_DAY}(?:[T\s]\s*)?)?{_CLOCK}\s*(?:Z|[+-]\d{{2}}:?\d{{2}})?|\d{{10,13}})"
    r"\]?\s*[)）]?\s*$")
# A line made of links (`- [标题](url) | [PDF 檔](…)`): a listing's entry, not running text.
LINK_LINE_RE = re.compile(
    r"^\s*(?:[-*+]\s*)?(?:(?:\[[^\]]*\]\([^)]*\)|<?(?:https?|ftp)://\S+>?)\s*[|｜,，/、]?\s*)+$")
DATE_IN_TITLE_RE = re.compile(
    r"(?:18|19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?|(?<!\d)(?:18|19|20)\d{6}(?!\d)")


def parse(lines: list[str], *, path: Path | None = None, publication: str | None = None) -> ParsedPage:
    fields, start = front_matter(lines)
    kept_front = [line.strip() for line in lines[1: start - 1] if line.strip()]
    lines = lines[start:]
    headings = [(i, len(m.group(1)), m.group(2)) for i, line in enumerate(lines)
                if (m := HEADING_RE.match(line))]
    title = next((text for _, level, text in headings if level == 1), None)
    page = Page()
    # Each heading with the text under it, up to the next heading.
    sections = []
    for position, (index, level, text) in enumerate(headings):
        end = headings[position + 1][0] if position + 1 < len(headings) else len(lines)
        sections.append((level, text, lines[index + 1: end]))
    # The stories are the headings of the level that most often has text under it; headings
    # of other levels name sections or hold summaries (新闻摘要): page notes.
    with_text = Counter(level for level, _, body in sections if level > 1 and any(ln.strip() for ln in body))
    item_level = max(with_text, key=lambda level: (with_text[level], level)) if with_text else 2
    stories: list[tuple[str, list[str]]] = []
    page.extras.extend(kept_front)  # the front matter, kept as notes
    lead = lines[: headings[0][0]] if headings else lines
    page.extras.extend(line.strip() for line in lead if line.strip())
    for level, text, body in sections:
        if level == item_level:
            stories.append((text, body))
            continue
        if level != 1:
            page.extras.append(_note_text(text))
        page.extras.extend(_note_text(line) for line in body if line.strip() and _note_text(line))
    for heading, body in stories:
        kept: list[str] = []
        links: list[str] = []
        headline = heading_text(heading, links)
        for line in body:
            if TIMESTAMP_RE.match(line) or LINK_LINE_RE.match(line):
                page.extras.append(_note_text(line))
                links.extend(render_inline(line).links)
                kept.append("")
            else:
                kept.append(line)
        article = build_article(headline, split_blocks(kept, paragraph_gap(kept)), page.extras,
                                column_breaks=False)
        article.links[:0] = [link for link in links if link not in article.links]
        if article.paragraphs or article.captions or article.tables:
            page.articles.append(article)
        else:  # only links or timestamps under it: a heading of the listing, kept as a note
            page.extras.append(_note_text(heading))

    from_path = path_meta(path)
    title_date = DATE_IN_TITLE_RE.search(title) if title else None
    name = field_value(fields, "publication") or publication
    if not name and title:
        name = _title_name(title, title_date) or None
    issue = Issue(date=_date(field_value(fields, "date")) or (iso_date(title_date.group(0)) if title_date else None)
                  or from_path.date)
    if title is not None and name != _heading_text(title):
        page.extras.insert(0, _note_text(title))
    parsed = ParsedPage(publication=Publication(name=name or from_path.publication), issue=issue, pages=[page])
    return parsed


def _note_text(line: str) -> str:
    """A line as a page note: markup dropped, link targets kept beside their words."""
    inline = render_inline(line)
    text = re.sub(r"\s+", " ", inline.text).strip()
    targets = [link for link in inline.links if link not in text]
    return " ".join([text, *targets]).strip()


def _heading_text(text: str) -> str:
    return re.sub(r"\s+", " ", strip_inline(text)).strip()


def _title_name(title: str, date: re.Match | None) -> str:
    """`新闻联播 2025年3月1日` → 新闻联播: the title without its date and punctuation."""
    text = _heading_text(title)
    if date:
        text = text.replace(date.group(0), " ")
    text = re.sub(r"[\s|｜:：·\-—_()（）\[\]【】]+", " ", text).strip()
    if text.startswith("《") and text.endswith("》") and text.count("《") == 1:
        text = text[1:-1].strip()  # 《新闻联播》: the title marks quote the name
    return text if 2 <= len(text) <= 24 else ""


def _date(value: str | None) -> str | None:
    return iso_date(value) if value else None
