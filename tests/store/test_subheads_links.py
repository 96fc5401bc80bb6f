"""Subheads and link targets go through the store: which paragraphs are subheads, in
order, and the links, for the article pane, `dubao show` and the PDF."""
from __future__ import annotations

import json
import subprocess
import sys

from reader.store.importer import import_paths
from reader.store.reading import get_article, list_articles

ARTICLE = """### 引题
# 主题在这里
## ——副题在下

> 本报记者  赵  成

2月27日，工作报告全文发布，引起广泛关注。

**突出政治监督，强化责任**

监督的内容越具体，监督就越深入。[查看原文](https://example.com/a/1)

### 坚持改革创新

<p>第三段正文，<strong>继续</strong>说明。&nbsp;</p>
"""


def write_article(tmp_path):
    folder = tmp_path / "某报" / "2025-03-01" / "01-要闻"
    folder.mkdir(parents=True)
    path = folder / "1-主题.md"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_subheads_and_links_are_stored_and_read_back(db, tmp_path):
    report = import_paths(db, [write_article(tmp_path)])
    assert not report.failed
    (listed,) = list_articles(db)
    article = get_article(db, listed["id"])
    assert [article.paragraphs[i] for i in article.subheads] == ["突出政治监督，强化责任", "坚持改革创新"]
    assert article.links == ["https://example.com/a/1"]
    assert article.paragraphs[-1] == "第三段正文，继续说明。"
    kinds = [kind for kind, _ in article.blocks()]
    assert kinds.count("subhead") == 2
    assert not any("**" in text or "<" in text or "](" in text for _, text in article.blocks())
    assert (article.publication, article.date, article.pages) == ("某报", "2025-03-01", [1])


def test_show_json_carries_subheads_and_links(library_path, tmp_path):
    path = write_article(tmp_path)
    run = [sys.executable, "-m", "reader.cli"]
    assert subprocess.run([*run, "import", str(path), "--db", str(library_path)], capture_output=True).returncode == 0
    listed = json.loads(subprocess.run([*run, "articles", "--json", "--db", str(library_path)],
                                       capture_output=True, check=True).stdout)
    shown = json.loads(subprocess.run([*run, "show", listed[0]["id"], "--json", "--db", str(library_path)],
                                      capture_output=True, check=True).stdout)
    assert [shown["paragraphs"][i] for i in shown["subheads"]] == ["突出政治监督，强化责任", "坚持改革创新"]
    assert shown["links"] == ["https://example.com/a/1"]
