"""The archivist's corrections: made, reverted, re-applied after a re-import.

A correction is its own row over the imported text, which is never overwritten (text.py
applies them when the article is read). Every change is one write transaction that also
moves the article's highlights (annotations made before stay on their passage; one whose
words were rewritten keeps its place and is flagged) and re-indexes the article, so that
search finds the corrected words at once.

Corrections never overlap in the original text: an edit touching earlier corrections of
the same block replaces them by one covering them all (`CorrectionChange.removed` says
which, so the window can undo it).
"""
from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from sqlite_utils import Database

from . import search_index
from .annotations import CONTEXT_CHARS, Annotation, anchor, locate_quote
from .assemble import StoredArticle
from .normalize import normalize
from .reading import resolve_article_id
from .text import (
    CORRECTABLE_BLOCKS,
    ArticleText,
    Correction,
    assembled,
    caption_text,
    load_corrections,
    load_parts,
    place,
    text_of,
)
from .writer import write_transaction

EDITOR_ENV = "DUBAO_EDITOR"
# Characters of a correction's surroundings that must still stand beside its words for it
# to follow them elsewhere after its source changed (a name recurs in an article).
RELOCATE_CONTEXT = 4
BLOCK_LABELS = {"headline": "the headline", "byline": "the byline", "paragraph": "a paragraph",
                "subhead": "a subhead", "caption": "a caption"}


class CorrectionError(ValueError):
    """A correction that cannot be made; str() is the one-line reason."""


@dataclass
class CorrectionChange:
    """What one edit did: the correction added (None when the edit restored the original)
    and those it replaced. Undo is `apply_change(db, change.inverse())`."""
    article_id: str
    added: list[Correction] = field(default_factory=list)
    removed: list[Correction] = field(default_factory=list)

    def inverse(self) -> CorrectionChange:
        return CorrectionChange(self.article_id, added=list(self.removed), removed=list(self.added))


def default_editor() -> str | None:
    return os.environ.get(EDITOR_ENV) or None


def _now() -> str:
    # Microseconds: corrections are ordered by it, and an editor makes several a second.
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


# --- the two texts of an article ------------------------------------------------------------

@dataclass
class Versions:
    """An article as imported and as corrected, assembled from one read of its parts."""
    original: StoredArticle
    corrected: StoredArticle
    original_text: ArticleText
    corrected_text: ArticleText


def versions(db: Database, article_id: str) -> Versions | None:
    current = resolve_article_id(db, article_id)
    if current is None:
        return None
    parts = load_parts(db, [current]).get(current)
    if not parts:
        return None
    corrections = load_corrections(db, [current]).get(current, [])
    original = assembled(StoredArticle(id=current, publication="", date=None, pages=[], headline=""), parts, None)
    corrected = assembled(StoredArticle(id=current, publication="", date=None, pages=[], headline=""), parts,
                          corrections)
    return Versions(original, corrected, text_of(original), text_of(corrected))


def block_text(article: StoredArticle, block: str, index: int) -> str | None:
    """The text of one correctable block of ARTICLE (None when it has no such block)."""
    if block == "headline":
        return article.headline
    if block == "byline":
        return article.byline
    if block == "paragraph":
        return article.paragraphs[index] if 0 <= index < len(article.paragraphs) else None
    if block == "caption":
        return caption_text(article.captions[index]) if 0 <= index < len(article.captions) else None
    return None


# --- making a correction -------------------------------------------------------------------

def find_spans(text: ArticleText, find: str) -> list[tuple[int, int]]:
    """Where FIND stands in TEXT (white space and Latin case aside, as for quotes), within
    one correctable block."""
    out = []
    for start, end in locate_quote(text.text, find):
        span = text.span_at(start)
        if span is not None and span.block in CORRECTABLE_BLOCKS and end <= span.end:
            out.append((start, end))
    return out


def correct(db: Database, article_id: str, find: str, replace: str, *, occurrence: int | None = None,
            note: str | None = None, editor: str | None = None) -> CorrectionChange:
    """Replace FIND (as the reader sees the article now) by REPLACE. With several
    occurrences, OCCURRENCE (1-based) says which."""
    v = versions(db, article_id)
    if v is None:
        raise CorrectionError(f"no article with id {article_id!r}")
    if not find or not find.strip():
        raise CorrectionError("the text to find is empty")
    spans = find_spans(v.corrected_text, find)
    if not spans:
        if locate_quote(v.corrected_text.text, find):
            raise CorrectionError(f"the text runs across two parts of article {v.corrected.id} (or stands in a "
                                  "table): correct one headline, byline, paragraph or caption at a time")
        raise CorrectionError(f"text not found in article {v.corrected.id}: {find[:40]!r}")
    if occurrence is not None:
        if not 1 <= occurrence <= len(spans):
            raise CorrectionError(f"--occurrence {occurrence} is out of range: the text occurs "
                                  f"{len(spans)} time{'s' if len(spans) > 1 else ''} in article {v.corrected.id}")
        chosen = spans[occurrence - 1]
    elif len(spans) > 1:
        raise CorrectionError(f"the text occurs {len(spans)} times in article {v.corrected.id}; "
                              "say which with --occurrence N")
    else:
        chosen = spans[0]
    return correct_span(db, v.corrected.id, chosen[0], chosen[1], replace, note=note, editor=editor, _versions=v)


def correct_span(db: Database, article_id: str, start: int, end: int, replace: str, *,
                 note: str | None = None, editor: str | None = None,
                 _versions: Versions | None = None) -> CorrectionChange:
    """Replace START..END of the article's corrected text (`article_text(db, id)`) by
    REPLACE. The span must lie in one headline, byline, paragraph, subhead or caption."""
    v = _versions or versions(db, article_id)
    if v is None:
        raise CorrectionError(f"no article with id {article_id!r}")
    if "\n" in replace or "\r" in replace:
        raise CorrectionError("a correction cannot hold a line break (correct one block at a time)")
    text = v.corrected_text
    if not 0 <= start <= end <= len(text.text):
        raise CorrectionError(f"span {start}..{end} is outside the article's text")
    span = text.span_at(start)
    if span is None or end > span.end:
        raise CorrectionError("a correction must lie within one headline, byline, paragraph or caption")
    if span.block not in CORRECTABLE_BLOCKS:
        raise CorrectionError("only the headline, byline, paragraphs, subheads and captions can be corrected")
    block, index = span.block, span.index
    original_block = block_text(v.original, block, index)
    corrected_block = text.text[span.start:span.end]
    local_start, local_end = start - span.start, end - span.start
    if corrected_block[local_start:local_end] == replace:
        raise CorrectionError("nothing to change: the replacement is the text already there")
    # The block's corrections, each with its place in the corrected and in the original text.
    placed = [(c, s - span.start, e - span.start, place(original_block, c))
              for c, s, e in ((a.correction, a.start, a.end) for a in text.corrections)
              if c.block == block and c.block_index == index and span.start <= s <= span.end]
    placed = [p for p in placed if p[3] is not None]
    if local_start == local_end:
        # An insertion: take in a neighbouring character, so that the correction has
        # original text to find again after a re-import.
        if local_start > 0:
            replace, local_start = corrected_block[local_start - 1] + replace, local_start - 1
        elif local_end < len(corrected_block):
            replace, local_end = replace + corrected_block[local_end], local_end + 1
        else:
            raise CorrectionError("nothing to correct: the block is empty")
    # Earlier corrections the edit touches become part of it.
    merged = [p for p in placed if p[1] < local_end and local_start < p[2]
              or p[1] == p[2] and local_start <= p[1] <= local_end]
    wide_start = min([local_start] + [p[1] for p in merged])
    wide_end = max([local_end] + [p[2] for p in merged])
    new_text = corrected_block[wide_start:local_start] + replace + corrected_block[local_end:wide_end]
    original_start = _to_original(wide_start, placed, merged, start_side=True)
    original_end = _to_original(wide_end, placed, merged, start_side=False)
    original = original_block[original_start:original_end]
    change = CorrectionChange(v.corrected.id, removed=[p[0] for p in merged])
    if new_text != original:
        notes = [n for n in [*(p[0].note for p in merged), note] if n]
        change.added.append(Correction(
            id=f"urn:uuid:{uuid.uuid4()}", article_id=v.corrected.id, block=block, block_index=index,
            start=original_start, end=original_end, original=original, replacement=new_text,
            prefix=original_block[max(0, original_start - CONTEXT_CHARS):original_start],
            suffix=original_block[original_end:original_end + CONTEXT_CHARS],
            note="; ".join(dict.fromkeys(notes)) or None, editor=editor or default_editor(), created_at=_now()))
    elif not merged:
        raise CorrectionError("nothing to change: the replacement is the original text")
    apply_change(db, change, _versions=v)
    return change


def _to_original(offset: int, placed: list, merged: list, *, start_side: bool) -> int:
    """An offset of the corrected block as an offset of the original block. Offsets at
    the edge of a merged correction map to the edge of its original span."""
    shift = 0
    for correction, c_start, c_end, (o_start, o_end) in sorted(placed, key=lambda p: p[1]):
        in_merged = any(correction is m[0] for m in merged)
        if start_side and in_merged and offset == c_start:
            return o_start
        if not start_side and in_merged and offset == c_end:
            return o_end
        if c_end <= offset:
            shift = o_end - c_end
        elif c_start < offset:  # inside a correction not merged: cannot happen (it would be)
            return o_start if start_side else o_end
    return offset + shift


# --- writing changes -------------------------------------------------------------------------

def apply_change(db: Database, change: CorrectionChange, *, _versions: Versions | None = None) -> None:
    """Remove CHANGE.removed and add CHANGE.added in one transaction, moving the article's
    highlights and re-indexing it."""
    with write_transaction(db):
        before = (_versions or versions(db, change.article_id))
        before_text = before.corrected_text.text if before is not None else None
        for correction in change.removed:
            db.execute("DELETE FROM corrections WHERE id = ?", [correction.id])
        for correction in change.added:
            save_correction(db, correction)
        if before_text is not None and db.execute("SELECT 1 FROM annotations WHERE article_id = ? LIMIT 1",
                                                  [change.article_id]).fetchone():
            after = versions(db, change.article_id)
            if after is not None:
                _move_annotations(db, change.article_id, before_text, after.corrected_text.text)
        search_index.reindex_article(db, change.article_id)


def save_correction(db: Database, correction: Correction) -> None:
    """Write CORRECTION's row as it is (inside the caller's transaction); nothing else moves."""
    row = correction.to_row()
    db.execute("INSERT OR REPLACE INTO corrections ({}) VALUES ({})".format(
        ", ".join(f'"{k}"' for k in row), ", ".join("?" * len(row))), list(row.values()))


def revert(db: Database, correction_id: str) -> CorrectionChange:
    """Take a correction back: its passage reads as imported again."""
    row = list(db.query("SELECT * FROM corrections WHERE id = ?", [correction_id]))
    if not row:
        raise CorrectionError(f"no correction with id {correction_id!r}")
    correction = Correction.from_row(row[0])
    change = CorrectionChange(correction.article_id, removed=[correction])
    apply_change(db, change)
    return change


def _move_annotations(db: Database, article_id: str, before: str, after: str) -> None:
    """Keep the article's highlights on their passage after its text went from BEFORE to
    AFTER. Outside the changed stretch a highlight moves by the change in length; one whose
    words were rewritten keeps its place over the new words and is flagged."""
    rows = list(db.query("SELECT * FROM annotations WHERE article_id = ?", [article_id]))
    if not rows or before == after:
        return
    prefix = 0
    limit = min(len(before), len(after))
    while prefix < limit and before[prefix] == after[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and before[-1 - suffix] == after[-1 - suffix]:
        suffix += 1
    old_end, new_end = len(before) - suffix, len(after) - suffix
    delta = new_end - old_end
    for row in rows:
        annotation = Annotation.from_row(row)
        if annotation.orphaned or annotation.start is None or annotation.end is None:
            continue
        start, end, rewritten = annotation.start, annotation.end, annotation.rewritten
        if end <= prefix:
            pass
        elif start >= old_end:
            start, end = start + delta, end + delta
        else:
            moved = anchor(after, annotation)
            if moved is not None and after[moved[0]:moved[1]] == annotation.exact \
                    and prefix - len(annotation.exact) <= moved[0] <= new_end:
                start, end = moved  # its words are all still there, only moved
            else:
                start = start if start < prefix else prefix
                end = end + delta if end > old_end else new_end
                rewritten = True
            if end <= start:  # its words were all taken out: keep it on the spot, one character
                end = min(len(after), start + 1)
                start = max(0, end - 1)
        db.execute(
            """UPDATE annotations SET start = ?, "end" = ?, exact = ?, prefix = ?, suffix = ?,
               rewritten = ? WHERE id = ?""",
            [start, end, after[start:end], after[max(0, start - CONTEXT_CHARS):start],
             after[end:end + CONTEXT_CHARS], int(rewritten), annotation.id])


# --- reading --------------------------------------------------------------------------------

def get_correction(db: Database, correction_id: str) -> Correction | None:
    rows = list(db.query("SELECT * FROM corrections WHERE id = ?", [correction_id]))
    return Correction.from_row(rows[0]) if rows else None


def list_corrections(db: Database, article_id: str | None = None) -> list[Correction]:
    """Corrections, by article then oldest first (conflicts included)."""
    if article_id is not None:
        current = resolve_article_id(db, article_id) or article_id
        return load_corrections(db, [current], status=None).get(current, [])
    return list(iter_corrections(db))


def iter_corrections(db: Database) -> Iterator[Correction]:
    """Every correction, in list_corrections' order, one at a time as read (sqlite-utils'
    query() yields the rows as the cursor steps)."""
    yield from (Correction.from_row(r) for r in db.query("SELECT * FROM corrections ORDER BY article_id, created_at, rowid"))


def _panel_filter(db: Database, article_id: str | None, text: str | None) -> tuple[str, list]:
    """WHERE clause (and its parameters) of the corrections of ARTICLE_ID (all when None)
    whose words, note, editor or article headline hold TEXT (normalised, as a search
    matches)."""
    where, params = [], []
    if article_id is not None:
        where.append("corrections.article_id = ?")
        params.append(resolve_article_id(db, article_id) or article_id)
    needle = normalize(text or "")
    if needle:
        def holds(*fields: str | None) -> bool:
            return needle in normalize(" ".join(x or "" for x in fields))

        db.conn.create_function("dubao_correction_holds", 5, holds, deterministic=True)
        where.append("dubao_correction_holds(original, replacement, note, editor, articles.headline)")
    return (" WHERE " + " AND ".join(where)) if where else "", params


def corrections_page(db: Database, *, article_id: str | None = None, text: str | None = None,
                     limit: int = 200, offset: int = 0) -> list[tuple[Correction, str | None]]:
    """A page of corrections, newest first, with the headline of each one's article (None
    when the article is gone): those of ARTICLE_ID, those holding TEXT (_panel_filter)."""
    where, params = _panel_filter(db, article_id, text)
    cursor = db.conn.execute(
        f"""SELECT corrections.*, articles.headline AS dubao_headline FROM corrections
            LEFT JOIN articles ON articles.id = corrections.article_id{where}
            ORDER BY corrections.created_at DESC, corrections.rowid DESC LIMIT ? OFFSET ?""",
        [*params, limit, offset])
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, values)) for values in cursor]
    return [(Correction.from_row(row), row["dubao_headline"]) for row in rows]


def corrections_summary(db: Database, *, article_id: str | None = None, text: str | None = None
                        ) -> tuple[int, int]:
    """(corrections, of them in conflict) that corrections_page lists with these filters."""
    where, params = _panel_filter(db, article_id, text)
    join = " LEFT JOIN articles ON articles.id = corrections.article_id" if "articles." in where else ""
    total, conflicts = db.conn.execute(
        f"""SELECT COUNT(*), TOTAL(corrections.status != 'applied') FROM corrections{join}{where}""",
        params).fetchone()
    return total, int(conflicts)


def correction_counts(db: Database, article_ids: Iterable[str]) -> dict[str, int]:
    """How many corrections each of ARTICLE_IDS has (those without any left out): a look
    into the index per article, whatever the library holds."""
    ids, out = list(dict.fromkeys(article_ids)), {}
    for start in range(0, len(ids), 500):
        chunk = ids[start: start + 500]
        out.update(db.execute(f"""SELECT article_id, COUNT(*) FROM corrections
                                  WHERE article_id IN ({','.join('?' * len(chunk))}) GROUP BY article_id""",
                              chunk).fetchall())
    return out


def correction_totals(db: Database) -> tuple[int, int]:
    """(corrections, articles with any) in the whole library: a count that grows with the
    corrections (the window reads it off its GUI thread)."""
    corrections, articles = db.execute(
        "SELECT COUNT(*), COUNT(DISTINCT article_id) FROM corrections").fetchone()
    return corrections, articles


def headlines(db: Database, article_ids: Iterable[str]) -> dict[str, str]:
    """The headlines (as imported) of ARTICLE_IDS still in the library."""
    ids, out = list(article_ids), {}
    for start in range(0, len(ids), 500):
        chunk = ids[start: start + 500]
        out.update(db.execute(f"SELECT id, headline FROM articles WHERE id IN ({','.join('?' * len(chunk))})",
                              chunk).fetchall())
    return out


# --- after a re-import --------------------------------------------------------------------------

@dataclass
class ReapplyReport:
    reapplied: int = 0
    conflicts: list[Correction] = field(default_factory=list)


def reapply(db: Database, article_ids: Iterable[str]) -> ReapplyReport:
    """After ARTICLE_IDS' source changed (inside the import's transaction): each correction
    goes where its original text still stands — its block first, then any block of the
    article whose surroundings match best — and the rest are marked conflicts, kept."""
    report = ReapplyReport()
    ids = list(dict.fromkeys(article_ids))
    by_article = load_corrections(db, ids, status=None)
    for article_id, corrections in by_article.items():
        current = resolve_article_id(db, article_id)
        parts = load_parts(db, [current]).get(current) if current else None
        original = assembled(StoredArticle(id=current or article_id, publication="", date=None, pages=[],
                                           headline=""), parts, None) if parts else None
        taken: dict[tuple[str, int], list[tuple[int, int]]] = {}
        for correction in corrections:
            where = _relocate(original, correction, taken) if original is not None else None
            if where is None:
                status, block, index, start, end = "conflict", correction.block, correction.block_index, \
                    correction.start, correction.end
                report.conflicts.append(correction)
            else:
                (block, index), (start, end) = where
                status = "applied"
                taken.setdefault((block, index), []).append((start, end))
                report.reapplied += 1
            db.execute(
                """UPDATE corrections SET article_id = ?, block = ?, block_index = ?, start = ?, "end" = ?,
                   status = ? WHERE id = ?""",
                [current or article_id, block, index, start, end, status, correction.id])
        if current is not None:
            search_index.reindex_article(db, current)
    return report


def _relocate(article: StoredArticle, correction: Correction, taken: dict) -> tuple | None:
    """The block and span where CORRECTION's original words stand in the new ARTICLE: at
    its recorded place if they are still there; else where they stand with their
    surroundings (at least RELOCATE_CONTEXT characters of them), the best such place."""
    candidates = [(correction.block, correction.block_index), ("headline", 0), ("byline", 0)]
    candidates += [("paragraph", i) for i in range(len(article.paragraphs))]
    candidates += [("caption", i) for i in range(len(article.captions))]
    needed = min(RELOCATE_CONTEXT, len(correction.prefix) + len(correction.suffix))
    best = None
    for number, (block, index) in enumerate(dict.fromkeys(candidates)):
        text = block_text(article, block, index)
        if not text:
            continue
        span = place(text, correction)
        if span is None or any(span[0] < e and s < span[1] for s, e in taken.get((block, index), [])):
            continue
        if number == 0 and span == (correction.start, correction.end):
            return (block, index), span
        context = _context(text, span, correction)
        if context >= needed and (best is None or context > best[0]):
            best = (context, (block, index), span)
    return best[1:] if best is not None else None


def _context(text: str, span: tuple[int, int], correction: Correction) -> int:
    score = 0
    for a, b in zip(reversed(text[:span[0]]), reversed(correction.prefix)):
        if a != b:
            break
        score += 1
    for a, b in zip(text[span[1]:], correction.suffix):
        if a != b:
            break
        score += 1
    return score
