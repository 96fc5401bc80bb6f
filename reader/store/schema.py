"""The library's schema, as migrations: every change to it is a new migration, applied in
order to new and existing libraries alike."""
from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("dubao")


def run_script(db: Database, script: str) -> None:
    """Run DDL statements one by one: sqlite3's executescript() would commit the
    migration's transaction half-way."""
    for statement in script.split(";\n"):
        if statement.strip():
            db.execute(statement)


@migrations()
def m001_core(db: Database) -> None:
    run_script(db, """
    CREATE TABLE publications (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        slogan TEXT, cn_code TEXT, postal_code TEXT, website TEXT, email TEXT,
        address TEXT, postcode TEXT
    );
    CREATE TABLE issues (
        id INTEGER PRIMARY KEY,
        publication_id INTEGER NOT NULL REFERENCES publications(id),
        date TEXT,                      -- ISO date, NULL when the page did not say
        date_key TEXT NOT NULL,         -- date, or 'undated'
        lunar_date TEXT, weekday TEXT, number INTEGER,
        UNIQUE (publication_id, date_key)
    );
    CREATE INDEX issues_date ON issues(date);
    CREATE TABLE sources (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,             -- file name as given
        path TEXT NOT NULL,             -- absolute path when imported (images resolve beside it)
        sha256 TEXT NOT NULL,
        encoding TEXT,
        size INTEGER,
        imported_at TEXT NOT NULL
    );
    CREATE TABLE pages (
        id INTEGER PRIMARY KEY,
        issue_id INTEGER NOT NULL REFERENCES issues(id),
        page_key TEXT NOT NULL,         -- page number, or 'file:NAME' for an unnumbered page
        number INTEGER,
        name TEXT,
        editors TEXT NOT NULL DEFAULT '[]',   -- JSON list
        extras TEXT NOT NULL DEFAULT '[]',    -- JSON list: what belongs to no article
        warnings TEXT NOT NULL DEFAULT '[]',  -- JSON list
        source_id INTEGER NOT NULL REFERENCES sources(id),
        content_hash TEXT NOT NULL,     -- of the page's text and the parser: unchanged means the same
        UNIQUE (issue_id, page_key)
    );
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,            -- stable: derived from publication, date, page, headline
        issue_id INTEGER NOT NULL REFERENCES issues(id),
        headline TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT 'news',
        byline TEXT, dateline TEXT,
        reporters TEXT NOT NULL DEFAULT '[]',      -- JSON list
        photographers TEXT NOT NULL DEFAULT '[]',  -- JSON list
        first_page INTEGER,
        position INTEGER NOT NULL DEFAULT 0        -- order on its first page
    );
    CREATE INDEX articles_issue ON articles(issue_id, first_page, position);
    -- One part per page an article stands on; a story split by jump lines has two.
    CREATE TABLE article_parts (
        id INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id),
        page_id INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
        own_id TEXT NOT NULL,            -- the id this part would have on its own
        position INTEGER NOT NULL,       -- order on the page
        headline TEXT NOT NULL,          -- as printed on this page
        byline TEXT, dateline TEXT,
        reporters TEXT NOT NULL DEFAULT '[]',
        photographers TEXT NOT NULL DEFAULT '[]',
        kind TEXT NOT NULL DEFAULT 'news',
        continued_from INTEGER, continued_to INTEGER,
        layout TEXT NOT NULL DEFAULT '[]'  -- JSON reading order of paragraphs/captions/tables
    );
    CREATE INDEX article_parts_article ON article_parts(article_id);
    CREATE INDEX article_parts_page ON article_parts(page_id, position);
    CREATE TABLE paragraphs (
        part_id INTEGER NOT NULL REFERENCES article_parts(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (part_id, seq)
    ) WITHOUT ROWID;
    CREATE TABLE captions (
        part_id INTEGER NOT NULL REFERENCES article_parts(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        text TEXT NOT NULL, credit TEXT, image TEXT,
        PRIMARY KEY (part_id, seq)
    ) WITHOUT ROWID;
    CREATE TABLE article_tables (
        part_id INTEGER NOT NULL REFERENCES article_parts(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        rows TEXT NOT NULL,             -- JSON list of rows of cells
        PRIMARY KEY (part_id, seq)
    ) WITHOUT ROWID;
    -- When two stories turn out to be one (a jump line linked them), the id the second
    -- had keeps working.
    CREATE TABLE article_aliases (
        alias TEXT PRIMARY KEY,
        article_id TEXT NOT NULL
    );
    """)


@migrations()
def m002_search(db: Database) -> None:
    from .search_index import create_search_tables, rebuild_search_index

    create_search_tables(db)
    rebuild_search_index(db)


@migrations()
def m003_bookmarks_annotations(db: Database) -> None:
    # No foreign key to articles on purpose: a bookmark or annotation outlives a
    # re-import that drops its article, and is shown as orphaned, never deleted.
    run_script(db, """
    CREATE TABLE bookmarks (
        article_id TEXT PRIMARY KEY,
        note TEXT,
        created_at TEXT NOT NULL
    );
    CREATE TABLE annotations (
        id TEXT PRIMARY KEY,             -- a URN, kept across export and import
        article_id TEXT NOT NULL,
        exact TEXT NOT NULL, prefix TEXT NOT NULL DEFAULT '', suffix TEXT NOT NULL DEFAULT '',
        start INTEGER, "end" INTEGER,    -- TextPositionSelector over the article's text
        color TEXT NOT NULL DEFAULT 'yellow',
        note TEXT,
        tags TEXT NOT NULL DEFAULT '[]',
        orphaned INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        modified_at TEXT NOT NULL
    );
    CREATE INDEX annotations_article ON annotations(article_id);
    """)


@migrations()
def m004_store_meta(db: Database) -> None:
    # Facts about the library itself (the search tokenizer's version) and the processes
    # that have it open (a row left behind means one of them did not close it cleanly).
    from .search_index import TOKENIZER_VERSION

    run_script(db, """
    CREATE TABLE dubao_meta (
        key TEXT PRIMARY KEY,
        value TEXT
    );
    CREATE TABLE dubao_sessions (
        id TEXT PRIMARY KEY,             -- host:pid:random
        host TEXT NOT NULL,
        pid INTEGER NOT NULL,
        started_at TEXT NOT NULL
    );
    """)
    # An empty index holds no stale tokens; a filled one was made by the tokenizer of before
    # stamps, version 1 (re-indexed on open when this version's tokens differ).
    empty = db.execute("SELECT 1 FROM search_docs LIMIT 1").fetchone() is None
    db.execute("INSERT INTO dubao_meta (key, value) VALUES ('tokenizer_version', ?)",
               [str(TOKENIZER_VERSION if empty else 1)])


@migrations()
def m005_store_part_sources(db: Database) -> None:
    # The file each part of a page came from: a page made of several files (one article
    # per file) is replaced file by file, and its articles are in the order of their files.
    db.execute("ALTER TABLE article_parts ADD COLUMN source_id INTEGER")
    db.execute("ALTER TABLE sources ADD COLUMN content_hash TEXT")
    db.execute("CREATE INDEX article_parts_source ON article_parts(source_id)")


@migrations()
def m013_corrections(db: Database) -> None:
    # The archivist's corrections, each its own row over the imported text (never
    # overwritten): BLOCK/BLOCK_INDEX name the part corrected, START..END the span of that
    # part's ORIGINAL text, which ORIGINAL holds. No foreign key on purpose: a correction
    # outlives a re-import that changes or drops its article, and is then kept as a conflict.
    run_script(db, """
    CREATE TABLE corrections (
        id TEXT PRIMARY KEY,             -- a URN, kept across export and import
        article_id TEXT NOT NULL,
        block TEXT NOT NULL,             -- headline | byline | paragraph | caption
        block_index INTEGER NOT NULL DEFAULT 0,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        original TEXT NOT NULL,
        replacement TEXT NOT NULL,
        prefix TEXT NOT NULL DEFAULT '', suffix TEXT NOT NULL DEFAULT '',
        note TEXT,
        editor TEXT,
        created_at TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'applied'   -- applied | conflict
    );
    CREATE INDEX corrections_article ON corrections(article_id);
    -- A highlight whose words a correction rewrote keeps its place and is flagged.
    ALTER TABLE annotations ADD COLUMN rewritten INTEGER NOT NULL DEFAULT 0;
    """)


@migrations()
def m011_layout_geometry(db: Database) -> None:
    # Pages of layout-aware OCR (ALTO, hOCR, PaddleOCR) know where everything sits. Boxes
    # are stored in fractions of the page (origin top-left), so that a scan of any
    # resolution, or none, can be drawn under them. Blocks and zones point at the article
    # PART they belong to, not the article id: when jump lines merge two articles their
    # parts move along, and a dropped part leaves its blocks in place, unassigned.
    run_script(db, """
    -- the scan, relative to the source's folder; the page's size in the source's units
    ALTER TABLE pages ADD COLUMN image TEXT;
    ALTER TABLE pages ADD COLUMN width REAL;
    ALTER TABLE pages ADD COLUMN height REAL;
    CREATE TABLE page_blocks (
        page_id INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,                -- reading order on the page
        kind TEXT NOT NULL,                  -- text, heading, caption, image, table, ...
        x0 REAL NOT NULL, y0 REAL NOT NULL, x1 REAL NOT NULL, y1 REAL NOT NULL,
        text TEXT NOT NULL DEFAULT '',
        part_id INTEGER REFERENCES article_parts(id) ON DELETE SET NULL,
        PRIMARY KEY (page_id, seq)
    ) WITHOUT ROWID;
    CREATE INDEX page_blocks_part ON page_blocks(part_id);
    CREATE TABLE page_words (
        page_id INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        text TEXT NOT NULL,
        x0 REAL NOT NULL, y0 REAL NOT NULL, x1 REAL NOT NULL, y1 REAL NOT NULL,
        part_id INTEGER REFERENCES article_parts(id) ON DELETE SET NULL,
        PRIMARY KEY (page_id, seq)
    ) WITHOUT ROWID;
    CREATE INDEX page_words_part ON page_words(part_id);
    CREATE TABLE article_zones (
        part_id INTEGER NOT NULL REFERENCES article_parts(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        page_id INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
        x0 REAL NOT NULL, y0 REAL NOT NULL, x1 REAL NOT NULL, y1 REAL NOT NULL,
        PRIMARY KEY (part_id, seq)
    ) WITHOUT ROWID;
    CREATE INDEX article_zones_page ON article_zones(page_id);
    """)


@migrations()
def m009_parse_subheads_links(db: Database) -> None:
    # Per part: which of its paragraphs are subheads (indexes, JSON) and the link targets
    # its text named (JSON; shown, never fetched). Pages imported before read as none.
    run_script(db, """
    ALTER TABLE article_parts ADD COLUMN subheads TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE article_parts ADD COLUMN links TEXT NOT NULL DEFAULT '[]'
    """)


@migrations()
def m014_window_indexes(db: Database) -> None:
    # The window reads a page of a list at a time, in the order it shows; these indexes give
    # that order without sorting the whole table for each page. The library tree, calendar
    # and previous/next issue read one publication's issues by date: a month or a year is a
    # range, not a scan of all the publication's issues (tens of thousands in a decade of a
    # daily). Bookmarks newest first; annotations in reading order (annotations.py's ORDER BY).
    run_script(db, """
    CREATE INDEX IF NOT EXISTS issues_publication_date ON issues(publication_id, date);
    CREATE INDEX IF NOT EXISTS bookmarks_created ON bookmarks(created_at);
    CREATE INDEX IF NOT EXISTS annotations_reading_order ON annotations(article_id, start IS NULL, start, created_at)
    """)


@migrations()
def m015_corrections_newest(db: Database) -> None:
    # The Corrections panel lists the newest first, a page at a time: years of corrections
    # are an index range, not a sort of the whole table for each page.
    run_script(db, "CREATE INDEX IF NOT EXISTS corrections_created ON corrections(created_at)")


@migrations()
def m016_lookup_indexes(db: Database) -> None:
    # Lookups that scanned a whole table once per row they served, which a library of a
    # million articles turns into minutes or hours:
    # - pages by their source: deleting a source (removing a file, or importing a changed
    #   file over it) makes SQLite look for pages still pointing at it, and removing a folder
    #   looks each file's pages up (a year of one paper took 22 s at 100k articles);
    # - sources by path and by name: the pages one file brought, looked up for each printed
    #   page shown or exported (9 ms at 100k articles), and a file of a page made of several
    #   files, imported again;
    # - aliases by the article they point to, rewritten when an import joins two articles.
    run_script(db, """
    CREATE INDEX IF NOT EXISTS pages_source ON pages(source_id);
    CREATE INDEX IF NOT EXISTS sources_path ON sources(path);
    CREATE INDEX IF NOT EXISTS sources_name ON sources(name);
    CREATE INDEX IF NOT EXISTS article_aliases_article ON article_aliases(article_id)
    """)


@migrations()
def m017_sources_parse_key(db: Database) -> None:
    # A file imported before, byte for byte, by the same parser with the same options, is
    # found unchanged without parsing it again (importer/known.py): its parse key, and the
    # layout the report counts. NULL for files imported by an older dubao (the next import
    # that finds them unchanged writes theirs) and for files whose parse read other files.
    run_script(db, """
    ALTER TABLE sources ADD COLUMN parse_key TEXT;
    ALTER TABLE sources ADD COLUMN layout TEXT
    """)


@migrations()
def m018_search_pair_counts(db: Database) -> None:
    # How many documents hold each pair of the search index: the exact total of a
    # two-character term (记者) is one lookup, not a pass over every match. A library with
    # an index already has them counted by its next import of 500 files or more (about 40
    # s a million articles, beside that import's final merge) or its next rebuild; until
    # then searches count as before.
    from .search_index import start_pair_counts

    start_pair_counts(db)
