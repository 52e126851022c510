"""What a command-line user expects of the output: `--json` everywhere, an `add` that prints the new id,
`--color auto|always|never` with NO_COLOR and FORCE_COLOR, tables aligned in terminal cells, and ASCII
where the output can't carry our symbols."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from rich.cells import cell_len

from mentorlog.cli import app

MENTORLOG = Path(sys.executable).parent / "mentorlog"
ESC = "\x1b["


def run(*args: str, **env: str) -> subprocess.CompletedProcess:
    """The installed mentorlog through a pipe, with the test's environment and `env` on top (None drops)."""
    full = {**os.environ, **{k: v for k, v in env.items() if v is not None}}
    for name in [k for k, v in env.items() if v is None]:
        full.pop(name, None)
    return subprocess.run([str(MENTORLOG), *args], capture_output=True, text=True, env=full, stdin=subprocess.DEVNULL,
                          timeout=60, encoding="utf-8", errors="strict")


def on_a_terminal(*args: str, **env: str) -> str:
    """What mentorlog writes to a pseudo-terminal (stdout and stderr together)."""
    pexpect = pytest.importorskip("pexpect")
    full = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "40"}
    full.update({k: v for k, v in env.items() if v is not None})
    for name in [k for k, v in env.items() if v is None]:
        full.pop(name, None)
    child = pexpect.spawn(str(MENTORLOG), list(args), env=full, dimensions=(40, 100), encoding="utf-8", timeout=30)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    return child.before


# -- --json on status, report and agenda ----------------------------------------------------------------------


@pytest.mark.parametrize("args", [("status",), ("report",), ("agenda", "--with", "ada")])
def test_json_works_on_status_report_and_agenda_as_format_json_does(people, args):
    people.ok("session", "add", "--with", "ada", "--on", "2026-11-10", "--topic", "promotion case")
    assert people.json(*args, "--json") == people.json(*args, "--format", "json")


# -- add: the new id on stdout, or the row with --json ----------------------------------------------------------


ADDS = {
    "mentor": (("mentor", "add", "Grace Hopper", "--cadence", "weekly"), "mentor", "list"),
    "mentee": (("mentee", "add", "Alan Kay", "--cadence", "weekly"), "mentee", "list"),
    "session": (("session", "add", "--with", "ada", "--topic", "promotion case"), "session", "list"),
    "goal": (("goal", "add", "Lead a project", "--with", "ada"), "goal", "list"),
    "action": (("action", "add", "Send the brag document", "--with", "ada"), "action", "list"),
    "win": (("win", "add", "Gave a talk", "--with", "ada"), "win", "list"),
    "topic": (("topic", "add", "The reorg", "--with", "ada"), "topic", "list"),
    "prospect": (("prospect", "add", "Linus Torvalds", "--expertise", "kernels"), "prospect", "list"),
}


@pytest.mark.parametrize("what", list(ADDS))
def test_add_prints_the_new_id_on_stdout_and_the_sentence_on_stderr(people, what):
    args, *listing = ADDS[what]
    result = people.ok(*args)
    new_id = int(result.stdout)
    assert result.stdout == f"{new_id}\n"
    assert f"{new_id}" in result.stderr or "Added" in result.stderr  # the sentence is for the person
    assert new_id in [row["id"] for row in people.json(*listing, "--json")]


@pytest.mark.parametrize("what", list(ADDS))
def test_add_with_json_prints_the_created_row(people, what):
    args, *listing = ADDS[what]
    row = people.json(*args, "--json")
    listed = {item["id"]: item for item in people.json(*listing, "--json")}
    assert row["uid"] == listed[row["id"]]["uid"]
    assert {key: row[key] for key in listed[row["id"]] if key in row} == {
        key: value for key, value in listed[row["id"]].items() if key in row}


def test_a_milestone_add_prints_its_id_and_its_row(people):
    people.ok("goal", "add", "Lead a project", "--with", "ada")
    assert people.ok("goal", "milestone", "add", "1", "Draft the proposal").stdout == "1\n"
    row = people.json("goal", "milestone", "add", "1", "Present it", "--due", "2026-12-10", "--json")
    assert row | {"uid": None} == {"id": 2, "uid": None, "goal": 1, "title": "Present it", "due": "2026-12-10",
                                   "done": None}


def test_the_id_from_stdout_is_the_one_to_use_next(people):
    """`id=$(mentorlog goal add …)`, then `mentorlog action add … --goal "$id"`."""
    goal_id = run("goal", "add", "Lead a project", "--with", "ada").stdout.strip()
    done = run("action", "add", "Book the room", "--goal", goal_id)
    assert done.returncode == 0 and done.stdout.strip().isdigit(), done.stderr
    assert run("action", "list", "--json").stdout.count(f'"goal":{goal_id}') == 1


def adds(command, path=()):
    """Every `… add` command in the tree (the lazy groups build each command as it is asked for)."""
    for name in command.list_commands(None):
        sub = command.get_command(None, name)
        if name == "add":
            yield (*path, name), sub
        elif hasattr(sub, "list_commands"):
            yield from adds(sub, (*path, name))


def test_every_add_command_takes_json():
    found = dict(adds(typer.main.get_command(app)))
    assert {"mentor", "mentee", "session", "goal", "action", "win", "topic"} <= {path[0] for path in found}
    assert ("goal", "milestone", "add") in found
    for path, command in found.items():
        assert "--json" in [opt for param in command.params for opt in param.opts], path


# -- colour: --color auto|always|never, NO_COLOR, FORCE_COLOR ------------------------------------------------------


@pytest.mark.slow
def test_color_on_a_terminal_and_through_a_pipe(people):
    people.ok("session", "add", "--with", "ada", "--on", "2026-11-10")
    assert ESC in on_a_terminal("status", NO_COLOR=None)  # auto, on a terminal: colour
    assert ESC in on_a_terminal("status", "--color", "always", NO_COLOR=None)
    assert ESC in on_a_terminal("--color", "always", "status", NO_COLOR="1")  # the flag beats NO_COLOR
    never = on_a_terminal("status", "--color", "never", NO_COLOR=None)
    assert ESC not in never and "Ada Lovelace" in never and "━" in never  # Rich's table, without colour
    assert ESC not in on_a_terminal("--no-color", "status", NO_COLOR=None)
    assert ESC not in on_a_terminal("status", NO_COLOR="1")
    assert ESC not in on_a_terminal("status", NO_COLOR="1", FORCE_COLOR="1")  # NO_COLOR beats FORCE_COLOR

    piped = run("status", NO_COLOR=None)
    assert ESC not in piped.stdout and "Ada Lovelace" in piped.stdout  # auto, in a pipe: plain text
    always = run("report", "--color", "always", NO_COLOR=None)  # `mentorlog report --color always | less -R`
    assert always.returncode == 0 and ESC in always.stdout and "Ada Lovelace" in always.stdout
    assert ESC in run("status", NO_COLOR=None, FORCE_COLOR="1").stdout
    assert ESC not in run("status", "--color", "never", NO_COLOR=None, FORCE_COLOR="1").stdout
    assert ESC not in run("status", "--color", "auto", NO_COLOR=None).stdout
    assert ESC not in run("status", "--json", "--color", "always", NO_COLOR=None).stdout  # data stays data


@pytest.mark.slow
def test_a_coloured_pipe_is_still_a_pipe_for_what_is_private(people):
    people.ok("topic", "add", "I am thinking of leaving", "--with", "ada", "--private")
    people.ok("topic", "add", "The reorg", "--with", "ada")
    for piped in (run("report", "--color", "always", NO_COLOR=None), run("report", NO_COLOR=None, FORCE_COLOR="1")):
        assert ESC in piped.stdout and "The reorg" in piped.stdout and "thinking of leaving" not in piped.stdout
    assert "thinking of leaving" in on_a_terminal("report", "--color", "always", NO_COLOR=None)


def test_the_color_option_is_not_the_persons_text_in_the_history(people):
    people.ok("session", "add", "--with", "ada", "--color", "never")
    assert people.json("history", "--json")[0]["command"] == "session add --with ada"


# -- tables measured in terminal cells ----------------------------------------------------------------------------


def test_a_plain_table_aligns_cjk_and_emoji_names(cli):
    for name in ("李小龍", "Zoë Brontë", "Ada 🚀 Lovelace", "Grace Hopper"):
        cli.ok("mentor", "add", name, "--cadence", "weekly", "--channel", "video")
    title, *lines = cli.ok("mentor", "list").stdout.splitlines()
    assert len(lines) == 5 and lines[0].split()[:3] == ["id", "name", "kind"]
    at = cell_len(lines[0][:lines[0].index("kind")])  # the column after the names
    for line in lines[1:]:
        chars, width = 0, 0
        while width < at:
            width += cell_len(line[chars])
            chars += 1
        assert width == at, line  # no character straddles the column's edge
        assert line[chars - 2:chars] == "  " and line[chars] != " ", line  # the column starts right there


def test_a_plain_table_of_ascii_is_as_before(people):
    title, header, row = people.ok("mentor", "list").stdout.splitlines()
    assert header.startswith("id  name          kind") and row.startswith("1   Ada Lovelace  traditional")


# -- ASCII where the output can't carry the symbols ------------------------------------------------------------------


SYMBOLS = "★☆█░▪■·→↑↓✓✗—"


def test_lc_all_c_gives_ascii_instead_of_the_symbols(cli):
    unicode = run("demo", LC_ALL=None, LC_CTYPE=None, LANG="C.UTF-8")
    assert unicode.returncode == 0 and set(SYMBOLS) & set(unicode.stdout), "the demo has symbols to replace"
    done = run("demo", LC_ALL="C")
    assert done.returncode == 0, done.stderr
    assert done.stdout.isascii() and done.stderr.isascii(), sorted({ch for ch in done.stdout if not ch.isascii()})
    assert "->" in done.stdout and "##" in done.stdout  # arrows and progress bars, in ASCII
    assert len(done.stdout.splitlines()) == len(unicode.stdout.splitlines())


def test_an_ascii_encoding_gives_ascii_rather_than_failing(cli):
    cli.ok("mentor", "add", "Zoë Brontë", "--cadence", "weekly")
    cli.ok("goal", "add", "Écrire un livre", "--with", "Zo")
    done = run("report", PYTHONIOENCODING="ascii")
    assert done.returncode == 0, done.stderr
    assert "Zoe Bronte" in done.stdout and "Ecrire un livre" in done.stdout
    assert done.stdout.isascii()
    added = run("win", "add", "Fini le chapitre 1 → 2", "--with", "Zo", PYTHONIOENCODING="ascii")
    assert added.returncode == 0 and "Fini le chapitre 1 -> 2" in added.stderr
    wrong = run("win", "add", "x", "--with", "Zz", PYTHONIOENCODING="ascii")  # the error line too
    assert wrong.returncode == 1 and wrong.stderr == "Error: no mentor or mentee matches 'Zz'; known: Zoe Bronte (mentor)\n"
    data = run("status", "--json", PYTHONIOENCODING="ascii")  # JSON stays exact: escaped, not replaced
    assert data.returncode == 0 and data.stdout.isascii()
    assert json.loads(data.stdout)["mentorships"][0]["name"] == "Zoë Brontë"


def test_a_rich_table_under_lc_all_c_is_drawn_in_ascii(people):
    done = run("status", "--color", "always", LC_ALL="C", NO_COLOR=None)
    assert done.returncode == 0, done.stderr
    assert done.stdout.isascii() and "Ada Lovelace" in done.stdout and ESC in done.stdout
