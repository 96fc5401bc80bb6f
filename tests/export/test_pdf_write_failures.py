"""A PDF the writer could not write whole (a full disk: Qt reports no error and leaves
the file cut short) is refused in one line (PdfExportError), and leaves no file behind."""
from __future__ import annotations

import os

import pytest
from helpers.paths import SAMPLE

from reader.export import pdf
from reader.export.pdf import PdfExportError, export_articles_pdf
from reader.store.importer import import_paths
from reader.store.reading import list_articles


@pytest.fixture
def cut_short(monkeypatch):
    render = pdf._render

    def render_cut_short(article_ids, load, path, *args):
        printed = render(article_ids, load, path, *args)
        size = os.path.getsize(path)
        with open(path, "r+b") as handle:  # what a full disk leaves: the start of the file
            handle.truncate(size // 3)
        return printed
    monkeypatch.setattr(pdf, "_render", render_cut_short)


def test_a_pdf_cut_short_is_one_clear_error(db, tmp_path, cut_short):
    assert not import_paths(db, [SAMPLE]).failed
    ids = [a["id"] for a in list_articles(db)]
    out = tmp_path / "out" / "out.pdf"
    out.parent.mkdir()
    with pytest.raises(PdfExportError):
        export_articles_pdf(db, ids, out)
    assert os.listdir(out.parent) == []
    assert not db.conn.in_transaction  # the snapshot is released


def test_the_cli_names_the_file_asked_for(db, library_path, tmp_path, monkeypatch):
    """A write that fails (a full disk) names out.pdf, not the hidden temporary beside it."""
    from click.testing import CliRunner

    from reader import cli as cli_module

    assert not import_paths(db, [SAMPLE]).failed
    db.close()

    def full_disk(*_args):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(pdf, "_add_outline_and_metadata", full_disk)
    out = tmp_path / "out.pdf"
    result = CliRunner().invoke(cli_module.cli, ["--db", str(library_path), "export-pdf", "--search", "的",
                                                 "-o", str(out)], obj={})
    assert result.exit_code == 1
    assert result.output.strip() == f"dubao: {out}: No space left on device", result.output
    assert not [name for name in os.listdir(tmp_path) if "out.pdf" in name]  # no file, no temporary


def test_xmp_metadata_agrees_with_the_document_info(db, tmp_path):
    """Qt writes XMP metadata (title, producer); viewers that read it showed Qt's title."""
    import pikepdf

    assert not import_paths(db, [SAMPLE]).failed
    ids = [a["id"] for a in list_articles(db)][:3]
    out = tmp_path / "out.pdf"
    export_articles_pdf(db, ids, out)
    with pikepdf.open(out) as document:
        meta = document.open_metadata()
        assert meta.get("dc:title") == str(document.docinfo["/Title"])
        assert meta.get("pdf:Producer") == str(document.docinfo["/Producer"])
