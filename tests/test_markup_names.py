"""Names and titles holding `[` are shown as written, piped and on a terminal, never taken for Rich markup."""

from __future__ import annotations

import json

import pytest

from mentorlog.output import render

NAMES = ("Bob [/x]", "Eve [team]")


@pytest.fixture
def bracketed(cli):
    """A mentor and a mentee whose names look like markup, each with a session and a review."""
    cli.ok("mentor", "add", "Bob [/x]", "--cadence", "weekly", "--since", "2026-10-01")
    cli.ok("mentee", "add", "Eve [team]", "--cadence", "weekly", "--since", "2026-10-01")
    cli.ok("session", "add", "--with", "bob", "--on", "2026-11-10", "--topic", "x")
    cli.ok("session", "add", "--with", "eve", "--on", "2026-11-12", "--topic", "y")
    for who in ("bob", "eve"):
        cli.ok("review", "--with", who, "--template", "session-debrief", "--answers", "-",
               input=json.dumps({"useful": 4, "takeaway": "t"}))
    return cli


def _shows(cli) -> list[tuple[str, str]]:
    return [
        ("Bob [/x]", cli.ok("session", "show", "1").stdout),
        ("Eve [team]", cli.ok("session", "show", "2").stdout),
        ("Bob [/x]", cli.ok("mentor", "show", "bob").stdout),
        ("Eve [team]", cli.ok("mentee", "show", "eve").stdout),
        ("Bob [/x]", cli.ok("review", "show", "1").stdout),
        ("Eve [team]", cli.ok("review", "show", "2").stdout),
    ]


def test_bracketed_names_piped(bracketed):
    for name, text in _shows(bracketed):
        assert name in text.splitlines()[0], text


@pytest.mark.parametrize("columns", [60, 120])
def test_bracketed_names_on_a_terminal(bracketed, monkeypatch, columns):
    monkeypatch.setattr(render, "use_rich", lambda: True)
    monkeypatch.setenv("COLUMNS", str(columns))
    for name, text in _shows(bracketed):
        assert name in text.splitlines()[0], text
    status = bracketed.ok("status").stdout
    # the name column folds on a narrow terminal; the warning-sign lines under the table hold whole names
    for name in NAMES:
        assert name in status, status


def test_a_bracketed_goal_title_is_not_escaped_twice(people, monkeypatch):
    people.ok("goal", "add", "Ship [beta] build", "--with", "ada")
    assert people.ok("goal", "show", "1").stdout.splitlines()[0] == "Goal #1: Ship [beta] build"
    monkeypatch.setattr(render, "use_rich", lambda: True)
    assert people.ok("goal", "show", "1").stdout.splitlines()[0].strip() == "Goal #1: Ship [beta] build"
