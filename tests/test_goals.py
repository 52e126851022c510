"""`goal …` and `goal milestone …`: weights, progress history, milestones, and every bad input."""

from __future__ import annotations

import json
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorlog.output import render
from mentorlog.domain.insights import goal_weight
from mentorlog.prompts import ask

GOAL_KEYS = {"id", "uid", "title", "with", "category", "status", "progress", "weight", "target", "metric"}


@pytest.fixture
def goal(people):
    """Goal #1 with Ada: weight 5 x 4 x 2 = 40."""
    people.ok("goal", "add", "Lead a cross-team project", "--with", "ada", "--category", "career",
              "--target", "2027-03-01", "--why", "next level", "--metric", "shipped and presented",
              "--impact", "5", "--support", "4", "--feasibility", "2")
    return people


def show(cli, goal_id=1) -> dict:
    return cli.json("goal", "show", goal_id, "--json")


# -- add ---------------------------------------------------------------------------------------


def test_add_with_every_flag(goal):
    data = show(goal)
    assert GOAL_KEYS | {"milestones", "history"} <= set(data)
    assert data["id"] == 1 and isinstance(data["uid"], str) and len(data["uid"]) == 36
    assert data["title"] == "Lead a cross-team project"
    assert data["with"] == "Ada Lovelace"
    assert data["category"] == "career"
    assert data["status"] == "active"
    assert data["progress"] == 0
    assert data["target"] == "2027-03-01"
    assert data["metric"] == "shipped and presented"
    assert data["why"] == "next level"
    assert (data["impact"], data["support"], data["feasibility"], data["weight"]) == (5, 4, 2, 40)
    assert data["milestones"] == [] and data["history"] == []


def test_add_message_names_the_weight(people):
    result = people.ok("goal", "add", "Speak at a meetup", "--impact", "4")
    assert result.stdout == "1\n"  # the new id alone: the sentence is for the person
    assert "goal #1" in result.stderr and "weight 36" in result.stderr


def test_add_without_a_terminal_scores_default_to_3(people):
    people.ok("goal", "add", "Personal goal")
    data = show(people)
    assert (data["impact"], data["support"], data["feasibility"], data["weight"]) == (3, 3, 3, 27)
    assert data["with"] is None and data["category"] == "other" and data["target"] is None


def test_add_target_in_natural_words(people):
    people.ok("goal", "add", "Ship it", "--target", "in 2 weeks")
    assert show(people)["target"] == "2026-12-04"


def test_add_help_documents_the_weight_formula(cli):
    result = cli.ok("goal", "add", "--help")
    text = " ".join(result.stdout.split())
    assert "Weight = impact x support x feasibility (1-125)" in text
    assert "impact on my career" in text and "can this mentor help me" in text and "does it fit the time we have" in text
    assert "impact on their career" in text and "can I help them" in text  # a mentee's goal


def test_add_on_a_terminal_asks_each_missing_score_with_its_meaning(people, monkeypatch):
    asked = []

    def select(prompt, choices, default=None):
        asked.append(prompt)
        assert default == 3 and [value for _, value in choices] == [5, 4, 3, 2, 1]
        return {"Support": 2, "Feasibility": 5}[prompt.split(" ")[0]]

    monkeypatch.setattr(ask, "interactive", lambda: True)
    monkeypatch.setattr(ask, "select", select)
    people.ok("goal", "add", "Write a book", "--impact", "4")
    assert asked == ["Support (1-5): can a mentor help me with it?",
                     "Feasibility (1-5): does it fit the time I have?"]
    data = show(people)
    assert (data["impact"], data["support"], data["feasibility"], data["weight"]) == (4, 2, 5, 40)


def test_add_on_a_terminal_asks_for_a_missing_title(people, monkeypatch):
    monkeypatch.setattr(ask, "interactive", lambda: True)
    monkeypatch.setattr(ask, "select", lambda prompt, choices, default=None: 3)
    monkeypatch.setattr(ask, "text", lambda prompt, **kw: "Asked-for title")
    people.ok("goal", "add", "--impact", "1", "--support", "1", "--feasibility", "1")
    assert show(people)["title"] == "Asked-for title"


# -- list --------------------------------------------------------------------------------------


@pytest.fixture
def several(goal):
    goal.ok("goal", "add", "Light goal", "--impact", "1", "--support", "2", "--feasibility", "3")  # 6
    goal.ok("goal", "add", "Heavy goal", "--with", "sam", "--impact", "5", "--support", "5", "--feasibility", "5")
    goal.ok("goal", "add", "Middle goal", "--with", "ada")  # 27
    return goal


def test_list_heaviest_first(several):
    data = several.json("goal", "list", "--json")
    assert [g["title"] for g in data] == ["Heavy goal", "Lead a cross-team project", "Middle goal", "Light goal"]
    assert [g["weight"] for g in data] == [125, 40, 27, 6]
    assert all(GOAL_KEYS <= set(g) and "milestones" not in g for g in data)


def test_list_with_a_name(several):
    data = several.json("goal", "list", "--with", "ADA", "--json")
    assert [g["title"] for g in data] == ["Lead a cross-team project", "Middle goal"]


def test_list_is_active_only_unless_all(several):
    several.ok("goal", "done", "2")
    several.ok("goal", "drop", "4", "--reason", "not now")
    assert [g["id"] for g in several.json("goal", "list", "--json")] == [3, 1]
    everything = several.json("goal", "list", "--all", "--json")
    assert [(g["id"], g["status"]) for g in everything] == [(3, "active"), (1, "active"), (4, "dropped"), (2, "achieved")]


def test_list_plain_when_piped(several):
    several.ok("goal", "progress", "1", "40")
    out = several.ok("goal", "list").stdout
    lines = out.splitlines()
    assert lines[0] == "Active goals"
    assert lines[1].split() == ["id", "goal", "with", "weight", "progress", "target", "next", "milestone"]
    assert "40%" in out and "█" not in out and "╭" not in out and "┃" not in out
    assert lines[2].split()[:3] == ["3", "Heavy", "goal"]


def test_list_rich_on_a_terminal_draws_a_progress_bar(several, monkeypatch):
    several.ok("goal", "progress", "1", "40")
    monkeypatch.setattr(render, "use_rich", lambda: True)
    out = several.ok("goal", "list").stdout
    assert render.progress_bar(40) in out


def test_list_shows_the_next_milestone(goal):
    goal.ok("goal", "milestone", "add", "1", "Second step", "--due", "2026-12-20")
    goal.ok("goal", "milestone", "add", "1", "First step", "--due", "2026-12-01")
    goal.ok("goal", "milestone", "done", "2")
    assert "Second step (due 2026-12-20)" in goal.ok("goal", "list").stdout


def test_list_empty(cli):
    result = cli.ok("goal", "list")
    assert result.stdout == "" and "No goals found" in result.stderr
    assert cli.json("goal", "list", "--json") == []


# -- show, edit --------------------------------------------------------------------------------


def test_show_text(goal):
    goal.ok("goal", "progress", "1", "30", "--note", "kick-off done")
    out = goal.ok("goal", "show", "1").stdout
    assert "Goal #1: Lead a cross-team project" in out
    assert "40 = impact 5 x support 4 x feasibility 2" in out
    assert "2026-11-20 30% — kick-off done" in out


def test_edit_every_flag(goal):
    goal.ok("goal", "edit", "1", "--title", "Lead a project", "--with", "sam", "--category", "skill",
            "--target", "2027-06-30", "--why", "grow", "--metric", "a retro held", "--impact", "3",
            "--support", "3", "--feasibility", "4")
    data = show(goal)
    assert {k: data[k] for k in ("title", "with", "category", "target", "why", "metric", "weight")} == {
        "title": "Lead a project", "with": "Sam Rivera", "category": "skill", "target": "2027-06-30",
        "why": "grow", "metric": "a retro held", "weight": 36,
    }


def test_edit_one_score_keeps_the_rest(goal):
    goal.ok("goal", "edit", "1", "--feasibility", "5")
    data = show(goal)
    assert (data["impact"], data["support"], data["feasibility"], data["weight"]) == (5, 4, 5, 100)
    assert data["title"] == "Lead a cross-team project"


# -- progress, done, drop ----------------------------------------------------------------------


def test_progress_keeps_every_update_in_history(goal, monkeypatch):
    goal.ok("goal", "progress", "1", "20", "--note", "started")
    monkeypatch.setenv("MENTORLOG_NOW", "2026-11-27T09:30:00")
    goal.ok("goal", "progress", "1", "55")
    data = show(goal)
    assert data["progress"] == 55
    assert data["history"] == [
        {"date": "2026-11-20T10:00:00", "progress": 20, "note": "started"},
        {"date": "2026-11-27T09:30:00", "progress": 55, "note": None},
    ]


@pytest.mark.parametrize("percent", ["0", "100"])
def test_progress_bounds_are_allowed(goal, percent):
    goal.ok("goal", "progress", "1", percent)
    assert show(goal)["progress"] == int(percent)


def test_done_achieves_at_100(goal):
    goal.ok("goal", "progress", "1", "60")
    goal.ok("goal", "done", "1", "--note", "promoted")
    data = show(goal)
    assert (data["status"], data["progress"], data["status_note"]) == ("achieved", 100, "promoted")
    assert data["history"][-1] == {"date": "2026-11-20T10:00:00", "progress": 100, "note": "promoted"}


def test_drop_keeps_the_reason(goal):
    goal.ok("goal", "drop", "1", "--reason", "team reorganised")
    data = show(goal)
    assert (data["status"], data["status_note"]) == ("dropped", "team reorganised")
    assert data["progress"] == 0


def test_pause_and_reopen(goal):
    goal.ok("goal", "progress", "1", "30", "--note", "first draft")
    result = goal.ok("goal", "pause", "1", "--note", "after the launch")
    assert "Paused goal #1" in result.stderr and result.stdout == ""
    data = show(goal)
    assert (data["status"], data["status_note"], data["progress"]) == ("paused", "after the launch", 30)
    assert goal.json("goal", "list", "--json") == []  # no longer among the active goals
    assert [g["status"] for g in goal.json("goal", "list", "--all", "--json")] == ["paused"]
    goal.ok("goal", "reopen", "1")
    data = show(goal)
    assert (data["status"], data["progress"]) == ("active", 30)
    assert [h["progress"] for h in data["history"]] == [30]
    assert [g["id"] for g in goal.json("goal", "list", "--json")] == [1]


@pytest.mark.parametrize("close", [("done",), ("drop", "--reason", "reorganised")])
def test_reopen_an_achieved_or_dropped_goal_keeps_its_history(goal, close, db_path):
    def closed_on():
        conn = sqlite3.connect(db_path)
        try:
            return conn.execute("SELECT closed_on FROM goals WHERE id = 1").fetchone()[0]
        finally:
            conn.close()

    goal.ok("goal", "progress", "1", "60")
    goal.ok("goal", *close[:1], "1", *close[1:])
    closed = show(goal)
    assert closed_on() == "2026-11-20"
    goal.ok("goal", "reopen", "1", "--note", "back on")
    data = show(goal)
    assert (data["status"], data["status_note"], closed_on()) == ("active", "back on", None)
    assert data["progress"] == closed["progress"] and data["history"] == closed["history"]
    goal.ok("goal", *close[:1], "1", *close[1:])  # and it can be closed again


def test_pause_and_reopen_refusals(goal, unchanged):
    with unchanged():
        assert "goal #1 is already active" in goal.fail("goal", "reopen", "1").stderr
        assert "no goal with id 9" in goal.fail("goal", "pause", "9").stderr
        assert "no goal with id 9" in goal.fail("goal", "reopen", "9").stderr
    goal.ok("goal", "pause", "1")
    with unchanged():
        assert "goal #1 is already paused" in goal.fail("goal", "pause", "1").stderr
    goal.ok("goal", "done", "1")
    with unchanged():
        assert "goal #1 is achieved; reopen it before pausing it" in goal.fail("goal", "pause", "1").stderr


def test_edit_clears_why_metric_target_and_person(goal):
    goal.ok("goal", "edit", "1", "--clear", "why", "--clear", "metric", "--clear", "target", "--clear", "with")
    data = show(goal)
    assert (data["why"], data["metric"], data["target"], data["with"]) == (None, None, None, None)
    assert (data["title"], data["weight"]) == ("Lead a cross-team project", 40)


@pytest.mark.parametrize("args, message", [
    (["--clear", "title"], "can't clear 'title'; fields that can be cleared: why, metric, target, with"),
    (["--clear", "impact"], "fields that can be cleared: why, metric, target, with"),
    (["--why", "x", "--clear", "why"], "--why and --clear why can't be used together"),
    (["--with", "sam", "--clear", "with"], "--with and --clear with can't be used together"),
])
def test_edit_clear_refusals(goal, unchanged, args, message):
    with unchanged():
        assert message in goal.fail("goal", "edit", "1", *args).stderr


@pytest.mark.parametrize("target, expected", [("jan 5", "2027-01-05"), ("dec 20", "2026-12-20"), ("nov 20", "2026-11-20")])
def test_a_target_or_due_day_without_a_year_is_the_next_one(goal, target, expected):
    goal.ok("goal", "edit", "1", "--target", target)
    goal.ok("goal", "milestone", "add", "1", "Step", "--due", target)
    data = show(goal)
    assert data["target"] == expected and data["milestones"][0]["due"] == expected


# -- milestones --------------------------------------------------------------------------------


def test_milestones_add_and_done(goal):
    goal.ok("goal", "milestone", "add", "1", "Draft the proposal", "--due", "in 2 weeks")
    goal.ok("goal", "milestone", "add", "1", "Find a sponsor")
    goal.ok("goal", "milestone", "done", "1", "--on", "yesterday")
    goal.ok("goal", "milestone", "done", "2")
    milestones = show(goal)["milestones"]
    assert [{k: m[k] for k in ("id", "title", "due", "done")} for m in milestones] == [
        {"id": 1, "title": "Draft the proposal", "due": "2026-12-04", "done": "2026-11-19"},
        {"id": 2, "title": "Find a sponsor", "due": None, "done": "2026-11-20"},
    ]


def test_milestone_done_on_a_day_without_a_year_is_the_latest_one(goal):
    goal.ok("goal", "milestone", "add", "1", "Step")
    goal.ok("goal", "milestone", "done", "1", "--on", "dec 20")
    assert show(goal)["milestones"][0]["done"] == "2025-12-20"


# -- bad input: one Error line, exit 1, nothing written ----------------------------------------


@pytest.mark.parametrize("args, message", [
    (["goal", "show", "9"], "no goal with id 9"),
    (["goal", "show", "9", "--json"], "no goal with id 9"),
    (["goal", "edit", "9", "--title", "x"], "no goal with id 9"),
    (["goal", "edit", "1"], "nothing to change"),
    (["goal", "progress", "9", "50"], "no goal with id 9"),
    (["goal", "progress", "1", "101"], "progress must be between 0 and 100, not 101"),
    (["goal", "progress", "1", "-1"], "progress must be between 0 and 100, not -1"),
    (["goal", "progress", "1", "--", "-5"], "progress must be between 0 and 100, not -5"),
    (["goal", "done", "9"], "no goal with id 9"),
    (["goal", "drop", "9", "--reason", "x"], "no goal with id 9"),
    (["goal", "drop", "1"], "missing --reason"),
    (["goal", "drop", "1", "--reason", "  "], "empty --reason"),
    (["goal", "add", "New", "--impact", "0"], "--impact must be between 1 and 5, not 0"),
    (["goal", "add", "New", "--support", "6"], "--support must be between 1 and 5, not 6"),
    (["goal", "add", "New", "--feasibility", "9"], "--feasibility must be between 1 and 5, not 9"),
    (["goal", "edit", "1", "--impact", "6"], "--impact must be between 1 and 5, not 6"),
    (["goal", "add", "New", "--category", "hobby"], "--category must be one of"),
    (["goal", "add", "New", "--target", "someday"], "can't read the date 'someday'"),
    (["goal", "edit", "1", "--target", "2026-13-45"], "can't read the date"),
    (["goal", "add", "New", "--with", "nobody"], "no mentor or mentee matches 'nobody'"),
    (["goal", "edit", "1", "--with", "nobody"], "no mentor or mentee matches 'nobody'"),
    (["goal", "list", "--with", "nobody"], "no mentor or mentee matches 'nobody'"),
    (["goal", "add", "  "], "empty goal title"),
    (["goal", "add"], "missing TITLE"),
    (["goal", "milestone", "add", "9", "Step"], "no goal with id 9"),
    (["goal", "milestone", "add", "1", "Step", "--due", "whenever"], "can't read the date 'whenever'"),
    (["goal", "milestone", "add", "1", " "], "empty milestone title"),
    (["goal", "milestone", "done", "9"], "no milestone with id 9"),
    (["goal", "milestone", "done", "1", "--on", "nope"], "can't read the date 'nope'"),
    (["goal", "milestone", "done", "1", "--on", "tomorrow"], "--on 'tomorrow' is in the future (2026-11-21)"),
    (["goal", "milestone", "done", "1", "--on", "2026-12-20"], "is in the future"),
])
def test_bad_input_changes_nothing(goal, unchanged, args, message):
    goal.ok("goal", "milestone", "add", "1", "Step one")
    with unchanged():
        result = goal.fail(*args)
    assert message in result.stderr


def test_done_twice_and_milestone_done_twice_are_errors(goal, unchanged):
    goal.ok("goal", "done", "1")
    goal.ok("goal", "milestone", "add", "1", "Step")
    goal.ok("goal", "milestone", "done", "1")
    with unchanged():
        assert "already achieved" in goal.fail("goal", "done", "1").stderr
        assert "already done" in goal.fail("goal", "milestone", "done", "1").stderr


# -- the weight --------------------------------------------------------------------------------

score = st.integers(min_value=1, max_value=5)


@given(impact=score, support=score, feasibility=score, which=st.sampled_from([0, 1, 2]), raise_by=st.integers(1, 4))
def test_raising_any_score_never_lowers_the_weight(impact, support, feasibility, which, raise_by):
    scores = [impact, support, feasibility]
    raised = list(scores)
    raised[which] = min(5, raised[which] + raise_by)
    assert goal_weight(*raised) >= goal_weight(*scores)
    if raised != scores:
        assert goal_weight(*raised) > goal_weight(*scores)
    assert 1 <= goal_weight(*scores) <= 125


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(triples=st.lists(st.tuples(score, score, score), min_size=2, max_size=6))
def test_goal_list_orders_by_weight(cli, triples):
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "journal.db")
        for n, (impact, support, feasibility) in enumerate(triples):
            cli.ok("--db", db, "goal", "add", f"goal {n}", "--impact", str(impact), "--support", str(support),
                   "--feasibility", str(feasibility))
        listed = json.loads(cli.ok("--db", db, "goal", "list", "--json").stdout)
    weights = [g["weight"] for g in listed]
    assert weights == sorted(weights, reverse=True)
    assert sorted(weights) == sorted(goal_weight(*t) for t in triples)


@pytest.mark.slow
def test_goal_add_asks_missing_scores_in_a_real_terminal(db_path):
    """End to end in a pseudo-terminal: the installed `mentorlog` asks for the title and the two missing scores."""
    import os
    import sys

    pexpect = pytest.importorskip("pexpect")
    program = str(Path(sys.executable).parent / "mentorlog")
    env = {**os.environ, "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"}
    env.pop("NO_COLOR", None)
    child = pexpect.spawn(program, ["goal", "add", "--impact", "4"], env=env, encoding="utf-8", timeout=20)
    child.expect("Goal")
    child.sendline("Write a book")
    child.expect(r"Support \(1-5\): can a mentor help me with it\?")
    child.send("\x1b[A\r")  # up from the default 3 to 4
    child.expect(r"Feasibility \(1-5\): does it fit the time I have\?")
    child.send("\r")  # keep the default 3
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT title, impact, support, feasibility FROM goals").fetchall() == [("Write a book", 4, 4, 3)]
    conn.close()
