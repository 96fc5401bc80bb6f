"""Finding the scan of a page beside its OCR: a file the OCR names, or one with the OCR's
stem — only ever inside the source's own folder (a source must not point us elsewhere)."""
from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path, PureWindowsPath

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".jp2", ".webp")


def _inside(folder: Path, relative: str) -> str | None:
    relative = relative.strip()
    if not relative or "\0" in relative:
        return None
    candidate = (folder / relative)
    try:
        resolved = candidate.resolve()
    except (OSError, RuntimeError):
        return None
    if not resolved.is_relative_to(folder) or not resolved.is_file():
        return None
    return resolved.relative_to(folder).as_posix()


def named_candidates(name: str) -> list[str]:
    """Where a name from the OCR may point, relative to the source: as given (a relative
    path or file:// URL), else its bare file name (archives name their own drives)."""
    name = name.strip()
    name = re.sub(r"^file:(//)?", "", name)
    candidates = []
    if name and not name.startswith(("/", "\\")) and not re.match(r"^[A-Za-z]:", name):
        candidates.append(name.replace("\\", "/"))
    base = PureWindowsPath(name).name
    if base:
        candidates.append(base)
    return candidates


def find_image(source: Path, named: Iterable[str] = (), *, folder: Path | None = None) -> str | None:
    """The page's scan relative to FOLDER (by default the source's folder): first a file the
    OCR names, then the source's stem with an image suffix, then its stem with '.pdf'."""
    base = (folder or source.parent).resolve()
    for name in named:
        for candidate in named_candidates(name):
            found = _inside(base, candidate)
            if found is not None and Path(found).suffix.lower() in (*IMAGE_SUFFIXES, ".pdf"):
                return found
    stem = source.stem.removesuffix("_res")
    for suffix in (*IMAGE_SUFFIXES, *(s.upper() for s in IMAGE_SUFFIXES), ".pdf", ".PDF"):
        found = _inside(base, str(source.parent.resolve().relative_to(base) / (stem + suffix))
                        if source.parent.resolve().is_relative_to(base) else stem + suffix)
        if found is not None:
            return found
    return None
