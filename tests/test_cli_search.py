"""`dubao search` from the command line: paging, totals, notes on the query, options — and
what the command loads (structure, not timing)."""
from __future__ import annotations

import json
import subprocess
import sys

from test_cli import assert_one_line_error, dubao, lib, ok_json  # noqa: F401 - lib is a fixture


def test_offset_pages_through_one_order(lib):  # noqa: F811
    everything = ok_json(dubao("search", "记者", "--json", "--limit", "50", db=lib))
    assert len(everything) > 3
    page = ok_json(dubao("search", "记者", "--json", "--limit", "2", "--offset", "2", db=lib))
    assert [h["id"] for h in page] == [h["id"] for h in everything[2:4]]


def test_total_and_notes_go_to_stderr(lib):  # noqa: F811
    run = dubao("search", "记者", db=lib)
    assert run.returncode == 0 and " matches; 1–" in run.stderr
    run = dubao("search", "工会 -工", db=lib)
    assert run.returncode == 0 and run.stdout == ""
    assert "exclude every one" in run.stderr and "no matches" in run.stderr
    run = dubao("search", "-工会", db=lib)
    assert run.returncode == 0 and "only excludes" in run.stderr


def test_search_options_and_help(lib):  # noqa: F811
    assert ok_json(dubao("search", "工会", "--json", "--exact-script", db=lib))
    assert ok_json(dubao("search", "工会", "--json", "--original", db=lib))
    help_text = dubao("search", "--help").stdout
    for needle in ("OR", "-消防", "NOT", '"New York"', "--exact-script", "--offset", "--original"):
        assert needle in help_text


def test_a_bad_date_is_one_line(lib):  # noqa: F811
    assert_one_line_error(dubao("search", "工会", "--since", "yesterday", db=lib), 2, "--since")


def test_search_loads_neither_the_parser_nor_qt_nor_sqlite_utils(lib):  # noqa: F811
    code = (
        "import sys\n"
        "from reader.cli import main\n"
        f"main(['search', '工会', '--db', {str(lib)!r}])\n"
        "loaded = [m for m in sys.modules if m.startswith(('reader.parsing.', 'PySide6', 'sqlite_utils'))]\n"
        "print(json.dumps(loaded))\n"
    )
    run = subprocess.run([sys.executable, "-c", "import json\n" + code], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    loaded = json.loads(run.stdout.strip().splitlines()[-1])
    # The store rejoins a sentence a jump cut with the parser's one light rule (text.joining).
    assert [m for m in loaded if m not in ("reader.parsing.text", "reader.parsing.text.joining")] == []


def test_version_loads_nothing_of_the_store():
    code = ("import sys\nfrom reader.cli import main\nmain(['--version'])\n"
            "print([m for m in sys.modules if m.startswith(('reader.store.', 'reader.parsing', 'sqlite_utils'))"
            " and m != 'reader.store.query_help'])")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and run.stdout.strip().splitlines()[-1] == "[]"
