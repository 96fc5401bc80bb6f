"""The page view in the window, driven as a reader would: P, clicks and hovers on zones,
search hits on the scan, J/K with the page following, a page without a scan."""
from __future__ import annotations

import pytest
from helpers.standin import synthetic_layout_library
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter


def _layout(db, tmp_path, scan=".jpg"):
    return synthetic_layout_library(db, tmp_path / "paper", scan=scan)


def _show_page_view(qtbot, window, *, scan=True):
    qtbot.keyClick(window.panels.section_view, Qt.Key.Key_P)
    view = window.page_view
    qtbot.waitUntil(lambda: view.isVisible() and view.page is not None, timeout=5000)
    if scan:
        qtbot.waitUntil(lambda: view.scan_item is not None, timeout=15000)
    return view


def _viewport_point(view, box):
    """The middle of BOX (page fractions) in the canvas' viewport coordinates."""
    rect = view.scene.sceneRect()
    x = (box[0] + box[2]) / 2 * rect.width()
    y = (box[1] + box[3]) / 2 * rect.height()
    view.canvas.centerOn(x, y)
    return view.canvas.mapFromScene(x, y)


def test_the_page_view_shows_the_scan_with_the_current_articles_zone(qtbot, db, tmp_path, make_window):
    layout = _layout(db, tmp_path)
    db.close()
    window = make_window()
    qtbot.waitUntil(lambda: window.current_article_id is not None)
    view = _show_page_view(qtbot, window)
    assert view.page.scan is not None and view.page.scan.path.name == "qingxi-2023-03-08-p1.jpg"
    assert "qingxi-2023-03-08-p1.jpg" in view.label.text()
    pixmap = view.scan_item.pixmap()
    assert pixmap.width() > 100 and abs(pixmap.height() / pixmap.width() - 1.4) < 0.01
    current = window.current_article_id
    assert set(view.zone_items) == {a for a, _h, _z in layout["articles"]}
    assert view.zone_items[current].current
    assert view.zone_items[current].pen().style() != Qt.PenStyle.NoPen
    others = [item for a, item in view.zone_items.items() if a != current]
    assert others and all(not item.current and item.pen().style() == Qt.PenStyle.NoPen for item in others)
    # The outline sits where the zone is stored.
    zone = next(z for a, _h, z in layout["articles"] if a == current)
    bounds = view.zone_items[current].path().boundingRect()
    scene = view.scene.sceneRect()
    assert bounds.left() == pytest.approx(zone[0] * scene.width(), abs=0.5)
    assert bounds.bottom() == pytest.approx(zone[3] * scene.height(), abs=0.5)


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # the tooltip, offscreen
def test_clicking_a_zone_opens_its_article_and_hovering_names_it(qtbot, db, tmp_path, make_window):
    layout = _layout(db, tmp_path)
    db.close()
    window = make_window()
    qtbot.waitUntil(lambda: window.current_article_id is not None)
    view = _show_page_view(qtbot, window)
    other_id, other_headline, other_zone = next(a for a in layout["articles"] if a[0] != window.current_article_id)
    point = _viewport_point(view, other_zone)
    qtbot.mouseMove(view.canvas.viewport(), point)
    qtbot.waitUntil(lambda: view.hovered is not None)
    assert view.hovered.article_id == other_id
    assert window.statusBar().currentMessage() == other_headline
    qtbot.mouseClick(view.canvas.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: window.current_article_id == other_id)
    assert view.zone_items[other_id].current
    assert sum(item.current for item in view.zone_items.values()) == 1


def test_j_and_k_move_between_articles_and_the_page_follows(qtbot, db, tmp_path, make_window):
    _layout(db, tmp_path)
    db.close()
    window = make_window()
    qtbot.waitUntil(lambda: window.current_article_id is not None)
    view = _show_page_view(qtbot, window)
    first = window.current_article_id
    qtbot.keyClick(window.panels.section_view, Qt.Key.Key_J)
    qtbot.waitUntil(lambda: window.current_article_id != first)
    second = window.current_article_id
    assert view.zone_items[second].current and not view.zone_items[first].current
    qtbot.keyClick(window.panels.section_view, Qt.Key.Key_K)
    qtbot.waitUntil(lambda: window.current_article_id == first)
    assert view.zone_items[first].current


def test_search_hits_are_outlined_where_word_boxes_exist(qtbot, db, tmp_path, make_window):
    layout = _layout(db, tmp_path)
    db.close()
    window = make_window()
    qtbot.waitUntil(lambda: window.current_article_id is not None)
    view = _show_page_view(qtbot, window)
    assert view.hit_items == []
    window.find.show_bar()
    qtbot.keyClicks(window.find.bar.field, "Dolor")
    expected = [w for w in layout["words"] if w.text == "dolor"]
    qtbot.waitUntil(lambda: len(view.hit_items) == len(expected))
    scene = view.scene.sceneRect()
    centres = sorted((round(i.rect().center().x()), round(i.rect().center().y())) for i in view.hit_items)
    assert centres == sorted((round((w.box[0] + w.box[2]) / 2 * scene.width()),
                              round((w.box[1] + w.box[3]) / 2 * scene.height())) for w in expected)
    window.find.bar.field.clear()
    qtbot.waitUntil(lambda: view.hit_items == [])


def test_without_a_scan_the_blocks_are_drawn_with_their_text(qtbot, db, tmp_path, make_window):
    layout = _layout(db, tmp_path, scan=None)
    db.close()
    window = make_window()
    qtbot.waitUntil(lambda: window.current_article_id is not None)
    view = _show_page_view(qtbot, window, scan=False)
    assert view.page.scan is None and view.scan_item is None
    assert "no scan" in view.label.text()
    assert [item.text for item in view.block_items] == [" ".join(b.text.split()) for b in layout["blocks"]]
    # Ink where the blocks are, none in the margin between the columns.
    scene = view.scene.sceneRect()
    image = QImage(500, round(500 * scene.height() / scene.width()), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    view.scene.render(painter, source=scene)
    painter.end()

    def dark_pixels(box):
        count = 0
        for x in range(int(box[0] * image.width()), int(box[2] * image.width())):
            for y in range(int(box[1] * image.height()), int(box[3] * image.height()), 2):
                count += QColor(image.pixel(x, y)).lightness() < 120
        return count

    text_block = layout["blocks"][1].box
    assert dark_pixels((text_block[0] + 0.01, text_block[1], text_block[2] - 0.01, text_block[1] + 0.2)) > 50
    assert dark_pixels((0.0, 0.93, 1.0, 1.0)) == 0


def test_p_and_the_view_menu_toggle_the_page_view(qtbot, db, tmp_path, make_window, ui_settings):
    _layout(db, tmp_path)
    db.close()
    window = make_window()
    qtbot.waitUntil(lambda: window.current_article_id is not None)
    assert not window.page_view.isVisible()
    menus = [a.menu() for a in window.menuBar().actions() if a.menu() is not None]
    assert any(window.act_page_view in menu.actions() for menu in menus)
    qtbot.keyClick(window.panels.section_view, Qt.Key.Key_P)
    assert window.page_view.isVisible() and window.act_page_view.isChecked()
    qtbot.keyClick(window.panels.section_view, Qt.Key.Key_P)
    assert not window.page_view.isVisible()
    window.act_page_view.trigger()
    assert window.page_view.isVisible()
    assert str(ui_settings.value("view/page_view")).lower() == "true"


def test_a_page_without_geometry_says_so(qtbot, make_window):
    window = make_window()  # the bundled sample: a text page with no positions
    qtbot.waitUntil(lambda: window.current_article_id is not None and window.imports.job is None, timeout=15000)
    qtbot.keyClick(window.panels.section_view, Qt.Key.Key_P)
    view = window.page_view
    assert view.isVisible() and view.page is None
    assert "no layout" in view.label.text()


def test_zoom_buttons_and_fit(qtbot, db, tmp_path, make_window):
    _layout(db, tmp_path)
    db.close()
    window = make_window()
    qtbot.waitUntil(lambda: window.current_article_id is not None)
    view = _show_page_view(qtbot, window)
    view.fit("page")
    page_zoom = view.canvas.zoom()
    visible = view.canvas.mapToScene(view.canvas.viewport().rect()).boundingRect()
    assert visible.contains(view.scene.sceneRect().adjusted(2, 2, -2, -2))
    view.fit("width")
    assert view.canvas.zoom() >= page_zoom
    before = view.canvas.zoom()
    view.zoom_in_button.click()
    assert view.canvas.zoom() == pytest.approx(before * 1.25)


def test_zoomed_in_past_the_whole_page_image_the_part_in_view_is_decoded_sharper(qtbot, db, tmp_path,
                                                                                   make_window):
    _layout(db, tmp_path)
    db.close()
    window = make_window()
    qtbot.waitUntil(lambda: window.current_article_id is not None)
    view = _show_page_view(qtbot, window)
    base_px_per_unit = view.scan_item.pixmap().width() / view.scene.sceneRect().width()
    view.canvas.set_zoom(base_px_per_unit * 3)
    qtbot.waitUntil(lambda: view.detail_item is not None, timeout=15000)
    detail = view.detail_item
    detail_px_per_unit = detail.pixmap().width() / detail.sceneBoundingRect().width()
    assert detail_px_per_unit > base_px_per_unit * 1.2
    visible = view.canvas.mapToScene(view.canvas.viewport().rect()).boundingRect()
    assert detail.sceneBoundingRect().adjusted(-1, -1, 1, 1).contains(visible.intersected(view.scene.sceneRect()))


def test_a_page_view_left_open_opens_with_the_window_on_its_page(qtbot, db, tmp_path, make_window, ui_settings):
    _layout(db, tmp_path)
    db.close()
    first = make_window()
    qtbot.waitUntil(lambda: first.current_article_id is not None)
    _show_page_view(qtbot, first)
    first.close()
    second = make_window()
    qtbot.waitUntil(lambda: second.current_article_id is not None)
    view = second.page_view
    assert second.act_page_view.isChecked() and view.isVisible()
    qtbot.waitUntil(lambda: view.page is not None and view.scan_item is not None, timeout=15000)
    assert view.zone_items[second.current_article_id].current


def test_the_export_dialogs_checkbox_puts_the_clipping_before_the_text(qtbot, db, tmp_path, make_window):
    from pypdf import PdfReader

    from reader.ui.export_dialog import ExportDialog

    _layout(db, tmp_path)
    db.close()
    window = make_window()
    qtbot.waitUntil(lambda: window.current_article_id is not None)
    outputs = {}
    for checked in (False, True):
        dialog = ExportDialog(window.service, window, current_article=window.current_article_id)
        qtbot.addWidget(dialog)
        dialog.with_clippings.setChecked(checked)
        outputs[checked] = tmp_path / f"export-{checked}.pdf"
        with qtbot.waitSignal(dialog.accepted, timeout=30000):
            dialog.export_to(str(outputs[checked]))
    assert len(PdfReader(outputs[True]).pages[0].images) == 1
    assert not PdfReader(outputs[False]).pages[0].images


@pytest.mark.qt_log_ignore("Corrupt JPEG", "JPEG datastream")  # libjpeg's own words on the broken file
def test_a_scan_that_cannot_be_read_is_said_so_on_the_page(qtbot, db, tmp_path, make_window):
    _layout(db, tmp_path)
    db.close()
    (tmp_path / "paper" / "qingxi-2023-03-08-p1.jpg").write_bytes(b"\xff\xd8 not really a jpeg")
    window = make_window()
    qtbot.waitUntil(lambda: window.current_article_id is not None)
    view = window.page_view
    with qtbot.waitSignal(view.scan_failed, timeout=15000) as failure:
        qtbot.keyClick(window.panels.section_view, Qt.Key.Key_P)
    assert "qingxi-2023-03-08-p1.jpg" in failure.args[0]
    assert "could not be read" in view._placeholder.text()
    assert view.scan_item is None and view.zone_items  # the zones are still there to click
