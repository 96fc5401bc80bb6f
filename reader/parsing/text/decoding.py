"""Bytes of a page file → text.

Pages come in UTF-8 (with or without BOM), UTF-16 (with or without BOM, from Windows
tools), GB18030/GBK (Chinese Windows) and Big5 (Taiwan, Hong Kong, library databases of
traditional-character papers), with LF or CRLF line ends and Markdown hard breaks.

Valid UTF-8 is the common case and is decoded directly; only other bytes pay for
detection (charset-normalizer, imported when first needed). A UTF-8 page with a few bad
bytes is damaged UTF-8, not another encoding: it is refused naming the byte and its line,
or, when the caller is lenient, decoded with the bad bytes replaced and a warning.
"""
from __future__ import annotations

import codecs
import collections
import re
import threading
import unicodedata
from dataclasses import dataclass, field

from ..errors import NotAPageError

# The encodings a text page can be in besides UTF-8; the detector chooses among these only
# (a wider list lets single-byte code pages "explain" any bytes at all).
CANDIDATE_ENCODINGS = ["gb18030", "big5"]  # UTF-16 is told by its zero bytes, before
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))
_NAMES = {"gb18030": "GB18030", "big5": "Big5", "utf_16_le": "UTF-16LE", "utf_16_be": "UTF-16BE",
          "utf-16-le": "UTF-16LE", "utf-16-be": "UTF-16BE", "utf-8": "UTF-8", "utf-8-sig": "UTF-8",
          "utf-32-le": "UTF-32LE", "utf-32-be": "UTF-32BE"}
_MAX_REPORTED = 10  # bad bytes named in one message
SHORT_BYTES = 64
BAD_OFFSETS_LIMIT = 64


@dataclass
class Decoded:
    text: str
    encoding: str  # a Python codec name
    warnings: list[str] = field(default_factory=list)


def decode_page_bytes(raw: bytes, *, lenient: bool = False) -> tuple[str, str]:
    """(text, encoding) of RAW; raises NotAPageError. Warnings are dropped: see decode()."""
    decoded = decode(raw, lenient=lenient)
    return decoded.text, decoded.encoding


def decode(raw: bytes, *, lenient: bool = False) -> Decoded:
    """Decode a page file's bytes. Raises NotAPageError with a one-line reason."""
    if not raw.strip():
        raise NotAPageError("file is empty")
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return _decode_with_bom(raw, bom, encoding, lenient)
    head = raw[:65536]
    if b"\x00" in head:
        encoding = _utf16_by_zeros(head)
        if encoding is None:
            raise NotAPageError("binary file (contains NUL bytes), not a text page")
        return _checked(raw, encoding, lenient)
    try:
        return Decoded(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    bad = _utf8_bad_offsets(raw)
    if _is_damaged_utf8(raw, bad):
        return _damaged_utf8(raw, bad, lenient)
    return _detected(raw, lenient)


def _decode_with_bom(raw: bytes, bom: bytes, encoding: str, lenient: bool) -> Decoded:
    body = raw[len(bom):]
    codec = "utf-8" if encoding == "utf-8-sig" else encoding
    try:
        text = body.decode(codec)
    except UnicodeDecodeError as exc:
        if codec == "utf-8":
            return _damaged_utf8(raw, [len(bom) + o for o in _utf8_bad_offsets(body)], lenient,
                                 encoding="utf-8-sig")
        if not lenient:
            raise NotAPageError(f"not text: invalid {_NAMES[encoding]} after its byte-order mark at byte"
                                f" {len(bom) + exc.start}") from None
        text = body.decode(codec, errors="replace")
        return Decoded(text, encoding, [f"undecodable {_NAMES[encoding]} bytes replaced"])
    if not text.strip():
        raise NotAPageError("file is empty")
    return _plausible(Decoded(text, encoding))


def _utf16_by_zeros(head: bytes) -> str | None:
    """UTF-16 without a byte-order mark: ASCII characters (line ends, spaces, digits, `#`)
    put their zero byte always on the same side of each pair."""
    even = sum(1 for i in range(0, len(head), 2) if head[i] == 0)
    odd = sum(1 for i in range(1, len(head), 2) if head[i] == 0)
    if odd >= 4 and even <= odd * 0.05:
        return "utf-16-le"
    if even >= 4 and odd <= even * 0.05:
        return "utf-16-be"
    return None


def _checked(raw: bytes, encoding: str, lenient: bool) -> Decoded:
    try:
        text = raw[: len(raw) - len(raw) % 2].decode(encoding)
    except UnicodeDecodeError as exc:
        if not lenient:
            raise NotAPageError(f"not text: looks like {_NAMES[encoding]} but has an invalid sequence at byte"
                                f" {exc.start}") from None
        text = raw.decode(encoding, errors="replace")
    return _plausible(Decoded(text, encoding))


_collected = threading.local()


def _collect_bad_byte(exc: UnicodeDecodeError) -> tuple[str, int]:
    offsets = _collected.offsets
    offsets.append(exc.start)
    if len(offsets) >= _collected.limit:
        raise exc
    return "\ufffd", exc.end


codecs.register_error("dubao-collect-bad-bytes", _collect_bad_byte)


def _utf8_bad_offsets(raw: bytes, limit: int = BAD_OFFSETS_LIMIT) -> list[int]:
    """Byte offsets where UTF-8 decoding fails, up to LIMIT: one pass over the bytes."""
    _collected.offsets, _collected.limit = [], limit
    try:
        raw.decode("utf-8", errors="dubao-collect-bad-bytes")
    except UnicodeDecodeError:
        pass
    return _collected.offsets


def _is_damaged_utf8(raw: bytes, bad: list[int]) -> bool:
    """A few bad bytes among many good multi-byte characters: UTF-8 that was damaged (a
    truncated copy, a flipped bit). Text in another encoding fails UTF-8 almost everywhere."""
    if not bad or len(bad) >= BAD_OFFSETS_LIMIT:
        return False
    # Three-byte characters (CJK): GBK pairs often happen to be valid two-byte UTF-8.
    good = sum(1 for ch in raw.decode("utf-8", errors="replace") if ord(ch) >= 0x800 and ch != "\ufffd")
    # One damaged character leaves up to four bad bytes in a row: count the places (runs of
    # at most four bytes), not the bytes. GBK text fails in long runs: many places.
    places, run_start = 0, None
    for offset in bad:
        if run_start is None or offset - run_start > 3:
            places, run_start = places + 1, offset
    return good >= 10 * places and (places <= 3 or good >= 50 * places)


def _where(raw: bytes, offset: int) -> str:
    line = raw.count(b"\n", 0, offset) + 1
    return f"byte {offset} (line {line})"


def _damaged_utf8(raw: bytes, bad: list[int], lenient: bool, encoding: str = "utf-8") -> Decoded:
    places = ", ".join(_where(raw, offset) for offset in bad[:_MAX_REPORTED])
    more = f" and {len(bad) - _MAX_REPORTED} more" if len(bad) > _MAX_REPORTED else ""
    if not lenient:
        plural = "s" if len(bad) > 1 else ""
        raise NotAPageError(f"invalid UTF-8 at {places}{more}: the file is damaged (bad byte{plural}"
                            f" in otherwise UTF-8 text)")
    start = 3 if encoding == "utf-8-sig" else 0
    text = raw[start:].decode("utf-8", errors="replace")
    return Decoded(text, encoding, [f"replaced undecodable bytes (invalid UTF-8) at {places}{more}"])


def _detected(raw: bytes, lenient: bool) -> Decoded:
    if len(raw) < SHORT_BYTES:
        # Too short for any detector to tell GB18030 from Big5: the mainland default first.
        try:
            return _plausible(Decoded(raw.decode("gb18030"), "gb18030"))
        except (UnicodeDecodeError, NotAPageError):
            pass
    # Only one of the two decodes cleanly (GBK text is seldom valid Big5): no detector needed.
    clean = [encoding for encoding in CANDIDATE_ENCODINGS if _decodes(raw, encoding)]
    if len(clean) == 1:
        try:
            return _plausible(Decoded(raw.decode(clean[0]), clean[0]))
        except NotAPageError:
            pass
    from charset_normalizer import from_bytes  # only for pages that are not UTF-8

    best = from_bytes(raw, cp_isolation=CANDIDATE_ENCODINGS).best()
    if best is None and lenient:
        return _damaged_utf8(raw, _utf8_bad_offsets(raw), lenient)
    if best is None:
        bad = _utf8_bad_offsets(raw, limit=1)
        raise NotAPageError("not text in UTF-8, UTF-16, GB18030 or Big5 (first invalid UTF-8 at "
                            f"{_where(raw, bad[0])})" if bad else
                            "not text in UTF-8, UTF-16, GB18030 or Big5")
    encoding = best.encoding
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        text = str(best)
    return _plausible(Decoded(text, encoding))


def _decodes(raw: bytes, encoding: str) -> bool:
    try:
        raw.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _plausible(decoded: Decoded) -> Decoded:
    """Refuse text that decodes only to characters no page holds (private-use, unassigned,
    controls, replacement characters): the bytes were not in this encoding."""
    sample = decoded.text[:8192]
    odd = 0
    letters = 0
    # Each distinct character once (a page repeats its characters many times over).
    for ch, count in collections.Counter(sample).items():
        if ch in "\n\r\t\f ":
            continue
        letters += count
        category = unicodedata.category(ch)
        if category in ("Co", "Cn", "Cs") or (category == "Cc") or ch == "\ufffd":
            odd += count
    if letters and odd > max(2, letters * 0.02):
        raise NotAPageError(f"decodes as {_NAMES.get(decoded.encoding, decoded.encoding)} only to"
                            f" implausible characters ({odd} of {letters} unassigned, private-use"
                            " or control): not text in a known encoding")
    return decoded


def text_lines(text: str) -> list[str]:
    """Split into lines: CRLF/CR unified, trailing white space (hard breaks) removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    return [line.rstrip() for line in text.split("\n")]


_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def looks_binary(text: str) -> bool:
    """Text that decoded but is mostly control characters is not a page."""
    sample = text[:4096]
    if not sample:
        return False
    return len(_CONTROL_RE.findall(sample)) > len(sample) * 0.05
