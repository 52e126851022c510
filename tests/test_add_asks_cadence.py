"""`mentor add NAME` / `mentee add NAME` on a terminal asks how often you will meet (the usual cadences, the
default chosen); with --cadence, or without a terminal, nobody is asked and the default is what it was."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from test_reviews import DOWN, ENTER, keys

from mentorlog.domain.models import DEFAULT_CADENCE_DAYS
from mentorlog.prompts import ask


def cadence_of(cli, role: str, name: str) -> int:
    return cli.json(role, "show", name, "--json")["cadence_days"]


@pytest.mark.parametrize("role", ["mentor", "mentee"])
@pytest.mark.parametrize("typed,days", [(ENTER, DEFAULT_CADENCE_DAYS), (DOWN + ENTER, 30), (DOWN * 2 + ENTER, 90)])
def test_on_a_terminal_add_asks_the_cadence_with_the_default_chosen(cli, monkeypatch, role, typed, days):
    monkeypatch.setattr(ask, "interactive", lambda: True)
    with keys(typed):
        result = cli(role, "add", "Grace O'Hara")
    assert result.exit_code == 0, result.stderr
    monkeypatch.setattr(ask, "interactive", lambda: False)
    assert cadence_of(cli, role, "grace") == days


def test_the_usual_cadences_are_offered_in_order_with_the_default_chosen(cli, monkeypatch):
    asked = []

    def select(prompt, choices, default=None):
        asked.append((prompt, choices, default))
        return default

    monkeypatch.setattr(ask, "interactive", lambda: True)
    monkeypatch.setattr(ask, "select", select)
    cli.ok("mentor", "add", "Grace O'Hara")
    [(prompt, choices, default)] = asked
    assert prompt == "How often will you meet Grace O'Hara?"
    assert choices == [("weekly", 7), ("every 2 weeks", 14), ("monthly", 30), ("quarterly", 90)]
    assert default == DEFAULT_CADENCE_DAYS


def never_asked(*args, **kwargs):
    raise AssertionError("asked")


def test_with_the_cadence_flag_nobody_is_asked(cli, monkeypatch):
    monkeypatch.setattr(ask, "interactive", lambda: True)
    monkeypatch.setattr(ask, "select", never_asked)
    cli.ok("mentee", "add", "Sam Rivera", "--cadence", "10d")
    monkeypatch.setattr(ask, "interactive", lambda: False)
    assert cadence_of(cli, "mentee", "sam") == 10


def test_without_a_terminal_nobody_is_asked_and_the_default_is_kept(cli, monkeypatch):
    monkeypatch.setattr(ask, "select", never_asked)
    result = cli.ok("mentor", "add", "Grace O'Hara", input="")
    assert "meeting every 2 weeks" in result.stderr
    assert cadence_of(cli, "mentor", "grace") == DEFAULT_CADENCE_DAYS


def test_a_refused_add_asks_nothing_and_writes_nothing(cli, monkeypatch, unchanged):
    monkeypatch.setattr(ask, "interactive", lambda: True)
    monkeypatch.setattr(ask, "select", never_asked)
    with unchanged():
        cli.fail("mentor", "add", "  ")


MENTORLOG = Path(sys.executable).parent / "mentorlog"


@pytest.mark.slow
@pytest.mark.skipif(not MENTORLOG.exists(), reason="the mentorlog console script is not installed")
def test_add_in_a_real_terminal_asks_the_cadence(cli):
    pexpect = pytest.importorskip("pexpect")
    env = {**os.environ, "TERM": "xterm-256color", "PROMPT_TOOLKIT_NO_CPR": "1"}
    child = pexpect.spawn(str(MENTORLOG), ["mentor", "add", "Grace O'Hara"], env=env, encoding="utf-8", timeout=30,
                          dimensions=(40, 120))
    child.expect_exact("How often will you meet Grace O'Hara?")
    child.expect_exact("every 2 weeks")
    child.send(DOWN + ENTER)
    child.expect_exact("meeting monthly")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert cadence_of(cli, "mentor", "grace") == 30
