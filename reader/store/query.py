"""The search query language. Any text a user can type is a valid query.

QUERY_HELP (query_help.py) is the one description of it: `dubao search --help` and the
window's search field (tooltip) both show it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .normalize import normalize
from .query_help import QUERY_HELP

__all__ = ["QUERY_HELP", "ParsedQuery", "parse", "parse_query"]

MAX_TERMS = 32



@dataclass
class ParsedQuery:
    """A query as groups of alternatives: every group must match (AND), any term of a group
    will do (OR); no EXCLUDED term may match. Terms are normalised."""
    groups: list[list[str]] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # what was read other than it looks

    @property
    def terms(self) -> list[str]:
        """The terms that can match (to highlight), each once."""
        return list(dict.fromkeys(t for group in self.groups for t in group))

    @property
    def empty(self) -> bool:
        return not self.groups


def _split(query: str) -> list[tuple[str, bool]]:
    """(word, quoted) pieces: split on white space, "quoted text" kept together; an
    unbalanced quote runs to the end."""
    pieces: list[tuple[str, bool]] = []
    buffer: list[str] = []
    quoted = False

    def flush() -> None:
        if buffer or quoted:
            pieces.append(("".join(buffer), quoted))
            buffer.clear()

    for ch in query:
        if ch == '"':
            if quoted:
                flush()
                quoted = False
            else:
                if buffer:
                    flush()
                quoted = True
        elif ch.isspace() and not quoted:
            flush()
        else:
            buffer.append(ch)
    if buffer:
        flush()
    return [(word, q) for word, q in pieces if word.strip() or q]


def _clean(term: str) -> str:
    # Control characters say nothing; the rest is normalised as the text is.
    return normalize("".join(ch for ch in term if ch >= " " and ch != "\x7f").strip())


def parse(query: str) -> ParsedQuery:
    """Parse QUERY (see QUERY_HELP). Never raises."""
    parsed = ParsedQuery()
    pieces = _split(query)
    pending_or = False
    negate_next = False
    for index, (word, quoted) in enumerate(pieces):
        if not quoted and word in ("OR", "AND", "NOT"):
            last = index == len(pieces) - 1
            if word == "AND" and not last and parsed.groups:
                continue  # the default
            if word == "OR" and parsed.groups and not last and not pending_or and not negate_next:
                pending_or = True
                continue
            if word == "NOT" and not last and not negate_next:
                negate_next = True
                continue
            parsed.notices.append(f"{word} where it joins nothing: searched as the word {word.lower()!r}")
        negate = negate_next
        negate_next = False
        text = word
        if not quoted and len(word) > 1 and word.startswith("-"):
            negate, text = True, word[1:]
        term = _clean(text)
        if not term:
            pending_or = pending_or and not negate
            continue
        if negate:
            if pending_or:
                parsed.notices.append(f"OR before an excluded term: -{term} excludes it")
                pending_or = False
            if term not in parsed.excluded:
                parsed.excluded.append(term)
        elif pending_or:
            if term not in parsed.groups[-1]:
                parsed.groups[-1].append(term)
            pending_or = False
        elif not any(group == [term] for group in parsed.groups):
            parsed.groups.append([term])
        if not quoted and "*" in word and "* is not a wildcard" not in " ".join(parsed.notices):
            parsed.notices.append("* is not a wildcard: it is searched as a character "
                                  "(words already match inside longer words)")
    # Keep the query bounded: long pasted text is still a query, only its first terms count.
    count = 0
    groups: list[list[str]] = []
    for group in parsed.groups:
        if count + len(group) > MAX_TERMS:
            parsed.notices.append(f"only the first {MAX_TERMS} words of the query are searched")
            break
        groups.append(group)
        count += len(group)
    parsed.groups = groups
    parsed.excluded = parsed.excluded[:MAX_TERMS]
    return parsed


def parse_query(query: str) -> list[str]:
    """The normalised terms of QUERY that can match (what the window highlights)."""
    return parse(query).terms
