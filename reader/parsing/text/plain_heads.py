"""Headlines and items that OCR left unmarked on pages in Latin script, read from typography.

OCR of an old page often writes a headline as a plain line: short, standing alone between
blank lines, its words capitalised (`"National Reformers" the Enemies of American
Institutions.`), right above a paragraph. A line wholly in capitals (`RELIGION WITHOUT THE
CHURCH.`) is the smaller rank: a subhead where the page's headlines are in mixed case, a
headline where they are not. Newspapers of that age open an untitled item with its first
word in capitals (`THE Christian Statesman says …`): such a paragraph after an article's
body is not that article's text. Scripts without letter case (CJK) never match these rules.
"""
from __future__ import annotations

import re

HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})\s+(.*\S)\s*#*\s*$")
TITLE_MAX_CHARS = 90
PARAGRAPH_MIN_CHARS = 120  # the text under a headline is a paragraph, not another short line
SENTENCE_MIN_CHARS = 60  # under a subhead: at least a sentence of running text
# Small words a headline leaves in lower case.
MINOR_WORDS = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or",
               "the", "to", "with", "upon", "nor", "but", "vs", "via"}
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
BYLINE_RE = re.compile(r"^\s*(?:by|from|special\s+to|photo|photograph|illustration)\b", re.I)
_OPENING_QUOTES = "\"'“‘«"
_CLOSING_QUOTES = "\"'”’»"


def latin_letters(text: str) -> list[str]:
    return [ch for ch in text if ch.isalpha() and ch.isascii()]


def _has_other_letters(text: str) -> bool:
    """A letter outside Latin script (a CJK line: most lines of most pages), found at once."""
    return not text.isascii() and any(ch.isalpha() and not ch.isascii() for ch in text)


def is_caps_line(text: str) -> bool:
    """A short line wholly in capitals (at least two words), not ending mid-clause."""
    text = text.strip()
    # Length first: most lines asked about are paragraphs, far too long to be a head.
    if not 0 < len(text) <= TITLE_MAX_CHARS or _has_other_letters(text):
        return False
    letters = [ch for ch in text if ch.isalpha()]
    words = _WORD_RE.findall(text)
    return (len(letters) >= 6 and len(words) >= 2
            and all(ch.isupper() for ch in letters)
            and _ends_like_a_title(text) and not any(ch.isdigit() for ch in text))


def is_title_line(text: str) -> bool:
    """A short line in headline case: every word but the small ones capitalised, some in
    lower case (not a line in capitals), no digits, not ending mid-clause."""
    text = text.strip()
    if not 0 < len(text) <= TITLE_MAX_CHARS or _has_other_letters(text) or any(ch.isdigit() for ch in text):
        return False
    letters = [ch for ch in text if ch.isalpha()]
    if not letters or all(ch.isupper() for ch in letters):
        return False
    words = _WORD_RE.findall(text)
    significant = [w for w in words if w.lower() not in MINOR_WORDS]
    if len(words) < 2 or len(significant) < 2 or not _ends_like_a_title(text):
        return False
    first = text.lstrip(_OPENING_QUOTES)[:1]
    return first.isupper() and all(w[0].isupper() for w in significant)


def _ends_like_a_title(text: str) -> bool:
    """Ends in a full stop, as the heads of the papers that set them as plain lines do
    (`Civil Government and Religion.`); a byline (`By John Smith.`) is no head."""
    return text.rstrip(_CLOSING_QUOTES).endswith((".", "!", "?")) and not BYLINE_RE.match(text)


def opens_untitled_item(text: str) -> bool:
    """A paragraph whose first word is set in capitals before lower-case text
    (`THE Christian Statesman says`, `CANON FARRAR is a man`): the opening of an item."""
    words = text.lstrip(_OPENING_QUOTES + " ").split()
    if len(words) < 3:
        return False
    first = words[0].strip(_CLOSING_QUOTES + ",.;:")
    if len(first) < 2 or not first.isalpha() or not first.isupper() or not first.isascii():
        return False
    rest = " ".join(words[1:6])
    return any(ch.islower() for ch in rest)


def is_filler_quotation(text: str) -> bool:
    """A short quotation standing on its own (a verse or maxim filling a column's end),
    possibly with its source after it (`“…judge ye.” Acts 4:19.`)."""
    text = text.strip()
    if not text or text[0] not in _OPENING_QUOTES or len(text) > 240:
        return False
    letters = [ch for ch in text if ch.isalpha()]
    if not letters or len(latin_letters(text)) < len(letters) * 0.9:
        return False  # a Latin-script column filler; CJK papers quote whole paragraphs
    closing = max(text.rfind(q) for q in _CLOSING_QUOTES if q != "'")
    source = text[closing + 1:] if closing > 0 else ""
    # After the quotation only its source (`Acts 4:19.`, `—Madison.`), never `she said.`
    return closing > 0 and len(source) <= 40 and not any(w[:1].islower() for w in source.split())


def introduces_quotation(text: str) -> bool:
    """A paragraph that leads into a quotation (`… says:—`, `… in these words:`)."""
    return text.rstrip().rstrip("—-–").rstrip().endswith((":", ",", "said", "says"))
