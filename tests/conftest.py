"""Every test gets its own journal under tmp_path and a fixed clock, so none can touch a real journal."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import typer.testing
from typer.testing import CliRunner

from mentorlog import cli as cli_module
from mentorlog.cli import app

NOW = "2026-11-20T10:00:00"


def pytest_collection_modifyitems(items):
    """The tests that take seconds (marked slow, or drawing many examples with Hypothesis) run first, so that
    the parallel workers share them out at the start instead of one finishing them alone at the end. Every test
    still runs, each on its own journal: only the order changes."""
    def expensive(item) -> bool:
        return item.get_closest_marker("slow") is not None or hasattr(getattr(item, "obj", None), "hypothesis")

    items.sort(key=lambda item: not expensive(item))  # stable: file order kept within each part


@pytest.fixture(autouse=True, scope="session")
def commands_built_once():
    """The click commands Typer makes from the app and its command modules, made once per test process and
    reused by every in-process invocation, as the installed `mentorlog` makes them once per run (remaking
    them for each of the thousands of invocations cost more than the commands' own work in a typical test).
    Each invocation still parses its arguments and runs the command's code afresh; a command module that
    is reloaded (its help made again, as in a new process) gets its command made again."""
    import importlib

    roots: dict[int, tuple] = {}
    make = typer.testing._get_command

    def root(target):
        if id(target) not in roots:
            command = make(target)
            command.get_command = _reusing(command.get_command, importlib)
            roots[id(target)] = (target, command)  # the app is kept, so its id is not reused
        return roots[id(target)][1]

    patch = pytest.MonkeyPatch()
    patch.setattr(typer.testing, "_get_command", root)
    yield
    patch.undo()


def _reusing(get_command, importlib):
    """The root group's `get_command`, keeping each command it made while its module's object stays the same."""
    made: dict[tuple[str, int], tuple] = {}

    def reused(ctx, name: str):
        if name not in cli_module.COMMANDS:
            return get_command(ctx, name)
        module, attribute, _ = cli_module.COMMANDS[name]
        target = getattr(importlib.import_module(f"mentorlog.commands.{module}"), attribute)
        if (name, id(target)) not in made:
            made[(name, id(target))] = (target, get_command(ctx, name))
        return made[(name, id(target))][1]

    return reused


@pytest.fixture(autouse=True)
def env_setup(tmp_path, monkeypatch):
    monkeypatch.setenv("MENTORLOG_DB", str(tmp_path / "data" / "journal.db"))
    monkeypatch.setenv("MENTORLOG_NOW", NOW)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.delenv("MENTORLOG_DEBUG", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "data" / "journal.db"


class Cli:
    """Runs mentorlog in-process; `ok()` asserts success, `fail()` asserts a one-line user error."""

    def __init__(self):
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None):
        return self.runner.invoke(app, [str(a) for a in args], input=input)

    def ok(self, *args: str, input: str | None = None):
        result = self(*args, input=input)
        assert result.exit_code == 0, f"exit {result.exit_code}\nstdout: {result.stdout}\nstderr: {result.stderr}\n{result.exception!r}"
        return result

    def json(self, *args: str):
        return json.loads(self.ok(*args).stdout)

    def fail(self, *args: str, input: str | None = None, code: int = 1):
        result = self(*args, input=input)
        assert result.exit_code == code, f"exit {result.exit_code}\nstdout: {result.stdout}\nstderr: {result.stderr}"
        if code == 1:
            lines = result.stderr.strip().splitlines()
            assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
            assert "Traceback" not in result.output
        return result


@pytest.fixture
def cli() -> Cli:
    return Cli()


def snapshot(path: Path) -> list:
    """Every row of every table: to prove that a failed command changed nothing."""
    if not path.exists():
        return []
    conn = sqlite3.connect(path)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
    rows = [(t, _table_rows(conn, t)) for t in tables]
    conn.close()
    return rows


def _table_rows(conn: sqlite3.Connection, table: str) -> list:
    try:
        return conn.execute(f"SELECT * FROM [{table}] ORDER BY rowid").fetchall()
    except sqlite3.OperationalError:  # a WITHOUT ROWID table, such as FTS5's own bookkeeping tables
        return sorted(conn.execute(f"SELECT * FROM [{table}]").fetchall(), key=repr)


def applied(path: Path) -> list[str]:
    """The names of the migrations a journal file has, in the order they ran."""
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")]
    finally:
        conn.close()


@pytest.fixture
def unchanged(db_path):
    """`with unchanged(): …` asserts the journal's rows are the same afterwards."""
    from contextlib import contextmanager

    @contextmanager
    def check():
        before = snapshot(db_path)
        existed = db_path.exists()
        yield
        assert db_path.exists() == existed
        assert snapshot(db_path) == before

    return check


@pytest.fixture
def people(cli):
    """A journal with a mentor (Ada, biweekly) and a mentee (Sam, weekly)."""
    cli.ok("mentor", "add", "Ada Lovelace", "--cadence", "biweekly", "--since", "2026-09-01", "--channel", "video")
    cli.ok("mentee", "add", "Sam Rivera", "--cadence", "weekly", "--since", "2026-10-01")
    return cli
