"""Issue 14, in the window: what a new user meets in the first hour."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from helpers.paths import QINGXI, SAMPLE
from PySide6.QtCore import QDate, QSettings, Qt


@pytest.fixture
def sample_library(library_path):
    from reader.store import open_library
    from reader.store.importer import import_paths

    db = open_library(library_path)
    import_paths(db, [SAMPLE])
    db.close()
    return library_path


def _window(qtbot, library_path, settings, *, show=True):
    from reader.ui.app import application, create_window

    application()
    window = create_window(str(library_path), settings)
    qtbot.addWidget(window)
    if show:
        window.show()
        qtbot.waitExposed(window)
    return window


def _import(qtbot, window, paths):
    window.imports.start([str(p) for p in paths], show_dialog=False)
    qtbot.waitUntil(lambda: window.imports.job is None, timeout=30000)


def test_the_first_article_opens_at_its_top(qtbot, sample_library, ui_settings):
    window = _window(qtbot, sample_library, ui_settings)  # opened before the window has its size
    try:
        qtbot.wait(300)
        bar = window.view.verticalScrollBar()
        assert bar.maximum() > 0  # long enough to scroll: the test could see it scrolled
        assert bar.value() == 0
    finally:
        window.service.close()


def test_a_saved_reading_position_is_restored(qtbot, sample_library, ui_settings):
    window = _window(qtbot, sample_library, ui_settings)
    article_id = window.current_article_id
    window.close()
    window.service.close()
    ui_settings.setValue("reading/article", article_id)
    ui_settings.setValue("reading/scroll", 400)
    again = _window(qtbot, sample_library, ui_settings)
    try:
        qtbot.waitUntil(lambda: again.view.verticalScrollBar().value() == 400, timeout=3000)
    finally:
        again.service.close()


def test_j_and_k_move_the_selection_of_the_sections_list(qtbot, opened_window):
    window = opened_window
    view = window.panels.section_view
    changes = []
    view.selectionModel().selectionChanged.connect(lambda selected, _deselected: changes.append(selected.indexes()))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_J)
    current = window.panels.sections.index_of_article(window.current_article_id)
    assert changes and changes[-1] == [current]  # the view repaints its selection from this signal
    assert view.currentIndex() == current
    qtbot.keyClick(view, Qt.Key.Key_K)
    assert changes[-1] == [window.panels.sections.index_of_article(window.current_article_id)]


def test_an_import_in_another_process_refreshes_the_window(qtbot, opened_window, library_path, tmp_path):
    window = opened_window
    qtbot.waitUntil(lambda: window.counts_label.text().startswith("1 publication ·"), timeout=5000)
    window.panels.library_view.expand(window.panels.library.index(0, 0))
    second_page = tmp_path / "p2.md"
    second_page.write_text("浙江工人日报 2022年6月17日 星期五\n第2版 要闻\n\n## 另一版的新闻\n\n这是第二版的一篇文章。\n",
                           encoding="utf-8")
    env = dict(os.environ, DUBAO_DB=str(library_path))
    run = subprocess.run([sys.executable, "-m", "reader.cli", "--db", str(library_path), "import",
                          str(QINGXI / "qingxi-2023-03-08-p1.md"), str(second_page)], env=env,
                         capture_output=True, timeout=120)
    assert run.returncode == 0, run.stderr.decode()
    # No restart, no focus change: the window notices on its own.
    qtbot.waitUntil(lambda: window.counts_label.text().startswith("2 publications ·"), timeout=10000)
    assert window.panels.library.rowCount() == 2
    assert len(window.panels.sections.page_indexes()) == 2  # the open issue gained its page 2
    # What the reader had opened in the tree stays open.
    model, tree = window.panels.library, window.panels.library_view
    workers_daily = next(model.index(r, 0) for r in range(2) if model.index(r, 0).data().startswith("浙江工人日报"))
    assert tree.isExpanded(workers_daily)


def test_place_and_reading_position_are_saved_without_closing(qtbot, opened_window, ui_settings):
    window = opened_window
    window.navigation.step_article(1)
    second = window.current_article_id
    window.resize(1000, 700)
    disk = QSettings(ui_settings.fileName(), QSettings.Format.IniFormat)  # what another process would read
    qtbot.waitUntil(lambda: (disk.sync(), disk.value("reading/article"))[1] == second, timeout=5000)
    assert disk.value("window/geometry") is not None
    window.view.verticalScrollBar().setValue(120)
    qtbot.waitUntil(lambda: (disk.sync(), str(disk.value("reading/scroll")))[1] == "120", timeout=5000)


def test_a_killed_window_kept_its_reading_position(tmp_path):
    """SIGTERM (a session logout) skips closeEvent: what was read is already saved."""
    import signal

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path),
               XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_STATE_HOME=str(tmp_path / "state"))
    env.pop("DUBAO_QUIT_AFTER_MS", None)
    process = subprocess.Popen([sys.executable, "-m", "reader.cli"], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    settings_file = tmp_path / "config" / "Dubao" / "Dubao.conf"
    try:
        _wait_until_saved(process, settings_file, "[reading]")
    finally:
        process.send_signal(signal.SIGKILL)  # not even a handler can run: it must be on disk already
        process.wait(30)
    text = _read(settings_file)
    assert "article=" in text and "geometry=" in text, text


# Enough for the window to start, import the sample page and open it many times over; counted
# in the CPU time the window's process was given, not in wall-clock time, which a loaded
# machine (the whole suite on two shared cores) stretches without limit.
WINDOW_CPU_SECONDS = 60
HANG_GUARD_SECONDS = 900


def _wait_until_saved(process: subprocess.Popen, path, needle: str) -> None:
    """Until PATH holds NEEDLE. Fails (with the window's stderr) when the window ended first,
    or spent WINDOW_CPU_SECONDS of CPU (or, blocked, HANG_GUARD_SECONDS) without saving it."""
    import time

    started = time.monotonic()
    while needle not in _read(path):
        if process.poll() is not None:
            pytest.fail(f"the window ended (status {process.returncode}) before saving its state: "
                        f"{process.stderr.read().decode(errors='replace')[-2000:]}")
        cpu = _cpu_seconds(process.pid)
        if cpu > WINDOW_CPU_SECONDS or time.monotonic() - started > HANG_GUARD_SECONDS:
            pytest.fail(f"the window had {cpu:.0f} s of CPU ({time.monotonic() - started:.0f} s elapsed) "
                        f"and never saved {needle} in {path}: {_read(path)!r}")
        time.sleep(0.2)


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of process PID so far (Linux's /proc; 0 where there is none)."""
    try:
        fields = open(f"/proc/{pid}/stat", encoding="ascii").read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _read(path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""


def test_long_headlines_have_a_tooltip_with_their_decks(qtbot, opened_window):
    window = opened_window
    model = window.panels.sections
    index = model.index_of_article(window.current_article_id)
    headline = window.view.article.headline
    decks = headline.split()
    assert len(decks) >= 2
    tip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert tip.count("<br>") == len(decks) - 1
    for deck in decks:
        assert deck in tip
    main = max(decks, key=len)
    assert f"<b>{main}</b>" in tip and ("Headline" in tip or "主题" in tip)


def test_the_calendar_marks_issue_days_and_opens_one(qtbot, opened_window):
    from reader.ui.window.calendar import calendar_text_format_is_marked

    window = opened_window
    _import(qtbot, window, [QINGXI / "qingxi-2023-03-08-p1.md", QINGXI / "qingxi-2023-03-08-p2.md",
                            QINGXI / "qingxi-2023-03-09-p1.md"])
    window.open_issue(window.service.latest_issue().id)  # 青溪日报 2023-03-09
    calendar = window.panels.calendar
    assert calendar.publication.currentText() == "青溪日报"
    assert (calendar.calendar.yearShown(), calendar.calendar.monthShown()) == (2023, 3)
    marked = [day for day in range(1, 32) if calendar_text_format_is_marked(calendar.calendar, QDate(2023, 3, day))]
    assert marked == [8, 9]
    calendar.calendar.clicked.emit(QDate(2023, 3, 8))
    assert window.current_issue.date == "2023-03-08" and window.current_issue.publication == "青溪日报"
    calendar.calendar.clicked.emit(QDate(2023, 3, 10))  # no issue that day: said, nothing opened
    assert window.current_issue.date == "2023-03-08"
    assert "2023-03-10" in window.statusBar().currentMessage()
    # Another publication: its own days.
    calendar.publication.setCurrentIndex(calendar.publication.findText("浙江工人日报"))
    calendar.calendar.setCurrentPage(2022, 6)
    assert calendar_text_format_is_marked(calendar.calendar, QDate(2022, 6, 17))
    assert not calendar_text_format_is_marked(calendar.calendar, QDate(2023, 3, 8))


def test_our_own_writes_do_not_fold_up_the_library_tree(qtbot, opened_window):
    window = opened_window
    tree, model = window.panels.library_view, window.panels.library
    publication = model.index(0, 0)
    tree.expand(publication)
    qtbot.waitUntil(lambda: model.rowCount(publication) > 0, timeout=3000)
    year = model.index(0, 0, publication)
    tree.expand(year)
    with qtbot.waitSignal(window.service.bookmarks_changed, timeout=5000):
        window.commands.bookmark.trigger()
    window.changes.check()  # data_version moved (our writer is another connection): refresh
    assert tree.isExpanded(model.index(0, 0)) and tree.isExpanded(model.index(0, 0, model.index(0, 0)))
