"""Stopping `dubao import`: SIGINT and SIGTERM stop cleanly (exit 130 / 143) and say what
was kept; after SIGTERM or kill -9 no parse worker or resource tracker is left behind."""
from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers.pages import make_issue_pages

from reader.store import open_library

# Enough pages that an import on an idle machine is still running when the signal comes
# (400 once finished within the second the test waits for a first batch to be stored).
PAGES = 4000


def descendants(pid: int) -> set[int]:
    """Every process below PID (Linux /proc)."""
    found: set[int] = set()
    stack = [pid]
    while stack:
        current = stack.pop()
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                children = (task / "children").read_text().split()
            except OSError:
                continue
            for child in map(int, children):
                if child not in found:
                    found.add(child)
                    stack.append(child)
    return found


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in state  # a zombie has exited


def start(tmp_path, count: int = PAGES) -> tuple[subprocess.Popen, Path]:
    make_issue_pages(tmp_path / "pages", count)
    library = tmp_path / "lib.db"
    process = subprocess.Popen([sys.executable, "-m", "reader.cli", "--db", str(library), "import",
                                "--workers", "2", str(tmp_path / "pages")],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return process, library


def wait_for_workers(process: subprocess.Popen, at_least: int = 3) -> set[int]:
    """The pool's workers and the resource tracker, once they are all running."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        children = descendants(process.pid)
        if len(children) >= at_least:
            time.sleep(1.0)  # let some files be stored
            return descendants(process.pid)
        if process.poll() is not None:
            pytest.fail(f"the import ended before its workers started: {process.communicate()}")
        time.sleep(0.05)
    pytest.fail("the import's workers did not start")


def wait_gone(pids: set[int], seconds: float = 30) -> set[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        left = {pid for pid in pids if running(pid)}
        if not left:
            return set()
        time.sleep(0.1)
    return left


def pages_in(library: Path) -> int:
    db = open_library(library)
    try:
        return db.execute("SELECT COUNT(*) FROM pages").fetchone()[0]
    finally:
        db.close()


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_stops_the_import_cleanly_and_says_what_was_kept(tmp_path, signum, code):
    process, library = start(tmp_path)
    workers = wait_for_workers(process)
    process.send_signal(signum)
    _, err = process.communicate(timeout=120)
    assert process.returncode == code, err
    assert "Traceback" not in err, err
    lines = [line for line in err.splitlines() if "stopped" in line]
    assert len(lines) == 1, err
    kept = int(lines[0].split("kept ")[1].split()[0].replace(",", ""))
    assert kept == pages_in(library) and kept < PAGES
    assert wait_gone(workers) == set()


def test_kill_9_leaves_no_worker_or_resource_tracker(tmp_path):
    process, library = start(tmp_path)
    workers = wait_for_workers(process)
    process.kill()
    process.communicate(timeout=60)
    assert wait_gone(workers) == set()
    # Whatever was committed is whole: the library opens and checks clean.
    db = open_library(library)
    assert db.checked_after_crash
    db.close()
