"""The index's quick tokenising gives exactly what normalising then tokenising gives."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.store.normalize import normalize
from reader.store.search_index import _pairs, index_text, token_text

ALPHABET = st.sampled_from(list("工会 消防宪憲ＡａＺ１２，。、！（）()!,.-_ \t\n\u3000abcXYZ09İß\x00\x07\x1f\x7f\ue000\ue001%＂\"'"))


@settings(max_examples=400, deadline=None)
@given(st.text(ALPHABET, max_size=40) | st.text(max_size=40))
def test_index_text_is_token_text_of_normalize(text):
    assert index_text(text) == token_text(normalize(text))


@settings(max_examples=300, deadline=None)
@given(st.text(ALPHABET, max_size=60) | st.text(max_size=60)
       | st.text(st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF), min_size=10, max_size=30))
def test_pairs_of_a_run_are_its_overlapping_pairs(text):
    run = index_text(text)
    assert _pairs(run) == " ".join(run[i:i + 2] for i in range(len(run) - 1))
