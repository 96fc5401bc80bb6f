#!/usr/bin/env python3
"""What the exact total of a phrase found in most documents costs, and what the ways around it
would cost: the measurements behind the one goal of issue 12 still missed (in-process search
at 1M, p95 <= 50 ms).

    python bench/bench_phrase_floor.py LIBRARY [--reps 3] [--sample 2000] [--out FILE.json]

For the phrases of bench_search.py's query mix that are found in more documents than
search.SPLIT_MIN_MATCHES (the same mix, picked from the library's own text), on one
read-only connection:

1. FTS5's COUNT(*) of the phrase, of the AND of its pairs (the same documents stepped
   through, no positions compared) and of its first pair alone; the cost per matching
   document of comparing positions is (phrase - AND) / matches. Then the phrase counted as
   search.py counts it: its two halves at once on two connections (search_split.py).
2. The way around it that needs no linear pass: exact counts of the library's frequent
   phrases, kept as pair counts are. Which phrases: every run of 3-8 token characters found
   in at least 10% of a sample of articles (a user's common phrase is one of them, and so
   is each of its sub-phrases). Measured: how many there are; what finding those a
   document holds costs per document (its runs' 3-8 character substrings against the set,
   what every import would pay per article, pure Python); and an FTS5 count of a few of
   them (what counting them afresh from the index would cost each).

Figures only, no assertions; results to --out with the commit, date, CPU count and load.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(BENCH))

from bench_common import emit_result, result_header, say  # noqa: E402
from bench_search import ngram_sets, query_mix  # noqa: E402

from reader.store import search_split  # noqa: E402
from reader.store.search import SPLIT_MIN_MATCHES  # noqa: E402
from reader.store.search_index import article_blocks, doc_range, index_text, run_pairs  # noqa: E402
from reader.store.search_open import open_for_reading  # noqa: E402

GRAMS = range(3, 9)
FREQUENT = 0.10


def best_ms(run, reps: int) -> tuple[float, object]:
    times, value = [], None
    for _ in range(reps):
        started = time.perf_counter()
        value = run()
        times.append((time.perf_counter() - started) * 1000)
    return round(min(times), 2), value


def phrase(run: str) -> str:
    return '"' + " ".join(run_pairs(run)) + '"'


def count_sql(match: str) -> tuple[str, list]:
    return "SELECT COUNT(*) FROM search_fts WHERE search_fts MATCH ?", [match]


def fts_counts(db, term: str, reps: int) -> dict:
    conn = db.conn
    run = index_text(term)
    pairs = run_pairs(run)

    def count(match: str):
        return lambda: conn.execute(*count_sql(match)).fetchone()[0]

    phrase_ms, matches = best_ms(count(phrase(run)), reps)
    and_ms, _ = best_ms(count(" AND ".join(f'"{p}"' for p in pairs)), reps)
    pair_ms, _ = best_ms(count(f'"{pairs[0]}"'), reps)
    bounds = doc_range(None, None)  # the whole library, as search.py's WHOLE_LIBRARY

    def halves():
        def statement(b):
            return "SELECT COUNT(*) FROM search_fts WHERE search_fts MATCH ? AND rowid BETWEEN ? AND ?", \
                [phrase(run), *b]
        rows = search_split.run_halves(db, bounds, statement)
        return None if rows is None else rows[0][0][0] + rows[1][0][0]
    halves_ms, halves_total = best_ms(halves, reps)
    return {"term": term, "pairs": len(pairs), "matches": matches,
            "one_connection_ms": {"phrase": phrase_ms, "and_of_pairs": and_ms, "first_pair": pair_ms},
            "position_check_ns_per_match": round((phrase_ms - and_ms) * 1e6 / max(matches, 1), 1),
            "phrase_ns_per_match": round(phrase_ms * 1e6 / max(matches, 1), 1),
            "two_halves_at_once_ms": halves_ms if halves_total == matches else None}


def frequent_phrases(db, sample: int, reps: int) -> dict:
    conn = db.conn
    step = max(1, conn.execute("SELECT COUNT(*) FROM search_docs").fetchone()[0] // (2 * sample))
    ids = [r[0] for r in conn.execute(
        "SELECT article_id FROM search_docs WHERE article_id IS NOT NULL AND doc % ? = 0 LIMIT ?",
        [step, 2 * sample])]
    texts = list(article_blocks(db, ids).values())
    found, held = texts[:sample], texts[sample:]  # find the phrases in one half, time the other

    def grams(blocks: list[str]) -> list[set[str]]:
        return list(ngram_sets(blocks, GRAMS, lambda block: [index_text(block)]).values())

    frequency: Counter = Counter()
    for blocks in found:
        for of_one_length in grams(blocks):
            frequency.update(of_one_length)
    chosen = {g for g, c in frequency.items() if c >= FREQUENT * len(found)}
    started = time.perf_counter()
    per_doc = [sum(len(of_one_length & chosen) for of_one_length in grams(blocks)) for blocks in held]
    seconds = time.perf_counter() - started
    documents = conn.execute("SELECT COUNT(*) FROM search_docs").fetchone()[0]
    us_per_doc = seconds * 1e6 / max(len(held), 1)
    few = sorted(chosen, key=lambda g: (-frequency[g], g))[:: max(1, len(chosen) // 5)][:5]
    counted = [{"phrase": g, "ms": best_ms(lambda g=g: conn.execute(*count_sql(phrase(g))).fetchone()[0], reps)[0]}
               for g in few]
    per_count_ms = statistics.median(c["ms"] for c in counted) if counted else 0.0
    return {"sample_articles": len(found), "grams": f"{GRAMS.start}-{GRAMS.stop - 1} characters",
            "threshold": f"in >= {FREQUENT:.0%} of the sample",
            "frequent_phrases": len(chosen),
            "by_length": dict(sorted(Counter(len(g) for g in chosen).items())),
            "held_by_a_document_median": statistics.median(per_doc) if per_doc else 0,
            "finding_them_us_per_document": round(us_per_doc),
            "finding_them_for_the_library_s": round(us_per_doc * documents / 1e6),
            "fts5_count_of_some": counted,
            "counting_all_afresh_from_fts5_s": round(per_count_ms * len(chosen) / 1000)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("library", type=Path)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--sample", type=int, default=2000)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    db = open_for_reading(args.library)
    result = result_header("phrase-floor")
    result["library"] = str(args.library)
    result["documents"] = db.conn.execute("SELECT COUNT(*) FROM search_docs").fetchone()[0]
    say(f"query mix of {args.library}")
    terms = [q for _, q in query_mix(db, 0) if len(index_text(q)) >= 3 and " " not in q]
    result["phrases"] = []
    for term in terms:
        say(f"counting {term}")
        row = fts_counts(db, term, args.reps)
        if row["matches"] >= SPLIT_MIN_MATCHES:
            result["phrases"].append(row)
    say("frequent phrases of a sample")
    result["frequent_phrase_counts"] = frequent_phrases(db, args.sample, args.reps)
    result["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    emit_result(result, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
