"""The `dubao` command line (see CONTRACT.md). Never imports Qt widgets: the window is
loaded only when asked for, and PDF export uses QtGui alone.

Errors are one line on stderr naming the input and what is wrong; exit 1 when the command
ran but something failed, 2 for usage errors.
"""
from __future__ import annotations

import functools
import json
import os
import sys
from pathlib import Path

import click

from . import __version__

EXIT_FAILED = 1


class Failure(click.ClickException):
    """A one-line error; exit status 1."""

    exit_code = EXIT_FAILED

    def show(self, file=None) -> None:
        click.echo(f"dubao: {self.format_message()}", err=True)


def _emit_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def db_option(func):
    """--db on every command (after the command name as well as before it)."""
    @click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path),
                  help="Library file (default: $DUBAO_DB or the user's data directory).")
    @functools.wraps(func)
    def wrapper(*args, db_path=None, **kwargs):
        ctx = click.get_current_context()
        if db_path is not None:
            ctx.obj["db_path"] = db_path
        return func(*args, **kwargs)
    return wrapper


def _library():
    from .store import LibraryError, open_library

    ctx = click.get_current_context()
    if "db" not in ctx.obj:
        try:
            ctx.obj["db"] = open_library(ctx.obj.get("db_path"))
        except LibraryError as exc:
            raise Failure(str(exc)) from None
    return ctx.obj["db"]


def _article(article_id: str):
    from .store.reading import get_article

    article = get_article(_library(), article_id)
    if article is None:
        raise Failure(f"no article with id {article_id!r} (see `dubao articles`)")
    return article


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Library file (default: $DUBAO_DB or the user's data directory).")
@click.version_option(__version__, prog_name="dubao")
@click.pass_context
def cli(ctx: click.Context, db_path: Path | None) -> None:
    """Dubao (读报): read, search and annotate digitised newspapers.

    With no command, opens the reader window."""
    ctx.ensure_object(dict)
    ctx.obj["db_path"] = db_path
    if ctx.invoked_subcommand is None:
        ctx.invoke(gui)


@cli.command()
@db_option
def gui() -> None:
    """Open the reader window."""
    from .ui.app import run_app

    db_path = click.get_current_context().obj.get("db_path")
    sys.exit(run_app(str(db_path) if db_path else None))


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the parse as JSON.")
@db_option
def parse(file: Path, as_json: bool) -> None:
    """Parse one page file and print it (touches no library)."""
    from .parsing import NotAPageError, parse_file

    try:
        parsed = parse_file(file)
    except NotAPageError as exc:
        raise Failure(f"{file}: {exc}") from None
    except OSError as exc:
        raise Failure(f"{file}: {exc.strerror or exc}") from None
    for warning in parsed.warnings:
        click.echo(f"dubao: {file}: warning: {warning}", err=True)
    if as_json:
        _emit_json(parsed.to_json())
        return
    pub, issue = parsed.publication, parsed.issue
    click.echo(f"{pub.name or '(no publication)'}  {issue.date or '(no date)'}  {issue.weekday or ''}"
               f"  {issue.lunar_date or ''}  {'总第%d号' % issue.number if issue.number else ''}".rstrip())
    for page in parsed.pages:
        click.echo(f"第{page.number}版 {page.name or ''}".rstrip() if page.number else "(page number unknown)")
        for article in page.articles:
            click.echo(f"  [{article.kind}] {article.headline}  ({len(article.paragraphs)} paragraphs,"
                       f" {len(article.captions)} captions, {len(article.tables)} tables)")
        for extra in page.extras:
            click.echo(f"  extra: {extra}")


@cli.command(name="import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print a JSON report.")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Processes that parse files (default: the number of CPUs, for large imports).")
@db_option
def import_(paths: tuple[Path, ...], as_json: bool, workers: int | None) -> None:
    """Import page files and folders (recursively). Idempotent; atomic per file."""
    from .store.importer import find_page_files, import_paths

    db = _library()
    files, _ = find_page_files(paths)
    # The writer is one process of its own: parse in the others.
    workers = workers or max(1, (os.cpu_count() or 2) - 1)
    show_bar = sys.stderr.isatty() and not as_json and len(files) > 1
    if show_bar:
        with click.progressbar(length=len(files), label="Importing", file=sys.stderr,
                               show_pos=True, show_eta=True) as bar:
            report = import_paths(db, paths, workers=workers, progress=lambda done, total, name: bar.update(1))
    else:
        report = import_paths(db, paths, workers=workers)
    for result in report.failed:
        click.echo(f"dubao: {result.path}: {result.error}", err=True)
    for result in report.results:
        for warning in result.warnings:
            click.echo(f"dubao: {result.path}: warning: {warning}", err=True)
    if as_json:
        _emit_json({"imported": report.count("imported"), "replaced": report.count("replaced"),
                    "unchanged": report.count("unchanged"), "failed": [
                        {"path": r.path, "error": r.error} for r in report.failed],
                    "articles": report.articles})
    else:
        click.echo(report.summary(), err=True)
    if report.failed:
        sys.exit(EXIT_FAILED)


@cli.command()
@click.option("--json", "as_json", is_flag=True)
@click.option("--publication", help="Only this publication.")
@db_option
def articles(as_json: bool, publication: str | None) -> None:
    """List the library's articles."""
    from .store.reading import list_articles

    rows = list_articles(_library(), publication=publication)
    if as_json:
        _emit_json([{k: r[k] for k in ("id", "publication", "date", "pages", "headline")} for r in rows])
        return
    for r in rows:
        pages = ",".join(str(p) for p in r["pages"] if p is not None)
        click.echo(f"{r['id']}  {r['date'] or '----------'}  {r['publication']}  p.{pages or '?'}  {r['headline']}")


@cli.command()
@click.argument("article_id")
@click.option("--json", "as_json", is_flag=True)
@db_option
def show(article_id: str, as_json: bool) -> None:
    """Show one article."""
    article = _article(article_id)
    if as_json:
        _emit_json(article.to_json())
        return
    pages = ",".join(str(p) for p in article.pages if p is not None)
    click.echo(article.headline)
    click.echo(f"{article.publication}  {article.date or ''}  第{pages}版  [{article.id}]")
    if article.byline:
        click.echo(article.byline)
    click.echo()
    for kind, index in article.layout:
        if kind == "p":
            click.echo("　　" + article.paragraphs[index])
        elif kind == "c":
            caption = article.captions[index]
            image = f" <{caption['image']}>" if caption.get("image") else ""
            click.echo(f"[图] {caption['text']} {caption.get('credit') or ''}{image}".rstrip())
        elif kind == "t":
            for row in article.tables[index]:
                click.echo(" | ".join(row))
    if article.continued_to:
        click.echo(f"(下转第{article.continued_to}版 — that page is not in the library)")


def _search_library():
    """The library for a search: opened with the plain sqlite3 connection when it is up to
    date (the quick way), else the ordinary way, its index rebuilt if it is from another
    version of dubao."""
    from .store.search_open import open_for_reading

    ctx = click.get_current_context()
    if "db" in ctx.obj:
        return ctx.obj["db"]
    path = ctx.obj.get("db_path") or os.environ.get("DUBAO_DB")
    if path:
        reader = open_for_reading(path)
        if reader is not None:
            ctx.obj["db"] = reader
            return reader
    db = _library()
    from .store import search_index

    if not search_index.library_index_is_current(db.conn):
        def progress(done: int, total: int) -> None:
            click.echo(f"\rdubao: rebuilding the search index: {done}/{total}", err=True, nl=done == total)

        search_index.rebuild_search_index(db, progress=progress)
    return db


def _search_help() -> str:
    from .store.query_help import QUERY_HELP

    return ("Full-text search, best matches first.\n\n\b\n" + QUERY_HELP + "\n\n"
            "The number of matches goes to stderr (with any note on how the query was read); "
            "--offset pages through the same order.")


@cli.command(help=_search_help(), context_settings={"ignore_unknown_options": True})
@click.argument("query")
@click.option("--json", "as_json", is_flag=True)
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--offset", type=click.IntRange(min=0), default=0, show_default=True,
              help="Skip this many matches (the next page).")
@click.option("--publication", help="Only this publication.")
@click.option("--since", help="From this date (YYYY-MM-DD).")
@click.option("--until", help="Up to this date (YYYY-MM-DD).")
@click.option("--exact-script", is_flag=True,
              help="Simplified and traditional characters do not match each other.")
@click.option("--original", is_flag=True, help="Search the text as imported, not as corrected.")
@db_option
def search(query: str, as_json: bool, limit: int, offset: int, publication: str | None,
           since: str | None, until: str | None, exact_script: bool, original: bool) -> None:
    from .store.search import QueryError, SearchIndexError, run_query

    try:
        results = run_query(_search_library(), query, publication=publication, since=since, until=until,
                            exact_script=exact_script, original=original)
        hits = results.page(offset, limit)
    except QueryError as exc:
        raise click.UsageError(str(exc)) from None
    except SearchIndexError as exc:
        raise Failure(str(exc)) from None
    for notice in results.notices:
        click.echo(f"dubao: note: {notice}", err=True)
    if as_json:
        _emit_json([hit.to_json() for hit in hits])
    if not results.total:
        click.echo("no matches", err=True)
    elif hits:
        click.echo(f"{results.total} match{'es' if results.total != 1 else ''}; "
                   f"{offset + 1}–{offset + len(hits)} shown", err=True)
    else:
        click.echo(f"{results.total} match{'es' if results.total != 1 else ''}; none after --offset {offset}",
                   err=True)
    if as_json:
        return
    for hit in hits:
        pages = ",".join(str(p) for p in hit.pages if p is not None)
        label = " [page notes]" if hit.kind == "notes" else ""
        click.echo(f"{hit.id}  {hit.date or ''}  {hit.publication}  p.{pages}  {hit.headline}{label}")
        click.echo(f"    {hit.snippet}")


@cli.group()
def bookmark() -> None:
    """Bookmarks: add, remove, list."""


@bookmark.command("add")
@click.argument("article_id")
@click.option("--note", help="A note kept with the bookmark.")
@db_option
def bookmark_add(article_id: str, note: str | None) -> None:
    from .store.annotations import AnnotationError, add_bookmark

    try:
        current = add_bookmark(_library(), article_id, note)
    except AnnotationError as exc:
        raise Failure(str(exc)) from None
    click.echo(f"bookmarked {current}", err=True)


@bookmark.command("remove")
@click.argument("article_id")
@db_option
def bookmark_remove(article_id: str) -> None:
    from .store.annotations import remove_bookmark

    if not remove_bookmark(_library(), article_id):
        raise Failure(f"article {article_id!r} is not bookmarked")
    click.echo(f"removed bookmark {article_id}", err=True)


@bookmark.command("list")
@click.option("--json", "as_json", is_flag=True)
@db_option
def bookmark_list(as_json: bool) -> None:
    from .store.annotations import list_bookmarks

    rows = list_bookmarks(_library())
    if as_json:
        _emit_json(rows)
        return
    for r in rows:
        pages = ",".join(str(p) for p in r["pages"] if p is not None)
        headline = r["headline"] or "(article no longer in the library)"
        note = f"  — {r['note']}" if r["note"] else ""
        click.echo(f"{r['id']}  {r['date'] or ''}  {r['publication'] or ''}  p.{pages}  {headline}{note}")


@cli.command()
@click.argument("article_id")
@click.option("--quote", required=True, help="The exact text to highlight.")
@click.option("--note", help="A note on the highlight.")
@click.option("--tag", "tags", multiple=True, help="A tag (repeatable).")
@click.option("--occurrence", type=click.IntRange(min=1), help="Which occurrence, when the quote occurs several times.")
@click.option("--color", default="yellow", show_default=True)
@click.option("--json", "as_json", is_flag=True)
@db_option
def annotate(article_id: str, quote: str, note: str | None, tags: tuple[str, ...], occurrence: int | None,
             color: str, as_json: bool) -> None:
    """Highlight quoted text of an article, with an optional note and tags."""
    from .export.annotation_formats import annotation_to_w3c
    from .store.annotations import AnnotationError, create_annotation

    db = _library()
    _article(article_id)
    try:
        annotation = create_annotation(db, article_id, quote, occurrence=occurrence, note=note, tags=tags,
                                       color=color)
    except AnnotationError as exc:
        raise Failure(str(exc)) from None
    if as_json:
        _emit_json(annotation_to_w3c(annotation))
    else:
        click.echo(annotation.id)


@cli.group()
def annotations() -> None:
    """Export and import annotations."""


@annotations.command("export")
@click.option("--format", "fmt", type=click.Choice(["w3c", "markdown"]), required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File (default: stdout).")
@db_option
def annotations_export(fmt: str, output: Path | None) -> None:
    from .export.annotation_formats import export_markdown, export_w3c

    db = _library()
    text = (json.dumps(export_w3c(db), ensure_ascii=False, indent=2) + "\n") if fmt == "w3c" else export_markdown(db)
    if output is None:
        click.echo(text, nl=False)
        return
    _write_atomically(output, text.encode("utf-8"))


@annotations.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@db_option
def annotations_import(file: Path) -> None:
    from .export.annotation_formats import AnnotationFormatError, import_w3c

    try:
        text = file.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise Failure(f"{file}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise Failure(f"{file}: not UTF-8 text") from None
    try:
        report = import_w3c(_library(), text)
    except AnnotationFormatError as exc:
        raise Failure(f"{file}: {exc}") from None
    for annotation_id in report.missing_article:
        click.echo(f"dubao: {file}: {annotation_id}: its article is not in this library (kept as an orphan)", err=True)
    click.echo(report.summary(), err=True)
    if report.missing_article:
        sys.exit(EXIT_FAILED)


@cli.command()
@click.argument("article_id")
@click.option("--plain", is_flag=True, help="The short form: 报纸名 YYYY年M月D日 第N版.")
@db_option
def cite(article_id: str, plain: bool) -> None:
    """The GB/T 7714-2015 reference of an article."""
    from .export import citation

    article = _article(article_id)
    click.echo(citation.plain(article) if plain else citation.gbt7714(article))


@cli.command("export-pdf")
@click.option("--article", "article_ids", multiple=True, help="An article id (repeatable).")
@click.option("--bookmarked", is_flag=True, help="All bookmarked articles.")
@click.option("--search", "query", help="The articles matching a query.")
@click.option("--issue", "issue_of", help="Every article of the issue this article id belongs to.")
@click.option("--annotations/--no-annotations", "with_annotations", default=False,
              help="Include your highlights and notes.")
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@db_option
def export_pdf(article_ids: tuple[str, ...], bookmarked: bool, query: str | None, issue_of: str | None,
               with_annotations: bool, paper: str, output: Path) -> None:
    """Export selected articles to one PDF."""
    from .export.selection import SelectionError, select_articles

    db = _library()
    try:
        ids = select_articles(db, article_ids=article_ids, bookmarked=bookmarked, query=query, issue_of=issue_of)
    except SelectionError as exc:
        raise Failure(str(exc)) from None
    from .export.pdf import PdfExportError, export_articles_pdf

    try:
        count = export_articles_pdf(db, ids, output, paper=paper, with_annotations=with_annotations)
    except PdfExportError as exc:
        raise Failure(str(exc)) from None
    click.echo(f"wrote {count} articles to {output}", err=True)


def _write_atomically(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.part")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise Failure(f"{path}: {exc.strerror or exc}") from None


def main(argv: list[str] | None = None) -> int:
    """Entry point of both `dubao` and `dubao-gui`."""
    try:
        result = cli.main(args=argv, prog_name="dubao", standalone_mode=False, obj={})
    except click.exceptions.Abort:
        click.echo("dubao: aborted", err=True)
        return EXIT_FAILED
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except KeyboardInterrupt:
        click.echo("dubao: interrupted", err=True)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - never a traceback for the user
        if os.environ.get("DUBAO_DEBUG"):
            raise
        click.echo(f"dubao: internal error: {type(exc).__name__}: {exc}", err=True)
        return EXIT_FAILED
    return result if isinstance(result, int) else 0


if __name__ == "__main__":
    sys.exit(main())
