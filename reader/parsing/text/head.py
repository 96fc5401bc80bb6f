"""The page's head: front matter above the masthead, the masthead block below it, and the
running header of inner pages (`青溪日报 2023年3月8日 星期三` / `第2版 综合新闻` / `责任编辑: …`).

Each line is searched for known fields; what a field took is cut out of the line, and
whatever remains of the line is handed back, so the caller can keep it (nothing is lost).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..model import Issue, Publication

_SEP = r"\s*[:：]?\s*"

# `2023年3月8日`, `日期：1949-05-12`; never a founding date (`1966年9月13日創刊`).
DATE_RE = re.compile(
    r"(?:(?:出版)?日期\s*[:：]\s*)?(?<!\d)(\d{4})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
    r"|-\s*(\d{1,2})\s*-\s*(\d{1,2})(?!\d))(?!\s*(?:[创創][刊办辦]|出版[创創]刊))")
WEEKDAY_RE = re.compile(r"(星期|周|礼拜)([一二三四五六日天])")
LUNAR_RE = re.compile(
    r"(?:农历\s*)?([甲乙丙丁戊己庚辛壬癸][子丑寅卯辰巳午未申酉戌亥])年\s*"
    r"(闰?)([正一二三四五六七八九十冬腊]{1,2})月\s*"
    r"(初[一二三四五六七八九十]|十[一二三四五六七八九]?|二十|廿[一二三四五六七八九]|三十)"
)
WEBSITE_RE = re.compile(r"(?:电子版|网址|网站|网络版|数字报)" + _SEP + r"((?:https?://)?[\w.-]+\.[A-Za-z]{2,}[\w./-]*)")
EMAIL_RE = re.compile(r"(?:电子信箱|电子邮箱|邮箱|E-?mail)" + _SEP + r"([\w.+-]+@[\w-]+(?:\.[\w-]+)+)", re.I)
CN_CODE_RE = re.compile(r"(?:国内统一刊号|国内统一连续出版物号|统一刊号)" + _SEP + r"(CN\s*\d{2}\s*-\s*\d{3,4}[A-Z]?(?:/[A-Z]+)?)", re.I)
POSTAL_CODE_RE = re.compile(r"邮发代号" + _SEP + r"(\d{1,3}\s*-\s*\d{1,4})")
# English mastheads: `MAY 31, 1901`, `31 May 1901`; `NUMBER 9.`, `No. 9`.
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december")
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
ENGLISH_DATE_RE = re.compile(
    rf"\b{_MONTH}\s+(\d{{1,2}}),?\s+(\d{{4}})\b|\b(\d{{1,2}})\s+{_MONTH}\s+(\d{{4}})\b", re.I)
ENGLISH_NUMBER_RE = re.compile(r"\b(?:NUMBER|No\.)\s*(\d{1,5})\b\.?", re.I)
ISSUE_NUMBER_RE = re.compile(r"[总總]第\s*(\d+)\s*[号期號]")
# `第10期`, `第28号`: the issue's number when no running total (总第N号) is printed.
ISSUE_SEQUENCE_RE = re.compile(r"(?<![总總])第\s*(\d{1,5})\s*[号期號](?!\s*[版])")
# `版次/卷期：02 版` (library databases)
PAGE_LABEL_RE = re.compile(r"版次(?:\s*/\s*卷期)?\s*[:：]\s*([A-Z]?\d{1,3})\s*版?")
ADDRESS_RE = re.compile(r"(?:社址|地址)" + _SEP + r"(\S+)")
POSTCODE_RE = re.compile(r"邮编" + _SEP + r"(\d{6})")
PAGE_RE = re.compile(
    r"^(?:第\s*)?([A-Z]?\d{1,3}|[一二三四五六七八九十]{1,3})\s*版(?![面权])"
    r"(?:\s*[:：|·/-]?\s*(?P<name>[^\s:：|·/]{1,12}))?"
)
EDITORS_RE = re.compile(
    r"(责任编辑|本版编辑|图片编辑|摄影编辑|视觉编辑|美术编辑|值班编辑|责任校对|版式设计|编辑|美编|校对|版式|排版|组版|审读|制图)"
    r"(?![部组組室])\s*[:：]?\s*"  # 编辑部编印 names the publisher, not an editor
    r"([\u4e00-\u9fff·]{2,4}(?:\s*[、,，]\s*[\u4e00-\u9fff·]{2,4})*)"
)

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_WEEKDAYS = "一二三四五六日"
_LUNAR_MONTHS = ["正", "二", "三", "四", "五", "六", "七", "八", "九", "十", "冬", "腊"]
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"


def chinese_number(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十三 → 23 (page numbers and lunar days up to 99)."""
    if text.isdigit():
        return int(text)
    if not text:
        return None
    if "十" not in text:
        return _CN_DIGITS.get(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    value = (_CN_DIGITS.get(tens, 0) if tens else 1) * 10
    if ones:
        if ones not in _CN_DIGITS:
            return None
        value += _CN_DIGITS[ones]
    return value


def page_number(text: str) -> int | None:
    """`2`, `02`, `A2`, `二` → 2."""
    digits = re.sub(r"^[A-Z]", "", text)
    return int(digits) if digits.isdigit() else chinese_number(digits)


def lunar_day_number(text: str) -> int:
    if text.startswith("初"):
        return chinese_number(text[1:]) or 0
    if text.startswith("廿"):
        return 20 + (chinese_number(text[1:]) or 0)
    return chinese_number(text) or 0


def lunar_disagreement(date_iso: str, lunar: re.Match) -> str | None:
    """A warning when the lunar date printed does not match the Gregorian date."""
    try:
        from lunardate import LunarDate
    except ImportError:  # pragma: no cover - declared dependency
        return None
    year, month, day = map(int, date_iso.split("-"))
    if not 1900 <= year <= 2099:
        return None  # outside lunardate's table: nothing to check against
    try:
        from_solar = getattr(LunarDate, "from_solar_date", None) or LunarDate.fromSolarDate
        expected = from_solar(year, month, day)
    except (ValueError, IndexError):
        return None  # outside the table (1900-2099): nothing to check against
    stem_branch = _STEMS[(expected.year - 4) % 10] + _BRANCHES[(expected.year - 4) % 12]
    printed_month = _LUNAR_MONTHS.index(lunar.group(3)) + 1 if lunar.group(3) in _LUNAR_MONTHS else None
    printed = (lunar.group(1), bool(lunar.group(2)), printed_month, lunar_day_number(lunar.group(4)))
    is_leap = bool(getattr(expected, "is_leap_month", None) if hasattr(expected, "is_leap_month") else expected.isLeapMonth)
    wanted = (stem_branch, is_leap, expected.month, expected.day)
    if printed != wanted:
        leap = "闰" if is_leap else ""
        day = expected.day
        day_text = ("初" + "一二三四五六七八九十"[day - 1]) if day <= 10 else (
            "十" + "一二三四五六七八九"[day - 11] if day < 20 else
            "二十" if day == 20 else "廿" + "一二三四五六七八九"[day - 21] if day < 30 else "三十")
        return (f"lunar date {lunar.group(0)} does not match {date_iso}"
                f" (expected {stem_branch}年{leap}{_LUNAR_MONTHS[expected.month - 1]}月{day_text})")
    return None


@dataclass
class HeadFields:
    """What the head of a page told: the fields, and the page's own line."""
    publication: Publication = field(default_factory=Publication)
    issue: Issue = field(default_factory=Issue)
    page_number: int | None = None
    issue_sequence: int | None = None  # 第10期, used when no 总第N号 is printed
    page_name: str | None = None
    editors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    _lunar_match: re.Match | None = None


def _take(pattern: re.Pattern, line: str) -> tuple[re.Match | None, str]:
    match = pattern.search(line)
    if not match:
        return None, line
    return match, (line[: match.start()] + " " + line[match.end():]).strip()


def read_head_line(line: str, head: HeadFields, *, before_masthead: bool) -> str:
    """Take every known field out of LINE into HEAD; return what is left of the line."""
    rest = line.strip()
    match, rest = _take(LUNAR_RE, rest)
    if match and not head.issue.lunar_date:
        head.issue.lunar_date = match.group(0).removeprefix("农历").strip()
        head._lunar_match = match
    match, rest_after_date = _take(DATE_RE, rest)
    if match and not head.issue.date:
        year = int(match.group(1))
        month, day = (int(match.group(2)), int(match.group(3))) if match.group(2) else (
            int(match.group(4)), int(match.group(5)))
        try:
            head.issue.date = dt.date(year, month, day).isoformat()
        except ValueError:
            head.warnings.append(f"impossible date {match.group(0)}")
        else:
            leading = rest[: match.start()].strip()
            # `青溪日报 2023年3月8日 星期三`: the running header names the paper.
            if leading and not head.publication.name and re.fullmatch(r"[\u4e00-\u9fffA-Za-z·]{2,16}", leading):
                head.publication.name = leading
                rest_after_date = rest_after_date.replace(leading, "", 1).strip()
            rest = rest_after_date
    if not head.issue.date and any(ch.isascii() and ch.isalpha() for ch in rest):
        match = ENGLISH_DATE_RE.search(rest)
        if match:
            month_name = (match.group(1) or match.group(5)).lower()
            month = next(i for i, name in enumerate(_MONTHS, 1) if name.startswith(month_name[:3]))
            day, year = (match.group(2), match.group(3)) if match.group(1) else (match.group(4), match.group(6))
            try:
                head.issue.date = dt.date(int(year), month, int(day)).isoformat()
            except ValueError:
                head.warnings.append(f"impossible date {match.group(0)}")
            else:
                rest = (rest[: match.start()] + " " + rest[match.end():]).strip()
        match, rest = _take(ENGLISH_NUMBER_RE, rest)
        if match and head.issue_sequence is None:
            head.issue_sequence = int(match.group(1))
    match, rest = _take(WEEKDAY_RE, rest)
    if match and not head.issue.weekday:
        head.issue.weekday = "星期" + ("日" if match.group(2) == "天" else match.group(2))
    for pattern, target, attr in (
        (WEBSITE_RE, head.publication, "website"),
        (EMAIL_RE, head.publication, "email"),
        (CN_CODE_RE, head.publication, "cn_code"),
        (POSTAL_CODE_RE, head.publication, "postal_code"),
        (POSTCODE_RE, head.publication, "postcode"),
        (ADDRESS_RE, head.publication, "address"),
    ):
        match, rest = _take(pattern, rest)
        if match and getattr(target, attr) is None:
            setattr(target, attr, re.sub(r"\s+", "", match.group(1)) if attr != "address" else match.group(1))
    match, rest = _take(ISSUE_NUMBER_RE, rest)
    if match and head.issue.number is None:
        head.issue.number = int(match.group(1))
    match, rest = _take(ISSUE_SEQUENCE_RE, rest)
    if match and head.issue_sequence is None:
        head.issue_sequence = int(match.group(1))
    match, rest = _take(PAGE_LABEL_RE, rest)
    if match and head.page_number is None:
        head.page_number = page_number(match.group(1))
    if not before_masthead or head.page_number is None:
        match = PAGE_RE.match(rest)
        if match and head.page_number is None:
            head.page_number = page_number(match.group(1))
            head.page_name = match.group("name")
            rest = rest[match.end():].strip()
    while True:
        match = EDITORS_RE.search(rest)
        if not match:
            break
        names = re.split(r"\s*[、,，]\s*", match.group(2))
        head.editors.extend(n for n in names if n and n not in head.editors)
        rest = (rest[: match.start()] + " " + rest[match.end():]).strip()
    return rest


def check_consistency(head: HeadFields) -> None:
    """Settle the fields read (the issue number) and warn when the printed weekday or lunar
    date disagree with the Gregorian date."""
    if head.issue.number is None and head.issue_sequence is not None:
        head.issue.number = head.issue_sequence
    if not head.issue.date:
        return
    date = dt.date.fromisoformat(head.issue.date)
    if head.issue.weekday:
        expected = "星期" + _WEEKDAYS[date.weekday()]
        if head.issue.weekday != expected:
            head.warnings.append(f"weekday {head.issue.weekday} does not match {head.issue.date} ({expected})")
    if head._lunar_match is not None:
        problem = lunar_disagreement(head.issue.date, head._lunar_match)
        if problem:
            head.warnings.append(problem)
