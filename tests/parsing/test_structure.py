"""Paragraphs joined only on evidence; subheads kept in place; markup dropped; bylines and
datelines in their printed forms; head fields read right."""
from __future__ import annotations

import pytest

from reader.parsing import parse_text
from reader.parsing.text.credits import split_byline


def article_of(body: str):
    parsed = parse_text("## 标题\n\n" + body)
    return parsed.page.articles[0], parsed


def test_signature_line_stays_its_own_paragraph():
    article, _ = article_of("作为一名创业者，我也非常关心，民营企业怎样才能大显身手？\n\n——人民网网友18****2\n\n"
                            "这位网友的感觉很直观，在支持民营经济发展这件事上态度非常明确。\n")
    assert article.paragraphs[1] == "——人民网网友18****2"
    assert len(article.paragraphs) == 3


def test_summary_lines_and_dateline_paragraph_are_not_glued():
    article, _ = article_of("■ 全年发现问题线索一批又一批，处置及时有力\n\n■ 各地各部门扎实推进专项整治工作\n\n"
                            "新华社北京2月28日电 记者从有关方面获悉，整治工作取得明显成效。\n")
    assert article.paragraphs[:2] == ["■ 全年发现问题线索一批又一批，处置及时有力", "■ 各地各部门扎实推进专项整治工作"]
    assert article.dateline == "新华社北京2月28日电"
    assert article.paragraphs[2] == "记者从有关方面获悉，整治工作取得明显成效。"


def test_bold_subhead_is_a_subhead_not_glued():
    article, _ = article_of("第一段正文，说明了背景情况。\n\n**突出“两个维护”，强化政治监督**\n\n"
                            "习近平总书记强调，要推进政治监督具体化。\n")
    assert article.paragraphs == ["第一段正文，说明了背景情况。", "突出“两个维护”，强化政治监督",
                                  "习近平总书记强调，要推进政治监督具体化。"]
    assert article.subheads == [1]


def test_list_items_ending_in_semicolons_stay_apart():
    article, _ = article_of("1.加强组织领导，明确工作责任；\n\n2.完善制度机制，强化监督检查；\n\n3.营造良好氛围。\n")
    assert len(article.paragraphs) == 3


@pytest.mark.parametrize("head", ["### 小标题", "一、总体要求", "■ 坚持问题导向", "短而无标点的小标题"])
def test_subhead_forms_are_marked_in_order(head):
    article, parsed = article_of(f"第一段正文，说明了背景情况。\n\n{head}\n\n第二段正文，继续说明情况。\n")
    assert len(article.paragraphs) == 3
    assert article.subheads == [1]
    assert article.paragraphs[1] == head.removeprefix("### ")
    assert head.removeprefix("### ") not in parsed.page.extras


def test_column_break_mid_clause_is_rejoined():
    article, _ = article_of("为加快项目落地，管委会推出服务，帮助企业把审批时间压缩到\n\n15个工作日以内。\n")
    assert article.paragraphs == ["为加快项目落地，管委会推出服务，帮助企业把审批时间压缩到15个工作日以内。"]


def test_markup_dropped_words_and_links_kept():
    article, _ = article_of("<p>第一段<strong>加粗</strong>文字&nbsp;在此。<br>同段换行。</p><p>第二段*强调*的"
                            "[原文](https://example.com/x)。</p>\n")
    assert article.paragraphs == ["第一段加粗文字 在此。同段换行。", "第二段强调的原文。"]
    assert article.links == ["https://example.com/x"]


@pytest.mark.parametrize("text, dateline, reporters, rest", [
    ("本报记者  赵  成", None, ["赵成"], ""),
    ("本报记者\u3000赵\u3000成", None, ["赵成"], ""),
    ("本报记者  刘鑫焱  付明丽", None, ["刘鑫焱", "付明丽"], ""),
    ("【新华社北京2月28日电】正文。", "新华社北京2月28日电", [], "正文。"),
    ("新华社北京十四日电 正文。", "新华社北京十四日电", [], "正文。"),
    ("本报合肥18日电 正文。", "本报合肥18日电", [], "正文。"),
    ("路透社伦敦十日电 正文。", "路透社伦敦十日电", [], "正文。"),
    ("本報訊 正文。", "本報訊", [], "正文。"),
    ("聯合社波恩十日電 正文。", "聯合社波恩十日電", [], "正文。"),
    ("記者王芳報導 正文。", None, ["王芳"], "正文。"),
    ("央视网消息（新闻联播）：正文。", "央视网消息（新闻联播）", [], "正文。"),
    ("本报北京2月28日电 记者王浩报道：正文。", "本报北京2月28日电", ["王浩"], "正文。"),
])
def test_bylines_and_datelines(text, dateline, reporters, rest):
    byline, remainder = split_byline(text)
    assert byline is not None
    assert (byline.dateline, byline.reporters, remainder) == (dateline, reporters, rest)


def test_no_paragraph_starts_with_a_colon():
    article, _ = article_of("本报北京2月28日电 记者王浩报道：今天召开会议。\n")
    assert article.paragraphs == ["今天召开会议。"]


def test_head_fields_publisher_founding_issue_number_slogan():
    parsed = parse_text("# 财贸战报\n\n《财贸战报》编辑部编印\n\n1966年9月13日創刊\n\n第10期\n\n1967年7月15日\n\n"
                        "## 标题\n\n正文。\n")
    assert parsed.page.editors == []
    assert parsed.issue.date == "1967-07-15"
    assert parsed.issue.number == 10
    assert parsed.publication.slogan is None
    assert "《财贸战报》编辑部编印" in parsed.page.extras


def test_running_total_wins_over_sequence_number():
    parsed = parse_text("# 某报\n\n第28号 总第8841号\n\n2023年3月8日\n\n## 标题\n\n正文。\n")
    assert parsed.issue.number == 8841
