"""One test per parsing rule, on small pages written for the rule."""
from __future__ import annotations

import pytest

from reader.parsing import NotAPageError, parse_bytes, parse_text

FRONT = """\
癸卯年二月十七
2023年3月8日
星期三

国内统一刊号: CN99-0123
邮发代号: 99-15 总第8841号

# 青溪日报

服务城乡百姓 记录青溪变迁

社址: 青溪市望江路18号 邮编: 999001

"""


def only_article(text: str):
    parsed = parse_text(text)
    (article,) = parsed.page.articles
    return article, parsed


def test_front_matter_fields():
    parsed = parse_text(FRONT + "## 标题\n\n正文。\n")
    assert parsed.publication.name == "青溪日报"
    assert parsed.publication.slogan == "服务城乡百姓 记录青溪变迁"
    assert parsed.publication.cn_code == "CN99-0123"
    assert parsed.publication.postal_code == "99-15"
    assert parsed.publication.address == "青溪市望江路18号"
    assert parsed.publication.postcode == "999001"
    assert (parsed.issue.date, parsed.issue.weekday, parsed.issue.number) == ("2023-03-08", "星期三", 8841)
    assert parsed.issue.lunar_date == "癸卯年二月十七"
    assert parsed.page.number == 1  # a masthead and no page line: page 1
    assert parsed.warnings == []


def test_lunar_date_that_disagrees_is_warned_about():
    parsed = parse_text(FRONT.replace("二月十七", "二月十八") + "## 标题\n\n正文。\n")
    assert parsed.issue.lunar_date == "癸卯年二月十八"
    assert any("lunar date" in w and "二月十七" in w for w in parsed.warnings)


def test_wrong_weekday_is_warned_about():
    parsed = parse_text(FRONT.replace("星期三", "星期四") + "## 标题\n\n正文。\n")
    assert any("weekday" in w for w in parsed.warnings)


def test_inner_page_header():
    parsed = parse_text("东湖晚报 2021年10月1日 星期五  \n第A3版：经济  \n责任编辑：李明 美编：张华\n\n## 标题\n\n正文。\n")
    page = parsed.page
    assert parsed.publication.name == "东湖晚报"
    assert parsed.issue.date == "2021-10-01"
    assert (page.number, page.name) == (3, "经济")
    assert page.editors == ["李明", "张华"]


def test_promo_lines_after_the_masthead_go_to_extras():
    parsed = parse_text(FRONT.replace("服务城乡百姓 记录青溪变迁\n", "服务城乡百姓 记录青溪变迁\n\n扫码下载客户端\n")
                        + "## 标题\n\n正文。\n")
    assert parsed.publication.slogan == "服务城乡百姓 记录青溪变迁"
    assert "扫码下载客户端" in parsed.page.extras


@pytest.mark.parametrize("line, byline, dateline, reporters, photographers, body", [
    ("本报讯 记者阮向民报道 全省会议召开。", "本报讯 记者阮向民报道", "本报讯", ["阮向民"], [], "全省会议召开。"),
    ("本报讯 记者林晓 通讯员周舟报道 今年以来,招商顺利。", "本报讯 记者林晓 通讯员周舟报道", "本报讯",
     ["林晓", "周舟"], [], "今年以来,招商顺利。"),
    ("本报讯(记者 赵明 通讯员 李四)昨日,会议召开。", "本报讯(记者 赵明 通讯员 李四)", "本报讯",
     ["赵明", "李四"], [], "昨日,会议召开。"),
    ("本报讯 记者程雪摄影报道 本月是安全生产月。", "本报讯 记者程雪摄影报道", "本报讯", ["程雪"], ["程雪"],
     "本月是安全生产月。"),
    ("新华社北京3月7日电(记者 赵明 孙雨)记者从有关部门获悉,培训将开展。", "新华社北京3月7日电(记者 赵明 孙雨)",
     "新华社北京3月7日电", ["赵明", "孙雨"], [], "记者从有关部门获悉,培训将开展。"),
    ("本报杭州10月1日讯 记者王芳报道 节日期间客流平稳。", "本报杭州10月1日讯 记者王芳报道", "本报杭州10月1日讯",
     ["王芳"], [], "节日期间客流平稳。"),
])
def test_bylines(line, byline, dateline, reporters, photographers, body):
    article, _ = only_article(f"## 标题\n\n{line}\n")
    assert article.byline == byline
    assert article.dateline == dateline
    assert article.reporters == reporters
    assert article.photographers == photographers
    assert article.paragraphs == [body]


def test_body_that_begins_with_reporter_is_not_a_byline():
    article, _ = only_article("## 标题\n\n记者从市发展改革委了解到,工程进展顺利。\n")
    assert article.byline is None and article.reporters == []
    assert article.paragraphs == ["记者从市发展改革委了解到,工程进展顺利。"]


def test_removed_image_caption_with_inline_credit():
    article, _ = only_article("## 标题\n\n\n\n会议现场。记者邹伟锋 摄\n\n本报讯 记者阮向民报道 会议召开。\n")
    assert [(c.text, c.credit) for c in article.captions] == [("会议现场。", "记者邹伟锋 摄")]
    assert article.photographers == ["邹伟锋"]
    assert article.paragraphs == ["会议召开。"]


def test_image_reference_caption_and_path():
    article, _ = only_article("## 标题\n\n正文第一段。\n\n![](images/a.jpg)\n\n园区一角。本报记者 林晓 摄\n")
    (caption,) = article.captions
    assert (caption.text, caption.credit, caption.image) == ("园区一角。", "本报记者 林晓 摄", "images/a.jpg")
    assert article.photographers == ["林晓"]


def test_photo_item_with_credit_on_its_own_line():
    article, _ = only_article("## 应急处置练兵\n\n\n\n消防队员开展演练,场面紧张有序,参演人员各司其职。\n\n通讯员蔡伟华 摄\n")
    assert article.kind == "photo"
    assert article.paragraphs == []
    assert article.captions[0].credit == "通讯员蔡伟华 摄"
    assert article.photographers == ["蔡伟华"]


def test_column_break_is_rejoined_without_space():
    article, _ = only_article("## 标题\n\n一年多来,全省各级工会认真\n\n贯彻决策部署,成效初步显现。\n")
    assert article.paragraphs == ["一年多来,全省各级工会认真贯彻决策部署,成效初步显现。"]


def test_stray_box_inside_a_sentence_goes_to_extras():
    article, parsed = only_article("## 标题\n\nRCEP于2022年1\n\n88851111\n\n新闻服务热线\n\n月1日起正式生效实施。\n")
    assert article.paragraphs == ["RCEP于2022年1月1日起正式生效实施。"]
    assert parsed.page.extras == ["88851111", "新闻服务热线"]


def test_stray_lines_at_an_articles_end_go_to_extras():
    article, parsed = only_article("## 标题\n\n培训将开展。\n\n订阅热线\n\n0571-99990000\n")
    assert article.paragraphs == ["培训将开展。"]
    assert parsed.page.extras == ["订阅热线", "0571-99990000"]


def test_short_continuation_is_not_taken_for_a_stray():
    article, _ = only_article("## 标题\n\n今年计划再新建\n\n30家。\n\n下一段。\n")
    assert article.paragraphs == ["今年计划再新建30家。", "下一段。"]


def test_jump_lines():
    article, _ = only_article("## 标题\n\n下一步将扩大投入,争取(下转第2版)\n")
    assert article.continued_to == 2
    assert article.paragraphs == ["下一步将扩大投入,争取"]
    article, _ = only_article("## 标题\n\n（上接第1版）更多人才落户。\n")
    assert article.continued_from == 1
    assert article.paragraphs == ["更多人才落户。"]


def test_html_table():
    article, _ = only_article("## 标题\n\n如下表:\n\n<table><tr><th>项目</th><th>投资</th></tr>"
                              "<tr><td>快速路</td><td>18.5</td></tr></table>\n\n其余顺利。\n")
    assert article.tables == [[["项目", "投资"], ["快速路", "18.5"]]]
    assert article.paragraphs == ["如下表:", "其余顺利。"]
    assert article.layout == [("p", 0), ("t", 0), ("p", 1)]


def test_decks_and_emphasis_in_headlines():
    parsed = parse_text("## **主标题**\n### 副标题\n\n正文。\n")
    assert parsed.page.articles[0].headline == "主标题 副标题"
    assert parsed.page.articles[0].decks == ["主标题", "副标题"]


def test_unknown_tags_dropped_words_kept():
    article, _ = only_article("## 标题\n\n<div>看这里</div>\n\n正文。\n")
    assert article.paragraphs == ["看这里", "正文。"]


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig"])
def test_encodings_and_crlf(encoding):
    text = (FRONT + "## 标题\n\n本报讯 记者王芳报道 正文。  \n").replace("\n", "\r\n")
    parsed = parse_bytes(text.encode(encoding))
    assert parsed.encoding == encoding
    assert parsed.page.articles[0].paragraphs == ["正文。"]
    assert parsed.issue.date == "2023-03-08"


@pytest.mark.parametrize("raw, reason", [
    (b"", "empty"),
    (b"   \n\n", "empty"),
    (b"\x00\x01\x02binary", "binary"),
    (b"# Project\n\nSome words about it.\n\n## Install\n\nRun it.\n", "no sign of a newspaper"),
    (b"\xff\xfe\xfa\xfb\x81\x30\xff", "not text"),
])
def test_not_a_page(raw, reason):
    with pytest.raises(NotAPageError, match=reason):
        parse_bytes(raw)


def test_headline_decks_split_chinese_decks_but_not_latin_words():
    from reader.parsing.model import headline_decks

    assert headline_decks("引题 主题 副题") == ["引题", "主题", "副题"]
    assert headline_decks("CHAMBRE DES PAIRS.") == ["CHAMBRE DES PAIRS."]
    assert headline_decks("Élections à Zürich 新闻") == ["Élections à Zürich", "新闻"]
    for headline in ("引题 主题", "CHAMBRE DES PAIRS.", "a  b 中 文"):
        assert " ".join(headline_decks(headline)) == headline  # offsets hold
