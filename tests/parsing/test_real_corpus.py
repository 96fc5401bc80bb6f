"""Real pages from public sources (tests/data/real/<source>/, provenance beside each) meet the
expectations an archivist wrote by reading them, through the real command line and the
project's checker. Pages the parser cannot yet read right fail here by design: the
expectations say what the page holds, not what the parser prints."""
from __future__ import annotations

import html
import importlib.util
import json
import re
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
    if expect.get("conservation", True) is False:
        # The shared checker's nothing-lost rule is off for this page only because of its
        # blind spots (named in conservation_note); the same rule, corrected, runs here.
        assert expect.get("conservation_note"), "conservation is off without a conservation_note"
        lost = lost_characters(checker, actual, source_text)
        assert not lost, f"text lost in parsing: {lost[:80]!r}"


def lost_characters(checker, actual: dict, source_text: str) -> str:
    """check_parse's nothing-lost rule with two blind spots corrected: HTML entities in the
    source are markup like its tags (`&nbsp;` is a space, not the letters n, b, s, p), and an
    article's `links` are kept text (a link target moved out of the body is not lost).
    Everything else is counted exactly as the shared checker counts it."""
    start = re.search(r"^## ", source_text, re.M)
    region = source_text[start.start():] if start else source_text
    region = html.unescape(re.sub(r"<[^>]+>", "", region))
    region = checker.JUMP.sub("", region)
    pages = actual.get("pages") or []
    kept = "".join(checker.kept_text(pages)) + "".join(
        link for page in pages for article in page.get("articles") or []
        for link in article.get("links") or [])
    lost = checker.meaningful_chars(region) - checker.meaningful_chars(kept)
    return "".join(sorted(lost.elements()))


def test_real_corpus_is_broad_and_documented():
    expects = _expect_files()
    assert len(expects) >= 24, f"only {len(expects)} real pages have expectations"
    sources = {path.relative_to(REAL).parts[0] for path in expects}
    assert len(sources) >= 5, sources
    for folder in sources:
        assert (REAL / folder / "PROVENANCE.md").is_file(), f"{folder} has no PROVENANCE.md"
    layouts = Counter(json.loads(p.read_text(encoding="utf-8")).get("layout") for p in expects)
    # Every text layout has real pages here, page-markdown included (OCR tools' Markdown of
    # whole printed pages); bench/fidelity.py reads these with the shared fixtures.
    assert LAYOUTS <= set(layouts), layouts
    assert set(layouts) <= LAYOUTS, layouts


def test_corrected_conservation_drops_entities_and_counts_links_but_still_sees_losses():
    checker = _checker()
    source = "## 标题\n\n<p>甲乙&nbsp;丙</p>\n\n[原文](https://example.org/a1)\n"

    def parsed(paragraphs, links):
        article = {"headline": "标题", "paragraphs": paragraphs, "links": links}
        return {"pages": [{"articles": [article]}]}

    assert lost_characters(checker, parsed(["甲乙 丙", "原文"], ["https://example.org/a1"]), source) == ""
    # The shared checker, on the same correct parse, reports the entity's letters and the link.
    shared = checker.check({"articles": [{"headline": "标题", "paragraphs_end_cleanly": False}]},
                           parsed(["甲乙 丙", "原文"], ["https://example.org/a1"]), source)
    assert any("text lost" in failure for failure in shared.failures)
    # A real loss is still a loss: a dropped word, or a link target kept nowhere.
    assert lost_characters(checker, parsed(["甲乙", "原文"], ["https://example.org/a1"]), source) == "丙"
    assert "a" in lost_characters(checker, parsed(["甲乙 丙", "原文"], []), source)
