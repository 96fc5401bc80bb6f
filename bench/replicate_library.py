#!/usr/bin/env python3
"""Make a big library from an imported one by copying its rows COPIES times, each copy's
issues dated later by the source's whole span (new ids, the same texts), then rebuilding the
search index (each source document tokenised once): a million-article library for search
benchmarks in a fraction of an import's time. SOURCE's index must be current. The text repeats, so every term's count grows exactly COPIES times: timings are what
such a library gives, term statistics are those of the source.

    python bench/replicate_library.py SOURCE.db OUT.db --copies 10
"""
from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))


def replicate(source: Path, out: Path, copies: int) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(out) + suffix).unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(out)
    src.backup(dst)
    src.close()
    dst.execute("PRAGMA journal_mode = WAL")
    dst.execute("PRAGMA synchronous = OFF")
    c = dst.execute
    first, last = c("SELECT MIN(date), MAX(date) FROM issues").fetchone()
    span = c("SELECT julianday(?) - julianday(?) + 1", [last, first]).fetchone()[0]
    big = {t: c(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {t}").fetchone()[0]
           for t in ("issues", "sources", "pages", "article_parts")}
    aliases = c("SELECT COALESCE(MAX(rowid), 0) FROM article_aliases").fetchone()[0]
    for k in range(1, copies):
        started = time.perf_counter()
        shift = f"+{int(span * k)} days"
        o = {t: n * k for t, n in big.items()}
        c("BEGIN")
        c("""INSERT INTO issues (id, publication_id, date, date_key, lunar_date, weekday, number)
             SELECT id + ?, publication_id, date(date, ?), CASE WHEN date IS NULL THEN date_key || ?
             ELSE date(date, ?) END, lunar_date, weekday, number FROM issues WHERE id < ?""",
          [o["issues"], shift, f"-{k}", shift, big["issues"]])
        c("""INSERT INTO sources (id, name, path, sha256, encoding, size, imported_at)
             SELECT id + ?, name, path, sha256, encoding, size, imported_at FROM sources WHERE id < ?""",
          [o["sources"], big["sources"]])
        c("""INSERT INTO pages (id, issue_id, page_key, number, name, editors, extras, warnings, source_id,
             content_hash) SELECT id + ?, issue_id + ?, page_key, number, name, editors, extras, warnings,
             source_id + ?, content_hash FROM pages WHERE id < ?""",
          [o["pages"], o["issues"], o["sources"], big["pages"]])
        c("""INSERT INTO articles (id, issue_id, headline, kind, byline, dateline, reporters, photographers,
             first_page, position) SELECT id || ?, issue_id + ?, headline, kind, byline, dateline, reporters,
             photographers, first_page, position FROM articles WHERE issue_id < ?""",
          [f"-{k}", o["issues"], big["issues"]])
        c("""INSERT INTO article_parts (id, article_id, page_id, own_id, position, headline, byline, dateline,
             reporters, photographers, kind, continued_from, continued_to, layout, source_id, subheads, links)
             SELECT id + ?, article_id || ?, page_id + ?, own_id || ?, position,
             headline, byline, dateline, reporters, photographers, kind, continued_from, continued_to, layout,
             source_id, subheads, links FROM article_parts WHERE id < ?""",
          [o["article_parts"], f"-{k}", o["pages"], f"-{k}", big["article_parts"]])
        for table, columns in (("paragraphs", "seq, text"), ("captions", "seq, text, credit, image"),
                               ("article_tables", "seq, rows")):
            c(f"""INSERT INTO {table} (part_id, {columns}) SELECT part_id + ?, {columns} FROM {table}
                  WHERE part_id < ?""", [o["article_parts"], big["article_parts"]])
        c("""INSERT INTO article_aliases SELECT alias || ?, article_id || ? FROM article_aliases
             WHERE rowid <= ?""", [f"-{k}", f"-{k}", aliases])
        c("COMMIT")
        print(f"copy {k}: {time.perf_counter() - started:.0f} s", flush=True)
    dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    _index_copies(dst, copies, span, big["pages"])
    dst.close()


def _index_copies(dst: sqlite3.Connection, copies: int, span: float, pages_offset: int) -> None:
    """Index the copies from the source's index: each source document's tokens are made
    once and inserted for every copy (row ids shifted by the copy's days)."""
    from reader.store.search_index import (
        DAY_SHIFT,
        _chars_row,
        _meta,
        article_blocks,
        doc_tokens,
        notes_blocks,
    )
    from reader.store.search_open import ReadConnection

    reader = ReadConnection(dst)
    rows = dst.execute("SELECT doc, article_id, page_id, publication_id FROM search_docs ORDER BY doc").fetchall()
    started = time.perf_counter()
    for start in range(0, len(rows), 2000):
        chunk = rows[start:start + 2000]
        texts = article_blocks(reader, [r[1] for r in chunk if r[1] is not None])
        page_ids = [r[2] for r in chunk if r[2] is not None]
        extras = dict(dst.execute(f"SELECT id, extras FROM pages WHERE id IN ({','.join('?' * len(page_ids))})",
                                  page_ids).fetchall()) if page_ids else {}
        tokens = []
        for doc, article_id, page_id, publication_id in chunk:
            if article_id is not None:
                blocks = texts.get(article_id) or [""]
                tokens.append((doc, article_id, page_id, publication_id, doc_tokens(blocks[:1], blocks[1:])))
            else:
                tokens.append((doc, None, page_id, publication_id, doc_tokens([], notes_blocks(extras.get(page_id)))))
        dst.execute("BEGIN")
        for k in range(1, copies):
            shift = int(span * k) * DAY_SHIFT
            dst.executemany("INSERT INTO search_docs (doc, article_id, page_id, publication_id) VALUES (?, ?, ?, ?)",
                            [(d + shift, a + f"-{k}" if a else None, p + pages_offset * k if p else None, pub)
                             for d, a, p, pub, _ in tokens])
            dst.executemany("INSERT INTO search_fts (rowid, body, headline, meta) VALUES (?, ?, ?, ?)",
                            [(d + shift, t.body, t.headline, _meta(pub)) for d, _, _, pub, t in tokens])
            dst.executemany("INSERT INTO search_chars (rowid, chars) VALUES (?, ?)",
                            [(d + shift, _chars_row(t, _meta(pub))) for d, _, _, pub, t in tokens])
        dst.execute("COMMIT")
        if start % 20000 == 0:
            print(f"  indexed copies of {start + len(chunk)}/{len(rows)} documents, "
                  f"{time.perf_counter() - started:.0f} s", flush=True)
    # Every document is there COPIES times: so is every token's document count.
    dst.execute("UPDATE search_counts SET docs = docs * ?", [copies])
    print(f"merging the index ({time.perf_counter() - started:.0f} s so far)", flush=True)
    for table in ("search_fts", "search_chars"):
        dst.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
    dst.commit()
    dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    print(f"copies indexed in {time.perf_counter() - started:.0f} s", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--copies", type=int, default=10)
    args = parser.parse_args()
    if args.out.resolve() == args.source.resolve():
        parser.error("OUT must differ from SOURCE")
    started = time.perf_counter()
    replicate(args.source, args.out, args.copies)
    print(f"library made in {time.perf_counter() - started:.0f} s", flush=True)
    conn = sqlite3.connect(args.out)
    print(f"{conn.execute('SELECT COUNT(*) FROM articles').fetchone()[0]} articles in {args.out}")
    conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
