"""The installed `mentorlog session add` in a real pseudo-terminal asks which open topics were discussed:
a checkbox of the topics with that person; those ticked are closed, the rest carried over."""

from __future__ import annotations

import json
import time

import pytest

pexpect = pytest.importorskip("pexpect")

from test_session_pty import DOWN, ENTER, Answers, run, spawn  # noqa: E402

SPACE, CTRL_C = " ", "\x03"
FLAGS = ("session", "add", "--with", "ada", "--on", "2026-11-19 15:00", "--duration", "30m", "--topic", "career",
         "--notes", "fine", "--private-notes", "none", "--takeaway", "listen more", "--rating", "4")

pytestmark = pytest.mark.slow


@pytest.fixture
def with_topics(db_path, monkeypatch):
    monkeypatch.setenv("MENTORLOG_NOW", "2026-11-18T09:00:00")
    for args in (("mentor", "add", "Ada Lovelace", "--since", "2026-09-01"),
                 ("mentee", "add", "Sam Rivera", "--since", "2026-09-01"),
                 ("topic", "add", "How do I get on the platform team?", "--with", "ada", "--kind", "question"),
                 ("topic", "add", "The reorg", "--with", "ada"),
                 ("topic", "add", "I am thinking of leaving", "--with", "ada", "--private"),
                 ("topic", "add", "Sam's design review", "--with", "sam")):
        done = run(*args)
        assert done.returncode == 0, done.stderr
    monkeypatch.setenv("MENTORLOG_NOW", "2026-11-20T10:00:00")
    return db_path


def listed() -> dict[str, tuple[str, int]]:
    done = run("topic", "list", "--all", "--json")
    assert done.returncode == 0, done.stderr
    return {t["text"]: (t["status"], t["carried_over"]) for t in json.loads(done.stdout)}


def answer_actions_then(child, prompt: str) -> None:
    """Leave the two action prompts blank, then wait for `prompt` to be drawn whole."""
    answer = Answers(child)
    answer.at("My action 1", ENTER)
    answer.at("Lovelace's action 1", ENTER)
    child.expect(prompt)
    time.sleep(0.3)


def test_the_topics_ticked_are_discussed_and_the_rest_carried_over(with_topics):
    child = spawn(*FLAGS)
    answer_actions_then(child, "Which topics with Ada Lovelace were discussed")
    child.expect("I am thinking of leaving \\(private\\)")  # only Ada's, the private one marked for me
    for key in (SPACE, DOWN, DOWN, SPACE, ENTER):  # tick the first and the third
        time.sleep(0.1)
        child.send(key)
    child.expect("Logged session")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    assert "Sam's design review" not in child.before
    assert listed() == {
        "How do I get on the platform team?": ("done", 0),
        "The reorg": ("open", 1),
        "I am thinking of leaving": ("done", 0),
        "Sam's design review": ("open", 0),
    }


def test_none_ticked_carries_every_one_over_and_discussed_given_is_not_asked(with_topics):
    child = spawn(*FLAGS)
    answer_actions_then(child, "Which topics with Ada Lovelace were discussed")
    time.sleep(0.1)
    child.send(ENTER)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert {status for status, _ in listed().values()} == {"open"}
    assert listed()["The reorg"] == ("open", 1)

    child = spawn(*(word if word != "2026-11-19 15:00" else "2026-11-20 09:00" for word in FLAGS), "--discussed", "2")
    Answers(child).at("My action 1", ENTER)
    Answers(child).at("Lovelace's action 1", ENTER)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0 and "were discussed" not in child.before
    assert listed()["The reorg"] == ("done", 1)


def test_ctrl_c_at_the_checkbox_saves_nothing(with_topics):
    child = spawn(*FLAGS)
    answer_actions_then(child, "Which topics with Ada Lovelace were discussed")
    time.sleep(0.1)
    child.send(SPACE)
    time.sleep(0.1)
    child.send(CTRL_C)
    child.expect("Nothing was saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert json.loads(run("session", "list", "--json").stdout) == []
    assert {status for status, _ in listed().values()} == {"open"}
