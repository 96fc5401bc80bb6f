"""The layout-aware OCR readers on real files: the METS issue, the hOCR page, the PaddleOCR
page from ../shared/fixtures/layout, and the real samples under tests/data/real/layout.
Tests that need ../shared fail (never skip) when it is missing."""
from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from helpers.paths import CHECK_PARSE, DATA, FIXTURES
from lxml import etree

from reader.parsing.formats import LAYOUT_FORMATS, alto, hocr, mets, paddleocr

LAYOUT = FIXTURES / "layout"
JDD = LAYOUT / "alto-journal-des-debats-1821-08-01"
JDD_METS = JDD / "18210801_1-METS.xml"
HOCR = LAYOUT / "hocr-mustang-daily" / "ua-nws_00003872_001.hocr"
PADDLE = LAYOUT / "paddleocr-vl-demo" / "paddleocr_vl_demo_res.json"
REAL = DATA / "real" / "layout"
LUXZEIT = REAL / "luxzeit-1858-12-07" / "2385348_newspaper_luxzeit1858_1858-12-07_01-mets.xml"


def shared(path: Path) -> Path:
    if not path.exists():
        pytest.fail(f"missing shared fixture {path} (../shared must be there)")
    return path


def all_articles(parsed):
    return [a for page in parsed.pages for a in page.articles]


def alnum(texts) -> Counter:
    return Counter(c for text in texts if text for c in text if c.isalnum())


def output_texts(parsed):
    for page in parsed.pages:
        yield from page.extras
        for article in page.articles:
            yield article.headline
            yield article.byline
            yield from article.paragraphs
            for caption in article.captions:
                yield caption.text
                yield caption.credit
            for table in article.tables:
                yield from (cell for row in table for cell in row)


def alto_strings(paths):
    for path in paths:
        for element in etree.parse(str(path)).iter():
            if isinstance(element.tag, str) and element.tag.rpartition("}")[2] == "String":
                yield element.get("CONTENT")


# --- METS: the 1821 Journal des Débats issue --------------------------------------------------

@pytest.fixture(scope="module")
def jdd():
    return mets.parse(shared(JDD_METS))


def test_mets_issue_is_ten_titled_articles_in_page_order(jdd):
    articles = all_articles(jdd)
    assert len(articles) == 10
    assert all(a.headline and a.headline != "(untitled)" for a in articles)
    assert [a.headline.split()[0] for a in articles[:4]] == ["ALLEMAGNE.", "PAYS-BAS-UNIS.", "GRANDE-BRETAGNE.",
                                                             "FRANCE."]
    first_pages = [page.number for page in jdd.pages for _ in page.articles]
    assert first_pages == sorted(first_pages)
    assert [p.number for p in jdd.pages] == [1, 2, 3, 4]
    assert jdd.issue.date == "1821-08-01"
    assert jdd.publication.name == "Le Journal des Débats politiques et littéraires"
    assert jdd.layout == "mets"


def test_mets_article_spanning_pages_is_listed_once_on_its_first_page(jdd):
    chambre = [(page.number, a) for page in jdd.pages for a in page.articles if a.headline.startswith("CHAMBRE DES PAIRS")]
    assert len(chambre) == 1
    page, article = chambre[0]
    assert page == 2 and article.continued_to == 3
    assert sorted({zone.page for zone in article.zones}) == [2, 3, 4]
    assert all(0 <= v <= 1 for zone in article.zones for v in zone.box)


def test_mets_every_character_of_the_alto_pages_is_kept_once(jdd):
    """Every letter and digit of every ALTO String is in an article or the page notes, and
    nothing is there twice (hyphenated halves are joined, not doubled)."""
    source = alnum(alto_strings(sorted((shared(JDD) / "ALTO").glob("*.xml"))))
    assert alnum(output_texts(jdd)) == source


def test_mets_words_of_the_alto_pages_are_found(jdd):
    """Word by word: each String (hyphen halves joined) is a word of the output."""
    words = Counter()
    for path in sorted((JDD / "ALTO").glob("*.xml")):
        pending = ""
        for element in etree.parse(str(path)).iter("String"):
            content = element.get("CONTENT")
            kind = element.get("SUBS_TYPE")
            if kind == "HypPart1":
                pending = content.rstrip("-")
                continue
            words[(pending + content) if kind == "HypPart2" else content] += 1
            pending = ""
    output = Counter(word for text in output_texts(jdd) if text for word in text.split())
    missing = {w: n for w, n in (words - output).items() if any(c.isalnum() for c in w)}
    # a line-end hyphen the source did not mark as one is rejoined too ("non-" + "destructive")
    assert sum(missing.values()) <= 0.002 * sum(words.values()), list(missing.items())[:20]


def test_mets_hyphenated_words_are_rejoined(jdd):
    text = " ".join(p for a in all_articles(jdd) for p in a.paragraphs)
    assert "favorables." in text and "l'insurrection" in text
    assert "favo-" not in text


def test_mets_advertisements_are_page_notes_not_news(jdd):
    ads = [b for page in jdd.pages for b in page.blocks if b.kind == "advertisement"]
    assert ads and all(b.article is None for b in ads)
    assert all(a.kind == "news" for a in all_articles(jdd))
    assert any("ANNONCES" in extra for extra in jdd.pages[3].extras)


def test_mets_blocks_and_words_carry_page_fractions_and_articles(jdd):
    page = jdd.pages[0]
    assert page.size == (2596, 3993)
    assert page.words and all(0 <= v <= 1 for w in page.words for v in w.box)
    assigned = {b.article for b in page.blocks if b.article is not None}
    assert assigned == {0, 1, 2}
    # an article's blocks on a later page point back to it (the index counts across pages)
    chambre = next(i for i, a in enumerate(all_articles(jdd)) if a.headline.startswith("CHAMBRE"))
    assert any(b.article == chambre for b in jdd.pages[3].blocks)


def test_mets_json_keeps_to_the_contract(jdd):
    data = jdd.to_json()
    page = data["pages"][0]
    assert "blocks" not in page and "words" not in page and "inputs" not in data
    assert page["size"] == [2596, 3993] and page["image"] is None
    zone = data["pages"][1]["articles"][1]["zones"][0]
    assert set(zone) == {"page", "box"} and isinstance(zone["box"], list)


def test_second_real_mets_issue_in_mm10(tmp_path):
    parsed = mets.parse(LUXZEIT)
    assert parsed.issue.date == "1858-12-07"
    assert parsed.publication.name == "Luxemburger Zeitung – Journal de Luxembourg"
    headlines = [a.headline for a in all_articles(parsed)]
    assert "Revue politique." in headlines and "Kölnische Zeitung." in headlines
    # mm10 coordinates against an mm10 page size: fractions inside the page
    assert all(0 <= v <= 1 for page in parsed.pages for b in page.blocks for v in b.box)
    source = alnum(alto_strings(sorted(LUXZEIT.parent.glob("text/*.xml"))))
    assert alnum(output_texts(parsed)) == source


# --- ALTO alone ------------------------------------------------------------------------------

def test_alto_page_alone_finds_articles_by_headline_sizes(jdd):
    parsed = alto.parse(shared(JDD / "ALTO" / "18210801_1-0001.xml"))
    assert parsed.layout == "alto"
    headlines = [a.headline for a in parsed.page.articles]
    assert headlines[0] == "ALLEMAGNE."
    assert "JOURNAL" not in " ".join(headlines).upper().replace("AQURNAL", "JOURNAL")  # the masthead is a note
    assert any("DÉBATS" in extra for extra in parsed.page.extras)


def test_alto_page_alone_finds_a_head_set_in_body_type(jdd):
    # Page 2 without its METS: "CHAMBRE DES PAIRS." is set in the body's size, alone and
    # centred, with a rule under it that OCR read as a line of specks. It heads an article
    # of its own; its text no longer runs into FRANCE before it.
    parsed = alto.parse(shared(JDD / "ALTO" / "18210801_1-0002.xml"))
    articles = parsed.page.articles
    chambre = [a for a in articles if a.headline.startswith("CHAMBRE DES PAIRS")]
    assert len(chambre) == 1
    france = next(a for a in articles if a.headline.startswith("FRANCE"))
    assert not any("CHAMBRE DES PAIRS" in p for p in france.paragraphs)
    assert france.paragraphs[-1].endswith("applaudirons.")


def test_alto_pages_alone_split_only_where_the_mets_starts_an_article(jdd):
    # Each head found on the ALTO pages without their METS is the head of a METS article:
    # the rule for heads in body type splits no article anywhere else.
    mets_heads = {" ".join(a.headline.split()[:2]) for a in all_articles(jdd)}
    for path in sorted((shared(JDD) / "ALTO").glob("*.xml")):
        for article in alto.parse(path).page.articles:
            assert " ".join(article.headline.split()[:2]) in mets_heads, (path.name, article.headline)


@pytest.mark.parametrize("path", [REAL / "onb-anno-1772-esj-0057" / "00000007.xml",
                                  REAL / "rero2-blb-1845-12-28" / "ALTO" / "00001.xml"])
def test_other_alto_versions_and_namespaces_keep_every_character(path):
    assert alto.sniff(path, path.read_bytes()[:4096])
    parsed = alto.parse(path)
    output = alnum(output_texts(parsed))
    if any("no headlines recognised" in w for w in parsed.warnings):
        # the one article is titled from its first line, which its text keeps as well
        output -= alnum(a.headline for a in parsed.page.articles)
        assert parsed.page.articles[0].paragraphs[0].startswith(parsed.page.articles[0].headline)
    assert output == alnum(alto_strings([path]))
    assert parsed.page.words


def test_alto_image_named_outside_its_folder_is_not_taken(tmp_path):
    folder = tmp_path / "issue" / "ALTO"
    folder.mkdir(parents=True)
    source = REAL / "rero2-blb-1845-12-28" / "ALTO" / "00001.xml"
    (folder / "00001.xml").write_bytes(source.read_bytes())
    (tmp_path / "issue" / "MASTER").mkdir()
    (tmp_path / "issue" / "MASTER" / "00001.jp2").write_bytes(b"x")  # named as ../MASTER/00001.jp2
    assert alto.parse(folder / "00001.xml").page.image is None
    (folder / "00001.jpg").write_bytes(b"x")  # the same stem beside it
    assert alto.parse(folder / "00001.xml").page.image == "00001.jpg"


# --- hOCR ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def mustang():
    return hocr.parse(shared(HOCR))


def test_hocr_articles_under_their_headlines(mustang):
    headlines = [a.headline for a in mustang.page.articles]
    assert headlines[0] == "Poly students watch hopefuls’ first debate"
    assert headlines[1].startswith("Panel: Dukakis wins small edge")
    assert "Cal Poly professors get six NSF grants for lab equipment" in headlines
    assert "Temporary shelter might close" in headlines
    assert mustang.layout == "hocr"


def text_of(article) -> str:
    return " ¶ ".join(article.paragraphs)


def in_order(text: str, *phrases: str) -> bool:
    positions = [text.find(p) for p in phrases]
    return -1 not in positions and positions == sorted(positions)


def test_hocr_text_runs_in_column_order(mustang):
    articles = {a.headline: a for a in mustang.page.articles}
    debate = text_of(articles["Poly students watch hopefuls’ first debate"])
    # column two before column three, although OCR ran their lines together
    assert in_order(debate, "About 20 members of the Young", "As a result. Ferraro said",
                    "The College Republicans reserved", "Richard Kranzdorf")
    shelter = text_of(articles["Temporary shelter might close"])
    assert in_order(shelter, "If a permanent building location", "Moylan said the community",
                    "Any proposal in any zone", "Dunin repremanded", "See HOMELESS. page 1")
    assert articles["Temporary shelter might close"].byline.startswith("By Christine C. Temple")


def test_hocr_paragraph_split_before_a_capital_is_rejoined(mustang):
    # OCR closed a paragraph after "Chairman George" and opened the next, flush left, with
    # "Moylan said": unfinished text, no indent, right under it — one paragraph.
    articles = {a.headline: a for a in mustang.page.articles}
    shelter = articles["Temporary shelter might close"].paragraphs
    assert any("Chairman George Moylan said the community" in p for p in shelter)
    assert not any(p.endswith("Chairman George") for p in shelter)
    # paragraphs that end a sentence, or whose next opens indented, stay apart
    assert any(p.startswith("Moylan pointed out that") for p in shelter)
    assert any(p.startswith("“These people can either be eliminated") for p in shelter)


def test_a_word_cut_at_its_hyphen_does_not_run_on_into_a_capital(mustang):
    articles = {a.headline: a for a in mustang.page.articles}
    debate = articles["Poly students watch hopefuls’ first debate"].paragraphs
    assert not any("plann- Richard" in p or "plann-Richard" in p for p in debate)
    assert any(p.startswith("Richard Kranzdorf") for p in debate)


def test_hocr_keeps_every_word(mustang):
    root = etree.parse(str(HOCR), etree.HTMLParser())
    words = ["".join(e.itertext()) for e in root.iter() if "ocrx_word" in (e.get("class") or "")]
    assert alnum(output_texts(mustang)) == alnum(words)
    assert len(mustang.page.words) >= 0.95 * len([w for w in words if w.strip()])


# --- PaddleOCR -------------------------------------------------------------------------------

def test_paddleocr_page_passes_its_expect_file(tmp_path):
    expect = shared(PADDLE.parent / "paddleocr_vl_demo_res.expect.json")
    actual = tmp_path / "actual.json"
    result = subprocess.run([sys.executable, "-m", "reader.cli", "parse", str(PADDLE), "--json"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    actual.write_text(result.stdout, encoding="utf-8")
    check = subprocess.run([sys.executable, str(shared(CHECK_PARSE)), str(expect), str(actual), str(PADDLE)],
                           capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stdout + check.stderr


def test_paddleocr_caption_is_attached_to_its_image():
    parsed = paddleocr.parse(shared(PADDLE))
    (article,) = parsed.page.articles
    (caption,) = article.captions
    assert caption.credit == "中国驻厄立特里亚大使馆供图"
    assert caption.image == "imgs/img_in_image_box_775_200_1503_684.jpg"
    assert len(article.subheads) == 3
    assert article.zones and parsed.page.size == (1524, 1368)


def test_every_layout_format_is_listed():
    assert set(LAYOUT_FORMATS) >= {alto, mets, hocr, paddleocr}
    head = JDD_METS.read_bytes()[:4096]
    assert mets.sniff(JDD_METS, head) and not alto.sniff(JDD_METS, head)
    paddle_head = PADDLE.read_bytes()[:4096]
    assert paddleocr.sniff(PADDLE, paddle_head) and not hocr.sniff(PADDLE, paddle_head)
    assert json.loads(PADDLE.read_text(encoding="utf-8"))


def test_mets_names_the_scans_of_its_pages(tmp_path):
    import shutil

    issue = tmp_path / "issue"
    shutil.copytree(shared(JDD), issue)
    (issue / "OCRmaster").mkdir()
    (issue / "OCRmaster" / "18210801_1-0002.jp2").write_bytes(b"\0\0\0\x0cjP  ")
    parsed = mets.parse(issue / JDD_METS.name)
    assert [page.image for page in parsed.pages] == [None, "OCRmaster/18210801_1-0002.jp2", None, None]
