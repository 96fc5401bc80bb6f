"""Snippets mark a match wherever normalisation finds it: spaces inside a term, full-width
and upper-case Latin, traditional characters for a simplified query — and blocks that
cannot hold a match are skipped without changing which block is shown."""
from __future__ import annotations

import pytest

from reader.store.search import make_snippet


@pytest.mark.parametrize(("blocks", "term", "marked"), [
    (["全省工 会代表大会召开"], "工会", "工 会"),
    (["签署ＲＣＥＰ原产地证书"], "rcep", "ＲＣＥＰ"),
    (["Rcep and more"], "rcep", "Rcep"),
    (["《中華人民共和國憲法》"], "宪法", "憲法"),
    (["容量 64 \u212aB 以上"], "kb", "\u212aB"),  # KELVIN SIGN lower-cases to k
    (["增长 3.3 %，高于预期"], "3.3%", "3.3 %"),
    (["市里的消息", "市体育局出台新规"], "市体育局出", "市体育局出"),  # the first block has 市 only
])
def test_the_match_is_marked_where_normalisation_finds_it(blocks, term, marked):
    parts = make_snippet(blocks, [term])
    assert [text for text, hit in parts if hit] == [marked]


def test_no_block_holds_the_term():
    assert make_snippet(["市里的消息", "体育新闻"], ["市体育局"]) == []


def test_the_snippet_is_cut_from_the_first_block_that_matches():
    """Blocks are skipped together, on their joined text: whatever they hold, the snippet is
    the one the first matching block alone would give (each block tested by itself)."""
    import random

    rng = random.Random(7)
    alphabet = ["市", "体", "育", "局", "說", "说", "话", "工", "会", " ", "Ｒ", "c", "E", "p", "\u212a", "b",
                "。", "\n"]
    terms_pool = [["说话"], ["市体育局"], ["工会"], ["rcep"], ["kb"], ["說"], ["工会", "体育"], ["局"]]
    checked = 0
    for _ in range(3000):
        blocks = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
                  for _ in range(rng.randint(1, 8))]
        terms = rng.choice(terms_pool)
        expected = next((parts for block in blocks if (parts := make_snippet([block], terms))), [])
        assert make_snippet(blocks, terms) == expected, (blocks, terms)
        checked += bool(expected)
    assert checked > 500  # most draws match somewhere: the comparison is not of empty lists
