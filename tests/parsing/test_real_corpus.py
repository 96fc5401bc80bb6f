"""Real pages from public sources (tests/data/real/<source>/, provenance beside each) meet the
expectations an archivist wrote by reading them, through the real command line and the
project's checker. Pages the parser cannot yet read right fail here by design: the
expectations say what the page holds, not what the parser prints."""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from helpers.paths import CHECK_PARSE, DATA

REAL = DATA / "real"
LAYOUTS = {"page-markdown", "article-markdown", "issue-markdown", "plain-text"}


def _expect_files() -> list[Path]:
    return sorted(REAL.rglob("*.expect.json"))


def _checker():
    # The checker lives in ../shared; without it nothing here can be judged, which is a failure.
    if not CHECK_PARSE.exists():
        pytest.fail(f"{CHECK_PARSE} is missing: the shared checker must sit beside the checkout")
    spec = importlib.util.spec_from_file_location("check_parse", CHECK_PARSE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("expect_path", _expect_files(), ids=lambda p: p.relative_to(REAL).as_posix())
def test_real_page_meets_expectations(expect_path: Path):
    checker = _checker()
    expect = json.loads(expect_path.read_text(encoding="utf-8"))
    source = expect_path.parent / expect["file"]
    run = subprocess.run([sys.executable, "-m", "reader.cli", "parse", str(source), "--json"],
                         capture_output=True, check=False)
    assert run.returncode == 0, run.stderr.decode(errors="replace")
    actual = json.loads(run.stdout)
    source_text = source.read_bytes().decode(expect.get("encoding", "utf-8-sig"))
    result = checker.check(expect, actual, source_text)
    assert not result.failures, "\n".join(result.failures)


def test_real_corpus_is_broad_and_documented():
    expects = _expect_files()
    assert len(expects) >= 24, f"only {len(expects)} real pages have expectations"
    sources = {path.relative_to(REAL).parts[0] for path in expects}
    assert len(sources) >= 5, sources
    for folder in sources:
        assert (REAL / folder / "PROVENANCE.md").is_file(), f"{folder} has no PROVENANCE.md"
    layouts = Counter(json.loads(p.read_text(encoding="utf-8")).get("layout") for p in expects)
    # Every text layout but page-markdown comes from here; page-markdown pages are the shared
    # fixtures and tests/data/pages, which bench/fidelity.py reads with these.
    assert {"article-markdown", "issue-markdown", "plain-text"} <= set(layouts), layouts
    assert set(layouts) <= LAYOUTS, layouts
