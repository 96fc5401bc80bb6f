"""Whether OCR text is plausible: a page recognised in the wrong language is mostly symbols
and letters of a second script. Such text is imported all the same, with a warning."""
from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence

from .geometry import is_unspaced
from .model import Page

IMPLAUSIBLE_SHARE = 0.3  # this share of a page's characters implausible: likely the wrong OCR language


def _script(char: str) -> str | None:
    """A coarse script name for a letter ('LATIN', 'CJK', 'CYRILLIC', …), None otherwise."""
    if not char.isalpha():
        return None
    if is_unspaced(char):
        return "CJK"
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else "UNKNOWN"


def implausible_share(texts: Sequence[str]) -> float:
    """The share of characters that fit no reading of the page: symbols, private-use and
    unassigned code points, replacement characters, and letters of scripts other than the
    page's main one."""
    counts = Counter(char for text in texts for char in text if not char.isspace())
    scripts: dict[str, int] = {}
    odd = 0
    for char, count in counts.items():  # each distinct character looked up once
        if unicodedata.category(char) in ("So", "Sk", "Co", "Cn", "Cc", "Cs") or char == "\ufffd":
            odd += count
        script = _script(char)
        if script:
            scripts[script] = scripts.get(script, 0) + count
    total = sum(counts.values())
    if not total:
        return 0.0
    main = max(scripts.values(), default=0)
    foreign = sum(scripts.values()) - main
    return (odd + foreign) / total


def ocr_warnings(pages: Sequence[Page]) -> list[str]:
    """A warning for OCR text that is mostly implausible characters (a wrong-language run):
    it is imported all the same, so that nothing is lost."""
    texts = [b.text for page in pages for b in page.blocks if b.text]
    share = implausible_share(texts)
    if share >= IMPLAUSIBLE_SHARE:
        return [f"OCR text mostly implausible ({share:.0%} of its characters fit no single script): "
                "recognised in the wrong language?"]
    return []
