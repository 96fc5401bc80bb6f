"""The reader window on a large library: peak memory, time from QApplication to the first
article shown, and every query the GUI thread runs (with its time), as JSON. Run by hand;
asserts nothing.

    python bench/bench_window.py --library COPY.db [--opens 100] [--runs 2] [-o results.json]

The window writes to the library it opens (its session row, and the migrations of an older
library): give it a COPY, never a library another bench reads. Each run is a fresh process,
so the launch is a cold start of the window (the file in the OS cache, as when a user starts
the app twice). The first run starts with no settings (the latest issue is shown), the next
ones with the settings the previous run left (the article read last is shown again).

After the launch the child drives the window as a reader does — opens random articles,
steps through an issue, opens the library tree down to an issue, scrolls the calendar, runs
a search and scrolls its results, shows the bookmarks and every annotation — and lists the
GUI thread's queries of each step, slowest first.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench_common import emit_result, result_header

HERE = Path(__file__).resolve().parent

CHILD = r"""
import json, resource, sqlite3, sys, threading, time
t_start = time.perf_counter()

GUI = threading.get_ident()
log = []            # (phase, sql, ms) of every statement run on the GUI thread
phase = ["launch"]


class _Rows:
    # A cursor whose rows were all read when it was made: the time of a statement is the
    # time of stepping it to the end, which is what the GUI thread waits for.
    def __init__(self, cursor):
        self.description = cursor.description
        self.lastrowid = cursor.lastrowid
        self.rowcount = cursor.rowcount
        self._rows = cursor.fetchall() if cursor.description else []
        self._at = 0

    def fetchone(self):
        if self._at >= len(self._rows):
            return None
        self._at += 1
        return self._rows[self._at - 1]

    def fetchall(self):
        rows, self._at = self._rows[self._at:], len(self._rows)
        return rows

    def fetchmany(self, size=1):
        rows = self._rows[self._at:self._at + size]
        self._at += len(rows)
        return rows

    def __iter__(self):
        while (row := self.fetchone()) is not None:
            yield row

    def close(self):
        pass


class TimedConnection(sqlite3.Connection):
    def execute(self, sql, parameters=()):
        if threading.get_ident() != GUI:
            return super().execute(sql, parameters)
        t0 = time.perf_counter()
        rows = _Rows(super().execute(sql, parameters))
        log.append((phase[0], " ".join(sql.split()), (time.perf_counter() - t0) * 1000))
        return rows


_connect = sqlite3.connect
def connect(*args, **kwargs):
    kwargs.setdefault("factory", TimedConnection)
    return _connect(*args, **kwargs)
sqlite3.connect = connect

from PySide6.QtCore import QSettings, QModelIndex
from PySide6.QtWidgets import QApplication
t_import_qt = time.perf_counter()
app = QApplication(sys.argv[:1])
t_qt = time.perf_counter()
from reader.ui.app import application, create_window
application()
settings = QSettings(sys.argv[2], QSettings.Format.IniFormat)
window = create_window(sys.argv[1], settings)
window.show()
while window.view.article is None:
    app.processEvents()
app.processEvents()
t_first = time.perf_counter()
rss_first = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def settle(seconds):
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.01)


phase[0] = "after launch (2.5 s idle: counts, change watch)"
settle(2.5)
timings = {}

phase[0] = "open random articles"
opens = []
for article_id in json.loads(sys.argv[3]):
    t0 = time.perf_counter()
    window.open_article(article_id)
    app.processEvents()
    opens.append((time.perf_counter() - t0) * 1000)
timings["open_article_ms"] = opens

phase[0] = "next article (J) through an issue"
window.open_issue(window.current_issue.id)
steps = []
for _ in range(min(20, len(window.panels.sections.article_indexes()) - 1)):
    t0 = time.perf_counter()
    window.navigation.step_article(1)
    app.processEvents()
    steps.append((time.perf_counter() - t0) * 1000)
timings["step_article_ms"] = steps

phase[0] = "next issue x10"
t0 = time.perf_counter()
for _ in range(10):
    window.navigation.step_issue(1)
    app.processEvents()
timings["next_issue_x10_ms"] = (time.perf_counter() - t0) * 1000

phase[0] = "library tree: open first publication, year, month"
panels = window.panels
panels.tabs.setCurrentWidget(panels.library_panel)
app.processEvents()
t0 = time.perf_counter()
model, view = panels.library, panels.library_view
index = model.index(0, 0)
for _ in range(3):
    if not index.isValid():
        break
    view.expand(index)
    model.fetchMore(index)
    app.processEvents()
    index = model.index(0, 0, index)
timings["library_tree_ms"] = (time.perf_counter() - t0) * 1000

phase[0] = "calendar: 12 months back"
t0 = time.perf_counter()
for _ in range(12):
    panels.calendar.calendar.showPreviousMonth()
    app.processEvents()
timings["calendar_12_months_ms"] = (time.perf_counter() - t0) * 1000

phase[0] = "search 上海, first page and 3 more"
search = panels.search_panel
panels.tabs.setCurrentWidget(search)
t0 = time.perf_counter()
search.field.setText("上海")
search.run_search()
while search.model.rowCount() == 0 and search.status.text() in ("", search.tr("Searching…")):
    app.processEvents()
timings["search_first_page_ms"] = (time.perf_counter() - t0) * 1000
for _ in range(3):
    before = search.model.rowCount()
    search.results.scrollToBottom()
    deadline = time.perf_counter() + 10
    while search.model.rowCount() == before and search.model.more and time.perf_counter() < deadline:
        app.processEvents()
timings["search_rows"] = search.model.rowCount()
timings["search_status"] = search.status.text()

phase[0] = "bookmarks and annotations tabs"
panels.tabs.setCurrentWidget(panels.bookmarks_panel)
app.processEvents()
panels.tabs.setCurrentWidget(panels.annotations_panel)
panels.annotations_panel.whole_library.setChecked(True)
app.processEvents()
settle(0.5)

rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
phase[0] = "close"
window.imports.stop()
window.state.save()
window.service.close()
window.close()
print(json.dumps({
    "import_pyside6_s": t_import_qt - t_start,
    "qapplication_s": t_qt - t_import_qt,
    "first_article_after_qt_s": t_first - t_qt,
    "peak_rss_at_first_article_mb": rss_first,
    "peak_rss_mb": rss_peak,
    "timings": timings,
    "gui_queries": log,
}))
"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else 0.0


def sample_articles(library: Path, count: int) -> tuple[int, list[str]]:
    """COUNT article ids at random, read here so that the window's process never holds a
    list of the whole library (which its peak memory would count)."""
    conn = sqlite3.connect(f"file:{library}?mode=ro", uri=True)
    try:
        total = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        top = conn.execute("SELECT MAX(rowid) FROM articles").fetchone()[0] or 0
        rng = random.Random(0)
        ids: list[str] = []
        while len(ids) < min(count, total):
            row = conn.execute("SELECT id FROM articles WHERE rowid >= ? LIMIT 1",
                               [rng.randint(1, top)]).fetchone()
            if row and row[0] not in ids:
                ids.append(row[0])
        return total, ids
    finally:
        conn.close()


def summarize_queries(log: list) -> dict:
    """Per phase: the number of GUI-thread statements, their total and the slowest ones."""
    phases: dict[str, dict] = {}
    for phase, sql, ms in log:
        sql = re.sub(r"\(\?(?:, ?\?)*\)", "(?…)", sql)  # IN lists of any length are one statement
        entry = phases.setdefault(phase, {"statements": 0, "total_ms": 0.0, "slowest": {}})
        entry["statements"] += 1
        entry["total_ms"] += ms
        slowest = entry["slowest"]
        known = slowest.get(sql)
        slowest[sql] = {"count": (known or {}).get("count", 0) + 1,
                        "max_ms": max(ms, (known or {}).get("max_ms", 0.0)),
                        "total_ms": (known or {}).get("total_ms", 0.0) + ms}
    for entry in phases.values():
        ranked = sorted(entry["slowest"].items(), key=lambda item: -item[1]["max_ms"])[:8]
        entry["slowest"] = [{"sql": sql[:300], **{k: round(v, 2) for k, v in figures.items()}}
                            for sql, figures in ranked]
        entry["total_ms"] = round(entry["total_ms"], 1)
    return phases


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=Path, required=True, help="a COPY of a library (the window writes to it)")
    parser.add_argument("--opens", type=int, default=100)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("-o", "--output", type=Path, help="write the JSON here too")
    args = parser.parse_args()
    library = args.library.resolve()
    if not library.is_file():
        print(f"bench_window: {library}: no such library", file=sys.stderr)
        return 1
    total, ids = sample_articles(library, args.opens)
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    settings = Path(f"/tmp/dubao-bench-window-{os.getpid()}.ini")
    settings.unlink(missing_ok=True)
    runs = []
    try:
        for run in range(args.runs):
            started = time.perf_counter()
            child = subprocess.run([sys.executable, "-c", CHILD, str(library), str(settings), json.dumps(ids)],
                                   capture_output=True, text=True, env=env, cwd=HERE.parent)
            wall = time.perf_counter() - started
            if child.returncode != 0:
                print(child.stderr, file=sys.stderr)
                return 1
            data = json.loads(child.stdout.strip().splitlines()[-1])
            log = data.pop("gui_queries")
            opens = data["timings"].pop("open_article_ms")
            steps = data["timings"].pop("step_article_ms")
            data["timings"].update({
                "open_article_median_ms": statistics.median(opens) if opens else None,
                "open_article_p95_ms": percentile(opens, 0.95),
                "open_article_max_ms": max(opens, default=0.0),
                "step_article_median_ms": statistics.median(steps) if steps else None,
            })
            data["settings"] = "none (first start)" if run == 0 else "left by the previous run"
            data["wall_s"] = wall
            data["gui_thread"] = summarize_queries(log)
            data["gui_thread_slowest_statement_ms"] = round(max((ms for _p, _s, ms in log), default=0.0), 2)
            runs.append(data)
    finally:
        settings.unlink(missing_ok=True)
    result = {
        **result_header("window"),
        "library": str(library),
        "articles": total,
        "goals": {"peak_rss_mb": 300, "first_article_after_qt_s": 1.5},
        "runs": runs,
    }
    emit_result(result, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
