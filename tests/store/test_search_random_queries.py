"""Random queries of every shape (AND, OR, exclusions; one-character and longer terms;
simplified and traditional) with a publication, dates, corrected articles and original=True:
the results and the total equal a brute-force scan of the articles' text."""
from __future__ import annotations

import random

import pytest
from test_search_language import make_library

from reader.store import script_variants
from reader.store.corrections import CorrectionError, correct
from reader.store.normalize import normalize
from reader.store.query import parse
from reader.store.reading import get_article, list_articles
from reader.store.search import run_query

WORDS = "工会 消防 宪法 憲法 社区 食堂 发展 發展 数字化 改革 热线 的 一 了 工 会 宪 发 消".split()


@pytest.fixture(scope="module")
def rdb(tmp_path_factory):
    from reader.store import open_library

    folder = tmp_path_factory.mktemp("rand")
    db = open_library(folder / "library.db")
    make_library(db, folder / "pages", 90, 11, words=WORDS, papers=("青溪日报", "江城晚报", "青溪日报"),
                 most_words=6)
    rng = random.Random(11)
    arts = list_articles(db)
    done = 0
    for a in arts:
        art = get_article(db, a["id"])
        text = "".join(art.paragraphs)
        for old, new in (("工会", "消防"), ("的", "了"), ("发展", "宪"), ("一", "数字化")):
            if old in text and rng.random() < 0.35:
                try:
                    correct(db, art.id, old, new, occurrence=1)
                    done += 1
                except CorrectionError:
                    pass
                break
    assert done > 5
    yield db
    db.close()


class Texts:
    """Each article's normalised, folded blocks (corrected and as imported), read once."""

    def __init__(self, db) -> None:
        fold = script_variants.fold
        self.articles = {}
        for row in list_articles(db):
            for original in (False, True):
                article = get_article(db, row["id"], original=original)
                self.articles[row["id"], original] = (article.publication, article.date,
                                                      [fold(normalize(t)) for _, t in article.blocks()])

    def matching(self, query, *, original=False, publication=None, since=None, until=None) -> set[str]:
        parsed = parse(query)
        fold = script_variants.fold
        out = set()
        for (article_id, kind), (paper, date, blocks) in self.articles.items():
            if kind != original or publication and paper != publication:
                continue
            if since and date < since or until and date > until:
                continue
            held = {t for t in [*parsed.terms, *parsed.excluded] if any(fold(t) in block for block in blocks)}
            if parsed.groups and all(any(t in held for t in g) for g in parsed.groups) \
                    and not any(t in held for t in parsed.excluded):
                out.add(article_id)
        return out


def test_random_queries_find_what_a_scan_finds(rdb):
    texts = Texts(rdb)
    rng = random.Random(5)
    failures, found_some = [], 0
    for _ in range(1500):
        words = []
        for _ in range(rng.randint(1, 5)):
            word = rng.choice(WORDS)
            words.append("-" + word if rng.random() < 0.2 else word)
            if rng.random() < 0.25:
                words.append("OR")
        query = " ".join(words)
        options = {}
        if rng.random() < 0.3:
            options["publication"] = rng.choice(["青溪日报", "江城晚报"])
        if rng.random() < 0.3:
            options["since"] = f"2022-02-{rng.randint(1, 20):02d}"
        if rng.random() < 0.3:
            options["until"] = f"2022-02-{rng.randint(8, 28):02d}"
        original = rng.random() < 0.3
        results = run_query(rdb, query, original=original, **options)
        found = [h.id for h in results.page(0, 1000, snippets=False)]
        found_some += bool(found)
        expected = texts.matching(query, original=original, **options)
        if set(found) != expected or len(found) != results.total or len(set(found)) != len(found):
            failures.append((query, options, original, len(found), results.total, len(expected)))
    assert not failures, "\n".join(map(str, failures[:20])) + f"\n{len(failures)} failures"
    assert found_some > 500  # most queries find something: the comparison is not of empty sets
