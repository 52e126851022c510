"""`action …`, `win …`, actions from `session add`, and a journal from the first schema upgrading in place."""

from __future__ import annotations

import sqlite3

import pytest

from mentorlog.data import actions as actions_module
from mentorlog.output import render
from mentorlog.errors import MentorlogError
from mentorlog.prompts import ask

ACTION_KEYS = {"id", "uid", "text", "with", "owner", "due", "status", "reason", "goal", "session"}
WIN_KEYS = {"id", "uid", "text", "with", "date", "at", "goal"}


def action_list(cli, *flags: str) -> list[dict]:
    return cli.json("action", "list", *flags, "--json")


def one_action(cli, action_id: int) -> dict:
    return next(a for a in action_list(cli, "--all") if a["id"] == action_id)


@pytest.fixture
def goal(people):
    """Goal #1 with Ada, goal #2 personal."""
    people.ok("goal", "add", "Get promoted", "--with", "ada")
    people.ok("goal", "add", "Run a marathon")
    return people


@pytest.fixture
def several(goal):
    """#1 mine with Ada due 12-01; #2 Sam's, overdue; #3 mine, undated; #4 mine with Ada, overdue."""
    goal.ok("action", "add", "Write the brag document", "--with", "ada", "--due", "2026-12-01", "--goal", "1")
    goal.ok("action", "add", "Read the design doc", "--with", "sam", "--owner", "them", "--due", "3 days ago")
    goal.ok("action", "add", "Buy running shoes")
    goal.ok("action", "add", "Book the next meeting", "--with", "ada", "--due", "2026-11-10")
    return goal


# -- action add --------------------------------------------------------------------------------


def test_add_with_every_flag(goal):
    result = goal.ok("action", "add", "Write the brag document", "--with", "ada", "--owner", "me",
                     "--due", "in 2 weeks", "--goal", "1")
    assert result.stdout == "1\n" and "action #1" in result.stderr
    data = one_action(goal, 1)
    assert ACTION_KEYS <= set(data)
    assert len(data["uid"]) == 36
    assert {k: data[k] for k in ACTION_KEYS - {"uid"}} == {
        "id": 1, "text": "Write the brag document", "with": "Ada Lovelace", "owner": "me", "due": "2026-12-04",
        "status": "open", "reason": None, "goal": 1, "session": None,
    }


def test_add_defaults(cli):
    cli.ok("action", "add", "Tidy my notes")
    data = one_action(cli, 1)
    assert (data["owner"], data["with"], data["due"], data["goal"], data["status"]) == ("me", None, None, None, "open")


def test_add_theirs(people):
    people.ok("action", "add", "Introduce me to Grace", "--with", "ada", "--owner", "them")
    data = one_action(people, 1)
    assert (data["owner"], data["with"]) == ("them", "Ada Lovelace")


def test_add_for_a_goal_takes_the_goals_person(goal):
    goal.ok("action", "add", "Draft the case", "--goal", "1")
    goal.ok("action", "add", "Run 5k", "--goal", "2")
    assert one_action(goal, 1)["with"] == "Ada Lovelace"
    assert one_action(goal, 2)["with"] is None


def test_add_on_a_terminal_asks_for_missing_text(people, monkeypatch):
    monkeypatch.setattr(ask, "interactive", lambda: True)
    monkeypatch.setattr(ask, "text", lambda prompt, **kw: "Asked-for action")
    people.ok("action", "add", "--with", "ada")
    assert one_action(people, 1)["text"] == "Asked-for action"


# -- action list -------------------------------------------------------------------------------


def test_list_open_soonest_due_first_undated_last(several):
    several.ok("action", "done", "1")
    assert [a["id"] for a in action_list(several)] == [4, 2, 3]


def test_list_all(several):
    several.ok("action", "done", "1")
    several.ok("action", "skip", "3", "--reason", "no time")
    data = action_list(several, "--all")
    assert [(a["id"], a["status"]) for a in data] == [(4, "open"), (2, "open"), (1, "done"), (3, "skipped")]


def test_list_overdue_is_open_and_due_before_today(several, monkeypatch):
    several.ok("action", "add", "Due today", "--due", "today")
    several.ok("action", "done", "4")
    assert [a["id"] for a in action_list(several, "--overdue")] == [2]
    monkeypatch.setenv("MENTORLOG_NOW", "2026-12-02T08:00:00")
    assert [a["id"] for a in action_list(several, "--overdue")] == [2, 5, 1]


def test_list_with_a_name(several):
    assert [a["id"] for a in action_list(several, "--with", "ada")] == [4, 1]
    assert [a["id"] for a in action_list(several, "--with", "sam", "--overdue")] == [2]


def test_list_plain_when_piped(several):
    out = several.ok("action", "list").stdout
    lines = out.splitlines()
    assert lines[0] == "Open actions"
    assert lines[1].split() == ["id", "due", "with", "owner", "action", "goal"]
    assert lines[2].split()[:2] == ["4", "2026-11-10"]
    assert "[red]" not in out and "│" not in out


def test_list_rich_on_a_terminal(several, monkeypatch):
    monkeypatch.setattr(render, "use_rich", lambda: True)
    out = several.ok("action", "list", "--all").stdout
    assert "Write the brag document" in out and "[red]" not in out


def test_list_empty(cli):
    result = cli.ok("action", "list", "--overdue")
    assert result.stdout == "" and "No overdue actions" in result.stderr
    assert action_list(cli) == []


# -- action done, skip, edit -------------------------------------------------------------------


def test_done(several):
    several.ok("action", "done", "1")
    several.ok("action", "done", "2", "--on", "yesterday")
    assert (one_action(several, 1)["status"], one_action(several, 1)["done_on"]) == ("done", "2026-11-20")
    assert one_action(several, 2)["done_on"] == "2026-11-19"


def test_skip_keeps_the_reason(several):
    result = several.ok("action", "skip", "2", "--reason", "  the doc was cancelled ")
    assert "the doc was cancelled" in result.stderr
    data = one_action(several, 2)
    assert (data["status"], data["reason"]) == ("skipped", "the doc was cancelled")


def test_skip_on_a_terminal_asks_for_the_reason(several, monkeypatch):
    monkeypatch.setattr(ask, "interactive", lambda: True)
    monkeypatch.setattr(ask, "text", lambda prompt, **kw: "ran out of time")
    several.ok("action", "skip", "1")
    assert one_action(several, 1)["reason"] == "ran out of time"


def test_done_on_a_day_without_a_year_is_the_latest_one(several):
    several.ok("action", "done", "1", "--on", "dec 20")  # still to come this year, so last year's
    assert one_action(several, 1)["done_on"] == "2025-12-20"


@pytest.mark.parametrize("on", ["tomorrow", "next monday", "2026-11-21", "dec 20 2026"])
def test_done_in_the_future_is_refused(several, unchanged, on):
    with unchanged():
        result = several.fail("action", "done", "1", "--on", on)
    assert "--on" in result.stderr and "is in the future" in result.stderr


@pytest.mark.parametrize("due, expected", [("jan 5", "2027-01-05"), ("dec 20", "2026-12-20"), ("nov 20", "2026-11-20")])
def test_a_due_day_without_a_year_is_the_next_one(goal, due, expected):
    goal.ok("action", "add", "Plan next year", "--due", due)
    assert one_action(goal, 1)["due"] == expected
    goal.ok("action", "edit", "1", "--due", "feb 1")
    assert one_action(goal, 1)["due"] == "2027-02-01"


@pytest.mark.parametrize("close", [("done", "--on", "yesterday"), ("skip", "--reason", "no time")])
def test_reopen_a_done_or_skipped_action(several, close):
    several.ok("action", close[0], "1", *close[1:])
    result = several.ok("action", "reopen", "1")
    assert "Reopened action #1" in result.stderr and result.stdout == ""
    data = one_action(several, 1)
    assert (data["status"], data["done_on"], data["reason"]) == ("open", None, None)
    assert data["text"] == "Write the brag document" and data["due"] == "2026-12-01"
    assert 1 in [a["id"] for a in action_list(several)]  # back in the open list
    several.ok("action", "done", "1")  # and it can be closed again
    assert one_action(several, 1)["status"] == "done"


def test_reopening_an_open_action_is_refused(several, unchanged):
    with unchanged():
        assert "action #1 is already open" in several.fail("action", "reopen", "1").stderr
        assert "no action with id 9" in several.fail("action", "reopen", "9").stderr


def test_edit_clears_due_goal_and_person(several):
    several.ok("action", "edit", "1", "--clear", "due", "--clear", "goal")
    data = one_action(several, 1)
    assert (data["due"], data["goal"], data["with"]) == (None, None, "Ada Lovelace")
    several.ok("action", "edit", "1", "--clear", "with", "--text", "Write it anyway")
    data = one_action(several, 1)
    assert (data["with"], data["text"]) == (None, "Write it anyway")


@pytest.mark.parametrize("args, message", [
    (["--clear", "text"], "can't clear 'text'; fields that can be cleared: due, goal, with"),
    (["--clear", "owner"], "fields that can be cleared: due, goal, with"),
    (["--due", "tomorrow", "--clear", "due"], "--due and --clear due can't be used together"),
    (["--with", "sam", "--clear", "with"], "--with and --clear with can't be used together"),
])
def test_edit_clear_refusals(several, unchanged, args, message):
    with unchanged():
        assert message in several.fail("action", "edit", "1", *args).stderr


def test_add_text_from_standard_input(goal):
    goal.ok("action", "add", "-", "--with", "ada", input="Send the slides\n")
    goal.ok("win", "add", "-", input="Gave the talk\nand it went well\n")
    assert one_action(goal, 1)["text"] == "Send the slides"
    assert goal.json("win", "list", "--json")[0]["text"] == "Gave the talk\nand it went well"


def test_empty_text_from_standard_input_is_refused(goal, unchanged):
    with unchanged():
        assert "empty action text" in goal.fail("action", "add", "-", input="\n").stderr
        assert "empty win" in goal.fail("win", "add", "-", input="  \n").stderr


def test_edit_every_flag(several):
    several.ok("action", "edit", "3", "--text", "Buy trail shoes", "--with", "sam", "--owner", "them",
               "--due", "next monday", "--goal", "2")
    data = one_action(several, 3)
    assert {k: data[k] for k in ("text", "with", "owner", "due", "goal")} == {
        "text": "Buy trail shoes", "with": "Sam Rivera", "owner": "them", "due": "2026-11-23", "goal": 2,
    }


# -- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize("args, message", [
    (["action", "add", "x", "--owner", "us"], "--owner must be one of me, them"),
    (["action", "add", "x", "--due", "soonish"], "can't read the date 'soonish'"),
    (["action", "add", "x", "--goal", "9"], "no goal with id 9"),
    (["action", "add", "x", "--with", "nobody"], "no mentor or mentee matches 'nobody'"),
    (["action", "add", " "], "empty action text"),
    (["action", "add"], "missing TEXT"),
    (["action", "list", "--with", "nobody"], "no mentor or mentee matches 'nobody'"),
    (["action", "list", "--all", "--overdue"], "can't be used together"),
    (["action", "done", "9"], "no action with id 9"),
    (["action", "done", "1", "--on", "later"], "can't read the date 'later'"),
    (["action", "skip", "9", "--reason", "x"], "no action with id 9"),
    (["action", "skip", "1"], "missing --reason"),
    (["action", "skip", "1", "--reason", " "], "empty --reason"),
    (["action", "edit", "9", "--text", "x"], "no action with id 9"),
    (["action", "edit", "1"], "nothing to change"),
    (["action", "edit", "1", "--owner", "both"], "--owner must be one of me, them"),
    (["action", "edit", "1", "--goal", "9"], "no goal with id 9"),
    (["action", "edit", "1", "--due", "2026-02-30"], "can't read the date"),
    (["action", "edit", "1", "--with", "nobody"], "no mentor or mentee matches 'nobody'"),
    (["action", "edit", "1", "--text", "  "], "empty action text"),
    (["win", "add", "x", "--goal", "9"], "no goal with id 9"),
    (["win", "add", "x", "--on", "someday"], "can't read the date 'someday'"),
    (["win", "add", "x", "--with", "nobody"], "no mentor or mentee matches 'nobody'"),
    (["win", "add", "  "], "empty win"),
    (["win", "add"], "missing TEXT"),
    (["win", "list", "--since", "the dawn"], "can't read the date 'the dawn'"),
    (["win", "list", "--with", "nobody"], "no mentor or mentee matches 'nobody'"),
])
def test_bad_input_changes_nothing(several, unchanged, args, message):
    with unchanged():
        result = several.fail(*args)
    assert message in result.stderr


def test_closing_a_closed_action_is_an_error(several, unchanged):
    several.ok("action", "done", "1")
    several.ok("action", "skip", "2", "--reason", "no")
    with unchanged():
        assert "already done" in several.fail("action", "done", "1").stderr
        assert "already done" in several.fail("action", "skip", "1", "--reason", "x").stderr
        assert "already skipped" in several.fail("action", "done", "2").stderr


# -- wins --------------------------------------------------------------------------------------


def test_win_add_and_list(goal):
    goal.ok("win", "add", "Shipped the migration", "--with", "ada", "--goal", "1", "--on", "2026-11-02")
    goal.ok("win", "add", "Ran 10k")
    goal.ok("win", "add", "Sam gave a demo", "--with", "sam", "--on", "yesterday")
    data = goal.json("win", "list", "--json")
    assert all(set(w) == WIN_KEYS for w in data)
    assert [{k: w[k] for k in WIN_KEYS - {"uid"}} for w in data] == [
        {"id": 2, "text": "Ran 10k", "with": None, "date": "2026-11-20", "at": "2026-11-20T10:00:00", "goal": None},
        {"id": 3, "text": "Sam gave a demo", "with": "Sam Rivera", "date": "2026-11-19", "at": None, "goal": None},
        {"id": 1, "text": "Shipped the migration", "with": "Ada Lovelace", "date": "2026-11-02", "at": None,
         "goal": 1},
    ]


def test_win_list_filters(goal):
    goal.ok("win", "add", "Old win", "--with", "ada", "--on", "2026-10-01")
    goal.ok("win", "add", "New win", "--with", "ada", "--on", "2026-11-15")
    goal.ok("win", "add", "Sam's win", "--with", "sam")
    assert [w["text"] for w in goal.json("win", "list", "--with", "ada", "--json")] == ["New win", "Old win"]
    assert [w["text"] for w in goal.json("win", "list", "--since", "2026-11-15", "--json")] == ["Sam's win", "New win"]
    assert [w["text"] for w in goal.json("win", "list", "--with", "ada", "--since", "2 weeks ago", "--json")] == ["New win"]


def test_win_on_a_day_without_a_year_is_the_latest_one(goal):
    goal.ok("win", "add", "Finished the course", "--on", "dec 20")
    assert goal.json("win", "list", "--json")[0]["date"] == "2025-12-20"


@pytest.mark.parametrize("on", ["tomorrow", "in 2 weeks", "2027-01-01"])
def test_a_win_in_the_future_is_refused(goal, unchanged, on):
    with unchanged():
        result = goal.fail("win", "add", "Not yet", "--on", on)
    assert "--on" in result.stderr and "is in the future" in result.stderr


def test_win_for_a_goal_takes_the_goals_person(goal):
    goal.ok("win", "add", "Promotion case drafted", "--goal", "1")
    assert goal.json("win", "list", "--json")[0]["with"] == "Ada Lovelace"


def test_win_list_plain_and_empty(goal):
    result = goal.ok("win", "list")
    assert result.stdout == "" and "No wins found" in result.stderr
    goal.ok("win", "add", "First win")
    lines = goal.ok("win", "list").stdout.splitlines()
    assert lines[0] == "Wins" and lines[2].split() == ["1", "2026-11-20", "—", "First", "win"]


# -- actions from a session --------------------------------------------------------------------


def test_session_actions_mine_and_theirs(people):
    people.ok("session", "add", "--with", "ada", "--on", "2026-11-18", "--action", "Write the brag doc",
              "--action", "Ask for feedback", "--their-action", "Introduce me to Grace")
    shown = people.json("session", "show", "1", "--json")
    assert [(a["owner"], a["text"], a["due"], a["session"], a["with"]) for a in shown["actions"]] == [
        ("me", "Write the brag doc", "2026-12-02", 1, "Ada Lovelace"),
        ("me", "Ask for feedback", "2026-12-02", 1, "Ada Lovelace"),
        ("them", "Introduce me to Grace", "2026-12-02", 1, "Ada Lovelace"),
    ]
    assert [a["session"] for a in action_list(people)] == [1, 1, 1]
    summary = people.ok("session", "show", "1", "--format", "markdown").stdout
    assert "- [ ] Introduce me to Grace (by 2026-12-02)" in summary


@pytest.mark.parametrize("cadence, held, due", [
    ("weekly", "2026-11-18", "2026-11-25"),
    ("2w", "2026-11-18", "2026-12-02"),
    ("biweekly", "2025-12-25 15:00", "2026-01-08"),
    ("monthly", "2026-11-18", "2026-12-18"),
    ("monthly", "2026-01-31", "2026-02-28"),
])
def test_session_action_due_by_the_next_checkin(cli, cadence, held, due):
    cli.ok("mentor", "add", "Grace Hopper", "--cadence", cadence, "--since", "2025-01-01")
    cli.ok("session", "add", "--with", "grace", "--on", held, "--action", "mine", "--their-action", "theirs")
    assert [(a["owner"], a["due"]) for a in cli.json("session", "show", "1", "--json")["actions"]] == [
        ("me", due), ("them", due),
    ]


def test_session_and_its_actions_are_one_transaction(people, unchanged, monkeypatch):
    real = actions_module.add_action
    calls = []

    def failing_second(*args, **kwargs):
        calls.append(args[1])
        if len(calls) == 2:
            raise MentorlogError("disk trouble")
        return real(*args, **kwargs)

    monkeypatch.setattr(actions_module, "add_action", failing_second)
    with unchanged():
        people.fail("session", "add", "--with", "ada", "--action", "one", "--action", "two")
    assert calls == ["one", "two"]


def test_session_without_actions_adds_none(people):
    people.ok("session", "add", "--with", "sam")
    assert people.json("session", "show", "1", "--json")["actions"] == []


def test_session_empty_action_is_refused(people, unchanged):
    with unchanged():
        assert "empty action" in people.fail("session", "add", "--with", "ada", "--their-action", " ").stderr


def test_session_prompt_ends_by_asking_for_actions(people, monkeypatch):
    asked = []

    def items(prompt):
        asked.append(prompt)
        return {"My action": ["Draft the plan"], "Sam Rivera's action": ["Read chapter 3", "Try the exercise"]}[prompt]

    monkeypatch.setattr(ask, "interactive", lambda: True)
    monkeypatch.setattr(ask, "items", items)
    people.ok("session", "add", "--with", "sam", "--on", "2026-11-19", "--duration", "30m", "--topic", "testing",
              "--notes", "n", "--private-notes", "p", "--takeaway", "t", "--rating", "4")
    assert asked == ["My action", "Sam Rivera's action"]
    shown = people.json("session", "show", "1", "--json")["actions"]
    assert [(a["owner"], a["text"], a["due"]) for a in shown] == [
        ("me", "Draft the plan", "2026-11-26"), ("them", "Read chapter 3", "2026-11-26"),
        ("them", "Try the exercise", "2026-11-26"),
    ]


def test_session_prompt_skips_actions_given_as_flags(people, monkeypatch):
    asked = []
    monkeypatch.setattr(ask, "interactive", lambda: True)
    monkeypatch.setattr(ask, "items", lambda prompt: asked.append(prompt) or [])
    people.ok("session", "add", "--with", "sam", "--on", "2026-11-19", "--duration", "30m", "--topic", "testing",
              "--notes", "n", "--private-notes", "p", "--takeaway", "t", "--rating", "4", "--action", "mine")
    assert asked == ["Sam Rivera's action"]


# -- a journal from the first schema upgrades in place ----------------------------------------


def test_first_schema_journal_upgrades_in_place(cli, db_path):
    from sqlite_utils import Database

    from mentorlog.data.migrations import migrations

    db_path.parent.mkdir(parents=True)
    db = Database(db_path)
    migrations().apply(db, stop_before="m002_goals_actions_wins")
    stamp = "2026-09-01T09:00:00Z"
    db["mentorships"].insert({"id": 1, "uid": "m-uid-1", "name": "Ada Lovelace", "role": "mentor",
                              "cadence_days": 7, "since": "2026-09-01", "created_at": stamp, "updated_at": stamp})
    db["sessions"].insert({"id": 1, "uid": "s-uid-1", "mentorship_id": 1, "held_at": "2026-11-10T15:00:00",
                           "duration_minutes": 45, "topics": '["career"]', "notes": "first", "rating": 4,
                           "takeaways": '["ask more"]', "created_at": stamp, "updated_at": stamp})
    db.close()
    before = {t: sqlite3.connect(db_path).execute(f"SELECT * FROM {t}").fetchall() for t in ("mentorships", "sessions")}

    cli.ok("goal", "add", "Get promoted", "--with", "ada")
    cli.ok("session", "add", "--with", "ada", "--on", "2026-11-17", "--action", "Write it up")

    conn = sqlite3.connect(db_path)
    upgraded = conn.execute("SELECT * FROM mentorships").fetchall()
    width = len(before["mentorships"][0])
    assert [row[:width] for row in upgraded] == before["mentorships"]
    assert all(value is None for row in upgraded for value in row[width:])  # m008: paused_on, resumed_on
    assert conn.execute("SELECT * FROM sessions WHERE id = 1").fetchall() == before["sessions"]
    applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")]
    assert applied[:2] == ["m001_initial", "m002_goals_actions_wins"]
    conn.close()
    session = cli.json("session", "show", "1", "--json")
    assert (session["uid"], session["with"], session["topics"], session["rating"]) == ("s-uid-1", "Ada Lovelace", ["career"], 4)
    assert cli.json("goal", "list", "--json")[0]["with"] == "Ada Lovelace"
    assert cli.json("action", "list", "--json")[0]["due"] == "2026-11-24"

    backups = list((db_path.parent / "backups").glob("journal-before-m002_goals_actions_wins-*.db"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    tables = {r[0] for r in old.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "goals" not in tables and "mentorships" in tables
    assert old.execute("SELECT * FROM sessions").fetchall() == before["sessions"]
    old.close()
