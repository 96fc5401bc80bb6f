"""One article's blocks → an Article: captions, byline, body paragraphs, jump lines, strays.

The rules, in the order they apply:
1. Jump lines `(下转第2版)` / `(上接第1版)` are cut out of the text into continued_to/from.
2. Captions: a block ending in a photo credit (记者Y 摄); the block before a credit on its
   own line; a short block right after an image.
3. Byline: the first block that is not a caption, when it starts like one.
4. Body: the rest, inline markup dropped (link targets kept in `links`). Subheads
   (`### x`, wholly bold lines, short ■/一、 heads, short unpunctuated lines between
   paragraphs) are paragraphs marked in `subheads`. Two blocks are joined only on evidence
   of a cut (see joining.py); short stray boxes (a hotline, a number) found between the two
   halves go to the page's extras and the sentence is rejoined around them.
"""
from __future__ import annotations

import re

from ..model import Article, Caption
from .blocks import Block, ImageBlock, SubheadingBlock, TableBlock, TextBlock
from .credits import (
    DATELINE_RE,
    is_credit_line,
    photo_credit_names,
    split_byline,
    split_photo_credit,
)
from .head import page_number
from .joining import (
    BULLET_RE,
    CAPTION_MAX_CHARS,
    CLAUSE_PUNCTUATION,
    LIST_ITEM_RE,
    STRAY_MAX_CHARS,
    cannot_begin_paragraph,
    ends_sentence,
    is_box_like,
    is_signature,
    is_stray_candidate,
    join_text,
    opens_unit,
    was_cut,
)
from .markup import render_inline

# A head may hold a colon (商务部监测：粮油价格平稳), never a clause break or a sentence end.
HEAD_BREAKING_PUNCTUATION = set("，。！？；、,.!?;")
SUBHEAD_MAX_CHARS = 40  # a wholly bold or marked (■, 一、) line longer than this is a paragraph

JUMP_RE = re.compile(
    r"[(（]\s*(?:([上下])\s*[接转]|(转|接|紧接|续)\s*)\s*(?:第\s*)?"
    r"([A-Z]?\d{1,3}|[一二三四五六七八九十]{1,3})\s*版\s*[)）]"
)
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


def build_article(headline: str, blocks: list[Block], extras: list[str], *,
                  column_breaks: bool = True) -> Article:
    """Assemble an Article from its blocks; page-level leftovers are appended to EXTRAS.

    COLUMN_BREAKS: whether the source was cut into columns (a printed page through OCR). Text
    copied from the web has its paragraphs as published: blocks are then joined only where
    the next one cannot begin a paragraph."""
    article = Article(headline=headline)
    # (kind, payload) in reading order; kind: text / caption / table / subheading / image.
    items: list[list] = []
    pending_image: ImageBlock | None = None
    if not column_breaks:
        blocks = [part for block in blocks for part in _lines_as_paragraphs(block)]
    for block in blocks:
        if isinstance(block, ImageBlock):
            if block.refused:  # outside the page's folder: never opened, kept as a note
                extras.append(block.refused)
            if pending_image is not None:
                items.append(["image", pending_image])
            pending_image = block
            continue
        if isinstance(block, TextBlock):
            inline = render_inline(block.text)
            _add_unique(article.links, inline.links)
            text, jumped = take_jumps(inline.text.strip(), article)
            if text and inline.wholly_bold and _bold_subhead(text):
                items.append(["subheading", text])
                pending_image = None
                continue
            if not text:
                if jumped:  # a jump line on its own: the paragraph before it jumped
                    for item in reversed(items):
                        if item[0] == "text":
                            item[3] = True
                            break
                continue
            items.append(["text", text, block.after_image or pending_image is not None, jumped, pending_image])
        elif isinstance(block, TableBlock):
            _add_unique(article.links, block.links)
            items.append(["table", block.rows])
        elif isinstance(block, SubheadingBlock):
            inline = render_inline(block.text)
            _add_unique(article.links, inline.links)
            items.append(["subheading", inline.text.strip()])
        pending_image = None
    if pending_image is not None:
        items.append(["image", pending_image])

    _mark_captions(items)
    _take_byline(items, article)
    _assemble_body(items, article, extras, column_breaks)
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


def _lines_as_paragraphs(block: Block) -> list[Block]:
    """Text from the web puts one paragraph on a line: a line break inside a block starts a
    paragraph, unless the line before stops mid-clause or the next cannot open one."""
    if not isinstance(block, TextBlock) or len(block.lines) < 2:
        return [block]
    parts: list[list[str]] = [[block.lines[0]]]
    for line in block.lines[1:]:
        previous = parts[-1][-1].rstrip()
        if previous and previous[-1] not in "，、,-" and not cannot_begin_paragraph(line):
            parts.append([line])
        else:
            parts[-1].append(line)
    return [TextBlock(part, after_image=block.after_image if n == 0 else False) for n, part in enumerate(parts)]


def _bold_subhead(text: str) -> bool:
    compact = "".join(text.split())
    return split_byline(text)[0] is None and (len(compact) <= SUBHEAD_MAX_CHARS or not ends_sentence(compact))


def _take_byline(items: list[list], article: Article) -> None:
    """The byline opens the first text block; summary lines (■ …) may stand before it."""
    looked = 0
    for index, item in enumerate(items):
        if item[0] == "subheading" and looked == 0:
            continue
        if item[0] != "text":
            continue
        looked += 1
        if opens_unit(item[1]) and looked < 4 and split_byline(item[1])[0] is None:
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


def _is_unit(text: str) -> bool:
    """A block that is whole as it stands: a summary line, a list item, a signature, a
    dateline line."""
    return opens_unit(text) or bool(DATELINE_RE.match(text))


def _marked_head(text: str) -> bool:
    """`■ 坚持问题导向`, `一、总体要求`, `（二）…`: a short marked line that ends no sentence."""
    if len(text) > SUBHEAD_MAX_CHARS * 2:
        return False
    compact = "".join(text.split())
    return (bool(BULLET_RE.match(text) or LIST_ITEM_RE.match(text)) and len(compact) <= SUBHEAD_MAX_CHARS // 2
            and not ends_sentence(compact) and compact[-1] not in CLAUSE_PUNCTUATION
            and not any(ch in "。！？!?" for ch in compact))


def _short_head(text: str) -> bool:
    """A short line with no punctuation at all: a subhead when it stands between paragraphs."""
    if len(text) > STRAY_MAX_CHARS * 3:
        return False
    compact = "".join(text.split())
    return (0 < len(compact) <= STRAY_MAX_CHARS and not is_box_like(text) and not is_signature(text)
            and not any(ch in HEAD_BREAKING_PUNCTUATION for ch in compact)
            and not ends_sentence(compact))


def _assemble_body(items: list[list], article: Article, extras: list[str], column_breaks: bool) -> None:
    # For each item: the next text after it that is running text (not a stray box), if any.
    stray = [item[0] == "text" and is_stray_candidate(item[1]) for item in items]
    next_running: list[str | None] = [None] * (len(items) + 1)
    for index in range(len(items) - 1, -1, -1):
        item = items[index]
        next_running[index] = item[1] if item[0] == "text" and not stray[index] else next_running[index + 1]
    open_paragraph: int | None = None  # index in article.paragraphs that may be continued

    def add_paragraph(text: str, *, subhead: bool = False) -> int:
        article.paragraphs.append(text)
        article.layout.append(("p", len(article.paragraphs) - 1))
        if subhead:
            article.subheads.append(len(article.paragraphs) - 1)
        return len(article.paragraphs) - 1

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
            add_paragraph(item[1], subhead=True)
            open_paragraph = None
            continue
        if kind != "text":
            continue
        text, jumped = item[1], item[3]
        ahead = next_running[index + 1]
        if open_paragraph is not None:
            current = article.paragraphs[open_paragraph]
            if column_breaks and stray[index] and ahead is not None and was_cut(current, ahead):
                extras.append(text)  # a box between the two halves of a sentence
                continue
            if (was_cut(current, text, right_is_unit=_is_unit(text)) if column_breaks
                    else cannot_begin_paragraph(text)):
                article.paragraphs[open_paragraph] = join_text(current, text)
                if jumped or ends_sentence(article.paragraphs[open_paragraph]):
                    open_paragraph = None
                continue
        if ahead is not None and (_marked_head(text) or _short_head(text)) and (
                article.paragraphs or not column_breaks):
            add_paragraph(text, subhead=True)
            open_paragraph = None
            continue
        if _marked_head(text) and ahead is not None:
            add_paragraph(text, subhead=True)
            open_paragraph = None
            continue
        if stray[index] and (is_box_like(text) or ahead is None) and article.paragraphs:
            extras.append(text)
            continue
        position = add_paragraph(text)
        open_paragraph = None if (jumped or ends_sentence(text) or _is_unit(text)) else position
