"""Bytes of a page file → normalised text lines.

OCR and PDF tools write UTF-8 (with or without BOM) or, on Chinese Windows, GB18030/GBK,
with LF or CRLF line ends and Markdown hard breaks (two trailing spaces).
"""
from __future__ import annotations


class NotAPageError(ValueError):
    """The input cannot be a parsed newspaper page; the message says why, in one line."""


def decode_page_bytes(raw: bytes) -> tuple[str, str]:
    """Return (text, encoding name). Raises NotAPageError for empty or binary input."""
    if not raw.strip():
        raise NotAPageError("file is empty")
    if b"\x00" in raw[:65536]:
        raise NotAPageError("binary file (contains NUL bytes), not a text page")
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return raw[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise NotAPageError(f"invalid UTF-8 after a UTF-8 BOM at byte {exc.start}") from None
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise NotAPageError(
            f"not text in UTF-8 or GB18030 (undecodable byte at offset {exc.start})"
        ) from None
    return text, "gb18030"


def text_lines(text: str) -> list[str]:
    """Split into lines: CRLF/CR unified, trailing white space (hard breaks) removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    return [line.rstrip() for line in text.split("\n")]


def looks_binary(text: str) -> bool:
    """Text that decoded but is mostly control characters is not a page."""
    sample = text[:4096]
    if not sample:
        return False
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls > len(sample) * 0.05
