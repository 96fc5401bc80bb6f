"""Paths → the page files to import: folders walked recursively (hidden entries skipped),
only files whose suffix a page can have; paths that do not exist and folders holding no
page file are reported, not silently passed over."""
from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .report import FileResult

# Suffixes of the text layouts; the parser may read more (layout formats), see page_suffixes().
TEXT_SUFFIXES = frozenset({".md", ".markdown", ".txt", ".text"})
PAGE_SUFFIXES = TEXT_SUFFIXES  # kept for callers of the old module


def page_suffixes() -> frozenset[str]:
    """Every suffix the parser reads: the text layouts' and, once the parsing package lists
    them, those of the layout formats (ALTO, METS, hOCR, …)."""
    from ... import parsing

    extra = getattr(parsing, "PAGE_SUFFIXES", None)
    return TEXT_SUFFIXES | frozenset(extra or ())


@dataclass
class Discovery:
    files: list[Path] = field(default_factory=list)
    missing: list[FileResult] = field(default_factory=list)
    empty_folders: list[str] = field(default_factory=list)


def discover(paths: Iterable[str | os.PathLike]) -> Discovery:
    """Files to import from PATHS, in a stable order, each once."""
    suffixes = page_suffixes()
    found = Discovery()
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            candidates = []
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    if not name.startswith(".") and Path(name).suffix.lower() in suffixes:
                        candidates.append(Path(root) / name)
            candidates = _layout_checked(candidates)
            if not candidates:
                found.empty_folders.append(str(raw))
        elif path.exists():
            candidates = [path]
        else:
            found.missing.append(FileResult(str(raw), "failed", error="no such file or folder"))
            continue
        for candidate in candidates:
            key = candidate.resolve()
            if key not in seen:
                seen.add(key)
                found.files.append(candidate)
    return found


def _layout_checked(candidates: list[Path]) -> list[Path]:
    """Files of a folder walk with a layout suffix (.xml, .html, .json …) only where their
    content is layout OCR, and the ALTO pages a METS file among them lists left to it."""
    from ...parsing.layout_files import select_layout_files

    return select_layout_files(candidates)


def find_page_files(paths: Iterable[str | os.PathLike]) -> tuple[list[Path], list[FileResult]]:
    """(files to import, results for paths that do not exist)."""
    found = discover(paths)
    return found.files, found.missing


def no_page_files_message(folder: str) -> str:
    """The line for a folder in which nothing could be imported."""
    names = ", ".join(sorted(page_suffixes()))
    return f"{folder}: no page files in this folder (files read: {names})"
