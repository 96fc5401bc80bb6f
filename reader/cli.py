"""The `dubao` command line (see CONTRACT.md). Never imports Qt widgets: the window is
loaded only when asked for, and PDF export uses QtGui alone.

Errors are one line on stderr naming the input and what is wrong; exit 1 when the command
ran but something failed, 2 for usage errors.
"""
from __future__ import annotations

import functools
import json
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable
from contextlib import contextmanager
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


def _emit_json_list(items: Iterable) -> None:
    """_emit_json(list(ITEMS)), byte for byte, written as the items come (500 to a write): a
    list of a million is never held whole."""
    from .export.json_stream import ITEMS, json_pieces

    pending = []
    for piece in json_pieces([ITEMS], items):
        pending.append(piece)
        if len(pending) == 500:
            click.echo("".join(pending), nl=False)
            pending = []
    click.echo("".join(pending), nl=False)


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


def _library(*, announce_read_only: bool = True):
    """The library, opened once per command. Says once when it is read-only (unless the
    command refuses to run then: one line is enough); re-indexes it (with a progress line)
    when its search tokens are of another version."""
    from .store import LibraryError, is_read_only, open_library

    ctx = click.get_current_context()
    if "db" not in ctx.obj:
        try:
            db = open_library(ctx.obj.get("db_path"))
        except LibraryError as exc:
            raise Failure(str(exc)) from None
        ctx.obj["db"] = db
        if is_read_only(db) and announce_read_only:
            click.echo(f"dubao: {db.path}: the library is read-only ({db.read_only_reason}); "
                       f"nothing can be changed in it", err=True)
        else:
            _reindex_if_needed(db)
    return ctx.obj["db"]


def _reindex_if_needed(db) -> None:
    from .store.reindex import needs_reindex, reindex

    if not needs_reindex(db):
        return
    click.echo(f"dubao: {db.path}: rebuilding the search index (made by another version)…", err=True)
    step = {"next": 0}

    def progress(done: int, total: int) -> None:
        if done >= step["next"] or done == total:
            click.echo(f"dubao: indexed {done:,} of {total:,} documents (articles, page notes)", err=True)
            step["next"] = done + max(10_000, total // 10)

    reindex(db, progress)


def _read_exchange_file(file: Path) -> str:
    """An annotation or correction exchange file's text (UTF-8, BOM allowed), or one line."""
    try:
        return file.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise Failure(f"{file}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise Failure(f"{file}: not UTF-8 text") from None


def _article(article_id: str, *, original: bool = False):
    from .store.reading import get_article

    article = get_article(_library(), article_id, original=original)
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
    from .ui.display_check import display_problem

    problem = display_problem()  # before Qt, which would abort (exit 134) with a misleading line
    if problem:
        raise Failure(problem)
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
    from .store.importer.report import plural

    pub, issue = parsed.publication, parsed.issue
    click.echo(f"{pub.name or '(no publication)'}  {issue.date or '(no date)'}  {issue.weekday or ''}"
               f"  {issue.lunar_date or ''}  {'总第%d号' % issue.number if issue.number else ''}".rstrip())
    for page in parsed.pages:
        click.echo(f"第{page.number}版 {page.name or ''}".rstrip() if page.number else "(page number unknown)")
        for article in page.articles:
            click.echo(f"  [{article.kind}] {article.headline}  ({plural(len(article.paragraphs), 'paragraph')},"
                       f" {plural(len(article.captions), 'caption')}, {plural(len(article.tables), 'table')})")
        for extra in page.extras:
            click.echo(f"  extra: {extra}")


class _StopRequest:
    """SIGINT/SIGTERM during an import: the first one stops after the file being stored
    (what was stored is committed and kept), a second one stops at once."""

    def __init__(self) -> None:
        self.signal: int | None = None

    def requested(self) -> bool:
        return self.signal is not None

    def _handle(self, signum, frame) -> None:
        if self.signal is not None:
            raise KeyboardInterrupt if signum == signal.SIGINT else Terminated()
        self.signal = signum

    @contextmanager
    def catching(self):
        if threading.current_thread() is not threading.main_thread():
            yield self
            return
        previous = {sig: signal.signal(sig, self._handle) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield self
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    @property
    def exit_code(self) -> int:
        return 128 + (self.signal or signal.SIGINT)


PROGRESS_LINE_EVERY = 1000


@cli.command(name="import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print a JSON report.")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Processes that parse files (default: the number of CPUs, for large imports).")
@click.option("--publication", metavar="NAME",
              help="The paper's name, for files that do not name it themselves.")
@click.option("--lenient-decoding", "lenient", is_flag=True,
              help="Replace bytes that are not valid in a file's encoding (each is reported) "
                   "instead of rejecting the file.")
@db_option
def import_(paths: tuple[Path, ...], as_json: bool, workers: int | None, publication: str | None,
            lenient: bool) -> None:
    """Import page files and folders (recursively). Idempotent; atomic per file.

    Ends with what the library gained and the layouts read. A file with no article in it
    is reported and makes the exit status 1. Ctrl-C (or SIGTERM) stops after the file being
    stored: every file stored so far is kept; run the same import again to finish.

    \b
    Examples:
      dubao import ~/papers/2023/
      dubao import --publication 清溪报 scans/*.txt
    """
    from .store.errors import environment_error
    from .store.importer import discover, import_paths, no_page_files_message, plural

    db = _library(announce_read_only=False)
    if db.read_only:
        raise Failure(f"{db.path}: the library is read-only ({db.read_only_reason}): nothing can "
                      f"be imported into it")
    found = discover(paths)
    total = len(found.files)
    # The writer is one process of its own: parse in the others.
    workers = workers or max(1, (os.cpu_count() or 2) - 1)
    stop = _StopRequest()
    show_bar = sys.stderr.isatty() and not as_json and total > 1
    bar = click.progressbar(length=total, label="Importing", file=sys.stderr, show_pos=True,
                            show_eta=True) if show_bar else None

    def progress(done: int, total: int, name: str) -> None:
        if bar is not None:
            bar.update(1)
        elif done % PROGRESS_LINE_EVERY == 0:
            click.echo(f"dubao: {done:,} of {total:,} files read", err=True)

    try:
        with stop.catching():
            if bar is not None:
                bar.__enter__()
            try:
                report = import_paths(db, paths, workers=workers, progress=progress,
                                      should_cancel=stop.requested, lenient=lenient,
                                      publication=publication, discovered=found)
            finally:
                if bar is not None:
                    bar.__exit__(None, None, None)
    except (KeyboardInterrupt, Terminated) as exc:
        kept = getattr(exc, "import_report", None)
        kept_files = plural(kept.committed, "file") if kept is not None else "the files committed"
        click.echo(f"dubao: stopped; kept {kept_files} imported before the stop (run the same "
                   f"import again to finish)", err=True)
        sys.exit(130 if isinstance(exc, KeyboardInterrupt) else 143)
    except Exception as exc:
        line = environment_error(exc)
        kept = getattr(exc, "import_report", None)
        if line is None or kept is None:
            raise
        raise Failure(f"{db.path}: {line}; kept {plural(kept.committed, 'file')} imported before "
                      f"it (nothing of the others)") from None
    for result in report.failed:
        click.echo(f"dubao: {result.path}: {result.error}", err=True)
    for result in report.results:
        for warning in result.warnings:
            click.echo(f"dubao: {result.path}: warning: {warning}", err=True)
    for result in report.empty:
        click.echo(f"dubao: {result.path}: warning: no article found in it (nothing imported)", err=True)
    for folder in report.empty_folders:
        click.echo(f"dubao: {no_page_files_message(folder)}", err=True)
    if as_json:
        _emit_json({"imported": report.count("imported"), "replaced": report.count("replaced"),
                    "unchanged": report.count("unchanged"), "failed": [
                        {"path": r.path, "error": r.error} for r in report.failed],
                    "no_articles": [r.path for r in report.empty],
                    "articles": report.articles, "gained": report.gained,
                    "layouts": dict(report.layouts()), "cancelled": report.cancelled})
    else:
        click.echo(report.summary(), err=True)
    if stop.requested():
        click.echo(f"dubao: stopped; kept {plural(report.committed, 'file')} imported before the "
                   f"stop (run the same import again to finish)", err=True)
        sys.exit(stop.exit_code)
    if report.failed or report.empty or not report.results:
        sys.exit(EXIT_FAILED)


def _say_none(what: str) -> None:
    """An empty listing says so on stderr (stdout stays empty for scripts): a silent
    nothing looks like a failure, or hides a mistyped --db."""
    click.echo(f"dubao: note: {what}", err=True)


def _date_label(date: str | None) -> str:
    """A listing's date column: the date, or dashes of its width when the page has none."""
    return date or "----------"


def _pages_label(pages) -> str:
    """A listing's page column: 'p.1,2', or 'p.?' when no page number is known."""
    return "p." + (",".join(str(p) for p in (pages or []) if p is not None) or "?")


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
    from .store.reading import iter_articles

    db = _library()
    rows = iter_articles(db, publication=publication)
    if as_json:
        _emit_json_list({k: r[k] for k in ("id", "publication", "date", "pages", "headline")} for r in rows)
        return
    listed = False
    for r in rows:
        listed = True
        click.echo(f"{r['id']}  {_date_label(r['date'])}  {r['publication']}  {_pages_label(r['pages'])}  {r['headline']}")
    if not listed:
        _say_none(f"no articles of a publication named {publication!r}" if publication
                  else f"no articles in {db.path} yet (add some with `dubao import PATH`)")


@cli.command()
@click.argument("article_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (see docs/cli.md).")
@click.option("--original", is_flag=True, help="The article as first imported, before corrections.")
@db_option
def show(article_id: str, as_json: bool, original: bool) -> None:
    """Show one article (with its corrections, unless --original); ids come from
    `dubao articles` or `dubao search`.

    \b
    Examples:
      dubao show 3c7ce5b1a5561f5a
      dubao show 3c7ce5b1a5561f5a --json
    """
    article = _article(article_id, original=original)
    if as_json:
        _emit_json(article.to_json())
        return
    pages = ",".join(str(p) for p in article.pages if p is not None)
    click.echo(article.headline)
    where = f"第{pages}版" if pages else "(page unknown)"
    corrected = f"  (corrected in {len(article.applied)} places; --original shows the OCR as imported)" \
        if article.applied else ""
    click.echo(f"{article.publication}  {_date_label(article.date)}  {where}  [{article.id}]{corrected}")
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
    return _with_current_index(_library())


def _with_current_index(db):
    """DB, its search index rebuilt first if it is not the one this version writes, whole."""
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
            "--offset pages through the same order.\n\n\b\nExamples:\n"
            "  dubao search 工会\n"
            "  dubao search '\"数字化 改革\" 浙江' --limit 5\n"
            "  dubao search '工会 OR 消防 -演练' --offset 20\n"
            "  dubao search 宪法 --publication 人民日报 --since 2024-01-01 --json")


SEARCH_CHUNK = 500  # hits cut (snippets, pages, headlines) and written at a time


@cli.command(help=_search_help(), context_settings={"ignore_unknown_options": True})
@click.argument("query")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (see docs/cli.md).")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True,
              help="At most this many hits.")
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

    end = offset + limit
    try:
        results = run_query(_search_library(), query, publication=publication, since=since, until=until,
                            exact_script=exact_script, original=original)
        first = results.page(offset, min(limit, SEARCH_CHUNK))
    except QueryError as exc:
        raise click.UsageError(str(exc)) from None
    except SearchIndexError as exc:
        raise Failure(str(exc)) from None

    def hits():
        # A page of SEARCH_CHUNK hits at a time: a --limit of a million is written in the
        # memory of one page.
        yield from first
        for start in range(offset + SEARCH_CHUNK, min(end, results.total), SEARCH_CHUNK):
            yield from results.page(start, min(SEARCH_CHUNK, end - start))

    for notice in results.notices:
        click.echo(f"dubao: note: {notice}", err=True)
    if as_json:
        _emit_json_list(hit.to_json() for hit in hits())
    shown = max(0, min(end, results.total) - offset)  # totals are exact
    if not results.total:
        click.echo("no matches", err=True)
    elif shown:
        click.echo(f"{results.total} match{'es' if results.total != 1 else ''}; "
                   f"{offset + 1}–{offset + shown} shown", err=True)
    else:
        click.echo(f"{results.total} match{'es' if results.total != 1 else ''}; none after --offset {offset}",
                   err=True)
    if as_json:
        return
    for hit in hits():
        label = " [page notes]" if hit.kind == "notes" else ""
        click.echo(f"{hit.id}  {_date_label(hit.date)}  {hit.publication}  {_pages_label(hit.pages)}  "
                   f"{hit.headline}{label}")
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
    from .store.annotations import AnnotationError, add_bookmark, is_bookmarked
    from .store.reading import resolve_article_id

    db = _library()
    before = resolve_article_id(db, article_id)
    already = before is not None and is_bookmarked(db, before)
    try:
        current = add_bookmark(db, article_id, note)
    except AnnotationError as exc:
        raise Failure(str(exc)) from None
    # Said twice, "bookmarked" read as if a second bookmark had been made.
    if not already:
        click.echo(f"bookmarked {current}", err=True)
    elif note is not None:
        click.echo(f"{current} was already bookmarked; its note is replaced", err=True)
    else:
        click.echo(f"{current} was already bookmarked (nothing changed)", err=True)


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
    """List bookmarks, newest first; those of articles no longer in the library are marked
    (orphan).

    \b
    Example:
      dubao bookmark list --json
    """
    from .store.annotations import iter_bookmarks
    from .store.snapshot import read_snapshot

    db = _library()
    with read_snapshot(db):  # written as read, 500 at a time, all of one moment
        rows = iter_bookmarks(db)
        if as_json:
            _emit_json_list({**r, "orphaned": r["headline"] is None} for r in rows)
            return
        shown = False
        for r in rows:
            shown = True
            headline = r["headline"] or "(orphan: article no longer in the library)"
            note = f"  — {r['note']}" if r["note"] else ""
            click.echo(f"{r['id']}  {_date_label(r['date'])}  {r['publication'] or ''}  {_pages_label(r['pages'])}  "
                       f"{headline}{note}")
    if not shown:
        _say_none("no bookmarks (add one with `dubao bookmark add ID`)")


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
    """List, export and import annotations.

    \b
    Examples:
      dubao annotations list --orphaned
      dubao annotations export --format w3c -o notes.jsonld
      dubao annotations export --format markdown
      dubao annotations import notes.jsonld
    """


@annotations.command("export")
@click.option("--format", "fmt", type=click.Choice(["w3c", "markdown"]), required=True,
              help="w3c: W3C Web Annotation JSON-LD (importable); markdown: for reading.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              help="File (default, or -: standard output). A symlink is written through.")
@db_option
def annotations_export(fmt: str, output: Path | None) -> None:
    """Export every annotation (W3C Web Annotation JSON-LD, or Markdown).

    \b
    Examples:
      dubao annotations export --format w3c -o notes.jsonld
      dubao annotations export --format markdown > notes.md
    """
    from .export.annotation_formats import markdown_text, w3c_text

    _write_pieces(output, w3c_text if fmt == "w3c" else markdown_text)


@annotations.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (see docs/cli.md).")
@click.option("--orphaned", is_flag=True, help="Only annotations whose article or quote is gone.")
@db_option
def annotations_list(as_json: bool, orphaned: bool) -> None:
    """List annotations; those whose article was removed or whose quote is gone are marked
    (orphan) — they are kept, never deleted with their article.

    \b
    Examples:
      dubao annotations list
      dubao annotations list --orphaned --json
    """
    from .store.annotations import iter_annotations
    from .store.reading import resolve_article_id

    db = _library()

    def rows():  # one at a time: years of notes are never held at once
        for note in iter_annotations(db):
            lost = resolve_article_id(db, note.article_id) is None
            if orphaned and not (lost or note.orphaned):
                continue
            yield {"id": note.id, "article_id": note.article_id, "quote": note.exact,
                   "note": note.note, "tags": list(note.tags),
                   "orphaned": bool(note.orphaned or lost), "article_gone": lost}
    if as_json:
        _emit_json_list(rows())
        return
    shown = False
    for row in rows():
        shown = True
        mark = ("  (orphan: article no longer in the library)" if row["article_gone"]
                else "  (orphan: quote not found in the article)" if row["orphaned"] else "")
        note = f"  — {row['note']}" if row["note"] else ""
        click.echo(f"{row['id']}  {row['article_id']}  「{row['quote']}」{note}{mark}")
    if not shown:
        _say_none("no orphaned annotations" if orphaned else "no annotations (add one with `dubao annotate ID --quote TEXT`)")


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

    text = _read_exchange_file(file)
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


@cli.group()
def remove() -> None:
    """Remove imported files, issues or publications from the library.

    Articles go with what they stood on; their bookmarks and annotations are kept as
    orphans (listed, never deleted), and come back to their articles if the pages are
    imported again.

    \b
    Examples:
      dubao remove file ~/papers/2023-03-08-p1.md
      dubao remove issue 浙江工人日报 2022-06-17
      dubao remove publication 浙江工人日报
    """


def _removed(report) -> None:
    for annotation_id in report.orphaned_annotations:
        click.echo(f"dubao: kept annotation {annotation_id} as an orphan (its article was removed)", err=True)
    for article_id in report.orphaned_bookmarks:
        click.echo(f"dubao: kept the bookmark of {article_id} as an orphan (its article was removed)", err=True)
    click.echo(report.summary(), err=True)


def _removing(action):
    from .store.remove import RemoveError

    try:
        return action(_library())
    except RemoveError as exc:
        raise Failure(str(exc)) from None


@remove.command("file")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
def remove_file(paths: tuple[Path, ...]) -> None:
    """Remove what imported files brought, by the path they were imported from (or by the
    file's name alone when only one imported file has it); a folder: every file imported
    from under it.

    A page made of several files loses only what the removed file brought; bookmarks and
    annotations of removed articles are kept as orphans. A folder goes issue by issue, each
    in a transaction of its own: stopped half-way, removing it again finishes.

    \b
    Examples:
      dubao remove file ~/papers/2023-03-08-p1.md
      dubao remove file 2023-03-08-p1.md 2023-03-08-p2.md
      dubao remove file ~/papers/2023/
    """
    from .store.remove import remove_source

    for path in paths:
        _removed(_removing(lambda db, path=path: remove_source(db, path)))


@remove.command("issue")
@click.argument("publication")
@click.argument("date")
@db_option
def remove_issue_command(publication: str, date: str) -> None:
    """Remove one issue of PUBLICATION: every page of it. DATE is YYYY-MM-DD, or
    'undated' for the publication's pages that carry no date.

    \b
    Examples:
      dubao remove issue 浙江工人日报 2022-06-17
      dubao remove issue 清溪报 undated
    """
    import datetime as dt

    from .store.remove import find_issue, remove_issue

    day = None
    if date != "undated":
        try:  # 2022-6-17 named no issue and was reported as missing from the library
            day = dt.date.fromisoformat(date).isoformat()
        except ValueError:
            raise click.BadParameter(f"must be a date like 2022-06-17, or 'undated'; not {date!r}",
                                     param_hint="DATE") from None
    _removed(_removing(lambda db: remove_issue(db, find_issue(db, publication, day))))


@remove.command("publication")
@click.argument("name")
@db_option
def remove_publication_command(name: str) -> None:
    """Remove a publication: every issue of it (NAME as `dubao articles` shows it).

    \b
    Example:
      dubao remove publication 浙江工人日报
    """
    from .store.remove import remove_publication

    _removed(_removing(lambda db: remove_publication(db, name)))


@cli.command("export-pdf")
@click.option("--article", "article_ids", multiple=True, help="An article id (repeatable).")
@click.option("--bookmarked", is_flag=True, help="All bookmarked articles.")
@click.option("--search", "query", help="Every article matching a query.")
@click.option("--publication", help="With --search: only this publication.")
@click.option("--since", help="With --search: from this date (YYYY-MM-DD).")
@click.option("--until", help="With --search: up to this date (YYYY-MM-DD).")
@click.option("--issue", "issue_of", help="Every article of the issue this article id belongs to.")
@click.option("--annotations/--no-annotations", "with_annotations", default=False,
              help="Include your highlights and notes.")
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True)
@click.option("--with-clippings", is_flag=True,
              help="Put each article's clipping from the page scan before its text (where there is a scan).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path), required=True,
              help="The PDF file (- for standard output). A symlink is written through.")
@db_option
def export_pdf(article_ids: tuple[str, ...], bookmarked: bool, query: str | None, publication: str | None,
               since: str | None, until: str | None, issue_of: str | None,
               with_annotations: bool, paper: str, with_clippings: bool, output: Path) -> None:
    """Export selected articles to one PDF (10,000 articles at most).

    Choose articles with any mix of --article, --bookmarked, --search and --issue.

    \b
    Examples:
      dubao export-pdf --bookmarked -o bookmarks.pdf
      dubao export-pdf --search 工会 --annotations -o union.pdf
      dubao export-pdf --search 消防 --since 2023-01-01 --until 2023-03-31 -o fire.pdf
      dubao export-pdf --article 3c7ce5b1a5561f5a --paper letter -o one.pdf
    """
    from .export.output_file import OutputError, is_stdout, output_target
    from .export.pdf import MAX_ARTICLES
    from .export.selection import SelectionError, select_articles
    from .store.importer import plural

    db = _with_current_index(_library()) if query is not None else _library()  # as `search` does
    if not is_stdout(output):
        try:
            output_target(output)  # refuse a FIFO or a read-only file before the work
        except OutputError as exc:
            raise Failure(str(exc)) from None
    try:
        ids = select_articles(db, article_ids=article_ids, bookmarked=bookmarked, query=query, issue_of=issue_of,
                              since=since, until=until, publication=publication, at_most=MAX_ARTICLES)
    except SelectionError as exc:
        raise Failure(str(exc)) from None
    from .export.pdf import PdfExportError, export_articles_pdf

    written = []

    def render(path: Path) -> None:
        try:
            written.append(export_articles_pdf(db, ids, path, paper=paper, with_annotations=with_annotations,
                                               with_clippings=with_clippings))
        except PdfExportError as exc:  # name the file asked for, not the temporary it is written to
            raise PdfExportError(str(exc).replace(str(path), str(output))) from None

    try:
        _write_output(output, render)
    except PdfExportError as exc:
        raise Failure(str(exc)) from None
    where = "standard output" if is_stdout(output) else output
    click.echo(f"wrote {plural(written[0], 'article')} to {where}", err=True)


# --- corrections (issue 13) ---------------------------------------------------------------

@cli.command()
@click.argument("article_id")
@click.option("--find", "find", required=True, help="The text to correct, as the article reads now.")
@click.option("--replace", "replace", required=True, help="The corrected text.")
@click.option("--occurrence", type=click.IntRange(min=1), help="Which occurrence, when the text occurs several times.")
@click.option("--note", help="A note kept with the correction.")
@click.option("--editor", help="Who corrects (default: $DUBAO_EDITOR).")
@click.option("--json", "as_json", is_flag=True, help="Print the correction as a W3C Web Annotation.")
@db_option
def correct(article_id: str, find: str, replace: str, occurrence: int | None, note: str | None,
            editor: str | None, as_json: bool) -> None:
    """Correct an article's text; the original is kept (see `show --original`).

    --find is matched as the article reads now (white space and Latin case aside) within
    one headline, byline, paragraph, subhead or caption; exit 1 if it is not there, or if
    it occurs several times and --occurrence is not given. Prints the correction's id.
    Search finds the corrected words at once (`search --original`: the words as imported).

    \b
    Examples:
      dubao correct 3c7ce5b1a5561f5a --find 阮向民 --replace 阮向明
      dubao correct 3c7ce5b1a5561f5a --find 数字化改革 --replace 数字化变革 --occurrence 2 --note "typo in the OCR"
    """
    from .store.corrections import CorrectionError
    from .store.corrections import correct as make_correction

    db = _writable_library("corrected")
    _article(article_id)
    try:
        change = make_correction(db, article_id, find, replace, occurrence=occurrence, note=note, editor=editor)
    except CorrectionError as exc:
        raise Failure(str(exc)) from None
    if as_json:
        from .export.correction_formats import corrections_w3c

        ids = {c.id for c in change.added}
        _emit_json([item for item in corrections_w3c(db, change.article_id) if item["id"] in ids])
        return
    for correction in change.added:
        click.echo(correction.id)
    if change.removed:
        click.echo(f"(replaces {len(change.removed)} earlier correction{'s' if len(change.removed) > 1 else ''}"
                   " of the same passage)", err=True)


def _writable_library(what: str):
    db = _library(announce_read_only=False)
    if getattr(db, "read_only", False):
        raise Failure(f"{db.path}: the library is read-only ({db.read_only_reason}): nothing can be {what} in it")
    return db


@cli.group()
def corrections() -> None:
    """List, export, import and revert corrections (made with `dubao correct`).

    Corrections are exchanged as W3C Web Annotations with motivation `editing`, aimed at
    the article's text as imported, so that another library holding the same pages can
    apply them.

    \b
    Examples:
      dubao corrections list 3c7ce5b1a5561f5a
      dubao corrections export -o corrections.jsonld
      dubao corrections import corrections.jsonld
      dubao corrections revert urn:uuid:a81c2708-9c01-4115-bb3f-069bcd5b8f0c
    """


@corrections.command("list")
@click.argument("article_id", required=False)
@click.option("--json", "as_json", is_flag=True, help="As W3C Web Annotations (motivation editing).")
@db_option
def corrections_list(article_id: str | None, as_json: bool) -> None:
    """List corrections (by article, then oldest first): all of them, or ARTICLE_ID's.

    One line each: id, article, where (headline, byline, paragraph N, …), the words as
    imported → as corrected, when, who, and a status when it is not applied (a conflict
    after a re-import, or from `corrections import`).

    \b
    Examples:
      dubao corrections list
      dubao corrections list 3c7ce5b1a5561f5a --json
    """
    from .store.corrections import iter_corrections, list_corrections
    from .store.snapshot import read_snapshot

    db = _library()
    if article_id is not None:
        article_id = _article(article_id, original=True).id
    if as_json:
        from .export.correction_formats import corrections_w3c

        with read_snapshot(db):
            _emit_json_list(corrections_w3c(db, article_id))
        return
    listed = list_corrections(db, article_id) if article_id is not None else iter_corrections(db)
    shown = False
    for c in listed:
        shown = True
        status = "" if c.status == "applied" else f"  [{c.status}]"
        who = f"  {c.editor}" if c.editor else ""
        note = f"  — {c.note}" if c.note else ""
        click.echo(f"{c.id}  {c.article_id}  {c.block}{'' if c.block in ('headline', 'byline') else ' ' + str(c.block_index + 1)}"
                   f"  {c.original!r} → {c.replacement!r}  {c.created_at[:19]}{who}{status}{note}")
    if not shown:
        _say_none(f"no corrections of {article_id}" if article_id else "no corrections")


@corrections.command("export")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              help="File (default, or -: standard output).")
@db_option
def corrections_export(output: Path | None) -> None:
    """Export every correction as a W3C Web Annotation collection (JSON-LD), the format
    `corrections import` reads. Without -o, to standard output.

    \b
    Examples:
      dubao corrections export -o corrections.jsonld
      dubao corrections export | jq '.total'
    """
    from .export.correction_formats import corrections_text

    _write_pieces(output, corrections_text)


@corrections.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@db_option
def corrections_import(file: Path) -> None:
    """Import corrections from a W3C file (as `corrections export` writes them).

    Idempotent: a correction already in the library (same id) is left as it is. Each is
    placed by its position in the article as imported, else by its quoted words; one whose
    words are not in the article is kept as a conflict and named (exit 1).

    \b
    Example:
      dubao corrections import corrections.jsonld
    """
    from .export.annotation_formats import AnnotationFormatError
    from .export.correction_formats import import_corrections

    text = _read_exchange_file(file)
    try:
        report = import_corrections(_writable_library("corrected"), text)
    except AnnotationFormatError as exc:
        raise Failure(f"{file}: {exc}") from None
    for correction_id in report.conflicts:
        click.echo(f"dubao: {file}: {correction_id}: its text is not in the article (kept as a conflict)", err=True)
    click.echo(report.summary(), err=True)
    if report.conflicts:
        sys.exit(EXIT_FAILED)


@corrections.command("revert")
@click.argument("correction_id")
@db_option
def corrections_revert(correction_id: str) -> None:
    """Take a correction back: the passage reads as imported again (ids come from
    `dubao corrections list`).

    \b
    Example:
      dubao corrections revert urn:uuid:a81c2708-9c01-4115-bb3f-069bcd5b8f0c
    """
    from .store.corrections import CorrectionError, revert

    try:
        revert(_writable_library("corrected"), correction_id)
    except CorrectionError as exc:
        raise Failure(str(exc)) from None
    click.echo(f"reverted {correction_id}", err=True)


@cli.command()
@click.option("--full", is_flag=True, help="SQLite's integrity_check (slower: also checks every index).")
@db_option
def check(full: bool) -> None:
    """Check the library file for damage (SQLite's quick_check; read-only).

    Prints one line; exit status 1 when the library is damaged (then see `dubao recover`).

    \b
    Examples:
      dubao check
      dubao --db ~/papers/library.db check --full
    """
    from .store.check import integrity_check, quick_check
    from .store.db import default_library_path, open_untouched
    from .store.errors import LibraryError
    from .store.identity import read_header

    path = click.get_current_context().obj.get("db_path") or default_library_path()
    try:
        db = open_untouched(path)
    except LibraryError as exc:
        if "not a database" in str(exc):
            raise Failure(f"{path}: not a Dubao library (not an SQLite database at all)") from None
        raise Failure(str(exc)) from None
    try:
        read_header(db)
        problems = (integrity_check if full else quick_check)(db)
    except LibraryError as exc:
        raise Failure(f"{path}: {exc}") from None
    finally:
        db.conn.close()
    name = "integrity_check" if full else "quick_check"
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise Failure(f"{path}: damaged: {problems[0]}{more}; save what can be read with "
                      f"`dubao recover -o NEW.db`")
    click.echo(f"{path}: ok ({name} found no problem)")


@cli.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The NEW library to create (must not exist).")
@db_option
def recover(output: Path) -> None:
    """Save what can be read of a damaged library into a NEW library.

    The damaged library is only read, never written. Prints what was saved and lost.

    \b
    Examples:
      dubao recover -o ~/saved.db                    the default library
      dubao recover --db damaged.db -o saved.db
    """
    from .store.db import default_library_path
    from .store.errors import LibraryError
    from .store.recover import recover_library

    path = click.get_current_context().obj.get("db_path") or default_library_path()
    try:
        report = recover_library(path, output)
    except LibraryError as exc:
        raise Failure(str(exc)) from None
    click.echo(f"{output}: {report.summary()}", err=True)


def _write_output(path: Path, data) -> None:
    """Write an export's output (see export/output_file.py); one line when it cannot be.
    Never over the library (or its -wal/-shm): `-o library.db` would destroy it."""
    from .export.output_file import OutputError, is_stdout, write_output

    db = click.get_current_context().obj.get("db")
    library = getattr(db, "path", None)
    if library is not None and not is_stdout(path):
        protected = {os.path.realpath(f"{library}{suffix}") for suffix in ("", "-wal", "-shm", "-journal")}
        if os.path.realpath(path) in protected:
            raise Failure(f"{path}: is the library itself; give another file name")
    try:
        write_output(path, data)
    except OutputError as exc:
        raise Failure(str(exc)) from None


def _write_pieces(output: Path | None, pieces: Callable) -> None:
    """Write what PIECES(library) yields to OUTPUT (standard output when None or -), as it
    comes and from one snapshot of the library: an export of years of notes is never held
    whole, and a count at its head agrees with what follows."""
    from .export.output_file import is_stdout
    from .store.snapshot import read_snapshot

    db = _library()
    if output is None or is_stdout(output):
        with read_snapshot(db):
            for piece in pieces(db):
                click.echo(piece, nl=False)
        return

    def write(path: Path) -> None:
        with read_snapshot(db), open(path, "w", encoding="utf-8", newline="") as handle:
            for piece in pieces(db):
                handle.write(piece)
    _write_output(output, write)


class Terminated(BaseException):
    """SIGTERM: stop like Ctrl-C does (exit 143)."""


def _terminate(signum, frame) -> None:
    raise Terminated()


def _reader_gone() -> bool:
    """Whether click has met a closed pipe (EPIPE) on standard output: it then replaces the
    stream with its PacifyFlushWrapper (so named in click 8.1-8.4, _PacifyFlushWrapper in 8.5)."""
    from click import utils

    # (The old name is deprecated in 8.5: looked up only where the new one is missing.)
    wrapper = getattr(utils, "_PacifyFlushWrapper", None) or getattr(utils, "PacifyFlushWrapper", None)
    return isinstance(wrapper, type) and isinstance(sys.stdout, wrapper)


def main(argv: list[str] | None = None) -> int:
    """Entry point of both `dubao` and `dubao-gui`."""
    obj: dict = {}
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        result = cli.main(args=argv, prog_name="dubao", standalone_mode=False, obj=obj)
    except click.exceptions.Abort as exc:
        if isinstance(exc.__context__, KeyboardInterrupt):
            click.echo("dubao: interrupted", err=True)
            return 130
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
    except Terminated:
        click.echo("dubao: terminated", err=True)
        return 143
    except BrokenPipeError:
        return 0
    except SystemExit:
        # A reader that stops early (`dubao articles | head`): click ends the command with
        # exit 1 and no word, as for a failure. Nothing failed: the reader has what it wanted.
        if _reader_gone():
            return 0
        raise
    except Exception as exc:  # noqa: BLE001 - never a traceback for the user
        from .store.errors import environment_error

        line = environment_error(exc)
        if line is not None:  # the disk or the file, not a fault of ours: say what it is
            where = getattr(obj.get("db"), "path", None) or obj.get("db_path")
            click.echo(f"dubao: {where}: {line}" if where else f"dubao: {line}", err=True)
            return EXIT_FAILED
        if os.environ.get("DUBAO_DEBUG"):
            raise
        click.echo(f"dubao: internal error: {type(exc).__name__}: {exc}", err=True)
        return EXIT_FAILED
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        db = obj.pop("db", None)
        if db is not None:
            try:
                db.close()
            except Exception:  # noqa: BLE001, S110 - closing is best effort; the next open checks
                pass
    return result if isinstance(result, int) else 0


if __name__ == "__main__":
    sys.exit(main())
