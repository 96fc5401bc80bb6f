"""`plain-text`: OCR text exports and web copies with no Markdown marks. Never refused,
nothing lost.

The head fields a page prints at its top (date, 版, 总第N期) are read from the first lines.
A headline is recognised only where the evidence is clear: a short line without sentence
punctuation standing alone before a block that opens with a byline or dateline. Without
any, the text is kept as one article titled from its first line, with a warning.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..model import Page, ParsedPage
from ..text.assemble import build_article
from ..text.blocks import is_closing_tool_note, paragraph_gap, split_blocks
from ..text.credits import DATELINE_RE, split_byline
from ..text.head import HeadFields, check_consistency, read_head_line
from ..text.joining import CLAUSE_PUNCTUATION, ends_sentence
from ..text.source_meta import path_meta

LAYOUT = "plain-text"
HEADLINE_MAX_CHARS = 40
HEAD_MAX_CHARS = 40  # a head line (date, 版, masthead) is short: 40 CJK characters wide
HEAD_MAX_LINES = 12
INDENT_RE = re.compile(r"^(?:\u3000{1,4}|\s{2,8})(?=\S)")


def parse(lines: list[str], *, path: Path | None = None, publication: str | None = None) -> ParsedPage:
    lines = _paragraphs_by_indent(lines)
    head = HeadFields()
    page = Page()
    body_start, top_headline, top_byline = _read_head(lines, head, page)
    check_consistency(head)
    body = lines[body_start:]
    # A rule (`---`) closes what came before: past it, what no headline opens is notes.
    body, after_rule, closing_note = _split_at_rule(body)
    if closing_note:
        page.extras.append(closing_note)
    blocks = _blocks(body)
    gap = paragraph_gap(body)
    cuts = [i for i in range(len(blocks)) if _is_headline_at(blocks, i)]
    if top_headline is not None:
        # The page's head named the first article: it runs to the next headline found.
        first_end = cuts[0] if cuts else len(blocks)
        first_blocks = ([[top_byline]] if top_byline else []) + blocks[:first_end]
        page.articles.append(build_article(top_headline, split_blocks(_lines_of(first_blocks), gap), page.extras))
    elif cuts and cuts[0] > 0:  # text before the first headline: the page's notes
        page.extras.extend(" ".join(line.strip() for line in b) for b in blocks[: cuts[0]])
    for number, cut in enumerate(cuts):
        end = cuts[number + 1] if number + 1 < len(cuts) else len(blocks)
        headline = " ".join(line.strip() for line in blocks[cut])
        article_lines = _lines_of(blocks[cut + 1: end])
        page.articles.append(build_article(headline, split_blocks(article_lines, gap), page.extras))
    guessed = top_headline is None and not cuts and bool(blocks)
    if guessed:
        first = blocks[0]
        title_line = first[0].strip()
        if len(blocks) > 1 and len(first) == 1 and _headline_like(title_line):
            headline, rest = title_line, blocks[1:]
        else:
            headline, rest = _title_from(title_line), blocks
        page.articles.append(build_article(headline, split_blocks(_lines_of(rest), gap), page.extras))
    if after_rule:
        tail_blocks = _blocks(after_rule)
        tail_cuts = [i for i in range(len(tail_blocks)) if _is_headline_at(tail_blocks, i)]
        page.extras.extend(" ".join(line.strip() for line in b)
                           for b in tail_blocks[: tail_cuts[0] if tail_cuts else len(tail_blocks)]
                           if not RULE_RE.match(b[0]) or len(b) > 1)
        for number, cut in enumerate(tail_cuts):
            end = tail_cuts[number + 1] if number + 1 < len(tail_cuts) else len(tail_blocks)
            headline = " ".join(line.strip() for line in tail_blocks[cut])
            page.articles.append(build_article(headline, split_blocks(_lines_of(tail_blocks[cut + 1: end]), gap),
                                               page.extras))
    parsed = ParsedPage(publication=head.publication, issue=head.issue, pages=[page], warnings=head.warnings)
    from_path = path_meta(path)
    parsed.issue.date = parsed.issue.date or from_path.date
    page.number = head.page_number if head.page_number is not None else from_path.page
    page.name = head.page_name or from_path.page_name
    page.editors = head.editors
    if guessed:
        where = path.name if path is not None else "the text"
        parsed.warnings.append(f"{where}: no headlines recognised; kept as one article titled from its"
                               " first line")
    if not parsed.publication.name:
        parsed.publication.name = publication or from_path.publication
    return parsed


RULE_RE = re.compile(r"^\s{0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,}|(?:=\s*){3,})$")


def _split_at_rule(lines: list[str]) -> tuple[list[str], list[str], str | None]:
    """The lines up to the first rule after some text, the lines after it, and the closing
    note when a tool's note about the rest of the page (`[The rest … follows.]`) was the rule."""
    seen_text = False
    for index, line in enumerate(lines):
        if RULE_RE.match(line):
            if seen_text:
                return lines[:index], lines[index + 1:], None
        elif seen_text and is_closing_tool_note(line):
            return lines[:index], lines[index + 1:], line.strip()
        elif line.strip():
            seen_text = True
    return lines, [], None


def _paragraphs_by_indent(lines: list[str]) -> list[str]:
    """Web copies mark paragraphs by indenting (two ideographic spaces), not blank lines:
    make each indented line start a block of its own."""
    if any(not line.strip() for line in lines[1:-1]) or sum(1 for ln in lines if INDENT_RE.match(ln)) < 2:
        return lines
    out: list[str] = []
    for line in lines:
        if INDENT_RE.match(line) and out and out[-1].strip():
            out.append("")
        out.append(line)
    return out


def _read_head(lines: list[str], head: HeadFields, page: Page) -> tuple[int, str | None, str | None]:
    """Read the head fields (date, 版, 第N期, …) printed in the short lines at the top.

    Lines that give fields are kept whole as page notes. When there were such lines, the
    short headline-like line right above the body is the first article's headline (the
    clearest evidence plain text gives), and a dateline left over on a field line is its
    byline. Returns (where the body starts, that headline, that byline)."""
    zone: list[int] = []
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        if _width(line.strip()) > HEAD_MAX_CHARS * 2 or len(zone) >= HEAD_MAX_LINES:
            break
        zone.append(index)
    field_lines: set[int] = set()
    byline = None
    for index in zone:
        before = (head.issue.date, head.issue.number, head.issue_sequence, head.page_number,
                  head.publication.name)
        rest = read_head_line(lines[index], head, before_masthead=False)
        after = (head.issue.date, head.issue.number, head.issue_sequence, head.page_number,
                 head.publication.name)
        if before != after:
            field_lines.add(index)
            if rest and byline is None and (match := DATELINE_RE.match(rest)) and match.end() >= len(rest.strip()):
                byline = rest.strip()
    if not field_lines:
        return 0, None, None
    last_field = max(field_lines)
    body_start = last_field + 1
    headline_index = None
    for index in zone:
        if index > last_field:
            if _headline_like(lines[index]) and headline_index is None and _blank_or_end_after(lines, index):
                headline_index, body_start = index, index + 1
            break
    if headline_index is None:
        candidates = [i for i in zone if i < last_field and i not in field_lines and _headline_like(lines[i])]
        headline_index = candidates[-1] if candidates else None
    for index in range(body_start):
        if index != headline_index and lines[index].strip():
            page.extras.append(lines[index].strip())
    headline = lines[headline_index].strip() if headline_index is not None else None
    return body_start, headline, byline


def _blank_or_end_after(lines: list[str], index: int) -> bool:
    return index + 1 >= len(lines) or not lines[index + 1].strip()


def _blocks(lines: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _lines_of(blocks: list[list[str]]) -> list[str]:
    out: list[str] = []
    for block in blocks:
        out.extend(block)
        out.append("")
    return out


def _width(text: str) -> int:
    """Printed width in half-width cells: a CJK character is two, a Latin letter one."""
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text)


def _headline_like(text: str) -> bool:
    compact = "".join(text.split())
    return (0 < _width(text.strip()) <= HEADLINE_MAX_CHARS * 2 and not ends_sentence(compact)
            and not any(ch in CLAUSE_PUNCTUATION for ch in compact[-1:]))


def _is_headline_at(blocks: list[list[str]], index: int) -> bool:
    """A one-line block that reads like a headline, followed by a block opening with a
    byline or a dateline (本报讯, 新华社北京2月28日电, 记者X)."""
    block = blocks[index]
    if len(block) > 2 or index + 1 >= len(blocks):
        return False
    text = " ".join(line.strip() for line in block)
    if not _headline_like(text):
        return False
    following = " ".join(line.strip() for line in blocks[index + 1])
    byline, _ = split_byline(following)
    return byline is not None


def _title_from(line: str) -> str:
    """A title for text with no headline: its first line, up to its first sentence end."""
    match = re.search(r"[。！？!?；;]", line)
    title = line[: match.start()] if match else line
    return title[:HEADLINE_MAX_CHARS].strip() or line[:HEADLINE_MAX_CHARS].strip()
