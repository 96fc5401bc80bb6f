"""Reading the library: articles whole, lists of articles, and the publication → year →
month → issue → page tree the reader window browses. Every function reads only what it
is asked for, so a window over a large archive loads lazily."""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

from .assemble import StoredArticle


def corrected_headlines(db: Database, headlines: dict[str, str]) -> dict[str, str]:
    """HEADLINES (article id → headline as stored) with the archivist's corrections of
    headlines applied: lists show what the article pane shows. One query for the lot."""
    from .text import apply_to_block, load_corrections

    out = dict(headlines)
    if not headlines:
        return out
    # Corrected headlines are few beside the articles a long list holds: find them first, by
    # the articles' ids for a page's few (the window's section list, on its GUI thread).
    if len(headlines) <= 500:
        ids = list(headlines)
        corrected = [r[0] for r in db.execute(
            f"""SELECT DISTINCT article_id FROM corrections WHERE article_id IN ({','.join('?' * len(ids))})
                AND block = 'headline' AND status = 'applied'""", ids)]
    else:
        corrected = [r[0] for r in db.execute(
            "SELECT DISTINCT article_id FROM corrections WHERE block = 'headline' AND status = 'applied'")
            if r[0] in headlines]
    for article_id, corrections in load_corrections(db, corrected).items():
        fixes = [c for c in corrections if c.block == "headline"]
        if fixes and out.get(article_id):
            out[article_id] = apply_to_block(out[article_id], fixes)[0]
    return out


def resolve_article_id(db: Database, article_id: str) -> str | None:
    """The current id of ARTICLE_ID (which may be an alias of a merged story)."""
    row = db.execute("SELECT id FROM articles WHERE id = ?", [article_id]).fetchone()
    if row:
        return row[0]
    row = db.execute("SELECT article_id FROM article_aliases WHERE alias = ?", [article_id]).fetchone()
    return row[0] if row else None


def get_article(db: Database, article_id: str, *, original: bool = False) -> StoredArticle | None:
    """One article, whole, or None when no article has (or had) that id: with the
    archivist's corrections applied, or as first imported when ORIGINAL (text.py)."""
    from .text import assembled, load_corrections, load_parts

    current = resolve_article_id(db, article_id)
    if current is None:
        return None
    row = db.execute(
        """SELECT articles.id, publications.name, issues.date, issues.id
           FROM articles JOIN issues ON issues.id = articles.issue_id
           JOIN publications ON publications.id = issues.publication_id
           WHERE articles.id = ?""", [current]).fetchone()
    if row is None:
        return None
    parts = load_parts(db, [current]).get(current)
    if not parts:
        return None
    pages_info = db.execute(
        """SELECT DISTINCT pages.number, pages.name, sources.path FROM article_parts
           JOIN pages ON pages.id = article_parts.page_id
           JOIN sources ON sources.id = COALESCE(article_parts.source_id, pages.source_id)
           WHERE article_parts.article_id = ?
           ORDER BY pages.number""", [current]).fetchall()
    article = StoredArticle(id=row[0], publication=row[1], date=row[2],
                            pages=article_pages(db, [current]).get(current, []), headline="", issue_id=row[3])
    article.page_names = {number: name for number, name, _ in pages_info}
    article.source_dirs = sorted({str(Path(path).parent) for _, _, path in pages_info})
    corrections = None if original else load_corrections(db, [current]).get(current, [])
    return assembled(article, parts, corrections)


def article_pages(db: Database, article_ids: list[str]) -> dict[str, list[int | None]]:
    """The page numbers each article stands on, in page order, each once: the pages of its
    parts and those its zones reach (a METS article is one part on its first page whose
    zones run on over the next pages). One query per 500 articles."""
    pages: dict[str, list[int | None]] = {}
    if not article_ids:
        return pages
    for chunk_start in range(0, len(article_ids), 500):
        chunk = article_ids[chunk_start: chunk_start + 500]
        marks = ",".join("?" * len(chunk))
        for article_id, number in db.execute(
                f"""SELECT article_parts.article_id, pages.number FROM article_parts
                    JOIN pages ON pages.id = article_parts.page_id
                    WHERE article_parts.article_id IN ({marks})
                    UNION
                    SELECT article_parts.article_id, pages.number FROM article_zones
                    JOIN article_parts ON article_parts.id = article_zones.part_id
                    JOIN pages ON pages.id = article_zones.page_id
                    WHERE article_parts.article_id IN ({marks})
                    ORDER BY 2""", chunk + chunk):
            pages.setdefault(article_id, []).append(number)
    return pages


LIST_CHUNK = 500  # articles read (and their pages and headlines looked up) at a time


def iter_articles(db: Database, *, publication: str | None = None) -> Iterator[dict]:
    """Every article's summary (as list_articles gives them), in reading order, read a
    chunk at a time: a library of a million articles is listed in the memory of one chunk,
    its first line at once. Publications by name, each one's issues by date (the indexes'
    order), each issue's articles by page and position (a sort of one issue at a time)."""
    where, params = ("WHERE publications.name = ?", [publication]) if publication is not None else ("", [])
    cursor = db.execute(
        f"""SELECT articles.id, publications.name, issues.date, articles.headline, articles.kind
            FROM publications CROSS JOIN issues ON issues.publication_id = publications.id
            CROSS JOIN articles ON articles.issue_id = issues.id
            {where}
            ORDER BY publications.name, issues.date, issues.id, articles.first_page IS NULL,
                     articles.first_page, articles.position""", params)
    while rows := cursor.fetchmany(LIST_CHUNK):
        yield from _summaries(db, rows)


def _summaries(db: Database, rows: list[tuple]) -> list[dict]:
    pages = article_pages(db, [r[0] for r in rows])
    headlines = corrected_headlines(db, {r[0]: r[3] for r in rows})
    return [{"id": r[0], "publication": r[1], "date": r[2], "pages": pages.get(r[0], []),
             "headline": headlines[r[0]], "kind": r[4]} for r in rows]


def list_articles(db: Database, *, issue_id: int | None = None, publication: str | None = None,
                  limit: int | None = None, offset: int = 0) -> list[dict]:
    """Article summaries (id, publication, date, pages, headline, kind), in reading order."""
    where, params = [], []
    if issue_id is not None:
        where.append("articles.issue_id = ?")
        params.append(issue_id)
    if publication is not None:
        where.append("publications.name = ?")
        params.append(publication)
    sql = f"""SELECT articles.id, publications.name, issues.date, articles.headline, articles.kind
              FROM articles JOIN issues ON issues.id = articles.issue_id
              JOIN publications ON publications.id = issues.publication_id
              {"WHERE " + " AND ".join(where) if where else ""}
              ORDER BY publications.name, issues.date, articles.first_page IS NULL,
                       articles.first_page, articles.position
              {"LIMIT ? OFFSET ?" if limit is not None else ""}"""
    if limit is not None:
        params += [limit, offset]
    return _summaries(db, db.execute(sql, params).fetchall())


# --- the library tree -------------------------------------------------------------------

@dataclass(frozen=True)
class IssueInfo:
    id: int
    publication_id: int
    publication: str
    date: str | None
    lunar_date: str | None
    weekday: str | None
    number: int | None


@dataclass(frozen=True)
class PageInfo:
    id: int
    number: int | None
    name: str | None
    editors: list[str]
    extras: list[str]
    warnings: list[str]
    article_count: int


def publications(db: Database) -> list[dict]:
    """Every publication with its number of issues and its first and last date. The dates
    are index seeks; the count reads the publication's entries of an index (tens of
    thousands at a million articles): the window reads this off its GUI thread."""
    return [dict(zip(("id", "name", "issues", "first", "last"), r)) for r in db.execute(
        """SELECT id, name,
                  (SELECT COUNT(*) FROM issues WHERE publication_id = publications.id),
                  (SELECT MIN(date) FROM issues WHERE publication_id = publications.id),
                  (SELECT MAX(date) FROM issues WHERE publication_id = publications.id)
           FROM publications ORDER BY name""")]


def publication_names(db: Database) -> list[dict]:
    """Every publication's id and name, by name: what a list of papers shows, read without
    touching their issues."""
    return [{"id": r[0], "name": r[1]} for r in db.execute("SELECT id, name FROM publications ORDER BY name")]


def library_overview(db: Database) -> dict:
    """What the window's status bar and library tree show of the whole library: the counts
    and the publications with their issue counts (read together, off the GUI thread)."""
    return {"counts": counts(db), "publications": publications(db)}


def publication_details(db: Database, publication_id: int) -> dict:
    row = db.execute("SELECT * FROM publications WHERE id = ?", [publication_id]).fetchone()
    columns = [c[0] for c in db.execute("SELECT * FROM publications LIMIT 0").description]
    return dict(zip(columns, row)) if row else {}


def _prefix_range(prefix: str) -> tuple[str, str]:
    """The bounds of the dates that start with PREFIX ('2023', '2023-03'), so that the
    issues_publication_date index finds them instead of a scan of the publication's issues."""
    return prefix, prefix + "\uffff"


# Issues of one publication in one year or month are bounded (one a day: a date is unique
# within a publication), so counting them costs the same in any library.

def years(db: Database, publication_id: int) -> list[tuple[str, int]]:
    """(year, issues) of a publication, oldest first; '' for its undated issue. One index
    seek per year, not a read of all its issues."""
    out: list[tuple[str, int]] = []
    undated = db.execute("SELECT COUNT(*) FROM issues WHERE publication_id = ? AND date IS NULL",
                         [publication_id]).fetchone()[0]
    if undated:
        out.append(("", undated))
    after = ""
    while True:
        row = db.execute("SELECT MIN(date) FROM issues WHERE publication_id = ? AND date > ?",
                         [publication_id, after]).fetchone()
        if row is None or row[0] is None:
            return out
        low, high = _prefix_range(row[0][:4])
        count = db.execute("SELECT COUNT(*) FROM issues WHERE publication_id = ? AND date >= ? AND date < ?",
                           [publication_id, low, high]).fetchone()[0]
        out.append((row[0][:4], count))
        after = high


def months(db: Database, publication_id: int, year: str) -> list[tuple[str, int]]:
    low, high = _prefix_range(year)
    return [tuple(r) for r in db.execute(
        """SELECT substr(date, 6, 2), COUNT(*) FROM issues
           WHERE publication_id = ? AND date >= ? AND date < ? GROUP BY 1 ORDER BY 1""",
        [publication_id, low, high])]


_ISSUE_COLUMNS = """issues.id, issues.publication_id, publications.name, issues.date,
                    issues.lunar_date, issues.weekday, issues.number"""


def issues_in_month(db: Database, publication_id: int, year: str, month: str) -> list[IssueInfo]:
    if not year:
        where, params = "issues.date IS NULL", [publication_id]
    else:
        where, params = "issues.date >= ? AND issues.date < ?", [publication_id, *_prefix_range(f"{year}-{month}")]
    return [IssueInfo(*r) for r in db.execute(
        f"""SELECT {_ISSUE_COLUMNS} FROM issues JOIN publications ON publications.id = issues.publication_id
            WHERE issues.publication_id = ? AND {where} ORDER BY issues.date""", params)]


def issue(db: Database, issue_id: int) -> IssueInfo | None:
    row = db.execute(
        f"""SELECT {_ISSUE_COLUMNS} FROM issues JOIN publications ON publications.id = issues.publication_id
            WHERE issues.id = ?""", [issue_id]).fetchone()
    return IssueInfo(*row) if row else None


def adjacent_issue(db: Database, issue_id: int, step: int) -> IssueInfo | None:
    """The previous (step=-1) or next (step=+1) issue of the same publication."""
    current = issue(db, issue_id)
    if current is None or current.date is None:
        return None
    op, order = (">", "ASC") if step > 0 else ("<", "DESC")
    row = db.execute(
        f"""SELECT {_ISSUE_COLUMNS} FROM issues JOIN publications ON publications.id = issues.publication_id
            WHERE issues.publication_id = ? AND issues.date {op} ? ORDER BY issues.date {order} LIMIT 1""",
        [current.publication_id, current.date]).fetchone()
    return IssueInfo(*row) if row else None


def latest_issue(db: Database) -> IssueInfo | None:
    row = db.execute(
        f"""SELECT {_ISSUE_COLUMNS} FROM issues JOIN publications ON publications.id = issues.publication_id
            ORDER BY issues.date DESC LIMIT 1""").fetchone()
    return IssueInfo(*row) if row else None


def issue_pages(db: Database, issue_id: int) -> list[PageInfo]:
    return [PageInfo(r[0], r[1], r[2], json.loads(r[3]), json.loads(r[4]), json.loads(r[5]), r[6])
            for r in db.execute(
                """SELECT pages.id, pages.number, pages.name, pages.editors, pages.extras, pages.warnings,
                          (SELECT COUNT(*) FROM article_parts WHERE page_id = pages.id)
                   FROM pages WHERE issue_id = ? ORDER BY pages.number IS NULL, pages.number, pages.id""",
                [issue_id])]


def page_articles(db: Database, page_id: int) -> list[dict]:
    """Articles on a page, in order: id, headline (as printed there), kind, and the pages
    the whole story stands on."""
    rows = db.execute(
        """SELECT article_parts.article_id, article_parts.headline, articles.kind
           FROM article_parts JOIN articles ON articles.id = article_parts.article_id
           WHERE page_id = ? ORDER BY article_parts.position""", [page_id]).fetchall()
    pages = article_pages(db, [r[0] for r in rows])
    headlines = corrected_headlines(db, {r[0]: r[1] for r in rows})
    return [{"id": r[0], "headline": headlines[r[0]], "kind": r[2], "pages": pages.get(r[0], [])} for r in rows]


def counts(db: Database) -> dict[str, int]:
    return {
        "publications": db.execute("SELECT COUNT(*) FROM publications").fetchone()[0],
        "issues": db.execute("SELECT COUNT(*) FROM issues").fetchone()[0],
        "pages": db.execute("SELECT COUNT(*) FROM pages").fetchone()[0],
        "articles": db.execute("SELECT COUNT(*) FROM articles").fetchone()[0],
    }


def article_texts(db: Database, article_ids: list[str], original: bool = False) -> dict[str, list[str]]:
    """The text blocks (headline first) of many articles: text.py's one assembly, split at
    its line breaks. (Kept for the search index, which reads blocks.)"""
    from .text import article_texts as texts

    return {article_id: text.split("\n") for article_id, text in texts(db, article_ids, original=original).items()}


def page_source_path(db: Database, page_id: int) -> str | None:
    """The file a page was imported from (what `remove_source` takes)."""
    row = db.execute("""SELECT sources.path FROM pages JOIN sources ON sources.id = pages.source_id
                        WHERE pages.id = ?""", [page_id]).fetchone()
    return row[0] if row else None
