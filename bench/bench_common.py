"""Helpers shared by the benchmarks: a cache of generated archives under bench/out/, load
reporting and plain-text tables. Benchmarks print figures; they never assert timings."""
from __future__ import annotations

import dataclasses
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
OUT_DIR = BENCH_DIR / "out"  # git-ignored
REPO = BENCH_DIR.parent
if str(BENCH_DIR) not in sys.path:
    sys.path.insert(0, str(BENCH_DIR))

from generate_archive import GeneratedArchive, generate

PAGES_PER_ISSUE = 4
PUBLICATIONS = 3


def load() -> str:
    """The load average and core count, to judge how busy the machine was."""
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def result_header(bench: str) -> dict:
    """What every results file starts with: the bench, commit, date, CPU count and load."""
    import datetime as dt

    return {"bench": bench, "commit": git_commit(),
            "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "cpu_count": os.cpu_count(), "load_average": list(os.getloadavg())}


def git_commit() -> str:
    """The checkout's short commit, or "unknown" outside git."""
    import subprocess

    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              cwd=REPO, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def emit_result(result: dict, output: Path | None) -> None:
    """Print a results JSON, and write it to OUTPUT when given."""
    text = json.dumps(result, ensure_ascii=False, indent=1)
    print(text)
    if output:
        output.write_text(text + "\n", encoding="utf-8")


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def cached_archive(pages: int, seed: int) -> GeneratedArchive:
    """The archive for (PAGES, SEED): reused from bench/out/ when a complete copy is there,
    else generated into a temporary folder and moved there (a manifest marks it complete)."""
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    final = OUT_DIR / f"archive-p{pages}-s{seed}-k{PAGES_PER_ISSUE}-n{PUBLICATIONS}"
    manifest = final / "archive.json"  # not a page file: the importer skips .json
    if manifest.is_file():
        data = json.loads(manifest.read_text(encoding="utf-8"))
        data["out_dir"] = final
        say(f"reusing archive {final}")
        return GeneratedArchive(**data)
    if final.exists():
        shutil.rmtree(final)  # an incomplete copy
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-archive-", dir=OUT_DIR))
    say(f"generating {pages} pages (seed {seed}) into {tmp} ({load()})")
    started = time.perf_counter()
    result = generate(tmp, pages, seed=seed, pages_per_issue=PAGES_PER_ISSUE,
                      publications=PUBLICATIONS)
    say(f"generated {result.articles} articles, {result.bytes / 1e6:.1f} MB "
        f"in {time.perf_counter() - started:.1f} s")
    data = dataclasses.asdict(result)
    data["out_dir"] = str(final)
    (tmp / "archive.json").write_text(json.dumps(data, indent=1), encoding="utf-8")
    tmp.rename(final)
    result.out_dir = final
    return result


def table(rows: list[tuple], headers: tuple) -> str:
    cells = [[str(c) for c in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(_width(r[i]) for r in cells) for i in range(len(headers))]

    def line(row):
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(row, widths)).rstrip()

    out = [line(cells[0]), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells[1:]]
    return "\n".join(out)


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if ord(ch) >= 0x1100 and not 0xFF61 <= ord(ch) <= 0xFFDC else 1 for ch in text)


def met(ok: bool) -> str:
    return "met" if ok else "MISSED"


def file_size(path: Path) -> int:
    """Size of a SQLite library with its -wal file, if any."""
    total = 0
    for suffix in ("", "-wal", "-shm"):
        p = Path(str(path) + suffix)
        if p.exists() and suffix != "-shm":
            total += p.stat().st_size
    return total
