"""The installed `mentorlog session add`, driven in a real pseudo-terminal: it asks for what the flags left out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

from conftest import snapshot  # noqa: E402

MENTORLOG = Path(sys.executable).parent / "mentorlog"
DOWN, ENTER, ESC, CTRL_C, CTRL_U = "\x1b[B", "\r", "\x1b", "\x03", "\x15"

pytestmark = pytest.mark.slow


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(MENTORLOG), *args], capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          timeout=60)


def spawn(*args: str):
    assert MENTORLOG.exists(), f"install the package first: {MENTORLOG} is missing"
    # a pexpect terminal does not answer cursor-position requests; without this each prompt waits for one
    env = dict(os.environ, TERM="xterm", COLUMNS="120", LINES="40", PROMPT_TOOLKIT_NO_CPR="1")
    return pexpect.spawn(str(MENTORLOG), list(args), env=env, dimensions=(40, 120), encoding="utf-8", timeout=20)


class Answers:
    """Wait for a prompt, then type; a short pause lets the prompt finish drawing before keys arrive."""

    def __init__(self, child):
        self.child = child

    def at(self, prompt: str, *keys: str) -> None:
        self.child.expect(prompt)
        for key in keys:
            time.sleep(0.1)
            self.child.send(key)


@pytest.fixture
def two_people(db_path):
    for args in (("mentee", "add", "Sam Rivera", "--since", "2026-09-01"),
                 ("mentor", "add", "Ada Lovelace", "--channel", "video", "--since", "2026-09-01")):
        done = run(*args)
        assert done.returncode == 0, done.stderr
    return db_path


def test_session_add_asks_for_everything_the_flags_left_out(two_people):
    child = spawn("session", "add")
    answer = Answers(child)
    answer.at("Who did you meet", DOWN, ENTER)  # Sam (mentee) is listed first; Ada is one down
    answer.at("When", CTRL_U, "yesterday 15:00", ENTER)
    answer.at("How long", "forever", ENTER)
    answer.at("can't read the duration", CTRL_U, "1h30m", ENTER)  # the validator explains, then accepts
    answer.at("Topic 1", "promotion case", ENTER)
    answer.at("Topic 2", "brag document", ENTER)
    answer.at("Topic 3", ENTER)
    answer.at("notes in your editor", ENTER)  # no: type them here
    answer.at("Notes", "She said: start the doc now.", ENTER, "Share it in two weeks.", ESC, ENTER)
    answer.at("Private notes", "I felt nervous", ENTER)
    answer.at("Key takeaway 1", "write the brag document", ENTER)
    answer.at("Key takeaway 2", ENTER)
    answer.at("How useful", DOWN, ENTER)  # 5 is first; 4 is one down
    # later versions may also ask for actions; leave them blank
    while child.expect([r"[Aa]ction \d", "Logged session", pexpect.EOF]) == 0:
        time.sleep(0.1)
        child.send(ENTER)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before

    done = run("session", "list", "--json")
    assert done.returncode == 0, done.stderr
    [session] = json.loads(done.stdout)
    assert session["with"] == "Ada Lovelace"
    assert session["date"] == "2026-11-19T15:00:00"
    assert session["duration_minutes"] == 90
    assert session["topics"] == ["promotion case", "brag document"]
    assert session["notes"] == "She said: start the doc now.\nShare it in two weeks."
    assert session["private_notes"] == "I felt nervous"
    assert session["takeaways"] == ["write the brag document"]
    assert session["rating"] == 4
    assert session["channel"] == "video"


def test_flags_given_are_not_asked_again(two_people):
    child = spawn("session", "add", "--with", "sam", "--on", "2026-11-18", "--duration", "30m", "--topic", "feedback",
                  "--notes", "fine", "--private-notes", "none", "--takeaway", "listen more", "--rating", "3")
    while child.expect([r"[Aa]ction \d", pexpect.EOF]) == 0:
        time.sleep(0.1)
        child.send(ENTER)
    child.close()
    assert child.exitstatus == 0
    [session] = json.loads(run("session", "list", "--json").stdout)
    assert (session["with"], session["date"], session["rating"]) == ("Sam Rivera", "2026-11-18T00:00:00", 3)


@pytest.mark.parametrize("stop_at", ["Who did you meet", "How long", "Notes", "How useful"])
def test_ctrl_c_at_a_prompt_exits_130_and_writes_nothing(two_people, stop_at):
    before = snapshot(two_people)
    child = spawn("session", "add")
    answer = Answers(child)
    steps = [
        ("Who did you meet", (ENTER,)),
        ("When", (ENTER,)),
        ("How long", ("45m", ENTER)),
        ("Topic 1", ("half-written topic", ENTER)),
        ("Topic 2", (ENTER,)),
        ("notes in your editor", (ENTER,)),
        ("Notes", ("some notes", ESC, ENTER)),
        ("Private notes", (ENTER,)),
        ("Key takeaway 1", (ENTER,)),
        ("How useful", (ENTER,)),
    ]
    for prompt, keys in steps:
        if prompt == stop_at:
            answer.at(prompt, CTRL_C)
            break
        answer.at(prompt, *keys)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in (child.before or "")
    assert snapshot(two_people) == before
    assert json.loads(run("session", "list", "--json").stdout) == []
