"""The root command's Invocation travels in Typer's context; dates, durations and cadences are option types.

Every option of a date, duration or cadence type is found by walking the command tree, so one added later
is checked too: its value is read once, a bad one is a single `Error:` line with exit 1, and `--help`
names the value.
"""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
import typer

from mentorlog.cli import app
from mentorlog.commands import _common, params

NOW = datetime(2026, 11, 20, 10, 0)  # conftest's MENTORLOG_NOW


# -- the context carries the journal and the command's words ------------------------------------------


def test_each_invocation_uses_the_journal_its_db_option_names(cli, tmp_path, db_path):
    first, second = tmp_path / "one" / "a.db", tmp_path / "two" / "b.db"
    cli.ok("--db", first, "mentor", "add", "Ada")
    cli.ok("--db", second, "mentee", "add", "Sam")
    cli.ok("mentor", "add", "Grace")  # no --db: nothing is left over from the runs before
    assert [m["name"] for m in cli.json("--db", first, "mentor", "list", "--json")] == ["Ada"]
    assert [m["name"] for m in cli.json("--db", second, "mentee", "list", "--json")] == ["Sam"]
    assert cli.json("--db", second, "mentor", "list", "--json") == []
    assert [m["name"] for m in cli.json("mentor", "list", "--json")] == ["Grace"]
    assert db_path.is_file()


def test_the_history_names_each_run_with_its_own_words(cli, tmp_path):
    other = tmp_path / "other.db"
    cli.ok("mentor", "add", "Ada Lovelace", "--cadence", "2w")
    cli.ok("--db", other, "mentee", "add", "Sam")
    cli.ok("session", "add", "--with", "ada", "--duration", "45m")
    assert [h["command"] for h in cli.json("history", "--json")] == [
        "session add --with ada --duration 45m", "mentor add … --cadence 2w"]
    assert [h["command"] for h in cli.json("--db", other, "history", "--json")] == ["mentee add …"]


def test_outside_a_command_the_defaults_apply(db_path):
    assert _common.invocation() == _common.Invocation()
    assert _common.journal_path() == db_path  # MENTORLOG_DB
    assert _common.journal().command == "mentorlog"


def test_the_root_keeps_what_it_parsed_in_the_context(tmp_path):
    root = typer.main.get_command(app)
    ctx = root.make_context("mentorlog", ["--db", str(tmp_path / "x.db"), "win", "list", "--since", "may 1"])
    assert ctx.obj == _common.Invocation(db_path=tmp_path / "x.db", command="win list --since may 1")
    assert _common.invocation(ctx) is ctx.obj
    assert _common.journal_path(ctx) == tmp_path / "x.db"


def test_the_db_option_expands_the_home_folder_in_the_context(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    ctx = typer.main.get_command(app).make_context("mentorlog", ["--db", "~/j.db", "status"])
    assert ctx.obj.db_path == tmp_path / "j.db"


def complete(cli, words: str) -> list[str]:
    """What the shell is offered for the last of `words` (bash's protocol)."""
    parts = words.split(" ")
    result = cli.runner.invoke(app, [], prog_name="mentorlog", env={
        "_MENTORLOG_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(len(parts) - 1)})
    assert result.exit_code == 0, result.output
    return [line.split(",", 1)[-1] for line in result.stdout.splitlines() if line]


def test_name_completion_reads_the_journal_db_names_and_creates_none(people, tmp_path, db_path):
    other = tmp_path / "other.db"
    people.ok("--db", other, "mentor", "add", "Grace Hopper")
    assert complete(people, "mentorlog session add --with ") == ["Ada\\ Lovelace", "Sam\\ Rivera"]  # escaped for bash
    assert complete(people, f"mentorlog --db {other} session add --with ") == ["Grace\\ Hopper"]
    assert complete(people, "mentorlog session add --with S") == ["Sam\\ Rivera"]  # no --db left over
    absent = tmp_path / "absent.db"
    assert complete(people, f"mentorlog --db {absent} session add --with ") == []
    assert not absent.exists()


# -- the option types: found by walking the command tree ------------------------------------------------


def leaves(command, path: tuple[str, ...] = ()):
    """Every command the shell can run, with its words; the root loads each group (`cli.load_command`)."""
    if not hasattr(command, "list_commands"):
        yield path, command
        return
    ctx = typer.Context(command)
    for name in sorted(command.list_commands(ctx)):
        yield from leaves(command.get_command(ctx, name), (*path, name))  # the root loads each on demand


def typed_options():
    """(command words, option, reader) for every option read by one of the types of `params`."""
    for path, command in leaves(typer.main.get_command(app)):
        for option in command.params:
            reader = getattr(option.type, "func", None)
            if isinstance(reader, params.Reader):
                yield path, option, reader


TYPED = list(typed_options())
# Values each type reads, as of NOW (Friday 2026-11-20 10:00), and one it refuses with the start of its message.
GOOD = {
    params.HAPPENED_AT: ("yesterday 15:00", datetime(2026, 11, 19, 15, 0)),
    params.HAPPENED_ON: ("nov 25", date(2025, 11, 25)),  # the latest Nov 25: last year's
    params.HAPPENED_WHEN: ("yesterday 15:00", datetime(2026, 11, 19, 15, 0)),  # and "yesterday": a date
    params.PLANNED: ("nov 3", date(2027, 11, 3)),  # the next Nov 3: next year's
    params.DAY: ("2026-09-01", date(2026, 9, 1)),
    params.RANGE_START: ("yesterday", datetime(2026, 11, 19, 0, 0)),
    params.RANGE_END: ("yesterday", datetime(2026, 11, 19, 23, 59, 59)),
    params.DURATION: ("1h30m", 90),
    params.CADENCE: ("2w", 14),
    params.CLOCK: ("3:30pm", "15:30"),
}
BAD = {
    params.HAPPENED_AT: ("tomorrow", "{flag} 'tomorrow' is in the future (2026-11-21 00:00); give when it happened"),
    params.HAPPENED_ON: ("in 2 days", "{flag} 'in 2 days' is in the future (2026-11-22); give the day it happened"),
    params.HAPPENED_WHEN: ("today 11:00", "{flag} 'today 11:00' is in the future (2026-11-20 11:00); give when it happened"),
    params.PLANNED: ("someday", "can't read the date 'someday'; use one of: "),
    params.DAY: ("31 feb", "can't read the date '31 feb'; use one of: "),
    params.RANGE_START: ("13:00 yesterday", "can't read the date '13:00 yesterday'; use one of: "),
    params.RANGE_END: ("", "empty date; use one of: "),
    params.DURATION: ("0", "can't read the duration '0'; use one of: 45m, 1h30m, 2h, 90 (minutes)"),
    params.CADENCE: ("sometimes", "can't read the cadence 'sometimes'; use one of: weekly, biweekly"),
    params.CLOCK: ("25:00", "{flag} must be a time of day such as 15:00, 9:30 or 3pm, not '25:00'"),
}


def option_id(case) -> str:
    path, option, _ = case
    return " ".join((*path, option.opts[0]))


def test_the_walk_finds_the_typed_options():
    found = {(" ".join(path), option.opts[0]): reader.kind for path, option, reader in TYPED}
    assert found[("session add", "--on")] is params.HAPPENED_AT
    assert found[("goal milestone done", "--on")] is params.HAPPENED_ON
    assert found[("mentee end", "--on")] is params.HAPPENED_ON
    assert found[("action edit", "--due")] is params.PLANNED
    assert found[("mentor edit", "--review-every")] is params.CADENCE
    assert found[("session list", "--until")] is params.RANGE_END
    assert {reader.kind for _, _, reader in TYPED} == set(params.TYPES)
    assert set(GOOD) == set(BAD) == set(params.TYPES)


# Options that still take their date as text, read by the command: converted separately.
STILL_TEXT: set[tuple[str, str]] = set()


def test_every_date_duration_and_cadence_option_is_typed():
    metavars = {kind.metavar for kind in params.TYPES}
    for path, command in leaves(typer.main.get_command(app)):
        for option in command.params:
            if option.metavar in metavars and (" ".join(path), option.opts[0]) not in STILL_TEXT:
                assert isinstance(getattr(option.type, "func", None), params.Reader), (path, option.opts)


@pytest.mark.parametrize("case", TYPED, ids=option_id)
def test_the_option_reads_a_good_value(case):
    _, option, reader = case
    text, expected = GOOD[reader.kind]
    assert option.type.convert(text, option, None) == expected


@pytest.mark.parametrize("case", TYPED, ids=option_id)
def test_a_bad_value_is_one_error_line_and_exit_1(cli, db_path, case):
    path, option, reader = case
    text, message = BAD[reader.kind]
    result = cli.fail(*path, option.opts[0], text)
    assert result.stderr.startswith("Error: " + message.format(flag=option.opts[0])), result.stderr
    assert "Usage:" not in result.output
    assert not db_path.exists()  # read while parsing: before any journal is opened


@pytest.mark.parametrize("case", TYPED, ids=option_id)
def test_help_names_the_value(cli, case):
    path, option, reader = case
    text = " ".join(cli.ok(*path, "--help").stdout.split())
    assert f"{option.opts[0]} {reader.kind.metavar}" in text
    assert not re.search(r"<[a-z ]+>", text)


# -- read at the moment the command runs -------------------------------------------------------------


def test_the_clock_is_read_when_the_option_is(people, monkeypatch):
    people.ok("session", "add", "--with", "ada", "--on", "yesterday")
    monkeypatch.setenv("MENTORLOG_NOW", "2026-12-01T10:00:00")
    people.ok("session", "add", "--with", "ada", "--on", "yesterday")
    assert [s["date"][:10] for s in people.json("session", "list", "--json")] == ["2026-11-30", "2026-11-19"]
    monkeypatch.setenv("MENTORLOG_NOW", "not a time")
    assert "MENTORLOG_NOW='not a time'" in people.fail("win", "add", "x", "--on", "today").stderr


def test_commands_get_the_values_read(people):
    people.ok("session", "add", "--with", "ada", "--on", "yesterday 15:00", "--duration", "1h30m")
    held = people.json("session", "list", "--since", "yesterday", "--until", "yesterday", "--json")
    assert [(s["date"], s["duration_minutes"]) for s in held] == [("2026-11-19T15:00:00", 90)]
    people.ok("mentor", "edit", "ada", "--cadence", "monthly", "--review-every", "10w", "--until", "mar 1")
    ada = people.json("mentor", "show", "ada", "--json")
    assert (ada["cadence_days"], ada["review_every_days"], ada["until"]) == (30, 70, "2027-03-01")
    people.ok("action", "add", "Send the deck", "--with", "ada", "--due", "next monday")
    people.ok("action", "done", "1", "--on", "yesterday")
    assert people.json("action", "list", "--all", "--json")[0]["done_on"] == "2026-11-19"
