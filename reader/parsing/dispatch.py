"""One entry point for every input: detect the layout, decode, parse, name the layout."""
from __future__ import annotations

from importlib import import_module
from os import PathLike
from pathlib import Path

from .detect import detect_text_layout, format_layout_name, layout_format_for
from .errors import NotAPageError
from .model import ParsedPage
from .text.decoding import decode, looks_binary, text_lines

# Data files that are never page text: read by a layout format or not at all.
STRUCTURED_SUFFIXES = {".json", ".xml"}
# layout name → module under formats/ (imported when first needed)
TEXT_FORMATS = {"page-markdown": "page_markdown", "article-markdown": "article_markdown",
                "issue-markdown": "issue_markdown", "plain-text": "plain_text"}


def parse_file(path: str | PathLike, *, publication: str | None = None,
               lenient: bool = False, data: bytes | None = None) -> ParsedPage:
    """Parse a source file. Raises NotAPageError (one-line reason) or OSError.
    DATA: the file's bytes, when the caller read them already (the importer hashes them)."""
    path = Path(path)
    head = data[:8192] if data is not None and path.suffix.lower() in _HEAD_SUFFIXES else None
    layout_format = layout_format_for(path, head if head is not None else _head(path))
    if layout_format is not None:
        parsed = layout_format.parse(path, publication=publication)
        parsed.layout = format_layout_name(layout_format)
        return parsed
    if path.suffix.lower() in STRUCTURED_SUFFIXES:
        raise NotAPageError(f"a {path.suffix.lower()[1:].upper()} file in none of the layouts Dubao reads"
                            " (ALTO, METS, hOCR, PaddleOCR)")
    return parse_bytes(data if data is not None else path.read_bytes(), path=path, publication=publication,
                       lenient=lenient)


def parse_bytes(raw: bytes, *, path: str | PathLike | None = None, publication: str | None = None,
                lenient: bool = False) -> ParsedPage:
    """Parse a text source's bytes (PATH, when known, helps: dates and page names in folder
    and file names, README-like names)."""
    decoded = decode(raw, lenient=lenient)
    parsed = parse_text(decoded.text, path=path, publication=publication)
    parsed.encoding = decoded.encoding
    parsed.warnings[:0] = decoded.warnings
    return parsed


def parse_text(text: str, *, path: str | PathLike | None = None,
               publication: str | None = None) -> ParsedPage:
    """Parse decoded text."""
    if looks_binary(text):
        raise NotAPageError("binary content, not a text page")
    path = Path(path) if path is not None else None
    lines = text_lines(text)
    if not any(line.strip() for line in lines):
        raise NotAPageError("file is empty")
    layout = detect_text_layout(lines, path)
    module = import_module(f".formats.{TEXT_FORMATS[layout]}", __package__)
    parsed = module.parse(lines, path=path, publication=publication)
    parsed.layout = layout
    if publication and not parsed.publication.name:
        parsed.publication.name = publication
    return parsed


_HEAD_SUFFIXES = (".xml", ".hocr", ".html", ".htm", ".xhtml", ".json")


def _head(path: Path) -> bytes:
    if path.suffix.lower() not in _HEAD_SUFFIXES:
        return b""
    with path.open("rb") as handle:
        return handle.read(8192)
