#!/usr/bin/env python3
"""Write the README's speed section from the latest results files, never by hand.

    python bench/readme_speed.py [--search FILE] [--import FILE] [--check]

Takes the newest bench/results/search-*.json and import-*.json (or the files given) and
replaces what stands between the `<!-- speed:begin -->` and `<!-- speed:end -->` lines of
README.md. --check only says whether the README is up to date (exit 1 if not).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
README = BENCH.parent / "README.md"
BEGIN, END = "<!-- speed:begin -->", "<!-- speed:end -->"


def latest(pattern: str) -> Path | None:
    files = sorted((BENCH / "results").glob(pattern))
    return files[-1] if files else None


def _ms(value: float) -> str:
    return f"{value:,.0f} ms" if value >= 10 else f"{value:.1f} ms"


# What the results files written before bench_search.py's --libraries said of their libraries.
OLD_LIBRARIES = "the largest library is the 100k one copied and re-dated by `bench/replicate_library.py`"


def search_section(data: dict, name: str) -> list[str]:
    runs = data["runs"]
    load = ", ".join(f"{r['label']}: {r['load_start'][0]:.1f}" for r in runs)
    commits = sorted({r.get("commit", data["commit"])[:8] for r in runs})
    lines = [f"Search (`bench/bench_search.py`, {data['date'][:10]}, commit{'s' if len(commits) > 1 else ''} "
             f"{', '.join(commits)}, {data['cpus']} cores, load average at the start of each size: {load}; "
             f"`{name}`; {data.get('libraries', OLD_LIBRARIES)}):", "",
             "| | " + " | ".join(f"{r['articles']:,} articles" for r in runs) + " |",
             "|---|" + "---|" * len(runs)]

    def row(label: str, values: list[str]) -> None:
        lines.append(f"| {label} | " + " | ".join(values) + " |")

    row("in-process search, top 50 with snippets and exact total: median",
        [_ms(r["in_process"]["median_ms"]) for r in runs])
    row("… 95th percentile", [_ms(r["in_process"]["p95_ms"]) for r in runs])
    row("… CPU time: median / 95th percentile",
        [f"{_ms(r['in_process']['cpu_median_ms'])} / {_ms(r['in_process']['cpu_p95_ms'])}" for r in runs])
    row("next page of 50 (no re-run)", [_ms(r["paging"]["next_page_ms"]) for r in runs])
    row("`dubao search` as a process: median", [_ms(r["whole_process"]["dubao_median_ms"]) for r in runs])
    row("`rg -l -F` over the same text as a process: median", [_ms(r["whole_process"]["rg_median_ms"]) for r in runs])
    row("rg time / dubao time (processes)", [f"{r['whole_process']['rg_over_dubao_median']:.1f}×" for r in runs])
    row("CPU time of the process: dubao / rg", [f"{_ms(r['whole_process']['dubao_cpu_median_ms'])} / "
                                                f"{_ms(r['whole_process']['rg_cpu_median_ms'])}" for r in runs])
    row("result sets equal to rg's", ["yes" if r["whole_process"]["all_sets_equal"] else "NO" for r in runs])
    row("`dubao --version` (CPU time)", [f"{_ms(r['startup']['version_ms'])} ({_ms(r['startup']['version_cpu_ms'])})"
                                          for r in runs])
    row("`python -c pass` (the floor)", [_ms(r["startup"]["python_ms"]) for r in runs])
    row("index size / text size", [f"{r['size']['index_over_text']:.2f}×" for r in runs])
    return lines


def import_section(data: dict, name: str) -> list[str]:
    return ["", f"Import (`bench/bench_import.py`, {data['date'][:10]}, commit {data['commit'][:8]}, "
            f"load average {data['load_before_import'][0]:.1f} on {data['cpus']} cores; `{name}`): "
            f"{data['pages']:,} pages ({data['articles']:,} articles) in {data['import']['wall_s']:.0f} s "
            f"— {data['ratio_to_rows']:.1f}× a bare `executemany` of the same rows, "
            f"{data['ratio_to_rows_and_search']:.1f}× the rows with their search rows; the write step "
            f"alone (parsing excluded) {data['write_step_s']:.0f} s, {data['write_step_to_rows']:.1f}× the "
            f"rows and {data['write_step_to_rows_and_search']:.1f}× the rows with search rows; the importing "
            f"process peaked at {data['import']['peak_rss_mb']:.0f} MB; parsing alone "
            f"{data['parse_only_1_process_s']:.0f} s in one process."]


def million_section(data: dict, name: str) -> list[str]:
    """The real import of a million articles (its results are written by hand from
    `/usr/bin/time -v`: the run takes a quarter of an hour)."""
    minutes, seconds = divmod(round(data["wall_s"]), 60)
    return ["", f"Import of a million articles, run for real (`dubao import` under `/usr/bin/time -v`, "
            f"{data['date'][:10]}, commit {data['commit'][:8]}, {data['cpus']} cores; `{name}`): "
            f"{data['summary']} — {minutes} min {seconds:02d} s, {data['cpu_user_s']:,.0f} s of user CPU, "
            f"the process peaked at {data['peak_rss_mb']:.0f} MB; the library is "
            f"{data['library_mb'] / 1024:.1f} GB."]


def section(search: Path | None, imported: Path | None, million: Path | None = None) -> str:
    lines = ["Measured with the benchmarks in `bench/` (run by hand; the machine's load is recorded "
             "because it was shared). Generated from `bench/results/` by `bench/readme_speed.py`.", ""]
    if search:
        lines += search_section(json.loads(search.read_text(encoding="utf-8")), f"bench/results/{search.name}")
    if imported:
        lines += import_section(json.loads(imported.read_text(encoding="utf-8")), f"bench/results/{imported.name}")
    if million:
        lines += million_section(json.loads(million.read_text(encoding="utf-8")), f"bench/results/{million.name}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--search", type=Path)
    parser.add_argument("--import", dest="imported", type=Path)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    text = README.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        print(f"{README}: no {BEGIN} … {END} lines", file=sys.stderr)
        return 1
    body = section(args.search or latest("search-*.json"), args.imported or latest("import-*.json"),
                   latest("scale-import-1m-*.json"))
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    updated = f"{head}{BEGIN}\n{body}\n{END}{tail}"
    if args.check:
        print("up to date" if updated == text else "README speed section is out of date")
        return 0 if updated == text else 1
    README.write_text(updated, encoding="utf-8")
    print(f"{README}: speed section written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
