"""One module per input format, each ending in the same dataclasses (model.ParsedPage)."""
from __future__ import annotations

from . import alto, hocr, mets, paddleocr

# Layout-aware OCR readers, tried before the text layouts: each has
# sniff(path, head) -> bool and parse(path, *, publication=None) -> ParsedPage.
# METS before ALTO: a METS file names its ALTO pages, never the other way round.
LAYOUT_FORMATS = (mets, alto, hocr, paddleocr)
