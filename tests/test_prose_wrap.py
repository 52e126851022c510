"""Sentences on a terminal wrap between words, never inside one and never inside a `quoted command`; through
a pipe they are left as they are (one line a message, for scripts and logs)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from mentorlog.domain.text import wrap_prose

MENTORLOG = Path(sys.executable).parent / "mentorlog"

MESSAGE = ("Backed up the journal (1 mentorship, 1 goal, 1 milestone, 1 action) to "
           "/home/ada/.local/share/mentorlog/backups/journal-20261130-101500.db.age, encrypted with age; its "
           "integrity check passed.\nTo restore it: `age -d journal-20261130-101500.db.age > journal.db`")


def words(text: str) -> list[str]:
    return re.sub(r"\s+", " ", text).strip().split(" ")


@pytest.mark.parametrize("width", [40, 60, 80, 120])
def test_lines_wrap_between_words_and_quoted_commands_stay_whole(width):
    wrapped = wrap_prose(MESSAGE, width)
    assert words(wrapped) == words(MESSAGE)  # nothing lost, no word split
    for line in wrapped.splitlines():
        assert len(line) <= width or " " not in line.strip() or line.startswith("`"), line
    assert "`age -d journal-20261130-101500.db.age > journal.db`" in wrapped.replace("\n", "")
    assert any(line.strip().startswith("`age") or "`age -d" in line for line in wrapped.splitlines())


def test_a_marked_line_continues_under_its_text():
    line = "ok    backups: no good backup: make one with `mentorlog backup`, and 1 encrypted backup"
    assert wrap_prose(line, 50).splitlines() == [
        "ok    backups: no good backup: make one with",
        "      `mentorlog backup`, and 1 encrypted backup"]


def test_what_fits_is_unchanged():
    assert wrap_prose(MESSAGE, 500) == MESSAGE


def test_messages_wrap_on_a_terminal_and_not_through_a_pipe(tmp_path):
    pexpect = pytest.importorskip("pexpect")
    env = {**os.environ, "MENTORLOG_DB": str(tmp_path / "journal.db"), "MENTORLOG_NOW": "2026-11-20T10:00:00"}
    env.pop("COLUMNS", None)
    subprocess.run([str(MENTORLOG), "mentor", "add", "Ada Lovelace"], env=env, capture_output=True, check=True)
    args = ["mentor", "pause", "ada"]
    piped = subprocess.run([str(MENTORLOG), *args], env=env, capture_output=True, text=True)
    subprocess.run([str(MENTORLOG), "mentor", "resume", "ada"], env=env, capture_output=True, check=True)
    child = pexpect.spawn(str(MENTORLOG), args, env=env, dimensions=(24, 30), encoding="utf-8", timeout=30)
    shown = child.read().replace("\r\n", "\n")
    child.close()
    assert child.exitstatus == 0, shown
    assert piped.stderr.count("\n") == 1  # one line through a pipe
    assert all(len(line) <= 30 for line in shown.splitlines()), shown
    assert words(shown) == words(piped.stderr)  # the same words, none split by the terminal
