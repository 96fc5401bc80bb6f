"""What the window remembers: read defensively, saved as it changes."""
from __future__ import annotations


def test_bad_settings_fall_back_to_defaults(qtbot, library_path, ui_settings):
    from reader.ui.app import application, create_window

    application()
    for key, value in {"view/font_size": "big", "view/theme": "plaid", "window/tab": "x",
                       "window/geometry": "not bytes", "window/splitter": 12, "reading/scroll": "down",
                       "language": 7, "reading/article": ["a", "list"]}.items():
        ui_settings.setValue(key, value)
    ui_settings.sync()
    window = create_window(str(library_path), ui_settings)
    qtbot.addWidget(window)
    try:
        window.show()
        qtbot.waitUntil(lambda: window.current_article_id is not None and window.imports.job is None, timeout=20000)
        assert window.appearance.font_size == 15
        assert window.appearance.theme_name == "light"
        assert window.panels.tabs.currentIndex() == 0
    finally:
        window.imports.stop()
        window.service.close()


def test_font_size_out_of_range_falls_back(qtbot, library_path, ui_settings):
    from reader.ui.window.state import read_int

    ui_settings.setValue("view/font_size", "400")
    assert read_int(ui_settings, "view/font_size", 15, 9, 48) == 15
    ui_settings.setValue("view/font_size", " 20 ")
    assert read_int(ui_settings, "view/font_size", 15, 9, 48) == 20
