"""Every registered command, including ones added later, answers `--help` with a description."""

from __future__ import annotations

import re

import pytest
import typer

from mentorlog import __version__
from mentorlog.cli import app


def command_paths(command, path: tuple[str, ...] = ()):
    """Walk the command tree as the shell sees it: the root, every group and every command under it."""
    yield path, command
    if not hasattr(command, "list_commands"):
        return
    ctx = typer.Context(command)
    for name in sorted(command.list_commands(ctx)):
        try:
            sub = command.get_command(ctx, name)
        except Exception as error:  # a command that cannot even load fails its own test, not the whole run
            yield (*path, name), error
            continue
        if not sub.hidden:
            yield from command_paths(sub, (*path, name))


COMMANDS = dict(command_paths(typer.main.get_command(app)))


def words(text: str) -> str:
    """Text with box drawing and spacing flattened, so wrapping and panels do not matter."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", text).split())


def test_the_walk_finds_the_foundation_commands():
    for path in [("mentor", "add"), ("mentee", "end"), ("session", "add"), ("session", "delete")]:
        assert path in COMMANDS


@pytest.mark.parametrize("path", list(COMMANDS), ids=lambda p: " ".join(p) or "mentorlog")
def test_help(cli, path):
    command = COMMANDS[path]
    assert not isinstance(command, Exception), f"`mentorlog {' '.join(path)}` does not load: {command!r}"
    description = (command.help or "").strip()
    assert description, f"`mentorlog {' '.join(path)}` has no help text"
    result = cli.ok(*path, "--help")
    first_line = description.splitlines()[0]
    assert words(first_line)[:40] in words(result.stdout)


LEAVES = [path for path, command in COMMANDS.items() if path and not hasattr(command, "list_commands")]


@pytest.mark.parametrize("path", LEAVES, ids=lambda p: " ".join(p))
def test_help_has_an_example_and_names_its_values(cli, path):
    text = cli.ok(*path, "--help").stdout
    assert "Example: mentorlog " in words(text), f"`mentorlog {' '.join(path)} --help` has no example"
    placeholders = re.findall(r"<[a-z ]+>", text)  # Typer's defaults such as <str>, <int>, <int range>
    assert not placeholders, f"`mentorlog {' '.join(path)}` shows {placeholders}: name the value (DATE, TEXT, N…)"


def test_the_walk_finds_the_pause_and_reopen_commands():
    for path in [("goal", "pause"), ("goal", "reopen"), ("action", "reopen")]:
        assert path in LEAVES


def test_version(cli):
    assert __version__ in cli.ok("--version").stdout
