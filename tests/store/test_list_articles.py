"""`dubao articles` over a library of any size: every article in reading order, listed as
it is read (a million articles once took 2.9 GB and half a minute before the first line)."""
from __future__ import annotations

import json
import subprocess
import sys

from helpers.pages import make_issue_pages
from helpers.paths import QINGXI, SAMPLE

from reader.store import reading
from reader.store.corrections import correct
from reader.store.importer import import_paths


def library(db, tmp_path):
    import_paths(db, [SAMPLE, QINGXI, *make_issue_pages(tmp_path / "pages", 3)])
    first = reading.list_articles(db)[0]
    correct(db, first["id"], first["headline"][:2], "〔〕", occurrence=1)  # lists show corrected headlines
    assert reading.list_articles(db)[0]["headline"].startswith("〔〕")
    return db


def test_listing_reads_a_chunk_at_a_time_in_the_order_of_the_list(db, tmp_path, monkeypatch):
    library(db, tmp_path)
    whole = reading.list_articles(db)
    assert len({a["publication"] for a in whole}) == 2 and len(whole) > 10
    monkeypatch.setattr(reading, "LIST_CHUNK", 3)
    looked_up = []
    real = reading.article_pages
    monkeypatch.setattr(reading, "article_pages", lambda db, ids: (looked_up.append(len(ids)), real(db, ids))[1])
    listed = reading.iter_articles(db)
    assert next(listed) == whole[0] and looked_up == [3]  # the first chunk alone, so far
    assert [whole[0], *listed] == whole
    assert list(reading.iter_articles(db, publication="青溪日报")) == \
        [a for a in whole if a["publication"] == "青溪日报"]
    assert list(reading.iter_articles(db, publication="无此报")) == []


def dubao(*args: str, db) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "reader.cli", "--db", str(db), *args],
                          capture_output=True, text=True, encoding="utf-8", check=False)


def test_the_json_list_is_written_as_it_comes_and_reads_as_one_list(db, tmp_path, library_path):
    library(db, tmp_path)
    whole = [{k: a[k] for k in ("id", "publication", "date", "pages", "headline")} for a in reading.list_articles(db)]
    run = dubao("articles", "--json", db=library_path)
    assert run.returncode == 0, run.stderr
    assert run.stdout == json.dumps(whole, ensure_ascii=False, indent=2) + "\n"
    empty = dubao("articles", "--json", "--publication", "无此报", db=library_path)
    assert empty.returncode == 0 and empty.stdout == "[]\n"
    text = dubao("articles", db=library_path)
    assert [line.split("  ")[0] for line in text.stdout.splitlines()] == [a["id"] for a in whole]


def test_a_long_json_list_is_the_list_json_writes(capsys):
    from reader.cli import _emit_json_list

    items = [{"id": f"{n:04x}", "pages": [n, None], "headline": "头版\"引号\"\n"} for n in range(1203)]
    for count in (0, 1, 500, 1203):
        _emit_json_list(iter(items[:count]))
        assert capsys.readouterr().out == json.dumps(items[:count], ensure_ascii=False, indent=2) + "\n"
