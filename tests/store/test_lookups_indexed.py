"""What a library does once per file, page or article must be a lookup, never a scan of a
table: a scan per row is fine with a hundred pages and takes hours with a decade of papers."""
from __future__ import annotations

import re

from helpers.pages import make_issue_pages
from helpers.paths import QINGXI, SAMPLE

from reader.store.importer import import_paths
from reader.store.remove import remove_source
from reader.store.scan_sources import scan_source

TABLES = {"pages", "sources", "articles", "article_parts", "article_aliases", "paragraphs", "issues",
          "search_docs", "annotations", "bookmarks", "corrections"}


def scans(db, statements: list[str]) -> list[str]:
    """The statements among STATEMENTS whose plan scans one of TABLES (but for a look at
    whether a table has any row at all)."""
    found = []
    for sql in dict.fromkeys(statements):
        if not re.match(r"\s*(SELECT|UPDATE|DELETE|INSERT|WITH)\b", sql, re.IGNORECASE):
            continue
        if re.fullmatch(r"SELECT 1 FROM \w+ LIMIT 1", sql.strip()):
            continue
        plan = [row[3] for row in db.conn.execute("EXPLAIN QUERY PLAN " + sql)]
        if any((m := re.match(r"SCAN (\w+)", step)) and m.group(1) in TABLES for step in plan):
            found.append(f"{sql}\n    {plan}")
    return found


def test_importing_again_removing_a_folder_and_finding_a_scan_look_rows_up(db, tmp_path):
    folder = tmp_path / "papers"
    pages = make_issue_pages(folder, 3)
    for page in (QINGXI / "qingxi-2023-03-08-p1.md", SAMPLE):
        (folder / page.name).write_bytes(page.read_bytes())
    import_paths(db, [folder])
    page_ids = [r[0] for r in db.execute("SELECT id FROM pages")]
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        pages[0].write_text(pages[0].read_text(encoding="utf-8").replace("青溪", "清溪", 1), encoding="utf-8")
        import_paths(db, [folder])  # a changed file: its old source row goes
        for page_id in page_ids:
            scan_source(db, page_id)
        remove_source(db, pages[1])
        remove_source(db, SAMPLE.name)  # by its name alone
        remove_source(db, folder)
    finally:
        db.conn.set_trace_callback(None)
    assert db.execute("SELECT COUNT(*) FROM pages").fetchone()[0] == 0
    found = scans(db, statements)
    assert not found, "\n".join(found)
