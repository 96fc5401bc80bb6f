#!/usr/bin/env python3
"""The library's page size: `dubao import` of one archive into libraries of 4 KB and of
8 KB pages, whole process against whole process, alternating, ROUNDS times each.

    python bench/bench_page_size.py --archive DIR [--rounds 2] [--sizes 4096,8192] [--keep] [--out FILE]

Each library file is made empty with its page size first (an existing file keeps its own:
`dubao` only sets the size of a file nothing was written to), then `dubao --db LIB import
DIR` runs under /usr/bin/time: wall, the importing process's CPU (user + system, its
parsing worker included) and peak memory, and the library's size when it ends (--keep
leaves the last library of each size in --work, for bench_search.py). Results to
bench/results/page-size-DATE.json. Figures only, no assertions.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sqlite3
import statistics
import sys
import tempfile
from pathlib import Path

from bench_common import BENCH_DIR, emit_result, result_header, say
from bench_import import run_import


def empty_library(path: Path, page_size: int) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA page_size = {int(page_size)}")
    conn.execute("PRAGMA journal_mode = WAL")  # writes the header: the size is fixed
    conn.close()


def timed_import(library: Path, archive: Path) -> dict:
    run = run_import(library, archive)  # bench_import.py's: the same command, the same figures
    if run.pop("returncode") != 0:
        raise SystemExit(f"bench_page_size: the import failed: {run['summary']}")
    run["peak_rss_mb"] = round(run["peak_rss_mb"], 1)
    run["library_mb"] = round(library.stat().st_size / 1e6, 1)
    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--sizes", default="4096,8192")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()))
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if not Path("/usr/bin/time").exists():
        raise SystemExit("bench_page_size: /usr/bin/time is not installed (apt-get install time)")
    sizes = [int(s) for s in args.sizes.split(",")]
    result = result_header("page-size")
    result["archive"] = str(args.archive)
    runs: dict[int, list[dict]] = {size: [] for size in sizes}
    for number in range(args.rounds):
        for size in sizes if number % 2 == 0 else sizes[::-1]:  # neither always first
            library = args.work / f"page-size-{size}.db"
            empty_library(library, size)
            say(f"round {number + 1}: {size}-byte pages ({os.getloadavg()[0]:.2f} load)")
            run = timed_import(library, args.archive)
            run["load"] = list(os.getloadavg())
            runs[size].append(run)
            say(f"  {run['wall_s']} s, {run['cpu_s']} CPU-s, {run['library_mb']} MB")
            if not (args.keep and number == args.rounds - 1):
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{library}{suffix}").unlink(missing_ok=True)
    result["runs"] = {str(size): items for size, items in runs.items()}
    result["median"] = {str(size): {key: statistics.median(r[key] for r in items)
                                    for key in ("wall_s", "cpu_s", "library_mb", "peak_rss_mb")}
                        for size, items in runs.items()}
    out = args.out or BENCH_DIR / "results" / f"page-size-{dt.datetime.now(dt.UTC):%Y%m%d-%H%M}.json"
    emit_result(result, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
