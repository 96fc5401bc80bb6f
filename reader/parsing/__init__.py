"""Parsed newspaper page files → dataclasses. Pure Python: no Qt, no SQL."""
from .decode import NotAPageError
from .model import Article, Caption, Issue, Page, ParsedPage, Publication
from .page import parse_bytes, parse_file, parse_text

__all__ = ["Article", "Caption", "Issue", "NotAPageError", "Page", "ParsedPage", "Publication",
           "parse_bytes", "parse_file", "parse_text"]
