"""PDF export speed and size: 100 articles to one PDF. Run by hand; prints figures.

    python bench/bench_pdf.py [--articles 100] [--library PATH]

Without --library it imports a small generated archive (bench/generate_archive.py) into a
temporary library. The export runs in a fresh process, as `dubao export-pdf` does, so the
figure includes starting Qt and loading the bundled font.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

TARGET_SECONDS = 5.0
TARGET_MB = 3.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--library", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from reader.store import open_library
    from reader.store.importer import import_paths

    with tempfile.TemporaryDirectory(prefix="dubao-bench-pdf-") as tmp:
        tmp = Path(tmp)
        library = args.library
        if library is None:
            from generate_archive import generate

            generate(tmp / "archive", 60, seed=3)
            library = tmp / "library.db"
            db = open_library(library)
            import_paths(db, [tmp / "archive"])
            db.close()
        db = open_library(library)
        ids = [r[0] for r in db.execute("SELECT id FROM articles ORDER BY id LIMIT ?", [args.articles])]
        characters = sum(len(t) for (t,) in db.execute(
            f"""SELECT text FROM paragraphs JOIN article_parts ON article_parts.id = paragraphs.part_id
                WHERE article_parts.article_id IN ({",".join("?" * len(ids))})""", ids))
        db.close()
        command = [sys.executable, "-m", "reader.cli", "--db", str(library), "export-pdf"]
        for article_id in ids:
            command += ["--article", article_id]
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        times, sizes, pages = [], [], 0
        for run in range(args.runs):
            output = tmp / f"out{run}.pdf"
            started = time.perf_counter()
            done = subprocess.run(command + ["-o", str(output)], capture_output=True, text=True, env=env,
                                  cwd=HERE.parent)
            times.append(time.perf_counter() - started)
            if done.returncode != 0:
                print(done.stderr)
                return 1
            sizes.append(output.stat().st_size)
            from pypdf import PdfReader

            pages = len(PdfReader(output).pages)
    best, size_mb = min(times), sizes[-1] / 1e6
    print(f"{len(ids)} articles ({characters:,} characters of body text) → {pages} PDF pages, no images")
    print(f"{'measure':<36}{'figure':>10}{'target':>10}")
    print(f"{'export, best of %d runs (s)' % args.runs:<36}{best:>10.2f}{'< %.0f' % TARGET_SECONDS:>10}"
          f"  {'met' if best < TARGET_SECONDS else 'MISSED'}")
    print(f"{'export, worst (s)':<36}{max(times):>10.2f}")
    print(f"{'PDF size (MB)':<36}{size_mb:>10.2f}{'< %.0f' % TARGET_MB:>10}"
          f"  {'met' if size_mb < TARGET_MB else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
