#!/usr/bin/env python3
"""How long one correction takes to commit on a large library, search index included.

    python bench/bench_correction.py --db /work/bench-libs/1m.db [--count 50] [--seed 0]
    python bench/bench_correction.py --pages 20000 [--count 50]

With --db the library is COPIED to a temporary folder first (a shared benchmark library is
never written); with --pages an archive of that many pages is generated (cached under
bench/out/) and imported. Then COUNT corrections, each in an article drawn at random, are
made the way `dubao correct` makes them (find the words, replace, one write transaction
that also moves highlights and re-indexes the article), and timed from the call to the
commit. Printed: each time in order, median, p95 and max; and a check that search finds each
new word. SQLite's WAL auto-checkpoint (every 1000 pages written) falls on one of the
commits now and then and costs far more than a correction (≈0.75 s on a 1.4 GB library);
--no-autocheckpoint shows the corrections without it.
"""
from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))
sys.path.insert(0, str(BENCH_DIR))

from bench_common import cached_archive, load, say

from reader.store import open_library
from reader.store.corrections import correct_span
from reader.store.search import search
from reader.store.text import article_text

REPLACEMENTS = "犇猋骉麤龘靐飝"


def copy_library(source: Path, folder: Path) -> Path:
    """A private copy of SOURCE (with its -wal, so that nothing committed is missed)."""
    target = folder / source.name
    say(f"copying {source} ({source.stat().st_size / 1e9:.2f} GB) to {target}")
    for suffix in ("", "-wal"):
        if Path(str(source) + suffix).exists():
            shutil.copyfile(str(source) + suffix, str(target) + suffix)
    return target


def build_library(pages: int, folder: Path) -> Path:
    from reader.store.importer import import_paths

    archive = cached_archive(pages, seed=0)
    target = folder / f"p{pages}.db"
    db = open_library(target)
    say(f"importing {pages} pages ({load()})")
    started = time.perf_counter()
    report = import_paths(db, [archive.out_dir], workers=2)
    say(f"{report.summary()} in {time.perf_counter() - started:.0f} s")
    db.close()
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--db", type=Path, help="a library to copy and correct")
    source.add_argument("--pages", type=int, help="generate and import an archive of this many pages")
    parser.add_argument("--count", type=int, default=50)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--tmp", type=Path, default=None, help="folder for the copy (default: system temp)")
    parser.add_argument("--no-autocheckpoint", action="store_true",
                        help="turn SQLite's WAL auto-checkpoint off (to see what it costs)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="dubao-bench-correction-", dir=args.tmp) as folder:
        path = copy_library(args.db, Path(folder)) if args.db else build_library(args.pages, Path(folder))
        db = open_library(path)  # applies the corrections migration to the copy
        if args.no_autocheckpoint:
            db.execute("PRAGMA wal_autocheckpoint = 0")
        articles = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        say(f"library: {articles:,} articles ({load()})")
        rng = random.Random(args.seed)
        timings, made, seen = [], [], set()
        top = db.execute("SELECT MAX(rowid) FROM articles").fetchone()[0]
        while len(timings) < args.count:
            # An article drawn at random (by rowid: no scan of a million rows); photo-only
            # ones, with no paragraph to correct, are drawn again.
            row = db.execute("SELECT id FROM articles WHERE rowid >= ? LIMIT 1", [rng.randint(1, top)]).fetchone()
            if row is None or row[0] in seen:
                continue
            article_id = row[0]
            seen.add(article_id)
            text = article_text(db, article_id)
            paragraphs = [s for s in text.spans if s.block == "paragraph" and s.end - s.start >= 4]
            if not paragraphs:
                continue
            span = rng.choice(paragraphs)
            start = rng.randrange(span.start, span.end - 2)
            number = len(timings)
            new = REPLACEMENTS[number % len(REPLACEMENTS)] + str(number)
            started = time.perf_counter()
            correct_span(db, article_id, start, start + 2, new, note="bench", editor="bench")
            timings.append((time.perf_counter() - started) * 1000)
            made.append((article_id, new))
        found = sum(1 for article_id, new in made if article_id in {h.id for h in search(db, new, limit=5)})
        db.close()
    slowest = max(range(len(timings)), key=timings.__getitem__)
    print(f"in order (ms): {' '.join(f'{t:.0f}' for t in timings)}; slowest: number {slowest + 1}")
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(round(0.95 * (len(timings) - 1))))]
    print(f"corrections: {len(timings)} on {articles:,} articles; commit incl. index: "
          f"median {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, max {timings[-1]:.1f} ms")
    print(f"search finds the new word right after: {found}/{len(made)}  ({load()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
