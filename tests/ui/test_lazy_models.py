"""Issue 12 in the window: lists read a page at a time as they are scrolled, never the whole
library at once; imports from the window parse in worker processes."""
from __future__ import annotations

import multiprocessing

import pytest
from helpers.pages import make_issue_pages


@pytest.fixture
def big_library(library_path, tmp_path):
    """450 articles, every one bookmarked."""
    from reader.store import annotations, open_library
    from reader.store.importer import import_paths

    make_issue_pages(tmp_path / "pages", 150)
    db = open_library(library_path)
    import_paths(db, [tmp_path / "pages"])
    ids = [row[0] for row in db.execute("SELECT id FROM articles ORDER BY id")]
    for article_id in ids:
        annotations.add_bookmark(db, article_id)
    db.close()
    return library_path, len(ids)


def test_bookmarks_are_read_a_page_at_a_time(qtbot, qtmodeltester, big_library, ui_settings):
    from reader.ui.app import application, create_window
    from reader.ui.models import ID_ROLE

    library_path, total = big_library
    assert total == 450
    application()
    window = create_window(str(library_path), ui_settings)
    qtbot.addWidget(window)
    try:
        model = window.panels.bookmarks_panel.model
        assert model.rowCount() == model.PAGE < total  # only the first page was read
        assert model.canFetchMore()
        view = window.panels.bookmarks_panel.view
        window.show()
        window.panels.tabs.setCurrentWidget(window.panels.bookmarks_panel)
        for _ in range(10):  # scrolling to the end reads the next page, as a user scrolls
            view.scrollToBottom()
            qtbot.wait(50)
        qtbot.waitUntil(lambda: model.rowCount() == total, timeout=10000)
        assert not model.canFetchMore()
        assert len({model.index(row, 0).data(ID_ROLE)
                    for row in range(total)}) == total  # no page read twice
        qtmodeltester.check(model)
    finally:
        window.service.close()


def test_search_results_are_paged(qtbot, big_library, ui_settings):
    from reader.store import open_library
    from reader.store.search import run_query
    from reader.ui.app import application, create_window
    from reader.ui.search_panel import PAGE

    library_path, total = big_library
    db = open_library(library_path)
    expected = run_query(db, "全市").total  # two of each issue's three articles
    db.close()
    assert PAGE < expected < total
    application()
    window = create_window(str(library_path), ui_settings)
    qtbot.addWidget(window)
    try:
        window.show()
        panel = window.panels.search_panel
        window.panels.tabs.setCurrentWidget(panel)
        panel.field.setText("全市")
        panel.run_search()
        qtbot.waitUntil(lambda: panel.model.rowCount() == PAGE, timeout=10000)
        assert panel.model.canFetchMore()  # only the first page was read
        assert str(expected) in panel.status.text()  # the exact count, before it is all read
        for _ in range(20):  # scrolling to the end reads the next page, as a user scrolls
            panel.results.scrollToBottom()
            qtbot.wait(100)
        qtbot.waitUntil(lambda: not panel.model.more, timeout=20000)
        ids = [hit.id for hit in panel.model.hits]
        assert len(ids) == len(set(ids)) == expected  # every match once, no page read twice
        assert not panel.model.canFetchMore()
    finally:
        window.service.close()


def test_a_window_import_of_a_folder_runs_in_a_process_of_its_own(qtbot, opened_window, tmp_path):
    """As `dubao import` does: the window's process keeps its memory and stays responsive;
    the files are written by another process (a child of the window's), which has the
    library open for writing (its session) while it imports."""
    import os

    window = opened_window
    make_issue_pages(tmp_path / "many", 300)
    writers_seen: list[set[int]] = []

    def look(*_progress) -> None:
        children = {child.pid for child in multiprocessing.active_children()}
        # No SQL in the window's code; the test may look at the sessions table itself.
        sessions = {row[0] for row in window.service.db.execute("SELECT pid FROM dubao_sessions")}
        writers_seen.append(sessions & children)

    job = window.imports.start([str(tmp_path / "many")], show_dialog=True)
    job.progress.connect(look)
    qtbot.waitUntil(lambda: window.imports.job is None, timeout=120000)
    assert window.imports.last_report.count("imported") == 300
    assert any(writers_seen)  # a child process had the library open for writing
    assert os.getpid() not in set().union(*writers_seen)


def test_closing_the_window_during_an_import_stops_its_process_and_keeps_whole_files(qtbot, make_window, tmp_path):
    from reader.store import open_library

    window = make_window()
    qtbot.waitUntil(lambda: window.current_article_id is not None and window.imports.job is None, timeout=20000)
    make_issue_pages(tmp_path / "many", 1500)
    window.imports.start([str(tmp_path / "many")], show_dialog=False)
    qtbot.waitUntil(lambda: window.imports.progress_bar.value() > 0, timeout=60000)
    window.close()  # as the user does: the import is cancelled and waited for
    assert window.imports.job is None
    assert not multiprocessing.active_children()  # the import's process is gone
    db = open_library(window.service.db_path)
    try:
        per_page = db.execute("""SELECT pages.id, COUNT(article_parts.id) FROM pages
                                 JOIN article_parts ON article_parts.page_id = pages.id
                                 JOIN issues ON issues.id = pages.issue_id
                                 WHERE issues.date < '2006-01-01' GROUP BY pages.id""").fetchall()
        assert 0 < len(per_page) < 1500
        assert all(count == 3 for _, count in per_page)
    finally:
        db.close()


def test_a_change_elsewhere_leaves_the_open_issue_where_the_reader_is(qtbot, opened_window, tmp_path):
    """An import in another process changes the library every few seconds: the section list
    of an unchanged issue is not rebuilt (nor scrolled back), the calendar stays on the month
    the reader turned to; a new issue still shows in the library tree."""
    from reader.store import open_library
    from reader.store.importer import import_paths

    window = opened_window
    panels = window.panels
    panels.calendar.calendar.showPreviousMonth()
    month = (panels.calendar.calendar.yearShown(), panels.calendar.calendar.monthShown())
    before = panels.library.rowCount()
    make_issue_pages(tmp_path / "elsewhere", 3)  # another paper's issues, from another connection
    db = open_library(window.service.db_path)
    import_paths(db, [tmp_path / "elsewhere"])
    db.close()
    with qtbot.assertNotEmitted(panels.sections.modelReset):
        assert window.changes.check()  # what the window's timer does every two seconds
        qtbot.waitUntil(lambda: panels.library.rowCount() == before + 1, timeout=10000)
    assert (panels.calendar.calendar.yearShown(), panels.calendar.calendar.monthShown()) == month


def test_the_library_tree_keeps_its_place_when_an_import_elsewhere_adds_issues(qtbot, make_window, library_path,
                                                                               tmp_path):
    import datetime as dt

    from reader.store import open_library
    from reader.store.importer import import_paths
    from reader.ui.models import KIND_ROLE

    db = open_library(library_path)
    import_paths(db, make_issue_pages(tmp_path / "first", 59))  # January and February 2001
    db.close()
    window = make_window()
    panels = window.panels
    panels.tabs.setCurrentWidget(panels.library_panel)
    model, view = panels.library, panels.library_view
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    index = model.index(0, 0)
    view.expand(index)
    model.fetchMore(index)
    year = model.index(0, 0, index)
    view.expand(year)
    model.fetchMore(year)
    for row in range(model.rowCount(year)):  # both months open: 59 issues
        view.expand(model.index(row, 0, year))
    view.scrollToBottom()
    qtbot.waitUntil(lambda: view.verticalScrollBar().value() > 0)
    place = view.verticalScrollBar().value()
    db = open_library(library_path)  # another process adds a day to the same paper
    import_paths(db, make_issue_pages(tmp_path / "more", 1, start=dt.date(2001, 3, 1)))
    db.close()
    with qtbot.waitSignal(model.modelReset, timeout=10000):
        window.changes.check()
    qtbot.waitUntil(lambda: "(60)" in model.index(0, 0).data())  # the new count is shown
    assert view.isExpanded(model.index(0, 0, model.index(0, 0)))  # what was open is open again
    assert model.index(0, 0).data(KIND_ROLE) == "publication"
    assert view.verticalScrollBar().value() == place
