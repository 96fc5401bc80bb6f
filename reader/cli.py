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
# The highlight colours `annotate --color` offers (reader.store.annotations.COLORS; a test keeps
# the two equal — importing the store here would slow every command's start).
HIGHLIGHT_COLORS = ("yellow", "green", "blue", "pink", "orange")


class Failure(click.ClickException):
    """A one-line error; exit status 1."""

    exit_code = EXIT_FAILED

    def show(self, file=None) -> None:
        click.echo(f"dubao: {self.format_message()}", err=True)


def _emit_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


class LibraryOption(click.Option):
    """--db, whose help names the default library file. The path is looked up only when help
    is shown, so that no command pays for it at start."""

    def get_help_record(self, ctx: click.Context):
        from .store.db import DB_ENV, default_library_path

        record = super().get_help_record(ctx)
        if record is None:
            return None
        where = default_library_path()
        if os.environ.get(DB_ENV):
            default = f"default: {where}, from ${DB_ENV}"
        else:
            default = f"default: {where}; ${DB_ENV} changes it"
        return record[0], f"{record[1]} ({default})."


def db_option(func):
    """--db on every command (after the command name as well as before it)."""
    @click.option("--db", "db_path", cls=LibraryOption, type=click.Path(dir_okay=False, path_type=Path),
                  metavar="FILE", help="Library file")
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


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]},
             epilog="Every command takes --db. Exit status: 0 done, 1 something failed (named on "
                    "stderr), 2 usage error. `dubao COMMAND --help` shows each command; docs/cli.md "
                    "has the whole reference.")
@click.option("--db", "db_path", cls=LibraryOption, type=click.Path(dir_okay=False, path_type=Path),
              metavar="FILE", help="Library file")
@click.version_option(__version__, "-V", "--version", prog_name="dubao")
@click.pass_context
def cli(ctx: click.Context, db_path: Path | None) -> None:
    """Dubao (读报): read, search and annotate digitised newspapers.

    With no command, opens the reader window.

    \b
    Examples:
      dubao import ~/papers               import a folder of page files
      dubao search '"数字化改革" 工会'    articles holding both terms
      dubao --db other.db articles        list another library's articles
    """
    ctx.ensure_object(dict)
    ctx.obj["db_path"] = db_path
    if ctx.invoked_subcommand is None:
        ctx.invoke(gui)


@cli.command()
@db_option
def gui() -> None:
    """Open the reader window.

    \b
    Example:
      dubao gui --db ~/papers/library.db
    """
    from .ui.app import run_app

    db_path = click.get_current_context().obj.get("db_path")
    sys.exit(run_app(str(db_path) if db_path else None))


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the parse as JSON.")
@db_option
def parse(file: Path, as_json: bool) -> None:
    """Parse one page file and print it (touches no library).

    \b
    Examples:
      dubao parse page-01.md
      dubao parse page-01.md --json | jq '.pages[0].articles[].headline'
    """
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
    """Import page files and folders (recursively). Idempotent; atomic per file.

    Bad files are named on stderr with the reason and the rest are imported (exit 1 if any
    failed). A file imported before is skipped; a changed one replaces its page.

    \b
    Examples:
      dubao import ~/papers/2024-03
      dubao import --json page-01.md page-02.md
    """
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
@click.option("--json", "as_json", is_flag=True, help="Print JSON (see docs/cli.md).")
@click.option("--publication", help="Only this publication.")
@db_option
def articles(as_json: bool, publication: str | None) -> None:
    """List the library's articles.

    \b
    Examples:
      dubao articles
      dubao articles --publication 浙江工人日报 --json
    """
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
@click.option("--json", "as_json", is_flag=True, help="Print JSON (see docs/cli.md).")
@db_option
def show(article_id: str, as_json: bool) -> None:
    """Show one article (ids come from `dubao articles` or `dubao search`).

    \b
    Examples:
      dubao show 3c7ce5b1a5561f5a
      dubao show 3c7ce5b1a5561f5a --json
    """
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


@cli.command()
@click.argument("query")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (see docs/cli.md).")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True,
              help="At most this many hits.")
@click.option("--publication", help="Only this publication.")
@click.option("--since", help="From this date (YYYY-MM-DD).")
@click.option("--until", help="Up to this date (YYYY-MM-DD).")
@db_option
def search(query: str, as_json: bool, limit: int, publication: str | None, since: str | None,
           until: str | None) -> None:
    """Full-text search, best matches first.

    An article matches when it holds every term. Terms are split on white space;
    "double quotes" keep one term's spaces. Case and white space in the article do not
    matter.

    \b
    Examples:
      dubao search 工会
      dubao search '"数字化 改革" 浙江' --limit 5
      dubao search 宪法 --publication 人民日报 --since 2024-01-01 --json
    """
    from .store.search import QueryError
    from .store.search import search as run_search

    try:
        hits = run_search(_library(), query, limit=limit, publication=publication, since=since, until=until)
    except QueryError as exc:
        raise click.UsageError(str(exc)) from None
    if as_json:
        _emit_json([hit.to_json() for hit in hits])
        return
    if not hits:
        click.echo("no matches", err=True)
    for hit in hits:
        pages = ",".join(str(p) for p in hit.pages if p is not None)
        click.echo(f"{hit.id}  {hit.date or ''}  {hit.publication}  p.{pages}  {hit.headline}")
        click.echo(f"    {hit.snippet}")


@cli.group()
def bookmark() -> None:
    """Bookmarks: add, remove, list.

    \b
    Examples:
      dubao bookmark add 3c7ce5b1a5561f5a --note "for the March report"
      dubao bookmark list --json
      dubao bookmark remove 3c7ce5b1a5561f5a
    """


@bookmark.command("add")
@click.argument("article_id")
@click.option("--note", help="A note kept with the bookmark.")
@db_option
def bookmark_add(article_id: str, note: str | None) -> None:
    """Bookmark an article. Bookmarking it again with --note replaces its note.

    \b
    Example:
      dubao bookmark add 3c7ce5b1a5561f5a --note "for the March report"
    """
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
    """Remove an article's bookmark (exit 1 if it has none).

    \b
    Example:
      dubao bookmark remove 3c7ce5b1a5561f5a
    """
    from .store.annotations import remove_bookmark

    if not remove_bookmark(_library(), article_id):
        raise Failure(f"article {article_id!r} is not bookmarked")
    click.echo(f"removed bookmark {article_id}", err=True)


@bookmark.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (see docs/cli.md).")
@db_option
def bookmark_list(as_json: bool) -> None:
    """List bookmarks, newest first.

    \b
    Example:
      dubao bookmark list --json
    """
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
@click.option("--color", type=click.Choice(HIGHLIGHT_COLORS), default="yellow", show_default=True,
              help="Highlight colour.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (see docs/cli.md).")
@db_option
def annotate(article_id: str, quote: str, note: str | None, tags: tuple[str, ...], occurrence: int | None,
             color: str, as_json: bool) -> None:
    """Highlight quoted text of an article, with an optional note and tags.

    The quote must stand in the article's text (white space and Latin case aside); exit 1
    if it does not, or if it occurs several times and --occurrence is not given.

    \b
    Example:
      dubao annotate 3c7ce5b1a5561f5a --quote "数字化改革" --note "key term" --tag 工会 --color green
    """
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
    """Export and import annotations.

    \b
    Examples:
      dubao annotations export --format w3c -o notes.jsonld
      dubao annotations export --format markdown
      dubao annotations import notes.jsonld
    """


@annotations.command("export")
@click.option("--format", "fmt", type=click.Choice(["w3c", "markdown"]), required=True,
              help="w3c: W3C Web Annotation JSON-LD (importable); markdown: for reading.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File (default: stdout).")
@db_option
def annotations_export(fmt: str, output: Path | None) -> None:
    """Export every annotation to stdout or a file.

    \b
    Examples:
      dubao annotations export --format w3c -o notes.jsonld
      dubao annotations export --format markdown > notes.md
    """
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
    """Import W3C Web Annotations (as `annotations export --format w3c` writes them).
    Idempotent: an annotation already in the library (same id) is left as it is. Annotations
    whose article is not in this library are kept as orphans and named (exit 1).

    \b
    Example:
      dubao annotations import notes.jsonld
    """
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
    """The GB/T 7714-2015 reference of an article.

    \b
    Examples:
      dubao cite 3c7ce5b1a5561f5a
        阮向民. 全省工会数字化改革推进会强调 …[N]. 浙江工人日报, 2022-06-17(1).
      dubao cite 3c7ce5b1a5561f5a --plain
        浙江工人日报 2022年6月17日 第1版
    """
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
@click.option("--with-clippings", is_flag=True,
              help="Put each article's clipping from the page scan before its text (where there is a scan).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@db_option
def export_pdf(article_ids: tuple[str, ...], bookmarked: bool, query: str | None, issue_of: str | None,
               with_annotations: bool, paper: str, with_clippings: bool, output: Path) -> None:
    """Export selected articles to one PDF.

    Choose articles with any mix of --article, --bookmarked, --search and --issue.

    \b
    Examples:
      dubao export-pdf --bookmarked -o bookmarks.pdf
      dubao export-pdf --search 工会 --annotations -o union.pdf
      dubao export-pdf --article 3c7ce5b1a5561f5a --paper letter -o one.pdf
    """
    from .export.selection import SelectionError, select_articles

    db = _library()
    try:
        ids = select_articles(db, article_ids=article_ids, bookmarked=bookmarked, query=query, issue_of=issue_of)
    except SelectionError as exc:
        raise Failure(str(exc)) from None
    from .export.pdf import PdfExportError, export_articles_pdf

    try:
        count = export_articles_pdf(db, ids, output, paper=paper, with_annotations=with_annotations,
                                    with_clippings=with_clippings)
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
