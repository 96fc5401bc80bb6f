"""Correcting the OCR in the window: Ctrl+E, marks and hover, undo/redo, the original OCR,
the Corrections panel, section and status marks."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QDialogButtonBox, QStyleOptionViewItem

from reader.store.reading import get_article


def focus_article(qtbot, window) -> None:
    """Keys to the article pane, as after a click into it (the editor dialog had the focus)."""
    window.activateWindow()
    window.view.setFocus()
    qtbot.waitUntil(window.view.hasFocus, timeout=3000)
from reader.store.text import text_of


@pytest.fixture
def ui_settings(ui_settings):
    ui_settings.setValue("corrections/editor", "王编辑")
    ui_settings.setValue("language", "en")  # the assertions read English labels
    return ui_settings


@pytest.fixture
def window(opened_window):
    opened_window.activateWindow()
    return opened_window


def select(window, text: str) -> None:
    offset = window.view.article.text().index(text)
    window.view.select_span(offset, offset + len(text))


def correct_in_dialog(qtbot, window, new_text: str, note: str = "") -> None:
    focus_article(qtbot, window)
    qtbot.keyClick(window.view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = window.corrections.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.text.setPlainText(new_text)
    dialog.note.setText(note)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.corrections.dialog is None, timeout=3000)


def open_lead(window) -> str:
    """The article with 吕志良主持 (the sample's lead story)."""
    from reader.ui.models import ID_ROLE

    for index in window.panels.sections.article_indexes():
        article_id = index.data(ID_ROLE)
        if "吕志良主持" in window.service.article(article_id).text():
            window.open_article(article_id)
            return article_id
    raise AssertionError("no lead story")


def test_ctrl_e_corrects_the_selection_marks_it_and_shows_the_original_on_hover(qtbot, window):
    article_id = open_lead(window)
    select(window, "吕志良主持")
    qtbot.keyClick(window.view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = window.corrections.dialog
    assert dialog.text.toPlainText() == "吕志良主持"
    assert "吕志良主持" in dialog.original.text()
    dialog.text.setPlainText("吕志亮主持")
    dialog.note.setText("人名")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "吕志亮主持" in window.view.article.text(), timeout=3000)
    (correction,) = window.corrections.service.corrections(article_id)
    assert (correction.original, correction.replacement, correction.editor, correction.note) == \
        ("良", "亮", "王编辑", "人名")  # the smallest change, not the whole passage
    # The corrected passage is underlined, and hovering it tells the original.
    offset = window.view.article.text().index("吕志亮") + 2  # 亮
    cursor = QTextCursor(window.view.document())
    cursor.setPosition(window.view.doc_position(offset) + 1)  # the format of the character before
    assert cursor.charFormat().underlineStyle() == QTextCharFormat.UnderlineStyle.DotLine
    plain = window.view.article.text().index("主持会议")
    cursor.setPosition(window.view.doc_position(plain) + 1)
    assert cursor.charFormat().underlineStyle() == QTextCharFormat.UnderlineStyle.NoUnderline
    tip = window.corrections.tooltip_for(offset)
    assert "良" in tip and "王编辑" in tip and "人名" in tip
    assert window.corrections.tooltip_for(plain) is None
    select(window, "推进会强调")
    correct_in_dialog(qtbot, window, "推进会特别强调")
    qtbot.waitUntil(lambda: "特别强调" in window.panels.sections.index_of_article(article_id).data(), timeout=3000)
    # The section list and the status bar say it.
    from reader.ui.models import ID_ROLE

    index = window.panels.sections.index_of_article(article_id)
    option = QStyleOptionViewItem()
    window.panels.section_view.itemDelegate().initStyleOption(option, index)
    assert option.text.startswith("✎")
    other = next(i for i in window.panels.sections.article_indexes() if i.data(ID_ROLE) != article_id)
    option = QStyleOptionViewItem()
    window.panels.section_view.itemDelegate().initStyleOption(option, other)
    assert "✎" not in option.text
    qtbot.waitUntil(lambda: "2 here" in window.corrections.status_label.text(), timeout=3000)


def test_paragraph_under_the_cursor_undo_and_redo(qtbot, window):
    article_id = open_lead(window)
    before = window.view.article.text()
    paragraph = next(p for p in window.view.article.paragraphs if "吕志良主持" in p)
    offset = before.index(paragraph) + 3
    cursor = QTextCursor(window.view.document())
    cursor.setPosition(window.view.doc_position(offset))
    window.view.setTextCursor(cursor)
    edited = paragraph.replace("吕志良主持", "吕志亮主持").replace("史济锡出席", "史济希出席")
    correct_in_dialog(qtbot, window, edited)
    qtbot.waitUntil(lambda: "吕志亮主持" in window.view.article.text(), timeout=3000)
    after = window.view.article.text()
    assert "史济希出席" in after
    assert len(window.corrections.service.corrections(article_id)) == 2
    focus_article(qtbot, window)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # one edit, one undo
    qtbot.waitUntil(lambda: window.view.article.text() == before, timeout=3000)
    assert window.corrections.service.corrections(article_id) == []
    focus_article(qtbot, window)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window.view.article.text() == after, timeout=3000)
    assert get_article(window.service.db, article_id).text() == after


def test_show_original_and_search_original(qtbot, window):
    article_id = open_lead(window)
    select(window, "吕志良主持")
    correct_in_dialog(qtbot, window, "吕志亮主持")
    qtbot.waitUntil(lambda: "吕志亮主持" in window.view.article.text(), timeout=3000)
    window.corrections.act_original.trigger()
    assert "吕志良主持" in window.view.article.text() and "吕志亮" not in window.view.article.text()
    assert "Original OCR" in window.corrections.status_label.text()
    assert window.corrections.edit_passage() is None  # no editing the original
    window.corrections.act_original.trigger()
    assert "吕志亮主持" in window.view.article.text()

    panel = window.panels.search_panel
    panel.field.setText("吕志良主持")
    panel.run_search()
    qtbot.waitUntil(lambda: panel.status.text() not in ("", "Searching…", "正在搜索…"), timeout=5000)
    assert panel.model.rowCount() == 0
    window.corrections.act_search_original.trigger()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=5000)
    assert panel.model.hits[0].id == article_id


def test_corrections_panel_filter_jump_revert(qtbot, window):
    article_id = open_lead(window)
    select(window, "吕志良主持")
    correct_in_dialog(qtbot, window, "吕志亮主持", note="人名")
    select(window, "推进会强调")
    correct_in_dialog(qtbot, window, "推进会特别强调")
    panel = window.corrections.panel
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=3000)
    panel.filter.setText("人名")
    assert panel.model.rowCount() == 1
    index = panel.model.index(0, 0)
    assert "良  →  亮" in index.data()
    window.open_article(next(i for i in (a["id"] for a in window.service.page_articles(
        window.service.issue_pages(window.current_issue.id)[0].id)) if i != article_id))
    panel.view.setCurrentIndex(index)
    panel.open_button.click()
    assert window.current_article_id == article_id
    start, end = window.view.selection_span()
    assert window.view.article.text()[start:end] == "亮"
    panel.revert_button.click()
    qtbot.waitUntil(lambda: "吕志良主持" in window.view.article.text(), timeout=3000)
    panel.filter.clear()
    assert panel.model.rowCount() == 1
    focus_article(qtbot, window)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo the revert
    qtbot.waitUntil(lambda: "吕志亮主持" in window.view.article.text(), timeout=3000)
    assert panel.model.rowCount() == 2


def test_highlights_stay_on_their_passage(qtbot, window):
    article_id = open_lead(window)
    select(window, "主持会议并部署工作")
    window.notes.highlight_selection()
    select(window, "吕志良主持")
    correct_in_dialog(qtbot, window, "吕志良先生主持")
    qtbot.waitUntil(lambda: "先生主持" in window.view.article.text(), timeout=3000)
    (note,) = window.service.annotations(article_id)
    text = window.view.article.text()
    assert text[note.start:note.end] == "主持会议并部署工作" and not note.rewritten
    assert window.view._annotation_spans[0][:2] == (note.start, note.end)
    assert text_of(window.view.article).text == text


def test_export_pdf_moved_to_ctrl_shift_e(window):
    assert window.commands.export_pdf.shortcut().toString() == "Ctrl+Shift+E"
    assert window.corrections.act_correct.shortcut().toString() == "Ctrl+E"


def test_a_read_only_library_turns_correcting_off(window):
    controls = window.write_controls()
    for control in (window.corrections.act_correct, window.corrections.act_undo, window.corrections.act_redo,
                    window.corrections.panel.revert_button):
        assert control in controls
    window.show_read_only()
    assert not window.corrections.act_correct.isEnabled()


def test_in_chinese(qtbot, library_path, tmp_path):
    from reader.ui.app import application, create_window
    from reader.ui.i18n import install_translator

    application()
    settings = QSettings(str(tmp_path / "zh.ini"), QSettings.Format.IniFormat)
    settings.setValue("language", "zh_CN")
    win = create_window(str(library_path), settings)
    qtbot.addWidget(win)
    try:
        assert win.corrections.menu.title() == "校对(&C)"
        assert win.corrections.act_correct.text() == "校对文字(&C)…"
        assert win.corrections.panel.revert_button.text() == "还原"
    finally:
        qtbot.waitUntil(lambda: win.imports.job is None, timeout=15000)
        win.service.close()
        install_translator("en")


def test_the_corrections_panel_reads_a_page_at_a_time(qtbot, window):
    from helpers.corrections_rows import add_correction_rows

    db = window.service.db
    article_ids = [r[0] for r in db.execute("SELECT id FROM articles")]
    add_correction_rows(db, article_ids, 449)  # and one whose article is gone: 450
    panel = window.corrections.panel
    panel.refresh()
    assert panel.model.rowCount() == panel.model.PAGE < 450
    qtbot.waitUntil(lambda: panel.summary.text().startswith("450 "), timeout=3000)
    assert panel.model.canFetchMore()
    panel.model.fetchMore()
    assert panel.model.rowCount() == 2 * panel.model.PAGE
    newest = panel.model.index(0, 0).data()
    assert "旧448  →  新448" in newest
    panel.filter.setText("新44")  # 新44, 新440–448
    assert panel.model.rowCount() == 11
    qtbot.waitUntil(lambda: panel.summary.text().startswith("11 "), timeout=3000)
