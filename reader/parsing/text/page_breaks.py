"""Several printed pages in one OCR file: page separators, running heads and folios.

OCR batch tools write a whole issue as one Markdown file, pages parted by a separator: a
`PAGE n` line next to a rule of `=` or `-` signs. None of that, nor the running head each
page prints at its top (`THE AMERICAN SENTINEL. 69`, a folio `68` over the paper's name), is
article text: they become page notes, and the text on either side of a break is joined up
again, so that an article cut by the page break reads on.
"""
from __future__ import annotations

import re

PAGE_LABEL_RE = re.compile(r"^\s*(?:page|seite|p\.)\s*\d{1,4}\s*$|^\s*第\s*\d{1,4}\s*[页頁]\s*$", re.I)
SEPARATOR_RULE_RE = re.compile(r"^\s*(?:={3,}|-{3,})\s*$")
FOLIO_RE = re.compile(r"^\s*\d{1,4}\s*$")
HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s")
RUNNING_HEAD_MAX_CHARS = 60
TOP_LINES = 3  # a running head stands among the first lines of a page


def strip_page_breaks(lines: list[str]) -> tuple[list[str], list[str]]:
    """LINES without page separators, running heads and folios (each break left as one blank
    line), and the removed lines as page notes. Lines come back unchanged when the file has
    no page separator."""
    breaks = _separators(lines)
    if not breaks:
        return lines, []
    removed: set[int] = set()
    for start, end in breaks:
        removed.update(range(start, end))
    page_starts = [end for _, end in breaks]
    tops = [_top_lines(lines, start) for start in page_starts]
    counts: dict[str, int] = {}
    for top in tops:
        for key in {_head_key(lines[i]) for i in top if _head_key(lines[i])}:
            counts[key] = counts.get(key, 0) + 1
    for top in tops:
        heads = [i for i in top if counts.get(_head_key(lines[i]), 0) >= 2]
        if not heads:
            continue
        removed.update(heads)
        # A folio printed beside the running head (`68` over the paper's name).
        removed.update(i for i in top if FOLIO_RE.match(lines[i]))
    kept: list[str] = []
    notes: list[str] = []
    skipping_blanks = False
    for index, line in enumerate(lines):
        if index in removed:
            if line.strip() and not SEPARATOR_RULE_RE.match(line):
                notes.append(line.strip())
            while kept and not kept[-1].strip():
                kept.pop()
            skipping_blanks = True
            continue
        if skipping_blanks:
            if not line.strip():
                continue
            if kept:
                kept.append("")
            skipping_blanks = False
        kept.append(line)
    return kept, notes


def _separators(lines: list[str]) -> list[tuple[int, int]]:
    """(first, past-last) line of each separator: a page label with a rule right above or
    right below it (blank lines between allowed), taking the rules on both sides."""
    found: list[tuple[int, int]] = []
    for index, line in enumerate(lines):
        if not PAGE_LABEL_RE.match(line):
            continue
        above = _nearest_text(lines, index, -1)
        below = _nearest_text(lines, index, 1)
        rule_above = above is not None and SEPARATOR_RULE_RE.match(lines[above])
        rule_below = below is not None and SEPARATOR_RULE_RE.match(lines[below])
        if not (rule_above or rule_below):
            continue
        start = above if rule_above else index
        end = (below if rule_below else index) + 1
        found.append((start, end))
    return found


def _nearest_text(lines: list[str], index: int, step: int) -> int | None:
    index += step
    while 0 <= index < len(lines):
        if lines[index].strip():
            return index
        index += step
    return None


def _top_lines(lines: list[str], start: int) -> list[int]:
    """The first few non-blank lines of a page that could be a running head or folio."""
    top: list[int] = []
    for index in range(start, len(lines)):
        line = lines[index]
        if not line.strip():
            continue
        if len(top) >= TOP_LINES or HEADING_RE.match(line) or PAGE_LABEL_RE.match(line):
            break
        if len(line.strip()) > RUNNING_HEAD_MAX_CHARS:
            break
        top.append(index)
    return top


def _head_key(line: str) -> str:
    """A top line with its page number, case and punctuation dropped: equal on every page that
    prints the same running head."""
    return "".join(ch for ch in line.upper() if ch.isalpha())
