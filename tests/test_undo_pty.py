"""The installed `mentorlog undo` in a real pseudo-terminal: it says what it will take back and asks."""

from __future__ import annotations

import pytest

from conftest import snapshot
from test_session_pty import ENTER, Answers, run, spawn

pytestmark = pytest.mark.slow


@pytest.fixture
def one_session(db_path):
    assert run("mentor", "add", "Ada Lovelace").returncode == 0
    assert run("session", "add", "--with", "ada", "--notes", "first").returncode == 0
    return db_path


def test_undo_asks_and_a_no_changes_nothing(one_session):
    before = snapshot(one_session)
    child = spawn("undo")
    child.expect(r"The newest change: `session add --with ada --notes …`")
    child.expect(r"\+1 session")
    Answers(child).at(r"Take it back\?", "n", ENTER)
    child.expect("Nothing was changed")
    child.expect(pytest.importorskip("pexpect").EOF)
    child.close()
    assert child.exitstatus == 1
    assert snapshot(one_session) == before


def test_undo_asks_and_a_yes_takes_the_session_back(one_session):
    child = spawn("undo")
    Answers(child).at(r"Take it back\?", "y", ENTER)
    child.expect(r"Took back `session add")
    child.expect(pytest.importorskip("pexpect").EOF)
    child.close()
    assert child.exitstatus == 0
    assert run("session", "list", "--json").stdout.strip() == "[]"
