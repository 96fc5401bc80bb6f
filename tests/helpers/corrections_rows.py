"""Correction rows written straight into a library, for tests of lists and paging."""
from __future__ import annotations

import uuid

from reader.store.writer import write_transaction


def add_correction_rows(db, article_ids: list[str], count: int) -> list[dict]:
    """COUNT corrections spread over ARTICLE_IDS (one in seven noted 人名, one in ten a
    conflict, a second apart), and one more of an article not in the library."""
    rows = []
    for n in range(count):
        rows.append({"id": f"urn:uuid:{uuid.uuid4()}", "article_id": article_ids[n % len(article_ids)],
                     "block": "paragraph", "block_index": 0, "start": 0, "end": 1,
                     "original": f"旧{n}", "replacement": f"新{n}", "note": "人名" if n % 7 == 0 else None,
                     "editor": "Ann" if n % 2 else "Bo", "created_at": f"2026-01-01T00:{n // 60:02d}:{n % 60:02d}",
                     "status": "conflict" if n % 10 == 0 else "applied"})
    rows.append(dict(rows[-1], id=f"urn:uuid:{uuid.uuid4()}", article_id="gone"))  # its article is not there
    with write_transaction(db):
        db["corrections"].insert_all(rows)
    return rows
