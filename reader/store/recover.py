"""Saving what can be read of a damaged library into a NEW one; the damaged file is only
ever opened read-only (mode=ro, else immutable), never written.

How: SQLite's own `.recover` (the sqlite3 shell) needs the sqlite_dbpage virtual table,
which common builds lack (Debian's 3.40 shell answers "SQL logic error"), and Python's
sqlite3 module has no recovery API. So the salvage is done here, table by table and row by
row in key order: a read that fails skips ahead (to the next key that can be read) rather
than giving up the table. The rows are written into a library made by this version (every
migration applied), rows whose parent was lost are dropped, articles left with no text are
dropped (their bookmarks and annotations stay, as orphans), and the search index is built
anew.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from .db import open_untouched
from .errors import LibraryError

CHUNK = 1000
MAX_SKIP_TRIES = 48
# Rebuilt rather than copied: derived from the rest, or about the processes of the old file.
NOT_COPIED_PREFIXES = ("sqlite_", "search_", "_sqlite_migrations", "dubao_sessions")


@dataclass
class TableSalvage:
    saved: int = 0
    unreadable: int = 0  # read errors met (each may hide one row or many)
    dropped: int = 0  # saved rows whose parent row was lost


@dataclass
class RecoveryReport:
    method: str = "row-by-row salvage with Python's sqlite3 module"
    tables: dict[str, TableSalvage] = field(default_factory=dict)
    schema_readable: bool = True

    @property
    def rows(self) -> int:
        return sum(t.saved - t.dropped for t in self.tables.values())

    @property
    def damaged(self) -> bool:
        return (not self.schema_readable
                or any(t.unreadable or t.dropped for t in self.tables.values()))

    def summary(self) -> str:
        lost = [f"{name} ({t.unreadable} unreadable, {t.dropped} without parent)"
                for name, t in self.tables.items() if t.unreadable or t.dropped]
        articles = self.tables.get("articles", TableSalvage())
        text = (f"saved {self.rows:,} rows ({articles.saved - articles.dropped:,} articles) by "
                f"{self.method}")
        return text + ("; losses in " + ", ".join(lost) if lost else "; nothing was unreadable")


def _columns(db: Database, table: str) -> list[str]:
    return [r[1] for r in db.execute(f'PRAGMA table_info("{table}")')]


def _key_columns(db: Database, table: str) -> tuple[list[str], bool]:
    """(columns that order the table's rows, whether that is the rowid)."""
    sql = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", [table]).fetchone()[0] or ""
    if "WITHOUT ROWID" not in sql.upper():
        return ["rowid"], True
    info = sorted((r[5], r[1]) for r in db.execute(f'PRAGMA table_info("{table}")') if r[5])
    return [name for _, name in info], False


def _salvage_rows(src: Database, table: str, columns: list[str], salvage: TableSalvage):
    """Rows of TABLE in key order, skipping ahead past what cannot be read."""
    keys, by_rowid = _key_columns(src, table)
    selected = ", ".join(f'"{c}"' for c in columns)
    key_list = ", ".join(keys if by_rowid else [f'"{k}"' for k in keys])
    last: tuple | None = None
    while True:
        where, params = "", []
        if last is not None:
            where = f"WHERE ({key_list}) > ({', '.join('?' * len(keys))})"
            params = list(last)
        query = (f'SELECT {key_list}, {selected} FROM "{table}" {where} '
                 f"ORDER BY {key_list} LIMIT {CHUNK}")
        got = 0
        try:
            for row in src.execute(query, params):
                got += 1
                last = tuple(row[:len(keys)])
                yield row[len(keys):]
        except sqlite3.DatabaseError:
            salvage.unreadable += 1
            last = _skip_past(src, table, keys, key_list, last)
            if last is None:
                return
            continue
        if got < CHUNK:
            return


def _skip_past(src: Database, table: str, keys: list[str], key_list: str, last: tuple | None):
    """A key just before the first row after LAST that can be read again (None: give up).
    Steps grow (1, 2, 4, …) on the first key column, so a damaged stretch costs few tries."""
    first = keys[0] if keys == ["rowid"] else f'"{keys[0]}"'
    base = last[0] if last is not None else -(1 << 62)
    if not isinstance(base, int):
        return None
    for power in range(MAX_SKIP_TRIES):
        try:
            row = src.execute(f'SELECT {first} FROM "{table}" WHERE {first} >= ? ORDER BY 1 LIMIT 1',
                              [base + (1 << power)]).fetchone()
        except sqlite3.DatabaseError:
            continue
        if row is None:
            return None
        # Resume just before that key, so that every row with it is read.
        return (row[0] - 1, *([None] * (len(keys) - 1))) if len(keys) > 1 else (row[0] - 1,)
    return None


def recover_library(damaged: str | Path, new: str | Path, *,
                    progress: Callable[[str], None] | None = None) -> RecoveryReport:
    """Copy what SQLite can read of DAMAGED into a new library at NEW (which must not
    exist yet)."""
    from . import search_index
    from .db import open_library
    from .writer import write_transaction

    damaged, new = Path(damaged), Path(new)
    if new.exists() or new.is_symlink():
        raise LibraryError(f"{new}: already exists; recover into a new file")
    if new.absolute() == damaged.absolute():
        raise LibraryError(f"{new}: is the damaged library itself; recover into a new file")
    report = RecoveryReport()
    src = open_untouched(damaged)
    try:
        source_tables = {r[0] for r in src.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError:
        report.schema_readable = False
        source_tables = set()
    dst = open_library(new)
    try:
        dst.execute("PRAGMA foreign_keys = OFF")  # parents may be lost: dropped below
        tables = [r[0] for r in dst.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid")]
        with write_transaction(dst):
            for table in tables:
                if table.startswith(NOT_COPIED_PREFIXES) or table not in source_tables:
                    continue
                if progress is not None:
                    progress(table)
                salvage = report.tables.setdefault(table, TableSalvage())
                try:
                    wanted = set(_columns(dst, table))
                    columns = [c for c in _columns(src, table) if c in wanted]
                except sqlite3.DatabaseError:
                    salvage.unreadable += 1
                    continue
                names = ", ".join(f'"{c}"' for c in columns)
                insert = (f'INSERT OR IGNORE INTO "{table}" ({names}) '
                          f"VALUES ({', '.join('?' * len(columns))})")
                for row in _salvage_rows(src, table, columns, salvage):
                    salvage.saved += dst.conn.execute(insert, tuple(row)).rowcount
            if "dubao_meta" in report.tables:
                dst.execute("DELETE FROM dubao_meta WHERE key = 'tokenizer_version'")
            _drop_orphans(dst, report)
            _repair_parts(dst)
            search_index.rebuild_search_index(dst)
        dst.execute("PRAGMA foreign_keys = ON")
    finally:
        dst.close()
        sqlite3.Connection.close(src.conn)
    return report


def _drop_orphans(db: Database, report: RecoveryReport) -> None:
    """Rows whose parent row was lost cannot be shown; articles with no part left neither
    (bookmarks and annotations have no foreign key: they stay, as orphans)."""
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    removed = True
    while removed:
        removed = False
        for table in tables:
            for fk in db.execute(f'PRAGMA foreign_key_list("{table}")').fetchall():
                parent, child_column, parent_column = fk[2], fk[3], fk[4] or "rowid"
                gone = db.execute(
                    f'DELETE FROM "{table}" WHERE "{child_column}" IS NOT NULL AND "{child_column}" '
                    f'NOT IN (SELECT "{parent_column}" FROM "{parent}")').rowcount
                if gone:
                    report.tables.setdefault(table, TableSalvage()).dropped += gone
                    removed = True
    gone = db.execute("DELETE FROM articles WHERE id NOT IN (SELECT article_id FROM article_parts)").rowcount
    report.tables.setdefault("articles", TableSalvage()).dropped += gone


_PIECES = (("p", "paragraphs"), ("c", "captions"), ("t", "article_tables"))


def _repair_parts(db: Database) -> None:
    """A part whose paragraphs, captions or tables were partly lost: number what is left
    from 0 again and drop the lost ones from its reading order (`layout`)."""
    import json

    for part_id, layout_json in db.execute("SELECT id, layout FROM article_parts").fetchall():
        mappings: dict[str, dict[int, int]] = {}
        renumbered = False
        for kind, table in _PIECES:
            seqs = [r[0] for r in db.execute(f"SELECT seq FROM {table} WHERE part_id = ? ORDER BY seq", [part_id])]
            mappings[kind] = {old: new for new, old in enumerate(seqs)}
            if seqs != list(range(len(seqs))):
                renumbered = True
                for new, old in enumerate(seqs):  # through negatives: no clash with the key
                    db.execute(f"UPDATE {table} SET seq = ? WHERE part_id = ? AND seq = ?", [-1 - new, part_id, old])
                db.execute(f"UPDATE {table} SET seq = -1 - seq WHERE part_id = ? AND seq < 0", [part_id])
        try:
            layout = json.loads(layout_json)
        except (TypeError, ValueError):
            layout = None
        kept = [[kind, mappings[kind][index]] for kind, index in (layout or [])
                if kind in mappings and index in mappings[kind]]
        if renumbered or layout is None or len(kept) != len(layout):
            db.execute("UPDATE article_parts SET layout = ? WHERE id = ?", [json.dumps(kept), part_id])
