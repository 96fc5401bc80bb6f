"""Background work: a job runs off the GUI thread; its result, error and progress come
back on the GUI thread as signals. A job never touches a widget."""
from __future__ import annotations

import threading
import traceback
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class Job(QObject):
    """One piece of background work. Connect to the signals before calling start()."""

    finished = Signal(object)        # the function's return value
    failed = Signal(str)             # a one-line message
    progress = Signal(int, int, str)  # done, total, what

    def __init__(self, work: Callable[[Job], object], parent: QObject | None = None,
                 pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self._pool = pool
        self._cancel = threading.Event()
        self.done = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def report(self, done: int, total: int, what: str = "") -> None:
        """Called from the worker thread; delivered queued to the GUI thread."""
        self.progress.emit(done, total, what)

    def run(self) -> None:
        try:
            result = self._work(self)
        except Exception as exc:  # noqa: BLE001 - every failure becomes a message
            traceback.print_exc()
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.finished.emit(result)
        finally:
            self.done.set()

    def start(self, pool: QThreadPool | None = None) -> Job:
        """Run it. Connect to the signals first: a quick job can finish before start()
        returns, and a signal emitted before a connection is lost."""
        # Python keeps the runnable (not Qt's auto-delete), so it cannot be collected or
        # deleted under the thread that runs it.
        self._runner = _Runner(self)
        self._runner.setAutoDelete(False)
        (pool or self._pool or QThreadPool.globalInstance()).start(self._runner)
        return self


class _Runner(QRunnable):
    def __init__(self, job: Job) -> None:
        super().__init__()
        self.job = job  # holds the Job alive until it has run

    def run(self) -> None:
        self.job.run()
