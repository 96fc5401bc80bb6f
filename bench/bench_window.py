"""Reader window speed on a large archive: launch → first article shown, opening articles,
peak memory. Run by hand; prints figures, asserts nothing.

    python bench/bench_window.py [--library PATH] [--articles 100000] [--opens 200]

Without --library it uses (or builds) the ~100,000-article library of bench_search.py.
Each measurement runs in a fresh process so that the launch is a real cold start of the
window (the library file is in the OS cache, as it is when a user starts the app twice).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

CHILD = r"""
import json, os, random, resource, sys, time
t_start = time.perf_counter()
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
t_qt = time.perf_counter()
from reader.ui.app import application, create_window
app = application()
settings = QSettings(sys.argv[2], QSettings.Format.IniFormat)
window = create_window(sys.argv[1], settings)
window.show()
while window.view.article is None:
    app.processEvents()
app.processEvents()
t_first = time.perf_counter()
ids = [r[0] for r in window.service.db.execute("SELECT id FROM articles")]
rng = random.Random(0)
opens = []
for article_id in rng.sample(ids, min(int(sys.argv[3]), len(ids))):
    t0 = time.perf_counter()
    window.open_article(article_id)
    app.processEvents()
    opens.append(time.perf_counter() - t0)
# A walk through one issue by keyboard actions (next article), as a reader does.
window.open_issue(window.current_issue.id)
steps = []
for _ in range(min(20, len(window.sections.article_indexes()) - 1)):
    t0 = time.perf_counter()
    window.step_article(1)
    app.processEvents()
    steps.append(time.perf_counter() - t0)
print(json.dumps({
    "qt_import_s": t_qt - t_start,
    "first_article_after_qt_s": t_first - t_qt,
    "open_ms": [x * 1000 for x in opens],
    "step_ms": [x * 1000 for x in steps],
    "articles": len(ids),
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
window.close()
"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=Path)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--opens", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    library = args.library
    if library is None:
        candidates = sorted((HERE / "out").glob("library-p*-s0.db"))
        if not candidates:
            print("no library: run bench/bench_search.py first (it builds ~100,000 articles), or pass --library")
            return 1
        library = candidates[-1]
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    results = []
    for run in range(args.runs):
        settings = Path(f"/tmp/dubao-bench-window-{os.getpid()}-{run}.ini")
        settings.unlink(missing_ok=True)
        started = time.perf_counter()
        child = subprocess.run([sys.executable, "-c", CHILD, str(library), str(settings), str(args.opens)],
                               capture_output=True, text=True, env=env, cwd=HERE.parent)
        wall = time.perf_counter() - started
        if child.returncode != 0:
            print(child.stderr)
            return 1
        data = json.loads(child.stdout.strip().splitlines()[-1])
        data["wall_s"] = wall
        results.append(data)
        settings.unlink(missing_ok=True)
    first = [r["first_article_after_qt_s"] for r in results]
    opens = [x for r in results for x in r["open_ms"]]
    steps = [x for r in results for x in r["step_ms"]]
    rss = max(r["peak_rss_mb"] for r in results)
    print(f"library: {library} ({results[0]['articles']:,} articles), {args.runs} cold starts, "
          f"{len(opens)} article opens")
    print(f"{'measure':<44}{'figure':>14}{'target':>14}")
    rows = [
        ("import PySide6 (median, s)", statistics.median(r["qt_import_s"] for r in results), None),
        ("launch → first article, after Qt (median, s)", statistics.median(first), 1.5),
        ("  worst of the runs (s)", max(first), None),
        ("open an article: median (ms)", statistics.median(opens), 50),
        ("open an article: p95 (ms)", percentile(opens, 0.95), 50),
        ("open an article: max (ms)", max(opens), None),
        ("next article (J): median (ms)", statistics.median(steps), None),
        ("peak memory (MB)", rss, 300),
    ]
    for label, value, target in rows:
        goal = f"< {target}" if target is not None else ""
        print(f"{label:<44}{value:>14.3f}{goal:>14}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
