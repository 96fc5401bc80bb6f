"""The window's one writer: a thread with its own connection that takes write jobs from a
queue and runs them one at a time, as Datasette's write thread and Anki's operations do.
Bookmarks, annotations, imports, removals, corrections and index rebuilds all go through
it, so the window never holds two write transactions and the GUI thread never waits for
the library's write lock. Results and errors come back on the GUI thread as the jobs'
signals.

A long job (an import) drains the queue's short jobs between its batches (`yield_point`),
so a bookmark made during an hour-long import is saved within a batch, not after the hour."""
from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable

from PySide6.QtCore import QThread
from sqlite_utils import Database

from .jobs import Job


class WriteJob(Job):
    """A job for the writer: WORK gets the writer's connection."""

    def __init__(self, work: Callable[[Database], object], *, long: bool = False,
                 with_job: bool = False) -> None:
        self._db_work = work
        self._with_job = with_job
        super().__init__(_call_with_db)  # a plain function: no reference cycle through the job
        self.long = long
        self.db: Database | None = None
        self.writer: WriterThread | None = None

    def start(self, pool=None) -> WriteJob:  # noqa: ARG002 - a write job runs on its writer
        """Queue it on its writer (for callers that connect first, then start)."""
        assert self.writer is not None, "a WriteJob is started by WriterThread.submit()"
        return self.writer.submit(self)


def _call_with_db(job: WriteJob):
    return job._db_work(job.db, job) if job._with_job else job._db_work(job.db)


class WriterThread(QThread):
    def __init__(self, open_db: Callable[[], Database], parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("dubao-writer")
        self._open_db = open_db
        self._jobs: deque[WriteJob] = deque()
        self._wake = threading.Condition()
        self._stopping = False
        self.db: Database | None = None
        self.ident: int | None = None  # the thread's id, once it runs
        # Set while one of our imports runs in a process of its own: a short job raises it
        # so that the import pauses between two batches and lets this thread write.
        self.lock_wanted = None  # a multiprocessing Event, or None

    def submit(self, job: WriteJob) -> WriteJob:
        """Queue JOB (connect to its signals first)."""
        job._adopt()
        with self._wake:
            if self._stopping:
                raise RuntimeError("the library is closing")
            self._jobs.append(job)
            self._wake.notify()
        return job

    def pending(self) -> int:
        with self._wake:
            return len(self._jobs)

    def stop(self, timeout_ms: int = 30000) -> None:
        """Finish the queued jobs, then end the thread and close its connection."""
        with self._wake:
            self._stopping = True
            self._wake.notify()
        self.wait(timeout_ms)

    def run(self) -> None:
        self.ident = threading.get_ident()
        self.db = self._open_db()
        try:
            while True:
                with self._wake:
                    while not self._jobs and not self._stopping:
                        self._wake.wait()
                    if not self._jobs:
                        return
                    job = self._jobs.popleft()
                released = job.released_by_worker
                self._run(job)
                del job  # before saying so: the GUI thread must hold the last reference
                released.set()
        finally:
            self.db.close()
            self.db = None

    def _run(self, job: WriteJob) -> None:
        job.db = self.db
        wanted = self.lock_wanted if not job.long else None
        if wanted is not None:
            wanted.set()
        try:
            job.run()
        finally:
            job.db = None
            if wanted is not None:
                wanted.clear()

    def yield_point(self) -> None:
        """Called by a long job between its transactions (never inside one): run the short
        jobs queued meanwhile."""
        if self.db is None or self.db.conn.in_transaction:
            return
        while True:
            with self._wake:
                job = next((j for j in self._jobs if not j.long), None)
                if job is None:
                    return
                self._jobs.remove(job)
            released = job.released_by_worker
            self._run(job)
            del job
            released.set()
