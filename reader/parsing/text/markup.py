"""Inline markup → plain words and link targets.

Pages reach us through Markdown converters and web scrapers: `**bold**`, `*italic*`,
`[text](url)`, `<p>`, `<strong>`, `<br>`, `&nbsp;`. The words are kept, the markup is
dropped, and link targets are gathered (shown to the reader, never fetched). HTML is read by
the standard library's parser, so entities, attributes and unclosed tags come out right;
Markdown's inline marks are matched by a few patterns that never touch text without them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# A tag or an entity: only text holding one goes through the HTML parser.
HTML_HINT_RE = re.compile(r"<[A-Za-z/!]|&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z]{2,8});")
# Block-level tags that separate paragraphs, and line breaks inside one.
BLOCK_TAG_RE = re.compile(r"</?(?:p|div|section|article|blockquote|h[1-6]|li|ul|ol)\b[^>]*>", re.I)
BREAK_TAG_RE = re.compile(r"<br\s*/?>", re.I)
# [text](url "title") — the text may be empty; the url has no spaces.
MD_LINK_RE = re.compile(r"(!?)\[([^\]\n]*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
AUTOLINK_RE = re.compile(r"<((?:https?|ftp)://[^>\s]+)>")
BARE_URL_RE = re.compile(r"(?:https?|ftp)://[^\s<>()（）\[\]【】，。、；“”\"']+")
# Emphasis: the content never starts or ends with a blank or the mark itself, so that masked
# numbers (`18****2`) and lone asterisks are left alone.
# Beside CJK text a mark needs no space, so only ASCII letters and digits count as a word
# around it (`a*b*c` and `snake__case__name` are left alone).
STRONG_RE = re.compile(
    r"\*\*([^*\s](?:[^*]*?[^*\s])?)\*\*|(?<![A-Za-z0-9_])__([^_\s](?:[^_]*?[^_\s])?)__(?![A-Za-z0-9_])")
EM_RE = re.compile(r"(?<![*A-Za-z0-9])\*([^*\s](?:[^*]*?[^*\s])?)\*(?![*A-Za-z0-9])")
WHOLLY_BOLD_RE = re.compile(
    r"^\s*(?:\*\*([^*](?:.*[^*])?)\*\*|__([^_](?:.*[^_])?)__|<(strong|b)\b[^>]*>(.*)</\3\s*>)\s*$",
    re.I | re.S)
ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")


@dataclass
class Inline:
    text: str
    links: list[str] = field(default_factory=list)
    wholly_bold: bool = False


class _HtmlText(HTMLParser):
    """Text and link targets of an HTML fragment; unknown tags are dropped, their words kept."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            self.parts.append("\n")
        elif tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href.strip())
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self.parts.append(alt)

    def handle_data(self, data):
        self.parts.append(data)


def html_to_text(fragment: str) -> tuple[str, list[str]]:
    parser = _HtmlText()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.parts), parser.links


def split_block_tags(line: str) -> list[str]:
    """One source line → lines, with block tags (`<p>`, `<div>`) as blank lines between
    paragraphs and `<br>` as a line break inside one."""
    if "<" not in line:
        return [line]
    line = BREAK_TAG_RE.sub("\n", line)
    line = BLOCK_TAG_RE.sub("\n\n", line)
    return line.split("\n")


def is_wholly_bold(text: str) -> bool:
    return bool(WHOLLY_BOLD_RE.match(text))


# Any character that may start markup: text without one is returned as it is (most text).
_MARKUP_HINT_RE = re.compile(r"[*_<&\[\\\xa0\u200b]|://")


def render_inline(text: str) -> Inline:
    """TEXT without its inline markup, its link targets, and whether it was all bold."""
    if not _MARKUP_HINT_RE.search(text):
        return Inline(text)
    bold = is_wholly_bold(text)
    links: list[str] = []
    if "](" in text:
        def link(match: re.Match) -> str:
            if match.group(1):  # an image inside running text: left as it is
                return match.group(0)
            if match.group(3):
                links.append(match.group(3))
            return match.group(2)
        text = MD_LINK_RE.sub(link, text)
    if "<" in text and "://" in text:
        def autolink(match: re.Match) -> str:
            links.append(match.group(1))
            return match.group(1)
        text = AUTOLINK_RE.sub(autolink, text)
    if HTML_HINT_RE.search(text):
        text, html_links = html_to_text(text)
        links.extend(html_links)
    if "*" in text or "__" in text:
        text = STRONG_RE.sub(lambda m: m.group(1) or m.group(2), text)
        text = EM_RE.sub(r"\1", text)
    if "\\" in text:
        text = ESCAPE_RE.sub(r"\1", text)
    if "\xa0" in text or "\u200b" in text:
        text = text.replace("\xa0", " ").replace("\u200b", "")
    if "://" in text:
        links.extend(url for url in BARE_URL_RE.findall(text) if url not in links)
    return Inline(text, _unique(links), bold)


def strip_inline(text: str) -> str:
    """TEXT without inline markup (headlines, captions)."""
    return render_inline(text).text


def heading_text(text: str, links: list[str] | None = None) -> str:
    """A heading's words on one line, markup dropped; its link targets added to LINKS."""
    inline = render_inline(text)
    if links is not None:
        links.extend(link for link in inline.links if link not in links)
    return " ".join(inline.text.split())


def _unique(items: list[str]) -> list[str]:
    seen: list[str] = []
    for item in items:
        if item and item not in seen:
            seen.append(item)
    return seen
