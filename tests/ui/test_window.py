"""The reader window, driven offscreen as a user would: keyboard, menus, drag-and-drop."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from helpers.pages import make_issue_pages
from helpers.paths import QINGXI, SAMPLE
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent


def wait_for_article(qtbot, window, timeout=15000):
    qtbot.waitUntil(lambda: window.current_article_id is not None and window.imports.job is None, timeout=timeout)


def import_and_wait(qtbot, window, paths):
    job = window.imports.start([str(p) for p in paths], show_dialog=False)
    assert job is not None
    qtbot.waitUntil(lambda: window.imports.job is None, timeout=30000)


def test_first_start_imports_and_opens_the_sample(qtbot, make_window):
    window = make_window()
    wait_for_article(qtbot, window)
    article = window.view.article
    assert article.publication == "浙江工人日报"
    assert article.headline.startswith("全省工会数字化改革推进会强调")
    assert window.masthead.name == "浙江工人日报"
    assert "壬寅年五月十九" in " ".join(window.masthead.left_lines)
    assert any("12135" in line for line in window.masthead.right_lines)
    text = window.view.toPlainText()
    assert "全省工会数字化改革推进会昨日下午以视频形式召开" in text
    qtbot.waitUntil(lambda: window.counts_label.text() == "1 publication · 1 issue · 1 page · 4 articles",
                    timeout=5000)


def test_walk_articles_pages_and_issues_by_keyboard(qtbot, make_window):
    window = make_window()
    wait_for_article(qtbot, window)
    import_and_wait(qtbot, window, [QINGXI / "qingxi-2023-03-08-p1.md", QINGXI / "qingxi-2023-03-08-p2.md",
                                    QINGXI / "qingxi-2023-03-09-p1.md"])
    issue = next(i for i in [window.service.latest_issue()] if i)
    assert issue.date == "2023-03-09"
    window.open_issue(issue.id)
    window.navigation.step_issue(-1)  # to 2023-03-08, which has two pages
    assert window.current_issue.date == "2023-03-08"
    first = window.current_article_id
    window.panels.section_view.setFocus()
    qtbot.keyClick(window.panels.section_view, Qt.Key.Key_J)
    assert window.current_article_id != first
    qtbot.keyClick(window.panels.section_view, Qt.Key.Key_K)
    assert window.current_article_id == first
    qtbot.keyClick(window.panels.section_view, Qt.Key.Key_BracketRight)  # next page
    assert window.view.article.pages == [2]
    qtbot.keyClick(window.panels.section_view, Qt.Key.Key_BracketLeft)
    assert 1 in window.view.article.pages
    qtbot.keyClick(window.panels.section_view, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier)  # next issue
    assert window.current_issue.date == "2023-03-09"
    qtbot.keyClick(window.panels.section_view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)  # back
    assert window.current_issue.date == "2023-03-08"
    qtbot.keyClick(window.panels.section_view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)  # forward
    assert window.current_issue.date == "2023-03-09"


def test_jumped_story_is_listed_once_with_both_pages(qtbot, make_window):
    window = make_window()
    wait_for_article(qtbot, window)
    import_and_wait(qtbot, window, [QINGXI / "qingxi-2023-03-08-p2.md", QINGXI / "qingxi-2023-03-08-p1.md"])
    window.open_issue(next(i.id for i in [window.service.latest_issue()]))
    labels = [index.data() for index in window.panels.sections.article_indexes()]
    jumped = [label for label in labels if "新区产业园首季签约36个项目" in label]
    assert len(jumped) == 1 and "1→2" in jumped[0]
    window.open_article(window.panels.sections.article_indexes()[0].data(Qt.ItemDataRole.UserRole + 1))
    assert "争取更多的高层次人才落户园区" in window.view.toPlainText()


def test_theme_and_zoom(qtbot, make_window):
    window = make_window()
    wait_for_article(qtbot, window)
    window.findChild(type(window.commands.zoom_in), "theme_dark").trigger()
    assert window.view.theme.name == "dark"
    assert "#1e1f22" in window.view.styleSheet()
    size = window.appearance.font_size
    qtbot.keyClick(window.view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert window.appearance.font_size == size + 1
    qtbot.keyClick(window.view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.appearance.font_size == 15


def test_state_is_restored_after_a_restart(qtbot, make_window):
    window = make_window()
    wait_for_article(qtbot, window)
    window.navigation.step_article(1)
    second = window.current_article_id
    window.appearance.set_theme("sepia")
    window.appearance.set_font_size(20)
    window.close()
    again = make_window()
    assert again.current_article_id == second
    assert again.appearance.theme_name == "sepia" and again.appearance.font_size == 20


def test_import_by_drag_and_drop(qtbot, make_window):
    window = make_window()
    wait_for_article(qtbot, window)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(QINGXI / "qingxi-2023-03-08-p1.md"))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert window.imports.job is not None
    qtbot.waitUntil(lambda: window.imports.job is None, timeout=20000)
    assert window.imports.last_report.count("imported") == 1
    assert any(p["name"] == "青溪日报" for p in window.service.publications())


def test_cancelled_import_leaves_whole_files(qtbot, make_window, tmp_path):
    window = make_window()
    wait_for_article(qtbot, window)
    pages = make_issue_pages(tmp_path / "many", 1500)
    job = window.imports.start([str(tmp_path / "many")], show_dialog=True)
    # Not waitSignal on job.progress: it disconnects inside the delivery of a signal that
    # keeps coming from another thread, which crashed PySide now and then.
    qtbot.waitUntil(lambda: window.imports.progress_bar.maximum() > 0, timeout=30000)
    from PySide6.QtWidgets import QPushButton

    (cancel_button,) = window.imports.dialog.findChildren(QPushButton)
    qtbot.mouseClick(cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.imports.job is None, timeout=30000)
    report = window.imports.last_report
    assert report.cancelled
    imported = report.count("imported")
    assert 0 < imported < len(pages)
    db = window.service.db
    # Every imported page is whole: all three of its articles, their paragraphs, search rows.
    per_page = db.execute("""SELECT pages.id, COUNT(article_parts.id) FROM pages
                             JOIN article_parts ON article_parts.page_id = pages.id
                             JOIN issues ON issues.id = pages.issue_id
                             WHERE issues.date < '2002-01-01' GROUP BY pages.id""").fetchall()
    assert len(per_page) == imported
    assert all(count == 3 for _, count in per_page)
    assert db.execute("""SELECT COUNT(*) FROM search_docs JOIN articles ON articles.id = search_docs.article_id
                         JOIN issues ON issues.id = articles.issue_id
                         WHERE issues.date < '2002-01-01'""").fetchone()[0] == 3 * imported
    del job


def test_import_report_names_bad_files(qtbot, make_window, tmp_path):
    window = make_window()
    wait_for_article(qtbot, window)
    (tmp_path / "empty.md").write_bytes(b"")
    (tmp_path / "binary.md").write_bytes(b"\x00\x01\x02")
    import_and_wait(qtbot, window, [tmp_path / "empty.md", tmp_path / "binary.md", QINGXI / "qingxi-2023-03-08-p2.md"])
    report = window.imports.last_report
    assert {Path(r.path).name: r.error for r in report.failed} == {
        "empty.md": "file is empty", "binary.md": "binary file (contains NUL bytes), not a text page"}
    assert report.count("imported") == 1


def test_page_notes_show_extras(qtbot, make_window):
    window = make_window()
    wait_for_article(qtbot, window)
    notes = [window.panels.sections.index(row, 0, window.panels.sections.page_indexes()[0])
             for row in range(window.panels.sections.rowCount(window.panels.sections.page_indexes()[0]))]
    notes = [i for i in notes if i.data(Qt.ItemDataRole.UserRole + 2) == "notes"]
    assert notes
    window.navigation.activate_section(notes[0])
    assert "88851111" in window.view.toPlainText()
    assert "新闻服务热线" in window.view.toPlainText()


def test_models_pass_the_model_tester(qtbot, qtmodeltester, make_window):
    window = make_window()
    wait_for_article(qtbot, window)
    qtmodeltester.check(window.panels.sections)
    qtmodeltester.check(window.panels.library)
    window.panels.library_view.expandAll()
    qtmodeltester.check(window.panels.library)
    window.panels.search_panel.model.set_hits([])
    qtmodeltester.check(window.panels.search_panel.model)


def test_markup_in_articles_is_dropped_never_interpreted(qtbot, make_window, tmp_path):
    window = make_window()
    wait_for_article(qtbot, window)
    page = tmp_path / "markup.md"
    page.write_text("东湖晚报 2021年10月1日 星期五\n第3版 社会\n\n## <b>粗体</b>标题\n\n"
                    "正文<script>alert(1)</script>里有<img src=\"http://example.com/x.png\">标签。\n", encoding="utf-8")
    import_and_wait(qtbot, window, [page])
    article_id = window.service.db.execute("SELECT id FROM articles WHERE headline LIKE '%粗体%'").fetchone()[0]
    window.open_article(article_id)
    text = window.view.toPlainText()
    # Parsing drops the tags and keeps the words; nothing is interpreted or run.
    assert "粗体标题" in text and "<b>" not in text
    assert "正文alert(1)里有标签。" in text
    from PySide6.QtGui import QTextDocument

    block = window.view.document().begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            assert not iterator.fragment().charFormat().isImageFormat()
            iterator += 1
        block = block.next()
    # Nothing remote is ever fetched, whatever asks for it.

    assert window.view.loadResource(QTextDocument.ResourceType.ImageResource, QUrl("http://example.com/x.png")) is None


def test_shortcuts_dialog_lists_actions(qtbot, make_window):
    from reader.ui.dialogs import ShortcutsDialog

    window = make_window()
    dialog = ShortcutsDialog(window)
    qtbot.addWidget(dialog)
    names = [dialog.table.item(row, 0).text() for row in range(dialog.table.rowCount())]
    assert "Next Article" in names or "下一篇" in names
    assert dialog.table.rowCount() >= 15


def test_dubao_starts_as_a_program(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", DUBAO_QUIT_AFTER_MS="2500",
               XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"), HOME=str(tmp_path))
    env.pop("DUBAO_DB", None)
    run = subprocess.run([sys.executable, "-m", "reader.cli"], env=env, capture_output=True, timeout=60)
    assert run.returncode == 0, run.stderr.decode()
    library = tmp_path / "data" / "dubao" / "library.db"
    assert library.exists()
    from reader.store import open_library

    db = open_library(library)
    assert db.execute("SELECT name FROM publications").fetchall() == [("浙江工人日报",)]
    db.close()
    assert SAMPLE.exists()


def test_interface_in_chinese(qtbot, make_window, ui_settings):
    ui_settings.setValue("language", "zh_CN")
    window = make_window()
    wait_for_article(qtbot, window)
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus[:2] == ["文件(&F)", "转到(&G)"]
    assert window.panels.tabs.tabText(0) == "版面"
    assert window.masthead.left_lines[0] == "2022年6月17日"
    assert window.panels.search_panel.field.placeholderText().startswith("搜索文库")
    # Strings of the parts other developers installed into the window are found too (their
    # translation contexts are the ones tr() looks up at run time).
    from PySide6.QtGui import QAction

    assert window.findChild(QAction, "page_view").text() == "版面视图(&P)"
    assert window.panels.search_panel.exact_script.text() == "区分简繁"
    assert window.corrections.act_correct.text() == "校对文字(&C)…"
    ui_settings.setValue("language", "en")
    english = make_window()
    assert [a.text() for a in english.menuBar().actions()][0] == "&File"
