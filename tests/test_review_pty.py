"""End to end: the installed `mentorlog review` in a real pseudo-terminal, interrupted and resumed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

MENTORLOG = Path(sys.executable).parent / "mentorlog"
ENTER = "\r"


def spawn(*args: str):
    # pexpect does not answer prompt_toolkit's cursor-position requests, which would cost a timeout each
    env = {**os.environ, "TERM": "xterm-256color", "PROMPT_TOOLKIT_NO_CPR": "1"}
    child = pexpect.spawn(str(MENTORLOG), list(args), env=env, encoding="utf-8", timeout=30,
                          dimensions=(40, 120))
    return child


def answer(child, prompt: str, keys: str) -> None:
    child.expect_exact(prompt)
    child.send(keys)


def reviews_saved() -> list[dict]:
    result = subprocess.run([str(MENTORLOG), "review", "list", "--json"], capture_output=True, text=True,
                            check=True, timeout=60)
    return json.loads(result.stdout)


@pytest.mark.slow
@pytest.mark.skipif(not MENTORLOG.exists(), reason="the mentorlog console script is not installed")
def test_interrupted_review_resumes_and_saves_exactly_one(people):
    people.ok("goal", "add", "Get promoted", "--with", "ada")

    child = spawn("review", "--with", "ada", "--template", "periodic")
    answer(child, "What is working well in your meetings with Ada Lovelace?", "Good chats" + ENTER)
    answer(child, "What is not working", "Too short" + ENTER)
    child.expect_exact("keep, adjust, achieved or drop?")
    child.sendcontrol("c")
    child.expect_exact("--resume")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert reviews_saved() == []  # a draft is not a review

    child = spawn("review", "--with", "ada", "--resume")
    child.expect_exact("Continuing: 2 of 9 questions answered.")
    answer(child, "keep, adjust, achieved or drop?", ENTER)  # keep
    answer(child, "Progress now", "\x15" + "30" + ENTER)
    answer(child, "Note", ENTER)
    answer(child, "What feedback has Ada Lovelace given you", ENTER)
    answer(child, "support you better", "More examples" + ENTER)
    answer(child, "How healthy", ENTER)  # 5
    answer(child, "How confident", ENTER)  # 5
    answer(child, "How clear", ENTER)  # 5
    answer(child, "Action 1", "Write the brag document" + ENTER)
    answer(child, "Whose is it?", ENTER)  # mine
    answer(child, "Due", "in 2 weeks" + ENTER)
    answer(child, "Action 2", ENTER)
    child.expect_exact("Saved periodic review #1")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    [review] = reviews_saved()
    assert review["answers"]["working"] == "Good chats"
    assert review["answers"]["not_working"] == "Too short"
    goal = people.json("goal", "show", "1", "--json")
    assert review["answers"]["goals"] == {"1": {"decision": "keep", "progress": 30, "goal_uid": goal["uid"],
                                                "goal_title": "Get promoted"}}
    assert review["answers"]["health"] == 5
    assert review["answers"]["actions"] == [{"text": "Write the brag document", "owner": "me", "due": "2026-12-04"}]
    assert people.json("goal", "show", "1", "--json")["progress"] == 30
