"""Reading order, line joining and safe XML, on small pages built for the rule at hand."""
from __future__ import annotations

from pathlib import Path

import pytest

from reader.parsing import NotAPageError
from reader.parsing.formats import alto, hocr
from reader.parsing.geometry import Line, Region, Word, join_lines, reading_order, split_at_gutters

NAMESPACES = {
    "none": "",
    "ccs": ' xmlns="http://schema.ccs-gmbh.com/ALTO"',
    "loc-v2": ' xmlns="http://www.loc.gov/standards/alto/ns-v2#"',
    "loc-v4": ' xmlns="http://www.loc.gov/standards/alto/ns-v4#"',
}


def region(name: str, x0, y0, x1, y1) -> Region:
    return Region(name, "text", (x0, y0, x1, y1), [Line([Word(name, (x0, y0, x1, y1))], (x0, y0, x1, y1))])


def names(regions) -> list[str]:
    return [r.id for r in regions]


def test_columns_are_read_top_to_bottom_before_the_next():
    blocks = [region("b1", 510, 100, 1000, 400), region("a1", 0, 100, 490, 400),
              region("b2", 510, 410, 1000, 800), region("a2", 0, 410, 490, 800)]
    assert names(reading_order(blocks)) == ["a1", "a2", "b1", "b2"]


def test_a_block_spanning_columns_divides_them_into_bands():
    blocks = [region("head", 0, 0, 1000, 80),
              region("a1", 0, 100, 490, 400), region("b1", 510, 100, 1000, 400),
              region("wide", 0, 420, 1000, 480),  # spans both columns in the middle
              region("a2", 0, 500, 490, 800), region("b2", 510, 500, 1000, 800)]
    assert names(reading_order(blocks)) == ["head", "a1", "b1", "wide", "a2", "b2"]


def test_a_paragraph_run_across_a_gutter_is_split_there():
    words = [Word("left", (0, 0, 100, 20)), Word("words", (110, 0, 200, 20)),
             Word("right", (400, 0, 500, 20)), Word("side", (510, 0, 600, 20))]
    joined = Region("p", "text", (0, 0, 600, 20), [Line(words, (0, 0, 600, 20), 20)])
    parts = split_at_gutters(joined, 30)
    assert [[w.text for w in p.words] for p in parts] == [["left", "words"], ["right", "side"]]


@pytest.mark.parametrize(("left", "right", "hyphen", "joined"), [
    ("the Young Demo-", "crats turned out", False, "the Young Democrats turned out"),
    ("a well-", "Known name", False, "a well- Known name"),
    ("favo", "rables.", True, "favorables."),
    ("中国和厄立特里亚", "传统友谊深厚", False, "中国和厄立特里亚传统友谊深厚"),
    ("Wien, 2.", "Dezember", False, "Wien, 2. Dezember"),
    ("学好中文,", "我们", False, "学好中文, 我们"),
])
def test_lines_join_by_script_and_hyphen(left, right, hyphen, joined):
    assert join_lines(left, right, hyphen=hyphen) == joined


def alto_page(namespace: str, unit: str, scale: float, *, cjk: bool = False) -> str:
    def box(x, y, w, h) -> str:
        return f'HPOS="{x * scale:g}" VPOS="{y * scale:g}" WIDTH="{w * scale:g}" HEIGHT="{h * scale:g}"'
    head_words = ["头条", "新闻"] if cjk else ["Big", "News"]
    body = (["今天", "天气", "很好"], ["大家", "都在", "外面"]) if cjk else (["The", "wea"], ["ther", "is", "fine."])
    lines = []
    for index, words in enumerate(body):
        strings = "".join(f'<String {box(10 + 60 * i, 200 + 30 * index, 50, 20)} CONTENT="{w}"/>'
                          for i, w in enumerate(words))
        hyp = '<HYP CONTENT="-"/>' if not cjk and index == 0 else ""
        lines.append(f"<TextLine {box(10, 200 + 30 * index, 300, 20)}>{strings}{hyp}</TextLine>")
    heads = "".join(f'<String {box(10 + 200 * i, 50, 180, 60)} CONTENT="{w}"/>' for i, w in enumerate(head_words))
    page_size = f'WIDTH="{1000 * scale:g}" HEIGHT="{1400 * scale:g}"'
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<alto{namespace}><Description><MeasurementUnit>{unit}</MeasurementUnit></Description>
<Styles><TextStyle ID="big" FONTSIZE="30"/><TextStyle ID="body" FONTSIZE="9"/></Styles>
<Layout><Page ID="P1" {page_size}><PrintSpace>
<TextBlock ID="TB1" STYLEREFS="big" {box(10, 50, 400, 60)}><TextLine {box(10, 50, 400, 60)}>{heads}</TextLine></TextBlock>
<TextBlock ID="TB2" STYLEREFS="body" {box(10, 200, 300, 50)}>{"".join(lines)}</TextBlock>
</PrintSpace></Page></Layout></alto>"""


@pytest.mark.parametrize("namespace", sorted(NAMESPACES))
@pytest.mark.parametrize(("unit", "scale"), [("pixel", 1.0), ("mm10", 0.847), ("inch1200", 4.0)])
def test_alto_in_every_namespace_and_unit(tmp_path, namespace, unit, scale):
    path = tmp_path / "page.xml"
    path.write_text(alto_page(NAMESPACES[namespace], unit, scale), encoding="utf-8")
    assert alto.sniff(path, path.read_bytes()[:4096])
    parsed = alto.parse(path)
    (article,) = parsed.page.articles
    assert article.headline == "Big News"
    assert article.paragraphs == ["The weather is fine."]
    x0, y0, x1, y1 = article.zones[0].box
    assert (x0, y0) == pytest.approx((0.01, 50 / 1400), abs=1e-4) and x1 <= 0.42 and y1 <= 0.19
    assert parsed.page.words[0].text == "Big"


def test_cjk_alto_lines_join_without_spaces(tmp_path):
    path = tmp_path / "page.xml"
    path.write_text(alto_page("", "pixel", 1.0, cjk=True), encoding="utf-8")
    (article,) = alto.parse(path).page.articles
    assert article.headline == "头条新闻"
    assert article.paragraphs == ["今天天气很好大家都在外面"]


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE alto [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<alto><Layout><Page WIDTH="100" HEIGHT="100"><PrintSpace><TextBlock HPOS="0" VPOS="0" WIDTH="50" HEIGHT="10">
<TextLine HPOS="0" VPOS="0" WIDTH="50" HEIGHT="10"><String HPOS="0" VPOS="0" WIDTH="50" HEIGHT="10" CONTENT="&d;"/>
</TextLine></TextBlock></PrintSpace></Page></Layout></alto>"""


def test_entities_are_never_expanded(tmp_path):
    path = tmp_path / "laughs.xml"
    path.write_text(BILLION_LAUGHS, encoding="utf-8")
    try:
        parsed = alto.parse(path)
    except NotAPageError:
        return  # refusing is as good as not expanding
    text = " ".join(parsed.page.extras + [p for a in parsed.page.articles for p in a.paragraphs])
    assert "aaaaaaaaaa" not in text


def test_external_entities_are_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET", encoding="utf-8")
    path = tmp_path / "xxe.xml"
    path.write_text(BILLION_LAUGHS.split("[")[0] + f'[<!ENTITY d SYSTEM "file://{secret}">]>'
                    + BILLION_LAUGHS.split("]>", 1)[1], encoding="utf-8")
    try:
        parsed = alto.parse(path)
    except NotAPageError:
        return
    assert "TOPSECRET" not in " ".join(parsed.page.extras)


@pytest.mark.parametrize(("content", "says"), [
    ("<alto><Layout><Page>", "not well-formed XML"),
    ("<html><body>no OCR</body></html>", "not ALTO"),
    ("<alto><Layout></Layout></alto>", "without a <Page>"),
])
def test_bad_xml_is_one_clear_line(tmp_path, content, says):
    path = tmp_path / "bad.xml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(NotAPageError) as raised:
        alto.parse(path)
    assert says in str(raised.value) and "\n" not in str(raised.value)


def test_html_without_ocr_is_not_hocr(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<html><body><p>hello</p></body></html>", encoding="utf-8")
    assert not hocr.has_ocr_markers(path)
    assert hocr.sniff(path, path.read_bytes())  # HTML is read as hOCR or not at all
    with pytest.raises(NotAPageError, match="not hOCR"):
        hocr.parse(path)


def test_empty_file_is_refused(tmp_path):
    path = Path(tmp_path / "empty.xml")
    path.write_bytes(b"")
    with pytest.raises(NotAPageError, match="empty"):
        alto.parse(path)


def paddle_page(tmp_path, hints: list[int]) -> list[str]:
    import json

    from reader.parsing.formats import paddleocr

    boxes = [[0, 0, 1000, 80], [0, 100, 490, 400], [510, 100, 1000, 400], [0, 410, 490, 800], [510, 410, 1000, 800]]
    texts = ["Title here", "left top.", "right top.", "left bottom.", "right bottom."]
    blocks = [{"block_label": "doc_title" if i == 0 else "text", "block_content": t, "block_bbox": b,
               "block_id": i, "block_order": hint} for i, (t, b, hint) in enumerate(zip(texts, boxes, hints))]
    path = tmp_path / "page_res.json"
    path.write_text(json.dumps({"width": 1000, "height": 800, "parsing_res_list": blocks}), encoding="utf-8")
    (article,) = paddleocr.parse(path).page.articles
    return article.paragraphs


def test_order_hints_are_used_only_where_the_geometry_agrees(tmp_path):
    column_order = ["left top.", "left bottom.", "right top.", "right bottom."]
    # hints that read down the columns agree with the geometry and are kept
    assert paddle_page(tmp_path, [1, 2, 4, 3, 5]) == column_order
    # hints that read across the columns, line by line, are not
    assert paddle_page(tmp_path, [1, 2, 3, 4, 5]) == column_order


def test_wrong_language_ocr_imports_with_a_warning(tmp_path):
    path = tmp_path / "page.xml"
    page = alto_page("", "pixel", 1.0)
    for word in ("Big", "News", "The", "wea", "ther", "is", "fine."):
        page = page.replace(f'CONTENT="{word}"', 'CONTENT="╬▓■ж本◆"')
    path.write_text(page, encoding="utf-8")
    parsed = alto.parse(path)
    assert any("implausible" in warning for warning in parsed.warnings)
    assert "╬▓■ж本◆" in " ".join(parsed.page.extras + [p for a in parsed.page.articles for p in a.paragraphs]
                                  + [a.headline for a in parsed.page.articles])
    clean = tmp_path / "clean.xml"
    clean.write_text(alto_page("", "pixel", 1.0), encoding="utf-8")
    assert alto.parse(clean).warnings == []
