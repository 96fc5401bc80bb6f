"""One module per input layout; each ends in the dataclasses of `..model`.

Text layouts (`page_markdown`, `article_markdown`, `issue_markdown`, `plain_text`) expose
`parse(lines, *, path=None, publication=None) -> ParsedPage`. Layout formats (ALTO, METS,
hOCR, PaddleOCR) expose `sniff(path, head) -> bool` and `parse(path, *, publication=None)`,
and are listed in LAYOUT_FORMATS: `detect.py` tries them first for `.xml`, `.hocr`,
`.html`, `.json` files.
"""
from __future__ import annotations

from types import ModuleType

from . import alto, hocr, mets, paddleocr

# METS before ALTO: a METS file names its ALTO pages, never the other way round.
LAYOUT_FORMATS: list[ModuleType] = [mets, alto, hocr, paddleocr]
