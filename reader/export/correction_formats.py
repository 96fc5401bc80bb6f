"""Corrections out and in as W3C Web Annotations with motivation `editing`.

Each correction targets the article's ORIGINAL text (as imported, the same in every
library that imported the same page): a TextQuoteSelector (the original words and their
surroundings) and a TextPositionSelector (their offsets); the body is the new text. On
import a correction is placed by its position when the words are there, else by its quote;
importing the same file twice changes nothing (ids are kept).
"""
from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlite_utils import Database

from ..store.annotations import CONTEXT_CHARS
from ..store.correction_import import IncomingCorrection, add_imported_corrections
from ..store.corrections import iter_corrections, list_corrections, versions
from ..store.text import Correction
from .annotation_formats import (
    ARTICLE_IRI,
    W3C_CONTEXT,
    AnnotationFormatError,
    w3c_bodies,
    w3c_items,
    w3c_target,
)
from .json_stream import ITEMS, json_pieces

EDITING = "editing"


def correction_to_w3c(correction: Correction, original_text=None) -> dict:
    """One correction as a Web Annotation; ORIGINAL_TEXT (the article's ArticleText as
    imported) gives article-wide offsets and context."""
    selectors = []
    quote = {"type": "TextQuoteSelector", "exact": correction.original,
             "prefix": correction.prefix, "suffix": correction.suffix}
    if original_text is not None:
        span = original_text.block(correction.block, correction.block_index)
        if span is not None:
            text = original_text.text
            start, end = span.start + correction.start, span.start + correction.end
            if text[start:end] == correction.original:
                quote["prefix"] = text[max(0, start - CONTEXT_CHARS):start]
                quote["suffix"] = text[end:end + CONTEXT_CHARS]
                selectors.append({"type": "TextPositionSelector", "start": start, "end": end})
    selectors.insert(0, quote)
    bodies = [{"type": "TextualBody", "purpose": EDITING, "value": correction.replacement, "format": "text/plain"}]
    if correction.note:
        bodies.append({"type": "TextualBody", "purpose": "commenting", "value": correction.note,
                       "format": "text/plain"})
    out = {
        "id": correction.id, "type": "Annotation", "motivation": EDITING, "created": correction.created_at,
        "body": bodies,
        "target": {"type": "SpecificResource", "source": ARTICLE_IRI + correction.article_id, "selector": selectors},
    }
    if correction.editor:
        out["creator"] = {"type": "Person", "name": correction.editor}
    if correction.status != "applied":
        out["dubao:status"] = correction.status
    return out


def corrections_w3c(db: Database, article_id: str | None = None) -> Iterator[dict]:
    """The corrections of ARTICLE_ID (of every article when None) as Web Annotations, one at
    a time: each article's original text is read once, and only while its corrections are
    written."""
    listed = list_corrections(db, article_id) if article_id is not None else iter_corrections(db)
    for each_article, corrections in itertools.groupby(listed, key=lambda c: c.article_id):
        v = versions(db, each_article)
        original = v.original_text if v is not None else None
        yield from (correction_to_w3c(correction, original) for correction in corrections)


def export_corrections(db: Database) -> dict:
    return _collection(list(corrections_w3c(db)))


def corrections_text(db: Database) -> Iterator[str]:
    """json.dumps(export_corrections(DB), ensure_ascii=False, indent=2) + "\n", byte for
    byte, a correction at a time (read it inside one snapshot: store/snapshot.py)."""
    total = db.conn.execute("SELECT count(*) FROM corrections").fetchone()[0]
    return json_pieces(_collection([ITEMS]) | {"total": total}, corrections_w3c(db))


def _collection(items: list) -> dict:
    return {"@context": W3C_CONTEXT, "id": "urn:dubao:corrections", "type": "AnnotationCollection",
            "label": "Dubao corrections", "total": len(items),
            "first": {"type": "AnnotationPage", "startIndex": 0, "items": items}}


@dataclass
class CorrectionImportReport:
    added: int = 0
    already_present: int = 0
    conflicts: list[str] = field(default_factory=list)  # ids kept, not applied
    skipped: int = 0  # annotations of other motivations

    def summary(self) -> str:
        from ..store.importer.report import plural  # only when a summary is printed

        text = f"{plural(self.added, 'correction')} added, {self.already_present} already present"
        if self.conflicts:
            text += f", {len(self.conflicts)} kept as conflicts (their text is not in the article)"
        if self.skipped:
            text += f", {plural(self.skipped, 'other annotation')} skipped"
        return text


def _parse(item: dict) -> IncomingCorrection:
    _target, article_id, quote, position = w3c_target(item, "correction")
    bodies = w3c_bodies(item)
    new = next((b for b in bodies if isinstance(b, dict) and b.get("purpose") in (EDITING, None)
                and isinstance(b.get("value"), str)), None)
    if new is None:
        raise AnnotationFormatError(f"correction {item['id']}: no body with the new text")
    note = next((b.get("value") for b in bodies if isinstance(b, dict) and b.get("purpose") == "commenting"), None)
    creator = item.get("creator")
    editor = creator.get("name") if isinstance(creator, dict) else creator if isinstance(creator, str) else None
    correction = Correction(
        id=str(item["id"]), article_id=article_id, block="", block_index=0, start=-1, end=-1,
        original=quote["exact"], replacement=new["value"], prefix=quote.get("prefix") or "",
        suffix=quote.get("suffix") or "", note=note, editor=editor, created_at=item.get("created") or "",
        status="conflict")
    return IncomingCorrection(correction, position.get("start"), position.get("end"))


def import_corrections(db: Database, text: str) -> CorrectionImportReport:
    """Import a W3C document of corrections; idempotent by id. A correction whose original
    words are not in the article (or whose article is not in the library) is kept as a
    conflict and reported."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise AnnotationFormatError(f"not JSON: {exc.msg} at line {exc.lineno}") from None
    skipped, incoming = 0, []
    for item in w3c_items(document):
        if isinstance(item, dict) and item.get("motivation") not in (EDITING, None):
            skipped += 1
            continue
        incoming.append(_parse(item))
    stored = add_imported_corrections(db, incoming)
    return CorrectionImportReport(added=stored.added, already_present=stored.already_present,
                                  conflicts=stored.conflicts, skipped=skipped)
