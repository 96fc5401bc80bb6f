"""An import started from the window, run in a process of its own, as `dubao import` is: the
window's process keeps its memory and its interpreter lock (the GUI stays responsive and
small), and the import runs at the command line's speed, its files parsed in worker
processes of the import process.

The window asks through a pipe and two events: progress and the report come back over the
pipe; `cancel` stops it after the file being stored (every file whole or absent, as with
Ctrl-C on the command line); `lock_wanted` asks it to pause between two transactions so
that a bookmark or a highlight made meanwhile is written within a batch (a second), not
after the import.

No Qt here: the import process imports this module and the store, nothing of the GUI."""
from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import time
from collections.abc import Callable

from ..store.errors import LibraryError

PROGRESS_INTERVAL = 0.05   # seconds between progress messages (20,000 files: not 20,000 repaints)
PAUSE_AT_MOST = 10.0       # seconds the import waits for the window's writer before going on


def run_import(db_path: str, paths: list[str], workers: int, conn, cancel, lock_wanted) -> None:
    """The import process: import PATHS into the library, sending ("progress", done, total,
    name) messages and at the end ("report", ImportReport) or ("error", one line)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C in the window's terminal: the window decides
    from ..store.importer.prepare import exit_with_parent

    exit_with_parent("dubao-window-watch")  # the window died (kill -9 included): stop at once
    from ..store import open_library
    from ..store.errors import environment_error
    from ..store.importer import import_paths

    try:
        db = open_library(db_path)  # as the command line: its session says it has the library open
    except LibraryError as exc:
        conn.send(("error", str(exc)))
        return
    last = [0.0]

    def progress(done: int, total: int, name: str) -> None:
        now = time.monotonic()
        if done == total or now - last[0] >= PROGRESS_INTERVAL:
            last[0] = now
            conn.send(("progress", done, total, name))
        if lock_wanted.is_set() and not db.conn.in_transaction:
            # Between two batches: let the window's writer have the lock, then go on.
            deadline = time.monotonic() + PAUSE_AT_MOST
            while lock_wanted.is_set() and time.monotonic() < deadline and not cancel.is_set():
                time.sleep(0.005)

    try:
        report = import_paths(db, paths, progress=progress, should_cancel=cancel.is_set, workers=workers)
    except Exception as exc:  # noqa: BLE001 - every failure becomes one line for the window
        line = environment_error(exc) or (str(exc) if isinstance(exc, LibraryError) else
                                          f"{type(exc).__name__}: {exc}")
        kept = getattr(exc, "import_report", None)
        if kept is not None:
            line += f"; kept the {kept.committed} files imported before it"
        conn.send(("error", line))
    else:
        conn.send(("report", report))
    finally:
        db.close()


class ImportProcess:
    """The window's side of one import process. `wait` runs in a thread of the window (never
    the GUI thread): it relays progress and returns the report, or raises ImportFailed."""

    def __init__(self, db_path: str, paths: list[str], workers: int, lock_wanted) -> None:
        context = multiprocessing.get_context("spawn")  # never fork a process with Qt's threads
        self._conn, child_conn = context.Pipe(duplex=False)
        self.cancel_event = context.Event()
        self.process = context.Process(
            target=run_import, name="dubao-import",
            args=(db_path, list(paths), workers, child_conn, self.cancel_event, lock_wanted))
        self.process.start()
        child_conn.close()  # ours is closed: a dead child ends the pipe (EOFError), not a hang

    def wait(self, progress: Callable[[int, int, str], None], cancelled: Callable[[], bool]):
        try:
            while True:
                if cancelled():
                    self.cancel_event.set()
                if not self._conn.poll(0.1):
                    continue
                try:
                    message = self._conn.recv()
                except EOFError:
                    self.process.join()
                    raise ImportFailed(f"the import process ended unexpectedly "
                                       f"(exit status {self.process.exitcode})") from None
                if message[0] == "progress":
                    progress(*message[1:])
                elif message[0] == "report":
                    return message[1]
                else:
                    raise ImportFailed(message[1])
        finally:
            self._conn.close()
            self.process.join(30)


class ImportFailed(LibraryError):
    """The import process could not import (its one line says why)."""
