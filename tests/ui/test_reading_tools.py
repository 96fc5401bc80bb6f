"""Search, find-in-article, bookmarks, annotations and PDF export from the window."""
from __future__ import annotations

import pytest
from helpers.paths import QINGXI
from pypdf import PdfReader
from PySide6.QtCore import Qt


@pytest.fixture
def window(opened_window):
    opened_window.activateWindow()
    return opened_window


def test_search_as_you_type_opens_with_hits_highlighted(qtbot, window):
    qtbot.keyClick(window.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.panels.tabs.currentWidget() is window.panels.search_panel
    assert window.panels.search_panel.field.hasFocus()
    window.panels.search_panel.field.insert("消防")  # as an input method commits it (QTest types ASCII only)
    qtbot.waitUntil(lambda: window.panels.search_panel.model.rowCount() == 2, timeout=5000)
    first = window.panels.search_panel.model.index(0, 0)
    assert "消防" in first.data()
    window.panels.search_panel.results.activated.emit(first)
    assert window.view.article.id == window.panels.search_panel.model.hits[0].id
    assert window.view.hit_count() >= 1
    before = window.view.current_hit()
    qtbot.keyClick(window.view, Qt.Key.Key_F3)
    assert window.view.current_hit() == (before + 1) % window.view.hit_count()


def test_stale_results_are_dropped(qtbot, window):
    panel = window.panels.search_panel
    panel.field.setText("工会")
    panel.run_search()
    panel.field.setText("RCEP")
    panel.run_search()
    qtbot.waitUntil(lambda: panel.status.text() not in ("", "Searching…", "正在搜索…"), timeout=5000)
    qtbot.wait(300)
    assert [hit.headline[:4] for hit in panel.model.hits] == ["RCEP"]


def test_search_field_explains_the_query_syntax(window):
    from PySide6.QtGui import QTextDocument

    from reader.store.query_help import QUERY_HELP

    document = QTextDocument()
    document.setHtml(window.panels.search_panel.field.toolTip())
    assert document.toPlainText() == QUERY_HELP  # the store's one description, whole


def run_search(qtbot, panel, query: str) -> str:
    """Search QUERY in the search panel and wait for its count; the status line."""
    panel.field.setText(query)
    panel.run_search()
    qtbot.waitUntil(lambda: panel.status.text() not in ("", "Searching…", "正在搜索…"), timeout=5000)
    return panel.status.text()


def test_exact_script_stops_traditional_finding_simplified(qtbot, window):
    panel = window.panels.search_panel

    def search(query: str) -> int:
        run_search(qtbot, panel, query)
        return panel.model.rowCount()

    found = search("工会")
    assert found > 0
    assert search("工會") == found  # the sample page prints 工会 only
    panel.exact_script.setChecked(True)
    assert search("工會") == 0
    assert search("工会") == found


def test_search_with_nothing_found_and_odd_input(qtbot, window):
    panel = window.panels.search_panel
    for query in ['"', "NEAR(", "'; DROP TABLE x; --", "没有这样的词语组合"]:
        panel.field.setText(query)
        panel.run_search()
        qtbot.waitUntil(lambda: panel.status.text() not in ("", "Searching…", "正在搜索…"), timeout=5000)
        assert panel.model.rowCount() == 0


def test_find_in_article(qtbot, window):
    qtbot.keyClick(window.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.find.bar.isVisible()
    window.find.bar.field.insert("数字化")
    count = window.view.hit_count()
    assert count == window.view.article.text().count("数字化")
    assert window.find.bar.count.text().startswith("1")


def test_bookmark_by_shortcut_and_panel(qtbot, window):
    article_id = window.current_article_id
    # Writes go through the window's writer thread: wait for the signal that says it is done.
    with qtbot.waitSignal(window.service.bookmarks_changed, timeout=5000):
        qtbot.keyClick(window.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert window.service.is_bookmarked(article_id)
    assert window.panels.bookmarks_panel.model.rowCount() == 1
    window.navigation.step_article(1)
    index = window.panels.bookmarks_panel.model.index(0, 0)
    window.panels.bookmarks_panel.view.activated.emit(index)
    assert window.current_article_id == article_id
    window.panels.bookmarks_panel.view.setCurrentIndex(index)
    with qtbot.waitSignal(window.service.bookmarks_changed, timeout=5000):
        window.panels.bookmarks_panel.remove_button.click()
    assert window.panels.bookmarks_panel.model.rowCount() == 0 and not window.service.is_bookmarked(article_id)


def test_select_text_and_annotate_list_jump_edit_undo(qtbot, window, monkeypatch):
    article = window.view.article
    text = article.text()
    start = text.index("史济锡出席会议并讲话")
    window.view.select_span(start, start + len("史济锡出席会议并讲话"))
    assert window.view.selection_span() == (start, start + len("史济锡出席会议并讲话"))
    with qtbot.waitSignal(window.service.annotations_changed, timeout=5000):
        qtbot.keyClick(window.view, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    (note,) = window.service.annotations(article.id)
    assert note.exact == "史济锡出席会议并讲话" and note.start == start
    assert window.view._annotation_spans and window.view._annotation_spans[0][:2] == (note.start, note.end)
    panel = window.panels.annotations_panel
    assert panel.model.rowCount() == 1
    # Jump to it from another article.
    window.navigation.step_article(1)
    panel.whole_library.setChecked(True)
    index = panel.model.index(0, 0)
    panel.view.activated.emit(index)
    assert window.current_article_id == article.id
    assert window.view.selection_span() == (note.start, note.end)
    # Edit through the dialog.
    from reader.ui import notes_panel

    monkeypatch.setattr(notes_panel.NoteDialog, "exec", lambda self: notes_panel.QDialog.DialogCode.Accepted)
    monkeypatch.setattr(notes_panel.NoteDialog, "values", lambda self: ("讲话要点", ["人物"]))
    panel.view.setCurrentIndex(panel.model.index(0, 0))
    with qtbot.waitSignal(window.service.annotations_changed, timeout=5000):
        panel.edit_selected()
    assert window.service.annotations(article.id)[0].note == "讲话要点"
    panel.filter.setText("#人物")
    assert panel.model.rowCount() == 1
    panel.filter.setText("#没有")
    assert panel.model.rowCount() == 0
    panel.filter.setText("")
    # Delete, then undo.
    panel.view.setCurrentIndex(panel.model.index(0, 0))
    with qtbot.waitSignal(window.service.annotations_changed, timeout=5000):
        panel.delete_button.click()
    assert window.service.annotations() == []
    qtbot.waitUntil(panel.undo_button.isEnabled, timeout=5000)
    with qtbot.waitSignal(window.service.annotations_changed, timeout=5000):
        panel.undo_button.click()
    (restored,) = window.service.annotations()
    assert (restored.id, restored.note, restored.exact) == (note.id, "讲话要点", note.exact)


def test_selection_across_decoration_maps_to_article_text(qtbot, window):
    # From inside the headline through the meta line into the byline: the quote is the
    # article's own text, without the publication/date line the pane adds.
    article = window.view.article
    end = len(article.headline) + 1 + 4
    window.view.select_span(2, end)
    span = window.view.selection_span()
    assert span == (2, end)
    assert "浙江工人日报 ·" not in article.text()[span[0]:span[1]]


def test_copy_citation(qtbot, window):
    from PySide6.QtWidgets import QApplication

    window.notes.copy_citation()
    assert QApplication.clipboard().text().endswith("[N]. 浙江工人日报, 2022-06-17(1).")
    window.notes.copy_citation(plain=True)
    assert QApplication.clipboard().text() == "浙江工人日报 2022年6月17日 第1版"


def export_with_dialog(qtbot, window, option: str, output):
    """Export through the dialog with OPTION chosen; the dialog, once it has finished."""
    from reader.ui.export_dialog import ExportDialog

    dialog = ExportDialog(window.service, window, current_article=window.current_article_id,
                          issue=window.current_issue)
    qtbot.addWidget(dialog)
    dialog.options[option].setChecked(True)
    # Connected before the export starts (a quick job could end before a later connection).
    with qtbot.waitSignal(dialog.accepted, timeout=30000):
        dialog.export_to(str(output))
    return dialog


def test_export_dialog_writes_a_pdf(qtbot, window, tmp_path):
    output = tmp_path / "issue.pdf"
    dialog = export_with_dialog(qtbot, window, "issue", output)
    assert len(PdfReader(output).outline) == 4
    assert dialog.result_message == f"Exported 4 articles to {output}"


def test_exporting_one_article_says_article_not_articles(qtbot, window, tmp_path):
    output = tmp_path / "one.pdf"
    dialog = export_with_dialog(qtbot, window, "current", output)
    assert dialog.result_message == f"Exported 1 article to {output}"


def test_jumped_story_shows_a_continuation_note(qtbot, window):
    job = window.imports.start([str(QINGXI / "qingxi-2023-03-08-p1.md"), str(QINGXI / "qingxi-2023-03-08-p2.md")],
                              show_dialog=False)
    assert job is not None
    qtbot.waitUntil(lambda: window.imports.job is None, timeout=20000)
    story = window.service.db.execute(
        "SELECT article_id FROM article_parts GROUP BY article_id HAVING COUNT(*) = 2").fetchone()[0]
    window.open_article(story)
    text = window.view.toPlainText()
    assert "continued on page 2" in text or "第2版" in text


def test_local_images_are_shown_and_remote_ones_never_fetched(qtbot, window, tmp_path):
    from PySide6.QtGui import QColor, QImage, QTextDocument, QTextImageFormat

    folder = tmp_path / "paper"
    (folder / "images").mkdir(parents=True)
    picture = QImage(40, 30, QImage.Format.Format_RGB32)
    picture.fill(QColor("#336699"))
    assert picture.save(str(folder / "images" / "a.png"))
    page = folder / "p.md"
    page.write_text("东湖晚报 2021年10月1日 星期五\n第3版 社会\n\n## 图片新闻\n\n![](images/a.png)\n\n湖边一景。记者王芳 摄\n\n"
                    "## 远程图片\n\n![](http://example.com/b.png)\n\n远方一景。\n", encoding="utf-8")
    job = window.imports.start([str(page)], show_dialog=False)
    assert job is not None
    qtbot.waitUntil(lambda: window.imports.job is None, timeout=20000)
    ids = dict(window.service.db.execute("SELECT headline, id FROM articles WHERE headline IN ('图片新闻', '远程图片')"))

    def images_in_view():
        found, block = [], window.view.document().begin()
        while block.isValid():
            iterator = block.begin()
            while not iterator.atEnd():
                fmt = iterator.fragment().charFormat()
                if fmt.isImageFormat():
                    found.append(QTextImageFormat(fmt).name())
                iterator += 1
            block = block.next()
        return found

    window.open_article(ids["图片新闻"])
    (name,) = images_in_view()
    assert name.endswith("images/a.png")
    assert window.view.document().resource(QTextDocument.ResourceType.ImageResource, name) is not None
    window.open_article(ids["远程图片"])
    assert images_in_view() == []
    assert "http://example.com/b.png" in window.view.toPlainText()  # named, not loaded


def test_bookmark_note_star_and_colours(qtbot, window, monkeypatch):
    from reader.ui import notes_panel

    article_id = window.current_article_id
    with qtbot.waitSignal(window.service.bookmarks_changed, timeout=5000):
        window.notes.star_button.click()
    assert window.service.is_bookmarked(article_id) and window.notes.star_button.text().startswith("★")
    panel = window.panels.bookmarks_panel
    panel.view.setCurrentIndex(panel.model.index(0, 0))
    monkeypatch.setattr(notes_panel.QInputDialog, "getText", lambda *a, **k: ("先读这篇", True))
    with qtbot.waitSignal(window.service.bookmarks_changed, timeout=5000):
        panel.edit_note()
    assert window.service.bookmarks()[0]["note"] == "先读这篇"
    assert "先读这篇" in panel.model.index(0, 0).data()
    text = window.view.article.text()
    start = text.index("吕志良主持会议")
    window.view.select_span(start, start + 7)
    window.notes.highlight_color_box.setCurrentIndex(window.notes.highlight_color_box.findData("green"))
    with qtbot.waitSignal(window.service.annotations_changed, timeout=5000):
        window.notes.highlight_selection()
    assert [a.color for a in window.service.annotations(article_id)] == ["green"]


def test_several_selected_articles_export(qtbot, window, tmp_path):
    from PySide6.QtCore import QItemSelectionModel

    from reader.ui.export_dialog import ExportDialog

    selection = window.panels.section_view.selectionModel()
    articles = window.panels.sections.article_indexes()
    selection.select(articles[0], QItemSelectionModel.SelectionFlag.ClearAndSelect)
    selection.select(articles[2], QItemSelectionModel.SelectionFlag.Select)
    chosen = window.panels.selected_article_ids()
    assert len(chosen) == 2
    dialog = ExportDialog(window.service, window, current_article=window.current_article_id, selected=chosen)
    qtbot.addWidget(dialog)
    assert dialog.options["selected"].isEnabled()
    dialog.options["selected"].setChecked(True)
    with qtbot.waitSignal(dialog.accepted, timeout=30000):
        dialog.export_to(str(tmp_path / "two.pdf"))
    assert len(PdfReader(tmp_path / "two.pdf").outline) == 2


def test_search_count_is_said_in_english_words(qtbot, window):
    # English has no translation file: Qt's "%n match(es)" showed as "1 match(es)".
    panel = window.panels.search_panel

    def status(query: str) -> str:
        return run_search(qtbot, panel, query)

    assert status("RCEP") == "1 match"
    assert status("工会") == f"{panel.model.rowCount()} matches"


def test_a_selection_larger_than_one_pdf_is_refused_in_one_line(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from reader.export import pdf
    from reader.ui.export_dialog import ExportDialog

    monkeypatch.setattr(pdf, "MAX_ARTICLES", 2)
    dialog = ExportDialog(window.service, window, current_article=window.current_article_id,
                          issue=window.current_issue)
    qtbot.addWidget(dialog)
    dialog.options["issue"].setChecked(True)
    shown = []

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, read_and_close)
            return
        shown.append(box.text())
        box.close()
    QTimer.singleShot(20, read_and_close)
    dialog.export_to(str(tmp_path / "issue.pdf"))
    qtbot.waitUntil(lambda: bool(shown), timeout=30000)
    assert shown == ["more than 2 articles selected; one export takes at most 2: choose fewer "
                     "(a search with more words, or narrowed by date or publication)"]
    assert not (tmp_path / "issue.pdf").exists()
