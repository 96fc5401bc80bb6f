"""Source files → dataclasses (`model`), whatever their layout. Pure Python: no Qt, no SQL.

`parse_file(path, publication=None, lenient=False)` is the one entry point; `detect` says
which layout a file is in, `formats/` holds one module per layout and `text/` the rules
they share (decoding, bylines, credits, markup, paragraph joining).

The names below load on first use (PEP 562): importing one submodule (the store needs
`text.joining.ends_sentence`) must not load every parser and its patterns.
"""
# No `from __future__ import annotations` here: it would bind the name `annotations` in the
# package, hiding the submodule of that name.
import importlib

_EXPORTS = {
    "LAYOUT_SUFFIXES": ".detect",
    "parse_bytes": ".dispatch", "parse_file": ".dispatch", "parse_text": ".dispatch",
    "NotAPageError": ".errors",
    "LAYOUTS": ".model", "Article": ".model", "Caption": ".model", "Issue": ".model", "Page": ".model",
    "ParsedPage": ".model", "Publication": ".model",
}

__all__ = ["PAGE_SUFFIXES", "LAYOUTS", "Article", "Caption", "Issue", "NotAPageError", "Page", "ParsedPage",
           "Publication", "parse_bytes", "parse_file", "parse_text"]


def __getattr__(name: str):
    if name == "PAGE_SUFFIXES":
        # Every suffix a page file may have (the importer walks folders for these).
        value = frozenset({".md", ".markdown", ".txt", ".text"}) | frozenset(__getattr__("LAYOUT_SUFFIXES"))
    elif name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name], __name__), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value
