"""The library tree's reads (publications → years → months → issues) by index ranges give
what grouping all of a publication's issues gives."""
from __future__ import annotations

import datetime as dt
from collections import Counter

from helpers.pages import make_issue_pages


def test_years_months_and_issues_match_a_count_of_every_issue(db, tmp_path):
    from reader.store import reading
    from reader.store.importer import import_paths

    pages = make_issue_pages(tmp_path / "pages", 60, start=dt.date(1999, 11, 20), every=17)
    import_paths(db, [tmp_path / "pages"])
    dates = sorted(p.name.split("-p")[0][3:] for p in pages)  # qx-YYYY-MM-DD-p2.md
    (publication,) = reading.publications(db)
    assert publication["issues"] == len(dates)
    assert (publication["first"], publication["last"]) == (dates[0], dates[-1])
    assert reading.publication_names(db) == [{"id": publication["id"], "name": publication["name"]}]

    by_year = Counter(d[:4] for d in dates)
    assert reading.years(db, publication["id"]) == sorted(by_year.items())
    for year in by_year:
        by_month = Counter(d[5:7] for d in dates if d.startswith(year))
        assert reading.months(db, publication["id"], year) == sorted(by_month.items())
        for month in by_month:
            issues = reading.issues_in_month(db, publication["id"], year, month)
            assert [i.date for i in issues] == [d for d in dates if d.startswith(f"{year}-{month}")]


def test_a_publication_without_issues_has_no_years(db):
    from reader.store import reading
    from reader.store.writer import write_transaction

    with write_transaction(db):
        db.execute("INSERT INTO publications (name) VALUES ('空报')")
    (publication,) = reading.publications(db)
    assert (publication["issues"], publication["first"], publication["last"]) == (0, None, None)
    assert reading.years(db, publication["id"]) == []
