"""The bundled CJK font: it loads, and Chinese exported to PDF stays real, embedded, searchable text."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import importlib.util
import re
import shutil
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _use_source_tree_if_not_installed() -> None:
    # `dubao_resources` is the top-level resources/ directory under another name, which only
    # pip install gives; until then, register it from the source tree.
    if importlib.util.find_spec("dubao_resources") is None:
        spec = importlib.util.spec_from_file_location(
            "dubao_resources",
            REPO / "resources" / "__init__.py",
            submodule_search_locations=[str(REPO / "resources")],
        )
        module = importlib.util.module_from_spec(spec)
        sys.modules["dubao_resources"] = module
        spec.loader.exec_module(module)
    if importlib.util.find_spec("reader") is None:
        sys.path.insert(0, str(REPO))


_use_source_tree_if_not_installed()

from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QFontInfo,
    QGuiApplication,
    QPageSize,
    QPdfWriter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)

from reader.fonts import FONT_FILES, SERIF_FAMILY, load_bundled_fonts

HEADLINE = "全省工会数字化改革推进会"
BODY = (
    "本报讯 记者阮向民报道 3月7日，全省工会数字化改革推进会召开。"
    "今年以来，我市签发RCEP原产地证书16774份，同比增长12.5%。"
    "“工会”——职工之家、服务之窗；全角～波浪号，　全角空格。"
)
EXPECTED = ["工会", HEADLINE, "RCEP原产地证书16774份", "12.5%", "——", "～", "长", "比"]


_keep_alive: list[QGuiApplication] = []


def _radical_or_stroke(cp: int) -> bool:
    return 0x2E80 <= cp <= 0x2FDF or 0x31C0 <= cp <= 0x31EF


def render_pdf(path: Path) -> None:
    """A bold headline and a regular body paragraph, printed to an A4 PDF."""
    if QGuiApplication.instance() is None:  # run as a bare subprocess, without pytest-qt
        _keep_alive.append(QGuiApplication([]))
    assert load_bundled_fonts() == [SERIF_FAMILY]
    headline_font = QFont(SERIF_FAMILY, 22)
    headline_font.setWeight(QFont.Weight.Bold)
    body_font = QFont(SERIF_FAMILY, 11)
    headline_format, body_format = QTextCharFormat(), QTextCharFormat()
    headline_format.setFont(headline_font)
    body_format.setFont(body_font)

    document = QTextDocument()
    cursor = QTextCursor(document)
    cursor.insertText(HEADLINE, headline_format)
    cursor.insertBlock()
    cursor.insertText(BODY, body_format)

    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setResolution(300)
    # An explicit page size also stops QTextDocument.print_ from adding page numbers.
    document.setPageSize(writer.pageLayout().paintRectPixels(writer.resolution()).size().toSizeF())
    document.print_(writer)
    del writer  # finishes the file


def _fonts_of(pdf_path: Path) -> list[tuple[str, object]]:
    """(BaseFont, font dictionary) of every font a page uses, Type0 fonts descended into."""
    from pypdf import PdfReader

    found = []
    for page in PdfReader(str(pdf_path)).pages:
        fonts = page["/Resources"].get_object().get("/Font")
        for ref in (fonts.get_object() if fonts else {}).values():
            font = ref.get_object()
            if font.get("/Subtype") == "/Type0":
                for descendant in font["/DescendantFonts"].get_object():
                    descendant = descendant.get_object()
                    found.append((str(descendant["/BaseFont"]), descendant))
            else:
                found.append((str(font["/BaseFont"]), font))
    return found


def _text_of(pdf_path: Path) -> str:
    from pypdf import PdfReader

    return "".join(page.extract_text() for page in PdfReader(str(pdf_path)).pages)


def _check_pdf(pdf_path: Path) -> None:
    text = _text_of(pdf_path)
    compact = re.sub(r"\s+", "", text)
    for expected in EXPECTED:
        assert expected in compact, f"{expected!r} not extracted from {text!r}"
    bad = sorted({c for c in text if _radical_or_stroke(ord(c)) or c in "\x00\ufffd"})
    assert not bad, f"look-alike or broken characters extracted: {bad!r}"
    # Synthetic bold draws the run a second time (hidden behind an empty ActualText), which
    # pypdf extracts twice: one occurrence proves the real Bold face was used.
    assert compact.count(HEADLINE) == 1 + BODY.count(HEADLINE)

    fonts = _fonts_of(pdf_path)
    assert fonts
    for base_font, font in fonts:
        descriptor = font["/FontDescriptor"].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), (
            f"{base_font} not embedded"
        )
    names = {base_font.split("+")[-1].lstrip("/") for base_font, _ in fonts}
    assert names == {"DubaoSerifSC-Regular", "DubaoSerifSC-Bold"}, names


def test_fonts_load_and_family_is_found(qapp):
    families = load_bundled_fonts()
    assert families == [SERIF_FAMILY]
    assert load_bundled_fonts() == families  # idempotent
    assert SERIF_FAMILY in QFontDatabase.families()
    assert {"Regular", "Bold"} <= set(QFontDatabase.styles(SERIF_FAMILY))
    bold = QFont(SERIF_FAMILY, 12)
    bold.setWeight(QFont.Weight.Bold)
    info = QFontInfo(bold)
    assert (info.family(), info.styleName()) == (SERIF_FAMILY, "Bold")
    assert QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(
        SERIF_FAMILY
    )


@pytest.mark.parametrize("file_name", FONT_FILES)
def test_cmap_has_no_radical_look_alikes(file_name):
    from fontTools.ttLib import TTFont

    with (files("dubao_resources") / "fonts" / file_name).open("rb") as stream:
        font = TTFont(stream)
        cmap = font.getBestCmap()
        assert "glyf" in font and "CFF " not in font  # TrueType outlines for Qt's PDF subsetter
        assert font["name"].getDebugName(1) == SERIF_FAMILY
    assert ord("工") in cmap and ord("会") in cmap
    assert not [cp for cp in cmap if _radical_or_stroke(cp)]
    # One code point per glyph: Qt's ToUnicode map sends a shared glyph to the lowest one.
    assert len(set(cmap.values())) == len(cmap)
    for text in EXPECTED:
        assert all(ord(c) in cmap for c in text), text


def test_pdf_export_is_embedded_and_searchable(qapp, tmp_path):
    pdf_path = tmp_path / "fonts.pdf"
    render_pdf(pdf_path)
    _check_pdf(pdf_path)


@pytest.mark.skipif(
    sys.platform != "linux" or shutil.which("fc-list") is None, reason="needs fontconfig"
)
def test_pdf_export_with_no_system_fonts(tmp_path):
    # A fontconfig setup that lists no font directories: the process sees no system fonts at
    # all, as on a machine without CJK fonts, so everything must come from the bundled faces.
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f"<fontconfig><cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>\n",
        encoding="utf-8",
    )
    pdf_path = tmp_path / "bare.pdf"
    env = dict(os.environ, FONTCONFIG_FILE=str(config), QT_QPA_PLATFORM="offscreen")
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]); import test_fonts; "
        "from pathlib import Path; test_fonts.render_pdf(Path(sys.argv[2]))"
    )
    subprocess.run(
        [sys.executable, "-c", script, str(Path(__file__).parent), str(pdf_path)],
        env=env,
        check=True,
        timeout=120,
    )
    _check_pdf(pdf_path)
