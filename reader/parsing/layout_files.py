"""Which files found in a folder are layout-aware OCR to import, told by content: `.xml`
that is ALTO or METS (ALTO pages a METS file lists come in with it, never on their own),
`.hocr` and hOCR `.html`, PaddleOCR `*_res.json`. The readers are imported only when a
folder holds such a file (a folder of text pages never pays for lxml)."""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .detect import LAYOUT_SUFFIXES

HEAD_BYTES = 8192


def head_of(path: Path) -> bytes:
    try:
        with open(path, "rb") as file:
            return file.read(HEAD_BYTES)
    except OSError:
        return b""


def layout_format(path: Path, head: bytes | None = None):
    """The layout reader (module) for PATH, or None."""
    from .formats import LAYOUT_FORMATS

    head = head_of(path) if head is None else head
    for module in LAYOUT_FORMATS:
        if module.sniff(path, head):
            return module
    return None


def select_layout_files(files: Iterable[Path]) -> list[Path]:
    """Of FILES found by walking folders, those with a layout suffix that are layout OCR,
    without the ALTO pages that a METS file among them brings or the Markdown copy PaddleOCR
    writes beside its result; other files pass unchanged."""
    files = list(files)
    if not any(path.suffix.lower() in LAYOUT_SUFFIXES for path in files):
        return files
    from .formats import hocr, mets, paddleocr

    keep: list[Path] = []
    listed: set[Path] = set()
    for path in files:
        if path.suffix.lower() not in LAYOUT_SUFFIXES:
            keep.append(path)
            continue
        module = layout_format(path)
        if module is None or (module is hocr and not hocr.has_ocr_markers(path)):
            continue  # in a folder, HTML that is not OCR is some other file, not an error
        if module is mets:
            try:
                listed.update(p.resolve() for p in mets.alto_files(path))
            except (ValueError, OSError):
                pass  # a bad METS file is reported when it is read
        if module is paddleocr and path.stem.endswith("_res"):
            # PaddleOCR writes the same page as Markdown beside its result (X.md beside
            # X_res.json): that copy has lost the layout and would import the page twice.
            listed.add(path.with_name(path.stem[:-len("_res")] + ".md").resolve())
        keep.append(path)
    return [path for path in keep if path.resolve() not in listed]
