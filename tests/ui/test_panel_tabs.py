"""The side panel's tabs: a new reader sees every one of them."""
from __future__ import annotations


def test_every_tab_is_in_sight_at_the_default_size(qtbot, opened_window):
    # Six tabs in the 340-pixel side panel: Annotations and Corrections were hidden behind
    # scroll arrows, where a new reader never found them.
    bar = opened_window.panels.tabs.tabBar()
    qtbot.waitUntil(lambda: bar.width() > 0, timeout=5000)
    assert bar.count() >= 5
    hidden = [bar.tabText(i) for i in range(bar.count()) if not bar.rect().contains(bar.tabRect(i))]
    assert hidden == []
    # ... and named in full: shrunk to fit, Sections and Search were both "S…".
    cut = [bar.tabText(i) for i in range(bar.count())
           if bar.tabRect(i).width() < bar.fontMetrics().horizontalAdvance(bar.tabText(i))]
    assert cut == []
