"""One module per input layout; each ends in the dataclasses of `..model`.

Text layouts (`page_markdown`, `article_markdown`, `issue_markdown`, `plain_text`) expose
`parse(lines, *, path=None, publication=None) -> ParsedPage`. Layout formats (ALTO, METS,
hOCR, PaddleOCR) expose `sniff(path, head) -> bool` and `parse(path, *, publication=None)`,
and are listed in LAYOUT_FORMATS: `detect.py` tries them first for `.xml`, `.hocr`,
`.html`, `.json` files.

LAYOUT_FORMATS is imported when first asked for (PEP 562): parsing a text page never pays
for the XML readers (lxml and the geometry modules, a few hundred milliseconds).
"""
from __future__ import annotations

from importlib import import_module
from types import ModuleType

# METS before ALTO: a METS file names its ALTO pages, never the other way round.
LAYOUT_FORMAT_NAMES = ("mets", "alto", "hocr", "paddleocr")


def __getattr__(name: str) -> list[ModuleType]:
    if name == "LAYOUT_FORMATS":
        modules = [import_module(f".{module}", __name__) for module in LAYOUT_FORMAT_NAMES]
        globals()["LAYOUT_FORMATS"] = modules
        return modules
    raise AttributeError(name)
