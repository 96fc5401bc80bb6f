"""Bylines (本报讯 记者X报道, 新华社北京3月7日电(记者 A B)) and photo credits (记者Y 摄).

A reporter's name is two to four Chinese characters (or a transliterated name with ·).
A run of characters after 记者 counts as a name only when something closes it — 报道, a
closing bracket, a space, the end of the line — so that body text which merely begins with
记者 (记者从有关部门获悉…) is never taken for a byline.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

NAME = r"(?:[\u4e00-\u9fff]{1,6}[·•][\u4e00-\u9fff]{1,6}|[\u4e00-\u9fff]{2,4})"
# Simplified and traditional forms alike: 记者/記者, 本报/本報, 电/電, 讯/訊.
_BAO = "[报報]"
_JIZHE = "[记記]者"
ROLE = (
    rf"(?:(?:本{_BAO}|新[华華]社|中新社|人民日{_BAO}|本{_BAO}特[约約]|特[约約]|[见見][习習]|[实實][习習]|首席"
    rf"|[驻駐][\u4e00-\u9fff]{{1,4}})?"
    rf"(?:[摄攝]影{_JIZHE}|{_JIZHE}|通[讯訊][员員])|[实實][习習]生|特[约約][撰譔]稿人?|撰稿|撰文|文\s*/|[图圖]\s*/)"
)
_GAP = r"(?:\s+|\s*[、,，]\s*)"
CREDIT = rf"{ROLE}\s*(?!{ROLE}){NAME}(?:{_GAP}(?!{ROLE}){NAME})*"
CREDITS = rf"{CREDIT}(?:{_GAP}?{CREDIT})*"

# A day in figures or in Chinese numerals: 28日, 十四日, 廿一日; a month optional.
_DAY = r"[\d〇零一二三四五六七八九十廿卅]{1,3}\s*日"
_DATE = rf"(?:[\d〇零一二三四五六七八九十]{{1,3}}\s*月\s*)?{_DAY}"
# News agencies and papers that open a dateline: 本报, 新华社, 中新社, 路透社, 聯合社, 央视网.
_AGENCY = (rf"(?:本{_BAO}|本[台臺]|本[网網]|新[华華]社|中新社|中新[网網]|人民日{_BAO}|新[华華][网網]|央[视視][网網]"
           rf"|[\u4e00-\u9fff]{{1,5}}社)")
DATELINE_RE = re.compile(
    r"^[■●□◆▲★\s]*[【\[]?\s*("
    rf"{_AGENCY}[\u4e00-\u9fff]{{0,8}}?\s*{_DATE}\s*[电電讯訊]"  # 新华社北京2月28日电, 本报合肥18日电
    rf"|(?:本{_BAO}|本[台臺]|新[华華]社|中新社|中新[网網]|人民日{_BAO}|新[华華][网網]|央[视視][网網])\s*[讯訊电電]"  # 本报讯
    rf"|据新[华華]社[\u4e00-\u9fff]{{0,6}}?[电電]|本{_BAO}[综綜]合"
    rf"|(?:{_AGENCY}|[\u4e00-\u9fff]{{2,6}}[网網])消息(?:\s*[(（][^()（）\n]{{1,16}}[)）])?"  # 央视网消息（新闻联播）
    r")\s*[】\]]?\s*[:：，,]?"
)
# Names printed padded to a fixed width, one character apart: `赵  成`, `赵\u3000成`.
_PADDED_RE = re.compile(r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff](?:[ \u3000]+[\u4e00-\u9fff](?![\u4e00-\u9fff]))+")
_HAS_ROLE_RE = re.compile(ROLE)
_NAMES_ONLY_RE = re.compile(rf"^\s*{NAME}(?:{_GAP}{NAME}){{0,5}}\s*$")
_ROLE_OR_NAME_RE = re.compile(rf"({ROLE})\s*|({NAME})")
_BRACKETED_RE = re.compile(rf"^\s*[(（]\s*({CREDITS})\s*[)）]")
_REPORTED_RE = re.compile(rf"^\s*({CREDITS})\s*([摄攝]影[报報][道導]|(?<![摄攝]影)[报報][道導])\s*[:：]?")
_WHOLE_LINE_RE = re.compile(rf"^\s*({CREDITS})\s*$")

# Photo credit: "记者邹伟锋 摄", "本报记者 Y 摄", "(通讯员蔡伟华 摄)", "张三/摄", "图/李四".
_PHOTO_TAIL = r"\s*/?\s*(?:[摄攝]影?|供[图圖]|提供)"
PHOTO_CREDIT_RE = re.compile(
    rf"[(（]?\s*(?:{ROLE}\s*)?(?!{ROLE}){NAME}(?:{_GAP}(?:{ROLE}\s*)?(?!{ROLE}){NAME})*{_PHOTO_TAIL}\s*[)）]?"
    rf"|[(（]?\s*[图圖]\s*/\s*{NAME}(?:{_GAP}{NAME})*\s*[)）]?"
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


def unpad_names(line: str) -> str:
    """`本报记者  赵  成` → `本报记者  赵成`: single characters a space apart are one name
    (two or three of them), or two names of two (four of them)."""
    def join(match: re.Match) -> str:
        chars = match.group(0).split()
        if len(chars) == 4:
            return chars[0] + chars[1] + " " + chars[2] + chars[3]
        return "".join(chars) if len(chars) <= 3 else match.group(0)
    return _PADDED_RE.sub(join, line)


def names_only_byline(text: str) -> Byline | None:
    """A line that is nothing but one to six names (`孙秀艳`, `葛孟超  戴林峰`): a byline where
    the layout puts one (a scraper's `> ` line under the headline)."""
    line = unpad_names(text.replace("\u3000", " ")).strip()
    if "\n" in line or not _NAMES_ONLY_RE.match(line):
        return None
    return Byline(line, None, credit_names(line), [])


def split_byline(text: str) -> tuple[Byline | None, str]:
    """Split a byline off the start of TEXT; return (byline or None, the rest)."""
    first, newline, remainder = text.partition("\n")
    if "\u3000" in first or (_HAS_ROLE_RE.search(first) and _PADDED_RE.search(first)):
        text = unpad_names(first.replace("\u3000", " ")) + newline + remainder
    dateline_match = DATELINE_RE.match(text)
    offset = dateline_match.end() if dateline_match else 0
    dateline = re.sub(r"\s+", "", dateline_match.group(1)) if dateline_match else None
    rest = text[offset:]
    for pattern in (_BRACKETED_RE, _REPORTED_RE):
        match = pattern.match(rest)
        if match:
            end = offset + match.end()
            names = credit_names(match.group(1))
            photographers = names if pattern is _REPORTED_RE and match.group(2)[:2] in ("摄影", "攝影") else []
            byline = Byline(text[:end].strip(), dateline, names, list(photographers))
            return byline, text[end:].strip().lstrip("：:，,").strip()
    first_line, newline, remainder = rest.partition("\n")
    match = _WHOLE_LINE_RE.match(first_line)
    if match and (dateline or newline or len(first_line.strip()) <= 24):
        names = credit_names(match.group(1))
        end = offset + len(first_line)
        return Byline(text[:end].strip(), dateline, names, []), remainder.strip()
    if dateline:
        return Byline(text[:offset].strip(), dateline, [], []), rest.strip().lstrip("：:，,").strip()
    return None, text


# Every credit ends like this; text that does not is never tried against the full pattern.
_CREDIT_ENDING_RE = re.compile(rf"(?:{_PHOTO_TAIL}|[图圖]\s*/\s*{NAME}(?:{_GAP}{NAME})*)\s*[)）]?\s*$")
_CREDIT_MAX_CHARS = 40


# One of these stands in every credit's ending (摄, 摄影, 供图, 提供, 图/): text without any
# (nearly all text) is never searched.
_CREDIT_ENDING_CHARS = "摄攝图圖供"


def _may_end_with_credit(text: str) -> bool:
    tail = text[-_CREDIT_MAX_CHARS:]
    if not any(ch in tail for ch in _CREDIT_ENDING_CHARS):
        return False
    return bool(_CREDIT_ENDING_RE.search(tail))


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
