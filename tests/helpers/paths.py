"""Where the test inputs are."""
from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
DATA = TESTS / "data"
# The project's shared inputs (fixtures, checker) beside the checkout, or where
# DUBAO_SHARED says. Tests needing them fail when they are missing (test_fixtures.py).
SHARED = Path(os.environ.get("DUBAO_SHARED") or TESTS.parent.parent / "shared")
FIXTURES = SHARED / "fixtures"
CHECK_PARSE = SHARED / "tools" / "check_parse.py"
SAMPLE = Path(str(files("dubao_resources") / "sample" / "000_758893745608affc.txt"))
QINGXI = DATA / "qingxi"
