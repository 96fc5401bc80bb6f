"""Issue 11 item 2 in the window: every write goes through ONE serialised writer off the GUI
thread; results come back on the GUI thread; jobs are freed."""
from __future__ import annotations

import threading
import weakref

from helpers.pages import make_issue_pages


def test_writes_run_on_one_thread_that_is_not_the_gui_thread(qtbot, opened_window):
    service = opened_window.service
    threads, delivered_on = [], []
    for _ in range(3):
        # Connected as the job is queued (on_done), never after: a quick job could end first.
        service.write(lambda _db: threading.get_ident(),
                      on_done=lambda ident: (threads.append(ident), delivered_on.append(threading.get_ident())))
    qtbot.waitUntil(lambda: len(threads) == 3, timeout=5000)
    assert len(set(threads)) == 1
    assert threads[0] != threading.get_ident()
    assert set(delivered_on) == {threading.get_ident()}  # results arrive on the GUI thread


def test_bookmark_and_annotation_writes_go_through_the_writer(qtbot, opened_window, monkeypatch):
    from reader.store import annotations

    window = opened_window
    seen = []
    real = annotations.add_bookmark
    monkeypatch.setattr(annotations, "add_bookmark",
                        lambda db, *a, **k: (seen.append(threading.get_ident()), real(db, *a, **k))[1])
    with qtbot.waitSignal(window.service.bookmarks_changed, timeout=5000):
        window.commands.bookmark.trigger()
    assert seen and seen[0] == window.service.writer_thread_ident()
    assert window.service.is_bookmarked(window.current_article_id)


def test_a_failed_write_is_one_line_in_the_status_bar(qtbot, opened_window):
    window = opened_window

    def fail(_db):
        raise ValueError("no such thing")

    with qtbot.waitSignal(window.service.write_failed, timeout=5000) as failed:
        window.service.write(fail)
    assert failed.args == ["ValueError: no such thing"]
    assert "no such thing" in window.statusBar().currentMessage()


def test_300_searches_leave_no_job_behind(qtbot, opened_window):
    from reader.ui import jobs

    service = opened_window.service
    refs, ended = [], []
    for n in range(300):
        job = service.search_job("工会" if n % 2 else "消防")
        job.finished.connect(lambda _hits: ended.append(1))
        job.failed.connect(lambda _message: ended.append(1))
        refs.append(weakref.ref(job.start()))
        del job
    qtbot.waitUntil(lambda: len(ended) == 300, timeout=60000)
    qtbot.waitUntil(lambda: not jobs.running, timeout=5000)
    # Freed by reference counting alone (no gc.collect()): no cycle keeps a Job.
    qtbot.waitUntil(lambda: not [r for r in refs if r() is not None], timeout=5000)


def test_a_bookmark_made_during_an_import_is_saved_before_the_import_ends(qtbot, opened_window, tmp_path):
    window = opened_window
    make_issue_pages(tmp_path / "many", 1200)
    job = window.imports.start([str(tmp_path / "many")], show_dialog=False)
    import_ended = []
    job.finished.connect(lambda _report: import_ended.append(True))
    # Not waitSignal on job.progress: it disconnects inside the delivery of a signal that
    # keeps coming from another thread, which crashed PySide now and then.
    qtbot.waitUntil(lambda: window.imports.progress_bar.maximum() > 0, timeout=30000)
    with qtbot.waitSignal(window.service.bookmarks_changed, timeout=30000):
        window.commands.bookmark.trigger()
    assert window.service.is_bookmarked(window.current_article_id)
    assert not import_ended  # saved between two batches of the import, not after it
    qtbot.waitUntil(lambda: window.imports.job is None, timeout=120000)
    assert window.imports.last_report.count("imported") == 1200
