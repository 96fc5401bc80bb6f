"""The parsed structure of one newspaper page: plain dataclasses, no behaviour.

Field names follow `dubao parse --json` (see CONTRACT.md); `to_json()` gives that form.
"""
from __future__ import annotations

import unicodedata
from dataclasses import asdict, dataclass, field, fields


@dataclass
class Publication:
    name: str | None = None
    slogan: str | None = None
    cn_code: str | None = None
    postal_code: str | None = None
    website: str | None = None
    email: str | None = None
    address: str | None = None
    postcode: str | None = None


@dataclass
class Issue:
    date: str | None = None  # ISO YYYY-MM-DD
    lunar_date: str | None = None
    weekday: str | None = None
    number: int | None = None  # 总第N号


@dataclass
class Caption:
    text: str
    credit: str | None = None
    image: str | None = None


@dataclass
class Zone:
    """Where something sits on a printed page: a box in fractions of the page's width and
    height, origin top-left (x0, y0, x1, y1)."""
    page: int | None
    box: tuple[float, float, float, float]


@dataclass
class Block:
    """One positioned block of a layout-aware page (ALTO TextBlock, hOCR paragraph,
    PaddleOCR block) in reading order. `article` indexes the articles of the whole
    ParsedPage, counted across its pages in order (an article spanning pages is listed once,
    on its first page, yet has blocks on the others); None when it belongs to no article."""
    kind: str  # "text" | "heading" | "subhead" | "caption" | "image" | "table" | "advertisement" | ...
    box: tuple[float, float, float, float]  # page fractions, origin top-left
    text: str = ""
    article: int | None = None


@dataclass
class Word:
    """A word with its box (page fractions), for outlining search hits on the scan."""
    text: str
    box: tuple[float, float, float, float]
    article: int | None = None  # as Block.article


@dataclass
class Article:
    headline: str
    kind: str = "news"  # "news" | "photo"
    byline: str | None = None
    dateline: str | None = None
    reporters: list[str] = field(default_factory=list)
    photographers: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    tables: list[list[list[str]]] = field(default_factory=list)
    continued_from: int | None = None
    continued_to: int | None = None
    # Reading order of the body: ("p", i) paragraph, ("c", i) caption, ("t", i) table.
    layout: list[tuple[str, int]] = field(default_factory=list)
    subheads: list[int] = field(default_factory=list)  # indexes into paragraphs
    links: list[str] = field(default_factory=list)  # link targets found in the text; never fetched
    zones: list[Zone] = field(default_factory=list)

    @property
    def decks(self) -> list[str]:
        """The headline's lines as the source separates them (引题 / 主题 / 副题)."""
        return headline_decks(self.headline)


def _latin(ch: str) -> bool:
    """A character of Latin-script text: ASCII letters, digits and punctuation, or a Latin letter."""
    return ch.isascii() or unicodedata.name(ch, "").startswith("LATIN")


def headline_decks(headline: str) -> list[str]:
    """The decks of a stored headline (引题 / 主题 / 副题), which parsing joins with one space.

    A space between two words of Latin script is a word space, not a deck break: "CHAMBRE DES
    PAIRS" is one deck. Joined with single spaces, the decks give the headline back, so text
    offsets hold."""
    decks: list[str] = []
    for piece in headline.split(" "):
        if decks and decks[-1] and piece and _latin(decks[-1][-1]) and _latin(piece[0]):
            decks[-1] += " " + piece
        else:
            decks.append(piece)
    return decks


@dataclass
class Page:
    number: int | None = None
    name: str | None = None
    editors: list[str] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    image: str | None = None  # the page scan, relative to the source file
    size: tuple[int, int] | None = None  # the page's width and height in the source's units
    # Geometry of layout-aware sources; not part of `dubao parse --json` (CONTRACT.md).
    blocks: list[Block] = field(default_factory=list)
    words: list[Word] = field(default_factory=list)


# The input layouts a source can be in (`layout` in `dubao parse --json`).
LAYOUTS = ("page-markdown", "article-markdown", "issue-markdown", "plain-text",
           "alto", "mets", "hocr", "paddleocr")


@dataclass
class ParsedPage:
    publication: Publication
    issue: Issue
    pages: list[Page]
    encoding: str = "utf-8"
    warnings: list[str] = field(default_factory=list)
    layout: str = "page-markdown"  # one of LAYOUTS
    # Other files the parse read (a METS issue's ALTO pages): a change to them is a change
    # to the source. Not part of `dubao parse --json`.
    inputs: list[str] = field(default_factory=list)

    @property
    def page(self) -> Page:
        return self.pages[0]

    def to_json(self) -> dict:
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "inputs"}
        data["publication"] = asdict(self.publication)
        data["issue"] = asdict(self.issue)
        data["warnings"] = list(self.warnings)
        data["pages"] = [_page_json(page) for page in self.pages]
        return data


_GEOMETRY_ONLY = ("blocks", "words")  # large, and not in CONTRACT.md's page


def _page_json(page: Page) -> dict:
    data = {f.name: getattr(page, f.name) for f in fields(page) if f.name not in _GEOMETRY_ONLY}
    data["articles"] = [asdict(article) for article in page.articles]
    data["editors"], data["extras"] = list(page.editors), list(page.extras)
    for article in data["articles"]:
        article["layout"] = [list(item) for item in article["layout"]]
        for zone in article["zones"]:
            zone["box"] = list(zone["box"])
    if data["size"] is not None:
        data["size"] = list(data["size"])
    return data
