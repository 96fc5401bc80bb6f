"""Source files → dataclasses (`model`), whatever their layout. Pure Python: no Qt, no SQL.

`parse_file(path, publication=None, lenient=False)` is the one entry point; `detect` says
which layout a file is in, `formats/` holds one module per layout and `text/` the rules
they share (decoding, bylines, credits, markup, paragraph joining).
"""
from .detect import LAYOUT_SUFFIXES
from .dispatch import parse_bytes, parse_file, parse_text
from .errors import NotAPageError
from .model import LAYOUTS, Article, Caption, Issue, Page, ParsedPage, Publication

# Every suffix a page file may have (the importer walks folders for these).
PAGE_SUFFIXES = frozenset({".md", ".markdown", ".txt", ".text"}) | frozenset(LAYOUT_SUFFIXES)

__all__ = ["PAGE_SUFFIXES", "LAYOUTS", "Article", "Caption", "Issue", "NotAPageError", "Page", "ParsedPage",
           "Publication", "parse_bytes", "parse_file", "parse_text"]
