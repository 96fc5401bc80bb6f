"""Stable article ids: the same page imported again gives its articles the same ids."""
from __future__ import annotations

import hashlib
import re


def article_id_for(publication: str, date: str | None, page_key: str, headline: str, occurrence: int) -> str:
    """16 hex digits from publication, date, page and headline (and which of several
    articles with the same headline on one page)."""
    headline_key = re.sub(r"\s+", "", headline)
    key = "\x1f".join([publication, date or "undated", page_key, headline_key, str(occurrence)])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
