"""PDF export: the text layer is the articles' true text, fonts embedded, one outline entry
per article, and bad requests fail cleanly without leaving a file."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.paths import DATA, QINGXI, SAMPLE
from pypdf import PdfReader

from reader.export.citation import gbt7714
from reader.export.pdf import PdfExportError, _elide, export_articles_pdf
from reader.store.annotations import create_annotation
from reader.store.importer import import_paths
from reader.store.reading import get_article, list_articles

BAD_CHARS = re.compile("[\u2e80-\u2fdf\x00\ufffd]")


def squash(text: str) -> str:
    return "".join(text.split())


def body_text(reader: PdfReader, footers: list[str]) -> str:
    """The pages' text, squashed, without the running footer (citation and "n / N"),
    which stands between the halves of a paragraph that crosses a page break."""
    footers = [squash(f) for f in footers]
    pages = []
    for page in reader.pages:
        text = re.sub(r"\d+/\d+$", "", squash(page.extract_text()))
        footer = next((f for f in footers if text.endswith(f)), None)
        assert footer is not None, f"no running footer at the end of: {text[-60:]}"
        pages.append(text[: -len(footer)])
    return "".join(pages)


@pytest.fixture
def many_db(db):
    report = import_paths(db, [SAMPLE, QINGXI / "qingxi-2023-03-08-p1.md", QINGXI / "qingxi-2023-03-08-p2.md",
                               DATA / "pages"])
    assert not report.failed
    return db


def font_descriptors(reader: PdfReader):
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                yield descendant.get_object()["/FontDescriptor"].get_object()


def test_text_layer_outline_and_fonts(many_db, tmp_path):
    ids = [a["id"] for a in list_articles(many_db)]
    output = tmp_path / "out.pdf"
    assert export_articles_pdf(many_db, ids, output) == len(ids)
    reader = PdfReader(output)
    everything = "".join(page.extract_text() for page in reader.pages)
    assert not BAD_CHARS.search(everything), BAD_CHARS.findall(everything)[:10]
    footers = [_elide(gbt7714(get_article(many_db, i)), 80) for i in ids]
    flat = body_text(reader, footers)
    for article_id in ids:
        article = get_article(many_db, article_id)
        assert squash(article.headline) in flat, article.headline
        for paragraph in article.paragraphs:
            assert squash(paragraph) in flat, paragraph[:30]
    assert [item.title for item in reader.outline] == [" ".join(get_article(many_db, i).headline.split()) for i in ids]
    descriptors = list(font_descriptors(reader))
    assert descriptors and all(any(k in d for k in ("/FontFile", "/FontFile2", "/FontFile3")) for d in descriptors)
    names = {re.sub(r"^/[A-Z]{6}\+", "/", str(d["/FontName"])) for d in descriptors}  # subset tags aside
    assert names <= {"/DubaoSerifSC-Regular", "/DubaoSerifSC-Bold"}
    assert "/DubaoSerifSC-Bold" in names  # a real bold face for headlines, not a smeared regular one
    assert reader.metadata.title and reader.metadata.author and reader.metadata.subject


def test_headline_is_not_doubled_by_fake_bold(sample_db, tmp_path):
    article_id = list_articles(sample_db)[2]["id"]  # 应急处置练兵
    output = tmp_path / "one.pdf"
    export_articles_pdf(sample_db, [article_id], output)
    footer = _elide(gbt7714(get_article(sample_db, article_id)), 80)
    text = body_text(PdfReader(output), [footer])
    assert text.count("应急处置练兵") == 1


def test_letter_paper_and_annotations(sample_db, tmp_path):
    article_id = list_articles(sample_db)[0]["id"]
    create_annotation(sample_db, article_id, "史济锡出席会议并讲话", note="重要讲话")
    output = tmp_path / "letter.pdf"
    export_articles_pdf(sample_db, [article_id], output, paper="letter", with_annotations=True)
    reader = PdfReader(output)
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert (round(width), round(height)) == (612, 792)
    assert "重要讲话" in squash("".join(p.extract_text() for p in reader.pages))


@pytest.mark.parametrize("ids, output, message", [
    ([], "out.pdf", "no articles selected"),
    (["nope"], "out.pdf", "no article with id 'nope'"),
    (None, "missing-folder/out.pdf", "does not exist"),
])
def test_bad_requests_fail_cleanly(sample_db, tmp_path, ids, output, message):
    ids = [a["id"] for a in list_articles(sample_db)] if ids is None else ids
    with pytest.raises(PdfExportError, match=message):
        export_articles_pdf(sample_db, ids, tmp_path / output)
    assert list(tmp_path.glob("**/*.pdf")) == [] and list(tmp_path.glob(".dubao-*")) == []


def test_unwritable_folder(sample_db, tmp_path):
    """Places nobody can write in, root included: a 'folder' that is a file, and /proc."""
    article = [list_articles(sample_db)[0]["id"]]
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(PdfExportError, match="does not exist|not a folder"):
        export_articles_pdf(sample_db, article, tmp_path / "a-file" / "x.pdf")
    with pytest.raises(PdfExportError, match="x.pdf: "):
        export_articles_pdf(sample_db, article, Path("/proc/x.pdf"))
    assert not Path("/proc/x.pdf").exists()


def test_cli_export(tmp_path):
    db = tmp_path / "lib.db"
    subprocess.run([sys.executable, "-m", "reader.cli", "--db", str(db), "import", str(SAMPLE)], check=True,
                   capture_output=True)
    out = tmp_path / "search.pdf"
    run = subprocess.run([sys.executable, "-m", "reader.cli", "--db", str(db), "export-pdf", "--search", "消防",
                          "-o", str(out)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert len(PdfReader(out).outline) == 2
    run = subprocess.run([sys.executable, "-m", "reader.cli", "--db", str(db), "export-pdf", "--bookmarked",
                          "-o", str(tmp_path / "none.pdf")], capture_output=True, text=True)
    assert run.returncode == 1 and "no articles selected" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "none.pdf").exists()


def test_a_failed_write_leaves_no_file(sample_db, tmp_path, monkeypatch):
    import reader.export.pdf as pdf

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(pdf.os, "replace", refuse)
    (tmp_path / "out").mkdir()
    with pytest.raises(PdfExportError, match="Permission denied"):
        export_articles_pdf(sample_db, [list_articles(sample_db)[0]["id"]], tmp_path / "out" / "x.pdf")
    assert list((tmp_path / "out").iterdir()) == []


def test_the_window_export_keeps_the_output_rules_of_the_cli(sample_db, tmp_path):
    # The window exports straight to the file chosen: like `-o`, a symlink is written
    # through (the link stays) and a read-only file is refused, not replaced.
    ids = [list_articles(sample_db)[0]["id"]]
    target = tmp_path / "real.pdf"
    target.write_bytes(b"old")
    link = tmp_path / "link.pdf"
    link.symlink_to(target)
    export_articles_pdf(sample_db, ids, link)
    assert link.is_symlink() and len(PdfReader(target).pages) >= 1
    kept = tmp_path / "kept.pdf"
    kept.write_bytes(b"keep")
    kept.chmod(0o444)
    with pytest.raises(PdfExportError, match="read-only"):
        export_articles_pdf(sample_db, ids, kept)
    assert kept.read_bytes() == b"keep"
