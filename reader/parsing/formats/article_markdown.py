"""`article-markdown`: one article per file, as digital-edition scrapers write it.

    ### 引题            (kicker, above the headline)
    # 主题              (the headline)
    ## 副题             (deck, under it)
    > 本报记者 王浩     (byline, often with the scraper's source note)
    body, with **bold** or `###` subheads

The date, page number and page name come from front matter, a source note or the path
(`2025/03/2025-03-01/01-要闻/3-标题.md`); the publication from front matter, the caller
(`publication=`), a source note or a folder name — never from the headline.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..model import Issue, Page, ParsedPage, Publication
from ..text.assemble import build_article
from ..text.blocks import paragraph_gap, split_blocks
from ..text.credits import names_only_byline, split_byline
from ..text.head import chinese_number
from ..text.markup import heading_text, render_inline
from ..text.source_meta import field_value, front_matter, iso_date, path_meta, take_source_note

LAYOUT = "article-markdown"
HEADING_RE = re.compile(r"^(#{1,6})[ \t]+(\S.*?)\s*#*\s*$")
QUOTE_RE = re.compile(r"^\s*>\s?")


def parse(lines: list[str], *, path: Path | None = None, publication: str | None = None) -> ParsedPage:
    fields, start = front_matter(lines)
    # The front matter is kept as the page's notes: what a scraper recorded is part of
    # the source (START is 0 when there is none: then nothing is front matter).
    extras: list[str] = [line.strip() for line in lines[1: start - 1] if line.strip()] if start else []
    lines = lines[start:]
    h1 = next(i for i, line in enumerate(lines) if (m := HEADING_RE.match(line)) and len(m.group(1)) == 1)
    decks: list[str] = []
    heading_links: list[str] = []
    # Above the headline: a kicker heading; other lines there are notes (nothing is lost).
    for line in lines[:h1]:
        match = HEADING_RE.match(line)
        if match:
            decks.append(_heading_text(match.group(2), heading_links))
        elif line.strip():
            extras.append(line.strip())
    decks.append(_heading_text(HEADING_RE.match(lines[h1]).group(2), heading_links))
    index = h1 + 1
    while index < len(lines):
        line = lines[index]
        match = HEADING_RE.match(line)
        if match and len(match.group(1)) == 2:
            decks.append(_heading_text(match.group(2), heading_links))
        elif line.strip() and not match:
            break
        elif match:  # a `###` right under the headline: a deck too
            decks.append(_heading_text(match.group(2), heading_links))
        index += 1
    for name in ("pretitle",):
        value = field_value(fields, name)
        if value and value not in decks:
            decks.insert(0, value)
    body = [QUOTE_RE.sub("", line) for line in lines[index:]]
    note, body = _take_source_notes(body)
    if note is not None:
        extras.append(note.text)  # page metadata, kept as the page's note
    # The `> ` line under the headline is the byline, even when it is only names.
    names_byline = None
    first = next((i for i, line in enumerate(body) if line.strip()), None)
    if first is not None and QUOTE_RE.match(lines[index + first]) and split_byline(body[first])[0] is None:
        names_byline = names_only_byline(body[first])
        if names_byline is not None:
            del body[first]
    body, furniture = _split_furniture(body)
    article = build_article(" ".join(d for d in decks if d), split_blocks(body, paragraph_gap(body)), extras,
                            column_breaks=False)
    extras.extend(_note(line) for line in furniture if _note(line))
    if names_byline is not None and article.byline is None:
        article.byline = names_byline.text
        article.reporters = names_byline.reporters
    author = field_value(fields, "byline")
    if author and not article.reporters:
        # The front matter's author, when it reads as a byline (記者林勵) or as names.
        byline = split_byline(author)[0] or names_only_byline(author)
        if byline is not None and split_byline(author)[1] == "":
            article.reporters = list(byline.reporters)
        elif byline is not None and byline.reporters:
            article.reporters = list(byline.reporters)
    article.links[:0] = [link for link in heading_links if link not in article.links]
    url = field_value(fields, "url")
    if url and url not in article.links:
        article.links.insert(0, url)

    from_path = path_meta(path)
    issue = Issue(date=(_date(field_value(fields, "date")) or (note.date if note else None) or from_path.date))
    page = Page(number=_page(field_value(fields, "page")) or (note.page if note else None) or from_path.page,
                name=field_value(fields, "page_name") or from_path.page_name,
                articles=[article], extras=extras)
    name = (field_value(fields, "publication") or publication or (note.publication if note else None)
            or from_path.publication)
    parsed = ParsedPage(publication=Publication(name=name), issue=issue, pages=[page])
    if not article.paragraphs and not article.captions and not article.tables:
        parsed.warnings.append("the article has a headline but no text")
    return parsed


THEMATIC_BREAK_RE = re.compile(r"^\s{0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$")


def _split_furniture(body: list[str]) -> tuple[list[str], list[str]]:
    """After a thematic break (`---`) at the end of a scraped article come the site's
    furniture — subscription appeals, the author's box — not the article: when what follows
    the first break is shorter than what precedes it, it goes to the page's notes."""
    for index, line in enumerate(body):
        if THEMATIC_BREAK_RE.match(line):
            before = sum(len(ln.strip()) for ln in body[:index])
            after = sum(len(ln.strip()) for ln in body[index + 1:] if not THEMATIC_BREAK_RE.match(ln))
            if before and after < before:
                return body[:index], body[index + 1:]
            return body, []
    return body, []


def _note(line: str) -> str:
    """A line as a page note: markup dropped, link and image targets kept beside the words."""
    if THEMATIC_BREAK_RE.match(line):
        return ""
    inline = render_inline(line)
    text = re.sub(r"\s+", " ", inline.text).strip()
    return " ".join([text, *(link for link in inline.links if link not in text)]).strip()


def _heading_text(text: str, links: list[str]) -> str:
    return heading_text(text, links)


def _take_source_notes(body: list[str]):
    """The first scraper's source note in the body (usually after the byline) is page
    metadata; it is cut out of its line."""
    for index, line in enumerate(body):
        note, rest = take_source_note(line)
        if note is not None:
            return note, body[:index] + ([rest] if rest else []) + body[index + 1:]
    return None, body


def _date(value: str | None) -> str | None:
    return iso_date(value) if value else None


def _page(value: str | None) -> int | None:
    if not value:
        return None
    match = re.search(r"[A-Z]?(\d{1,3})|([一二三四五六七八九十]{1,3})", value)
    if not match:
        return None
    return int(match.group(1)) if match.group(1) else chinese_number(match.group(2))



