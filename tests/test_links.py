"""Links across mentorships, and sessions outside a mentorship's time, are user errors that change nothing.

The rules (issue "Walk in prepared: links across mentorships are accepted silently"):
1. An action or win serves a goal of its own mentorship, or a personal goal (which takes them from anyone,
   or from nobody). A goal moved to a mentorship must not take along another's actions or wins; a session
   moved to another mentorship must not take along actions serving a goal of the one it leaves. Milestones
   have no mentorship of their own: they go with their goal.
2. A session is never dated before its mentorship started; the error prints the command that moves the start.
3. A session after an ended mentorship's end asks to reopen it (on a terminal) or needs --reopen; one from
   before the end is history and is logged as it is.
4. Ctrl-C at a prompt of `session add` says that nothing was saved (exit 130).
"""

from __future__ import annotations

import json
import shlex

import pytest

from conftest import snapshot


@pytest.fixture
def goals(people):
    """Goal 1 is Ada's, goal 2 is Sam's, goal 3 is personal."""
    people.ok("goal", "add", "Lead a project", "--with", "ada")
    people.ok("goal", "add", "Ship the first feature", "--with", "sam")
    people.ok("goal", "add", "Read more")
    return people


# -- 1. goals of another mentorship ------------------------------------------------------------


@pytest.mark.parametrize("noun", ["action", "win"])
def test_an_action_or_win_linked_to_another_mentorships_goal_is_refused(goals, unchanged, noun):
    with unchanged():
        result = goals.fail(noun, "add", "Send the doc", "--with", "ada", "--goal", "2")
    assert result.stderr.startswith("Error: goal #2 is Sam Rivera's, not Ada Lovelace's; ")
    assert "mentorlog goal list --with 'Ada Lovelace'" in result.stderr


@pytest.mark.parametrize("noun", ["action", "win"])
def test_a_goal_of_the_same_mentorship_or_a_personal_one_is_accepted(goals, noun):
    goals.ok(noun, "add", "Send the doc", "--with", "ada", "--goal", "1")
    goals.ok(noun, "add", "Send the doc", "--with", "sam", "--goal", "3")
    goals.ok(noun, "add", "Send the doc", "--goal", "3")
    goals.ok(noun, "add", "Send the doc", "--goal", "2")  # no --with: it goes with the goal's person
    found = goals.json(noun, "list", "--json") if noun == "win" else goals.json("action", "list", "--all", "--json")
    assert sorted((item["with"] or "", item["goal"]) for item in found) == sorted(
        [("Ada Lovelace", 1), ("Sam Rivera", 3), ("", 3), ("Sam Rivera", 2)])


def test_action_edit_refuses_a_goal_of_another_mentorship(goals, unchanged):
    goals.ok("action", "add", "Send the doc", "--with", "ada", "--goal", "1")
    with unchanged():
        result = goals.fail("action", "edit", "1", "--goal", "2")
    assert "goal #2 is Sam Rivera's, not Ada Lovelace's" in result.stderr


def test_action_edit_refuses_moving_to_another_person_away_from_its_goal(goals, unchanged):
    goals.ok("action", "add", "Send the doc", "--with", "ada", "--goal", "1")
    with unchanged():
        result = goals.fail("action", "edit", "1", "--with", "sam")
        assert "goal #1 is Ada Lovelace's, not Sam Rivera's" in result.stderr
        result = goals.fail("action", "edit", "1", "--clear", "with")
        assert "goal #1 is Ada Lovelace's, and an action with nobody can't serve it" in result.stderr
    goals.ok("action", "edit", "1", "--with", "sam", "--goal", "2")
    goals.ok("action", "edit", "1", "--clear", "with", "--goal", "3")
    goals.ok("action", "edit", "1", "--text", "Send the whole doc")


def test_a_goal_moved_to_a_mentorship_keeps_no_links_of_another(goals, unchanged):
    goals.ok("action", "add", "Send the doc", "--with", "ada", "--goal", "3")
    goals.ok("win", "add", "Sent it", "--with", "sam", "--goal", "3")
    with unchanged():
        result = goals.fail("goal", "edit", "3", "--with", "sam")
        assert "goal #3 has action #1 with Ada Lovelace, so it can't become Sam Rivera's" in result.stderr
    goals.ok("action", "edit", "1", "--clear", "goal")
    with unchanged():
        result = goals.fail("goal", "edit", "3", "--with", "ada")
        assert "goal #3 has win #1 with Sam Rivera, so it can't become Ada Lovelace's" in result.stderr
    goals.ok("goal", "edit", "3", "--with", "sam")
    goals.ok("goal", "edit", "3", "--clear", "with")  # a personal goal takes anything


def test_milestones_go_with_their_goal(goals):
    goals.ok("goal", "milestone", "add", "1", "Draft the proposal")
    goals.ok("goal", "edit", "1", "--with", "sam")  # nothing else serves goal 1: it may move, milestones along
    [step] = goals.json("goal", "show", "1", "--json")["milestones"]
    assert step["title"] == "Draft the proposal"


def test_a_session_moved_to_another_person_keeps_its_actions_goals_their_own(goals, unchanged):
    goals.ok("session", "add", "--with", "ada", "--on", "2026-11-10", "--action", "Draft it")
    goals.ok("action", "edit", "1", "--goal", "1")
    with unchanged():
        result = goals.fail("session", "edit", "1", "--with", "sam")
    assert "action #1 of session #1 serves goal #1, which is not Sam Rivera's" in result.stderr
    goals.ok("action", "edit", "1", "--goal", "3")
    goals.ok("session", "edit", "1", "--with", "sam")
    assert goals.json("action", "list", "--json")[0]["with"] == "Sam Rivera"


# -- 2. before the mentorship started -----------------------------------------------------------


def test_a_session_before_the_start_is_refused_with_the_command_that_moves_it(people, unchanged):
    with unchanged():
        result = people.fail("session", "add", "--with", "ada", "--on", "2026-08-01")
    assert result.stderr.strip() == (
        "Error: Ada Lovelace's mentorship started on 2026-09-01; to log a session before that, "
        "move the start first: mentorlog mentor edit 'Ada Lovelace' --since 2026-08-01")
    command = result.stderr.split("move the start first: ", 1)[1].strip()
    people.ok(*shlex.split(command)[1:])  # it runs as printed
    people.ok("session", "add", "--with", "ada", "--on", "2026-08-01")


def test_a_session_on_the_first_day_is_accepted(people):
    people.ok("session", "add", "--with", "sam", "--on", "2026-10-01 09:00")


def test_session_edit_refuses_a_date_or_a_person_before_the_start(people, unchanged):
    people.ok("session", "add", "--with", "ada", "--on", "2026-09-15")
    with unchanged():
        result = people.fail("session", "edit", "1", "--on", "2026-08-31")
        assert "move the start first: mentorlog mentor edit 'Ada Lovelace' --since 2026-08-31" in result.stderr
        result = people.fail("session", "edit", "1", "--with", "sam")
        assert "Sam Rivera's mentorship started on 2026-10-01; to move a session before that" in result.stderr
        assert "mentorlog mentee edit 'Sam Rivera' --since 2026-09-15" in result.stderr
    people.ok("session", "edit", "1", "--on", "2026-09-01")


def test_the_printed_command_quotes_a_name_for_the_shell(cli, unchanged):
    cli.ok("mentee", "add", "Jo O'Neil", "--since", "2026-10-01")
    with unchanged():
        result = cli.fail("session", "add", "--with", "jo", "--on", "2026-09-01")
    command = result.stderr.split("move the start first: ", 1)[1].strip()
    assert shlex.split(command)[3] == "Jo O'Neil"
    cli.ok(*shlex.split(command)[1:])


# -- 3. an ended mentorship ---------------------------------------------------------------------


@pytest.fixture
def ended(people):
    people.ok("mentor", "end", "Ada Lovelace", "--on", "2026-11-01")
    return people


def test_a_session_after_the_end_needs_reopen(ended, unchanged):
    with unchanged():
        result = ended.fail("session", "add", "--with", "ada", "--action", "Call back")
    assert result.stderr.strip() == ("Error: Ada Lovelace's mentorship ended on 2026-11-01; "
                                     "add --reopen to log a session and reopen it")


def test_reopen_reopens_and_logs_in_one_change(ended):
    before = len(ended.json("history", "-n", "100", "--json"))
    result = ended.ok("session", "add", "--with", "ada", "--reopen", "--action", "Call back")
    assert "Reopened the mentorship" in result.stderr + result.stdout
    [ada] = [m for m in ended.json("mentor", "list", "--all", "--json") if m["name"] == "Ada Lovelace"]
    assert ada["status"] == "active" and ada["ended_on"] is None
    groups = ended.json("history", "-n", "100", "--json")
    assert len(groups) == before + 1
    assert set(groups[0]["changes"]) == {"mentorships", "sessions", "actions"}
    ended.ok("undo", "--yes")  # one undo takes back the session, its action and the reopening
    [ada] = [m for m in ended.json("mentor", "list", "--all", "--json") if m["name"] == "Ada Lovelace"]
    assert ada["status"] == "ended" and ended.json("session", "list", "--json") == []


def test_a_session_from_before_the_end_is_history_and_needs_no_reopening(ended):
    ended.ok("session", "add", "--with", "ada", "--on", "2026-10-30")
    [ada] = [m for m in ended.json("mentor", "list", "--all", "--json") if m["name"] == "Ada Lovelace"]
    assert ada["status"] == "ended"


# -- on a terminal --------------------------------------------------------------------------------

pexpect = pytest.importorskip("pexpect")

from test_session_pty import CTRL_C, ENTER, Answers, run, spawn  # noqa: E402


@pytest.fixture
def ada_ended(db_path):
    for args in (("mentor", "add", "Ada Lovelace", "--since", "2026-09-01"),
                 ("mentor", "end", "Ada Lovelace", "--on", "2026-11-01")):
        done = run(*args)
        assert done.returncode == 0, done.stderr
    return db_path


FLAGS = ("--on", "2026-11-19", "--duration", "30m", "--topic", "x", "--notes", "n", "--private-notes", "p", "--takeaway", "t",
         "--rating", "3", "--action", "a", "--their-action", "b")


@pytest.mark.slow
@pytest.mark.parametrize("yes", [True, False])
def test_on_a_terminal_an_ended_mentorship_asks_to_reopen(ada_ended, yes):
    before = snapshot(ada_ended)
    child = spawn("session", "add", "--with", "ada", *FLAGS)
    Answers(child).at("ended on 2026-11-01; reopen it and log this session", "y" if yes else "n", ENTER)
    child.expect(pexpect.EOF)
    output = child.before
    child.close()
    if yes:
        assert child.exitstatus == 0, output
        assert len(json.loads(run("session", "list", "--json").stdout)) == 1
        assert json.loads(run("mentor", "list", "--json").stdout)[0]["status"] == "active"
    else:
        assert child.exitstatus == 1
        assert "Error: nothing was saved" in output
        assert snapshot(ada_ended) == before


@pytest.mark.slow
@pytest.mark.parametrize("stop_at", ["When", "Topic 1", "reopen it"])
def test_ctrl_c_in_session_add_says_nothing_was_saved(ada_ended, stop_at):
    before = snapshot(ada_ended)
    args = ("--with", "ada", *FLAGS) if stop_at == "reopen it" else ("--with", "ada", "--reopen")
    child = spawn("session", "add", *args)
    answer = Answers(child)
    if stop_at == "Topic 1":
        answer.at("When", ENTER)
        answer.at("How long", ENTER)
    answer.at(stop_at, CTRL_C)
    child.expect(pexpect.EOF)
    output = child.before
    child.close()
    assert child.exitstatus == 130
    assert "Nothing was saved." in output and "Traceback" not in output
    assert snapshot(ada_ended) == before


def test_without_a_terminal_no_question_is_asked(ada_ended):
    result = run("session", "add", "--with", "ada")
    assert result.returncode == 1 and "add --reopen" in result.stderr
