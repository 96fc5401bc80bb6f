#!/usr/bin/env python3
"""Search benchmark: `search()` over a library of ~100,000 synthetic articles, against ripgrep.

    python bench/bench_search.py [--articles 100000] [--seed 0] [--reps 5] [--rg-reps 3]

1. A library of about --articles articles: the generator's archive (pages estimated from a
   small calibration run at ~4.9 articles a page; --pages overrides) imported with
   `import_paths`. Library, archive and text folder are cached under bench/out/.
2. Every article's text (`get_article(db, id).text()`) as a UTF-8 file `<article id>.txt`
   in one folder, for ripgrep.
3. A query mix: Chinese terms of 1, 2, 3 and 5 characters picked from a sample of the texts
   at three document frequencies (common: the most frequent; medium: nearest 2% of the
   articles; rare: in one sampled article), Latin terms (RCEP GDP 5G and lower case),
   digits, and two-term queries. Each: `search(db, q, limit=50, snippets=True)`, median of
   --reps runs after one warm-up (also without snippets, to split the cost); and
   `rg -l --fixed-strings -- TERM DIR` (two-term: two rg runs, intersected; both timed),
   median of --rg-reps runs.
4. Correctness spot check of 10 single terms: our full result set (limit 200000, no
   snippets) against the files `rg -l -F` finds (`-i` for Latin terms).
5. Index size (dbstat): FTS shadow tables and search_docs against the UTF-8 bytes of the
   article texts.

Targets: median < 20 ms, p95 < 100 ms, >= 20x faster than rg, index <= 1.5x text.
Figures only, no assertions.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench_common import (
    OUT_DIR,
    PAGES_PER_ISSUE,
    PUBLICATIONS,
    cached_archive,
    file_size,
    generate,
    load,
    met,
    say,
    table,
)

from reader.store.db import open_library
from reader.store.importer import import_paths
from reader.store.reading import get_article
from reader.store.search import search

TARGET_MEDIAN_MS = 20.0
TARGET_P95_MS = 100.0
TARGET_RG_FACTOR = 20.0
TARGET_INDEX_RATIO = 1.5
CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
FTS_TABLES = ("search_fts_data", "search_fts_idx", "search_fts_docsize", "search_fts_config")
SEARCH_DOC_OBJECTS = ("search_docs", "sqlite_autoindex_search_docs_1", "search_docs_publication")
LATIN = ("RCEP", "GDP", "5G", "rcep", "gdp", "5g")
DIGITS = ("2016", "100", "8", "3.5")
FULL_LIMIT = 200000


# --- building ---------------------------------------------------------------------------------

def pages_for(articles: int, seed: int) -> int:
    """Pages giving about ARTICLES articles: the ratio from a 960-page calibration run."""
    with tempfile.TemporaryDirectory(prefix="dubao-calibrate-") as tmp:
        sample = generate(Path(tmp), 960, seed=seed, pages_per_issue=PAGES_PER_ISSUE,
                          publications=PUBLICATIONS)
    per_page = sample.articles / sample.pages
    pages = math.ceil(articles / per_page / PAGES_PER_ISSUE) * PAGES_PER_ISSUE
    say(f"calibration: {per_page:.3f} articles a page -> {pages} pages")
    return pages


def cached_library(pages: int, seed: int, workers: int):
    archive = cached_archive(pages, seed)
    path = OUT_DIR / f"library-p{pages}-s{seed}.db"
    marker = OUT_DIR / f"library-p{pages}-s{seed}.json"
    if marker.is_file() and path.is_file():
        say(f"reusing library {path}")
        return archive, path, json.loads(marker.read_text())
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    db = open_library(path)
    say(f"importing {pages} pages into {path} with {workers} workers ({load()})")
    started = time.perf_counter()
    report = import_paths(db, [archive.out_dir], workers=workers)
    info = {"import_s": time.perf_counter() - started, "summary": report.summary(),
            "failed": len(report.failed)}
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    say(f"imported in {info['import_s']:.0f} s: {info['summary']}")
    marker.write_text(json.dumps(info))
    return archive, path, info


def cached_texts(db, pages: int, seed: int) -> tuple[Path, dict]:
    folder = OUT_DIR / f"texts-p{pages}-s{seed}"
    marker = OUT_DIR / f"texts-p{pages}-s{seed}.json"
    if marker.is_file() and folder.is_dir():
        say(f"reusing text folder {folder}")
        return folder, json.loads(marker.read_text())
    if folder.exists():
        shutil.rmtree(folder)
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-texts-", dir=OUT_DIR))
    ids = [r[0] for r in db.execute("SELECT id FROM articles ORDER BY id")]
    say(f"writing {len(ids)} article texts into {tmp} ({load()})")
    started = time.perf_counter()
    total = 0
    for article_id in ids:
        data = get_article(db, article_id).text().encode("utf-8")
        (tmp / f"{article_id}.txt").write_bytes(data)
        total += len(data)
    info = {"files": len(ids), "bytes": total, "seconds": time.perf_counter() - started}
    tmp.rename(folder)
    marker.write_text(json.dumps(info))
    say(f"wrote {len(ids)} files, {total / 1e6:.1f} MB in {info['seconds']:.0f} s")
    return folder, info


# --- the query mix ----------------------------------------------------------------------------

def pick_terms(folder: Path, ids: list[str], seed: int, sample_size: int) -> list[tuple[str, str]]:
    """(label, term) of Chinese terms at three document frequencies, from a sample of texts."""
    rng = random.Random(seed)
    sample = rng.sample(ids, min(sample_size, len(ids)))
    df = {n: Counter() for n in (1, 2, 3, 5)}
    for article_id in sample:
        runs = CJK_RUN.findall((folder / f"{article_id}.txt").read_text(encoding="utf-8"))
        for n, counter in df.items():
            grams = set()
            for run in runs:
                grams.update(run[i:i + n] for i in range(len(run) - n + 1))
            counter.update(grams)
    terms = []
    medium_df = 0.02 * len(sample)
    for n, counter in df.items():
        ranked = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
        common = ranked[0][0]
        medium = min(ranked, key=lambda kv: (abs(kv[1] - medium_df), kv[0]))[0]
        singles = sorted(g for g, c in ranked if c == 1)
        rare = singles[len(singles) // 2] if singles else ranked[-1][0]
        terms += [(f"{n}-char common", common), (f"{n}-char medium", medium), (f"{n}-char rare", rare)]
    return terms


def query_mix(cjk: list[tuple[str, str]]) -> list[tuple[str, str]]:
    by = dict(cjk)
    mix = list(cjk)
    mix += [("Latin", t) for t in LATIN]
    mix += [("digits", t) for t in DIGITS]
    mix += [
        ("two terms", f"{by['2-char common']} {by['2-char medium']}"),
        ("two terms", f"{by['2-char medium']} {by['3-char rare']}"),
        ("two terms", f"GDP {by['2-char common']}"),
        ("two terms", f"{by['1-char medium']} {by['3-char medium']}"),
        ("two terms", f"5G {by['2-char medium']}"),
    ]
    return mix


# --- timing -----------------------------------------------------------------------------------

def time_ms(fn, reps: int) -> tuple[float, object]:
    result = fn()  # warm-up
    times = []
    for _ in range(reps):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def rg_files(term: str, folder: Path, ignore_case: bool = False) -> set[str]:
    cmd = ["rg", "-l", "--fixed-strings"] + (["-i"] if ignore_case else []) + ["--", term, str(folder)]
    out = subprocess.run(cmd, capture_output=True, check=False)
    if out.returncode not in (0, 1):
        raise RuntimeError(f"{cmd}: {out.stderr.decode(errors='replace')}")
    return {Path(line).stem for line in out.stdout.decode("utf-8").splitlines() if line}


def rg_query(query: str, folder: Path) -> set[str]:
    """Files holding every term of QUERY (one rg -l run per term, intersected)."""
    result = None
    for term in query.split():
        found = rg_files(term, folder)
        result = found if result is None else result & found
    return result or set()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    low, high = math.floor(k), math.ceil(k)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def context(folder: Path, article_id: str, term: str, width: int = 12) -> str:
    text = (folder / f"{article_id}.txt").read_text(encoding="utf-8")
    squeezed = re.sub(r"\s+", "", text).lower()
    at = squeezed.find(re.sub(r"\s+", "", term).lower())
    if at < 0:
        at = text.lower().find(term.lower())
        snippet = text[max(0, at - width): at + len(term) + width] if at >= 0 else text[:2 * width]
    else:
        # Show the original text around the match, spaces included.
        raw_at, seen = 0, 0
        for raw_at, ch in enumerate(text):  # noqa: B007 - read after the loop
            if not ch.isspace():
                if seen == at:
                    break
                seen += 1
        snippet = text[max(0, raw_at - width): raw_at + len(term) + width + 4]
    return snippet.replace("\n", "⏎")


# --- main -------------------------------------------------------------------------------------

def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100000)
    parser.add_argument("--pages", type=int, default=None, help="override the page estimate")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="import workers when the library is built")
    parser.add_argument("--reps", type=int, default=5, help="timed runs of each search")
    parser.add_argument("--rg-reps", type=int, default=3, help="timed runs of each rg query")
    parser.add_argument("--sample", type=int, default=3000, help="texts sampled to pick terms")
    parser.add_argument("--rebuild", action="store_true",
                        help="rebuild the cached library and text folder (after changing the "
                             "import or the index)")
    args = parser.parse_args(argv)

    if shutil.which("rg") is None:
        raise SystemExit("bench_search: ripgrep (rg) is missing: apt-get install -y ripgrep")
    rg_version = subprocess.run(["rg", "--version"], capture_output=True, text=True, check=False).stdout.split("\n")[0]
    say(f"bench_search: ~{args.articles} articles, seed {args.seed} ({load()}); {rg_version}")
    pages = args.pages or pages_for(args.articles, args.seed)
    if args.rebuild:
        for stale in OUT_DIR.glob(f"library-p{pages}-s{args.seed}.*"):
            stale.unlink()
        (OUT_DIR / f"texts-p{pages}-s{args.seed}.json").unlink(missing_ok=True)
    archive, library, build = cached_library(pages, args.seed, args.workers)
    db = open_library(library)
    articles = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    folder, texts = cached_texts(db, pages, args.seed)
    ids = sorted(p.stem for p in folder.iterdir())

    # -- query mix ------------------------------------------------------------------------------
    cjk = pick_terms(folder, ids, args.seed, args.sample)
    mix = query_mix(cjk)
    say(f"{len(mix)} queries; warming rg's page cache ({load()})")
    rg_files("的", folder)
    load_before = load()
    rows, ours, no_snip, factors = [], [], [], []
    for label, query in mix:
        ms, hits = time_ms(lambda q=query: search(db, q, limit=50, snippets=True), args.reps)
        ms_plain, _ = time_ms(lambda q=query: search(db, q, limit=50, snippets=False), args.reps)
        try:
            matches = len(search(db, query, limit=FULL_LIMIT, snippets=False))
        except Exception as exc:  # noqa: BLE001 - a failure is a finding, not a crash
            matches = f"error: {exc}"
        rg_ms, rg_set = time_ms(lambda q=query: rg_query(q, folder), args.rg_reps)
        ours.append(ms)
        no_snip.append(ms_plain)
        factors.append(rg_ms / ms)
        rows.append((label, query, matches, len(rg_set), len(hits), f"{ms:.1f}", f"{ms_plain:.1f}",
                     f"{rg_ms:.0f}", f"{rg_ms / ms:.0f}x"))
    load_after = load()

    # -- correctness spot check ------------------------------------------------------------------
    by = dict(cjk)
    spot = [by[k] for k in ("1-char common", "1-char rare", "2-char common", "2-char medium",
                            "3-char medium", "3-char rare", "5-char common", "5-char rare")]
    spot += ["RCEP", "gdp"]
    spot_rows, examples = [], []
    for term in spot:
        latin = term.isascii()
        try:
            ours_set = {h.id for h in search(db, term, limit=FULL_LIMIT, snippets=False)}
        except Exception as exc:  # noqa: BLE001
            spot_rows.append((term, f"error: {exc}", "", "", "", ""))
            continue
        rg_set = rg_files(term, folder, ignore_case=latin)
        only_ours, only_rg = sorted(ours_set - rg_set), sorted(rg_set - ours_set)
        spot_rows.append((term, "rg -l -F" + (" -i" if latin else ""), len(ours_set), len(rg_set),
                          len(only_ours), len(only_rg)))
        for kind, missing in (("only ours", only_ours), ("only rg", only_rg)):
            for article_id in missing[:2]:
                examples.append(f"  {term!r} {kind}: {article_id}: …{context(folder, article_id, term)}…")

    # -- index size ------------------------------------------------------------------------------
    try:
        sizes = dict(db.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name").fetchall())
        size_note = "dbstat"
    except Exception:  # noqa: BLE001 - no dbstat: fall back to a copy without the index
        sizes = fallback_sizes(library)
        size_note = "file size with and without the search tables (VACUUMed copies)"
    fts_bytes = sum(sizes.get(t, 0) for t in FTS_TABLES)
    st_bytes = sizes.get("search_docs", 0)
    st_index_bytes = sum(sizes.get(t, 0) for t in SEARCH_DOC_OBJECTS[1:])
    text_bytes = texts["bytes"]
    library_bytes = file_size(library)
    db.close()

    # -- report ----------------------------------------------------------------------------------
    median, p95 = statistics.median(ours), percentile(ours, 95)
    factor_median, factor_min = statistics.median(factors), min(factors)
    index_total = fts_bytes + st_bytes + st_index_bytes
    print()
    print(f"Library: {library} ({library_bytes / 1e6:.0f} MB), {archive.pages} pages; "
          f"articles {articles} vs generator {archive.articles}: "
          + ("OK" if articles == archive.articles else f"MISMATCH ({articles - archive.articles:+d})"))
    print(f"  import when built: {build['import_s']:.0f} s, {build['summary']}")
    print(f"Texts: {folder}: {texts['files']} files, {text_bytes / 1e6:.1f} MB UTF-8"
          + ("" if texts["files"] == articles else "  (file count differs from articles!)"))
    print(f"Load during the query mix: before {load_before}; after {load_after}. {rg_version}")
    print()
    print(f"Query mix (ours: median of {args.reps} runs, limit 50; rg: median of {args.rg_reps}):")
    print(table(rows, ("kind", "query", "matches", "rg files", "hits", "ours ms",
                       "no-snip ms", "rg ms", "rg/ours")))
    print()
    print("Correctness spot check (our full result set vs rg -l; ours ignores white space, "
          "case-insensitive for Latin):")
    print(table(spot_rows, ("term", "rg", "ours", "rg", "only ours", "only rg")))
    if examples:
        print("Examples of differences:")
        print("\n".join(examples))
    print()
    print(f"Index size ({size_note}):")
    print(table([
        ("FTS shadow tables", f"{fts_bytes / 1e6:.1f}", f"{fts_bytes / text_bytes:.2f}x"),
        ("search_docs table (row → article)", f"{st_bytes / 1e6:.1f}", f"{st_bytes / text_bytes:.2f}x"),
        ("search_docs indexes", f"{st_index_bytes / 1e6:.1f}", f"{st_index_bytes / text_bytes:.2f}x"),
        ("index total", f"{index_total / 1e6:.1f}", f"{index_total / text_bytes:.2f}x"),
        ("article text (UTF-8)", f"{text_bytes / 1e6:.1f}", "1.00x"),
    ], ("object", "MB", "of text")))
    print()
    print("Summary:")
    print(table([
        ("median search (ms)", f"{median:.1f}", f"< {TARGET_MEDIAN_MS:.0f}", met(median < TARGET_MEDIAN_MS)),
        ("p95 search (ms)", f"{p95:.1f}", f"< {TARGET_P95_MS:.0f}", met(p95 < TARGET_P95_MS)),
        ("median without snippets (ms)", f"{statistics.median(no_snip):.1f}", "", ""),
        ("rg/ours, median over queries", f"{factor_median:.0f}x", f">= {TARGET_RG_FACTOR:.0f}x",
         met(factor_median >= TARGET_RG_FACTOR)),
        ("rg/ours, worst query", f"{factor_min:.1f}x", f">= {TARGET_RG_FACTOR:.0f}x",
         met(factor_min >= TARGET_RG_FACTOR)),
        ("index (FTS + search_docs) / text", f"{index_total / text_bytes:.2f}x",
         f"<= {TARGET_INDEX_RATIO}x", met(index_total / text_bytes <= TARGET_INDEX_RATIO)),
        ("FTS only / text", f"{fts_bytes / text_bytes:.2f}x", f"<= {TARGET_INDEX_RATIO}x",
         met(fts_bytes / text_bytes <= TARGET_INDEX_RATIO)),
    ], ("figure", "value", "target", "")))
    return 0


def fallback_sizes(library: Path) -> dict[str, int]:
    """Without dbstat: the search objects' share from VACUUMed copies with and without them."""
    import sqlite3

    with tempfile.TemporaryDirectory(prefix="dubao-size-") as tmp:
        sizes = {}
        for variant in ("with", "without", "no_text"):
            copy = Path(tmp) / f"{variant}.db"
            src = sqlite3.connect(library)
            src.execute("VACUUM INTO ?", [str(copy)])
            src.close()
            conn = sqlite3.connect(copy)
            if variant in ("without", "no_text"):
                conn.execute("DROP TABLE search_fts")
            if variant == "no_text":
                conn.execute("DROP TABLE search_docs")
            conn.commit()
            conn.execute("VACUUM")
            conn.close()
            sizes[variant] = copy.stat().st_size
    return {"search_fts_data": sizes["with"] - sizes["without"],
            "search_docs": sizes["without"] - sizes["no_text"]}


if __name__ == "__main__":
    raise SystemExit(main())
