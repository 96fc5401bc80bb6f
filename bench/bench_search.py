#!/usr/bin/env python3
"""Search benchmark over libraries of growing size, like compared with like.

    python bench/bench_search.py --library 10k=/work/bench-libs/10k.db \
        --library 100k=/work/bench-libs/100k.db --library 1m=/work/bench-libs/1m.db \
        [--reps 5] [--rg-queries 8] [--out bench/results/search-DATE.json]

For each library (build them with generate_archive.py + `dubao import`, or
replicate_library.py for 1M):

1. Start-up, whole process: `dubao --version`, and `python -c pass` for the floor. The
   package is compiled first and processes run from bytecode, as an installed dubao does.
2. In-process (never mixed into the rg ratio): `run_query(db, q)` + `page(0, 50)` with
   snippets, exact total included, for a query mix picked from the library's own text:
   Chinese terms of 1, 2, 3 and 5 characters that are common / medium (about 2% of
   articles) / rare, Latin (RCEP, gdp, 5G), digits, and OR / NOT queries. Median of --reps
   runs per query after a warm-up; overall median and p95 over the queries.
3. Whole process against whole process: `dubao search Q --limit 50` (wall clock of the
   process) against `rg -l -F [-i] -e T1 [-e T2] DIR` (Latin queries with -i; an OR query
   is one rg run with all its terms) over a folder with one UTF-8 file per document (an
   article's blocks, one a line: rg matches within a line as search matches within a
   block; a page's notes likewise). Result sets compared: dubao's whole result set
   (in-process, --exact-script: rg knows no simplified/traditional folding) against rg's
   file list. Only single-block terms without spaces are used, so that both define a
   match the same way.
4. Index size (dbstat over the search tables) against the UTF-8 bytes of the texts.

Results go to --out (JSON: commit, date, CPU count, load average at each step, every
figure); `bench/readme_speed.py` makes the README's speed section from the latest file.
Figures only, no assertions.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))

from reader.store.search import run_query  # noqa: E402
from reader.store.search_index import article_blocks, notes_blocks  # noqa: E402
from reader.store.search_open import open_for_reading  # noqa: E402

CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
LATIN = ("RCEP", "gdp", "5G")
DIGITS = ("2016", "100")
PAGE = 50


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def loadavg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def dubao_command() -> list[str]:
    exe = Path(sys.executable).with_name("dubao")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "reader.cli"]


# Processes run as an installed dubao runs: from compiled bytecode. (A shell with
# PYTHONDONTWRITEBYTECODE set, as some sandboxes have, would compile every module from source
# on every start: tens of milliseconds no user pays.)
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def compile_package() -> None:
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "reader")], check=True,
                   env=CHILD_ENV, stdout=subprocess.DEVNULL)


CPU_MS: dict[str, float] = {}  # command key -> median CPU ms (user + system) of the last wall()


def wall(command: list[str], reps: int) -> float:
    """Median wall-clock milliseconds of running COMMAND as a process (its median CPU time,
    user + system, in CPU_MS: on a shared machine the two differ)."""
    times, cpu = [], []
    for _ in range(reps):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=CHILD_ENV)
        times.append((time.perf_counter() - started) * 1000)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
    CPU_MS[" ".join(command)] = round(statistics.median(cpu), 1)
    return statistics.median(times)


def cpu_of(command: list[str]) -> float:
    return CPU_MS[" ".join(command)]


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


# --- the query mix -----------------------------------------------------------------------------

def ngram_sets(blocks: list[str], lengths: Iterable[int],
               runs: Callable[[str], list[str]]) -> dict[int, set[str]]:
    """The distinct substrings of each of LENGTHS in a document's BLOCKS, within the runs
    RUNS(block) cuts each block into."""
    seen: dict[int, set[str]] = {n: set() for n in lengths}
    for block in blocks:
        for run in runs(block):
            for n, grams in seen.items():
                grams.update(run[i:i + n] for i in range(len(run) - n + 1))
    return seen


def query_mix(db, seed: int) -> list[tuple[str, str]]:
    """(kind, query) picked from a sample of the library's texts."""
    rng = random.Random(seed)
    conn = db.conn
    total = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    ids = [r[0] for r in conn.execute("SELECT id FROM articles WHERE rowid % ? = 0 LIMIT 3000",
                                      [max(1, total // 3000)])]
    texts = article_blocks(db, ids)
    frequency: dict[int, Counter] = {n: Counter() for n in (1, 2, 3, 5)}
    for blocks in texts.values():
        for n, grams in ngram_sets(blocks, frequency, CJK_RUN.findall).items():
            frequency[n].update(sorted(grams))  # (a set's order changes with each process)
    sample = len(texts)
    mix: list[tuple[str, str]] = []
    for n, counts in frequency.items():
        ranked = counts.most_common()
        mix.append((f"{n}-char common", ranked[0][0]))
        medium = min(ranked, key=lambda item: abs(item[1] / sample - 0.02))
        mix.append((f"{n}-char medium", medium[0]))
        rare = [g for g, c in ranked if c == 1]
        mix.append((f"{n}-char rare", rng.choice(rare) if rare else ranked[-1][0]))
    mix += [("latin", q) for q in LATIN] + [("digits", q) for q in DIGITS]
    mix.append(("OR", f"{mix[1][1]} OR {mix[4][1]}"))
    mix.append(("two terms", f"{mix[4][1]} {mix[7][1]}"))
    mix.append(("NOT", f"{mix[3][1]} -{mix[4][1]}"))
    return mix


# --- text folder for rg ------------------------------------------------------------------------

def text_folder(db, library: Path) -> Path:
    """One UTF-8 file per document (blocks one a line), cached beside the library."""
    folder = library.with_name(library.stem + "-texts")
    stamp = folder / ".complete"
    if stamp.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    conn = db.conn
    rows = conn.execute("SELECT article_id, page_id FROM search_docs").fetchall()
    articles = [a for a, _ in rows if a is not None]
    for start in range(0, len(articles), 2000):
        chunk = articles[start:start + 2000]
        sub = folder / f"{start // 100000:03d}"
        sub.mkdir(exist_ok=True)
        for article_id, blocks in article_blocks(db, chunk).items():
            (sub / f"{article_id}.txt").write_text("\n".join(b.replace("\n", " ") for b in blocks), encoding="utf-8")
    notes = folder / "notes"
    notes.mkdir()
    for page_id, extras in conn.execute("SELECT id, extras FROM pages WHERE extras NOT IN ('', '[]')"):
        blocks = notes_blocks(extras)
        if blocks:
            (notes / f"notes:{page_id}.txt").write_text("\n".join(blocks), encoding="utf-8")
    stamp.write_text("")
    return folder


def rg_command(terms: list[str], folder: Path) -> list[str]:
    latin = all(t.isascii() for t in terms)
    command = ["rg", "-l", "-F", "--no-messages", "-j", "2"] + (["-i"] if latin else [])
    for term in terms:
        command += ["-e", term]
    return command + ["--", str(folder)]


def rg_ids(terms: list[str], folder: Path) -> set[str]:
    out = subprocess.run(rg_command(terms, folder), capture_output=True, text=True).stdout
    return {Path(line).stem for line in out.splitlines() if line.endswith(".txt")}


# --- one library -------------------------------------------------------------------------------

def index_size(conn: sqlite3.Connection) -> dict:
    try:
        rows = conn.execute("""SELECT name, SUM(pgsize) FROM dbstat WHERE name LIKE 'search%'
                               OR name LIKE 'sqlite_autoindex_search%' GROUP BY name""").fetchall()
    except sqlite3.OperationalError:
        return {}
    return dict(rows)


def bench_library(label: str, path: Path, args) -> dict:
    say(f"{label}: {path} (load {loadavg()})")
    db = open_for_reading(path)
    if db is None:
        raise SystemExit(f"{path}: not a library with a current search index (open it with dubao first)")
    conn = db.conn
    result: dict = {"label": label, "library": str(path), "load_start": loadavg()}
    result["articles"] = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    result["documents"] = conn.execute("SELECT COUNT(*) FROM search_docs").fetchone()[0]
    mix = query_mix(db, args.seed)

    # In-process.
    per_query = []
    for kind, query in mix:
        results = run_query(db, query)
        results.page(0, PAGE)  # warm-up
        times, cpu = [], []
        for _ in range(args.reps):
            started, cpu_started = time.perf_counter(), time.process_time()
            results = run_query(db, query)
            hits = results.page(0, PAGE)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
        per_query.append({"kind": kind, "query": query, "total": results.total, "shown": len(hits),
                          "ms": round(statistics.median(times), 2), "cpu_ms": round(statistics.median(cpu), 2)})
    times = [q["ms"] for q in per_query]
    cpu_times = [q["cpu_ms"] for q in per_query]
    result["in_process"] = {"queries": per_query, "median_ms": round(statistics.median(times), 2),
                            "p95_ms": round(p95(times), 2), "max_ms": round(max(times), 2),
                            "cpu_median_ms": round(statistics.median(cpu_times), 2),
                            "cpu_p95_ms": round(p95(cpu_times), 2),
                            "load": loadavg()}
    say(f"{label}: in-process median {result['in_process']['median_ms']} ms, "
        f"p95 {result['in_process']['p95_ms']} ms")

    # Paging: page 2 from the same results object (no re-run) and with --offset in a new query.
    common = mix[0][1]
    results = run_query(db, common)
    results.page(0, PAGE)
    started = time.perf_counter()
    results.page(PAGE, PAGE)
    next_page = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    results.page(10 * PAGE, PAGE)
    deep_page = (time.perf_counter() - started) * 1000
    result["paging"] = {"query": common, "next_page_ms": round(next_page, 2),
                        "page_11_ms": round(deep_page, 2)}

    # Whole process.
    cmd = dubao_command()
    result["startup"] = {
        "python_ms": round(wall([sys.executable, "-c", "pass"], args.reps), 1),
        "python_cpu_ms": cpu_of([sys.executable, "-c", "pass"]),
        "version_ms": round(wall(cmd + ["--version"], args.reps), 1),
        "version_cpu_ms": cpu_of(cmd + ["--version"]),
    }
    folder = text_folder(db, path)
    comparisons = []
    pool = [(k, q) for k, q in mix if k != "NOT" and k != "two terms"]
    for kind, query in pool[: args.rg_queries]:
        terms = [t for t in query.split() if t != "OR"]
        ours_command = cmd + ["--db", str(path), "search", query, "--limit", str(PAGE)]
        ours_ms = wall(ours_command, args.reps)
        rg_ms = wall(rg_command(terms, folder), args.rg_reps)
        ours_cpu, rg_cpu = cpu_of(ours_command), cpu_of(rg_command(terms, folder))
        exact = run_query(db, query, exact_script=True)
        ours = {h.id for h in exact.page(0, exact.total, snippets=False)}
        theirs = rg_ids(terms, folder)
        comparisons.append({"kind": kind, "query": query, "dubao_ms": round(ours_ms, 1), "rg_ms": round(rg_ms, 1),
                            "dubao_cpu_ms": ours_cpu, "rg_cpu_ms": rg_cpu,
                            "rg_over_dubao": round(rg_ms / ours_ms, 2), "dubao_total": len(ours),
                            "rg_files": len(theirs), "same_set": ours == theirs,
                            "only_dubao": len(ours - theirs), "only_rg": len(theirs - ours)})
        say(f"{label}: {query!r}: dubao {ours_ms:.0f} ms, rg {rg_ms:.0f} ms, same set {ours == theirs}")
    dubao_times = [c["dubao_ms"] for c in comparisons]
    rg_times = [c["rg_ms"] for c in comparisons]
    result["whole_process"] = {
        "queries": comparisons, "dubao_median_ms": round(statistics.median(dubao_times), 1),
        "rg_median_ms": round(statistics.median(rg_times), 1),
        "rg_over_dubao_median": round(statistics.median(rg_times) / statistics.median(dubao_times), 2),
        "dubao_cpu_median_ms": round(statistics.median(c["dubao_cpu_ms"] for c in comparisons), 1),
        "rg_cpu_median_ms": round(statistics.median(c["rg_cpu_ms"] for c in comparisons), 1),
        "all_sets_equal": all(c["same_set"] for c in comparisons), "load": loadavg()}

    sizes = index_size(conn)
    text_bytes = sum(p.stat().st_size for p in folder.rglob("*.txt"))
    index_bytes = sum(sizes.values())
    result["size"] = {"index_bytes": index_bytes, "text_bytes": text_bytes,
                      "index_over_text": round(index_bytes / text_bytes, 3) if text_bytes else None,
                      "tables": sizes}
    result["load_end"] = loadavg()
    db.close()
    return result


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True).stdout.strip()


def growth_table(runs: list[dict]) -> str:
    rows = [("articles", *(f"{r['articles']:,}" for r in runs)),
            ("in-process median ms", *(str(r["in_process"]["median_ms"]) for r in runs)),
            ("in-process p95 ms", *(str(r["in_process"]["p95_ms"]) for r in runs)),
            ("in-process CPU median / p95 ms", *(f"{r['in_process']['cpu_median_ms']} / {r['in_process']['cpu_p95_ms']}"
                                                 for r in runs)),
            ("next page ms", *(str(r["paging"]["next_page_ms"]) for r in runs)),
            ("dubao search (process) median ms", *(str(r["whole_process"]["dubao_median_ms"]) for r in runs)),
            ("rg -l -F (process) median ms", *(str(r["whole_process"]["rg_median_ms"]) for r in runs)),
            ("rg / dubao", *(str(r["whole_process"]["rg_over_dubao_median"]) for r in runs)),
            ("CPU ms: dubao / rg (processes)", *(f"{r['whole_process']['dubao_cpu_median_ms']} / "
                                                 f"{r['whole_process']['rg_cpu_median_ms']}" for r in runs)),
            ("result sets equal to rg's", *(str(r["whole_process"]["all_sets_equal"]) for r in runs)),
            ("dubao --version ms (CPU ms)", *(f"{r['startup']['version_ms']} ({r['startup']['version_cpu_ms']})"
                                              for r in runs)),
            ("index / text", *(str(r["size"]["index_over_text"]) for r in runs))]
    header = ("", *(r["label"] for r in runs))
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    return "\n".join("  ".join(str(c).ljust(w) for c, w in zip(row, widths)) for row in [header, *rows])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", action="append", required=True, metavar="LABEL=PATH")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--rg-reps", type=int, default=3)
    parser.add_argument("--rg-queries", type=int, default=8)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--libraries", metavar="TEXT",
                        help="how the libraries were made, for the README (bench/readme_speed.py)")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--add-to", type=Path, metavar="FILE",
                        help="a results file whose runs (other sizes, same commit) come first in --out")
    args = parser.parse_args()
    if shutil.which("rg") is None:
        raise SystemExit("bench_search: rg (ripgrep) is not installed; it is the whole-process baseline "
                         "(apt-get install ripgrep)")
    started = dt.datetime.now(dt.UTC)
    report = {"benchmark": "search", "commit": git("rev-parse", "HEAD"),
              "dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
              "date": started.isoformat(timespec="seconds"), "cpus": os.cpu_count(),
              "load_start": loadavg(), "runs": []}
    if args.libraries:
        report["libraries"] = args.libraries
    if args.add_to:
        earlier = json.loads(args.add_to.read_text(encoding="utf-8"))
        for run in earlier["runs"]:
            run.setdefault("date", earlier["date"])
            run.setdefault("commit", earlier["commit"])
        report["runs"] += earlier["runs"]
        report["added_to"] = str(args.add_to)
    compile_package()
    for item in args.library:
        label, _, path = item.partition("=")
        run = bench_library(label, Path(path), args)
        run["date"], run["commit"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), report["commit"]
        report["runs"].append(run)
    report["load_end"] = loadavg()
    print()
    print(growth_table(report["runs"]))
    out = args.out or BENCH / "results" / f"search-{started:%Y%m%d-%H%M}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    say(f"results: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
