"""PDF export of many articles: memory bounded by typesetting the articles again rather than
holding them all, one snapshot of the library for both passes, and a selection too large
for one PDF refused before it is looked up."""
from __future__ import annotations

import subprocess
import sys

import pytest
from helpers.paths import DATA, QINGXI, SAMPLE
from pypdf import PdfReader

from reader.export import pdf
from reader.export.pdf import PdfExportError, export_articles_pdf
from reader.export.selection import SelectionError, select_articles
from reader.store import open_library
from reader.store.annotations import create_annotation
from reader.store.corrections import correct
from reader.store.importer import import_paths
from reader.store.reading import get_article, list_articles


@pytest.fixture
def many_db(db, library_path):
    report = import_paths(db, [SAMPLE, QINGXI / "qingxi-2023-03-08-p1.md", QINGXI / "qingxi-2023-03-08-p2.md",
                               DATA / "pages"])
    assert not report.failed
    db.library_path = library_path
    return db


def printed(path):
    """Each page's text, and each outline entry's title and page."""
    reader = PdfReader(path)
    outline = [(item.title, reader.get_destination_page_number(item)) for item in reader.outline]
    return [page.extract_text() for page in reader.pages], outline


def test_articles_typeset_again_print_as_the_kept_ones(many_db, tmp_path, monkeypatch):
    ids = [a["id"] for a in list_articles(many_db)]
    assert len(ids) > 3
    article = get_article(many_db, ids[2])
    create_annotation(many_db, article.id, article.paragraphs[0][:6], note="注释在第三篇")
    kept = tmp_path / "kept.pdf"
    export_articles_pdf(many_db, ids, kept, with_annotations=True)
    monkeypatch.setattr(pdf, "KEPT_DOCUMENTS", 1)
    again = tmp_path / "again.pdf"
    export_articles_pdf(many_db, ids, again, with_annotations=True)
    pages, outline = printed(again)
    assert (pages, outline) == printed(kept)
    assert len(outline) == len(ids) and len(pages) > len(ids)
    assert any("注释在第三篇" in text for text in pages)
    assert [start for _, start in outline] == sorted(start for _, start in outline)


def test_both_passes_read_one_snapshot(many_db, tmp_path, monkeypatch):
    """A correction committed by another connection between counting the pages and printing
    them is not in the PDF (nor does it move a page): the export is of one moment."""
    ids = [a["id"] for a in list_articles(many_db)][:3]
    monkeypatch.setattr(pdf, "KEPT_DOCUMENTS", 0)
    target = get_article(many_db, ids[1])
    word = target.paragraphs[0][:4]
    other = open_library(many_db.library_path)

    def progress(done, total, _headline):
        if done == len(ids):  # every article typeset once; none printed yet
            correct(other, target.id, word, "改正之后" * 40)
    output = tmp_path / "out.pdf"
    export_articles_pdf(many_db, ids, output, progress=progress)
    other.close()
    text = "".join("".join(page.split()) for page in printed(output)[0])
    assert word in text and "改正之后" not in text
    assert "改正之后" in "".join(get_article(many_db, target.id).paragraphs)  # the correction was made


def test_more_than_one_pdf_holds_is_refused(many_db, tmp_path, monkeypatch):
    ids = [a["id"] for a in list_articles(many_db)]
    monkeypatch.setattr(pdf, "MAX_ARTICLES", 2)
    with pytest.raises(PdfExportError, match=f"{len(ids)} articles selected; one PDF takes at most 2"):
        export_articles_pdf(many_db, ids, tmp_path / "out" / "out.pdf")
    assert not (tmp_path / "out").exists()


def test_a_search_too_large_is_refused_with_its_count(many_db):
    everything = select_articles(many_db, query="的")
    assert len(everything) > 3
    with pytest.raises(SelectionError) as refused:
        select_articles(many_db, query="的", at_most=3)
    message = str(refused.value)
    assert message.startswith("more than 3 articles selected (--search 的 finds ")
    assert "one export takes at most 3" in message
    assert select_articles(many_db, query="的", at_most=len(everything)) == everything


def test_search_narrowed_by_date_and_publication(many_db):
    articles = list_articles(many_db)
    dates = sorted({a["date"] for a in articles})
    assert len(dates) > 1
    newest = dates[-1]
    chosen = select_articles(many_db, query="的", since=newest)
    assert chosen and all(get_article(many_db, i).date >= newest for i in chosen)
    assert set(chosen) < set(select_articles(many_db, query="的"))
    with pytest.raises(SelectionError, match="no publication named 'Nowhere'"):
        select_articles(many_db, query="的", publication="Nowhere")
    with pytest.raises(SelectionError, match="--since must be a date"):
        select_articles(many_db, query="的", since="yesterday")
    with pytest.raises(SelectionError, match="narrow a search: give --search QUERY too"):
        select_articles(many_db, bookmarked=True, since=newest)


def test_cli_export_narrowed_search(many_db, tmp_path):
    newest = max(a["date"] for a in list_articles(many_db))
    output = tmp_path / "new.pdf"
    run = subprocess.run([sys.executable, "-m", "reader.cli", "--db", str(many_db.library_path), "export-pdf", "--search", "的",
                          "--since", newest, "-o", str(output)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    expected = len(select_articles(many_db, query="的", since=newest))
    assert run.stderr.strip() == f"wrote {expected} article{'s' if expected != 1 else ''} to {output}"
    assert len(PdfReader(output).outline) == expected
    bad = subprocess.run([sys.executable, "-m", "reader.cli", "--db", str(many_db.library_path), "export-pdf", "--search", "的",
                          "--until", "2023-13-01", "-o", str(tmp_path / "bad.pdf")],
                         capture_output=True, text=True, timeout=300)
    assert bad.returncode == 1 and bad.stderr.count("\n") == 1 and "--until must be a date" in bad.stderr
    assert not (tmp_path / "bad.pdf").exists()
