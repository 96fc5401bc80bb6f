"""When two blocks of text are one paragraph, and which short blocks are not running text.

A block that does not end a sentence is NOT by that alone the first half of a paragraph
cut by a column break: signatures (——人民网网友), subheads, list items, summary lines
(■ …) and dateline lines end without a full stop too. Blocks are joined only on evidence
of a cut: the next block cannot begin a paragraph (it starts with a comma or a closing
mark), the text runs on mid-word, or a long piece of running text stops mid-clause and is
followed by text that does not open a unit of its own.
"""
from __future__ import annotations

import re

SENTENCE_END = set("。！？：”」』…）》—!?:)\"'.")
CLAUSE_PUNCTUATION = set("，。！？；：、,.!?;")
# Punctuation no paragraph begins with: a block starting with one continues the last.
CONTINUATION_START = set("，。、；：！？）」』”》…,.;:!?)%")
BOX_WORDS = re.compile(r"热线|电话|扫码|扫一扫|二维码|公众号|微信号|官方微信|微博|订阅|广告|投稿|客服|客户端|下载|关注我们|APP", re.I)
PHONE_OR_NUMBER = re.compile(r"^[\d\s()（）+\-—/.、]+$")
# `新闻热线：0571-88888888`, `本版热线:96345` — a label, a colon, a number.
LABELLED_NUMBER = re.compile(r"^[\u4e00-\u9fffA-Za-z]{2,12}[:：]?[\d()（）+\-—/]{5,}$")
STRAY_MAX_CHARS = 20
# What follows a number inside one word: a decimal point, a percent sign, a unit.
NUMBER_RUNS_ON = set(".．%％‰年月日号號时時分秒万萬亿億元个個名家所座条條项項件次人户戶岁歲倍米吨噸")
# A block this short, opening with a number or a Latin word, ends the last paragraph.
FRAGMENT_MAX_CHARS = 8
CAPTION_MAX_CHARS = 60
# A block this long that stops mid-clause was cut; a shorter one may be a head or a label.
CUT_MIN_CHARS = 30
# Marks that open a unit of their own: summary lines, list items, signatures.
BULLET_RE = re.compile(r"^\s*[■●◆▲★□○◇△☆▶►•·◎※]")
LIST_ITEM_RE = re.compile(
    r"^\s*(?:[一二三四五六七八九十百]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d{1,2}[、.．](?!\d)"
    r"|[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]|[-*+]\s|第[一二三四五六七八九十\d]+[，、,])")
SIGNATURE_RE = re.compile(r"^\s*(?:——|--|──|－－|—\s)")


def ends_sentence(text: str) -> bool:
    text = text.rstrip()
    return bool(text) and text[-1] in SENTENCE_END


# Longer than this, a block is running text whatever its spacing (checked before the work).
_SHORT_BLOCK_MAX = 160


def is_box_like(text: str) -> bool:
    """A hotline box, a bare number, a 'scan the code' label: never running text."""
    if len(text) > _SHORT_BLOCK_MAX:
        return False
    compact = "".join(text.split())
    if not compact or len(compact) > STRAY_MAX_CHARS + 12 or ends_sentence(compact):
        return False
    return bool(PHONE_OR_NUMBER.match(compact) or LABELLED_NUMBER.match(compact)) or (
        len(compact) <= STRAY_MAX_CHARS and bool(BOX_WORDS.search(compact))
        and not any(ch in "，。！？；、," for ch in compact))


def is_stray_candidate(text: str) -> bool:
    """Short, unpunctuated: a box, a number, a label — not a piece of running text."""
    if len(text) > _SHORT_BLOCK_MAX:
        return False
    compact = "".join(text.split())
    return is_box_like(text) or (
        0 < len(compact) <= STRAY_MAX_CHARS
        and not any(ch in CLAUSE_PUNCTUATION for ch in compact)
        and not ends_sentence(compact)
        and not opens_unit(text))


def opens_unit(text: str) -> bool:
    """A block that stands on its own whatever follows or precedes it: a summary line, a
    list item, a signature."""
    return bool(BULLET_RE.match(text) or LIST_ITEM_RE.match(text) or SIGNATURE_RE.match(text))


def is_signature(text: str) -> bool:
    return bool(SIGNATURE_RE.match(text))


def cannot_begin_paragraph(text: str) -> bool:
    stripped = text.lstrip()
    return bool(stripped) and stripped[0] in CONTINUATION_START


def runs_on_mid_word(left: str, right: str) -> bool:
    """`inter-` + `national`, `3` + `.5%`, `RCEP于2022年1` + `月`: a word or number cut."""
    left, right = left.rstrip(), right.lstrip()
    if not left or not right:
        return False
    if left[-1] in "-‐" and len(left) > 1 and left[-2].isalpha() and right[0].isalpha():
        return True
    if left[-1].isascii() and left[-1].isalpha() and right[0].isascii() and right[0].islower():
        return True
    # A number runs on into its unit: `2022年1` + `月1日`, `新建3` + `0家`.
    return left[-1].isdigit() and (right[0] in NUMBER_RUNS_ON or right[0].isdigit())


def was_cut(left: str, right: str, *, left_is_unit: bool = False, right_is_unit: bool = False) -> bool:
    """Whether RIGHT continues LEFT across a cut (a column break, a removed box or image)."""
    if not left or not right or ends_sentence(left):
        return False
    if cannot_begin_paragraph(right):
        return True
    if left_is_unit or is_signature(left):
        return False
    if runs_on_mid_word(left, right):
        return True
    if right_is_unit or opens_unit(right):
        return False
    tail = left.rstrip()[-1]
    if tail in "；;":  # a list item or a clause series: complete as it stands
        return False
    if tail in "，、,":  # nobody ends a paragraph on a comma
        return True
    if any(ch in CLAUSE_PUNCTUATION for ch in left):  # running text that stops mid-clause
        return True
    right_compact = "".join(right.split())
    if (len(right_compact) <= FRAGMENT_MAX_CHARS and right_compact[0].isascii() and right_compact[0].isalnum()
            and not any(ch in CLAUSE_PUNCTUATION for ch in right_compact[:-1])):
        return True  # `今年计划再新建` + `30家。`: a number or word wrapped to the next column
    # No punctuation at all: a head or a label, unless it is too long to be one.
    return len("".join(left.split())) >= CUT_MIN_CHARS


def join_text(left: str, right: str) -> str:
    if left and right and left[-1].isascii() and left[-1].isalnum() and right[0].isascii() and right[0].isalnum():
        return left + " " + right
    return left + right
