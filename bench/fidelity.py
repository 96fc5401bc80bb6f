"""Parse fidelity on every page that has an expectations file: the real corpus
(tests/data/real), our own pages (tests/data/pages) and the shared fixtures (../shared/fixtures).

For each page it runs `dubao parse SOURCE --json` (the real command line) and the project's
checker, and prints a Markdown table per layout:

- pages: pages with expectations in that layout (the layout the expectation names; older
  page files that name none are printed pages, page-markdown);
- fully to spec: pages on which every expectation holds (check_parse passes);
- characters kept: letters, digits and CJK characters of the source found in the output,
  divided by those in the source, counted as check_parse's conservation check counts them
  (from the first `## ` line on, markup and jump lines left out). Sources that are not text
  (JSON, XML: "conservation": false) are left out of this column; text pages whose
  expectation turns the checker's rule off for its blind spots ("conservation_note") are
  counted with them corrected: HTML entities are markup, an article's `links` are kept.

Usage: python bench/fidelity.py [--verbose] [EXPECT.json | FOLDER ...]
Exit status 0 (it measures; it does not judge), 2 when the checker is missing.
"""
from __future__ import annotations

import argparse
import html
import importlib.util
import json
import re
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CHECK_PARSE = SHARED / "tools" / "check_parse.py"
DEFAULT_ROOTS = [REPO / "tests" / "data" / "real", REPO / "tests" / "data" / "pages", SHARED / "fixtures"]
LAYOUT_ORDER = ["page-markdown", "article-markdown", "issue-markdown", "plain-text"]


@dataclass
class Row:
    pages: int = 0
    to_spec: int = 0
    kept: int = 0
    total: int = 0
    failing: list[str] = field(default_factory=list)


def load_checker():
    spec = importlib.util.spec_from_file_location("check_parse", CHECK_PARSE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def expect_files(args: list[str]) -> list[Path]:
    roots = [Path(a) for a in args] or DEFAULT_ROOTS
    found: list[Path] = []
    for root in roots:
        if root.is_file():
            found.append(root)
        elif root.is_dir():
            found.extend(sorted(root.rglob("*.expect.json")))
    return found


def parse(source: Path) -> tuple[dict | None, str]:
    run = subprocess.run([sys.executable, "-m", "reader.cli", "parse", str(source), "--json"],
                         capture_output=True, check=False, cwd=REPO)
    if run.returncode != 0:
        return None, run.stderr.decode(errors="replace").strip()
    try:
        return json.loads(run.stdout), ""
    except json.JSONDecodeError as error:
        return None, f"output is not JSON: {error}"


def characters(checker, expect: dict, actual: dict | None, source_text: str) -> tuple[int, int]:
    """(kept, total) meaningful characters of the source, as the conservation check counts them
    (with its blind spots corrected where the expectation says so)."""
    corrected = bool(expect.get("conservation_note"))
    start = re.search(r"^## ", source_text, re.M)
    region = source_text[start.start():] if start else source_text
    region = re.sub(r"<[^>]+>", "", region)
    if corrected:
        region = html.unescape(region)
    region = checker.JUMP.sub("", region)
    need = checker.meaningful_chars(region)
    pages = (actual or {}).get("pages") or []
    kept = "".join(checker.kept_text(pages))
    if corrected:
        kept += "".join(link for page in pages for article in page.get("articles") or []
                        for link in article.get("links") or [])
    have = checker.meaningful_chars(kept)
    kept = sum(min(count, have[ch]) for ch, count in need.items())
    return kept, sum(need.values())


def layout_of(expect: dict, source: Path, actual: dict | None) -> str:
    if expect.get("layout"):
        return expect["layout"]
    if source.suffix.lower() in (".md", ".txt"):
        return "page-markdown"  # the page files written before layouts were named
    return (actual or {}).get("layout") or "unknown"


def measure(paths: list[Path], verbose: bool) -> dict[str, Row]:
    checker = load_checker()
    rows: dict[str, Row] = defaultdict(Row)
    for path in paths:
        expect = json.loads(path.read_text(encoding="utf-8"))
        source = path.parent / expect["file"]
        actual, error = parse(source)
        row = rows[layout_of(expect, source, actual)]
        row.pages += 1
        text = source.read_bytes().decode(expect.get("encoding", "utf-8-sig"))
        failures = [error] if actual is None else checker.check(expect, actual, text).failures
        if not failures:
            row.to_spec += 1
        else:
            row.failing.append(f"{path}: {len(failures)} failed")
        if expect.get("conservation", True) or expect.get("conservation_note"):
            kept, total = characters(checker, expect, actual, text)
            row.kept += kept
            row.total += total
        if verbose:
            state = "ok" if not failures else f"{len(failures)} failed: {failures[0][:100]}"
            print(f"{path}: {state}", file=sys.stderr)
    return rows


def table(rows: dict[str, Row]) -> str:
    order = [name for name in LAYOUT_ORDER if name in rows] + sorted(set(rows) - set(LAYOUT_ORDER))
    lines = ["| layout | pages | fully to spec | characters kept |", "|---|---:|---:|---:|"]
    total = Row()
    for name in order:
        row = rows[name]
        lines.append(f"| {name} | {row.pages} | {row.to_spec} | {percent(row)} |")
        total.pages += row.pages
        total.to_spec += row.to_spec
        total.kept += row.kept
        total.total += row.total
    lines.append(f"| **all** | {total.pages} | {total.to_spec} | {percent(total)} |")
    return "\n".join(lines)


def percent(row: Row) -> str:
    if not row.total:
        return "—"
    return f"{100 * row.kept / row.total:.2f}% ({row.kept}/{row.total})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", help="expectation files or folders (default: all)")
    parser.add_argument("--verbose", action="store_true", help="one line per page on stderr")
    args = parser.parse_args(argv)
    if not CHECK_PARSE.exists():
        print(f"fidelity: {CHECK_PARSE} is missing (the shared checker must sit beside the checkout)",
              file=sys.stderr)
        return 2
    print(table(measure(expect_files(args.paths), args.verbose)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
