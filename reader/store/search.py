"""Searching the library. Any text a user can type is a valid query.

A query is split on white space into terms ("double quotes" keep a term's spaces); an
article matches when every term is a substring of its text, white space in the article
ignored and Latin letters matched without regard to case. Best matches come first
(bm25, a headline hit weighing more than a body hit).
"""
from __future__ import annotations

import datetime as dt
import json
import operator
from dataclasses import dataclass, field

from sqlite_utils import Database

from .normalize import find_all, normalize
from .reading import article_pages
from .search_index import RUN_RE

HEADLINE_WEIGHT = 8.0
MAX_TERMS = 16
MAX_TOKENS_PER_TERM = 24
SNIPPET_CONTEXT = 36


class QueryError(ValueError):
    """A filter value that cannot be used (a malformed date); the text of a query never is."""


@dataclass
class SearchHit:
    id: str
    headline: str
    publication: str
    date: str | None
    pages: list[int | None]
    score: float
    snippet_parts: list[tuple[str, bool]] = field(default_factory=list)

    @property
    def snippet(self) -> str:
        """The snippet with each match marked «like this»."""
        return "".join(f"«{text}»" if hit else text for text, hit in self.snippet_parts)

    def to_json(self) -> dict:
        return {"id": self.id, "headline": self.headline, "publication": self.publication,
                "date": self.date, "pages": self.pages, "snippet": self.snippet,
                "score": round(self.score, 4)}


def parse_query(query: str) -> list[str]:
    """Terms of QUERY, normalised: split on white space, "quoted text" kept together."""
    terms: list[str] = []
    buffer: list[str] = []
    quoted = False
    for ch in query:
        if ch == '"':
            if buffer:
                terms.append("".join(buffer))
                buffer = []
            quoted = not quoted
        elif ch.isspace() and not quoted:
            if buffer:
                terms.append("".join(buffer))
                buffer = []
        else:
            buffer.append(ch)
    if buffer:
        terms.append("".join(buffer))
    normalised: list[str] = []
    for term in terms:
        norm = normalize(term.strip())
        if norm and norm not in normalised:
            normalised.append(norm)
    return normalised[:MAX_TERMS]


def term_tokens(term: str) -> tuple[list[str], bool]:
    """Index tokens that every article containing TERM has, and whether finding them is
    already proof of a match (a one- or two-character term)."""
    runs = RUN_RE.findall(term)
    tokens: list[str] = []
    for run in runs:
        if len(run) == 1:
            tokens.append(run)
        else:
            tokens.extend(map(operator.add, run, run[1:]))
    exact = len(runs) == 1 and runs[0] == term and len(term) <= 2
    if len(tokens) > MAX_TOKENS_PER_TERM:  # long pasted text: a spread of pairs suffices
        step = len(tokens) / MAX_TOKENS_PER_TERM
        tokens = [tokens[int(i * step)] for i in range(MAX_TOKENS_PER_TERM)]
    return list(dict.fromkeys(tokens)), exact


def _check_date(value: str | None, label: str) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise QueryError(f"{label} must be a date like 2022-06-17, not {value!r}") from None


def search(db: Database, query: str, *, limit: int = 50, publication: str | None = None,
           since: str | None = None, until: str | None = None, snippets: bool = True) -> list[SearchHit]:
    """Articles matching QUERY, best first."""
    since, until = _check_date(since, "--since"), _check_date(until, "--until")
    terms = parse_query(query)
    if not terms or limit <= 0:
        return []
    where: list[str] = []
    params: list = []
    match_tokens: list[str] = []
    for term in terms:
        tokens, exact = term_tokens(term)
        match_tokens += tokens
        if not exact:
            where.append("instr(st.norm, ?) > 0")
            params.append(term)
    if publication is not None:
        row = db.execute("SELECT id FROM publications WHERE name = ?", [publication]).fetchone()
        if row is None:
            return []
        where.append("st.publication_id = ?")
        params.append(row[0])
    if since:
        where.append("st.date >= ?")
        params.append(since)
    if until:
        where.append("st.date <= ?")
        params.append(until)
    if match_tokens:
        match = " ".join(f'"{token}"' for token in dict.fromkeys(match_tokens))
        sql = f"""SELECT st.article_id, bm25(search_fts, {HEADLINE_WEIGHT}, 1.0) AS score
                  FROM search_fts JOIN search_text st ON st.doc = search_fts.rowid
                  WHERE search_fts MATCH ? {"AND " + " AND ".join(where) if where else ""}
                  ORDER BY score, st.date DESC LIMIT ?"""
        rows = db.execute(sql, [match, *params, limit]).fetchall()
    else:
        # Terms of punctuation only ("%", "——"): no token to look up; scan the texts.
        first = "instr(substr(st.norm, 1, instr(st.norm, char(10))), ?) > 0"
        sql = f"""SELECT st.article_id, CASE WHEN {first} THEN -2.0 ELSE -1.0 END AS score
                  FROM search_text st WHERE {" AND ".join(where)}
                  ORDER BY score, st.date DESC LIMIT ?"""
        rows = db.execute(sql, [terms[0], *params, limit]).fetchall()
    return _hits(db, rows, terms, snippets)


def _hits(db: Database, rows: list, terms: list[str], snippets: bool) -> list[SearchHit]:
    ids = [r[0] for r in rows]
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    info = {r[0]: r[1:] for r in db.execute(
        f"""SELECT articles.id, articles.headline, publications.name, issues.date, articles.byline
            FROM articles JOIN issues ON issues.id = articles.issue_id
            JOIN publications ON publications.id = issues.publication_id
            WHERE articles.id IN ({marks})""", ids)}
    pages = article_pages(db, ids)
    texts = _body_texts(db, ids) if snippets else {}
    hits = []
    for article_id, score in rows:
        if article_id not in info:
            continue
        headline, publication, date, byline = info[article_id]
        hit = SearchHit(article_id, headline, publication, date, pages.get(article_id, []), -score)
        if snippets:
            body = texts.get(article_id, [])
            # The last block joins everything, for a match across a jump-rejoined sentence.
            blocks = ([byline] if byline else []) + body + ["".join(body)]
            hit.snippet_parts = make_snippet(blocks, terms) or make_snippet([headline], terms)
        hits.append(hit)
    return hits


def _body_texts(db: Database, ids: list[str]) -> dict[str, list[str]]:
    marks = ",".join("?" * len(ids))
    texts: dict[str, list[str]] = {}
    for table, column in (("paragraphs", "text"), ("captions", "text || ' ' || COALESCE(credit, '')"),
                          ("article_tables", "rows")):
        for article_id, text in db.execute(
                f"""SELECT article_parts.article_id, {column} FROM {table}
                    JOIN article_parts ON article_parts.id = {table}.part_id
                    JOIN pages ON pages.id = article_parts.page_id
                    WHERE article_parts.article_id IN ({marks})
                    ORDER BY pages.number, article_parts.id, {table}.seq""", ids):
            if table == "article_tables":
                text = "\n".join("\t".join(row) for row in json.loads(text))
            texts.setdefault(article_id, []).append(text)
    return texts


def make_snippet(blocks: list[str], terms: list[str], context: int = SNIPPET_CONTEXT) -> list[tuple[str, bool]]:
    """A short excerpt around the first match in BLOCKS, as (text, is_match) parts with
    every match inside it marked. Empty when no block matches."""
    for text in blocks:
        spans = sorted(span for term in terms for span in find_all(text, term))
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
