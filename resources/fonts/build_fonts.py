#!/usr/bin/env python3
"""Build the bundled "Dubao Serif SC" fonts from Debian's Noto Serif CJK.

Run once by hand (the outputs are committed):

    python3 resources/fonts/build_fonts.py [--coverage auto|gbk|gb2312]

Input: the SC face of /usr/share/fonts/opentype/noto/NotoSerifCJK-{Regular,Bold}.ttc
(Debian package fonts-noto-cjk). Output, beside this script:
DubaoSerifSC-Regular.ttf and DubaoSerifSC-Bold.ttf. See README.md for why each step exists.

Same inputs give byte-identical outputs: no timestamps are recalculated, sets are sorted.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import unicodedata
from pathlib import Path

from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.subset import Options, Subsetter
from fontTools.ttLib import TTFont, newTable
from fontTools.ttLib.tables._g_l_y_f import Glyph, GlyphComponent
from fontTools.ttLib.ttCollection import TTCollection

HERE = Path(__file__).resolve().parent
NOTO_DIR = Path("/usr/share/fonts/opentype/noto")
SOURCE_FAMILY = "Noto Serif CJK SC"
FAMILY = "Dubao Serif SC"
PS_FAMILY = "DubaoSerifSC"
STYLES = {  # style -> (source file, OS/2 weight)
    "Regular": (NOTO_DIR / "NotoSerifCJK-Regular.ttc", 400),
    "Bold": (NOTO_DIR / "NotoSerifCJK-Bold.ttc", 700),
}
# Sample pages whose every character must be covered, whatever the coverage chosen (a glob
# that matches nothing is skipped; with GBK they add nothing today).
CORPUS_GLOBS = (
    str(HERE.parent / "sample" / "*.txt"),
    "/work/shared/seed/*.txt",
    "/work/shared/fixtures/*",
)
MAX_FACE_BYTES = 10 * 1024 * 1024

# Blocks asked for explicitly, besides the GB2312/GBK repertoire.
BLOCKS = (
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x00FF),  # Latin-1 Supplement
    (0x2000, 0x206F),  # General Punctuation
    (0x3000, 0x303F),  # CJK Symbols and Punctuation
    (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
)
# Never mapped: these share glyphs with ordinary ideographs (U+2F2F ⼯ and U+5DE5 工 are the
# same outline). Qt's PDF writer builds ToUnicode by asking, for each used glyph, which code
# point maps to it and takes the lowest one, so 工 would be extracted as ⼯.
EXCLUDED = (
    (0x2E80, 0x2EFF),  # CJK Radicals Supplement
    (0x2F00, 0x2FDF),  # Kangxi Radicals
    (0x31C0, 0x31EF),  # CJK Strokes
    (0xE000, 0xF8FF),  # Private Use
)
# HarfBuzz applies no GSUB for plain horizontal Chinese that we need, and every substituted
# glyph (liga, ccmp, locl, vert...) has no cmap entry, so Qt could not map it back to text
# in a PDF. Kerning only moves glyphs, so it is safe to keep.
LAYOUT_FEATURES = ["kern"]
MAX_ERR = 1.0  # cu2qu approximation error, in font units (UPM 1000)
GASP_UNHINTED = 0x000F  # grid-fit + smoothing at every size, as usual for unhinted TrueType


def _excluded(cp: int) -> bool:
    return any(lo <= cp <= hi for lo, hi in EXCLUDED)


def codec_repertoire(encoding: str) -> set[int]:
    """Every code point a double-byte Chinese codec can encode (plus ASCII)."""
    cps = set(range(0x20, 0x7F))
    leads = range(0xA1, 0xF8) if encoding == "gb2312" else range(0x81, 0xFF)
    trails = (
        range(0xA1, 0xFF) if encoding == "gb2312" else [t for t in range(0x40, 0xFF) if t != 0x7F]
    )
    for lead in leads:
        for trail in trails:
            try:
                text = bytes((lead, trail)).decode(encoding)
            except UnicodeDecodeError:
                continue
            if len(text) == 1:
                cps.add(ord(text))
    return cps


def corpus_code_points() -> set[int]:
    import glob

    cps: set[int] = set()
    for pattern in CORPUS_GLOBS:
        for name in sorted(glob.glob(pattern)):
            raw = Path(name).read_bytes()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:  # the raw page files of some papers are GB18030
                text = raw.decode("gb18030")
            cps.update(ord(c) for c in text if c.isprintable())
    return cps


def is_hanzi(cp: int) -> bool:
    return unicodedata.name(chr(cp), "").startswith(("CJK UNIFIED", "CJK COMPATIBILITY IDEOGRAPH"))


def wanted_code_points(coverage: str) -> set[int]:
    cps = {cp for lo, hi in BLOCKS for cp in range(lo, hi + 1)}
    cps |= codec_repertoire(coverage) | corpus_code_points()
    return {cp for cp in cps if not _excluded(cp)}


def open_sc_face(path: Path) -> TTFont:
    collection = TTCollection(str(path), lazy=True)
    for index, face in enumerate(collection.fonts):
        if face["name"].getDebugName(1) == SOURCE_FAMILY:
            return TTFont(str(path), fontNumber=index, lazy=False, recalcTimestamp=False)
    raise SystemExit(f"{path}: no face named {SOURCE_FAMILY!r}")


def subset(font: TTFont, unicodes: set[int]) -> None:
    options = Options()
    options.layout_features = LAYOUT_FEATURES
    options.name_IDs = ["*"]
    options.name_languages = [0x0409]
    options.name_legacy = False
    options.notdef_outline = True
    options.recommended_glyphs = True
    options.glyph_names = False
    options.hinting = False  # CFF hints are meaningless once converted to quadratic outlines
    options.desubroutinize = True
    options.prune_unicode_ranges = True
    options.drop_tables = sorted(set(options.drop_tables) | {"VORG", "DSIG"})
    subsetter = Subsetter(options)
    subsetter.populate(unicodes=sorted(unicodes))
    subsetter.subset(font)


def cff_to_glyf(font: TTFont) -> None:
    """The fontTools otf2ttf recipe: cubic CFF charstrings -> quadratic glyf outlines."""
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in glyph_order:
        tt_pen = TTGlyphPen(None)
        # CFF contours run counter-clockwise, TrueType clockwise.
        glyph_set[name].draw(Cu2QuPen(tt_pen, MAX_ERR, reverse_direction=True))
        glyphs[name] = tt_pen.glyph()

    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = glyphs
    del font["CFF "]
    glyf.compile(font)  # computes bounding boxes
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        advance, _ = hmtx[name]
        hmtx[name] = (advance, getattr(glyph, "xMin", 0))

    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.numGlyphs = len(glyph_order)
    maxp.maxZones = 1
    for attr in (
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, attr, 0)

    post = font["post"]
    post.formatType = 3.0  # no glyph names: Qt's PDF subset never uses them, they cost space
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = None

    gasp = font["gasp"] = newTable("gasp")
    gasp.version = 1
    gasp.gaspRange = {0xFFFF: GASP_UNHINTED}
    font.sfntVersion = "\x00\x01\x00\x00"


def make_cmap_injective(font: TTFont) -> list[tuple[int, int]]:
    """Give each code point that shares a glyph with a lower one a glyph of its own.

    Qt's PDF ToUnicode map sends a glyph to the lowest code point mapped to it, so a shared
    glyph makes the higher code point unsearchable (U+2015 ― would come back as U+2014 —).
    The copy is a one-component composite glyph: a few bytes each.
    Returns (code point, code point it shared with).
    """
    cmap = font.getBestCmap()
    first_owner: dict[str, int] = {}
    moved: list[tuple[int, int]] = []
    glyf, hmtx = font["glyf"], font["hmtx"]
    vmtx = font.get("vmtx")
    glyph_order = list(font.getGlyphOrder())
    for cp in sorted(cmap):
        name = cmap[cp]
        if name not in first_owner:
            first_owner[name] = cp
            continue
        new_name = f"uni{cp:04X}" if cp <= 0xFFFF else f"u{cp:05X}"
        base = glyf[name]
        copy = Glyph()
        if base.numberOfContours != 0:
            component = GlyphComponent()
            component.glyphName = name
            component.x = component.y = 0
            component.flags = 0x0004  # ROUND_XY_TO_GRID, as font compilers emit
            copy.numberOfContours = -1
            copy.components = [component]
        else:
            copy.numberOfContours = 0
        glyf.glyphs[new_name] = copy
        glyph_order.append(new_name)
        hmtx[new_name] = hmtx[name]
        if vmtx is not None:
            vmtx[new_name] = vmtx[name]
        moved.append((cp, first_owner[name]))
        for table in font["cmap"].tables:
            if table.isUnicode() and cp in table.cmap:
                table.cmap[cp] = new_name
    font.setGlyphOrder(glyph_order)
    glyf.glyphOrder = glyph_order
    font["maxp"].numGlyphs = len(glyph_order)
    if moved:
        font["maxp"].maxComponentElements = max(font["maxp"].maxComponentElements, 1)
        font["maxp"].maxComponentDepth = 1
    return moved


def rename(font: TTFont, style: str, weight: int) -> None:
    source_name = font["name"]
    copyright_notice = source_name.getDebugName(0)
    version = source_name.getDebugName(5).split(";")[0]  # "Version 2.001"
    ps_name = f"{PS_FAMILY}-{style}"
    records = {
        0: f"{copyright_notice} Modified by the Dubao project.",
        1: FAMILY,
        2: style,
        3: f"{version.removeprefix('Version ')};DUBAO;{ps_name}",
        4: f"{FAMILY} {style}",
        5: f"{version}; Dubao subset of {SOURCE_FAMILY}",
        6: ps_name,
        8: source_name.getDebugName(8),
        9: source_name.getDebugName(9),
        10: f"Subset of {SOURCE_FAMILY} {style} (Adobe/Google), converted to TrueType "
        "outlines, for the Dubao newspaper reader.",
        13: source_name.getDebugName(13),
        14: source_name.getDebugName(14),
    }
    name = font["name"] = newTable("name")
    name.names = []
    for name_id, text in records.items():
        if text:
            name.setName(text, name_id, 3, 1, 0x0409)  # Windows, Unicode BMP, en-US

    os2 = font["OS/2"]
    os2.usWeightClass = weight
    selection = os2.fsSelection & ~0b1100001  # clear ITALIC, BOLD, REGULAR
    os2.fsSelection = selection | (1 << 5 if style == "Bold" else 1 << 6)
    os2.fsType = 0  # installable embedding, as in the source
    head = font["head"]
    head.macStyle = (head.macStyle & ~0b11) | (1 if style == "Bold" else 0)


def build(style: str, coverage: str) -> tuple[Path, dict]:
    source, weight = STYLES[style]
    font = open_sc_face(source)
    available = set(font.getBestCmap())
    wanted = wanted_code_points(coverage)
    unicodes = wanted & available
    subset(font, unicodes)
    cff_to_glyf(font)
    moved = make_cmap_injective(font)
    rename(font, style, weight)
    out = HERE / f"{PS_FAMILY}-{style}.ttf"
    font.save(str(out), reorderTables=True)  # head.modified kept: recalcTimestamp is off
    cmap = font.getBestCmap()
    stats = {
        "bytes": out.stat().st_size,
        "glyphs": font["maxp"].numGlyphs,
        "code_points": len(cmap),
        "hanzi": sum(1 for cp in cmap if is_hanzi(cp)),
        "missing": sorted(wanted - available),
        "split_shared_glyphs": moved,
        "sha256": hashlib.sha256(out.read_bytes()).hexdigest()[:16],
    }
    return out, stats


def check(path: Path) -> None:
    """Re-open an output and assert the properties the app relies on."""
    font = TTFont(str(path))
    assert font.sfntVersion == "\x00\x01\x00\x00" and "glyf" in font and "CFF " not in font
    cmap = font.getBestCmap()
    assert not [cp for cp in cmap if _excluded(cp)], "radicals/strokes left in cmap"
    owners: dict[str, int] = {}
    for cp, glyph in cmap.items():
        assert owners.setdefault(glyph, cp) == cp, f"U+{cp:04X} shares {glyph}"
    assert font["name"].getDebugName(1) == FAMILY
    for cp in (ord("工"), ord("会"), 0x3001, 0xFF0C, ord("A")):
        assert cp in cmap, f"U+{cp:04X} missing"
    font.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--coverage",
        choices=("auto", "gbk", "gb2312"),
        default="auto",
        help="auto: GBK if every face stays under 10 MB, else GB2312 + corpus",
    )
    args = parser.parse_args(argv)
    coverage = "gbk" if args.coverage == "auto" else args.coverage
    while True:
        results = {style: build(style, coverage) for style in STYLES}
        too_big = [s for s, (_, st) in results.items() if st["bytes"] > MAX_FACE_BYTES]
        if too_big and args.coverage == "auto" and coverage == "gbk":
            print(f"GBK faces too big ({', '.join(too_big)}); falling back to GB2312 + corpus")
            coverage = "gb2312"
            continue
        break
    print(f"coverage: {coverage}")
    for path, stats in results.values():
        check(path)
        split = ", ".join(f"U+{a:04X}(was U+{b:04X})" for a, b in stats["split_shared_glyphs"])
        print(
            f"{path.name}: {stats['bytes']:,} bytes ({stats['bytes'] / 2**20:.2f} MiB), "
            f"{stats['glyphs']} glyphs, {stats['code_points']} code points, "
            f"{stats['hanzi']} hanzi, sha256 {stats['sha256']}"
        )
        print(f"  own glyphs given to shared code points: {split or 'none'}")
        if stats["missing"]:
            print(
                f"  not in source font: {len(stats['missing'])} "
                + " ".join(f"U+{cp:04X}" for cp in stats["missing"][:40])
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
