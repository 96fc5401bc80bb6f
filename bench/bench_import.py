#!/usr/bin/env python3
"""Import benchmark: `import_paths` over a synthetic archive, against a bare insert baseline.

    python bench/bench_import.py [--pages 10000] [--seed 0] [--workers N] [--profile-pages 1000]

1. The archive comes from bench/generate_archive.py (cached under bench/out/).
2. Parse only: `prepare_file` over every file in one process (timed) — where import time goes.
   The same parse (untimed) gives the rows of the baseline.
3. Import: `import_paths(db, [archive], workers=N)` into a fresh library (timed); the
   library's article count is checked against the generator's.
4. Baseline: the rows the import writes (publications, issues, sources, pages, articles,
   article_parts, paragraphs, captions, article_tables, article_aliases; same columns, jumps
   merged the same way), built in memory untimed, then a bare sqlite-utils `insert_all` per
   table (default batch size) in ONE transaction, timed, into a library created by
   `open_library` on a new path: the same schema and PRAGMAs, the search index rows included
   (search_docs and search_fts, with the tokens the workers made).
5. cProfile of importing the first --profile-pages files (workers=1, so the parse shows too).

Targets: 10,000 pages in < 60 s; import ≤ 3× the baseline. Figures only, no assertions.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import shutil
import tempfile
import time
from pathlib import Path

from bench_common import cached_archive, file_size, load, met, say, table

from reader.store.db import open_library
from reader.store.ids import article_id_for
from reader.store.importer import UNKNOWN_PUBLICATION, find_page_files, import_paths, prepare_file
from reader.store.jumps import headline_similarity

TABLES = ("publications", "issues", "sources", "pages", "articles", "article_parts",
          "paragraphs", "captions", "article_tables", "article_aliases", "search_docs")
TARGET_SECONDS_PER_10K = 60.0
TARGET_RATIO = 3.0
IMPORTED_AT = "2026-01-01T00:00:00+00:00"


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)


class BaselineRows:
    """The rows `store_page` would write for pages given in import order, built in memory.
    Jump halves are merged as the importer does (find_predecessor / find_successors)."""

    def __init__(self) -> None:
        self.publications: dict[str, dict] = {}
        self.issues: dict[tuple[int, str], dict] = {}
        self.sources: list[dict] = []
        self.pages: dict[tuple[int, str], dict] = {}
        self.parts: list[dict] = []
        self.parts_on_page: dict[tuple[int, int], list[dict]] = {}
        self.paragraphs: list[dict] = []
        self.captions: list[dict] = []
        self.article_tables: list[dict] = []
        self.aliases: dict[str, str] = {}
        self.part_tokens: dict[int, tuple[str, str]] = {}
        self.article_kept: dict[str, bool] = {}
        self.duplicates = 0

    def add(self, prepared) -> None:
        if prepared.error is not None:
            return
        parsed = prepared.parsed
        page = parsed.page
        name = parsed.publication.name or UNKNOWN_PUBLICATION
        fields = {k: v for k, v in vars(parsed.publication).items() if k != "name"}
        pub = self.publications.get(name)
        if pub is None:
            pub = self.publications[name] = {"id": len(self.publications) + 1, "name": name, **fields}
        else:
            _fill_nulls(pub, fields)
        date_key = parsed.issue.date or "undated"
        issue_fields = {"lunar_date": parsed.issue.lunar_date, "weekday": parsed.issue.weekday,
                        "number": parsed.issue.number}
        issue = self.issues.get((pub["id"], date_key))
        if issue is None:
            issue = self.issues[(pub["id"], date_key)] = {
                "id": len(self.issues) + 1, "publication_id": pub["id"], "date": parsed.issue.date,
                "date_key": date_key, **issue_fields}
        else:
            _fill_nulls(issue, issue_fields)
        file_name = Path(prepared.path).name
        page_key = str(page.number) if page.number is not None else f"file:{file_name}"
        if (issue["id"], page_key) in self.pages:
            self.duplicates += 1  # a replaced page: not modelled (a fresh archive has none)
            return
        source_id = len(self.sources) + 1
        self.sources.append({
            "id": source_id, "name": file_name, "path": str(Path(prepared.path).resolve()),
            "sha256": prepared.sha256, "encoding": parsed.encoding, "size": prepared.size,
            "imported_at": IMPORTED_AT})
        page_id = len(self.pages) + 1
        self.pages[(issue["id"], page_key)] = {
            "id": page_id, "issue_id": issue["id"], "page_key": page_key, "number": page.number,
            "name": page.name, "editors": dumps(page.editors), "extras": dumps(page.extras),
            "warnings": dumps(parsed.warnings), "source_id": source_id}
        self.pages[(issue["id"], page_key)]["content_hash"] = prepared.content_hash
        seen: dict[str, int] = {}
        for position, article in enumerate(page.articles):
            occurrence = seen.get(article.headline, 0)
            seen[article.headline] = occurrence + 1
            own_id = article_id_for(name, parsed.issue.date, page_key, article.headline, occurrence)
            target = self._predecessor(issue["id"], page.number, article) or own_id
            successor = self._successor(issue["id"], page.number, article)
            if successor and successor != target:
                for part in self.parts:
                    if part["article_id"] == successor:
                        part["article_id"] = target
                for alias, current in self.aliases.items():
                    if current == successor:
                        self.aliases[alias] = target
                self.aliases[successor] = target
                self.article_kept.pop(successor, None)
            if own_id != target:
                self.aliases[own_id] = target
            self.article_kept.setdefault(target, True)
            part_id = len(self.parts) + 1
            part = {
                "id": part_id, "article_id": target, "page_id": page_id, "own_id": own_id,
                "position": position, "headline": article.headline, "byline": article.byline,
                "dateline": article.dateline, "reporters": dumps(article.reporters),
                "photographers": dumps(article.photographers), "kind": article.kind,
                "continued_from": article.continued_from, "continued_to": article.continued_to,
                "layout": json.dumps(article.layout)}
            self.parts.append(part)
            if prepared.tokens:
                self.part_tokens[part_id] = prepared.tokens[position]
            if page.number is not None:
                self.parts_on_page.setdefault((issue["id"], page.number), []).append(part)
            self.paragraphs += [{"part_id": part_id, "seq": i, "text": t}
                                for i, t in enumerate(article.paragraphs)]
            self.captions += [{"part_id": part_id, "seq": i, "text": c.text, "credit": c.credit,
                               "image": c.image} for i, c in enumerate(article.captions)]
            self.article_tables += [{"part_id": part_id, "seq": i, "rows": dumps(t)}
                                    for i, t in enumerate(article.tables)]

    def _predecessor(self, issue_id, page_number, article) -> str | None:
        if article.continued_from is None or page_number is None:
            return None
        on_this_page = {p["article_id"] for p in self.parts_on_page.get((issue_id, page_number), [])}
        candidates = [(p["article_id"], p["headline"])
                      for p in self.parts_on_page.get((issue_id, article.continued_from), [])
                      if p["continued_to"] == page_number and p["article_id"] not in on_this_page]
        return _best(candidates, article.headline)

    def _successor(self, issue_id, page_number, article) -> str | None:
        if article.continued_to is None or page_number is None:
            return None
        candidates = [(p["article_id"], p["headline"])
                      for p in self.parts_on_page.get((issue_id, article.continued_to), [])
                      if p["continued_from"] == page_number and p["article_id"] == p["own_id"]]
        return _best(candidates, article.headline)

    def articles(self) -> list[dict]:
        """One row per article, summarised from its parts in page order (refresh_article)."""
        page_number = {p["id"]: p["number"] for p in self.pages.values()}
        issue_of_page = {p["id"]: p["issue_id"] for p in self.pages.values()}
        by_article: dict[str, list[dict]] = {}
        for part in self.parts:
            by_article.setdefault(part["article_id"], []).append(part)
        rows = []
        for article_id, parts in by_article.items():
            parts.sort(key=lambda p: (page_number[p["page_id"]] is None,
                                      page_number[p["page_id"]] or 0, p["id"]))
            first = parts[0]
            byline = next((p for p in parts if p["byline"]), None)
            reporters, photographers = [], []
            for p in parts:
                reporters += [n for n in json.loads(p["reporters"]) if n not in reporters]
                photographers += [n for n in json.loads(p["photographers"]) if n not in photographers]
            rows.append({
                "id": article_id, "issue_id": issue_of_page[first["page_id"]],
                "headline": first["headline"],
                "kind": "news" if any(p["kind"] == "news" for p in parts) else first["kind"],
                "byline": byline["byline"] if byline else None,
                "dateline": byline["dateline"] if byline else None,
                "reporters": dumps(reporters), "photographers": dumps(photographers),
                "first_page": page_number[first["page_id"]], "position": first["position"]})
        return rows

    def tables(self) -> dict[str, list[dict]]:
        return {
            "publications": list(self.publications.values()),
            "issues": list(self.issues.values()),
            "sources": self.sources,
            "pages": list(self.pages.values()),
            "articles": self.articles(),
            "article_parts": self.parts,
            "paragraphs": self.paragraphs,
            "captions": self.captions,
            "article_tables": self.article_tables,
            "article_aliases": [{"alias": a, "article_id": t} for a, t in self.aliases.items()],
            **self.search_rows(),
        }

    def search_rows(self) -> dict[str, list[dict]]:
        """The search index rows the import writes too (one per article, the tokens the
        workers made), so that the baseline inserts everything the import inserts."""
        publication_of_issue = {i["id"]: i["publication_id"] for i in self.issues.values()}
        issue_of_page = {p["id"]: p["issue_id"] for p in self.pages.values()}
        docs, fts, seen = [], [], set()
        for part in self.parts:
            if part["article_id"] in seen or part["id"] not in self.part_tokens:
                continue
            seen.add(part["article_id"])
            doc = len(docs) + 1
            docs.append({"doc": doc, "article_id": part["article_id"],
                         "publication_id": publication_of_issue[issue_of_page[part["page_id"]]]})
            headline, body = self.part_tokens[part["id"]]
            fts.append({"rowid": doc, "headline": headline, "body": body})
        return {"search_docs": docs, "search_fts": fts}


def _fill_nulls(row: dict, fields: dict) -> None:
    for key, value in fields.items():
        if value is not None and row.get(key) is None:
            row[key] = value


def _best(candidates, headline):
    if not candidates:
        return None
    return min(candidates, key=lambda c: -headline_similarity(c[1], headline))[0]


def counts(db) -> dict[str, int]:
    return {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}


def checkpoint_size(db, path: Path) -> int:
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return file_size(path)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=max(1, (os.cpu_count() or 2) - 1),
                        help="parsing processes besides the writer (default: cores - 1, as `dubao import`)")
    parser.add_argument("--profile-pages", type=int, default=1000,
                        help="files to import under cProfile (0: no profile)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary libraries")
    args = parser.parse_args(argv)

    say(f"bench_import: {args.pages} pages, seed {args.seed}, {args.workers} workers ({load()})")
    archive = cached_archive(args.pages, args.seed)
    files, _ = find_page_files([archive.out_dir])
    if len(files) != archive.pages:
        say(f"WARNING: {len(files)} page files found, the generator wrote {archive.pages}")
    work = Path(tempfile.mkdtemp(prefix="dubao-bench-import-"))
    figures: dict[str, float] = {}
    try:
        # -- parse only (1 process), and the baseline rows from the same parse, untimed ---
        say(f"parse only, 1 process ({load()})")
        rows = BaselineRows()
        parse_s = 0.0
        parse_failed = 0
        for path in files:
            started = time.perf_counter()
            prepared = prepare_file(str(path))
            parse_s += time.perf_counter() - started
            parse_failed += prepared.error is not None
            rows.add(prepared)
        tables = rows.tables()
        figures["parse_s"] = parse_s
        say(f"parsed in {parse_s:.1f} s ({parse_failed} failed) ({load()})")

        # -- import -------------------------------------------------------------------------
        library = work / "library.db"
        db = open_library(library)
        say(f"import into {library} ({load()})")
        load_before = load()
        started = time.perf_counter()
        report = import_paths(db, [archive.out_dir], workers=args.workers)
        import_s = time.perf_counter() - started
        load_after = load()
        imported = counts(db)
        library_size = checkpoint_size(db, library)
        db.close()
        say(f"imported in {import_s:.1f} s: {report.summary()} ({load_after})")

        # -- baseline -------------------------------------------------------------------------
        base_path = work / "baseline.db"
        base = open_library(base_path)
        for name in TABLES:  # the schema may have moved on: say so rather than mis-measure
            have = set(base.table(name).columns_dict)
            given = set(tables[name][0]) if tables[name] else have
            if have != given:
                say(f"WARNING: baseline {name} columns differ from the schema: "
                    f"missing {sorted(have - given)}, extra {sorted(given - have)}")
        say(f"baseline insert_all into {base_path} ({load()})")
        started = time.perf_counter()
        with base.atomic():
            for name in TABLES + ("search_fts",):
                if tables[name]:
                    base.table(name).insert_all(tables[name])
        baseline_s = time.perf_counter() - started
        baseline_counts = counts(base)
        baseline_size = checkpoint_size(base, base_path)
        base.close()
        say(f"baseline in {baseline_s:.1f} s ({load()})")
        duplicates = rows.duplicates
        del tables, rows

        # -- profile --------------------------------------------------------------------------
        profile_text = ""
        if args.profile_pages:
            subset = files[:args.profile_pages]
            prof_db = open_library(work / "profile.db")
            say(f"cProfile: import of the first {len(subset)} files, workers=1 ({load()})")
            profiler = cProfile.Profile()
            started = time.perf_counter()
            profiler.enable()
            import_paths(prof_db, subset, workers=1)
            profiler.disable()
            profiled_s = time.perf_counter() - started
            prof_db.close()
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out).strip_dirs()
            stats.sort_stats("cumulative").print_stats(25)
            out.write("\n--- top 15 by own time (tottime) ---\n")
            stats.sort_stats("tottime").print_stats(15)
            profile_text = f"(profiled run: {profiled_s:.1f} s with profiler overhead)\n" + out.getvalue()
    finally:
        if args.keep:
            say(f"libraries kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    # -- report -------------------------------------------------------------------------------
    pages = archive.pages
    articles = imported["articles"]
    print()
    print(f"Archive: {archive.out_dir}")
    print(f"  {archive.pages} pages, {archive.issues} issues, {archive.articles} articles "
          f"({archive.article_blocks} headline blocks, {archive.jumps} jumps), "
          f"{archive.bytes / 1e6:.1f} MB; {archive.gb18030_files} GB18030, {archive.bom_files} BOM")
    print(f"  import workers: {args.workers}; load before import: {load_before}; after: {load_after}")
    print()
    print("Article count check:")
    print(f"  articles in library {articles} vs generator {archive.articles}: "
          + ("OK" if articles == archive.articles else f"MISMATCH ({articles - archive.articles:+d})"))
    print(f"  import report articles {report.articles} vs generator headline blocks "
          f"{archive.article_blocks}: "
          + ("OK" if report.articles == archive.article_blocks
             else f"MISMATCH ({report.articles - archive.article_blocks:+d})"))
    print(f"  files: {report.count('imported')} imported, {len(report.failed)} failed"
          + (f" (first: {report.failed[0].path}: {report.failed[0].error})" if report.failed else ""))
    print()
    print("Rows written, import vs baseline:")
    print(table([(t, imported[t], baseline_counts[t],
                  "" if imported[t] == baseline_counts[t] else "DIFFERS") for t in TABLES],
                ("table", "import", "baseline", "")))
    if duplicates:
        print(f"  ({duplicates} duplicate pages skipped by the baseline)")
    print()
    ratio = import_s / baseline_s if baseline_s else float("inf")
    scaled = import_s * 10000 / pages if pages else 0
    print("Import figures:")
    print(table([
        ("import (s)", f"{import_s:.1f}", (f"< {TARGET_SECONDS_PER_10K:.0f} s per 10,000 pages "
         f"(here {scaled:.1f} s per 10,000)"), met(scaled < TARGET_SECONDS_PER_10K)),
        ("pages/s", f"{pages / import_s:.0f}", f">= {10000 / TARGET_SECONDS_PER_10K:.0f}",
         met(pages / import_s >= 10000 / TARGET_SECONDS_PER_10K)),
        ("articles/s", f"{articles / import_s:.0f}", "", ""),
        ("parse only, 1 process (s)", f"{parse_s:.1f}",
         (f"{pages / parse_s:.0f} pages/s; {100 * parse_s / import_s / max(1, args.workers):.0f}% "
          f"of import wall time if spread over {args.workers} workers"), ""),
        ("baseline insert_all (s)", f"{baseline_s:.1f}",
         "same schema and search rows, one transaction", ""),
        ("ratio import/baseline", f"{ratio:.1f}x", f"<= {TARGET_RATIO:.0f}x", met(ratio <= TARGET_RATIO)),
        ("library size (MB)", f"{library_size / 1e6:.1f}",
         (f"baseline {baseline_size / 1e6:.1f} MB; archive "
          f"{archive.bytes / 1e6:.1f} MB"), ""),
    ], ("figure", "value", "target / note", "")))
    if profile_text:
        print()
        print(f"cProfile of the import of the first {args.profile_pages} files (workers=1), "
              "top 25 cumulative:")
        print(profile_text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
