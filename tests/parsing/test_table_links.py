"""A Markdown link written inside a table's HTML keeps its target (found by the conservation property)."""
from reader.parsing.dispatch import parse_text


def test_a_link_written_inside_table_markup_keeps_its_target():
    text = ("# 青溪日报\n\n2023年3月8日 第2版\n\n## 重点工程进展\n\n记者从市发展改革委了解到，进展顺利。\n\n"
            "<table><tr><td>项目</td><td>47%</td></[链接](https://x.example/a)tr></table>\n")
    article = parse_text(text).pages[0].articles[0]
    assert "https://x.example/a" in article.links
