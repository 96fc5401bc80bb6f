"""Where an export writes: `-o PATH` done right for every command that writes a file.

`-` is standard output. A symlink is written through (its target is replaced, the link
stays). FIFOs, devices, sockets and folders are refused, and so are read-only files (their
mode says so; root is not asked to mind it, so we do). The data is written to a temporary
file in the target's folder and renamed over it: the target appears whole or not at all.
"""
from __future__ import annotations

import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

STDOUT = "-"


class OutputError(ValueError):
    """The output cannot be written; str() is the one-line reason."""


def is_stdout(path: str | os.PathLike | None) -> bool:
    return path is not None and str(path) == STDOUT


def output_target(path: str | os.PathLike) -> Path:
    """The file that writing to PATH replaces (a symlink's target). Raises OutputError."""
    given = Path(path)
    target = Path(os.path.realpath(given)) if given.is_symlink() else given
    try:
        info = target.stat()
    except FileNotFoundError:
        info = None
    except NotADirectoryError:
        raise OutputError(f"{given}: the folder {target.parent} does not exist (part of its path is a file)") \
            from None
    except OSError as exc:
        raise OutputError(f"{given}: {exc.strerror or exc}") from None
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            raise OutputError(f"{given}: is a folder, not a file name")
        if not stat.S_ISREG(info.st_mode):
            kind = ("a FIFO" if stat.S_ISFIFO(info.st_mode) else "a socket" if stat.S_ISSOCK(info.st_mode)
                    else "a device")
            raise OutputError(f"{given}: is {kind}, not a regular file; give a file name "
                              f"(or - for standard output)")
        if not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(target, os.W_OK):
            raise OutputError(f"{given}: is read-only; not overwritten")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{given}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"{given}: cannot write in {folder} (permission denied)")
    return target


@contextmanager
def temporary_beside(target: Path, suffix: str = "") -> Iterator[Path]:
    """A temporary file in TARGET's folder (same file system: the rename is atomic); gone
    afterwards unless it was renamed."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix + ".part",
                                dir=target.parent if str(target.parent) else ".")
    os.close(fd)
    try:
        yield Path(name)
    finally:
        if os.path.lexists(name):
            os.unlink(name)


def replace_atomically(temporary: Path, target: Path) -> None:
    """Put TEMPORARY in TARGET's place, keeping an existing target's permissions."""
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(temporary, mode)
    os.replace(temporary, target)


def write_output(path: str | os.PathLike, data: bytes | Callable[[Path], None]) -> None:
    """Write DATA (bytes, or a function that writes the file it is given) to PATH, or to
    standard output for `-`. Raises OutputError."""
    if is_stdout(path):
        if callable(data):
            with tempfile.TemporaryDirectory() as folder:
                scratch = Path(folder) / "output"
                data(scratch)
                data = scratch.read_bytes()
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    target = output_target(path)
    try:
        with temporary_beside(target) as temporary:
            if callable(data):
                data(temporary)
            else:
                temporary.write_bytes(data)
            replace_atomically(temporary, target)
    except OSError as exc:
        raise OutputError(f"{path}: {exc.strerror or exc}") from None
