"""What parsing must keep: every letter, digit and CJK character of a page from its first
headline on (markup and jump lines aside) must appear somewhere in the parse."""
from __future__ import annotations

import collections
import html
import re
import unicodedata

from reader.parsing.text.assemble import JUMP_RE


def meaningful(text: str) -> collections.Counter:
    return collections.Counter(ch for ch in unicodedata.normalize("NFKC", text)
                               if unicodedata.category(ch)[0] in "LN")


def kept_text(parsed) -> str:
    out = []
    for page in parsed.pages:
        out += [page.name or "", *page.editors, *page.extras]
        for article in page.articles:
            out += [article.headline, article.byline or "", *article.paragraphs]
            for caption in article.captions:
                out += [caption.text, caption.credit or "", caption.image or ""]
            out += [cell for table in article.tables for row in table for cell in row]
            out += article.links
    return "\n".join(out)


def lost_characters(source_text: str, parsed) -> str:
    """Characters of the article region the parse does not hold ('' when none)."""
    text = source_text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    start = re.search(r"^## ", text, re.M)
    region = text[start.start():] if start else text
    # Link targets are kept once per article (`links`), however often the text names them.
    link = re.compile(r"(?<!!)(\[[^\]\n]*\])\(\s*([^()\s<>]+)\s*\)")
    targets = {match.group(2) for match in link.finditer(region)}
    region = link.sub(r"\1", region)
    region = re.sub(r"<[^>]+>", "", region)
    # Entities are markup: read them as HTML does (legacy ones like "&nbsp" need no ";").
    region = html.unescape(region)
    region = JUMP_RE.sub("", region)
    kept = kept_text(parsed)
    lost = meaningful(region) - meaningful(kept)
    missing = "".join(target for target in sorted(targets) if target not in kept)
    return "".join(sorted(lost.elements())) + missing
