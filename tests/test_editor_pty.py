"""A real editor (vim, driven by keystrokes) in a pseudo-terminal, and a mentorlog stopped while its editor is
open: the temporary file is private while it lives and gone afterwards."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

from conftest import snapshot  # noqa: E402

MENTORLOG = Path(sys.executable).parent / "mentorlog"
ENTER, ESC, CTRL_C = "\r", "\x1b", "\x03"
VIM = shutil.which("vim") or shutil.which("vi")

pytestmark = pytest.mark.slow


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(MENTORLOG), *args], capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          timeout=60)


@pytest.fixture
def ada(db_path, tmp_path):
    done = run("mentor", "add", "Ada Lovelace", "--channel", "video", "--since", "2026-09-01")
    assert done.returncode == 0, done.stderr
    (tmp_path / "tmp").mkdir()
    return db_path


def spawn(tmp_path: Path, *args: str, editor: dict | None = None):
    assert MENTORLOG.exists(), f"install the package first: {MENTORLOG} is missing"
    # no vimrc, no swap file: the keystrokes below mean the same on every machine
    env = dict(os.environ, TERM="xterm", COLUMNS="100", LINES="40", PROMPT_TOOLKIT_NO_CPR="1",
               EDITOR=f"{VIM} -u NONE -N -n -i NONE", TMPDIR=str(tmp_path / "tmp"))
    env.pop("VISUAL", None)
    env.update(editor or {})
    return pexpect.spawn(str(MENTORLOG), list(args), env=env, dimensions=(40, 100), encoding="utf-8", timeout=20)


def keys(child, *typed: str) -> None:
    for key in typed:
        time.sleep(0.15)
        child.send(key)


@pytest.mark.skipif(VIM is None, reason="no vim or vi to drive")
def test_session_add_edit_in_vim(ada, tmp_path):
    child = spawn(tmp_path, "session", "add", "--edit", "--with", "ada", "--topic", "promotion case")
    child.expect("rating:")  # the file is on screen
    [opened] = os.listdir(tmp_path / "tmp")
    assert oct((tmp_path / "tmp" / opened).stat().st_mode & 0o777) == "0o600"
    keys(child, CTRL_C)  # Ctrl-C belongs to the editor: mentorlog keeps waiting
    keys(child, "/^rating:", ENTER, "A 4", ESC, "/^duration:", ENTER, "A 45m", ESC,
         "Go", "She said: start the doc now.", ENTER, "I felt nervous.", ESC, ":wq", ENTER)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    assert "Logged session #1 with Ada Lovelace" in child.before
    assert os.listdir(tmp_path / "tmp") == []
    [session] = json.loads(run("session", "list", "--json").stdout)
    shown = json.loads(run("session", "show", str(session["id"]), "--json").stdout)
    assert (session["rating"], session["duration_minutes"], session["topics"]) == (4, 45, ["promotion case"])
    assert shown["notes"] is None  # written under the private heading, the last part of the file
    assert shown["private_notes"] == "She said: start the doc now.\nI felt nervous."


@pytest.mark.skipif(VIM is None, reason="no vim or vi to drive")
def test_a_bad_field_opens_vim_again_with_the_error_on_top(ada, tmp_path):
    before = snapshot(ada)
    child = spawn(tmp_path, "session", "add", "--edit", "--with", "ada")
    child.expect("rating:")
    keys(child, "/^rating:", ENTER, "A 9", ESC, ":wq", ENTER)
    child.expect("Error: rating")  # the second opening shows the error at the top
    keys(child, "gg", "dG", ":wq", ENTER)  # emptied: nothing is saved
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert "Error: nothing was saved: the file was emptied" in child.before
    assert os.listdir(tmp_path / "tmp") == []
    assert snapshot(ada) == before


@pytest.mark.skipif(VIM is None, reason="no vim or vi to drive")
def test_session_add_offers_the_editor_for_the_notes_on_a_terminal(ada, tmp_path):
    child = spawn(tmp_path, "session", "add", "--with", "ada", "--on", "2026-11-18", "--duration", "30m",
                  "--topic", "feedback", "--takeaway", "listen more", "--rating", "3")
    child.expect("notes in your editor")
    keys(child, "y", ENTER)
    child.expect("Private notes")  # vim shows the file
    keys(child, "i", "Asked about the stretch project.", ESC, "Go", "Felt heard.", ESC, ":wq", ENTER)
    while child.expect([r"[Aa]ction \d", r"Private notes \(", "Logged session", pexpect.EOF]) in (0, 1):
        keys(child, ENTER)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    [session] = json.loads(run("session", "list", "--json").stdout)
    shown = json.loads(run("session", "show", str(session["id"]), "--json").stdout)
    assert (shown["notes"], shown["private_notes"]) == ("Asked about the stretch project.", "Felt heard.")
    assert os.listdir(tmp_path / "tmp") == []


def test_stopped_while_the_editor_is_open_the_file_is_removed_and_nothing_saved(ada, tmp_path):
    """SIGTERM (and SIGHUP: a closed terminal) while the editor runs: the temporary file goes, nothing is saved."""
    before = snapshot(ada)
    marker = tmp_path / "opened"
    script = tmp_path / "slow_editor.py"
    script.write_text("import sys, time\n"
                      f"open({str(marker)!r}, 'w').write(sys.argv[-1])\ntime.sleep(60)\n")
    env = dict(os.environ, EDITOR=f"{sys.executable} {script}", TMPDIR=str(tmp_path / "tmp"))
    for signum in (signal.SIGTERM, signal.SIGHUP):
        marker.unlink(missing_ok=True)
        process = subprocess.Popen([str(MENTORLOG), "session", "add", "--edit", "--with", "ada"], env=env,
                                   stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 20
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        opened = Path(marker.read_text())
        assert opened.exists() and oct(opened.stat().st_mode & 0o777) == "0o600"
        process.send_signal(signum)
        _, stderr = process.communicate(timeout=20)
        assert process.returncode == 128 + signum, stderr
        assert "Traceback" not in stderr
        assert not opened.exists() and os.listdir(tmp_path / "tmp") == []
    assert snapshot(ada) == before


def fake_editor_env(tmp_path: Path, *replies: dict) -> dict:
    """EDITOR set to the recording script of test_editor.py, with these replies."""
    from test_editor import SCRIPT

    script = tmp_path / "fake_editor.py"
    script.write_text(SCRIPT)
    (tmp_path / "replies.json").write_text(json.dumps(list(replies)))
    return {"EDITOR": f"{sys.executable} {script}", "FAKE_EDITOR_LOG": str(tmp_path / "log.json"),
            "FAKE_EDITOR_REPLIES": str(tmp_path / "replies.json")}


def test_review_edit_writes_the_long_text_answers_in_the_editor(ada, tmp_path):
    editor = fake_editor_env(tmp_path, {"text": "<!-- kept out -->\nGood chats.\nShe listens.\n"}, {"text": ""},
                             {"text": "More examples, please."})
    child = spawn(tmp_path, "review", "--with", "ada", "--template", "periodic", "--edit", editor=editor)
    child.expect_exact("(2 line(s) written in the editor)")
    child.expect_exact("(skipped: nothing written)")
    while child.expect_exact(["Use arrow keys", "Action 1"]) == 0:  # the ratings (5, the first, chosen)
        keys(child, ENTER)
    keys(child, ENTER)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    rounds = json.loads((tmp_path / "log.json").read_text())
    assert len(rounds) == 4  # working, not working, feedback received, feedback given: each in the editor
    assert rounds[0]["seen"].startswith("\n\n<!-- What is working well in your meetings with Ada\n     Lovelace? -->\n")
    assert all(r["mode"] == "0o600" for r in rounds) and os.listdir(tmp_path / "tmp") == []
    [review] = json.loads(run("review", "list", "--json").stdout)
    answers = json.loads(run("review", "show", str(review["id"]), "--json").stdout)["answers"]
    assert answers["working"] == "Good chats.\nShe listens."
    assert "not_working" not in answers
    assert answers["feedback_received"] == answers["feedback_given"] == "More examples, please."


def test_review_edit_with_a_failing_editor_keeps_the_draft_and_saves_no_review(ada, tmp_path):
    editor = fake_editor_env(tmp_path, {"text": "Good chats."}, {"text": "half", "exit": 1})
    child = spawn(tmp_path, "review", "--with", "ada", "--template", "periodic", "--edit", editor=editor)
    child.expect_exact("exited with status 1")
    child.expect_exact("--resume")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert json.loads(run("review", "list", "--json").stdout) == []
    assert os.listdir(tmp_path / "tmp") == []
