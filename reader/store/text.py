"""THE article text: one assembly of an article's words and their offsets, used by the
reader pane, search (confirmation and snippets), annotations, corrections and the PDF.

The text is the article's blocks in reading order joined by line breaks: the headline, the
byline, then the body as laid out — paragraphs (a subhead is one of them), captions (text
and credit joined by a space) and table rows (cells joined by tabs). Each block is a
`TextSpan` naming the part it comes from, so an offset always says where in the article it
falls.

By default the text is the corrected one: the archivist's corrections (table `corrections`)
applied over the imported text, which is never overwritten; `original=True` gives the text
as imported. A correction addresses a block (headline, byline, paragraph i, caption i) and a
span of that block's ORIGINAL text, so it applies the same whatever else was corrected.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .assemble import PartContent, StoredArticle, merge_parts

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sqlite_utils import Database  # only in hints: a search never loads sqlite-utils

CHUNK = 500
CORRECTABLE_BLOCKS = ("headline", "byline", "paragraph", "caption")


@dataclass(frozen=True)
class TextSpan:
    """One block of the article text: KIND (headline, byline, paragraph, subhead, caption,
    table), INDEX (paragraph index — subheads share it —, caption or table index; 0 for the
    headline and byline), ROW (a table's row), and START..END in the text."""
    kind: str
    index: int
    start: int
    end: int
    row: int = 0

    @property
    def block(self) -> str:
        """The block a correction addresses: a subhead is a paragraph."""
        return "paragraph" if self.kind == "subhead" else self.kind


@dataclass
class Correction:
    """One correction, as stored: BLOCK/BLOCK_INDEX and START..END in that block's ORIGINAL
    text (ORIGINAL is what stood there), REPLACEMENT the new text. STATUS is "applied", or
    "conflict" when a changed source no longer holds the original text where it was."""
    id: str
    article_id: str
    block: str
    block_index: int
    start: int
    end: int
    original: str
    replacement: str
    prefix: str = ""
    suffix: str = ""
    note: str | None = None
    editor: str | None = None
    created_at: str = ""
    status: str = "applied"

    @classmethod
    def from_row(cls, row: dict) -> Correction:
        return cls(**{name: row[name] for name in _CORRECTION_FIELDS})

    def to_row(self) -> dict:
        return {name: getattr(self, name) for name in _CORRECTION_FIELDS}


_CORRECTION_FIELDS = ("id", "article_id", "block", "block_index", "start", "end", "original",
                      "replacement", "prefix", "suffix", "note", "editor", "created_at", "status")


@dataclass(frozen=True)
class AppliedCorrection:
    """Where a correction stands in the corrected text: START..END holds its replacement."""
    correction: Correction
    start: int
    end: int


@dataclass
class ArticleText:
    article_id: str
    text: str
    spans: list[TextSpan]
    original: bool = False
    corrections: list[AppliedCorrection] = field(default_factory=list)

    def span_at(self, offset: int) -> TextSpan | None:
        """The block holding OFFSET (its end included: a caret after a block's last
        character is still in it)."""
        for span in self.spans:
            if span.start <= offset <= span.end:
                return span
        return None

    def block(self, block: str, index: int = 0) -> TextSpan | None:
        for span in self.spans:
            if span.block == block and span.index == index and span.row == 0:
                return span
        return None


# --- composing ------------------------------------------------------------------------------

def article_blocks(article: StoredArticle | PartContent) -> list[tuple[str, int, int, str]]:
    """ARTICLE's text blocks in reading order: (kind, index, row, text). (A part has the
    same fields: an article of one part has that part's blocks.)"""
    subheads = set(article.subheads)
    out: list[tuple[str, int, int, str]] = [("headline", 0, 0, article.headline)]
    if article.byline:
        out.append(("byline", 0, 0, article.byline))
    for kind, index in article.layout:
        if kind == "p":
            out.append(("subhead" if index in subheads else "paragraph", index, 0, article.paragraphs[index]))
        elif kind == "c":
            text = caption_text(article.captions[index])
            if text:
                out.append(("caption", index, 0, text))
        elif kind == "t":
            for row_no, row in enumerate(article.tables[index]):
                out.append(("table", index, row_no, "\t".join(row)))
    return out


def caption_text(caption: dict) -> str:
    return " ".join(x for x in (caption.get("text"), caption.get("credit")) if x)


def compose(article: StoredArticle) -> ArticleText:
    """The text of an assembled article, and its spans (corrections already applied to its
    fields are placed by `apply_corrections`)."""
    pieces, spans, position = [], [], 0
    for kind, index, row, text in article_blocks(article):
        spans.append(TextSpan(kind, index, position, position + len(text), row))
        pieces.append(text)
        position += len(text) + 1
    return ArticleText(article.id, "\n".join(pieces), spans, original=not article.corrected)


# --- corrections over the original -----------------------------------------------------------

def place(block_text: str, correction: Correction) -> tuple[int, int] | None:
    """Where CORRECTION's original text stands in BLOCK_TEXT: at its recorded position if
    it is still there, else the occurrence whose surroundings match best (then nearest)."""
    start, end = correction.start, correction.end
    if 0 <= start <= end <= len(block_text) and block_text[start:end] == correction.original:
        return start, end
    if not correction.original:
        return None
    found, at = [], block_text.find(correction.original)
    while at != -1:
        found.append(at)
        at = block_text.find(correction.original, at + 1)
    if not found:
        return None

    def score(at: int) -> tuple[int, int]:
        context = 0
        for a, b in zip(reversed(block_text[:at]), reversed(correction.prefix)):
            if a != b:
                break
            context += 1
        after = block_text[at + len(correction.original):]
        for a, b in zip(after, correction.suffix):
            if a != b:
                break
            context += 1
        return context, -abs(at - start)

    best = max(found, key=score)
    return best, best + len(correction.original)


def apply_to_block(block_text: str, corrections: Iterable[Correction]
                   ) -> tuple[str, list[tuple[Correction, int, int]]]:
    """BLOCK_TEXT with CORRECTIONS applied, and where each applied one now stands
    (start, end in the corrected block). A correction whose original text is not in the
    block, or that overlaps one placed before it, is left out."""
    placed: list[tuple[int, int, Correction]] = []
    for correction in corrections:
        span = place(block_text, correction)
        if span is None:
            continue
        if any(span[0] < end and start < span[1] or span[0] == start == span[1]
               for start, end, _ in placed):
            continue
        placed.append((span[0], span[1], correction))
    placed.sort(key=lambda item: (item[0], item[1]))
    out, where, cursor, shift = [], [], 0, 0
    for start, end, correction in placed:
        out.append(block_text[cursor:start])
        new_start = start + shift
        out.append(correction.replacement)
        where.append((correction, new_start, new_start + len(correction.replacement)))
        shift += len(correction.replacement) - (end - start)
        cursor = end
    out.append(block_text[cursor:])
    return "".join(out), where


def apply_corrections(article: StoredArticle, corrections: list[Correction]) -> None:
    """Apply CORRECTIONS (those of ARTICLE with status "applied") to ARTICLE's fields;
    record in `article.applied` where each stands, in block coordinates."""
    by_block: dict[tuple[str, int], list[Correction]] = {}
    for correction in corrections:
        if correction.status == "applied":
            by_block.setdefault((correction.block, correction.block_index), []).append(correction)
    article.corrected = True
    article.applied = []
    for (block, index), items in by_block.items():
        if block == "headline":
            article.headline, where = apply_to_block(article.headline, items)
        elif block == "byline" and article.byline:
            article.byline, where = apply_to_block(article.byline, items)
        elif block == "paragraph" and 0 <= index < len(article.paragraphs):
            article.paragraphs[index], where = apply_to_block(article.paragraphs[index], items)
        elif block == "caption" and 0 <= index < len(article.captions):
            where = _apply_to_caption(article, index, items)
        else:
            continue
        article.applied += [(block, index, correction, start, end) for correction, start, end in where]


def _apply_to_caption(article: StoredArticle, index: int, items: list[Correction]) -> list:
    """A caption's block is its text and credit joined by a space: corrections within the
    text or within the credit change that field; one across both makes the whole the text."""
    caption = dict(article.captions[index])
    joined = caption_text(caption)
    corrected, where = apply_to_block(joined, items)
    text, credit = caption.get("text") or "", caption.get("credit")
    if text and credit:
        boundary = len(text)
        spans = [place(joined, c) for c, _, _ in where]
        if all(s is not None and (s[1] <= boundary or s[0] > boundary) for s in spans):
            in_text = [c for c, s in zip([c for c, _, _ in where], spans) if s[1] <= boundary]
            new_text, _ = apply_to_block(text, in_text)
            caption["text"], caption["credit"] = new_text, corrected[len(new_text) + 1:]
        else:
            caption["text"], caption["credit"] = corrected, None
    elif text:
        caption["text"] = corrected
    else:
        caption["credit"] = corrected
    article.captions[index] = caption
    return where


def _placed_in_text(article: StoredArticle, text: ArticleText) -> list[AppliedCorrection]:
    out = []
    for block, index, correction, start, end in article.applied:
        span = text.block(block, index)
        if span is not None:
            out.append(AppliedCorrection(correction, span.start + start, span.start + end))
    out.sort(key=lambda a: a.start)
    return out


# --- reading ------------------------------------------------------------------------------------

def load_corrections(db: Database, article_ids: list[str], *, status: str | None = "applied"
                     ) -> dict[str, list[Correction]]:
    """The corrections of ARTICLE_IDS (those with STATUS; all when None), oldest first."""
    out: dict[str, list[Correction]] = {}
    for start in range(0, len(article_ids), CHUNK):
        chunk = article_ids[start: start + CHUNK]
        marks = ",".join("?" * len(chunk))
        where = f"article_id IN ({marks})" + (" AND status = ?" if status else "")
        # The plain connection: sqlite-utils' query() wraps each call in a savepoint, and
        # every savepoint flushes FTS5's pending index (inside an import's batch that was a
        # millisecond and one more small index segment per call).
        cursor = db.conn.execute(f"SELECT * FROM corrections WHERE {where} ORDER BY created_at, rowid",
                                 [*chunk, *([status] if status else [])])
        keys = [column[0] for column in cursor.description]
        for values in cursor:
            row = dict(zip(keys, values))
            out.setdefault(row["article_id"], []).append(Correction.from_row(row))
    return out


def _json_list(value: str) -> list:
    """A JSON list column; most are empty, and a search page decodes hundreds of them."""
    return [] if value == "[]" else json.loads(value)


def load_parts(db: Database, article_ids: list[str]) -> dict[str, list[PartContent]]:
    """The stored parts of many articles, in page order: five queries per CHUNK articles,
    whatever the number of parts."""
    out: dict[str, list[PartContent]] = {}
    for start in range(0, len(article_ids), CHUNK):
        chunk = article_ids[start: start + CHUNK]
        marks = ",".join("?" * len(chunk))
        rows = db.execute(
            f"""SELECT article_parts.id, article_parts.article_id, pages.number, article_parts.headline,
                       byline, dateline, reporters, photographers, kind, continued_from, continued_to, layout,
                       subheads, links
                FROM article_parts JOIN pages ON pages.id = article_parts.page_id
                WHERE article_parts.article_id IN ({marks})
                ORDER BY article_parts.article_id, pages.number IS NULL, pages.number, article_parts.id""",
            chunk).fetchall()
        if not rows:
            continue
        paragraphs, captions, tables = _part_contents(db, [r[0] for r in rows])
        for (part_id, article_id, page, headline, byline, dateline, reporters, photographers, kind,
             continued_from, continued_to, layout, subheads, links) in rows:
            out.setdefault(article_id, []).append(PartContent(
                page=page, headline=headline, byline=byline, dateline=dateline,
                reporters=_json_list(reporters), photographers=_json_list(photographers), kind=kind,
                continued_from=continued_from, continued_to=continued_to,
                paragraphs=paragraphs.get(part_id, []), captions=captions.get(part_id, []),
                tables=tables.get(part_id, []), layout=[tuple(item) for item in _json_list(layout)],
                subheads=_json_list(subheads), links=_json_list(links),
            ))
    return out


def _part_contents(db: Database, part_ids: list[int]) -> tuple[dict, dict, dict]:
    """The paragraphs, captions and tables of parts, by part id, each in order."""
    paragraphs: dict[int, list[str]] = {}
    captions: dict[int, list[dict]] = {}
    tables: dict[int, list] = {}
    for part_start in range(0, len(part_ids), CHUNK * 4):
        part_chunk = part_ids[part_start: part_start + CHUNK * 4]
        part_marks = ",".join("?" * len(part_chunk))
        for part_id, text in db.execute(
                f"SELECT part_id, text FROM paragraphs WHERE part_id IN ({part_marks}) ORDER BY part_id, seq",
                part_chunk):
            paragraphs.setdefault(part_id, []).append(text)
        for part_id, text, credit, image in db.execute(
                f"""SELECT part_id, text, credit, image FROM captions WHERE part_id IN ({part_marks})
                    ORDER BY part_id, seq""", part_chunk):
            captions.setdefault(part_id, []).append({"text": text, "credit": credit, "image": image})
        for part_id, table in db.execute(
                f"SELECT part_id, rows FROM article_tables WHERE part_id IN ({part_marks}) ORDER BY part_id, seq",
                part_chunk):
            tables.setdefault(part_id, []).append(json.loads(table))
    return paragraphs, captions, tables


def assembled(article: StoredArticle, parts: list[PartContent], corrections: list[Correction] | None
              ) -> StoredArticle:
    """ARTICLE filled from its PARTS, with CORRECTIONS applied (None: the original)."""
    merge_parts(article, parts)
    if corrections is not None:
        apply_corrections(article, corrections)
    return article


def text_of(article: StoredArticle) -> ArticleText:
    """The ArticleText of an assembled article (corrections placed when it is corrected)."""
    text = compose(article)
    if article.corrected:
        text.corrections = _placed_in_text(article, text)
    return text


def article_text(db: Database, article_id: str, *, original: bool = False) -> ArticleText | None:
    """The text of one article (an alias id works too), corrected unless ORIGINAL; None when
    there is no such article."""
    from .reading import get_article

    article = get_article(db, article_id, original=original)
    return text_of(article) if article is not None else None


def article_texts(db: Database, article_ids: Iterable[str], *, original: bool = False) -> dict[str, str]:
    """The text of many articles at once (ids as stored; absent ones are left out), in a few
    queries per 500."""
    return {article_id: "\n".join(blocks)  # compose()'s text
            for article_id, blocks in article_block_texts(db, article_ids, original=original).items()}


def article_block_texts(db: Database, article_ids: Iterable[str], *, original: bool = False
                        ) -> dict[str, list[str]]:
    """The lines of many articles' text (headline first: article_texts split at its line
    breaks; a block is a line unless it holds a break), in a few queries per 500: search
    indexes these and cuts its snippets from them. An article of one part with no
    correction (most) is read with only what its blocks are made of (no page, no names, no
    join and sort); the others are assembled whole."""
    ids = list(dict.fromkeys(article_ids))
    out: dict[str, list[str]] = {}
    whole: list[str] = []
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start: start + CHUNK]
        rows = db.execute(
            f"""SELECT id, article_id, headline, byline, layout FROM article_parts
                WHERE article_id IN ({",".join("?" * len(chunk))})""", chunk).fetchall()
        parts_of: dict[str, int] = {}
        for row in rows:
            parts_of[row[1]] = parts_of.get(row[1], 0) + 1
        corrected = set() if original else corrected_article_ids(db, list(parts_of))
        single = [row for row in rows if parts_of[row[1]] == 1 and row[1] not in corrected]
        whole += [article_id for article_id in parts_of if parts_of[article_id] > 1 or article_id in corrected]
        paragraphs, captions, tables = _part_contents(db, [row[0] for row in single])
        for part_id, article_id, headline, byline, layout in single:
            part = PartContent(page=None, headline=headline, byline=byline, dateline=None, reporters=[],
                               photographers=[], kind="", continued_from=None, continued_to=None,
                               paragraphs=paragraphs.get(part_id, []), captions=captions.get(part_id, []),
                               tables=tables.get(part_id, []), layout=[tuple(item) for item in _json_list(layout)])
            out[article_id] = _lines(article_blocks(part))
    if whole:
        parts = load_parts(db, whole)
        corrections = {} if original else load_corrections(db, list(parts))
        for article_id, article_parts in parts.items():
            source = StoredArticle(id=article_id, publication="", date=None, pages=[], headline="")
            assembled(source, article_parts, None if original else corrections.get(article_id, []))
            out[article_id] = _lines(article_blocks(source))
    return {article_id: out[article_id] for article_id in ids if article_id in out}


def _lines(blocks: list[tuple[str, int, int, str]]) -> list[str]:
    """The blocks' texts as the lines of their joined text: a block holding a line break is
    two (the search index has always taken them so)."""
    texts = [block[3] for block in blocks]
    return texts if not any("\n" in text for text in texts) else "\n".join(texts).split("\n")


def corrected_article_ids(db: Database, article_ids: Iterable[str]) -> set[str]:
    """Which of ARTICLE_IDS have corrections (applied or in conflict)."""
    ids, out = list(article_ids), set()
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start: start + CHUNK]
        out.update(r[0] for r in db.execute(
            f"SELECT DISTINCT article_id FROM corrections WHERE article_id IN ({','.join('?' * len(chunk))})",
            chunk))
    return out
