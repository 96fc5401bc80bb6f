"""The page view and clippings on the real 1821 METS issue (shared fixture), with stand-in
JPEG 2000 scans drawn from its own geometry where its METS names the page images."""
from __future__ import annotations

import pytest
from helpers.standin import standin_mets_issue
from pypdf import PdfReader
from PySide6.QtCore import QSettings, Qt

from reader.export.pdf import export_articles_pdf
from reader.store.importer import import_paths
from reader.store.page_geometry import article_zones, page_geometry
from reader.store.reading import get_article


@pytest.fixture
def mets_db(db, tmp_path):
    report = import_paths(db, [standin_mets_issue(tmp_path / "issue")])
    assert not report.failed
    return db


def spanning_article(db) -> tuple[str, list[int]]:
    """The article whose zones reach the most pages (the one running over pages 2-4)."""
    best = max((r[0] for r in db.execute("SELECT id FROM articles")),
               key=lambda a: len({page for page, _box in article_zones(db, a)}))
    pages = sorted({page for page, _box in article_zones(db, best)},
                   key=lambda p: db.execute("SELECT number FROM pages WHERE id = ?", [p]).fetchone()[0])
    return best, pages


@pytest.fixture
def window(qtbot, mets_db, library_path, tmp_path):
    from reader.ui.app import application, create_window

    application()
    mets_db.close()
    window = create_window(str(library_path), QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.waitUntil(lambda: window.current_article_id is not None)
    yield window
    window.service.close()


def test_an_article_over_three_pages_is_outlined_on_each_and_the_arrows_walk_them(qtbot, window, library_path):
    from reader.store import open_library

    db = open_library(library_path)
    article_id, pages = spanning_article(db)
    db.close()
    assert len(pages) == 3
    window.open_article(article_id)
    qtbot.keyClick(window.panels.section_view, Qt.Key.Key_P)
    view = window.page_view
    qtbot.waitUntil(lambda: view.page is not None and view.scan_item is not None, timeout=15000)
    assert view.page.page_id == pages[0]
    assert view.page.scan.path.suffix == ".jp2" and view.page.scan.path.parent.name == "OCRmaster"
    assert view.zone_items[article_id].current
    assert view.next_page.isEnabled() and not view.previous_page.isEnabled()
    for page_id in pages[1:]:
        view.next_page.click()
        qtbot.waitUntil(lambda p=page_id: view.page.page_id == p and view.scan_item is not None, timeout=15000)
        assert view.zone_items[article_id].current  # its zones here too, though stored on its first page
    assert not view.next_page.isEnabled()
    # Another article's zone on this last page opens that article.
    other = next(item for a, item in view.zone_items.items() if a != article_id)
    view._clicked(other.path().boundingRect().center())
    qtbot.waitUntil(lambda: window.current_article_id == other.article_id)
    assert view.page.page_id == pages[-1]  # it stands on this page: the page stays


def test_find_outlines_the_alto_words_on_the_scan(qtbot, window, library_path):
    from reader.store import open_library
    from reader.ui.page_view import normalise_word

    db = open_library(library_path)
    article_id, pages = spanning_article(db)
    geometry = page_geometry(db, pages[0])
    db.close()
    words = [w for w in geometry.words if w.article_id == article_id and w.text.isalpha() and len(w.text) >= 6]
    word = words[len(words) // 2].text
    window.open_article(article_id)
    qtbot.keyClick(window.panels.section_view, Qt.Key.Key_P)
    view = window.page_view
    qtbot.waitUntil(lambda: view.page is not None and view.page.page_id == pages[0])
    window.find.show_bar()
    qtbot.keyClicks(window.find.bar.field, word)
    expected = [w for w in geometry.words if normalise_word(word) in normalise_word(w.text)]
    qtbot.waitUntil(lambda: len(view.hit_items) == len(expected))
    assert {i.text for i in view.hit_items} == {w.text for w in expected}


def test_the_pdf_clippings_of_an_article_over_three_pages(mets_db, tmp_path):
    article_id, pages = spanning_article(mets_db)
    output = tmp_path / "clip.pdf"
    export_articles_pdf(mets_db, [article_id], output, with_clippings=True)
    reader = PdfReader(str(output))
    assert sum(len(page.images) for page in reader.pages) == 3  # one clipping per page it stands on
    assert reader.pages[0].images
    text = "".join("".join(page.extract_text().split()) for page in reader.pages)
    article = get_article(mets_db, article_id)
    assert "".join(article.headline.split()) in text
    for paragraph in article.paragraphs[:5] + article.paragraphs[-2:]:
        assert "".join(paragraph.split())[:25] in text


def test_the_hocr_page_with_a_scan_of_its_stem_beside_it(qtbot, db, tmp_path, library_path):
    """A Tesseract hOCR page: its stand-in scan (a PNG of the hOCR's stem, drawn from its own
    word boxes) is found beside it, and its articles' zones lie on the scan."""
    import shutil

    from helpers.paths import FIXTURES
    from helpers.standin import draw_standin_scan

    from reader.parsing.dispatch import parse_file
    from reader.ui.app import application, create_window

    application()
    source = FIXTURES / "layout" / "hocr-mustang-daily" / "ua-nws_00003872_001.hocr"
    assert source.is_file(), f"missing shared fixture {source}"
    folder = tmp_path / "hocr"
    folder.mkdir()
    shutil.copy(source, folder / source.name)
    (folder / source.name).chmod(0o644)
    page = parse_file(folder / source.name).pages[0]
    draw_standin_scan([(b.text, b.box) for b in page.blocks], page.size[1] / page.size[0],
                      folder / "ua-nws_00003872_001.png", width=900, words=[(w.text, w.box) for w in page.words])
    assert not import_paths(db, [folder]).failed
    db.close()
    window = create_window(str(library_path), QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.current_article_id is not None)
    window.act_page_view.trigger()
    view = window.page_view
    qtbot.waitUntil(lambda: view.page is not None and view.scan_item is not None, timeout=15000)
    assert view.page.scan.path.name == "ua-nws_00003872_001.png"
    assert window.current_article_id in view.zone_items and view.zone_items[window.current_article_id].current
    assert len(view.zone_items) >= 2
    window.service.close()


def test_an_article_over_three_pages_is_listed_once_with_its_span(window):
    labels = [index.data() for index in window.panels.sections.article_indexes()]
    chambre = [label for label in labels if "CHAMBRE DES PAIRS" in label]
    assert len(chambre) == 1 and "2→3→4" in chambre[0]
    # an article on one page carries no span
    assert not any("→" in label for label in labels if "ALLEMAGNE" in label)
