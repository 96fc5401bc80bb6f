"""Where a sentence ends: the one rule the store shares with the parser (a jump cuts a
sentence; the store rejoins it). A module of its own, with no patterns to compile, so that
reading an article never loads the parser."""
from __future__ import annotations

SENTENCE_END = frozenset("。！？：”」』…）》—!?:)\"'.")


def ends_sentence(text: str) -> bool:
    text = text.rstrip()
    return bool(text) and text[-1] in SENTENCE_END
