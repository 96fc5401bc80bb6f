"""Corrections brought in from another library (the W3C format itself is read in
reader/export/correction_formats.py): each is placed in THIS library's copy of its
article's original text — by its position when the words are there, else by its quote —
and stored; one that cannot be placed (its words or its article are not here, or it
would overlap a correction already applied) is kept as a conflict. Ids are kept, so
importing the same corrections twice changes nothing."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlite_utils import Database

from .annotations import CONTEXT_CHARS, Annotation, anchor
from .corrections import CorrectionChange, apply_change, get_correction, save_correction, versions
from .text import CORRECTABLE_BLOCKS, Correction, place
from .writer import write_transaction


@dataclass
class IncomingCorrection:
    """A correction as another library described it: CORRECTION holds its quote (original,
    prefix, suffix) with no place yet; START/END are its article-wide offsets, if given."""
    correction: Correction
    start: int | None = None
    end: int | None = None


@dataclass
class StoredCorrections:
    added: int = 0
    already_present: int = 0
    conflicts: list[str] = field(default_factory=list)  # ids kept, not applied


def add_imported_corrections(db: Database, incoming: list[IncomingCorrection]) -> StoredCorrections:
    """Store INCOMING in one transaction, skipping ids the library already has."""
    stored = StoredCorrections()
    with write_transaction(db):
        for item in incoming:
            if get_correction(db, item.correction.id) is not None:
                stored.already_present += 1
                continue
            correction = _locate(db, item)
            if correction.status != "applied":
                stored.conflicts.append(correction.id)
                save_correction(db, correction)
            else:
                apply_change(db, CorrectionChange(correction.article_id, added=[correction]))
            stored.added += 1
    return stored


def _locate(db: Database, item: IncomingCorrection) -> Correction:
    """The correction placed in this library's copy of the article's original text
    (status "applied"), or as it came, a conflict."""
    correction = item.correction
    v = versions(db, correction.article_id)
    if v is None:
        return correction
    correction.article_id = v.original.id
    text = v.original_text
    probe = Annotation(id="", article_id=v.original.id, exact=correction.original, prefix=correction.prefix,
                       suffix=correction.suffix, start=item.start, end=item.end)
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
