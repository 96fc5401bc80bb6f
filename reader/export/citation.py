"""Citations of newspaper articles."""
from __future__ import annotations

import datetime as dt

from ..store.assemble import StoredArticle

MAX_AUTHORS = 3  # GB/T 7714-2015 8.1.2: list three, then 等


def _pages(article: StoredArticle) -> str:
    numbers = [str(p) for p in article.pages if p is not None]
    return ",".join(dict.fromkeys(numbers))


def gbt7714(article: StoredArticle) -> str:
    """`作者. 题名[N]. 报纸名, YYYY-MM-DD(版次).` — no author: starts with the title."""
    authors = article.reporters[:MAX_AUTHORS]
    author_text = ", ".join(authors) + (", 等" if len(article.reporters) > MAX_AUTHORS else "")
    title = " ".join(article.headline.split())
    pages = _pages(article)
    place = f"{article.publication}, {article.date or '出版日期不详'}" + (f"({pages})" if pages else "")
    return (f"{author_text}. " if author_text else "") + f"{title}[N]. {place}."


def plain(article: StoredArticle) -> str:
    """`报纸名 YYYY年M月D日 第N版`."""
    out = article.publication
    if article.date:
        day = dt.date.fromisoformat(article.date)
        out += f" {day.year}年{day.month}月{day.day}日"
    pages = [str(p) for p in article.pages if p is not None]
    if pages:
        out += " 第" + "、".join(dict.fromkeys(pages)) + "版"
    return out
