"""What a source says about itself outside its text: front matter, the folders and name of
its file, a scraper's source note (`《人民日报》（2025年03月01日 第 01 版）`).

Archives and scrapers file articles as `2025/03/2025-03-01/01-要闻/3-标题.md` or
`20250301/…`: the date, page number and page name are in the path.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

FRONT_MATTER_LINE_RE = re.compile(r"^\s*([\w\u4e00-\u9fff-]+)\s*[:：]\s*(.*?)\s*$")
ISO_DATE_RE = re.compile(r"(?<!\d)((?:18|19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)")
COMPACT_DATE_RE = re.compile(r"(?<!\d)((?:18|19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d)")
YEAR_RE = re.compile(r"^(?:18|19|20)\d{2}$")
MONTH_RE = re.compile(r"^(?:0?[1-9]|1[0-2])$")
# `01-要闻`, `第01版-要闻`, `A3_经济`, `01版`
PAGE_FOLDER_RE = re.compile(
    r"^(?:第\s*)?([A-Z]?\d{1,3})\s*(?:版(?:\s*[-_ .：:]?\s*(\S.*))?|[-_ .：:]\s*(\D.*))$")
PAGE_IN_FIELD_RE = re.compile(r"^\s*(?:第\s*)?[A-Z]?\d{1,3}\s*版?\s*$")
# 《人民日报》（2025年03月01日 第 01 版）: who copied the article from where.
SOURCE_NOTE_RE = re.compile(
    r"《([^《》\n]{2,24})》\s*[(（]\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
    r"\s*(?:第\s*([A-Z]?\d{1,3})\s*版)?\s*[)）]")
# Keys front matter uses for the fields we read (lower-cased).
KEYS = {
    "publication": ("publication", "paper", "newspaper", "journal", "source", "媒体", "报纸", "报刊", "来源"),
    "date": ("date", "published", "publish_date", "pubdate", "日期", "出版日期"),
    "page": ("page", "page_number", "pagenumber", "版次", "版号", "section"),
    "page_name": ("page_name", "section_name", "page_title", "版名", "栏目", "column", "section"),
    "title": ("title", "标题"),
    "subtitle": ("subtitle", "副标题", "副题"),
    "pretitle": ("pretitle", "kicker", "引题", "肩题"),
    "byline": ("author", "authors", "byline", "作者"),
    "url": ("url", "link", "source_url", "链接", "原文"),
}


@dataclass
class SourceMeta:
    publication: str | None = None
    date: str | None = None  # ISO
    page: int | None = None
    page_name: str | None = None
    fields: dict[str, str] = field(default_factory=dict)  # front matter, keys lower-cased
    text: str | None = None  # the note as printed, when it came from one


def front_matter(lines: list[str]) -> tuple[dict[str, str], int]:
    """YAML-like `key: value` front matter between `---` lines: (fields, first body line)."""
    if not lines or lines[0].strip() != "---":
        return {}, 0
    fields: dict[str, str] = {}
    for index in range(1, min(len(lines), 200)):
        line = lines[index]
        if line.strip() in ("---", "..."):
            return fields, index + 1
        match = FRONT_MATTER_LINE_RE.match(line)
        if match:
            fields[match.group(1).lower()] = match.group(2).strip().strip("\"'")
    return {}, 0


def field_value(fields: dict[str, str], name: str) -> str | None:
    for key in KEYS[name]:
        value = fields.get(key)
        if not value:
            continue
        # `section: 第04版` is a page number; `section: 要闻` a page name.
        if key == "section" and (name == "page") != bool(PAGE_IN_FIELD_RE.search(value)):
            continue
        return value
    return None


def iso_date(text: str) -> str | None:
    match = ISO_DATE_RE.search(text) or COMPACT_DATE_RE.search(text)
    if not match:
        return None
    try:
        return dt.date(*map(int, match.groups())).isoformat()
    except ValueError:
        return None


def path_meta(path: Path | None) -> SourceMeta:
    """Date, page number and page name from folder and file names; the publication from the
    folder above the dated ones (only when there are dated folders: an archive's layout)."""
    meta = SourceMeta()
    if path is None:
        return meta
    parts = list(path.parts[:-1])
    date_at = None
    for index in range(len(parts) - 1, -1, -1):
        part = parts[index]
        if meta.date is None and (found := iso_date(part)):
            meta.date, date_at = found, index
        elif meta.page is None and date_at is None and (page := PAGE_FOLDER_RE.match(part)):
            meta.page = _page_number(page.group(1))
            meta.page_name = page.group(2) or page.group(3)
    if meta.date is None:
        meta.date = iso_date(path.stem)
        if meta.date is None:
            # 2025/03/01: year, month and day as three folders
            for index in range(len(parts) - 2):
                year, month, day = parts[index: index + 3]
                if YEAR_RE.match(year) and MONTH_RE.match(month) and re.fullmatch(r"\d{1,2}", day):
                    meta.date = _date(year, month, day)
                    date_at = index
    if date_at is not None:
        above = date_at
        while above > 0 and (YEAR_RE.match(parts[above - 1]) or MONTH_RE.match(parts[above - 1])
                             or iso_date(parts[above - 1])):
            above -= 1
        if above > 0 and _looks_like_name(parts[above - 1]):
            meta.publication = parts[above - 1]
    return meta


def take_source_note(text: str) -> tuple[SourceMeta | None, str]:
    """Cut a scraper's source note out of TEXT: (what it says, the text without it)."""
    match = SOURCE_NOTE_RE.search(text)
    if not match:
        return None, text
    meta = SourceMeta(publication=match.group(1), text=match.group(0))
    meta.date = _date(match.group(2), match.group(3), match.group(4))
    if match.group(5):
        meta.page = _page_number(match.group(5))
    return meta, (text[: match.start()] + text[match.end():]).strip()


def _looks_like_name(part: str) -> bool:
    """A folder named after a paper: words, not a date, a number or a tool's folder."""
    cjk = sum(1 for ch in part if "\u4e00" <= ch <= "\u9fff")
    return 2 <= cjk <= 20 and not any(ch.isdigit() for ch in part)


def _page_number(text: str) -> int | None:
    digits = re.sub(r"^[A-Z]", "", text)
    return int(digits) if digits.isdigit() else None


def _date(year: str, month: str, day: str) -> str | None:
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None
