"""The bundled CJK serif font, so Chinese renders (and exports to PDF) with no system CJK font.

The faces are a renamed TrueType subset of Noto Serif CJK SC; see resources/fonts/README.md.
Only QtGui is used here: this runs before any widget exists and in headless exports.
"""

from __future__ import annotations

from importlib.resources import files

from PySide6.QtGui import QFontDatabase

SERIF_FAMILY = "Dubao Serif SC"
FONT_FILES = ("DubaoSerifSC-Regular.ttf", "DubaoSerifSC-Bold.ttf")

# Font ids of faces already registered in this process, so that repeated calls (tests, the
# CLI export after the GUI started) do not register the same 9 MB face twice.
_loaded_ids: list[int] = []


def load_bundled_fonts() -> list[str]:
    """Register the bundled faces with Qt's font database; return their family names.

    Needs a QGuiApplication. Idempotent. Raises RuntimeError if a face cannot be loaded,
    because falling back silently would print Chinese as tofu on machines without CJK fonts.
    """
    if not _loaded_ids:
        font_dir = files("dubao_resources") / "fonts"
        ids = []
        for name in FONT_FILES:
            # Read the bytes rather than pass a path: the package may live inside a zip.
            data = (font_dir / name).read_bytes()
            font_id = QFontDatabase.addApplicationFontFromData(data)
            if font_id < 0:
                for loaded in ids:
                    QFontDatabase.removeApplicationFont(loaded)
                raise RuntimeError(f"could not load bundled font {name}")
            ids.append(font_id)
        _loaded_ids.extend(ids)
    families: list[str] = []
    for font_id in _loaded_ids:
        for family in QFontDatabase.applicationFontFamilies(font_id):
            if family not in families:
                families.append(family)
    return families
