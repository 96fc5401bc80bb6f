"""Pages made for tests: many distinct issues from one template."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from helpers.paths import QINGXI

WEEKDAYS = "一二三四五六日"


def make_issue_pages(folder: Path, count: int, start: dt.date = dt.date(2001, 1, 1), every: int = 1) -> list[Path]:
    """COUNT inner pages of 青溪日报, one every EVERY days (no lunar line, so no check)."""
    template = (QINGXI / "qingxi-2023-03-08-p2.md").read_text(encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        day = start + dt.timedelta(days=n * every)
        text = template.replace("2023年3月8日 星期三", f"{day.year}年{day.month}月{day.day}日 星期{WEEKDAYS[day.weekday()]}")
        path = folder / f"qx-{day.isoformat()}-p2.md"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
