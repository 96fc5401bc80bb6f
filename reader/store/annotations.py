"""Bookmarks and annotations: the archivist's work product. Nothing here ever deletes an
annotation implicitly: when its article changes it is re-anchored by its quote, and when
that fails it is kept and marked orphaned.

Anchoring follows the W3C Web Annotation model: a TextQuoteSelector (exact, prefix,
suffix) and a TextPositionSelector (start, end) over the article's text as the reader sees
it (text.py: corrections applied). A highlight whose words a correction rewrote keeps its
place and is flagged `rewritten`.
"""
from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from sqlite_utils import Database

from .normalize import find_all, normalize, normalize_with_map
from .reading import resolve_article_id
from .text import article_text
from .writer import write_transaction

CONTEXT_CHARS = 32
COLORS = ("yellow", "green", "blue", "pink", "orange")


class AnnotationError(ValueError):
    """An annotation request that cannot be carried out; str() is the one-line reason."""


@dataclass
class Annotation:
    id: str
    article_id: str
    exact: str
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    end: int | None = None
    color: str = "yellow"
    note: str | None = None
    tags: list[str] = field(default_factory=list)
    orphaned: bool = False
    created_at: str = ""
    modified_at: str = ""
    rewritten: bool = False  # a correction changed words of the highlight

    @classmethod
    def from_row(cls, row: dict) -> Annotation:
        return cls(id=row["id"], article_id=row["article_id"], exact=row["exact"], prefix=row["prefix"],
                   suffix=row["suffix"], start=row["start"], end=row["end"], color=row["color"],
                   note=row["note"], tags=json.loads(row["tags"]), orphaned=bool(row["orphaned"]),
                   created_at=row["created_at"], modified_at=row["modified_at"],
                   rewritten=bool(row.get("rewritten", 0)))

    def to_row(self) -> dict:
        return {"id": self.id, "article_id": self.article_id, "exact": self.exact, "prefix": self.prefix,
                "suffix": self.suffix, "start": self.start, "end": self.end, "color": self.color,
                "note": self.note, "tags": json.dumps(self.tags, ensure_ascii=False),
                "orphaned": int(self.orphaned), "created_at": self.created_at,
                "modified_at": self.modified_at, "rewritten": int(self.rewritten)}


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


# --- bookmarks -------------------------------------------------------------------------------

def add_bookmark(db: Database, article_id: str, note: str | None = None) -> str:
    current = resolve_article_id(db, article_id)
    if current is None:
        raise AnnotationError(f"no article with id {article_id!r}")
    with write_transaction(db):
        db.execute("""INSERT INTO bookmarks (article_id, note, created_at) VALUES (?, ?, ?)
                      ON CONFLICT(article_id) DO UPDATE SET note = COALESCE(excluded.note, note)""",
                   [current, note, _now()])
    return current


def set_bookmark_note(db: Database, article_id: str, note: str | None) -> None:
    with write_transaction(db):
        db.execute("UPDATE bookmarks SET note = ? WHERE article_id = ?", [note or None, article_id])


def remove_bookmark(db: Database, article_id: str) -> bool:
    current = resolve_article_id(db, article_id) or article_id
    with write_transaction(db):
        cursor = db.execute("DELETE FROM bookmarks WHERE article_id = ?", [current])
    return cursor.rowcount > 0


def is_bookmarked(db: Database, article_id: str) -> bool:
    return db.execute("SELECT 1 FROM bookmarks WHERE article_id = ?", [article_id]).fetchone() is not None


ITER_CHUNK = 500  # bookmarks read (and their pages looked up) at a time
_BOOKMARKS = """SELECT bookmarks.article_id, bookmarks.note, bookmarks.created_at, articles.headline,
                        publications.name, issues.date
                 FROM bookmarks LEFT JOIN articles ON articles.id = bookmarks.article_id
                 LEFT JOIN issues ON issues.id = articles.issue_id
                 LEFT JOIN publications ON publications.id = issues.publication_id
                 ORDER BY bookmarks.created_at DESC, bookmarks.rowid DESC"""


def _bookmark_dicts(db: Database, rows: list[tuple]) -> list[dict]:
    from .reading import article_pages

    pages = article_pages(db, [r[0] for r in rows])
    return [{"id": r[0], "note": r[1], "created_at": r[2], "headline": r[3], "publication": r[4],
             "date": r[5], "pages": pages.get(r[0], [])} for r in rows]


def list_bookmarks(db: Database, *, limit: int | None = None, offset: int = 0) -> list[dict]:
    """Newest first: id, note, created_at, and the article's publication/date/pages/headline
    (None for an article no longer in the library). LIMIT/OFFSET read one page (the window
    reads them as they are scrolled into view)."""
    rows = db.execute(f"{_BOOKMARKS} LIMIT ? OFFSET ?", [-1 if limit is None else limit, offset]).fetchall()
    return _bookmark_dicts(db, rows)


def iter_bookmarks(db: Database) -> Iterator[dict]:
    """Every bookmark, as list_bookmarks gives them, read ITER_CHUNK at a time (with their
    pages): years of bookmarks are listed without holding them all. Read it inside one
    snapshot (store/snapshot.py) for a listing of one moment."""
    cursor = db.conn.execute(_BOOKMARKS)
    while rows := cursor.fetchmany(ITER_CHUNK):
        yield from _bookmark_dicts(db, rows)


# --- annotations -----------------------------------------------------------------------------

def locate_quote(text: str, quote: str) -> list[tuple[int, int]]:
    """Spans of TEXT where QUOTE stands (white space and Latin case aside)."""
    return find_all(text, normalize(quote))


def create_annotation(db: Database, article_id: str, quote: str, *, occurrence: int | None = None,
                      note: str | None = None, tags: Iterable[str] = (), color: str = "yellow",
                      start: int | None = None) -> Annotation:
    """Highlight QUOTE in an article. With several occurrences, OCCURRENCE (1-based) or START
    (a position from a selection) says which one."""
    article = article_text(db, article_id)
    if article is None:
        raise AnnotationError(f"no article with id {article_id!r}")
    if not quote or not quote.strip():
        raise AnnotationError("the quote is empty")
    if color not in COLORS:
        raise AnnotationError(f"unknown colour {color!r} (choose from {', '.join(COLORS)})")
    text = article.text
    spans = locate_quote(text, quote)
    if not spans:
        raise AnnotationError(f"quote not found in article {article.article_id}: {quote[:40]!r}")
    if start is not None:
        chosen = min(spans, key=lambda s: abs(s[0] - start))
    elif occurrence is not None:
        if not 1 <= occurrence <= len(spans):
            raise AnnotationError(f"--occurrence {occurrence} is out of range: the quote occurs {len(spans)} times")
        chosen = spans[occurrence - 1]
    elif len(spans) > 1:
        raise AnnotationError(f"the quote occurs {len(spans)} times in article {article.article_id}; "
                              "say which with --occurrence N")
    else:
        chosen = spans[0]
    now = _now()
    annotation = Annotation(
        id=f"urn:uuid:{uuid.uuid4()}", article_id=article.article_id, exact=text[chosen[0]:chosen[1]],
        prefix=text[max(0, chosen[0] - CONTEXT_CHARS):chosen[0]], suffix=text[chosen[1]:chosen[1] + CONTEXT_CHARS],
        start=chosen[0], end=chosen[1], color=color, note=note, tags=_clean_tags(tags),
        created_at=now, modified_at=now)
    with write_transaction(db):
        db.table("annotations").insert(annotation.to_row())
    return annotation


def _clean_tags(tags: Iterable[str]) -> list[str]:
    out: list[str] = []
    for tag in tags:
        tag = tag.strip()
        if tag and tag not in out:
            out.append(tag)
    return out


def get_annotation(db: Database, annotation_id: str) -> Annotation | None:
    rows = list(db.query("SELECT * FROM annotations WHERE id = ?", [annotation_id]))
    return Annotation.from_row(rows[0]) if rows else None


def list_annotations(db: Database, *, article_id: str | None = None, tag: str | None = None,
                     text: str | None = None, limit: int | None = None, offset: int = 0) -> list[Annotation]:
    """Annotations in reading order, those with TAG, or whose note, quote or tags hold TEXT
    (normalised, as a search matches); LIMIT/OFFSET page through what the filters keep (the
    window reads one page at a time, filtered or not)."""
    where, params = [], []
    if article_id is not None:
        where.append("article_id = ?")
        params.append(resolve_article_id(db, article_id) or article_id)
    if tag:
        where.append("EXISTS (SELECT 1 FROM json_each(annotations.tags) WHERE json_each.value = ?)")
        params.append(tag)
    if text:
        needle = normalize(text)

        def holds(note: str | None, exact: str, tags: str) -> bool:
            return needle in normalize((note or "") + " " + exact + " " + " ".join(json.loads(tags)))

        db.conn.create_function("dubao_annotation_holds", 3, holds, deterministic=True)
        where.append("dubao_annotation_holds(note, exact, tags)")
    sql = "SELECT * FROM annotations" + (" WHERE " + " AND ".join(where) if where else "")
    sql += " ORDER BY article_id, start IS NULL, start, created_at LIMIT ? OFFSET ?"
    return [Annotation.from_row(r) for r in db.query(sql, [*params, -1 if limit is None else limit, offset])]


def iter_annotations(db: Database) -> Iterator[Annotation]:
    """Every annotation, in list_annotations' order, one at a time as read (sqlite-utils'
    query() yields the rows as the cursor steps): years of notes are exported without
    holding them all."""
    yield from (Annotation.from_row(r) for r in
                db.query("SELECT * FROM annotations ORDER BY article_id, start IS NULL, start, created_at"))


def update_annotation(db: Database, annotation_id: str, *, note: str | None = None,
                      tags: Iterable[str] | None = None, color: str | None = None) -> Annotation:
    annotation = get_annotation(db, annotation_id)
    if annotation is None:
        raise AnnotationError(f"no annotation with id {annotation_id!r}")
    if note is not None:
        annotation.note = note or None
    if tags is not None:
        annotation.tags = _clean_tags(tags)
    if color is not None:
        if color not in COLORS:
            raise AnnotationError(f"unknown colour {color!r}")
        annotation.color = color
    annotation.modified_at = _now()
    with write_transaction(db):
        db.table("annotations").update(annotation.id, {
            "note": annotation.note, "tags": json.dumps(annotation.tags, ensure_ascii=False),
            "color": annotation.color, "modified_at": annotation.modified_at})
    return annotation


def delete_annotation(db: Database, annotation_id: str) -> Annotation:
    """Delete and return the annotation (the caller may keep it to undo)."""
    annotation = get_annotation(db, annotation_id)
    if annotation is None:
        raise AnnotationError(f"no annotation with id {annotation_id!r}")
    with write_transaction(db):
        db.execute("DELETE FROM annotations WHERE id = ?", [annotation_id])
    return annotation


def restore_annotation(db: Database, annotation: Annotation) -> None:
    """Put back a deleted annotation (undo), re-anchored to the article as it is now."""
    with write_transaction(db):
        _save(db, annotation)
        reanchor_articles(db, [annotation.article_id])


def _save(db: Database, annotation: Annotation) -> None:
    """Write ANNOTATION's row as it is (inside the caller's transaction)."""
    row = annotation.to_row()
    db.execute("INSERT OR REPLACE INTO annotations ({}) VALUES ({})".format(
        ", ".join(f'"{k}"' for k in row), ", ".join("?" * len(row))), list(row.values()))


def _context_score(text: str, span: tuple[int, int], annotation: Annotation) -> int:
    before = text[:span[0]]
    after = text[span[1]:]
    score = 0
    for a, b in zip(reversed(before), reversed(annotation.prefix)):
        if a != b:
            break
        score += 1
    for a, b in zip(after, annotation.suffix):
        if a != b:
            break
        score += 1
    return score


class QuoteFinder:
    """An article's text, normalised once, for placing many quotes in it (normalising the
    whole text per quote made importing thousands of annotations on one article quadratic)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._normalised: tuple[str, list[int]] | None = None

    def spans(self, quote: str) -> list[tuple[int, int]]:
        needle = normalize(quote)
        if not needle:
            return []
        if self._normalised is None:
            self._normalised = normalize_with_map(self.text)
        norm, positions = self._normalised
        found = []
        start = norm.find(needle)
        while start != -1:
            found.append((positions[start], positions[start + len(needle) - 1] + 1))
            start = norm.find(needle, start + 1)
        return found


def anchor(text: str, annotation: Annotation, finder: QuoteFinder | None = None) -> tuple[int, int] | None:
    """Where ANNOTATION belongs in TEXT: its old position if the quote is still there,
    else the occurrence of its quote whose surroundings match best."""
    if annotation.start is not None and text[annotation.start:annotation.end] == annotation.exact:
        return annotation.start, annotation.end
    spans = (finder or QuoteFinder(text)).spans(annotation.exact)
    if not spans:
        return None
    old = annotation.start or 0
    return max(spans, key=lambda s: (_context_score(text, s, annotation), -abs(s[0] - old)))


def place(annotation: Annotation, finder: QuoteFinder | None) -> bool:
    """Anchor ANNOTATION in the text FINDER holds (None: its article is gone), updating its
    position and context; False (and marked orphaned) when its quote is not there."""
    span = anchor(finder.text, annotation, finder) if finder is not None else None
    if span is None:
        annotation.orphaned = True
        return False
    text, (start, end) = finder.text, span
    annotation.start, annotation.end, annotation.exact = start, end, text[start:end]
    annotation.prefix = text[max(0, start - CONTEXT_CHARS):start]
    annotation.suffix = text[end:end + CONTEXT_CHARS]
    annotation.orphaned = False
    return True


def reanchor_articles(db: Database, article_ids: Iterable[str]) -> None:
    """After articles changed (re-import, merge), move their annotations to where their
    quotes now stand; those that cannot be placed are kept, marked orphaned."""
    for article_id in article_ids:
        rows = list(db.query("SELECT * FROM annotations WHERE article_id = ?", [article_id]))
        if not rows:
            continue
        article = article_text(db, article_id)
        finder = QuoteFinder(article.text) if article is not None else None
        for row in rows:
            annotation = Annotation.from_row(row)
            if not place(annotation, finder):
                db.execute("UPDATE annotations SET orphaned = 1 WHERE id = ?", [annotation.id])
                continue
            db.execute(
                """UPDATE annotations SET start = ?, "end" = ?, exact = ?, prefix = ?, suffix = ?, orphaned = 0
                   WHERE id = ?""",
                [annotation.start, annotation.end, annotation.exact, annotation.prefix,
                 annotation.suffix, annotation.id])


@dataclass
class StoredImport:
    added: int = 0
    already_present: int = 0
    missing_article: list[str] = field(default_factory=list)  # annotation ids, kept as orphans
    orphaned: list[str] = field(default_factory=list)  # annotation ids whose quote is not found


def add_imported_annotations(db: Database, annotations: Iterable[Annotation]) -> StoredImport:
    """Store annotations read from an exchange file, in one transaction; those already in
    the library (by id) are left alone. Each article's text is read and normalised once,
    however many annotations it has, and only the new annotations are placed."""
    report = StoredImport()
    finders: dict[str, tuple[str, QuoteFinder] | None] = {}
    with write_transaction(db):
        for annotation in annotations:
            if db.execute("SELECT 1 FROM annotations WHERE id = ?", [annotation.id]).fetchone():
                report.already_present += 1
                continue
            if annotation.article_id not in finders:
                article = article_text(db, annotation.article_id)
                finders[annotation.article_id] = (article.article_id, QuoteFinder(article.text)) if article else None
            found = finders[annotation.article_id]
            if found is None:
                annotation.orphaned = True
                report.missing_article.append(annotation.id)
            else:
                annotation.article_id = found[0]
                if not place(annotation, found[1]):
                    report.orphaned.append(annotation.id)
            _save(db, annotation)  # its id is new: checked above, in this transaction
            report.added += 1
    return report
