"""One file → a page ready to write: read, parse, hash and tokenise. Pure (no library, no
SQL), so it runs in worker processes; everything that costs CPU happens here and the
writer only writes."""
from __future__ import annotations

import collections
import functools
import hashlib
import inspect
import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ... import parsing as parsing_package
from ...parsing import NotAPageError, ParsedPage
from ...parsing.decode import text_lines
from ...parsing.model import Article
from .. import search_index
from ..assemble import StoredArticle

POOL_MIN_FILES = 64  # fewer files than this are parsed here: starting workers costs more
CHUNK_FILES = 16  # files a worker prepares per round trip
CHUNKS_AHEAD_PER_WORKER = 4  # chunks in flight per worker: enough to keep it busy, few in memory


@dataclass
class PreparedFile:
    path: str
    sha256: str = ""
    size: int = 0
    parsed: ParsedPage | None = None
    error: str | None = None
    content_hash: str = ""
    tokens: list[tuple[str, str]] = field(default_factory=list)  # per article: headline, body
    resolved: str = ""  # the absolute path with links resolved (the writer's sources.path)
    parse_key: str | None = None  # parse_key(): None when the parse read other files too


@functools.cache
def _parser_keywords() -> frozenset[str]:
    """The options the parser's entry point takes (publication=, lenient=)."""
    return frozenset(inspect.signature(parsing_package.parse_file).parameters)


def parse_source(path: str, *, lenient: bool = False, publication: str | None = None,
                 data: bytes | None = None) -> ParsedPage:
    """Parse one file with the parser's dispatcher (DATA: its bytes, read already). Raises
    NotAPageError or OSError."""
    options = {"lenient": lenient, "publication": publication, "data": data}
    accepted = _parser_keywords()
    parsed = parsing_package.parse_file(path, **{k: v for k, v in options.items()
                                                 if k in accepted and v})
    if publication and not parsed.publication.name:
        parsed.publication.name = publication
    return parsed


def prepare_file(path: str, *, lenient: bool = False, publication: str | None = None) -> PreparedFile:
    """Read and parse one file; never raises (a bad file is an error in the result)."""
    try:
        raw = Path(path).read_bytes()
    except IsADirectoryError:
        return PreparedFile(path, error="is a folder")
    except OSError as exc:
        return PreparedFile(path, error=exc.strerror or str(exc))
    prepared = PreparedFile(path, hashlib.sha256(raw).hexdigest(), len(raw))
    try:
        parsed = parse_source(path, lenient=lenient, publication=publication, data=raw)  # read once
    except NotAPageError as exc:
        prepared.error = str(exc)
        return prepared
    except RecursionError:
        prepared.error = "nested too deeply to read"
        return prepared
    except OSError as exc:
        prepared.error = exc.strerror or str(exc)
        return prepared
    except Exception as exc:  # noqa: BLE001 - a parser fault stops this file, not the import
        prepared.error = f"could not be read ({type(exc).__name__}: {exc})"
        return prepared
    prepared.parsed = parsed
    prepared.resolved = str(Path(path).resolve())
    inputs = getattr(parsed, "inputs", ())
    prepared.content_hash = source_hash(raw, parsed.encoding, f"{publication or ''}|{lenient}", inputs)
    if not inputs and len(parsed.pages) == 1:
        prepared.parse_key = parse_key(prepared.sha256, path, lenient=lenient, publication=publication)
    prepared.tokens = [search_index.article_tokens(stored_from_parsed("", "", parsed, article))
                       for page in parsed.pages for article in page.articles]
    return prepared


def source_hash(raw: bytes, encoding: str, options: str = "", inputs=()) -> str:
    """What decides whether a page changed: its text with line ends, BOM and trailing blanks
    normalised (so a GB18030 copy of a UTF-8 page is the same page), under the parser's own
    fingerprint (a new parser version makes every page worth importing again), the
    import's options and the other files the parse read (INPUTS)."""
    try:
        text = raw.decode(encoding or "utf-8", errors="replace")
    except LookupError:
        text = raw.decode("utf-8", errors="replace")
    digest = hashlib.sha256(parser_fingerprint().encode() + options.encode())
    digest.update("\n".join(text_lines(text)).encode("utf-8"))
    for extra in inputs:  # the other files the parse read (a METS issue's ALTO pages)
        try:
            digest.update(b"\0" + hashlib.sha256(Path(extra).read_bytes()).digest())
        except OSError:
            digest.update(b"\0missing")
    return digest.hexdigest()


def parse_key(sha256: str, path: str, *, lenient: bool, publication: str | None) -> str:
    """What makes a file's parse the same as before without parsing it: its bytes (their
    SHA256), the path the parser was given (as given: a plain page's date, page and paper
    may come from its folders' and its own name), the parser (its fingerprint) and the
    import's options. Only for a file of one page whose parse read no other file (a METS
    issue reads its ALTO pages; a file of several pages has a source row for each)."""
    text = f"{parser_fingerprint()}|{publication or ''}|{lenient}|{sha256}|{path}"
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


@functools.cache
def parser_fingerprint() -> str:
    """A hash of the parser's source (all its modules, sub-packages too): pages parse the
    same while it is unchanged."""
    digest = hashlib.sha256()
    folder = Path(parsing_package.__file__).parent
    for source in sorted(folder.rglob("*.py")):
        digest.update(str(source.relative_to(folder)).encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()


def stored_from_parsed(article_id: str, publication: str, parsed: ParsedPage, article: Article) -> StoredArticle:
    return StoredArticle(
        id=article_id, publication=publication, date=parsed.issue.date, pages=[parsed.page.number],
        headline=article.headline, kind=article.kind, byline=article.byline, dateline=article.dateline,
        reporters=list(article.reporters), photographers=list(article.photographers),
        paragraphs=list(article.paragraphs),
        captions=[{"text": c.text, "credit": c.credit, "image": c.image} for c in article.captions],
        tables=article.tables, continued_from=article.continued_from, continued_to=article.continued_to,
        layout=list(article.layout),
    )


# --- worker processes ----------------------------------------------------------------------

def _die_with_parent() -> None:
    """Worker initializer: exit as soon as the parent process is gone, however it died
    (kill -9 included). Workers wait on a queue whose writing end they hold themselves, so
    without this they would wait for ever, and keep the resource tracker alive with them."""
    # Ctrl-C reaches the whole process group: the parent decides when workers stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    exit_with_parent()


def exit_with_parent(name: str = "dubao-parent-watch") -> None:
    """In a child process: exit at once when the parent process is gone (kill -9 included);
    SQLite rolls back whatever transaction the child had open."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name=name, daemon=True).start()


def prepared_files(files: list[Path], workers: int, *, lenient: bool = False,
                   publication: str | None = None) -> Iterator[PreparedFile]:
    """Prepared files in order. With WORKERS > 0 (and files enough to pay for starting
    them), that many processes prepare while this one writes; they are spawned, not forked,
    so that a GUI's threads are never copied into them."""
    names = [str(f) for f in files]
    if workers <= 0 or len(names) < POOL_MIN_FILES:
        prepare = functools.partial(prepare_file, lenient=lenient, publication=publication)
        yield from map(prepare, names)
        return
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_die_with_parent)
    # A bounded number of chunks in flight (Executor.map would submit every file at once):
    # when the writer is slower than the workers, parsed pages must wait in the workers'
    # queue, not pile up in this process's memory — a million-article import would not fit.
    ahead = max(2, workers * CHUNKS_AHEAD_PER_WORKER)
    pending: collections.deque = collections.deque()
    try:
        for start in range(0, len(names), CHUNK_FILES):
            pending.append(pool.submit(_prepare_chunk, names[start:start + CHUNK_FILES], lenient, publication))
            if len(pending) >= ahead:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:  # a cancelled import must not wait for the files it will not store
        pool.shutdown(wait=True, cancel_futures=True)


def _prepare_chunk(paths: list[str], lenient: bool, publication: str | None) -> list[PreparedFile]:
    """Worker side: several files per round trip (one message each way per chunk)."""
    return [prepare_file(path, lenient=lenient, publication=publication) for path in paths]
