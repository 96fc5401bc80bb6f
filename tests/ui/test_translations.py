"""The Chinese interface is whole: every string the window's code marks for translation is
translated in resources/i18n (run pyside6-lupdate as its README says, then translate), and
the .qm the app loads is built from that .ts."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]
TS = ROOT / "resources" / "i18n" / "dubao_zh_CN.ts"
QM = ROOT / "resources" / "i18n" / "dubao_zh_CN.qm"


def _tool(name: str) -> str:
    return shutil.which(name) or str(Path(sys.executable).parent / name)


def test_every_interface_string_is_translated(tmp_path):
    ts = tmp_path / TS.name
    shutil.copy(TS, ts)
    sources = sorted(str(p) for p in (ROOT / "reader" / "ui").rglob("*.py"))
    subprocess.run([_tool("pyside6-lupdate"), "-no-obsolete", *sources, "-ts", str(ts)],
                   check=True, capture_output=True, timeout=120)
    text = ts.read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines()]
    untranslated = [lines[i - 1] for i, line in enumerate(lines) if 'type="unfinished"' in line]
    assert not untranslated, f"{len(untranslated)} strings not translated: {untranslated[:10]}"
    assert 'type="vanished"' not in text and 'type="obsolete"' not in text


def test_the_loaded_translations_are_built_from_the_source(tmp_path):
    built = tmp_path / QM.name
    subprocess.run([_tool("pyside6-lrelease"), str(TS), "-qm", str(built)],
                   check=True, capture_output=True, timeout=120)
    assert built.read_bytes() == QM.read_bytes(), "run pyside6-lrelease (resources/i18n/README.md)"
