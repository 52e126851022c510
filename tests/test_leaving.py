"""The installed command leaves as soon as its work is done, without tearing the interpreter down: what
it wrote still arrives whole through a pipe, its exit code is the command's, and it leaves nothing open."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

MENTORLOG = Path(sys.executable).parent / "mentorlog"


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "MENTORLOG_DB": str(tmp_path / "journal.db"), "MENTORLOG_NOW": "2026-11-20T10:00:00"}
    return subprocess.run([str(MENTORLOG), *args], capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL,
                          timeout=60)


def test_a_large_output_arrives_whole_through_a_pipe_and_the_journal_is_left_closed(tmp_path):
    assert run(tmp_path, "mentor", "add", "Ada Lovelace", "--since", "2026-10-01").returncode == 0
    notes = "a long note " * 2000  # more than a pipe's buffer in every session
    for day in range(1, 8):
        assert run(tmp_path, "session", "add", "--with", "ada", "--on", f"2026-11-0{day}", "--notes", notes).returncode == 0
    done = run(tmp_path, "export")
    assert done.returncode == 0 and len(done.stdout) > 7 * len(notes)
    assert [s["notes"] for s in json.loads(done.stdout)["sessions"]] == [notes] * 7
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journal.db", "journal.db-verified"]  # log folded in


def test_the_exit_code_is_the_commands(tmp_path):
    assert run(tmp_path, "status").returncode == 0
    wrong = run(tmp_path, "session", "add", "--with", "nobody", "--notes", "x")
    assert wrong.returncode == 1 and wrong.stderr.startswith("Error: ")
    assert run(tmp_path, "report", "--format", "pdf").returncode == 1
    assert run(tmp_path, "no-such-command").returncode == 2
