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
