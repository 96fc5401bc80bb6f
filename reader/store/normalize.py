"""Text normalisation for matching: the same function serves the index, queries, snippets
and highlights, so what matches is what gets marked.

- Latin letters lower-cased, full-width ASCII folded to half-width (length-preserving);
- white space removed (OCR puts spaces into Chinese), except that one space is kept
  between two Latin letters or digits, where it separates words.
"""
from __future__ import annotations

import re

_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20  # ideographic space
_WORD_SPACE_RE = re.compile(r"(?<=[0-9a-z])\s+(?=[0-9a-z])")
_SPACE_RE = re.compile(r"\s+")
_BOUNDARY = "\x00"


_FULLWIDTH_RE = re.compile("[\uff01-\uff5e\u3000]")


def _fold(text: str) -> str:
    # str.translate looks up every character (slow on CJK text); most blocks need none of it.
    folded = text.translate(_FULLWIDTH) if _FULLWIDTH_RE.search(text) else text
    lowered = folded.lower()
    if len(lowered) == len(folded):
        return lowered
    # A few characters lower-case to two (İ); keep those as they are.
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in folded)


def normalize(text: str) -> str:
    """Normalised form of TEXT for matching."""
    folded = _fold(text)
    marked = _WORD_SPACE_RE.sub(_BOUNDARY, folded)
    return _SPACE_RE.sub("", marked).replace(_BOUNDARY, " ")


def normalize_unfolded(text: str) -> str:
    """normalize() for text known to hold no full-width character that matters: the same
    result without the (slow) character-by-character folding."""
    marked = _WORD_SPACE_RE.sub(_BOUNDARY, text.lower())
    return _SPACE_RE.sub("", marked).replace(_BOUNDARY, " ")


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """normalize(TEXT) and, for each of its characters, its index in TEXT."""
    folded = _fold(text)
    out: list[str] = []
    positions: list[int] = []
    length = len(folded)
    index = 0
    while index < length:
        ch = folded[index]
        if ch.isspace():
            end = index
            while end < length and folded[end].isspace():
                end += 1
            if out and end < length and _is_word(out[-1]) and _is_word(folded[end]):
                out.append(" ")
                positions.append(index)
            index = end
            continue
        out.append(ch)
        positions.append(index)
        index += 1
    return "".join(out), positions


def _is_word(ch: str) -> bool:
    return ch.isascii() and (ch.isdigit() or "a" <= ch <= "z")


def find_all(haystack: str, needle: str) -> list[tuple[int, int]]:
    """Spans (start, end) in HAYSTACK (original text) where NEEDLE matches after
    normalisation; NEEDLE must already be normalised."""
    if not needle:
        return []
    norm, positions = normalize_with_map(haystack)
    spans = []
    start = norm.find(needle)
    while start != -1:
        end_index = start + len(needle) - 1
        spans.append((positions[start], positions[end_index] + 1))
        start = norm.find(needle, start + 1)
    return spans
