"""Running code as a user whom file modes bind. As root, modes are not enforced, so a
read-only library cannot be made by chmod: the code then runs in a subprocess as `nobody`
(with an interpreter that user can run, and this checkout on its path). Files for it must
live in a folder `nobody` can reach: `shared_tmp()` makes one."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from functools import cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent.parent
NOBODY = 65534


def _as_nobody() -> None:
    os.setgroups([])
    os.setgid(NOBODY)
    os.setuid(NOBODY)


@cache
def _interpreter() -> tuple[str, dict]:
    """An interpreter that can import reader and sqlite_utils, as whoever runs the code."""
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": os.pathsep.join(
        [str(REPO), sysconfig.get_paths()["purelib"]]), "HOME": "/tmp", "LANG": "C.UTF-8"}
    if os.geteuid() != 0:
        return sys.executable, {**os.environ, **{k: env[k] for k in ("PYTHONPATH",)}}
    candidates = [sys.executable, os.path.realpath(sys.executable), shutil.which("python3", path="/usr/bin")]
    for candidate in filter(None, candidates):
        try:
            run = subprocess.run([candidate, "-c", "import reader.store, sqlite_utils, click"],
                                 preexec_fn=_as_nobody, env=env, cwd="/tmp", capture_output=True, timeout=60)
        except OSError:
            continue
        if run.returncode == 0:
            return candidate, env
    pytest.fail("running as root and no Python interpreter can run this checkout as user nobody "
                "(needed to test file permissions)")


def run_unprivileged(args: list[str], *, timeout: float = 120) -> subprocess.CompletedProcess:
    """`python ARGS…` as a user file modes apply to."""
    interpreter, env = _interpreter()
    return subprocess.run([interpreter, *args], env=env, cwd="/tmp", capture_output=True, text=True,
                          timeout=timeout, preexec_fn=_as_nobody if os.geteuid() == 0 else None)


def shared_tmp() -> Path:
    """A new folder the unprivileged user can reach and write (remove it when done)."""
    folder = Path(tempfile.mkdtemp(prefix="dubao-perm-", dir="/tmp"))
    folder.chmod(0o777)
    return folder
