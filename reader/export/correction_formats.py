"""Corrections out and in as W3C Web Annotations with motivation `editing`.

Each correction targets the article's ORIGINAL text (as imported, the same in every
library that imported the same page): a TextQuoteSelector (the original words and their
surroundings) and a TextPositionSelector (their offsets); the body is the new text. On
import a correction is placed by its position when the words are there, else by its quote;
importing the same file twice changes nothing (ids are kept).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlite_utils import Database

from ..store.annotations import CONTEXT_CHARS, Annotation, anchor
from ..store.corrections import CorrectionChange, apply_change, list_corrections, versions
from ..store.text import CORRECTABLE_BLOCKS, Correction, place
from ..store.writer import write_transaction
from .annotation_formats import ARTICLE_IRI, W3C_CONTEXT, AnnotationFormatError, _items

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


def corrections_w3c(db: Database, article_id: str | None = None) -> list[dict]:
    items, originals = [], {}
    for correction in list_corrections(db, article_id):
        if correction.article_id not in originals:
            v = versions(db, correction.article_id)
            originals[correction.article_id] = v.original_text if v is not None else None
        items.append(correction_to_w3c(correction, originals[correction.article_id]))
    return items


def export_corrections(db: Database) -> dict:
    items = corrections_w3c(db)
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


def _parse(item: dict) -> tuple[str, str, dict, dict, str, str | None, dict]:
    if not isinstance(item, dict) or not item.get("id"):
        raise AnnotationFormatError("an annotation without an id")
    target = item.get("target")
    if isinstance(target, list):
        target = target[0] if target else None
    if not isinstance(target, dict):
        raise AnnotationFormatError(f"correction {item['id']}: its target has no selector")
    source = str(target.get("source", ""))
    if not source.startswith(ARTICLE_IRI):
        raise AnnotationFormatError(f"correction {item['id']}: target {source!r} is not a Dubao article")
    selectors = target.get("selector") or []
    if isinstance(selectors, dict):
        selectors = [selectors]
    quote = next((s for s in selectors if isinstance(s, dict) and s.get("type") == "TextQuoteSelector"), None)
    position = next((s for s in selectors if isinstance(s, dict) and s.get("type") == "TextPositionSelector"), {})
    if quote is None or not quote.get("exact"):
        raise AnnotationFormatError(f"correction {item['id']}: no TextQuoteSelector")
    bodies = item.get("body") or []
    if isinstance(bodies, dict):
        bodies = [bodies]
    new = next((b for b in bodies if isinstance(b, dict) and b.get("purpose") in (EDITING, None)
                and isinstance(b.get("value"), str)), None)
    if new is None:
        raise AnnotationFormatError(f"correction {item['id']}: no body with the new text")
    note = next((b.get("value") for b in bodies if isinstance(b, dict) and b.get("purpose") == "commenting"), None)
    creator = item.get("creator")
    editor = creator.get("name") if isinstance(creator, dict) else creator if isinstance(creator, str) else None
    return str(item["id"]), source.removeprefix(ARTICLE_IRI), quote, position, new["value"], note, \
        {"editor": editor, "created": item.get("created") or ""}


def import_corrections(db: Database, text: str) -> CorrectionImportReport:
    """Import a W3C document of corrections; idempotent by id. A correction whose original
    words are not in the article (or whose article is not in the library) is kept as a
    conflict and reported."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise AnnotationFormatError(f"not JSON: {exc.msg} at line {exc.lineno}") from None
    report = CorrectionImportReport()
    parsed = []
    for item in _items(document):
        if isinstance(item, dict) and item.get("motivation") not in (EDITING, None):
            report.skipped += 1
            continue
        parsed.append(_parse(item))
    with write_transaction(db):
        for correction_id, article_id, quote, position, replacement, note, extra in parsed:
            if db.execute("SELECT 1 FROM corrections WHERE id = ?", [correction_id]).fetchone():
                report.already_present += 1
                continue
            correction = _locate(db, correction_id, article_id, quote, position, replacement, note, extra)
            if correction.status != "applied":
                report.conflicts.append(correction_id)
                row = correction.to_row()
                db.execute("INSERT INTO corrections ({}) VALUES ({})".format(
                    ", ".join(f'"{k}"' for k in row), ", ".join("?" * len(row))), list(row.values()))
            else:
                apply_change(db, CorrectionChange(correction.article_id, added=[correction]))
            report.added += 1
    return report


def _locate(db: Database, correction_id: str, article_id: str, quote: dict, position: dict,
            replacement: str, note: str | None, extra: dict) -> Correction:
    """The correction placed in this library's copy of the article's original text."""
    exact = quote["exact"]
    correction = Correction(
        id=correction_id, article_id=article_id, block="", block_index=0, start=-1, end=-1, original=exact,
        replacement=replacement, prefix=quote.get("prefix") or "", suffix=quote.get("suffix") or "",
        note=note, editor=extra["editor"], created_at=extra["created"], status="conflict")
    v = versions(db, article_id)
    if v is None:
        return correction
    correction.article_id = v.original.id
    text = v.original_text
    probe = Annotation(id="", article_id=v.original.id, exact=exact, prefix=correction.prefix,
                       suffix=correction.suffix, start=position.get("start"), end=position.get("end"))
    if not (isinstance(probe.start, int) and isinstance(probe.end, int)):
        probe.start = probe.end = None
    span = anchor(text.text, probe)
    block = text.span_at(span[0]) if span is not None else None
    if block is None or block.block not in CORRECTABLE_BLOCKS or span[1] > block.end:
        return correction
    local = text.text[block.start:block.end]
    correction.block, correction.block_index = block.block, block.index
    correction.start, correction.end = span[0] - block.start, span[1] - block.start
    correction.original = local[correction.start:correction.end]
    correction.prefix = local[max(0, correction.start - CONTEXT_CHARS):correction.start]
    correction.suffix = local[correction.end:correction.end + CONTEXT_CHARS]
    # It must not overlap a correction already applied there.
    for other in v.corrected.applied:
        if (other[0], other[1]) == (block.block, block.index):
            where = place(local, other[2])
            if where is not None and where[0] < correction.end and correction.start < where[1]:
                return correction
    correction.status = "applied"
    return correction
