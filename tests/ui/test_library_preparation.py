"""Issue 11 ("the m002 index rebuild runs on the GUI thread when a library opens") and item 5:
a library that needs its index built or rebuilt is prepared off the GUI thread."""
from __future__ import annotations

import threading

from helpers.paths import SAMPLE


def _library_with_pending_search_migration(path):
    """A library made before search existed: m002 (which builds the index) not yet applied."""
    from reader.store import open_library
    from reader.store.importer import import_paths

    db = open_library(path)
    import_paths(db, [SAMPLE])
    with db.conn:
        db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm002_search'")
    for table in [t for t in db.table_names() if t.startswith("search_")]:
        if db[table].exists():
            db.execute(f"DROP TABLE IF EXISTS [{table}]")
    db.conn.commit()
    db.close()


def test_the_index_is_built_off_the_gui_thread(qtbot, library_path, ui_settings, monkeypatch):
    from reader.store import search_index
    from reader.ui.app import application, create_window

    _library_with_pending_search_migration(library_path)
    built_on = []
    real = search_index.rebuild_search_index

    def recording(db, *args, **kwargs):
        built_on.append(threading.get_ident())
        return real(db, *args, **kwargs)

    monkeypatch.setattr(search_index, "rebuild_search_index", recording)
    application()
    window = create_window(str(library_path), ui_settings)
    qtbot.addWidget(window)
    try:
        assert built_on and threading.get_ident() not in built_on
        _search_finds_the_sample(qtbot, window)
    finally:
        window.service.close()


def test_an_index_of_another_tokenizer_is_rebuilt_off_the_gui_thread(qtbot, library_path, ui_settings, monkeypatch):
    from reader.store import identity, open_library, search_index
    from reader.store.importer import import_paths
    from reader.store.reindex import needs_reindex
    from reader.store.writer import write_transaction
    from reader.ui.app import application, create_window

    db = open_library(library_path)
    import_paths(db, [SAMPLE])
    with write_transaction(db):
        identity.set_meta(db, "tokenizer_version", "0")  # as made by an older tokenizer
    assert needs_reindex(db)
    db.close()
    built_on, progress = [], []
    real = search_index.rebuild_search_index

    def recording(db, *args, **kwargs):
        built_on.append(threading.get_ident())
        outer = kwargs.get("progress")
        kwargs["progress"] = lambda *a: (progress.append(a), outer and outer(*a))
        return real(db, *args, **kwargs)

    monkeypatch.setattr(search_index, "rebuild_search_index", recording)
    application()
    window = create_window(str(library_path), ui_settings)
    qtbot.addWidget(window)
    try:
        assert built_on and threading.get_ident() not in built_on
        assert progress  # the dialog had something to show
        assert not needs_reindex(window.service.db)
    finally:
        window.service.close()


def test_stopping_the_rebuild_keeps_its_work_and_the_next_opening_finishes(qtbot, library_path, ui_settings,
                                                                            monkeypatch):
    from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

    from reader.store import identity, open_library, search_index
    from reader.store.importer import import_paths
    from reader.store.reindex import needs_reindex
    from reader.store.writer import write_transaction
    from reader.ui.app import application, create_window
    from reader.ui.library_preparation import PreparationStopped

    db = open_library(library_path)
    import_paths(db, [SAMPLE])
    with write_transaction(db):
        identity.set_meta(db, "tokenizer_version", "0")
    db.close()
    first_batch, stopped = threading.Event(), threading.Event()
    real = search_index.rebuild_search_index

    def one_at_a_time(db, *args, **kwargs):
        outer = kwargs.get("progress")

        def progress(*a):
            outer(*a)
            first_batch.set()
            stopped.wait(10)  # until the person has pressed Stop
        kwargs.update(batch=1, progress=progress)
        return real(db, *args, **kwargs)

    monkeypatch.setattr(search_index, "rebuild_search_index", one_at_a_time)

    def press_stop():
        if not first_batch.is_set() or stopped.is_set():
            return
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QProgressDialog):
                button = widget.findChild(QPushButton)
                assert "Stop" in button.text()
                button.click()
                stopped.set()

    application()
    timer = qtbot_timer(press_stop)
    try:
        try:
            create_window(str(library_path), ui_settings)
            raise AssertionError("the window opened although the rebuild was stopped")
        except PreparationStopped as exc:
            assert "continues the next time" in str(exc)
    finally:
        timer.stop()
    assert stopped.is_set()
    db = open_library(library_path)
    done = db.execute("SELECT COUNT(*) FROM search_docs").fetchone()[0]
    assert needs_reindex(db) and 0 < done < 5  # the first batch (or two) stayed
    db.close()
    monkeypatch.setattr(search_index, "rebuild_search_index", real)
    window = create_window(str(library_path), ui_settings)  # finishes the rebuild
    qtbot.addWidget(window)
    try:
        assert not needs_reindex(window.service.db)
        _search_finds_the_sample(qtbot, window)
    finally:
        window.service.close()


def _search_finds_the_sample(qtbot, window) -> None:
    """The search panel finds the sample page's two articles about 消防."""
    panel = window.panels.search_panel
    panel.field.setText("消防")
    panel.run_search()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=5000)


def qtbot_timer(callback):
    from PySide6.QtCore import QTimer

    timer = QTimer()
    timer.timeout.connect(callback)
    timer.start(20)
    return timer
