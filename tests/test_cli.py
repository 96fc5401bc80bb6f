"""The command line as scripts use it: exit codes, JSON, one-line errors, no tracebacks."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.paths import QINGXI, SAMPLE


def dubao(*args: str, db: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "reader.cli", *args]
    if db is not None:
        command += ["--db", str(db)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, env=env)


def ok_json(run: subprocess.CompletedProcess):
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def assert_one_line_error(run: subprocess.CompletedProcess, code: int, *needles: str) -> None:
    assert run.returncode == code, (run.stdout, run.stderr)
    assert "Traceback" not in run.stderr
    for needle in needles:
        assert needle in run.stderr


@pytest.fixture
def lib(tmp_path) -> Path:
    path = tmp_path / "lib.db"
    run = dubao("import", str(SAMPLE), str(QINGXI / "qingxi-2023-03-08-p1.md"),
                str(QINGXI / "qingxi-2023-03-08-p2.md"), db=path)
    assert run.returncode == 0, run.stderr
    return path


def test_parse_json_shape():
    data = ok_json(dubao("parse", str(SAMPLE), "--json"))
    assert set(data) >= {"publication", "issue", "pages"}
    article = data["pages"][0]["articles"][0]
    assert set(article) >= {"headline", "kind", "byline", "dateline", "reporters", "photographers", "paragraphs",
                            "captions", "tables", "continued_from", "continued_to"}
    assert data["issue"]["number"] == 12135


def test_import_articles_show_search(lib):
    articles = ok_json(dubao("articles", "--json", db=lib))
    assert len(articles) == 9
    assert set(articles[0]) == {"id", "publication", "date", "pages", "headline"}
    story = next(a for a in articles if a["pages"] == [1, 2])
    shown = ok_json(dubao("show", story["id"], "--json", db=lib))
    assert shown["id"] == story["id"] and shown["pages"] == [1, 2]
    assert "争取更多的高层次人才落户园区" in "".join(shown["paragraphs"])
    hits = ok_json(dubao("search", "工会", "--json", "--limit", "2", db=lib))
    assert len(hits) == 2
    assert set(hits[0]) == {"id", "headline", "publication", "date", "pages", "snippet", "score", "kind"}
    assert hits[0]["kind"] == "article"
    assert "«工会»" in hits[0]["snippet"]
    assert ok_json(dubao("search", "工会", "--json", "--publication", "青溪日报", db=lib)) == []


def test_db_from_environment(lib):
    import os

    env = dict(os.environ, DUBAO_DB=str(lib))
    assert len(ok_json(dubao("articles", "--json", env=env))) == 9


def test_import_reports_bad_files_and_exits_1(tmp_path):
    (tmp_path / "bad.md").write_bytes(b"")
    run = dubao("import", str(tmp_path / "bad.md"), str(SAMPLE), str(tmp_path / "nope"), db=tmp_path / "l.db")
    assert_one_line_error(run, 1, "bad.md: file is empty", "nope: no such file or folder")
    assert len(ok_json(dubao("articles", "--json", db=tmp_path / "l.db"))) == 4


def test_errors_are_one_line(lib, tmp_path):
    assert_one_line_error(dubao("show", "nope", db=lib), 1, "no article with id 'nope'")
    assert_one_line_error(dubao("parse", str(tmp_path / "missing.md")), 1, "missing.md")
    assert_one_line_error(dubao("search", "x", "--since", "yesterday", db=lib), 2, "--since")
    assert_one_line_error(dubao("frobnicate"), 2)
    assert_one_line_error(dubao("articles", db=tmp_path), 2, "is a directory")
    (tmp_path / "junk.db").write_bytes(b"this is not a database" * 100)
    assert_one_line_error(dubao("articles", db=tmp_path / "junk.db"), 1, "not a Dubao library")


def test_bookmarks_annotations_and_citations(lib, tmp_path):
    articles = ok_json(dubao("articles", "--json", db=lib))
    first = articles[0]["id"]
    assert dubao("bookmark", "add", first, db=lib).returncode == 0
    assert [b["id"] for b in ok_json(dubao("bookmark", "list", "--json", db=lib))] == [first]
    assert_one_line_error(dubao("bookmark", "add", "nope", db=lib), 1, "no article")
    run = dubao("annotate", first, "--quote", "史济锡出席会议并讲话", "--note", "讲话", "--tag", "人物", db=lib)
    assert run.returncode == 0 and run.stdout.startswith("urn:uuid:")
    assert_one_line_error(dubao("annotate", first, "--quote", "不存在的话", db=lib), 1, "quote not found")
    assert_one_line_error(dubao("annotate", first, "--quote", "工会", db=lib), 1, "--occurrence")
    assert dubao("annotate", first, "--quote", "工会", "--occurrence", "2", db=lib).returncode == 0
    exported = tmp_path / "notes.jsonld"
    assert dubao("annotations", "export", "--format", "w3c", "-o", str(exported), db=lib).returncode == 0
    assert json.loads(exported.read_text(encoding="utf-8"))["total"] == 2
    markdown = dubao("annotations", "export", "--format", "markdown", db=lib)
    assert "> 史济锡出席会议并讲话" in markdown.stdout
    other = tmp_path / "other.db"
    dubao("import", str(SAMPLE), db=other)
    run = dubao("annotations", "import", str(exported), db=other)
    assert run.returncode == 0 and "2 added" in run.stderr
    assert "0 added, 2 already present" in dubao("annotations", "import", str(exported), db=other).stderr
    empty = tmp_path / "empty.db"
    run = dubao("annotations", "import", str(exported), db=empty)
    assert_one_line_error(run, 1, "not in this library")
    cite = dubao("cite", first, db=lib).stdout.strip()
    assert cite == ("阮向民. 全省工会数字化改革推进会强调 加快建成一批具有工会辨识度 和全省影响力的标志性成果[N]. "
                    "浙江工人日报, 2022-06-17(1).")
    photo = next(a["id"] for a in articles if a["headline"] == "应急处置练兵")
    assert dubao("cite", photo, db=lib).stdout.strip() == "应急处置练兵[N]. 浙江工人日报, 2022-06-17(1)."
    assert dubao("cite", photo, "--plain", db=lib).stdout.strip() == "浙江工人日报 2022年6月17日 第1版"


def test_cli_does_not_import_qt_widgets(lib):
    code = ("import sys; from reader.cli import main; main(['--db', sys.argv[1], 'search', '工会']);"
            "assert 'PySide6.QtWidgets' not in sys.modules, 'widgets imported'")
    run = subprocess.run([sys.executable, "-c", code, str(lib)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr


# --- help texts: the default library, every command explained with an example ---------------

def _all_commands():
    import click

    from reader.cli import cli

    def walk(group: click.Group, prefix: tuple[str, ...]):
        for name, command in group.commands.items():
            yield (*prefix, name), command
            if isinstance(command, click.Group):
                yield from walk(command, (*prefix, name))
    return list(walk(cli, ()))


def test_help_names_the_default_library(tmp_path):
    import os

    from platformdirs import user_data_dir

    env = {k: v for k, v in os.environ.items() if k != "DUBAO_DB"}
    run = dubao("--help", env=env)
    assert run.returncode == 0, run.stderr
    # Help wraps long paths anywhere: compare with the white space taken out.
    flat = "".join(run.stdout.split())
    assert str(Path(user_data_dir("dubao", appauthor=False)) / "library.db") in flat
    assert "$DUBAO_DB" in flat
    elsewhere = tmp_path / "elsewhere.db"
    run = dubao("search", "--help", env={**env, "DUBAO_DB": str(elsewhere)})
    assert f"{elsewhere},from$DUBAO_DB" in "".join(run.stdout.split())


@pytest.mark.parametrize("path", [p for p, _ in _all_commands()], ids=" ".join)
def test_every_command_has_help_with_an_example(path):
    from click.testing import CliRunner

    from reader.cli import cli

    result = CliRunner().invoke(cli, [*path, "--help"], obj={})
    assert result.exit_code == 0, result.output
    description = result.output.split("Options:")[0]
    assert len(description.splitlines()) > 2, f"`dubao {' '.join(path)}` has no help text"
    assert f"dubao {' '.join(path)}" in description, f"`dubao {' '.join(path)} --help` shows no example"


def test_group_listings_describe_their_subcommands():
    import click

    for path, command in _all_commands():
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                assert sub.get_short_help_str(), f"`dubao {' '.join(path)} {name}` has no short help"


@pytest.mark.parametrize("path", [p for p, _ in _all_commands()], ids=" ".join)
def test_every_command_and_option_is_in_the_reference(path):
    """docs/cli.md is the whole reference: a command added without it is caught here."""
    from reader.cli import cli

    reference = (Path(__file__).parents[1] / "docs" / "cli.md").read_text(encoding="utf-8")
    assert f"dubao {' '.join(path)}" in reference, f"docs/cli.md does not document `dubao {' '.join(path)}`"
    command = cli
    for name in path:
        command = command.commands[name]
    for param in command.params:
        for flag in [*param.opts, *param.secondary_opts]:
            if flag.startswith("--") and flag not in ("--db", "--help"):
                assert flag in reference, f"docs/cli.md does not mention `dubao {' '.join(path)} {flag}`"


def test_color_lists_its_choices_and_rejects_others(lib):
    from reader.cli import HIGHLIGHT_COLORS
    from reader.store.annotations import COLORS

    assert HIGHLIGHT_COLORS == COLORS
    run = dubao("annotate", "--help")
    assert "[yellow|green|blue|pink|orange]" in run.stdout
    first = ok_json(dubao("articles", "--json", db=lib))[0]["id"]
    run = dubao("annotate", first, "--quote", "工会", "--occurrence", "1", "--color", "purple", db=lib)
    assert_one_line_error(run, 2, "purple", "yellow")


def test_short_version_flag():
    long_run, short_run = dubao("--version"), dubao("-V")
    assert long_run.returncode == short_run.returncode == 0
    assert short_run.stdout == long_run.stdout and "dubao" in short_run.stdout


def test_listings_of_an_article_with_no_page_number_or_date(tmp_path):
    # A story file that names neither its page nor its date: `show` printed "第版" and
    # search and bookmark listings an empty "p." and no date column.
    page = tmp_path / "story.md"
    page.write_text("# 助力双方交往\n\n身着中国传统民族服装的青年依次登台表演中国民族舞。\n", encoding="utf-8")
    lib = tmp_path / "lib.db"
    assert dubao("import", str(page), db=lib).returncode == 0
    [row] = ok_json(dubao("articles", "--json", db=lib))
    shown = dubao("show", row["id"], db=lib)
    assert shown.returncode == 0 and "第版" not in shown.stdout and "(page unknown)" in shown.stdout
    assert dubao("bookmark", "add", row["id"], db=lib).returncode == 0
    for run in (dubao("articles", db=lib), dubao("search", "民族舞", db=lib), dubao("bookmark", "list", db=lib)):
        assert run.returncode == 0, run.stderr
        line = next(line for line in run.stdout.splitlines() if line.startswith(row["id"]))
        assert line.split("  ")[1:4] == ["----------", "(unknown publication)", "p.?"], line


def test_empty_listings_say_so(tmp_path):
    # A new library (or a mistyped --db) listed nothing, silently, exit 0: it looked broken.
    lib = tmp_path / "new.db"
    for args, needle in [(("articles",), f"no articles in {lib}"),
                         (("articles", "--publication", "无此报"), "no articles of a publication named '无此报'"),
                         (("bookmark", "list"), "no bookmarks"),
                         (("annotations", "list"), "no annotations"),
                         (("annotations", "list", "--orphaned"), "no orphaned annotations"),
                         (("corrections", "list"), "no corrections")]:
        run = dubao(*args, db=lib)
        assert run.returncode == 0 and run.stdout == "", (args, run.stdout, run.stderr)
        assert run.stderr.startswith(f"dubao: note: {needle}"), (args, run.stderr)
    json_run = dubao("articles", "--json", db=lib)  # scripts get the empty list, no note
    assert ok_json(json_run) == [] and json_run.stderr == ""


def test_remove_issue_refuses_a_date_that_is_not_one(lib):
    # "2022-6-17" was looked up as written and reported as "no issue … in the library".
    run = dubao("remove", "issue", "浙江工人日报", "2022-6-17", db=lib)
    assert_one_line_error(run, 2, "must be a date like 2022-06-17, or 'undated'; not '2022-6-17'")
    assert "in the library" not in run.stderr
    run = dubao("remove", "issue", "浙江工人日报", "2022-06-17", db=lib)
    assert run.returncode == 0 and "removed 4 articles" in run.stderr, run.stderr
    run = dubao("remove", "issue", "浙江工人日报", "undated", db=lib)
    assert_one_line_error(run, 1, "no undated pages of '浙江工人日报' in the library")


def test_bookmarking_twice_says_it_was_already_bookmarked(lib):
    article = ok_json(dubao("articles", "--json", db=lib))[0]["id"]
    first = dubao("bookmark", "add", article, db=lib)
    assert first.returncode == 0 and first.stderr.strip() == f"bookmarked {article}"
    again = dubao("bookmark", "add", article, db=lib)
    assert again.returncode == 0 and again.stderr.strip() == f"{article} was already bookmarked (nothing changed)"
    noted = dubao("bookmark", "add", article, "--note", "为三月报告", db=lib)
    assert noted.stderr.strip() == f"{article} was already bookmarked; its note is replaced"
    assert [b["note"] for b in ok_json(dubao("bookmark", "list", "--json", db=lib))] == ["为三月报告"]


def test_parse_counts_in_the_singular(tmp_path):
    # "(1 paragraphs, 0 captions, 0 tables)" was what `dubao parse` printed.
    page = tmp_path / "story.md"
    page.write_text("# 助力双方交往\n\n身着中国传统民族服装的青年依次登台表演中国民族舞。\n", encoding="utf-8")
    run = dubao("parse", str(page))
    assert run.returncode == 0, run.stderr
    assert "(1 paragraph, 0 captions, 0 tables)" in run.stdout, run.stdout


def test_a_reader_that_stops_early_is_not_a_failure(tmp_path):
    # `dubao articles | head`: the pipe closes while dubao writes. It ended with exit 1 and
    # no word (click's way with EPIPE), which a script with pipefail takes for a failure.
    page = tmp_path / "2023-03-08-p2.md"
    page.write_text("青溪日报 2023年3月8日 星期三\n\n" + "".join(
        f"## 第{i}条消息的标题\n\n本报讯 这是第{i}条消息的正文，写得足够长。\n\n" for i in range(3000)),
        encoding="utf-8")
    lib = tmp_path / "lib.db"
    assert dubao("import", str(page), db=lib).returncode == 0
    process = subprocess.Popen([sys.executable, "-m", "reader.cli", "--db", str(lib), "articles"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout.readline()
    process.stdout.close()  # far more than the pipe holds is still to come
    assert process.wait(timeout=120) == 0
    assert process.stderr.read() == b""
