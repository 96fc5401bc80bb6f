"""Parsed newspaper page files → dataclasses. Pure Python: no Qt, no SQL.

The names below load on first use (PEP 562): importing one submodule (the store needs
`sentences.ends_sentence`) must not load every parser and its patterns.
"""
from __future__ import annotations

import importlib

_EXPORTS = {
    "NotAPageError": ".decode",
    "Article": ".model", "Caption": ".model", "Issue": ".model", "Page": ".model",
    "ParsedPage": ".model", "Publication": ".model",
    "parse_bytes": ".page", "parse_file": ".page", "parse_text": ".page",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name], __name__), name)
    globals()[name] = value
    return value
