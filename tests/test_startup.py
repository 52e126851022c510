"""Start-up stays light: heavy libraries are imported only by the commands that use them.

These check which modules are imported (`python -X importtime`), not how long anything takes.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY_PACKAGES = {"questionary", "sqlite_utils", "prompt_toolkit", "icalendar"}


def imported_modules(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *args], capture_output=True, text=True, stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    modules = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            modules.add(line.rsplit("|", 1)[1].strip())
    assert modules, "no -X importtime output"
    return modules


def heavy_in(modules: set[str]) -> set[str]:
    return {m for m in modules if m == "rich.table" or m.split(".")[0] in HEAVY_PACKAGES}


def test_the_check_sees_a_heavy_import():
    assert {"sqlite_utils", "rich.table"} <= heavy_in(imported_modules("-c", "import sqlite_utils, rich.table"))


def test_importing_the_cli_imports_nothing_heavy():
    modules = imported_modules("-c", "import mentorlog.cli")
    assert "mentorlog.cli" in modules and "typer" in modules
    assert heavy_in(modules) == set()


@pytest.mark.parametrize("args", [("--help",), ("--version",), ("session", "--help"), ("session", "add", "--help")])
def test_help_and_version_import_neither_questionary_nor_sqlite_utils(args):
    modules = imported_modules("-m", "mentorlog", *args)
    assert {m.split(".")[0] for m in modules} & HEAVY_PACKAGES == set()


def test_version_does_not_even_import_rich():
    modules = imported_modules("-m", "mentorlog", "--version")
    assert not any(m == "rich" or m.startswith("rich.") for m in modules)


def test_flag_only_commands_without_a_terminal_stay_light(people):
    """A hot write and a hot read go through the standard library's sqlite3; no prompt library is loaded."""
    for args in (("session", "add", "--with", "ada", "--duration", "45m"), ("session", "list", "--json"),
                 ("mentor", "list", "--json")):
        modules = imported_modules("-m", "mentorlog", *args)
        assert heavy_in(modules) == set(), args


def test_status_on_an_absent_journal_reads_no_report_code(tmp_path, monkeypatch):
    """An absent journal reads as an empty one: status answers without the reporting and model modules."""
    monkeypatch.setenv("MENTORLOG_DB", str(tmp_path / "absent.db"))
    for args in (("status",), ("status", "--json")):
        modules = imported_modules("-m", "mentorlog", *args)
        assert {"mentorlog.output.reporting", "mentorlog.domain.models"} & modules == set(), args
    assert not (tmp_path / "absent.db").exists()


def test_the_report_commands_default_limit_is_reportings():
    from mentorlog.commands import report
    from mentorlog.output import reporting

    assert report.DEFAULT_LIMIT == reporting.DEFAULT_LIMIT


def test_a_group_builds_only_the_subcommand_that_runs():
    """`session add` reads the parameters of `add` alone; help still lists every command, in order."""
    from typer.main import get_command_name

    from mentorlog import cli
    from mentorlog.commands import session

    group = cli.load_command("session")
    registered = [info.name or get_command_name(info.callback.__name__) for info in session.app.registered_commands]
    assert group.list_commands(None) == registered and len(registered) > 2
    assert group.get_command(None, "add").name == "add"
    assert set(group.pending) == set(registered) - {"add"}  # the others are not built
    assert group.get_command(None, "nonsense") is None
    milestone = cli.load_command("goal").get_command(None, "milestone")
    assert milestone.get_command(None, "add").name == "add"


def test_status_reads_no_template_even_after_a_review(people):
    """What the last review said is not working is worked out for report, agenda and --json; the status
    table needs none of it, so it neither reads the templates nor loads the review code."""
    import json

    people.ok("review", "--with", "ada", "--template", "periodic", "--answers", "-",
              input=json.dumps({"not_working": "We run out of time."}))
    modules = imported_modules("-m", "mentorlog", "status")
    assert {"mentorlog.domain.templates", "mentorlog.data.reviews", "tomllib"} & modules == set()
    assert "We run out of time." in people.ok("status", "--json").stdout
