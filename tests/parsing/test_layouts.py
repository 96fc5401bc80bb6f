"""Layouts told apart by content, and what each makes of its file."""
from __future__ import annotations

import pytest

from reader.parsing import NotAPageError, parse_bytes, parse_file, parse_text
from reader.parsing.detect import detect_layout

ARTICLE = """### 引题在上
# 主题是这篇文章
## ——副题在下

> 本报记者  赵  成《人民日报》（2025年03月01日第 04 版）

2月27日，工作报告全文发布。

**突出政治监督，强化责任**

监督的内容越具体，监督就越深入。[查看原文](https://example.com/a/1)
"""


def test_article_markdown_from_a_scrapers_path(tmp_path):
    folder = tmp_path / "人民日报" / "2025" / "03" / "2025-03-01" / "01-要闻"
    folder.mkdir(parents=True)
    path = folder / "3-主题是这篇文章.md"
    path.write_text(ARTICLE.replace("《人民日报》（2025年03月01日第 04 版）", ""), encoding="utf-8")
    parsed = parse_file(path)
    assert parsed.layout == "article-markdown"
    assert parsed.publication.name == "人民日报"  # the folder, never the headline
    assert (parsed.issue.date, parsed.page.number, parsed.page.name) == ("2025-03-01", 1, "要闻")
    article = parsed.page.articles[0]
    assert article.headline == "引题在上 主题是这篇文章 ——副题在下"
    assert article.reporters == ["赵成"]
    assert article.paragraphs[article.subheads[0]] == "突出政治监督，强化责任"
    assert article.links == ["https://example.com/a/1"]
    assert "查看原文" in article.paragraphs[-1] and "](" not in article.paragraphs[-1]


def test_article_markdown_source_note_is_page_metadata_and_publication_option_wins_over_folder(tmp_path):
    path = tmp_path / "20250301" / "a.md"
    path.parent.mkdir()
    path.write_text(ARTICLE, encoding="utf-8")
    parsed = parse_file(path, publication="某某报")
    assert parsed.publication.name == "某某报"
    assert (parsed.issue.date, parsed.page.number) == ("2025-03-01", 4)
    article = parsed.page.articles[0]
    assert article.byline == "本报记者  赵成"
    assert not any("人民日报" in p for p in article.paragraphs)
    assert any("《人民日报》" in extra for extra in parsed.page.extras)


def test_date_from_a_compact_folder_name(tmp_path):
    path = tmp_path / "20250301" / "a.md"
    path.parent.mkdir()
    path.write_text("# 标题\n\n正文第一段，内容在此。\n", encoding="utf-8")
    parsed = parse_file(path)
    assert parsed.layout == "article-markdown"
    assert parsed.issue.date == "2025-03-01"
    assert parsed.publication.name is None


TRANSCRIPT = """# 《新闻联播》（20250301）

## 新闻摘要

1.第一条新闻；

2.第二条新闻。

## 详细新闻

### 第一条新闻

**央视网消息**（新闻联播）：今天，第一件事发生了。

[查看原文](https://tv.example.com/1.shtml)

### 第二条新闻

<p><strong>央视网消息</strong>（新闻联播）：第二件事也发生了。</p><p>后续的报道如下。&nbsp;</p>

更新时间：2025-03-02T03:34:20.055Z
"""


def test_issue_markdown_items_are_articles_and_listings_are_notes():
    parsed = parse_text(TRANSCRIPT)
    assert parsed.layout == "issue-markdown"
    assert parsed.publication.name == "新闻联播"
    assert parsed.issue.date == "2025-03-01"
    first, second = parsed.page.articles
    assert first.headline == "第一条新闻" and first.paragraphs == ["今天，第一件事发生了。"]
    assert first.dateline == "央视网消息（新闻联播）"
    assert first.links == ["https://tv.example.com/1.shtml"]
    assert second.paragraphs == ["第二件事也发生了。", "后续的报道如下。"]
    notes = "\n".join(parsed.page.extras)
    assert "1.第一条新闻；" in notes and "更新时间" in notes and "https://tv.example.com/1.shtml" in notes


def test_plain_text_is_never_refused_and_warns_naming_the_file(tmp_path):
    path = tmp_path / "ocr.txt"
    path.write_text("一段没有标题的文字，来自扫描识别。\n\n第二段文字在此。\n", encoding="utf-8")
    parsed = parse_file(path)
    assert parsed.layout == "plain-text"
    (article,) = parsed.page.articles
    assert article.headline == "一段没有标题的文字，来自扫描识别"  # up to its first sentence end
    assert article.paragraphs == ["一段没有标题的文字，来自扫描识别。", "第二段文字在此。"]
    assert any("ocr.txt" in warning for warning in parsed.warnings)


def test_plain_text_headlines_where_a_byline_follows():
    parsed = parse_text("第一个标题\n\n本报讯 第一篇文章的正文。\n\n第二个标题\n\n新华社北京3月7日电 第二篇正文。\n")
    assert parsed.layout == "plain-text"
    assert [a.headline for a in parsed.page.articles] == ["第一个标题", "第二个标题"]
    assert not parsed.warnings


def test_plain_text_head_fields_from_a_database_copy():
    parsed = parse_text("西德國基本法律 保障人權\n申報 日期：1949-05-12 版次/卷期：02 版 聯合社波恩十日電\n\n"
                        "德意志聯邦新憲法一百四十六條，在世界各國憲法史上獨樹一幟。\n")
    assert (parsed.publication.name, parsed.issue.date, parsed.page.number) == ("申報", "1949-05-12", 2)
    (article,) = parsed.page.articles
    assert article.headline == "西德國基本法律 保障人權"
    assert article.dateline == "聯合社波恩十日電"
    assert article.paragraphs == ["德意志聯邦新憲法一百四十六條，在世界各國憲法史上獨樹一幟。"]


def test_a_readme_is_not_a_newspaper():
    with pytest.raises(NotAPageError, match="README"):
        parse_text("# mytool\n\nA small tool.\n\n## Install\n\n```\npip install mytool\n```\n")


def test_page_markdown_stays_page_markdown():
    parsed = parse_text("# 青溪日报\n\n2023年3月8日\n\n第2版 综合新闻\n\n## 标题一\n\n正文。\n\n## 标题二\n\n正文二。\n")
    assert parsed.layout == "page-markdown"
    assert parsed.publication.name == "青溪日报" and parsed.page.number == 2


def test_detect_layout_uses_content_not_the_suffix(tmp_path):
    assert detect_layout(tmp_path / "a.txt", ARTICLE.encode()) == "article-markdown"
    assert detect_layout(tmp_path / "a.md", "没有任何标记的文字。\n".encode()) == "plain-text"


def test_json_in_no_layout_is_refused(tmp_path):
    path = tmp_path / "data.json"
    path.write_text('{"a": 1}', encoding="utf-8")
    with pytest.raises(NotAPageError, match="JSON"):
        parse_file(path)


@pytest.mark.parametrize("reference", ["![](../secret.jpg)", "![](/etc/x.jpg)", "<img src=\"C:/x.jpg\">",
                                       "![图](file:///etc/x.jpg)", "![](images/../../x.jpg)"])
def test_images_outside_the_page_folder_are_not_followed(reference):
    parsed = parse_text(f"## 标题\n\n{reference}\n\n图片说明文字\n\n正文在这里，很长很长的一段。\n")
    article = parsed.page.articles[0]
    assert all(caption.image is None for caption in article.captions)
    path = reference.split("](")[-1].rstrip(")") if "](" in reference else "C:/x.jpg"
    assert path in parsed.page.extras


@pytest.mark.parametrize("path", ["images/a.jpg", "https://example.com/a.jpg"])
def test_image_inside_the_folder_or_on_the_web_is_kept(path):
    # A web address is kept to be named, never fetched (the pane's resolver refuses it).
    parsed = parse_text(f"## 标题\n\n![]({path})\n\n图片说明\n\n正文在这里，很长很长的一段。\n")
    assert parsed.page.articles[0].captions[0].image == path


def test_parse_bytes_keeps_working_without_a_path():
    assert parse_bytes(ARTICLE.encode()).layout == "article-markdown"


def test_english_ocr_page_as_plain_text():
    parsed = parse_text("Commercial Advertiser.\n\nHONOLULU, HAWAII TERRITORY, FRIDAY, MAY 31, 1901.\n\n"
                        "ONCE MORE THE FAMOUS OREGON VISITS\n\n[Image of the battleship]\n\n"
                        "THE BATTLESHIP AT ANCHOR.\n\nAfter her cruise, the battleship is again at anchor in the harbor.\n\n"
                        "---\n\nAuction Sale\nof\nHousehold Furniture\n")
    assert parsed.issue.date == "1901-05-31"
    (article,) = parsed.page.articles
    assert article.headline == "ONCE MORE THE FAMOUS OREGON VISITS"
    assert article.paragraphs == ["After her cruise, the battleship is again at anchor in the harbor."]
    assert article.captions[0].text == "THE BATTLESHIP AT ANCHOR."
    assert "[Image of the battleship]" in parsed.page.extras  # the tool's note, not printed text
    assert any("Auction Sale" in extra for extra in parsed.page.extras)


def test_english_masthead_number_and_name():
    parsed = parse_text("VOLUME 1. OAKLAND, CALIFORNIA, 1 September 1886. NUMBER 9.\n\n# The American Sentinel.\n\n"
                        "## A Headline\n\nSome text of the article.\n\n## Another\n\nMore text.\n")
    assert (parsed.publication.name, parsed.issue.number, parsed.issue.date) == ("The American Sentinel", 9, "1886-09-01")


def test_article_markdown_without_front_matter_keeps_no_body_in_the_notes():
    # With no front matter there is nothing to keep from it: the body must not also be
    # the page's notes (it was: every line but the first and last, found twice by search).
    text = "# 助力双方交往\n\n本报记者 沈小晓\n\n身着中国传统民族服装的青年依次登台表演中国民族舞。\n\n中国和厄立特里亚传统友谊深厚。\n"
    parsed = parse_text(text, path="story.md")
    assert parsed.layout == "article-markdown"
    page = parsed.pages[0]
    assert page.articles[0].paragraphs[0].startswith("身着中国传统民族服装")
    assert not any("民族舞" in extra or "沈小晓" in extra for extra in page.extras), page.extras
