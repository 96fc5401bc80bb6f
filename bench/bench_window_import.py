"""An import started from the window against `dubao import` of the same folder, each into a
new library: wall time, and how long the window's event loop was ever kept waiting while
the import ran. Run by hand; asserts nothing.

    python bench/bench_window_import.py FOLDER [--base LIBRARY] [--scratch DIR] [--runs 1] [-o results.json]

Both libraries are made under --scratch (default: a temporary folder) and deleted after:
new ones, or with --base copies of LIBRARY (an import into a large library; the base is
only read).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_common import emit_result, result_header

HERE = Path(__file__).resolve().parent

CHILD = r"""
import json, resource, sys, time
from PySide6.QtCore import QElapsedTimer, QSettings, QTimer
from reader.store import open_library
from reader.ui.app import application, create_window

library, folder, settings_path = sys.argv[1:4]
app = application()
window = create_window(library, QSettings(settings_path, QSettings.Format.IniFormat))
window.show()
while window.imports.job is not None:  # the sample page an empty library gets
    app.processEvents()
app.processEvents()
# The event loop's worst wait: a 20 ms timer that should fire every 20 ms.
clock, gaps = QElapsedTimer(), []
clock.start()
tick = QTimer()
tick.setInterval(20)
def on_tick():
    gaps.append(clock.restart())
tick.timeout.connect(on_tick)
tick.start()
progress = []
started = time.perf_counter()
job = window.imports.start([folder], show_dialog=True)
job.progress.connect(lambda done, total, _name: progress.append(done))
while window.imports.job is not None:
    app.processEvents()
    time.sleep(0.002)
wall = time.perf_counter() - started
tick.stop()
report = window.imports.last_report
gaps.sort()
print(json.dumps({
    "wall_s": wall,
    "imported": report.count("imported"), "failed": len(report.failed), "articles": report.articles,
    "progress_reports": len(progress),
    "event_loop_worst_wait_ms": gaps[-1] if gaps else None,
    "event_loop_p99_wait_ms": gaps[int(len(gaps) * 0.99)] if gaps else None,
    "window_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
window.imports.stop()
window.service.close()
window.close()
"""


def cli_import(folder: Path, library: Path) -> dict:
    dubao = Path(sys.executable).with_name("dubao")
    started = time.perf_counter()
    child = subprocess.run([str(dubao), "--db", str(library), "import", "--json", str(folder)],
                           capture_output=True, text=True)
    wall = time.perf_counter() - started
    report = json.loads(child.stdout) if child.stdout.strip() else {}
    return {"wall_s": wall, "imported": report.get("imported"), "articles": report.get("articles"),
            "returncode": child.returncode}


def window_import(folder: Path, library: Path, settings: Path) -> dict:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    child = subprocess.run([sys.executable, "-c", CHILD, str(library), str(folder), str(settings)],
                           capture_output=True, text=True, env=env, cwd=HERE.parent)
    if child.returncode != 0:
        raise SystemExit(f"bench_window_import: the window's import failed:\n{child.stderr}")
    return json.loads(child.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--scratch", type=Path)
    parser.add_argument("--base", type=Path, help="import into copies of this library")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("-o", "--output", type=Path)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="dubao-bench-import-", dir=args.scratch))
    runs = []
    try:
        for run in range(args.runs):
            for kind in ("cli", "window"):  # one after the other, never at once
                library = scratch / f"{kind}-{run}.db"
                if args.base is not None:
                    subprocess.run(["sqlite3", str(args.base), f".backup {library}"], check=True)
                load = list(os.getloadavg())
                figures = (cli_import(args.folder, library) if kind == "cli"
                           else window_import(args.folder, library, scratch / "settings.ini"))
                runs.append({"kind": kind, "load_before": load, **figures})
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{library}{suffix}").unlink(missing_ok=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    cli = [r["wall_s"] for r in runs if r["kind"] == "cli"]
    window = [r["wall_s"] for r in runs if r["kind"] == "window"]
    result = {
        **result_header("window-import"),
        "folder": str(args.folder),
        "base": str(args.base) if args.base else None,
        "runs": runs,
        "window_to_cli": round(min(window) / min(cli), 2) if cli and window else None,
    }
    emit_result(result, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
