"""Which layout a file is in, by its content (the suffix only says where to look first).

- a layout format (ALTO, METS, hOCR, PaddleOCR) when one of `formats.LAYOUT_FORMATS`
  recognises the head of a `.xml`, `.hocr`, `.html` or `.json` file;
- `page-markdown`: a printed page — a head with page fields (版, 刊号, editors) or a
  masthead with `## ` headlines under it;
- `article-markdown`: one article per file — one `# ` headline, at most an `### ` above it
  and a `## ` right under it, body text below;
- `issue-markdown`: one file per issue (a transcript, a digest) — several `##`/`###`
  items under a title, with signs of a listing (timestamps, link lines, numbered items);
- `plain-text`: no Markdown heading at all (OCR text exports, web copies).

A file with headings but no sign of a newspaper (code blocks; or no date, byline or
dateline and mostly Latin text: a README) is not a page: NotAPageError says so.
"""
from __future__ import annotations

import re
from pathlib import Path
from types import ModuleType

from .errors import NotAPageError
from .text.decoding import decode, text_lines
from .text.head import ENGLISH_DATE_RE
from .text.source_meta import SOURCE_NOTE_RE

LAYOUT_SUFFIXES = {".xml", ".hocr", ".html", ".htm", ".xhtml", ".json"}
_SNIFF_BYTES = 8192

HEADING_RE = re.compile(r"^(#{1,6})[ \t]+(\S.*?)\s*#*\s*$")
# Page fields that only a printed page carries in its head.
PAGE_FIELD_RE = re.compile(
    r"^(?:第\s*)?(?:[A-Z]?\d{1,3}|[一二三四五六七八九十]{1,3})\s*版(?![面权])|第\s*[A-Z]?\d{1,3}\s*版"
    r"|国内统一刊号|统一刊号|國內統一刊號|邮发代号|郵發代號|责任编辑|責任編輯|本版编辑|本版編輯")
DATE_RE = re.compile(r"\d{4}\s*[年\-/.]\s*\d{1,2}\s*[月\-/.]\s*\d{1,2}|(?<!\d)(?:19|20)\d{2}[01]\d[0-3]\d(?!\d)"
                     r"|[一二三四五六七八九〇零○]{4}年")
TIMESTAMP_RE = re.compile(r"^\s*(?:\[?\d{1,2}:\d{2}(?::\d{2})?\]?|\d{4}-\d{2}-\d{2}\s+\d{1,2}:\d{2})")
# A line made of links (`- [标题](url) | [PDF 檔](…)`): a listing's entry, not running text.
LINK_LINE_RE = re.compile(
    r"^\s*(?:[-*+]\s*)?(?:(?:\[[^\]]*\]\([^)]*\)|<?(?:https?|ftp)://\S+>?)\s*[|｜,，/、]?\s*)+$")
NUMBERED_ITEM_RE = re.compile(r"^(?:\d{1,3}[.、．]|[一二三四五六七八九十]+、|【)")
MARKUP_RE = re.compile(r"<[^>]*>|\([^)\s]*://[^)\s]*\)|https?://\S+")
BYLINE_HINT_RE = re.compile(r"[记記]者|[报報][讯訊]|[电電][讯訊]|日[电電]|消息|通[讯訊]员|[编編]辑")


def detect_layout(path: str | Path | None, data: bytes) -> str:
    """The layout of a file from its bytes (and its name). Raises NotAPageError."""
    path = Path(path) if path is not None else None
    layout_format = layout_format_for(path, data[:_SNIFF_BYTES])
    if layout_format is not None:
        return format_layout_name(layout_format)
    return detect_text_layout(text_lines(decode(data, lenient=True).text), path)


def layout_format_for(path: Path | None, head: bytes) -> ModuleType | None:
    """The layout format (ALTO, METS, …) that recognises HEAD, for the suffixes they use."""
    if path is None or path.suffix.lower() not in LAYOUT_SUFFIXES:
        return None
    from .formats import LAYOUT_FORMATS

    for module in LAYOUT_FORMATS:
        if module.sniff(path, head):
            return module
    return None


def format_layout_name(module: ModuleType) -> str:
    return getattr(module, "LAYOUT", module.__name__.rsplit(".", 1)[-1])


def detect_text_layout(lines: list[str], path: Path | None = None) -> str:
    """The layout of a text file from its lines."""
    headings = [(i, len(m.group(1)), m.group(2)) for i, line in enumerate(lines)
                if line.startswith("#") and (m := HEADING_RE.match(line))]
    body_start = _front_matter_end(lines)
    if not headings:
        return "plain-text"
    h1 = [h for h in headings if h[1] == 1]
    h2 = [h for h in headings if h[1] == 2]
    items = [h for h in headings if h[1] in (2, 3)]
    first_h2 = h2[0][0] if h2 else len(lines)
    # Page fields above the first `## ` (版, 刊号, editors): a printed page, decided cheaply.
    if h2 and _has_page_fields(lines[body_start:first_h2]):
        return "page-markdown"
    if _looks_like_document(lines, path, has_title=bool(h1)):
        raise NotAPageError("headings but no sign of a newspaper page (no date, page, byline or"
                            " dateline; a document such as a README)")
    if len(h1) <= 1 and len(items) >= 2 and _listing_signs(lines, headings, strong=True):
        return "issue-markdown"
    if len(h1) == 1 and _single_article(lines, headings, h1[0][0]):
        # A masthead over head lines (a page cut short before its first headline) is a page.
        after = lines[h1[0][0] + 1:]
        first_long = next((i for i, line in enumerate(after) if len(line.strip()) > 40), len(after))
        if _has_page_fields(lines[body_start:h1[0][0]] + after[:first_long]):
            return "page-markdown"
        return "article-markdown"
    if _has_page_fields(lines[body_start:first_h2]):
        return "page-markdown"
    if len(h1) <= 1 and len(items) >= 2 and _listing_signs(lines, headings):
        return "issue-markdown"
    if not h1 and not h2 and len(items) >= 2:
        return "issue-markdown"
    return "page-markdown"


def _front_matter_end(lines: list[str]) -> int:
    if lines and lines[0].strip() == "---":
        for index in range(1, min(len(lines), 80)):
            if lines[index].strip() in ("---", "..."):
                return index + 1
    return 0


def _has_page_fields(head_lines: list[str]) -> bool:
    """Page fields in head lines; a scraper's source note (`《X报》（…第 04 版）`) is not one."""
    return any(PAGE_FIELD_RE.search(SOURCE_NOTE_RE.sub("", line)) for line in head_lines[:40]
               if not HEADING_RE.match(line))


def _single_article(lines: list[str], headings: list[tuple[int, int, str]], h1_line: int) -> bool:
    """One `# ` headline: `### ` (引题) only right above it, `## ` (副题) only right under it,
    then body text with no further `# `/`## ` headline."""
    for index, level, _ in headings:
        if level != 2:
            continue
        between = [line for line in lines[h1_line + 1: index] if line.strip()]
        if index < h1_line or any(not HEADING_RE.match(line) for line in between):
            return False
    body = [line for line in lines[h1_line + 1:] if line.strip() and not HEADING_RE.match(line)]
    return bool(body) or len(headings) <= 3


def _listing_signs(lines: list[str], headings: list[tuple[int, int, str]], *, strong: bool = False) -> bool:
    """Signs that `##`/`###` items are the stories of a transcript or digest: timestamps,
    link lines, numbered or dated items, a date in the title. STRONG: signs that no single
    article shows (one link line or a dated title may end an article; lists of them do not)."""
    links = sum(1 for line in lines if LINK_LINE_RE.match(line))
    stamps = sum(1 for line in lines if TIMESTAMP_RE.match(line))
    dated = sum(1 for _, level, text in headings if level >= 2 and DATE_RE.search(text))
    numbered = sum(1 for _, level, text in headings if level >= 2 and NUMBERED_ITEM_RE.match(text))
    if links >= 2 or dated >= 1 or numbered >= 2 or stamps >= 2:
        return True
    if strong:
        return False
    titles = [text for _, level, text in headings if level == 1]
    return links + stamps > 0 or bool(titles and DATE_RE.search(titles[0]))


def _looks_like_document(lines: list[str], path: Path | None, *, has_title: bool) -> bool:
    if any(line.lstrip().startswith(("```", "~~~")) for line in lines):
        return True
    if not has_title:
        return False
    text = MARKUP_RE.sub(" ", "\n".join(lines[:400]))
    if DATE_RE.search(text) or ENGLISH_DATE_RE.search(text) or (path is not None and DATE_RE.search(str(path))):
        return False
    if BYLINE_HINT_RE.search(text):
        return False
    letters = [ch for ch in text if ch.isalpha()]
    cjk = sum(1 for ch in letters if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf")
    return not letters or cjk < len(letters) * 0.5
