"""Property tests: on mutated pages of every text layout the parser never raises anything
but NotAPageError, names a known layout, and loses no letter, digit or CJK character of the
article region."""
from __future__ import annotations

from pathlib import Path

from helpers.conservation import lost_characters
from helpers.paths import DATA, QINGXI, SAMPLE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.parsing import LAYOUTS, NotAPageError, parse_bytes

REAL = DATA / "real"
# page-markdown (ours), article-markdown, issue-markdown and plain-text (real pages).
BASES = [p.read_text(encoding="utf-8") for p in (
    SAMPLE, QINGXI / "qingxi-2023-03-08-p1.md", QINGXI / "qingxi-2023-03-08-p2.md",
    *sorted(REAL.glob("rmrb-vault/2025/03/2025-03-01/04-*/*.md"))[:1],
    REAL / "cctv-xwlb-yuekcc" / "news" / "20260201.md",
    REAL / "cctv-xwlb-frederickpi" / "news" / "2007" / "20070101.md",
    REAL / "shenbao-shlib" / "1949-05-12-02版-A2013040226455.txt",
    REAL / "wenge-tabloid-ocr" / "文革简讯-1967-07-15.txt",
)]
INSERTS = st.lists(st.sampled_from(
    list("工会记者摄报道讯本。,、:()（）#!<>[]/ \n0123456789AbZ下转上接第版*_>") +
    ["\n\n\n", "## ", "# ", "### ", "> ", "**", "记者", "(下转第2版)", "---\n", "■ ", "——", "<p>", "<br>",
     "&nbsp;", "[链接](https://x.example/a)", "新华社北京十日电 ", "《某报》（2025年03月01日第 01 版）"]),
    max_size=8).map("".join)


@st.composite
def mutated_page(draw) -> tuple[str, bytes]:
    text = draw(st.sampled_from(BASES))
    lines = text.split("\n")
    # Shuffle blank lines: remove some, add runs elsewhere.
    out = []
    for line in lines:
        if not line.strip() and draw(st.booleans()):
            continue
        out.append(line)
        if draw(st.integers(0, 9)) == 0:
            out.extend([""] * draw(st.integers(1, 4)))
    text = "\n".join(out)
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(INSERTS) + text[at:]
    if draw(st.booleans()):
        text = text[: draw(st.integers(0, len(text)))]
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le"]))
    if encoding == "utf-16-le" and sum(ch.isascii() for ch in text) < 4:
        # Without a byte-order mark UTF-16 is known by the zero bytes of its ASCII characters
        # (line ends, spaces): a few CJK characters alone could be any encoding.
        encoding = "utf-16"
    return text, text.encode(encoding)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_page())
def test_parser_never_raises_and_keeps_every_character(page):
    text, raw = page
    try:
        parsed = parse_bytes(raw)
    except NotAPageError:
        return
    assert parsed.layout in LAYOUTS
    lost = lost_characters(text, parsed)
    if lost:  # keep the page for a human to look at
        Path("/tmp/dubao-lost.txt").write_text(text, encoding="utf-8")
    assert lost == ""
