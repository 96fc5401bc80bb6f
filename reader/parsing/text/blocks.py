"""Lines of an article region → a sequence of blocks: text, image, table, subheading.

A block of text is a run of non-blank lines. Where an OCR tool removed an image it leaves
a longer run of blank lines than the page uses between paragraphs; that run, an
`![alt](path)` reference or an `<img>` tag becomes an image block.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from .markup import BLOCK_TAG_RE, BREAK_TAG_RE, MD_LINK_RE, split_block_tags

IMAGE_REF_RE = re.compile(r"^\s*!\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)\s*$")
IMG_TAG_RE = re.compile(r"^\s*<img\b[^>]*?\bsrc\s*=\s*[\"']?([^\"'\s>]+)[^>]*>\s*$", re.I)
TABLE_START_RE = re.compile(r"<table\b", re.I)
TABLE_END_RE = re.compile(r"</table\s*>", re.I)
SUBHEADING_RE = re.compile(r"^#{3,6}\s+(.*\S)\s*#*\s*$")
# A whole line in square brackets that is no link: a converting tool's own note where it
# left something out (`[Image of the harbour]`, `[The rest of the article continues …]`).
TOOL_NOTE_RE = re.compile(r"^\s*\[([^\[\]]{3,})\]\s*$")
# A tool note that stands for a picture (`[Image of …]`, `[Photo: …]`, `[图片]`) sits inside an
# article; any other (`[The rest of the page contains …]`, `[Other notices follow.]`) is the
# tool describing what it did not transcribe: the article it follows is over.
PICTURE_NOTE_RE = re.compile(
    r"^\s*\[\s*(?:an?\s+|the\s+)?(?:image|photo|photograph|picture|illustration|figure|fig\.|drawing|"
    r"cartoon|map|chart|graphic|engraving|portrait|logo|图|圖|照片|插图|插圖)", re.I)


def is_closing_tool_note(line: str) -> bool:
    """A converting tool's bracketed note about the rest of the page, not a picture's stand-in."""
    return bool(TOOL_NOTE_RE.match(line)) and not PICTURE_NOTE_RE.match(line)


@dataclass
class TextBlock:
    lines: list[str]
    after_image: bool = False

    @property
    def text(self) -> str:
        return join_lines(self.lines)


@dataclass
class ImageBlock:
    path: str | None = None
    alt: str = ""
    refused: str | None = None  # a path outside the page's folder, not followed


def image_reference_allowed(path: str) -> bool:
    """An image reference a page may keep: a relative path that stays inside the page's
    folder (no `..`, no drive, no absolute or home path), or a web address, which is shown
    and never fetched. Anything else (`../x.jpg`, `/etc/x`, `C:/x`, `file:`) is not followed:
    it is kept as a note instead."""
    if not path or "\0" in path:
        return False
    if re.match(r"^(?:https?|ftp)://", path, re.I):
        return True
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", path) or path.startswith(("/", "\\", "~")):
        return False  # another scheme, a drive (C:), an absolute or home path
    parts = re.split(r"[\\/]+", path)
    return ".." not in parts


def image_block(path: str | None, alt: str = "") -> ImageBlock:
    if path and not image_reference_allowed(path):
        return ImageBlock(None, alt, refused=path)
    return ImageBlock(path or None, alt)


@dataclass
class TableBlock:
    rows: list[list[str]]
    leftover: str = ""  # text outside the table's cells on the same lines
    links: list[str] = field(default_factory=list)  # Markdown link targets in the table's markup


@dataclass
class SubheadingBlock:
    text: str


Block = TextBlock | ImageBlock | TableBlock | SubheadingBlock


_ALT_RE = re.compile(r"\balt\s*=\s*(?:\"([^\"]*)\"|'([^']*)')", re.I)


def _alt_of(tag: str) -> str:
    match = _ALT_RE.search(tag)
    return (match.group(1) or match.group(2) or "").strip() if match else ""


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines: no space between CJK, one space between Latin words."""
    out = ""
    for line in (ln.strip() for ln in lines):
        if not line:
            continue
        if out and out[-1].isascii() and out[-1].isalnum() and line[0].isascii() and line[0].isalnum():
            out += " "
        out += line
    return out


class _TableParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.outside: list[str] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None

    def _close_cell(self) -> None:
        if self._cell is not None:
            if self._row is None:
                self._row = []
            self._row.append(re.sub(r"\s+", " ", "".join(self._cell)).strip())
            self._cell = None

    def _close_row(self) -> None:
        self._close_cell()
        if self._row is not None:
            self.rows.append(self._row)
            self._row = None

    # Unclosed cells and rows are common in OCR output: each new one closes the last.
    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self._close_row()
            self._row = []
        elif tag in ("td", "th"):
            self._close_cell()
            if self._row is None:
                self._row = []
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self._close_cell()
        elif tag in ("tr", "table"):
            self._close_row()

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        elif data.strip():
            self.outside.append(data.strip())

    def finish(self) -> None:
        self._close_row()


def parse_table(html: str) -> TableBlock:
    parser = _TableParser()
    parser.feed(html)
    parser.close()
    parser.finish()
    # A Markdown link written into the HTML (even inside a tag) keeps its target.
    links = [m.group(3) for m in MD_LINK_RE.finditer(html) if not m.group(1) and m.group(3)] if "](" in html else []
    return TableBlock(parser.rows, " ".join(parser.outside), links)


def paragraph_gap(all_lines: list[str]) -> int:
    """The number of blank lines the page usually puts between paragraphs."""
    counts: dict[int, int] = {}
    run = 0
    seen_text = False
    for line in all_lines:
        if line.strip():
            if seen_text and run:
                counts[run] = counts.get(run, 0) + 1
            run = 0
            seen_text = True
        else:
            run += 1
    if not counts:
        return 1
    return max(counts, key=lambda gap: (counts[gap], -gap))


# The first character (after white space) of every line the patterns in split_blocks take
# apart, besides those holding a `<` (tags, tables): a tool's note, an image, a subheading.
_MARKUP_STARTS = "[!#"


def split_blocks(lines: list[str], gap: int) -> list[Block]:
    """Cut an article's lines into blocks; a blank run longer than GAP marks an image."""
    blocks: list[Block] = []
    text: list[str] = []
    blank_run = 0
    pending_image = False
    index = 0

    def flush() -> None:
        nonlocal text, pending_image
        if text:
            blocks.append(TextBlock(text, after_image=pending_image))
            pending_image = False
            text = []

    while index < len(lines):
        line = lines[index]
        if not line.strip():
            blank_run += 1
            index += 1
            continue
        if blank_run:
            flush()
            if blank_run > gap:
                pending_image = True
        blank_run = 0
        if "<" not in line and line.lstrip()[0] not in _MARKUP_STARTS:
            text.append(line)  # running text (most lines): none of the patterns below can match
            index += 1
            continue
        note = TOOL_NOTE_RE.match(line)
        if note:
            # Not printed text: a page note; where it stood, something was left out (like
            # an image), so a short block after it may be that thing's caption.
            flush()
            blocks.append(ImageBlock(None, "", refused=line.strip()))
            index += 1
            continue
        image = IMAGE_REF_RE.match(line) or IMG_TAG_RE.match(line)
        if image:
            flush()
            if IMAGE_REF_RE.match(line):
                blocks.append(image_block(image.group(2), image.group(1).strip()))
            else:
                blocks.append(image_block(image.group(1), _alt_of(line)))
            pending_image = True
            index += 1
            continue
        heading = SUBHEADING_RE.match(line)
        if heading:
            flush()
            blocks.append(SubheadingBlock(heading.group(1).strip()))
            pending_image = False
            index += 1
            continue
        if TABLE_START_RE.search(line):
            flush()
            html = [line]
            while not TABLE_END_RE.search(html[-1]) and index + 1 < len(lines):
                index += 1
                html.append(lines[index])
            table = parse_table("\n".join(html))
            if table.rows:
                blocks.append(table)
                if table.leftover:
                    blocks.append(TextBlock([table.leftover]))
            else:
                blocks.append(TextBlock(html))
            pending_image = False
            index += 1
            continue
        if "<" in line and (BLOCK_TAG_RE.search(line) or BREAK_TAG_RE.search(line)):
            # `<p>…</p><p>…</p>` on one line: paragraphs; `<br>`: a line break inside one.
            for piece in split_block_tags(line):
                if piece.strip():
                    text.append(piece)
                else:
                    flush()
            index += 1
            continue
        text.append(line)
        index += 1
    flush()
    return blocks
