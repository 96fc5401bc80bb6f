"""Background work: a job runs off the GUI thread; its result, error and progress come
back on the GUI thread as signals. A job never touches a widget.

Jobs have no Qt parent: Python owns each one, and `running` holds it from start() until its
end has been delivered on the GUI thread, then lets it go — 300 searches leave no Job behind."""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

log = logging.getLogger("dubao.ui")

# Jobs started and not yet ended (as seen from the GUI thread).
running: set[Job] = set()


class Job(QObject):
    """One piece of background work. Connect to the signals before calling start()."""

    finished = Signal(object)        # the function's return value
    failed = Signal(str)             # a one-line message
    progress = Signal(int, int, str)  # done, total, what
    _ended = Signal()

    def __init__(self, work: Callable[[Job], object], pool: QThreadPool | None = None) -> None:
        super().__init__()
        self._work = work
        self._pool = pool
        self._cancel = threading.Event()
        self.done = threading.Event()
        # Set by the thread that ran the job once it holds no reference to it any more: only
        # then may the GUI thread drop the last one, so that the QObject is always destroyed
        # on the GUI thread (destroyed on a worker while the GUI thread delivered one of its
        # queued signals, it crashed).
        self.released_by_worker = threading.Event()
        self._runner: _Runner | None = None

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def report(self, done: int, total: int, what: str = "") -> None:
        """Called from the worker thread; delivered queued to the GUI thread."""
        self.progress.emit(done, total, what)

    def run(self) -> None:
        """Do the work in the calling thread (a pool's, or the writer's)."""
        try:
            result = self._work(self)
        except Exception as exc:  # noqa: BLE001 - every failure becomes a message
            log.exception("background job failed")
            self.failed.emit(error_line(exc))
        else:
            self.finished.emit(result)
        finally:
            self.done.set()
            self._ended.emit()

    def start(self, pool: QThreadPool | None = None) -> Job:
        """Run it. Connect to the signals first: a quick job can finish before start()
        returns, and a signal emitted before a connection is lost."""
        self._adopt()
        self._runner = _Runner(self)
        self._runner.setAutoDelete(False)
        (pool or self._pool or QThreadPool.globalInstance()).start(self._runner)
        return self

    def _adopt(self) -> None:
        """Keep the job alive until its end reaches the GUI thread (connected last, so it
        runs after the caller's own slots)."""
        running.add(self)
        self._ended.connect(self._release)

    def _release(self) -> None:
        # Let go after the current signal delivery has returned, never inside it.
        QTimer.singleShot(0, lambda job=self: _forget(job))


def _forget(job: Job) -> None:
    if not job.released_by_worker.is_set():  # the worker is between its last emit and return
        QTimer.singleShot(5, lambda: _forget(job))
        return
    job._runner = None
    running.discard(job)


def error_line(exc: BaseException) -> str:
    """One line for a person: the store's own errors say it all; others get their type."""
    from ..store import LibraryError

    if isinstance(exc, LibraryError):
        return str(exc)
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if "readonly database" in text or "read-only" in text:
        return "the library is read-only: nothing was changed"
    if "database or disk is full" in text:
        return "the disk is full: nothing of this change was kept"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class _Runner(QRunnable):
    def __init__(self, job: Job) -> None:
        super().__init__()
        self.job = job  # holds the Job alive until it has run

    def run(self) -> None:
        job, self.job = self.job, None  # the pool may keep its runnable: it must not keep the job
        released = job.released_by_worker
        job.run()
        del job
        released.set()
