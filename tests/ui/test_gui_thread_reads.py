"""Issue 12: what the GUI thread reads does not grow with the library. The same walk through
the window (start, the first article, the library tree down to a month, the calendar, the
previous issue) is made over a library of one year of a paper and one of ten years; SQLite's
own count of the work each GUI-thread statement did (virtual machine steps) must stay the
same. Counting a whole table (all the issues of a paper, all articles) belongs off the GUI
thread; what may grow is the number of rows a list shows (one per year in the tree)."""
from __future__ import annotations

import threading

import pytest
from helpers.corrections_rows import add_correction_rows
from helpers.pages import make_issue_pages

STEPS_PER_CALL = 20  # SQLite calls the progress handler every this many VM steps
ISSUES_A_YEAR = 40


def _walk_the_window(qtbot, library_path, settings, monkeypatch) -> dict[str, int]:
    """Each statement the GUI thread ran in one walk through the window, with the most work
    (in STEPS_PER_CALL VM steps) one run of it did."""
    from reader.ui import service as service_module
    from reader.ui.app import application, create_window

    gui = threading.get_ident()
    running: list[str] = []  # the statement the GUI thread runs now
    work: dict[str, list[int]] = {}
    real_open = service_module.open_library

    def counting_open(*args, **kwargs):
        db = real_open(*args, **kwargs)

        def trace(sql: str) -> None:
            if threading.get_ident() == gui:
                running[:] = [sql]
                work.setdefault(sql, []).append(0)

        def step() -> int:
            if threading.get_ident() == gui and running:
                work[running[0]][-1] += 1
            return 0

        db.conn.set_trace_callback(trace)
        db.conn.set_progress_handler(step, STEPS_PER_CALL)
        return db

    monkeypatch.setattr(service_module, "open_library", counting_open)
    application()
    window = create_window(str(library_path), settings)
    qtbot.addWidget(window)
    try:
        window.show()
        qtbot.waitUntil(lambda: window.current_article_id is not None)
        qtbot.waitUntil(lambda: bool(window.counts_label.text()), timeout=10000)
        panels = window.panels
        model, view = panels.library, panels.library_view
        index = model.index(0, 0)
        for _level in range(3):  # publication → its first year → that year's first month
            view.expand(index)
            model.fetchMore(index)
            index = model.index(0, 0, index)
        assert index.isValid()
        panels.calendar.calendar.showPreviousMonth()
        window.navigation.step_issue(-1)
        window.navigation.step_article(1)
        qtbot.wait(50)
    finally:
        window.service.close()
    return {sql: max(runs) for sql, runs in work.items()}


@pytest.fixture
def library_of(tmp_path):
    """A library of YEARS years of one paper, ISSUES_A_YEAR issues a year."""
    from reader.store import open_library
    from reader.store.importer import import_paths

    def make(years: int):
        path = tmp_path / f"{years}-years.db"
        folder = tmp_path / f"{years}-years"
        make_issue_pages(folder, ISSUES_A_YEAR * years, every=365 // ISSUES_A_YEAR)
        db = open_library(path)
        report = import_paths(db, [folder])
        # Years of corrections too: a few an issue (the window's marks and counts of them
        # once grouped every correction of the library on the GUI thread).
        article_ids = [r[0] for r in db.execute("SELECT id FROM articles ORDER BY id")]
        add_correction_rows(db, article_ids, 6 * ISSUES_A_YEAR * years)
        db.close()
        assert report.count("imported") == ISSUES_A_YEAR * years
        return path

    return make


def _settings(tmp_path, name: str):
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / f"{name}.ini"), QSettings.Format.IniFormat)


def test_no_gui_thread_statement_does_more_work_in_a_larger_library(qtbot, library_of, tmp_path, monkeypatch):
    small = _walk_the_window(qtbot, library_of(1), _settings(tmp_path, "small"), monkeypatch)
    large = _walk_the_window(qtbot, library_of(10), _settings(tmp_path, "large"), monkeypatch)
    assert max(small.values()) > 0  # the walk read the library on the GUI thread
    # Ten times the issues: no statement's work grows with them (the years' rows aside, each
    # statement reads at most one year of issues, which a larger library does not change).
    biggest_small = max(small.values())
    grown = {sql: steps for sql, steps in large.items() if steps > 1.5 * biggest_small}
    assert not grown, (biggest_small, grown)


def test_the_gui_thread_never_scans_a_table_that_grows_with_the_library(qtbot, library_of, tmp_path, monkeypatch):
    """The query plans of what the GUI thread ran: no statement reads a whole table of
    issues, pages, articles or their text (a read by an index key is what it may do)."""
    from reader.store import open_library

    library = library_of(2)
    statements = _walk_the_window(qtbot, library, _settings(tmp_path, "plans"), monkeypatch)
    growing = ("issues", "pages", "articles", "article_parts", "paragraphs", "captions", "article_tables",
               "sources", "article_zones", "page_blocks", "page_words", "search_docs", "corrections")
    db = open_library(library)
    try:
        scans = []
        for sql in statements:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            for row in db.execute("EXPLAIN QUERY PLAN " + sql):
                words = row[-1].split()
                in_index_order = "USING" in words and " LIMIT " in " ".join(sql.split())  # stops early
                if len(words) >= 2 and words[0] == "SCAN" and words[1] in growing and not in_index_order:
                    scans.append((row[-1], sql))
        assert not scans
    finally:
        db.close()
