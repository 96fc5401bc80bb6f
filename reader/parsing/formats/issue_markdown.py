"""`issue-markdown`: one file per issue — a broadcast transcript, a digest — with one
`##`/`###` item per story under a title (`# 新闻联播 2025年3月1日`).

Every heading followed by text is a story (an article); a heading followed only by other
headings names a section (kept as a page note). Summary lists before the first story,
link lines and timestamps are notes too; link targets also go to the story's links.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..model import Issue, Page, ParsedPage, Publication
from ..text.assemble import build_article
from ..text.blocks import paragraph_gap, split_blocks
from ..text.markup import render_inline, strip_inline
from ..text.source_meta import field_value, front_matter, iso_date, path_meta

LAYOUT = "issue-markdown"
HEADING_RE = re.compile(r"^(#{1,6})[ \t]+(\S.*?)\s*#*\s*$")
TIMESTAMP_RE = re.compile(r"^\s*(?:\[?\d{1,2}:\d{2}(?::\d{2})?\]?|\d{4}-\d{2}-\d{2}\s+\d{1,2}:\d{2}(?::\d{2})?)\s*$")
LINK_LINE_RE = re.compile(r"^\s*(?:[-*+]\s*)?(?:\[[^\]]*\]\([^)]*\)|<?(?:https?|ftp)://\S+>?)\s*$")
DATE_IN_TITLE_RE = re.compile(
    r"(?:18|19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?|(?<!\d)(?:18|19|20)\d{6}(?!\d)")


def parse(lines: list[str], *, path: Path | None = None, publication: str | None = None) -> ParsedPage:
    fields, start = front_matter(lines)
    lines = lines[start:]
    headings = [(i, len(m.group(1)), m.group(2)) for i, line in enumerate(lines)
                if (m := HEADING_RE.match(line))]
    title = next((text for _, level, text in headings if level == 1), None)
    page = Page()
    stories: list[tuple[str, list[str]]] = []
    first_item = None
    for position, (index, level, text) in enumerate(headings):
        if level == 1:
            continue
        end = headings[position + 1][0] if position + 1 < len(headings) else len(lines)
        body = lines[index + 1: end]
        if any(line.strip() for line in body):
            stories.append((_heading_text(text), body))
            first_item = index if first_item is None else first_item
        else:
            page.extras.append(_heading_text(text))
    lead_end = first_item if first_item is not None else len(lines)
    page.extras[:0] = [line.strip() for line in lines[:lead_end]
                       if line.strip() and not _is_title(line)]
    for headline, body in stories:
        kept: list[str] = []
        links: list[str] = []
        for line in body:
            if TIMESTAMP_RE.match(line) or LINK_LINE_RE.match(line):
                page.extras.append(line.strip())
                links.extend(render_inline(line).links)
                kept.append("")
            else:
                kept.append(line)
        article = build_article(headline, split_blocks(kept, paragraph_gap(kept)), page.extras)
        article.links[:0] = [link for link in links if link not in article.links]
        page.articles.append(article)

    from_path = path_meta(path)
    title_date = DATE_IN_TITLE_RE.search(title) if title else None
    name = field_value(fields, "publication") or publication
    if not name and title:
        name = _title_name(title, title_date) or None
    issue = Issue(date=_date(field_value(fields, "date")) or (iso_date(title_date.group(0)) if title_date else None)
                  or from_path.date)
    if title is not None and name != _heading_text(title):
        page.extras.insert(0, _heading_text(title))
    parsed = ParsedPage(publication=Publication(name=name or from_path.publication), issue=issue, pages=[page])
    return parsed


def _is_title(line: str) -> bool:
    match = HEADING_RE.match(line)
    return bool(match) and len(match.group(1)) == 1


def _heading_text(text: str) -> str:
    return re.sub(r"\s+", " ", strip_inline(text)).strip()


def _title_name(title: str, date: re.Match | None) -> str:
    """`新闻联播 2025年3月1日` → 新闻联播: the title without its date and punctuation."""
    text = _heading_text(title)
    if date:
        text = text.replace(date.group(0), " ")
    text = re.sub(r"[\s|｜:：·\-—_()（）\[\]【】]+", " ", text).strip()
    return text if 2 <= len(text) <= 24 else ""


def _date(value: str | None) -> str | None:
    return iso_date(value) if value else None
