"""An article as the reader sees it, put together from its parts (one per page).

A story split by jump lines is stored as two parts; here its text is joined in page order,
the (下转…) half first, with the sentence the jump cut rejoined.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class PartContent:
    page: int | None
    headline: str
    byline: str | None
    dateline: str | None
    reporters: list[str]
    photographers: list[str]
    kind: str
    continued_from: int | None
    continued_to: int | None
    paragraphs: list[str]
    captions: list[dict]
    tables: list[list[list[str]]]
    layout: list[tuple[str, int]]
    subheads: list[int] = field(default_factory=list)  # indexes into paragraphs
    links: list[str] = field(default_factory=list)


@dataclass
class StoredArticle:
    id: str
    publication: str
    date: str | None
    pages: list[int | None]
    headline: str
    kind: str = "news"
    byline: str | None = None
    dateline: str | None = None
    reporters: list[str] = field(default_factory=list)
    photographers: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    captions: list[dict] = field(default_factory=list)
    tables: list[list[list[str]]] = field(default_factory=list)
    continued_from: int | None = None
    continued_to: int | None = None
    layout: list[tuple[str, int]] = field(default_factory=list)
    # Where the text of each page's part starts in `layout` (for "continued" notes).
    part_starts: list[tuple[int | None, int]] = field(default_factory=list)
    issue_id: int | None = None
    page_names: dict = field(default_factory=dict)
    source_dirs: list[str] = field(default_factory=list)
    subheads: list[int] = field(default_factory=list)  # indexes into paragraphs
    links: list[str] = field(default_factory=list)  # link targets the text named; never fetched
    # Whether the archivist's corrections were applied (text.py), and where each stands:
    # (block, block index, correction, start, end in the corrected block).
    corrected: bool = False
    applied: list[tuple] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "id": self.id, "publication": self.publication, "date": self.date,
            "pages": self.pages, "headline": self.headline, "kind": self.kind,
            "byline": self.byline, "dateline": self.dateline,
            "reporters": self.reporters, "photographers": self.photographers,
            "paragraphs": self.paragraphs, "captions": self.captions, "tables": self.tables,
            "continued_from": self.continued_from, "continued_to": self.continued_to,
            "subheads": self.subheads, "links": self.links,
        }

    def blocks(self) -> list[tuple[str, str]]:
        """The article's text blocks in reading order: (kind, text) — see text.py, the one
        assembly of an article's text."""
        from .text import article_blocks

        return [(kind, text) for kind, _, _, text in article_blocks(self)]

    def text(self) -> str:
        """The article's text (text.py): its blocks joined by line breaks."""
        return "\n".join(text for _, text in self.blocks())


def merge_parts(article: StoredArticle, parts: list[PartContent]) -> StoredArticle:
    """Fill ARTICLE's content from its PARTS, given in page order."""
    first = parts[0]
    article.headline = first.headline
    article.kind = "news" if any(p.kind == "news" for p in parts) else first.kind
    for part in parts:
        if article.byline is None and part.byline:
            article.byline, article.dateline = part.byline, part.dateline
        for name in part.reporters:
            if name not in article.reporters:
                article.reporters.append(name)
        for name in part.photographers:
            if name not in article.photographers:
                article.photographers.append(name)
    article.continued_from = first.continued_from
    article.continued_to = parts[-1].continued_to
    if len(parts) > 1:
        # Only an article continued from another page needs it; reading commands (`dubao
        # show`, search snippets) would otherwise load the parser's patterns at start-up.
        from ..parsing.text.joining import ends_sentence
    for number, part in enumerate(parts):
        article.part_starts.append((part.page, len(article.layout)))
        join_first = (
            number > 0 and article.paragraphs and part.paragraphs
            and not ends_sentence(article.paragraphs[-1])
            and 0 not in part.subheads and len(article.paragraphs) - 1 not in article.subheads
        )
        article.links.extend(link for link in part.links if link not in article.links)
        for kind, index in part.layout:
            if kind == "p":
                if join_first and index == 0:
                    article.paragraphs[-1] += part.paragraphs[0]
                    continue
                article.paragraphs.append(part.paragraphs[index])
                article.layout.append(("p", len(article.paragraphs) - 1))
                if index in part.subheads:
                    article.subheads.append(len(article.paragraphs) - 1)
            elif kind == "c":
                article.captions.append(part.captions[index])
                article.layout.append(("c", len(article.captions) - 1))
            elif kind == "t":
                article.tables.append(part.tables[index])
                article.layout.append(("t", len(article.tables) - 1))
    held = {p.page for p in parts} | set(article.pages)
    if len(parts) > 1 or held != {first.page}:
        # Within the library the story is whole: only jumps to pages not held remain (a
        # METS article is one part whose zones, and so its pages, run over the next pages).
        article.continued_from = first.continued_from if first.continued_from not in held else None
        article.continued_to = parts[-1].continued_to if parts[-1].continued_to not in held else None
    return article
