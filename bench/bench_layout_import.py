"""Import of a 4-page METS issue (ALTO pages + METS with MODS): the whole `dubao import`
process, from start-up to exit, into a fresh library each run; best of 5 (and the median).
Also the parse alone (in this process), to tell parsing from writing and start-up.

    python bench/bench_layout_import.py [ISSUE_FOLDER]

ISSUE_FOLDER defaults to ../shared/fixtures/layout/alto-journal-des-debats-1821-08-01.
Prints figures; asserts nothing."""
from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))
sys.path.insert(0, str(REPO))

from bench_common import load, say, table

DEFAULT_ISSUE = REPO.parent / "shared" / "fixtures" / "layout" / "alto-journal-des-debats-1821-08-01"
RUNS = 5


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_import(folder: Path) -> tuple[float, float, str]:
    """(wall seconds, CPU seconds of the process and its workers, its last line). The CPU
    time says what the import costs on a busy machine, where wall time says how busy it was."""
    with tempfile.TemporaryDirectory(prefix="dubao-bench-layout-") as tmp:
        library = Path(tmp) / "library.db"
        cpu = _children_cpu()
        started = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "reader.cli", "--db", str(library), "import", str(folder)],
                                capture_output=True, text=True, cwd=REPO)
        elapsed = time.perf_counter() - started
        if result.returncode != 0:
            raise SystemExit(f"dubao import failed ({result.returncode}): {result.stderr.strip()}")
        return elapsed, _children_cpu() - cpu, (result.stdout + result.stderr).strip().splitlines()[-1]


def time_parse(folder: Path) -> float:
    from reader.parsing.formats import mets

    best = float("inf")
    for path in sorted(folder.glob("*.xml")):
        if mets.sniff(path, path.read_bytes()[:4096]):
            for _ in range(RUNS):
                started = time.perf_counter()
                mets.parse(path)
                best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_ISSUE
    if not folder.is_dir():
        raise SystemExit(f"{folder}: no such issue folder")
    say(f"importing {folder.name} {RUNS} times ({load()})")
    runs, cpus, summary = [], [], ""
    for _ in range(RUNS):
        elapsed, cpu, summary = time_import(folder)
        runs.append(elapsed)
        cpus.append(cpu)
    parse = time_parse(folder)
    print(table([("dubao import (whole process), wall", f"{min(runs):.2f} s", f"{statistics.median(runs):.2f} s"),
                 ("dubao import (whole process), CPU", f"{min(cpus):.2f} s", f"{statistics.median(cpus):.2f} s"),
                 ("METS + 4 ALTO parse only, wall", f"{parse:.2f} s", "")],
                ("step", f"best of {RUNS}", "median")))
    print(f"last import said: {summary}")
    say(f"done ({load()})")


if __name__ == "__main__":
    main()
