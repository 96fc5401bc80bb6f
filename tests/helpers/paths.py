"""Where the test inputs are."""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
DATA = TESTS / "data"
SHARED = TESTS.parent.parent / "shared"
FIXTURES = SHARED / "fixtures"
CHECK_PARSE = SHARED / "tools" / "check_parse.py"
SAMPLE = Path(str(files("dubao_resources") / "sample" / "000_758893745608affc.txt"))
QINGXI = DATA / "qingxi"
