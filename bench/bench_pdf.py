"""PDF export speed and size: 100 articles to one PDF. Run by hand; prints figures.

    python bench/bench_pdf.py [--articles 100] [--library PATH]
    python bench/bench_pdf.py --library PATH --search QUERY [--tree LABEL=CHECKOUT]... [-o results.json]

Without --library it imports a small generated archive (bench/generate_archive.py) into a
temporary library. The export runs in a fresh process, as `dubao export-pdf` does, so the
figure includes starting Qt and loading the bundled font.

With --search, every run is `dubao export-pdf --search QUERY` as a whole process, and the
figures are its wall time, CPU time and peak memory (the process's maximum resident set).
Each --tree is a checkout of another commit run the same way, alternating with the others
in every round, so that a machine slower for a while slows them alike.
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


def run_measured(command: list[str], cwd: Path, env: dict) -> dict:
    """Run COMMAND; its wall time, CPU time and peak memory (os.wait4's resource usage)."""
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    stderr = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return {"seconds": round(time.perf_counter() - started, 2), "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
            "peak_mb": round(usage.ru_maxrss / 1024), "exit": child.returncode, "stderr": stderr.strip()}


def search_export(args) -> int:
    from bench_common import emit_result, result_header

    trees = [("this checkout", HERE.parent)] + [
        (label, Path(path)) for label, _, path in (t.partition("=") for t in args.tree)]
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    env.pop("PYTHONPATH", None)
    result = result_header("pdf-search-export") | {"library": str(args.library), "query": args.search, "runs": []}
    with tempfile.TemporaryDirectory(prefix="dubao-bench-pdf-") as tmp:
        for round_no in range(args.runs):
            for label, tree in trees:
                output = Path(tmp) / "out.pdf"
                figures = run_measured([sys.executable, "-m", "reader.cli", "--db", str(args.library), "export-pdf",
                                        "--search", args.search, "-o", str(output)], tree, env)
                if figures["exit"] == 0:
                    from pypdf import PdfReader

                    figures["pdf_pages"] = len(PdfReader(output).pages)
                    figures["pdf_mb"] = round(output.stat().st_size / 1e6, 1)
                    output.unlink()
                figures |= {"tree": label, "round": round_no + 1}
                print(f"{label:<16} round {round_no + 1}: {figures['seconds']:8.1f} s {figures['cpu_seconds']:8.1f} "
                      f"CPU-s {figures['peak_mb']:6} MB  {figures['stderr'][-80:]}", file=sys.stderr)
                result["runs"].append(figures)
    result["load_end"] = list(os.getloadavg())
    emit_result(result, args.output)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--library", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--search", help="export every match of this query (needs --library)")
    parser.add_argument("--tree", action="append", default=[], metavar="LABEL=CHECKOUT",
                        help="also run another commit's checkout (with --search)")
    parser.add_argument("-o", "--output", type=Path, help="write the results JSON here (with --search)")
    args = parser.parse_args()
    if args.search is not None:
        if args.library is None:
            parser.error("--search needs --library")
        return search_export(args)
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
