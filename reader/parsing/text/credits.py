"""Bylines (本报讯 记者X报道, 新华社北京3月7日电(记者 A B)) and photo credits (记者Y 摄).

A reporter's name is two to four Chinese characters (or a transliterated name with ·).
A run of characters after 记者 counts as a name only when something closes it — 报道, a
closing bracket, a space, the end of the line — so that body text which merely begins with
记者 (记者从有关部门获悉…) is never taken for a byline.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

NAME = r"(?:[\u4e00-\u9fff]{1,6}·[\u4e00-\u9fff]{1,6}|[\u4e00-\u9fff]{2,4})"
ROLE = (
    r"(?:(?:本报|新华社|中新社|人民日报|本报特约|特约|见习|实习|首席|驻[\u4e00-\u9fff]{1,4})?"
    r"(?:摄影记者|记者|通讯员)|实习生|特约撰稿人?|撰稿|撰文|文\s*/|图\s*/)"
)
_GAP = r"(?:\s+|\s*[、,，]\s*)"
CREDIT = rf"{ROLE}\s*(?!{ROLE}){NAME}(?:{_GAP}(?!{ROLE}){NAME})*"
CREDITS = rf"{CREDIT}(?:{_GAP}?{CREDIT})*"

DATELINE_RE = re.compile(
    r"^[■●□◆▲★\s]*("
    r"(?:本报|新华社|中新社|中新网|人民日报|新华网|央视网|[\u4e00-\u9fff]{2,4}社)"
    r"(?:[\u4e00-\u9fff]{0,6}?\s*\d{1,2}\s*月\s*\d{1,2}\s*日)?\s*[讯电]"
    r"|据新华社[\u4e00-\u9fff]{0,6}?电|本报综合)"
)
_ROLE_OR_NAME_RE = re.compile(rf"({ROLE})\s*|({NAME})")
_BRACKETED_RE = re.compile(rf"^\s*[(（]\s*({CREDITS})\s*[)）]")
_REPORTED_RE = re.compile(rf"^\s*({CREDITS})\s*(摄影报道|(?<!摄影)报道)")
_WHOLE_LINE_RE = re.compile(rf"^\s*({CREDITS})\s*$")

# Photo credit: "记者邹伟锋 摄", "本报记者 Y 摄", "(通讯员蔡伟华 摄)", "张三/摄", "图/李四".
_PHOTO_TAIL = r"\s*/?\s*(?:摄影?|供图|提供)"
PHOTO_CREDIT_RE = re.compile(
    rf"[(（]?\s*(?:{ROLE}\s*)?(?!{ROLE}){NAME}(?:{_GAP}(?:{ROLE}\s*)?(?!{ROLE}){NAME})*{_PHOTO_TAIL}\s*[)）]?"
    rf"|[(（]?\s*图\s*/\s*{NAME}(?:{_GAP}{NAME})*\s*[)）]?"
)
_CAPTION_END = "。！？!?”）)」』…"


@dataclass
class Byline:
    text: str  # exactly as printed
    dateline: str | None = None
    reporters: list[str] = field(default_factory=list)
    photographers: list[str] = field(default_factory=list)


def credit_names(credits: str) -> list[str]:
    """The people named in a run of credits, roles dropped."""
    names: list[str] = []
    for match in _ROLE_OR_NAME_RE.finditer(credits):
        name = match.group(2)
        if name and name not in names:
            names.append(name)
    return names


def split_byline(text: str) -> tuple[Byline | None, str]:
    """Split a byline off the start of TEXT; return (byline or None, the rest)."""
    dateline_match = DATELINE_RE.match(text)
    offset = dateline_match.end() if dateline_match else 0
    dateline = re.sub(r"\s+", "", dateline_match.group(1)) if dateline_match else None
    rest = text[offset:]
    for pattern in (_BRACKETED_RE, _REPORTED_RE):
        match = pattern.match(rest)
        if match:
            end = offset + match.end()
            names = credit_names(match.group(1))
            photographers = names if pattern is _REPORTED_RE and match.group(2) == "摄影报道" else []
            byline = Byline(text[:end].strip(), dateline, names, list(photographers))
            return byline, text[end:].strip()
    first_line, newline, remainder = rest.partition("\n")
    match = _WHOLE_LINE_RE.match(first_line)
    if match and (dateline or newline or len(first_line.strip()) <= 24):
        names = credit_names(match.group(1))
        end = offset + len(first_line)
        return Byline(text[:end].strip(), dateline, names, []), remainder.strip()
    if dateline:
        return Byline(text[:offset].strip(), dateline, [], []), rest.strip()
    return None, text


# Every credit ends like this; text that does not is never tried against the full pattern.
_CREDIT_ENDING_RE = re.compile(rf"(?:{_PHOTO_TAIL}|图\s*/\s*{NAME}(?:{_GAP}{NAME})*)\s*[)）]?\s*$")
_CREDIT_MAX_CHARS = 40


def _may_end_with_credit(text: str) -> bool:
    return bool(_CREDIT_ENDING_RE.search(text[-_CREDIT_MAX_CHARS:]))


def is_credit_line(text: str) -> bool:
    """A line that is nothing but a photo credit."""
    text = text.strip()
    return len(text) <= _CREDIT_MAX_CHARS * 2 and _may_end_with_credit(text) and bool(PHOTO_CREDIT_RE.fullmatch(text))


def split_photo_credit(text: str) -> tuple[str, str | None]:
    """'比赛现场。记者Y 摄' → ('比赛现场。', '记者Y 摄'); text without a credit → (text, None)."""
    stripped = text.strip()
    if not _may_end_with_credit(stripped):
        return text, None
    if is_credit_line(stripped):
        return "", stripped
    best = None
    tail_start = max(0, len(stripped) - _CREDIT_MAX_CHARS * 2)
    for match in PHOTO_CREDIT_RE.finditer(stripped, tail_start):
        if match.end() != len(stripped):
            continue
        before = stripped[: match.start()]
        # The credit must stand apart from the caption: after a sentence end, a space
        # or a line break, never glued inside a clause.
        if before and before[-1] not in _CAPTION_END and not before[-1].isspace():
            continue
        best = match
        break
    if best is None:
        # The regex may have started its match too early (a caption word taken for a
        # name); try each later start that follows a sentence end or a space.
        window_start = max(0, len(stripped) - _CREDIT_MAX_CHARS * 2)
        for index in range(window_start, len(stripped)):
            ch = stripped[index]
            if ch in _CAPTION_END or ch.isspace():
                tail = stripped[index + 1:]
                if tail and PHOTO_CREDIT_RE.fullmatch(tail.strip()):
                    return stripped[: index + 1].strip(), tail.strip()
        return text, None
    return stripped[: best.start()].strip(), stripped[best.start():].strip()


def photo_credit_names(credit: str) -> list[str]:
    body = re.sub(rf"{_PHOTO_TAIL}\s*[)）]?\s*$", "", credit.strip())
    body = body.strip("()（） ")
    return credit_names(body)
