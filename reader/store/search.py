"""Searching the library. Any text a user can type is a valid query.

A query is split on white space into terms ("double quotes" keep a term's spaces); an
article matches when every term is a substring of its text — headline, byline, paragraphs,
captions and credits, table cells — white space in the article ignored and Latin letters
matched without regard to case.

Best matches come first: bm25 over the index, a headline hit weighing more than a body hit.
For a term found in a great many articles (more than RANK_POOL), the ranking is among its
headline hits and its newest matches — enough of them to fill the page of results — so that
a one-character query over a hundred thousand articles stays fast.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field

from sqlite_utils import Database

from .normalize import find_all, normalize, normalize_unfolded
from .reading import article_pages
from .search_index import ASCII_WORD_RE, doc_range, token_text
from .text import article_texts, corrected_article_ids

HEADLINE_WEIGHT = 8.0
MAX_TERMS = 16
MAX_TOKENS_PER_TERM = 24
SNIPPET_CONTEXT = 36
RANK_POOL = 100
CONFIRM_BATCH = 200
AVERAGE_LENGTH = 1200  # characters of a normalised article: BM25's length normalisation


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
        term = "".join(ch for ch in term if ch >= " " and ch != "\x7f")  # control characters say nothing
        norm = normalize(term.strip())
        if norm and norm not in normalised:
            normalised.append(norm)
    return normalised[:MAX_TERMS]


def term_tokens(term: str) -> tuple[list[str], bool]:
    """Index tokens every article containing TERM has, and whether finding them proves the
    match (a term of one or two characters)."""
    runs = token_text(term).split()
    tokens: list[str] = []
    for run in runs:
        if len(run) == 1:
            tokens.append(run)
            continue
        # Pairs, except inside a Latin word or number of three or more, whose triples say
        # more (every token of a query is a posting list FTS5 must walk).
        covered = [False] * (len(run) - 1)
        for word in ASCII_WORD_RE.finditer(run):
            tokens.extend(run[i:i + 3] for i in range(word.start(), word.end() - 2))
            for i in range(word.start(), word.end() - 1):
                covered[i] = True
        tokens.extend(run[i:i + 2] for i in range(len(run) - 1) if not covered[i])
    exact = len(runs) == 1 and len(term) <= 2
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
           since: str | None = None, until: str | None = None, snippets: bool = True,
           original: bool = False) -> list[SearchHit]:
    """Articles matching QUERY, best first: in the corrected text, or with ORIGINAL in the
    text as imported (the index holds the tokens of both; confirmation decides)."""
    since, until = _check_date(since, "--since"), _check_date(until, "--until")
    terms = parse_query(query)
    if not terms or limit <= 0:
        return []
    publication_id = None
    if publication is not None:
        row = db.execute("SELECT id FROM publications WHERE name = ?", [publication]).fetchone()
        if row is None:
            return []
        publication_id = row[0]
    term_matches, proven = [], []
    for term in terms:
        tokens, exact = term_tokens(term)
        term_matches.append(" ".join('"' + t.replace('"', '""') + '"' for t in tokens))
        proven.append(exact)
    finder = _Finder(db, " ".join(term_matches), doc_range(since, until), publication_id)
    count = finder.count(finder.match)
    if count == 0:
        return []
    ranker = _Ranker(db, terms, proven, [finder.count(m) for m in term_matches] if len(terms) > 1 else [count],
                     original=original)
    pool = max(RANK_POOL, 2 * limit)
    if count <= pool:
        ranker.add(finder.docs(finder.match))  # few enough to rank them all
    else:
        # Very common: headline hits (they rank above body hits) and the newest matches.
        ranker.add(finder.docs("{headline} : (" + finder.match + ")", pool))
        offset, step = 0, pool
        while offset < count and len(ranker.scored) < limit:
            ranker.add(finder.docs(finder.match, step, offset))
            offset += step
            step = min(step * 2, 3200)  # few real matches among the candidates: bigger steps
    best = sorted(ranker.scored.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return _hits(db, best, terms, ranker.texts if snippets else None)


class _Finder:
    """FTS queries under the query's date range and publication filter."""

    def __init__(self, db: Database, match: str, doc_bounds: tuple[int, int], publication_id: int | None):
        self.db, self.match = db, match
        self.where = "search_fts MATCH ? AND search_fts.rowid BETWEEN ? AND ?"
        self.params: list = [doc_bounds[0], doc_bounds[1]]
        if publication_id is not None:
            self.where += " AND search_fts.rowid IN (SELECT doc FROM search_docs WHERE publication_id = ?)"
            self.params.append(publication_id)

    def count(self, match: str) -> int:
        return self.db.execute(f"SELECT COUNT(*) FROM search_fts WHERE {self.where}",
                               [match, *self.params]).fetchone()[0]

    def docs(self, match: str, limit: int = -1, offset: int = 0) -> list[str]:
        """Article ids, newest first."""
        rows = self.db.execute(
            f"""SELECT d.article_id FROM (SELECT rowid FROM search_fts WHERE {self.where}
                ORDER BY rowid DESC LIMIT ? OFFSET ?) AS m JOIN search_docs d ON d.doc = m.rowid
                ORDER BY m.rowid DESC""", [match, *self.params, limit, offset]).fetchall()
        return [r[0] for r in rows]


class TermCounter:
    """Occurrences of a normalised term in the normalised form of a text — without
    normalising the text whenever that cannot change the answer (normalising costs more
    than everything else in a search):
    - found in the text as stored: it is in the normalised text too;
    - a term of Chinese characters only: only white space matters (folding and case
      change no Chinese character), so the text with white space removed says it;
    - a Latin word or number: only case matters;
    - otherwise, unless the text holds a full-width form of one of the term's characters,
      normalising without the folding step gives the same text."""

    def __init__(self, term: str) -> None:
        self.term = term
        self.cjk_only = all(not ch.isascii() and not 0xFF01 <= ord(ch) <= 0xFF5E for ch in term)
        # Letters and digits only: white space never falls inside a match (between two
        # of them it is kept), so lower case is all normalising does to the text.
        self.alnum_only = term.isascii() and term.isalnum()
        wide = {chr(ord(ch) + 0xFEE0) for ch in term if "!" <= ch <= "~"}
        wide |= {chr(ord(ch.upper()) + 0xFEE0) for ch in term if "a" <= ch <= "z"}
        self.wide_re = re.compile("[" + re.escape("".join(sorted(wide))) + "]") if wide else None

    def count(self, text: str) -> int:
        found = text.count(self.term)
        if found:
            return found
        if self.cjk_only and " " not in self.term:
            return "".join(text.split()).count(self.term)
        if self.wide_re is not None and self.wide_re.search(text):
            return normalize(text).count(self.term)
        if self.alnum_only:
            return text.lower().count(self.term)
        return normalize_unfolded(text).count(self.term)


class _Ranker:
    """Confirms candidates against their text (the index proves only that they hold every
    character pair of each term) and scores the real matches with BM25 — term frequency
    from the text, a headline hit counting HEADLINE_WEIGHT times, document frequency from
    the index."""

    K1, B = 1.2, 0.75

    def __init__(self, db: Database, terms: list[str], proven: list[bool], document_counts: list[int],
                 *, original: bool = False):
        self.db, self.terms, self.proven, self.original = db, terms, proven, original
        self.counters = [TermCounter(term) for term in terms]
        total = db.execute("SELECT COUNT(*) FROM search_docs").fetchone()[0]
        self.idf = [math.log(1 + (total - n + 0.5) / (n + 0.5)) for n in document_counts]
        self.scored: dict[str, float] = {}
        self.texts: dict[str, list[str]] = {}
        self._seen: set[str] = set()

    def add(self, article_ids: list[str]) -> None:
        new = [a for a in article_ids if a not in self._seen]
        self._seen.update(new)
        for start in range(0, len(new), CONFIRM_BATCH):
            batch = new[start: start + CONFIRM_BATCH]
            # Blocks: the headline is the text's first line.
            texts = {k: v.split("\n") for k, v in article_texts(self.db, batch, original=self.original).items()}
            # A corrected article is indexed with the tokens of both its texts: there the
            # index proves nothing about either one.
            corrected = corrected_article_ids(self.db, batch)
            for article_id in batch:
                blocks = texts.get(article_id)
                if not blocks:
                    continue
                frequencies = self._frequencies(blocks, proof=article_id not in corrected)
                if frequencies is not None:
                    length = sum(len(block) for block in blocks)
                    self.scored[article_id] = self._bm25(frequencies, length)
                    self.texts[article_id] = blocks

    def _frequencies(self, blocks: list[str], proof: bool = True) -> list[float] | None:
        """How often each term occurs (a headline occurrence counting HEADLINE_WEIGHT), or
        None when a term is not there."""
        frequencies = []
        for counter, proven in zip(self.counters, self.proven):
            in_headline = counter.count(blocks[0])
            in_body = sum(counter.count(block) for block in blocks[1:])
            if not in_headline and not in_body:
                if not (proven and proof):
                    return None
                in_body = 1  # the index proved it; the text spells it some other way
            frequencies.append(HEADLINE_WEIGHT * in_headline + in_body)
        return frequencies

    def _bm25(self, frequencies: list[float], length: int) -> float:
        norm = self.K1 * (1 - self.B + self.B * length / AVERAGE_LENGTH)
        return sum(idf * f * (self.K1 + 1) / (f + norm) for idf, f in zip(self.idf, frequencies))


def _hits(db: Database, rows: list[tuple[str, float]], terms: list[str],
          texts: dict[str, list[str]] | None) -> list[SearchHit]:
    ids = [r[0] for r in rows]
    if not ids:
        return []
    info: dict[str, tuple] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start: start + 500]
        marks = ",".join("?" * len(chunk))
        info.update({r[0]: r[1:] for r in db.execute(
            f"""SELECT articles.id, articles.headline, publications.name, issues.date
                FROM articles JOIN issues ON issues.id = articles.issue_id
                JOIN publications ON publications.id = issues.publication_id
                WHERE articles.id IN ({marks})""", chunk)})
    pages = article_pages(db, ids)
    hits = []
    for article_id, score in rows:
        if article_id not in info:
            continue
        headline, publication, date = info[article_id]
        hit = SearchHit(article_id, headline, publication, date, pages.get(article_id, []), score)
        if texts is not None:
            blocks = texts.get(article_id, [headline])
            # The body first: the headline is shown anyway.
            hit.snippet_parts = make_snippet(blocks[1:], terms) or make_snippet(blocks[:1], terms)
        hits.append(hit)
    return hits


def _raw_spans(text: str, term: str) -> list[tuple[int, int]]:
    spans, start = [], text.find(term)
    while start != -1:
        spans.append((start, start + len(term)))
        start = text.find(term, start + 1)
    return spans


def make_snippet(blocks: list[str], terms: list[str], context: int = SNIPPET_CONTEXT) -> list[tuple[str, bool]]:
    """A short excerpt around the first match in BLOCKS, as (text, is_match) parts with
    every match inside it marked. Empty when no block matches."""
    for text in blocks:
        if any(term in text for term in terms):  # as stored: no character map needed
            spans = sorted(span for term in terms for span in _raw_spans(text, term))
        elif any(term in normalize(text) for term in terms):
            spans = sorted(span for term in terms for span in find_all(text, term))
        else:
            continue
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
