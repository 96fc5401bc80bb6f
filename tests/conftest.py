"""Shared test set-up: Qt runs offscreen, and every test gets its own library."""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("DUBAO_DB", None)

import pytest  # noqa: E402

TESTS = Path(__file__).parent
sys.path.insert(0, str(TESTS))

from helpers.paths import QINGXI, SAMPLE  # noqa: E402


@pytest.fixture
def library_path(tmp_path: Path) -> Path:
    return tmp_path / "library.db"


@pytest.fixture
def db(library_path: Path):
    from reader.store import open_library

    database = open_library(library_path)
    yield database
    database.close()


@pytest.fixture
def sample_db(db):
    from reader.store.importer import import_paths

    report = import_paths(db, [SAMPLE])
    assert not report.failed
    return db


@pytest.fixture
def qingxi_db(db):
    from reader.store.importer import import_paths

    report = import_paths(db, [QINGXI / "qingxi-2023-03-08-p1.md", QINGXI / "qingxi-2023-03-08-p2.md"])
    assert not report.failed
    return db


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Never touch the user's library or settings."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("HOME", str(home))


@pytest.fixture(autouse=True, scope="session")
def _one_qt_application(qapp):
    """One QApplication for the whole session, made before any code can make a bare
    QGuiApplication (the PDF exporter does, when run alone) that widgets cannot use."""
    return qapp
