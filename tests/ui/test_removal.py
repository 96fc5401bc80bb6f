"""Issue 11 item 11 in the window: remove an issue (or publication, or a page's file) from
the library tree, after a confirmation, through the writer; orphaned notes are listed."""
from __future__ import annotations

import threading

from helpers.paths import QINGXI
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox


def _import(qtbot, window, paths):
    window.imports.start([str(p) for p in paths], show_dialog=False)
    qtbot.waitUntil(lambda: window.imports.job is None, timeout=30000)


def _issue_index(window, issue):
    return window.panels.library.index_for_issue(issue)


def _press_remove_when_asked(clicked: list) -> None:
    box = QApplication.activeModalWidget()
    assert isinstance(box, QMessageBox) and box.objectName() == "confirm_remove"
    button = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole)
    clicked.append(box.text())
    button.click()


def test_remove_is_offered_only_where_it_can_run(qtbot, opened_window):
    window = opened_window
    index = _issue_index(window, window.current_issue)
    menu = window.removal.menu_for(index)
    (action,) = menu.actions()
    assert action.objectName() == "remove_issue"
    assert action.isEnabled()  # a writable library
    assert window.removal.menu_for(index.parent()) is None  # a month is not removable as such


def test_remove_an_issue_keeps_and_lists_its_notes(qtbot, opened_window):
    window = opened_window
    _import(qtbot, window, [QINGXI / "qingxi-2023-03-08-p1.md", QINGXI / "qingxi-2023-03-08-p2.md"])
    issue = window.service.latest_issue()
    window.open_issue(issue.id)
    article_id = window.current_article_id
    with qtbot.waitSignal(window.service.bookmarks_changed, timeout=5000):
        window.commands.bookmark.trigger()
    text = window.view.article.text()
    window.view.select_span(0, 4)
    with qtbot.waitSignal(window.service.annotations_changed, timeout=5000):
        window.notes.highlight_selection()
    menu = window.removal.menu_for(_issue_index(window, issue))
    asked = []
    QTimer.singleShot(200, lambda: _press_remove_when_asked(asked))
    with qtbot.waitSignal(window.service.library_changed, timeout=20000):
        menu.actions()[0].trigger()
    assert len(asked) == 1  # asked first
    assert window.service.issue(issue.id) is None
    assert window.service.is_bookmarked(article_id)  # kept, as an orphan
    from reader.ui.dialogs import TableDialog

    qtbot.waitUntil(lambda: bool(window.findChildren(TableDialog)), timeout=5000)
    (listing,) = window.findChildren(TableDialog)
    rows = [(listing.table.item(row, 0).text(), listing.table.item(row, 1).text())
            for row in range(listing.table.rowCount())]
    assert rows == [("bookmark", article_id), ("annotation", f"“{text[:4]}” ({article_id})")]
    assert len(window.service.annotations(article_id)) == 1  # kept


def test_remove_a_pages_file_from_the_section_list(qtbot, opened_window):
    window = opened_window
    _import(qtbot, window, [QINGXI / "qingxi-2023-03-08-p1.md", QINGXI / "qingxi-2023-03-08-p2.md"])
    window.open_issue(window.service.latest_issue().id)
    sections = window.panels.sections
    assert len(sections.page_indexes()) == 2
    menu = window.removal.menu_for(sections.page_indexes()[1])
    (action,) = menu.actions()
    assert action.objectName() == "remove_page" and action.isEnabled()
    asked = []
    QTimer.singleShot(200, lambda: _press_remove_when_asked(asked))
    with qtbot.waitSignal(window.service.library_changed, timeout=20000):
        action.trigger()
    assert "qingxi-2023-03-08-p2.md" in asked[0]
    qtbot.waitUntil(lambda: len(sections.page_indexes()) == 1, timeout=5000)
    assert window.removal.last_report.pages == 1


def test_a_bookmark_made_while_a_publication_is_removed_is_saved_between_two_issues(
        qtbot, opened_window, tmp_path, monkeypatch):
    from helpers.pages import make_issue_pages

    from reader.store import remove as removal

    window = opened_window
    _import(qtbot, window, make_issue_pages(tmp_path / "pages", 4))
    keep = window.current_article_id  # the sample page's paper stays
    publication = next(p["id"] for p in window.service.publications() if p["name"] == "青溪日报")
    saved_before = []  # at the start of each issue's removal: is the bookmark saved yet?
    bookmark_queued = threading.Event()
    real = removal._remove

    def one_issue(db, *args, **kwargs):
        saved_before.append(db.execute("SELECT COUNT(*) FROM bookmarks WHERE article_id = ?",
                                       [keep]).fetchone()[0] == 1)
        if len(saved_before) == 1:
            bookmark_queued.wait(5)  # the bookmark comes in while the first issue is removed
        return real(db, *args, **kwargs)

    monkeypatch.setattr(removal, "_remove", one_issue)
    with qtbot.waitSignal(window.service.library_changed, timeout=20000):
        window.service.remove("publication", publication)
        window.service.set_bookmarked(keep, True)  # from the GUI thread, as a click does
        bookmark_queued.set()
    assert saved_before == [False, True, True, True]  # saved after one issue, not after four
    assert window.service.is_bookmarked(keep)
