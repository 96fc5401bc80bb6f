"""Searching the library. Any text a user can type is a valid query (query.py).

A term matches a block of text (headline, byline, paragraph, caption, table row; or a page's
notes) when it is a substring of the block's normalised form (normalize.py: white space
ignored, Latin letters in either case, full-width forms folded) — simplified and traditional
characters matching each other unless `exact_script` is set. The index answers that exactly
(search_index.py), so result sets and total counts are exact at every size and nothing is
confirmed against the text: the text is read only for the snippets of the hits shown.

Order: BM25 (FTS5's bm25(), a headline hit weighing HEADLINE_WEIGHT times a body hit). When a
query matches more than RANK_POOL documents, the newest RANK_POOL of them come first, those
with a term in the headline before the others (score HEADLINE_WEIGHT, else 1), and the rest
follow newest first: the cost of a page of results stays bounded however common the term (a
one-character term matching most of a million articles), and only one pass over the
matches (the exact count) grows with the library; for a query that may match
SPLIT_MIN_MATCHES documents or more, that pass runs as two halves at once on two cores
(search_split.py). `SearchResults.page(offset, limit)` pages through that one order without
running the query again.
"""
from __future__ import annotations

import bisect
import datetime as dt
import functools
import sqlite3
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import script_variants, search_split
from .normalize import find_all, normalize, normalize_with_map
from .query import QUERY_HELP, ParsedQuery, parse, parse_query
from .search_index import (
    COLUMNS,
    CORRECTED,
    HEADLINE_MARK,
    PUBLICATION_TOKEN,
    UNMATCHABLE,
    WORD_SPACE,
    article_blocks,
    doc_range,
    index_being_rebuilt,
    notes_blocks,
    pair_counts,
    run_pairs,
    token_counts,
    token_text,
)

if TYPE_CHECKING:
    from sqlite_utils import Database

__all__ = ["QUERY_HELP", "QueryError", "SearchHit", "SearchIndexError", "SearchResults", "make_snippet",
           "parse_query", "run_query", "search"]

HEADLINE_WEIGHT = 8.0
RANK_POOL = 500
SPLIT_MIN_MATCHES = 20_000  # a query that may match as many runs its big statements on two cores
_UNCOUNTED = frozenset(UNMATCHABLE + WORD_SPACE)  # characters search_counts has no count of
SNIPPET_CONTEXT = 36
TAIL_CHUNK = 500
_WEIGHTS = {"headline": HEADLINE_WEIGHT, "body": 1.0, "original": 1.0, "meta": 0.0}
_BM25 = "bm25(search_fts, " + ", ".join(str(_WEIGHTS[c]) for c in COLUMNS) + ")"


class QueryError(ValueError):
    """A filter value that cannot be used (a malformed date); the text of a query never is."""


@dataclass
class SearchHit:
    """One match: an article, or the notes of a page (KIND "notes", PAGE_ID set; ID is then
    "notes:<page id>" and HEADLINE names the page)."""
    id: str
    headline: str
    publication: str
    date: str | None
    pages: list[int | None]
    score: float
    snippet_parts: list[tuple[str, bool]] = field(default_factory=list)
    kind: str = "article"
    page_id: int | None = None

    @property
    def snippet(self) -> str:
        """The snippet with each match marked «like this»."""
        return "".join(f"«{text}»" if hit else text for text, hit in self.snippet_parts)

    def to_json(self) -> dict:
        data = {"id": self.id, "headline": self.headline, "publication": self.publication,
                "date": self.date, "pages": self.pages, "snippet": self.snippet,
                "score": round(self.score, 4), "kind": self.kind}
        if self.page_id is not None:
            data["page_id"] = self.page_id
        return data


def _check_date(value: str | None, label: str) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise QueryError(f"{label} must be a date like 2022-06-17, not {value!r}") from None


# --- the FTS5 expressions ----------------------------------------------------------------------

PAIRS, CHARS = "search_fts", "search_chars"  # where a term of 2+ characters / of 1 is found
WHOLE_LIBRARY = doc_range(None, None)


def _within(bounds: tuple[int, int]) -> tuple[str, list]:
    """The row id condition (and its parameters) of a MATCH over BOUNDS: none for the whole
    library, where FTS5 would test it on every row."""
    return ("", []) if bounds == WHOLE_LIBRARY else (" AND rowid BETWEEN ? AND ?", list(bounds))


def _quote(token: str) -> str:
    return '"' + token + '"'


class _Expressions:
    """The SQL that finds the documents matching a parsed query (search_index.py: a term of
    one character is a token of search_chars, a longer one a phrase of pairs in search_fts).
    A query whose terms are all of one kind is one MATCH on one table; a query mixing them
    combines a MATCH per table with UNION / INTERSECT / EXCEPT."""

    def __init__(self, parsed: ParsedQuery, *, exact_script: bool, original: bool,
                 publication_id: int | None, present: Callable[[set[str]], set[str] | None] | None = None
                 ) -> None:
        self.parsed, self.exact_script, self.original = parsed, exact_script, original
        self.meta = PUBLICATION_TOKEN.format(publication_id) if publication_id is not None else None
        self.publication_id = publication_id
        self.notices: list[str] = []
        self._spellings: dict[str, list[str]] = {}
        self._present = present

    def spellings(self, term: str) -> list[str]:
        """TERM and its other spellings in simplified and traditional characters (all of
        its length), as index tokens."""
        if term in self._spellings:
            return self._spellings[term]
        spellings = [term]
        if not self.exact_script:
            try:
                # Only the spellings whose characters the library holds: 台这条主线 has 48,
                # and a library in simplified characters holds one of them.
                others = script_variants.other_forms(term)
                present = self._present(others) if others and self._present is not None else None
                spellings, complete = script_variants.variants(term, present)
            except script_variants.ScriptTablesMissing as exc:
                if str(exc) not in self.notices:
                    self.notices.append(str(exc))
                spellings, complete = [term], True
            if not complete:
                self.notices.append(f"{term}: only its first {len(spellings)} spellings in "
                                    "simplified and traditional characters are searched")
        runs = [token_text(s) for s in spellings]
        self._spellings[term] = [r for r in dict.fromkeys(runs) if r] or [UNMATCHABLE]
        return self._spellings[term]

    def table(self, term: str) -> str:
        return CHARS if len(self.spellings(term)[0]) == 1 else PAIRS

    def term(self, term: str) -> str:
        """TERM as an FTS5 expression: a token of search_chars, or a phrase of pairs (which
        search_original, holding both, also reads)."""
        runs = self.spellings(term)
        parts = [_quote(r) if len(r) == 1 else _quote(" ".join(run_pairs(r))) for r in runs]
        return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"

    def headline_term(self, term: str) -> str:
        """TERM in the headline: a column filter in search_fts, a marked token in search_chars."""
        runs = self.spellings(term)
        if len(runs[0]) == 1:
            return " OR ".join(_quote(r + HEADLINE_MARK) for r in runs)
        return "{headline} : (" + " OR ".join(_quote(" ".join(run_pairs(r))) for r in runs) + ")"

    def _any(self, terms: list[str]) -> str:
        parts = [self.term(t) for t in terms]
        return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"

    def _filters(self, expr: str, corrected_out: bool) -> str:
        if self.meta:
            expr = f"({expr}) AND {self.meta}"
        if corrected_out:
            expr = f"({expr}) NOT {CORRECTED}"
        return expr

    def match(self, groups: list[list[str]] | None = None, excluded: list[str] | None = None) -> str:
        """One expression for every term (search_original, which holds both kinds of token;
        or a query whose terms are all of one kind); no column filter (FTS5 would decode
        every candidate's positions to apply one)."""
        groups = self.parsed.groups if groups is None else groups
        excluded = self.parsed.excluded if excluded is None else excluded
        expr = " AND ".join(self._any(g) for g in groups)
        if excluded:
            expr = f"({expr}) NOT {self._any(excluded)}"
        return expr

    def tables(self, groups: list[list[str]], excluded: list[str]) -> set[str]:
        return {self.table(t) for g in groups for t in g} | {self.table(t) for t in excluded}

    def single(self, groups: list[list[str]] | None = None,
               excluded: list[str] | None = None) -> tuple[str, str] | None:
        """(table, MATCH expression) when the query is one MATCH on one table, else None.
        Corrected articles are left to search_original when the original text is searched."""
        groups = self.parsed.groups if groups is None else groups
        excluded = self.parsed.excluded if excluded is None else excluded
        tables = self.tables(groups, excluded)
        if len(tables) != 1:
            return None
        return tables.pop(), self._filters(self.match(groups, excluded), self.original)

    def select(self, bounds: tuple[int, int], groups: list[list[str]] | None = None,
               excluded: list[str] | None = None) -> tuple[str, list]:
        """SQL (and its parameters) selecting the matching documents within BOUNDS as `doc`."""
        groups = self.parsed.groups if groups is None else groups
        excluded = self.parsed.excluded if excluded is None else excluded
        within, limits = _within(bounds)
        one = self.single(groups, excluded)
        if one is not None:
            table, expr = one
            return f"SELECT rowid AS doc FROM {table} WHERE {table} MATCH ?{within}", [expr, *limits]
        def matches(terms: list[str], filtered: bool) -> list[tuple[str, list]]:
            """A MATCH (and its parameters) per table holding some of TERMS."""
            out = []
            for table in (PAIRS, CHARS):
                mine = [t for t in terms if self.table(t) == table]
                if mine:
                    expr = self._any(mine)
                    out.append((f"SELECT rowid AS doc FROM {table} WHERE {table} MATCH ?{within}",
                                [self._filters(expr, self.original) if filtered else expr, *limits]))
            return out

        # Every MATCH an operand of the compound as it is, in row id order (ORDER BY doc):
        # SQLite then merges their results, each already in that order (MERGE in the plan),
        # where a subquery would hide the order and each would go through a temporary index
        # and a sort (twice the time of 工 消防, or 工 OR 消防站, at a million articles).
        # Compound operators group from the left, so a group of two tables (a UNION) stands
        # as it is when it comes first, and intersection does not mind the order; another
        # such group is a subquery. An excluded group is one EXCEPT per table.
        groups_matches = sorted((matches(g, True) for g in groups), key=len, reverse=True)
        parts, params = [], []
        for number, operand in enumerate(groups_matches):
            union = " UNION ".join(sql for sql, _ in operand)
            parts.append(union if number == 0 or len(operand) == 1 else f"SELECT doc FROM ({union})")
            params += [p for _, ps in operand for p in ps]
        sql = " INTERSECT ".join(parts)
        for excluded_sql, ps in matches(excluded, False) if excluded else []:
            sql += " EXCEPT " + excluded_sql
            params += ps
        return sql + " ORDER BY doc", params


# --- running a query ---------------------------------------------------------------------------

class SearchIndexError(RuntimeError):
    """The library's search index cannot answer (made by another version); one line."""


class SearchResults:
    """The documents matching a query: TOTAL (exact), and `page(offset, limit)` in rank
    order. Pages are cut from one order computed once (a score over a bounded pool, then the
    rest newest first), so scrolling never runs the whole query again."""

    def __init__(self, db: Database, parsed: ParsedQuery, exprs: _Expressions | None,
                 bounds: tuple[int, int], original: bool = False, fold: bool = True) -> None:
        self.db, self.parsed, self.original, self._fold = db, parsed, original, fold
        self.notices: list[str] = list(parsed.notices)
        self.total = 0
        self._order: list[tuple[int, float]] = []  # (doc, score) in result order, as far as known
        self._pooled: set[int] = set()
        self._tail_before: int | None = None  # next tail doc is below this rowid
        self._bounds = bounds
        self._exprs = exprs
        self._all: array | None = None  # every match, ascending, for a query over both tables
        self._big: bool | None = None  # whether the query may match SPLIT_MIN_MATCHES or more
        if exprs is None:
            return
        if exprs.single() is None:
            # Terms of both kinds: one pass of the compound query gives the count, the newest
            # and every later page (its ORDER BY would sort all matches at every call).
            # (Run whole: in halves, each half's UNION of two tables was slower than one.)
            sql, params = exprs.select(bounds)
            self._all = array("q", (row[0] for row in self._execute(sql, params)))  # ascending
            self.total = len(self._all)
        else:
            self.total = self._count()
        pool: dict[int, float] = {}
        if original:
            # Corrected articles, as imported: few, all of them ranked.
            pool.update(self._original_matches(exprs))
            self.total += len(pool)
        self.notices += exprs.notices
        if self.total == 0:
            self._explain(exprs)
            return
        single = exprs.single()
        if self.total - len(pool) <= RANK_POOL and single is not None and single[0] == PAIRS:
            pool.update(self._scored(single[1]))
        else:
            # Very common (or a one-character term, which has no positions to weigh): the
            # newest RANK_POOL matches, those with a term in the headline first; the rest
            # follow, newest first. (BM25 would cost a second pass over every match for its
            # document frequencies, and tells little where a term is everywhere.)
            newest = self._newest(self._bounds, RANK_POOL)
            pool.update(self._headline_scores(newest))
            if self.total - len(pool) > 0 and len(newest) == RANK_POOL:
                self._tail_before = min(newest)
        self._order = sorted(pool.items(), key=lambda item: (item[1], -item[0]))
        self._pooled = set(pool)

    def _newest(self, bounds: tuple[int, int], limit: int) -> list[int]:
        if self._all is not None:
            end = bisect.bisect_right(self._all, bounds[1])
            start = max(bisect.bisect_left(self._all, bounds[0]), end - limit)
            return self._all[start:end][::-1].tolist()
        sql, params = self._exprs.select(bounds)
        return [row[0] for row in self._execute(f"{sql} ORDER BY doc DESC LIMIT ?", [*params, limit])]

    def _headline_scores(self, docs: list[int]) -> dict[int, float]:
        """-HEADLINE_WEIGHT for a document with a term in its headline, -1 for the others
        (scores sort ascending, as BM25's do)."""
        scores = dict.fromkeys(docs, -1.0)
        if not docs:
            return scores
        exprs = self._exprs
        single = exprs.single()
        if single is not None:
            # DOCS match the query already: only their headlines are asked about (with the
            # query's own expression ANDed, FTS5 evaluated the terms twice: 2016 at a million
            # articles 21 -> 12 ms, 化改革 0.5 -> 0.24 ms).
            table = single[0]
            headline = " OR ".join(exprs.headline_term(t) for t in self.parsed.terms)
            hits = self._execute(
                f"SELECT rowid FROM {table} WHERE {table} MATCH ? AND rowid BETWEEN ? AND ?",
                [headline, min(docs), max(docs)])
            for (doc,) in hits:
                if doc in scores:
                    scores[doc] = -HEADLINE_WEIGHT
            return scores
        # Terms of both kinds (rare): read the headlines.
        rows = self._execute(
            f"""SELECT search_docs.doc, articles.headline FROM search_docs JOIN articles
                ON articles.id = search_docs.article_id WHERE search_docs.doc IN ({','.join('?' * len(docs))})""",
            docs)
        terms = [script_variants.fold(t) for t in self.parsed.terms] if self._fold else self.parsed.terms
        for doc, headline in rows:
            norm = normalize(headline or "")
            if self._fold:
                norm = script_variants.fold(norm)
            if any(term in norm for term in terms):
                scores[doc] = -HEADLINE_WEIGHT
        return scores

    def _original_matches(self, exprs: _Expressions) -> dict[int, float]:
        rows = self._execute(
            f"""SELECT rowid, bm25(search_original, 1.0, {HEADLINE_WEIGHT}) FROM search_original
                WHERE search_original MATCH ? AND rowid BETWEEN ? AND ?""", [exprs.match(), *self._bounds])
        if exprs.publication_id is not None and rows:
            docs = [r[0] for r in rows]
            keep = {r[0] for r in self.db.conn.execute(
                f"SELECT doc FROM search_docs WHERE publication_id = ? AND doc IN ({','.join('?' * len(docs))})",
                [exprs.publication_id, *docs])}
            rows = [r for r in rows if r[0] in keep]
        return dict(rows)

    @property
    def terms(self) -> list[str]:
        return self.parsed.terms

    def _execute(self, sql: str, params: list) -> list[tuple]:
        try:
            return self.db.conn.execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            if "no such column" in str(exc) or "no such table" in str(exc):
                raise SearchIndexError("the library's search index is from another version of "
                                       "dubao: open the library to rebuild it") from None
            raise

    def _may_be_big(self) -> bool:
        """Whether the query may match SPLIT_MIN_MATCHES documents or more: a term matches
        at most as many as hold its rarest character (search_counts)."""
        if self._big is None:
            exprs = self._exprs
            groups = [[s for t in g for s in exprs.spellings(t)] for g in self.parsed.groups]
            counted = [[[c for c in s if c not in _UNCOUNTED] for s in g] for g in groups]
            try:
                counts = token_counts(self.db, sorted({c for g in counted for s in g for c in s}))
            except sqlite3.Error:
                self._big = False  # an index of another version: the whole run says so
                return False
            bound = min(sum(min((counts[c] for c in s), default=0) for s in g) for g in counted)
            self._big = bound >= SPLIT_MIN_MATCHES
        return self._big

    def _rows(self, statement: search_split.Statement) -> list[tuple]:
        """The rows of STATEMENT(bounds) for this query's bounds: a big query's lower and
        upper halves run at once on two cores (search_split.py)."""
        if self._may_be_big():
            halves = search_split.run_halves(self.db, self._bounds, statement)
            if halves is not None:
                return halves[0] + halves[1]
        return self._execute(*statement(self._bounds))

    def _count(self, groups: list[list[str]] | None = None, excluded: list[str] | None = None) -> int:
        if groups is None and excluded is None:
            counted = self._counted()
            if counted is not None:
                return counted

        def statement(bounds):
            sql, params = self._exprs.select(bounds, groups, excluded)
            return f"SELECT COUNT(*) FROM ({sql})", params
        return sum(row[0] for row in self._rows(statement))

    def _counted(self) -> int | None:
        """The exact total, for a query over the whole library whose terms are each one
        token (one character, or two) and any of which will do, counted without FTS5's
        slower OR: the first token's count (a lookup in search_counts or, while valid,
        search_pair_counts), plus
        the documents holding another but not that one, less those holding an excluded
        term. None for other queries."""
        exprs = self._exprs
        single = exprs.single()
        if (single is None or len(self.parsed.groups) != 1 or exprs.meta or exprs.original
                or self._bounds != WHOLE_LIBRARY):
            return None
        table = single[0]
        runs = list(dict.fromkeys(r for t in self.parsed.groups[0] for r in exprs.spellings(t)))
        if any(len(r) > 2 for r in runs):
            return None
        def count(match: str) -> int:
            def statement(bounds):
                within, limits = _within(bounds)
                return f"SELECT COUNT(*) FROM {table} WHERE {table} MATCH ?{within}", [match, *limits]
            return sum(row[0] for row in self._rows(statement))

        counts = token_counts(self.db, runs) if table == CHARS else pair_counts(self.db, runs)
        if counts is not None:
            runs.sort(key=counts.__getitem__, reverse=True)
            total = counts[runs[0]]
        else:  # pair counts stale (search_index.py): FTS5 counts
            total = count(_quote(runs[0]))
        others = [_quote(r) for r in runs[1:]]
        if others:
            total += count(f"({' OR '.join(others)}) NOT {_quote(runs[0])}")
        if self.parsed.excluded:
            union = " OR ".join(_quote(r) for r in runs)
            total -= count(f"({union}) AND {exprs._any(self.parsed.excluded)}")
        return total

    def _scored(self, match: str) -> list[tuple[int, float]]:
        """(doc, BM25 score) of every document of search_fts matching MATCH, in row id order:
        FTS5 steps a phrase backwards at twice the cost (辉是柳塘街 at a million articles:
        7.5 ms newest first, 4.9 ms so), and the caller sorts them by score anyway."""
        within, limits = _within(self._bounds)
        return self._execute(f"SELECT rowid, {_BM25} FROM search_fts WHERE search_fts MATCH ?{within}",
                             [match, *limits])

    def _extend(self, wanted: int) -> None:
        """Add tail documents (newest first, outside the pool) until WANTED are known."""
        while len(self._order) < wanted and self._tail_before is not None:
            bounds = (self._bounds[0], min(self._bounds[1], self._tail_before - 1))
            docs = self._newest(bounds, max(TAIL_CHUNK, wanted - len(self._order)))
            if not docs:
                self._tail_before = None
                break
            self._tail_before = docs[-1]
            self._order += [(doc, 0.0) for doc in docs if doc not in self._pooled]

    def page(self, offset: int = 0, limit: int = 50, *, snippets: bool = True) -> list[SearchHit]:
        """Hits OFFSET..OFFSET+LIMIT in rank order."""
        if limit <= 0 or offset >= self.total:
            return []
        self._extend(offset + limit)
        rows = self._order[offset:offset + limit]
        return _hits(self.db, rows, self.parsed.terms, snippets=snippets, original=self.original,
                     fold=self._fold)

    def article_ids(self) -> Iterator[str]:
        """The matching articles' ids in rank order (a page's notes left out), TAIL_CHUNK at
        a time, with no hit made and no text read: what an export of the results takes."""
        offset = 0
        while offset < self.total:
            self._extend(offset + TAIL_CHUNK)
            docs = [doc for doc, _ in self._order[offset:offset + TAIL_CHUNK]]
            if not docs:
                return
            owners = dict(self._execute(
                f"""SELECT doc, article_id FROM search_docs WHERE doc IN ({','.join('?' * len(docs))})
                    AND article_id IS NOT NULL""", docs))
            yield from (owners[doc] for doc in docs if doc in owners)
            offset += len(docs)

    def _explain(self, exprs: _Expressions) -> None:
        """Say why a query with operators found nothing."""
        parsed = self.parsed
        if parsed.excluded:
            without = self._count(excluded=[])
            if without:
                self.notices.append(
                    f"{without} match{'es' if without != 1 else ''} without the excluded "
                    f"term{'s' if len(parsed.excluded) > 1 else ''} "
                    + " ".join("-" + t for t in parsed.excluded) + ": they exclude every one")
                return
        if len(parsed.groups) > 1:
            counts = [self._count(groups=[g], excluded=[]) for g in parsed.groups]
            if all(counts):
                self.notices.append("no match has every term: " + ", ".join(
                    f"{' OR '.join(g)} alone {n}" for g, n in zip(parsed.groups, counts)))


def _present(db: Database, chars: set[str]) -> set[str] | None:
    """Which of CHARS some document holds (search_counts: exact, written with the rows);
    None when the index cannot say (the query itself then reports why)."""
    try:
        counts = token_counts(db, sorted(chars))
    except sqlite3.Error:
        return None
    return {ch for ch, docs in counts.items() if docs}


def run_query(db: Database, query: str, *, publication: str | None = None, since: str | None = None,
              until: str | None = None, exact_script: bool = False, original: bool = False) -> SearchResults:
    """Run QUERY; the results can be paged (SearchResults.page). ORIGINAL searches the text as
    imported instead of the corrected text; EXACT_SCRIPT stops simplified and traditional
    characters matching each other."""
    since, until = _check_date(since, "--since"), _check_date(until, "--until")
    if index_being_rebuilt(db.conn):  # a read-only library whose rebuild was stopped half-way
        raise SearchIndexError("the library's search index is half rebuilt: open the library "
                               "where it can be written, to finish it")
    parsed = parse(query)
    bounds = doc_range(since, until)
    exprs = None
    if parsed.empty:
        if parsed.excluded:
            parsed.notices.append("nothing to find: the query only excludes (give a term to search for)")
        else:
            parsed.notices.append("nothing to find: the query has no letter, digit or character to search for")
    else:
        publication_id: int | None = None
        usable = True
        if publication is not None:
            row = db.conn.execute("SELECT id FROM publications WHERE name = ?", [publication]).fetchone()
            if row is None:
                parsed.notices.append(f"no publication named {publication!r}")
                usable = False
            else:
                publication_id = row[0]
        if usable:
            # The original text of a corrected article may hold a character no text indexed
            # in search_chars holds (search_counts counts those): no spelling is left out then.
            exprs = _Expressions(parsed, exact_script=exact_script, original=original,
                                 publication_id=publication_id,
                                 present=None if original else functools.partial(_present, db))
    return SearchResults(db, parsed, exprs, bounds, original, fold=not exact_script)


def search(db: Database, query: str, *, limit: int = 50, offset: int = 0, publication: str | None = None,
           since: str | None = None, until: str | None = None, snippets: bool = True,
           exact_script: bool = False, original: bool = False) -> list[SearchHit]:
    """Hits OFFSET..OFFSET+LIMIT of QUERY, best first (see run_query)."""
    results = run_query(db, query, publication=publication, since=since, until=until,
                        exact_script=exact_script, original=original)
    return results.page(offset, limit, snippets=snippets)


# --- hits and snippets -------------------------------------------------------------------------

def _hits(db: Database, rows: list[tuple[int, float]], terms: list[str], *, snippets: bool,
          original: bool, fold: bool) -> list[SearchHit]:
    if not rows:
        return []
    conn = db.conn
    docs = [doc for doc, _ in rows]
    owners: dict[int, tuple[str | None, int | None]] = {}
    for start in range(0, len(docs), 500):
        chunk = docs[start:start + 500]
        marks = ",".join("?" * len(chunk))
        owners.update({r[0]: (r[1], r[2]) for r in conn.execute(
            f"SELECT doc, article_id, page_id FROM search_docs WHERE doc IN ({marks})", chunk)})
    article_ids = [owners[d][0] for d in docs if d in owners and owners[d][0] is not None]
    page_ids = [owners[d][1] for d in docs if d in owners and owners[d][1] is not None]
    articles: dict[str, tuple] = {}
    for start in range(0, len(article_ids), 500):
        chunk = article_ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        articles.update({r[0]: r[1:] for r in conn.execute(
            f"""SELECT articles.id, articles.headline, publications.name, issues.date
                FROM articles JOIN issues ON issues.id = articles.issue_id
                JOIN publications ON publications.id = issues.publication_id
                WHERE articles.id IN ({marks})""", chunk)})
    pages: dict[int, tuple] = {}
    for start in range(0, len(page_ids), 500):
        chunk = page_ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        pages.update({r[0]: r[1:] for r in conn.execute(
            f"""SELECT pages.id, pages.number, pages.name, pages.extras, publications.name, issues.date
                FROM pages JOIN issues ON issues.id = pages.issue_id
                JOIN publications ON publications.id = issues.publication_id
                WHERE pages.id IN ({marks})""", chunk)})
    article_pages: dict[str, list[int | None]] = {}
    texts: dict[str, list[str]] = {}
    if article_ids:
        from .reading import article_pages as pages_of

        article_pages = pages_of(db, article_ids)
        if snippets:
            texts = article_blocks(db, article_ids, original)
    hits = []
    for doc, score in rows:
        article_id, page_id = owners.get(doc, (None, None))
        if article_id is not None and article_id in articles:
            headline, publication, date = articles[article_id]
            hit = SearchHit(article_id, headline, publication, date, article_pages.get(article_id, []), -score)
            if snippets:
                blocks = texts.get(article_id, [headline])
                # The body first: the headline is shown anyway.
                hit.snippet_parts = make_snippet(blocks[1:], terms, fold=fold) or \
                    make_snippet(blocks[:1], terms, fold=fold)
        elif page_id is not None and page_id in pages:
            number, name, extras, publication, date = pages[page_id]
            label = f"第{number}版" if number is not None else "版面"
            headline = f"{label}{' ' + name if name else ''} · 版面其他内容"
            hit = SearchHit(f"notes:{page_id}", headline, publication, date, [number], -score,
                            kind="notes", page_id=page_id)
            if snippets:
                hit.snippet_parts = make_snippet(notes_blocks(extras), terms, fold=fold)
        else:
            continue
        hits.append(hit)
    return hits


def _spans(text: str, terms: list[str], fold: bool) -> list[tuple[int, int]]:
    """Spans of TEXT (as stored) where a term matches after normalisation (and folding of
    simplified/traditional forms: the characters marked are the text's own)."""
    if not fold:
        return sorted(span for term in terms for span in find_all(text, term))
    try:
        norm, positions = normalize_with_map(text)
        norm = script_variants.fold(norm)
        folded = [script_variants.fold(t) for t in terms]
    except script_variants.ScriptTablesMissing:
        return sorted(span for term in terms for span in find_all(text, term))
    spans = []
    for term in folded:
        start = norm.find(term)
        while start != -1:
            spans.append((positions[start], positions[start + len(term) - 1] + 1))
            start = norm.find(term, start + 1)
    return sorted(spans)


def _spellings(terms: list[str], fold: bool) -> list[str]:
    if not fold:
        return list(terms)
    try:
        return [v for term in terms for v in script_variants.variants(term)[0]]
    except script_variants.ScriptTablesMissing:
        return list(terms)


def _char_forms(ch: str, fold: bool) -> tuple[str, ...] | None:
    """Every character that normalises (and folds, with FOLD) to CH, or None when that is
    not known cheaply (a cased letter outside ASCII: its upper and title cases vary)."""
    if ch.isascii():
        forms = {ch, ch.upper()}
        forms |= {chr(ord(f) + 0xFEE0) for f in list(forms) if "!" <= f <= "~"}
        if ch == "k":
            forms.add("\u212a")  # KELVIN SIGN lower-cases to k
        return tuple(forms)
    if ch.lower() != ch.upper():
        return None
    if fold:
        try:
            return tuple(script_variants.variants(ch)[0])
        except script_variants.ScriptTablesMissing:
            pass
    return (ch,)


@functools.lru_cache(maxsize=64)
def _match_forms(terms: tuple[str, ...], fold: bool
                 ) -> tuple[list[str], list[str] | None, list[list[tuple[str, ...]]]]:
    """(spellings, folded terms or None when nothing is to fold, what each term needs of a
    block: for each of its characters, the forms one of which the block must hold) of
    TERMS: computed once for a page of snippets."""
    spellings = _spellings(list(terms), fold)
    folded = [script_variants.fold(t) for t in terms] if fold and spellings != list(terms) else None
    needs = []
    for term in terms:
        forms = [_char_forms(ch, fold) for ch in dict.fromkeys(term) if not ch.isspace()]
        needs.append([f for f in forms if f is not None])
    return spellings, folded, needs


def _may_hold(text: str, needs: list[list[tuple[str, ...]]]) -> bool:
    """Whether TEXT holds every character of some term in one of its forms: a block that
    does not cannot match, and is not normalised to find out (the slow way)."""
    return any(all(any(f in text for f in forms) for forms in need) for need in needs)


def make_snippet(blocks: list[str], terms: list[str], context: int = SNIPPET_CONTEXT, *,
                 fold: bool = True) -> list[tuple[str, bool]]:
    """A short excerpt around the first match in BLOCKS, as (text, is_match) parts with
    every match inside it marked. Empty when no block matches."""
    spellings, folded, needs = _match_forms(tuple(terms), fold)
    for text in blocks:
        if not _may_hold(text, needs):
            continue
        # Quick ways first: the text as stored, or lower-cased (same length), holds a spelling.
        lowered = text.lower()
        if any(s in text for s in spellings):
            spans = sorted(span for s in spellings for span in _raw_spans(text, s))
        elif len(lowered) == len(text) and any(s in lowered for s in spellings):
            spans = sorted(span for s in spellings for span in _raw_spans(lowered, s))
        else:
            norm = normalize(text)
            if folded is not None:
                norm = script_variants.fold(norm)
            if not any(t in norm for t in (folded or terms)):
                continue
            spans = _spans(text, terms, fold)
        if not spans:
            continue
        start = max(0, spans[0][0] - context // 2)
        end = min(len(text), max(spans[0][1], start + context * 2))
        parts: list[tuple[str, bool]] = [("…", False)] if start > 0 else []
        cursor = start
        for span_start, span_end in spans:
            if span_start < cursor or span_end > end:
                continue
            if span_start > cursor:
                parts.append((text[cursor:span_start], False))
            parts.append((text[span_start:span_end], True))
            cursor = span_end
        if cursor < end:
            parts.append((text[cursor:end], False))
        if end < len(text):
            parts.append(("…", False))
        return parts
    return []


def _raw_spans(text: str, term: str) -> list[tuple[int, int]]:
    spans, start = [], text.find(term)
    while start != -1:
        spans.append((start, start + len(term)))
        start = text.find(term, start + 1)
    return spans
