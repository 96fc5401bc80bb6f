"""Page view on a big scan: open time (P pressed → the first scaled image shown), the
longest stall of the GUI thread meanwhile, zoom-in detail time, and peak memory (RSS of
the whole process). Run by hand; prints figures, asserts nothing.

    python bench/bench_page_view.py [--width 10000] [--height 14000] [--runs 3]

The scan is a generated JPEG (kept in /tmp between runs) beside a library page whose
geometry is synthetic; every run is a fresh process, so its peak RSS is its own.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

MAKE_SCAN = r"""
import sys
from PIL import Image, ImageDraw
width, height, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
image = Image.new("RGB", (width, height), (236, 230, 214))
draw = ImageDraw.Draw(image)
# Columns of "type": short dark bars, like lines of print, so the JPEG is scan-like in size.
column = width // 6
for c in range(6):
    x0 = c * column + column // 12
    for y in range(height // 20, height - height // 20, max(8, height // 700)):
        x = x0
        while x < x0 + column * 5 // 6:
            word = 20 + (x * 7 + y * 13) % (column // 8)
            draw.rectangle((x, y, min(x + word, x0 + column * 5 // 6), y + max(3, height // 1400)), fill=(40, 36, 30))
            x += word + column // 60
image.save(path, quality=80)
"""

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[3])
from pathlib import Path
from PySide6.QtCore import QElapsedTimer, QSettings, QTimer
from reader.ui.app import application, create_window
app = application()

def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

work = Path(sys.argv[2])
window = create_window(str(work / "library.db"), QSettings(str(work / "s.ini"), QSettings.Format.IniFormat))
window.show()
while window.current_article_id is None:
    app.processEvents()
app.processEvents()
before = rss_mb()

# The GUI thread's longest stall: a 5 ms timer notes the biggest gap between its ticks.
clock = QElapsedTimer(); clock.start()
gaps = [0, clock.elapsed()]
def tick():
    now = clock.elapsed(); gaps[0] = max(gaps[0], now - gaps[1]); gaps[1] = now
timer = QTimer(); timer.timeout.connect(tick); timer.start(5)

view = window.page_view
t0 = time.perf_counter()
window.act_page_view.trigger()
while view.scan_item is None:
    app.processEvents()
t_open = time.perf_counter() - t0
shown = view.scan_item.pixmap().size()
stall_open = gaps[0]

# Zoom in past the whole-page image: the part in view is decoded sharper.
gaps[0] = 0
base = view.scan_item.pixmap().width() / 1000
t0 = time.perf_counter()
view.canvas.set_zoom(base * 4)
while view.detail_item is None:
    app.processEvents()
t_detail = time.perf_counter() - t0
detail = view.detail_item.pixmap().size()
print(json.dumps({"open_s": t_open, "shown": [shown.width(), shown.height()], "stall_open_ms": stall_open,
                  "detail_s": t_detail, "detail": [detail.width(), detail.height()], "stall_detail_ms": gaps[0],
                  "rss_before_mb": before, "rss_peak_mb": rss_mb()}))
window.close()
window.service.close()
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--width", type=int, default=10000)
    parser.add_argument("--height", type=int, default=14000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    scan = Path(tempfile.gettempdir()) / f"dubao-bench-scan-{args.width}x{args.height}.jpg"
    if not scan.exists():
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", MAKE_SCAN, str(args.width), str(args.height), str(scan)], check=True)
        print(f"generated {scan} ({scan.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - t0:.1f} s")

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        setup = (
            "import sys; sys.path.insert(0, sys.argv[2]);"
            "from pathlib import Path; from reader.store import open_library;"
            "from helpers.standin import synthetic_layout_library;"
            "db = open_library(Path(sys.argv[1]) / 'library.db');"
            "synthetic_layout_library(db, Path(sys.argv[1]) / 'paper', scan=None); db.close()")
        subprocess.run([sys.executable, "-c", setup, str(work), str(ROOT / "tests")], check=True, cwd=ROOT)
        # A copy, not a symlink: a scan resolving outside the source's folder is refused.
        shutil.copyfile(scan, work / "paper" / "qingxi-2023-03-08-p1.jpg")
        results = []
        for _ in range(args.runs):
            run = subprocess.run([sys.executable, "-c", CHILD, "", str(work), str(ROOT / "tests")],
                                 capture_output=True, text=True, cwd=ROOT)
            if run.returncode != 0:
                sys.exit(run.stderr[-2000:])
            results.append(json.loads(run.stdout.strip().splitlines()[-1]))

    def median(key):
        return statistics.median(r[key] for r in results)

    first = results[0]
    print(f"scan: {args.width} x {args.height} JPEG ({scan.stat().st_size / 1e6:.1f} MB), {args.runs} runs, medians")
    print(f"page view open (P -> first scaled image shown): {median('open_s') * 1000:.0f} ms "
          f"(image {first['shown'][0]} x {first['shown'][1]})")
    print(f"longest GUI-thread stall while opening: {median('stall_open_ms'):.0f} ms")
    print(f"zoom x4 -> sharper part shown: {median('detail_s') * 1000:.0f} ms "
          f"(image {first['detail'][0]} x {first['detail'][1]}); longest stall {median('stall_detail_ms'):.0f} ms")
    print(f"peak RSS, whole process: {median('rss_peak_mb'):.0f} MB "
          f"(window with the article open, before the page view: {median('rss_before_mb'):.0f} MB)")


if __name__ == "__main__":
    main()
