"""Every page with an expectations file passes the project's checker through the real
command line: the shared fixtures and our own pages of other papers (tests/data/pages)."""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.paths import CHECK_PARSE, DATA, FIXTURES


def _expect_files() -> list[Path]:
    found = sorted(FIXTURES.glob("*.expect.json")) if FIXTURES.is_dir() else []
    return found + sorted((DATA / "pages").glob("*.expect.json"))


def _checker():
    spec = importlib.util.spec_from_file_location("check_parse", CHECK_PARSE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("expect_path", _expect_files(), ids=lambda p: p.name)
def test_page_meets_expectations(expect_path: Path):
    expect = json.loads(expect_path.read_text(encoding="utf-8"))
    source = expect_path.parent / expect["file"]
    run = subprocess.run([sys.executable, "-m", "reader.cli", "parse", str(source), "--json"],
                         capture_output=True, check=False)
    assert run.returncode == 0, run.stderr.decode()
    actual = json.loads(run.stdout)
    source_text = source.read_bytes().decode(expect.get("encoding", "utf-8-sig"))
    result = _checker().check(expect, actual, source_text)
    assert not result.failures, "\n".join(result.failures)


def test_the_shared_inputs_are_there():
    """Missing inputs fail the run (CI must not pass by skipping what it could not check)."""
    assert CHECK_PARSE.is_file(), f"{CHECK_PARSE} is missing: put ../shared beside the checkout or set DUBAO_SHARED"
    assert FIXTURES.is_dir() and any(FIXTURES.glob("*.expect.json")), f"no fixtures in {FIXTURES}"


def test_there_are_pages_to_check():
    assert len(_expect_files()) >= 1
