"""A command printed on a narrow terminal breaks between words, with shell line continuations, and still
runs as printed when the lines are copied together."""

from __future__ import annotations

import shlex
import subprocess

import pytest

from mentorlog.domain.text import command_lines, shell_command

COMMANDS = [
    shell_command("--db", "/tmp/some folder/journal.db", "action", "list", "--with", "Ada Lovelace", "--overdue"),
    shell_command("agenda", "--with", "Grace O'Hara"),
    shell_command("goal", "show", "7"),
]


@pytest.mark.parametrize("width", [20, 40, 60, 80, 120])
@pytest.mark.parametrize("command", COMMANDS)
def test_a_command_breaks_between_words_and_joins_back_to_itself(command, width):
    lines = command_lines(command, width, indent=5)
    assert all(line.startswith(" " * 5) for line in lines)
    assert all(line.endswith(" \\") for line in lines[:-1]) and not lines[-1].endswith("\\")
    for line in lines:  # only a word longer than the line itself may run on
        assert len(line) <= width or len(shlex.split(line.removesuffix(" \\"))) == 1, line
    assert bash_words("\n".join(lines)) == shlex.split(command)  # what a shell reads from the copied lines


def bash_words(text: str) -> list[str]:
    """The words a shell passes on when `text` is pasted after a command name."""
    done = subprocess.run(["bash", "-c", 'printf "%s\\0" ' + text.strip().removeprefix("mentorlog")], capture_output=True,
                          text=True, check=True)
    return ["mentorlog", *done.stdout.split("\0")[:-1]]


def test_a_command_that_fits_is_one_line():
    assert command_lines("mentorlog goal show 7", 80, indent=2) == ["  mentorlog goal show 7"]
