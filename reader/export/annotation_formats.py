"""Annotations out (W3C Web Annotation JSON-LD, Markdown) and in (W3C)."""
from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from sqlite_utils import Database

from ..store.annotations import (
    COLORS,
    Annotation,
    add_imported_annotations,
    iter_annotations,
    list_annotations,
)
from ..store.reading import get_article
from .citation import gbt7714
from .json_stream import ITEMS, json_pieces

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
ARTICLE_IRI = "urn:dubao:article:"
STYLE_PREFIX = "dubao-highlight-"


class AnnotationFormatError(ValueError):
    """An annotation file that cannot be read; str() is the one-line reason."""


def annotation_to_w3c(annotation: Annotation) -> dict:
    bodies = []
    if annotation.note:
        bodies.append({"type": "TextualBody", "purpose": "commenting", "value": annotation.note,
                       "format": "text/plain"})
    bodies += [{"type": "TextualBody", "purpose": "tagging", "value": tag} for tag in annotation.tags]
    selectors = [{"type": "TextQuoteSelector", "exact": annotation.exact, "prefix": annotation.prefix,
                  "suffix": annotation.suffix}]
    if annotation.start is not None and annotation.end is not None:
        selectors.append({"type": "TextPositionSelector", "start": annotation.start, "end": annotation.end})
    out = {
        "id": annotation.id, "type": "Annotation",
        "motivation": "commenting" if annotation.note else "highlighting",
        "created": annotation.created_at, "modified": annotation.modified_at,
        "target": {"type": "SpecificResource", "source": ARTICLE_IRI + annotation.article_id,
                   "styleClass": STYLE_PREFIX + annotation.color, "selector": selectors},
    }
    if bodies:
        out["body"] = bodies
    return out


def _collection(items: list) -> dict:
    return {"@context": W3C_CONTEXT, "id": "urn:dubao:annotations", "type": "AnnotationCollection",
            "label": "Dubao annotations", "total": len(items),
            "first": {"type": "AnnotationPage", "startIndex": 0, "items": items}}


def export_w3c(db: Database) -> dict:
    return _collection([annotation_to_w3c(a) for a in list_annotations(db)])


def w3c_text(db: Database) -> Iterator[str]:
    """json.dumps(export_w3c(DB), ensure_ascii=False, indent=2) + "\n", byte for byte, in
    pieces: one annotation at a time, never the whole collection. Read it inside one
    snapshot (store/snapshot.py), so that its total counts the items that follow."""
    total = db.conn.execute("SELECT count(*) FROM annotations").fetchone()[0]
    skeleton = _collection([ITEMS]) | {"total": total}
    return json_pieces(skeleton, (annotation_to_w3c(a) for a in iter_annotations(db)))


def export_markdown(db: Database) -> str:
    return "".join(markdown_text(db))


def markdown_text(db: Database) -> Iterator[str]:
    """Every annotation in Markdown, grouped by article, in pieces (an article's at a time)."""
    def lines() -> Iterator[str]:
        yield from ["# Annotations", ""]
        for article_id, article_notes in itertools.groupby(iter_annotations(db), key=lambda a: a.article_id):
            yield from _markdown_article(db, article_id, article_notes)

    # "\n".join(lines()).rstrip() + "\n", written as it comes: white space at the end is
    # held back until more text follows it.
    pending = ""
    for number, line in enumerate(lines()):
        text = pending + ("" if number == 0 else "\n") + line
        kept = text.rstrip()
        if kept:
            yield kept
        pending = text[len(kept):]
    yield "\n"


def _markdown_article(db: Database, article_id: str, article_notes: Iterable[Annotation]) -> Iterator[str]:
    article = get_article(db, article_id)
    if article is None:
        yield from [f"## (article {article_id} is not in the library)", ""]
    else:
        yield from [f"## {article.headline}", "", gbt7714(article), ""]
        if article.applied:
            yield from [f"*(text corrected in {len(article.applied)} place{'s' if len(article.applied) > 1 else ''};"
                        " the original OCR is kept in the library)*", ""]
    for annotation in article_notes:
        quote = " ".join(annotation.exact.split("\n"))
        yield f"> {quote}"
        yield ""
        if annotation.orphaned:
            yield from ["*(orphaned: the quote is no longer in the article)*", ""]
        elif annotation.rewritten:
            yield from ["*(the highlighted words were since corrected)*", ""]
        if annotation.note:
            yield from [annotation.note, ""]
        if annotation.tags:
            yield from ["Tags: " + ", ".join(f"#{t}" for t in annotation.tags), ""]


def w3c_items(document) -> list[dict]:
    if isinstance(document, list):
        return document
    if not isinstance(document, dict):
        raise AnnotationFormatError("not a W3C annotation document (expected a JSON object)")
    if document.get("type") == "Annotation":
        return [document]
    items = []
    page = document.get("first")
    while isinstance(page, dict):
        items += page.get("items") or []
        page = page.get("next") if isinstance(page.get("next"), dict) else None
    if not items and isinstance(document.get("items"), list):
        items = document["items"]
    if not items and document.get("type") != "AnnotationCollection":
        raise AnnotationFormatError("not a W3C AnnotationCollection or Annotation")
    return items


def w3c_target(item, noun: str) -> tuple[dict, str, dict, dict]:
    """ITEM's target, the id of the Dubao article it points at, its TextQuoteSelector and
    its TextPositionSelector ({} when it has none); NOUN names ITEM in the error."""
    if not isinstance(item, dict) or not item.get("id"):
        raise AnnotationFormatError("an annotation without an id")
    target = item.get("target")
    if isinstance(target, list):
        target = target[0] if target else None
    if not isinstance(target, dict):
        raise AnnotationFormatError(f"{noun} {item['id']}: its target has no selector")
    source = str(target.get("source", ""))
    if not source.startswith(ARTICLE_IRI):
        raise AnnotationFormatError(f"{noun} {item['id']}: target {source!r} is not a Dubao article")
    selectors = target.get("selector") or []
    if isinstance(selectors, dict):
        selectors = [selectors]
    quote = next((s for s in selectors if isinstance(s, dict) and s.get("type") == "TextQuoteSelector"), None)
    position = next((s for s in selectors if isinstance(s, dict) and s.get("type") == "TextPositionSelector"), {})
    if quote is None or not quote.get("exact"):
        raise AnnotationFormatError(f"{noun} {item['id']}: no TextQuoteSelector")
    return target, source.removeprefix(ARTICLE_IRI), quote, position


def w3c_bodies(item: dict) -> list:
    bodies = item.get("body") or []
    return [bodies] if isinstance(bodies, dict) else bodies


def annotation_from_w3c(item: dict) -> Annotation:
    target, article_id, quote, position = w3c_target(item, "annotation")
    bodies = w3c_bodies(item)
    note = next((b.get("value") for b in bodies if isinstance(b, dict) and b.get("purpose") in (None, "commenting")), None)
    tags = [b.get("value") for b in bodies if isinstance(b, dict) and b.get("purpose") == "tagging" and b.get("value")]
    style = str(target.get("styleClass", ""))
    color = style.removeprefix(STYLE_PREFIX) if style.removeprefix(STYLE_PREFIX) in COLORS else "yellow"
    return Annotation(
        id=str(item["id"]), article_id=article_id, exact=quote["exact"],
        prefix=quote.get("prefix", "") or "", suffix=quote.get("suffix", "") or "",
        start=position.get("start"), end=position.get("end"), color=color, note=note, tags=tags,
        created_at=item.get("created") or "", modified_at=item.get("modified") or item.get("created") or "")


@dataclass
class AnnotationImportReport:
    added: int = 0
    already_present: int = 0
    missing_article: list[str] = field(default_factory=list)  # annotation ids, kept as orphans
    orphaned: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = f"{self.added} added, {self.already_present} already present"
        if self.missing_article:
            text += f", {len(self.missing_article)} kept as orphans (their article is not in this library)"
        if self.orphaned:
            text += f", {len(self.orphaned)} orphaned (quote not found in the article)"
        return text


def import_w3c(db: Database, text: str) -> AnnotationImportReport:
    """Import a W3C annotation document; idempotent by annotation id. Annotations whose
    article is not in the library are stored as orphans and reported. Each article's text
    is read and normalised once per import, however many annotations it has."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise AnnotationFormatError(f"not JSON: {exc.msg} at line {exc.lineno}") from None
    except RecursionError:
        raise AnnotationFormatError("JSON nested too deeply to be an annotation document") from None
    annotations = [annotation_from_w3c(item) for item in w3c_items(document)]
    stored = add_imported_annotations(db, annotations)
    return AnnotationImportReport(added=stored.added, already_present=stored.already_present,
                                  missing_article=stored.missing_article, orphaned=stored.orphaned)
