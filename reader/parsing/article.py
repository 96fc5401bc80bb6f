"""One article's blocks → an Article: captions, byline, body paragraphs, jump lines, strays.

The rules, in the order they apply:
1. Jump lines `(下转第2版)` / `(上接第1版)` are cut out of the text into continued_to/from.
2. Captions: a block ending in a photo credit (记者Y 摄); the block before a credit on its
   own line; a short block right after an image.
3. Byline: the first block that is not a caption, when it starts like one.
4. Body: the rest. A paragraph that does not end a sentence was cut by a column break and
   is continued by the next body block; short stray boxes (a hotline, a number) found in
   between go to the page's extras and the sentence is rejoined around them.
"""
from __future__ import annotations

import re

from .blocks import Block, ImageBlock, SubheadingBlock, TableBlock, TextBlock
from .credits import is_credit_line, photo_credit_names, split_byline, split_photo_credit
from .header import page_number
from .model import Article, Caption
from .sentences import ends_sentence

JUMP_RE = re.compile(
    r"[(（]\s*(?:([上下])\s*[接转]|(转|接|紧接|续)\s*)\s*(?:第\s*)?"
    r"([A-Z]?\d{1,3}|[一二三四五六七八九十]{1,3})\s*版\s*[)）]"
)
CLAUSE_PUNCTUATION = set("，。！？；：、,.!?;")
BOX_WORDS = re.compile(r"热线|电话|扫码|扫一扫|二维码|公众号|微信号|官方微信|微博|订阅|广告|投稿|客服|客户端|下载|关注我们|APP", re.I)
PHONE_OR_NUMBER = re.compile(r"^[\d\s()（）+\-—/.、]+$")
# `新闻热线：0571-88888888`, `本版热线:96345` — a label, a colon, a number.
LABELLED_NUMBER = re.compile(r"^[\u4e00-\u9fffA-Za-z]{2,12}[:：]?[\d()（）+\-—/]{5,}$")
STRAY_MAX_CHARS = 20
CAPTION_MAX_CHARS = 60


def is_box_like(text: str) -> bool:
    """A hotline box, a bare number, a 'scan the code' label: never running text."""
    compact = "".join(text.split())
    if not compact or len(compact) > STRAY_MAX_CHARS + 12 or ends_sentence(compact):
        return False
    return bool(PHONE_OR_NUMBER.match(compact) or LABELLED_NUMBER.match(compact)) or (
        len(compact) <= STRAY_MAX_CHARS and bool(BOX_WORDS.search(compact))
        and not any(ch in "，。！？；、," for ch in compact))


def is_stray_candidate(text: str) -> bool:
    """Short, unpunctuated: a box, a number, a label — not a piece of running text."""
    compact = "".join(text.split())
    return is_box_like(text) or (
        0 < len(compact) <= STRAY_MAX_CHARS
        and not any(ch in CLAUSE_PUNCTUATION for ch in compact)
        and not ends_sentence(compact))


def take_jumps(text: str, article: Article) -> tuple[str, bool]:
    """Remove jump lines from TEXT; return (text, whether it jumped to another page)."""
    jumped_out = False

    def replace(match: re.Match) -> str:
        nonlocal jumped_out
        direction = match.group(1) or ("上" if match.group(2) in ("接", "紧接", "续") else "下")
        number = page_number(match.group(3))
        if direction == "下":
            article.continued_to = article.continued_to or number
            jumped_out = True
        else:
            article.continued_from = article.continued_from or number
        return ""

    return JUMP_RE.sub(replace, text).strip(), jumped_out


def _add_unique(names: list[str], more: list[str]) -> None:
    names.extend(name for name in more if name not in names)


def _join(left: str, right: str) -> str:
    if left and right and left[-1].isascii() and left[-1].isalnum() and right[0].isascii() and right[0].isalnum():
        return left + " " + right
    return left + right


def build_article(headline: str, blocks: list[Block], extras: list[str]) -> Article:
    """Assemble an Article from its blocks; page-level leftovers are appended to EXTRAS."""
    article = Article(headline=headline)
    # (kind, payload) in reading order; kind: text / caption / table / subheading / image.
    items: list[list] = []
    pending_image: ImageBlock | None = None
    for block in blocks:
        if isinstance(block, ImageBlock):
            if pending_image is not None:
                items.append(["image", pending_image])
            pending_image = block
            continue
        if isinstance(block, TextBlock):
            text, jumped = take_jumps(block.text, article)
            if not text:
                if jumped:  # a jump line on its own: the paragraph before it jumped
                    for item in reversed(items):
                        if item[0] == "text":
                            item[3] = True
                            break
                continue
            items.append(["text", text, block.after_image or pending_image is not None, jumped, pending_image])
        elif isinstance(block, TableBlock):
            items.append(["table", block.rows])
        elif isinstance(block, SubheadingBlock):
            items.append(["subheading", block.text])
        pending_image = None
    if pending_image is not None:
        items.append(["image", pending_image])

    _mark_captions(items)
    _take_byline(items, article)
    _assemble_body(items, article, extras)
    if not article.paragraphs and article.captions and not article.tables:
        article.kind = "photo"
    return article


def _mark_captions(items: list[list]) -> None:
    """Turn text items that are photo captions into caption items, in place."""
    text_items = [i for i, item in enumerate(items) if item[0] == "text"]
    only_photos = all(items[i][2] for i in text_items)
    for position, index in enumerate(text_items):
        item = items[index]
        if item[0] != "text":
            continue
        text, after_image, image = item[1], item[2], item[4]
        caption_text, credit = split_photo_credit(text)
        if credit is not None and caption_text == "":
            # A credit on its own line: the block before it is the caption when it
            # stands after an image, is short, or is the article's only other text.
            previous = items[index - 1] if index > 0 else None
            if previous is not None and previous[0] == "caption" and previous[1].credit is None:
                previous[1].credit = credit
                items[index] = ["skip"]
            elif previous is not None and previous[0] == "text" and (
                    previous[2] or len(previous[1]) <= CAPTION_MAX_CHARS or len(text_items) <= 2):
                items[index - 1] = ["caption", Caption(previous[1], credit, _image_path(previous[4]))]
                items[index] = ["skip"]
            else:
                items[index] = ["caption", Caption("", credit, _image_path(image))]
        elif credit is not None:
            items[index] = ["caption", Caption(caption_text, credit, _image_path(image))]
        elif after_image and split_byline(text)[0] is None:
            next_is_credit = (position + 1 < len(text_items)
                              and is_credit_line(items[text_items[position + 1]][1]))
            short = len("".join(text.split())) <= CAPTION_MAX_CHARS
            if (short or only_photos) and not next_is_credit:
                items[index] = ["caption", Caption(text, None, _image_path(image))]
            elif image is not None and (image.path or image.alt) and not next_is_credit:
                # An image followed by body text: keep the image, without a caption.
                items[index] = ["image", image, item]
        if image is not None and image.alt and items[index][0] == "caption":
            caption = items[index][1]
            if image.alt not in caption.text:
                caption.text = f"{image.alt} {caption.text}".strip() if caption.text else image.alt
    expanded: list[list] = []
    for item in items:
        if item[0] == "image":
            image = item[1]
            if image.path or image.alt:
                expanded.append(["caption", Caption(image.alt, None, image.path)])
            if len(item) > 2:
                expanded.append(item[2])
        else:
            expanded.append(item)
    items[:] = expanded


def _image_path(image: ImageBlock | None) -> str | None:
    return image.path if image is not None else None


def _take_byline(items: list[list], article: Article) -> None:
    for index, item in enumerate(items):
        if item[0] != "text":
            continue
        byline, rest = split_byline(item[1])
        if byline is not None:
            article.byline = byline.text
            article.dateline = byline.dateline
            _add_unique(article.reporters, byline.reporters)
            _add_unique(article.photographers, byline.photographers)
            if rest:
                item[1] = rest
            else:
                items[index] = ["skip"]
        return


def _assemble_body(items: list[list], article: Article, extras: list[str]) -> None:
    # For each item: is there, after it, a text that is running text (not a stray box)?
    running_text_after = [False] * (len(items) + 1)
    for index in range(len(items) - 1, -1, -1):
        item = items[index]
        running_text_after[index] = running_text_after[index + 1] or (
            item[0] == "text" and not is_stray_candidate(item[1]))
    open_paragraph: int | None = None  # index in article.paragraphs awaiting its continuation
    for index, item in enumerate(items):
        kind = item[0]
        if kind == "caption":
            caption: Caption = item[1]
            article.captions.append(caption)
            article.layout.append(("c", len(article.captions) - 1))
            if caption.credit:
                _add_unique(article.photographers, photo_credit_names(caption.credit))
            continue
        if kind == "table":
            article.tables.append(item[1])
            article.layout.append(("t", len(article.tables) - 1))
            continue
        if kind == "subheading":
            article.paragraphs.append(item[1])
            article.layout.append(("p", len(article.paragraphs) - 1))
            open_paragraph = None
            continue
        if kind != "text":
            continue
        text, jumped = item[1], item[3]
        continuation_ahead = running_text_after[index + 1]
        if open_paragraph is not None:
            if is_stray_candidate(text) and continuation_ahead:
                extras.append(text)
                continue
            article.paragraphs[open_paragraph] = _join(article.paragraphs[open_paragraph], text)
        elif is_stray_candidate(text) and (is_box_like(text) or not continuation_ahead) and article.paragraphs:
            extras.append(text)
            continue
        else:
            article.paragraphs.append(text)
            article.layout.append(("p", len(article.paragraphs) - 1))
            open_paragraph = len(article.paragraphs) - 1
        current = article.paragraphs[open_paragraph]
        open_paragraph = None if (jumped or ends_sentence(current)) else open_paragraph
