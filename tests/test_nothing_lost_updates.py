"""No lost updates: every read-modify-write reads inside its write transaction, or refuses when the
row changed since it was read.

The races are made the way they happen: a second process holds the write lock while it changes the
row, so the mentorlog command has read the row before and blocks on the lock until the change is
committed; a review's goals change between its reading them and its saving (in-process, by another
connection); a goal changes while a review is answered on a terminal."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from mentorlog.data import goals as goal_data
from mentorlog.data import reviews
from mentorlog.errors import MentorlogError
from mentorlog.data.journal import Journal
from mentorlog.prompts import ask, walker
from mentorlog.domain.templates import load_templates
from mentorlog.data import mentorships

MENTORLOG = Path(sys.executable).parent / "mentorlog"
ENTER, DOWN, CLEAR = "\r", "\x1b[B", "\x15"

# Another writer: takes the write lock, makes its change, says "ready", and commits when told to.
HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
conn.execute("BEGIN IMMEDIATE")
for statement in sys.argv[2:]:
    conn.execute(statement)
print("ready", flush=True)
sys.stdin.readline()
conn.execute("COMMIT")
conn.close()
"""


@pytest.fixture
def journal(people):
    """Sam's goal #1 (20%) with milestone #1, and Ada's goal #2; open actions #1 and #2 with Sam."""
    people.ok("goal", "add", "Give a talk", "--with", "sam")
    people.ok("goal", "add", "Get promoted", "--with", "ada")
    people.ok("goal", "progress", "1", "20")
    people.ok("goal", "milestone", "add", "1", "Pick a topic")
    people.ok("action", "add", "Send the outline", "--with", "sam", "--goal", "1")
    people.ok("action", "add", "Book a room", "--with", "sam")
    return people


def row(db_path: Path, table: str, row_id: int) -> dict:
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    try:
        return dict(conn.execute(f"SELECT * FROM {table} WHERE id = ?", [row_id]).fetchone())
    finally:
        conn.close()


def one_error(stderr: str) -> str:
    """The one `Error:` line a refused command prints last (a note that it waited may come before it)."""
    lines = stderr.strip().splitlines()
    errors = [line for line in lines if line.startswith("Error: ")]
    assert len(errors) == 1 and lines[-1] == errors[0], stderr
    assert "Traceback" not in stderr
    return errors[0]


@contextmanager
def holding(db_path: Path, *statements: str):
    """A second process holding the write lock, its change made and not yet committed; it commits on exit."""
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db_path), *statements],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        yield holder
    finally:
        if holder.poll() is None:
            holder.stdin.write("\n")
            holder.stdin.flush()
        assert holder.wait(timeout=30) == 0


def race(db_path: Path, statements: list[str], *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run mentorlog while another process holds the write lock with its change made: mentorlog reads the
    rows as they were, blocks on the lock, and goes on once the change is committed."""
    with holding(db_path, *statements) as holder:
        command = subprocess.Popen([str(MENTORLOG), *args], env=dict(os.environ), stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        command.stdin.write(stdin or "")  # answers are read before the journal is opened
        command.stdin.close()
        command.stdin = None
        opened_journal(command.pid, db_path)
        time.sleep(0.5)  # it reads the rows at once, then waits for the lock
        assert command.poll() is None, "mentorlog did not wait for the other writer"
        holder.stdin.write("\n")
        holder.stdin.flush()
        stdout, stderr = command.communicate(timeout=60)
    return subprocess.CompletedProcess(command.args, command.returncode, stdout, stderr)


def opened_journal(pid: int, db_path: Path, timeout: float = 30) -> None:
    """Wait until process `pid` has the journal open."""
    fds = Path(f"/proc/{pid}/fd")
    if not fds.is_dir():
        time.sleep(3)  # no /proc: give it time to start
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if any(os.readlink(fd) == str(db_path) for fd in fds.iterdir()):
                return
        except OSError:
            pass
        time.sleep(0.02)
    raise AssertionError("mentorlog never opened the journal")


def refused(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 1, result.stderr
    return one_error(result.stderr)


# -- a second process changes the row while the command waits for the lock ----------------------


def test_action_done_while_another_skips_it(journal, db_path):
    result = race(db_path, ["UPDATE actions SET status = 'skipped', reason = 'cancelled', done_on = '2026-11-20' "
                            "WHERE id = 1"], "action", "done", "1")
    assert "action #1 is already skipped" in refused(result)
    assert row(db_path, "actions", 1)["status"] == "skipped" and row(db_path, "actions", 1)["reason"] == "cancelled"


def test_action_skip_while_another_marks_it_done(journal, db_path):
    result = race(db_path, ["UPDATE actions SET status = 'done', done_on = '2026-11-19' WHERE id = 1"],
                  "action", "skip", "1", "--reason", "no time")
    assert "action #1 is already done" in refused(result)
    assert (row(db_path, "actions", 1)["status"], row(db_path, "actions", 1)["reason"]) == ("done", None)


def test_action_reopen_while_another_reopens_and_closes_it(journal, db_path):
    journal.ok("action", "done", "1")
    result = race(db_path, ["UPDATE actions SET status = 'open', done_on = NULL WHERE id = 1"],
                  "action", "reopen", "1")
    assert "action #1 is already open" in refused(result)


def test_goal_done_while_another_drops_it(journal, db_path):
    result = race(db_path, ["UPDATE goals SET status = 'dropped', status_note = 'reorganised', "
                            "closed_on = '2026-11-20' WHERE id = 1"], "goal", "done", "1")
    assert "goal #1 is already dropped; reopen it" in refused(result)
    assert (row(db_path, "goals", 1)["status"], row(db_path, "goals", 1)["progress"]) == ("dropped", 20)


@pytest.mark.parametrize("command", [["drop", "1", "--reason", "no time"], ["pause", "1"]])
def test_goal_drop_or_pause_while_another_achieves_it(journal, db_path, command):
    result = race(db_path, ["UPDATE goals SET status = 'achieved', progress = 100, closed_on = '2026-11-20' "
                            "WHERE id = 1"], "goal", *command)
    assert "goal #1 is" in refused(result) and "reopen it before" in refused(result)
    assert (row(db_path, "goals", 1)["status"], row(db_path, "goals", 1)["status_note"]) == ("achieved", None)


def test_milestone_done_while_another_marks_it_done(journal, db_path):
    result = race(db_path, ["UPDATE milestones SET done = '2026-11-18' WHERE id = 1"],
                  "goal", "milestone", "done", "1")
    assert "already done on 2026-11-18" in refused(result)
    assert row(db_path, "milestones", 1)["done"] == "2026-11-18"


def test_goal_progress_says_what_it_was_just_before(journal, db_path):
    result = race(db_path, ["UPDATE goals SET progress = 55 WHERE id = 1"], "goal", "progress", "1", "60")
    assert result.returncode == 0, result.stderr
    assert "is at 60% (was 55%)" in result.stderr


@pytest.mark.parametrize("decision", [
    {"decision": "keep", "note": "on track"},
    {"decision": "keep", "progress": 40},
    {"decision": "adjust", "title": "Give two talks"},
    {"decision": "achieved"},
    {"decision": "drop", "note": "no time"},
])
def test_a_review_does_not_overwrite_progress_recorded_while_it_waited(journal, db_path, decision):
    answers = json.dumps({"goals": {"1": decision}, "health": 4})
    result = race(db_path, ["UPDATE goals SET progress = 55 WHERE id = 1"],
                  "review", "--with", "sam", "--template", "periodic", "--answers", "-", stdin=answers)
    assert "goal #1 changed while you were answering (it is now active at 55%); nothing was saved" in refused(result)
    assert (row(db_path, "goals", 1)["progress"], row(db_path, "goals", 1)["title"]) == (55, "Give a talk")
    assert row(db_path, "goals", 1)["status"] == "active"
    assert journal.json("review", "list", "--json") == []


# -- a review's goals change between its reading them and its transaction (in-process) -------------


@pytest.fixture
def change_before_writing(monkeypatch, db_path):
    """`change(sql)`: the next write transaction of mentorlog starts only after another connection has
    committed `sql`, as if another command ran in between."""
    original = Journal.write

    def change(sql: str) -> None:
        def write(self, *args, **kwargs):
            monkeypatch.setattr(Journal, "write", original)
            other = sqlite3.connect(db_path, isolation_level=None)
            other.execute(sql)
            other.close()
            return original(self, *args, **kwargs)

        monkeypatch.setattr(Journal, "write", write)

    return change


@pytest.mark.parametrize("decision", [
    {"decision": "keep", "note": "on track"},
    {"decision": "keep", "progress": 40},
    {"decision": "adjust", "target": "2027-06-01"},
    {"decision": "achieved"},
    {"decision": "drop"},
])
def test_progress_recorded_after_a_review_read_its_goals_is_not_reverted(journal, db_path, change_before_writing,
                                                                          decision):
    change_before_writing("UPDATE goals SET progress = 55 WHERE id = 1")
    result = journal.fail("review", "--with", "sam", "--template", "periodic", "--answers", "-",
                          input=json.dumps({"goals": {"1": decision}}))
    assert "goal #1 changed while you were answering" in result.stderr
    assert row(db_path, "goals", 1)["progress"] == 55 and row(db_path, "goals", 1)["status"] == "active"
    assert journal.json("review", "list", "--json") == []


def test_a_goal_dropped_after_a_review_read_it_is_not_achieved(journal, db_path, change_before_writing):
    change_before_writing("UPDATE goals SET status = 'dropped', status_note = 'reorganised' WHERE id = 1")
    result = journal.fail("review", "--with", "sam", "--template", "periodic", "--answers", "-",
                          input=json.dumps({"goals": {"1": {"decision": "achieved"}}}))
    assert "goal #1 changed while you were answering (it is now dropped at 20%)" in result.stderr
    assert (row(db_path, "goals", 1)["status"], row(db_path, "goals", 1)["status_note"]) == ("dropped", "reorganised")


def test_a_wrap_up_does_not_end_again_a_mentorship_ended_meanwhile(journal, db_path):
    result = race(db_path, ["UPDATE mentorships SET status = 'ended', ended_on = '2026-11-19', end_note = 'moved on' "
                            "WHERE name = 'Sam Rivera'"],
                  "review", "--with", "sam", "--template", "wrap-up", "--answers", "-",
                  stdin=json.dumps({"achieved": "a talk"}))
    assert "ended while you were answering; nothing was saved" in refused(result)
    sam = journal.json("mentee", "show", "sam", "--json")
    assert (sam["ended_on"], sam["end_note"]) == ("2026-11-19", "moved on")
    assert journal.json("review", "list", "--json") == []


def test_a_review_of_unchanged_goals_is_saved(journal, db_path, change_before_writing):
    change_before_writing("UPDATE goals SET progress = 90 WHERE id = 2")  # Ada's goal: not in Sam's review
    journal.ok("review", "--with", "sam", "--template", "periodic", "--answers", "-",
               input=json.dumps({"goals": {"1": {"decision": "keep", "progress": 40}}}))
    assert (row(db_path, "goals", 1)["progress"], row(db_path, "goals", 2)["progress"]) == (40, 90)


def test_apply_decision_refuses_a_goal_read_before_it_changed(journal, db_path):
    with Journal(db_path) as store:
        stale = goal_data.goal(store, 1)
        journal.ok("goal", "progress", "1", "55")
        with pytest.raises(goal_data.GoalChanged, match="goal #1 changed while you were answering"):
            reviews.apply_decision(store, stale, {"decision": "keep", "note": "on track"})
    assert row(db_path, "goals", 1)["progress"] == 55
    assert len(journal.json("goal", "show", "1", "--json")["history"]) == 2  # 20 then 55: no note added


# -- a review answered on a terminal while another command records progress ----------------------


@contextmanager
def keys(text: str):
    with create_pipe_input() as pipe:
        pipe.send_text(text)
        with create_app_session(input=pipe, output=DummyOutput()):
            yield




def periodic_keys(goal_keys: str) -> str:
    return "".join([
        "Good chats" + ENTER,  # working
        ENTER,  # not working: skipped
        goal_keys,
        "Sharp" + ENTER,  # feedback received
        ENTER,  # feedback given: skipped
        DOWN + ENTER,  # health: 4
        ENTER,  # no actions
    ])


KEEP_AT_DEFAULT = ENTER + ENTER + ENTER  # keep, progress as shown, no note


def test_a_review_answered_on_a_terminal_does_not_revert_progress_recorded_meanwhile(journal, db_path, monkeypatch):
    monkeypatch.setattr(ask, "interactive", lambda: True)
    original = walker._decide

    def decide_while_another_records(goal):
        if goal.id == 1:
            journal.ok("goal", "progress", "1", "55", "--note", "rehearsed")  # another command, meanwhile
        return original(goal)

    monkeypatch.setattr(walker, "_decide", decide_while_another_records)
    with keys(periodic_keys(KEEP_AT_DEFAULT)):  # keeps goal #1 at the 20% it was shown at
        result = journal("review", "--with", "sam", "--template", "periodic")
    assert result.exit_code == 1, result.stderr
    assert "goal #1 changed while you were answering (it is now active at 55%)" in one_error(result.stderr)
    assert "--resume" in result.stderr
    assert row(db_path, "goals", 1)["progress"] == 55
    assert journal.json("review", "list", "--json") == []

    monkeypatch.setattr(walker, "_decide", original)
    with keys(ENTER + CLEAR + "70" + ENTER + ENTER):  # only goal #1 is asked again, shown at 55%
        result = journal("review", "--with", "sam", "--resume")
    assert result.exit_code == 0, result.stderr
    [review] = journal.json("review", "list", "--json")
    assert review["answers"]["working"] == "Good chats"
    assert review["answers"]["goals"]["1"]["progress"] == 70
    assert [h["progress"] for h in journal.json("goal", "show", "1", "--json")["history"]] == [20, 55, 70]


def test_a_resumed_decision_is_checked_against_the_goal_as_it_was_decided_on(journal, db_path, monkeypatch):
    """Decided in one sitting, interrupted, the goal moves on, then resumed in another: refused."""
    with Journal(db_path) as store:
        sam = mentorships.resolve(store, "sam")
        reviews.draft(store, sam)
        reviews.save_draft(store, sam, "periodic-mentor", {"goals": {"1": {"decision": "keep", "progress": 20}}})
    journal.ok("goal", "progress", "1", "55")
    result = journal.fail("review", "--with", "sam", "--resume", "--answers", "-", input=json.dumps({"health": 3}))
    assert "goal #1 changed while you were answering" in result.stderr
    assert row(db_path, "goals", 1)["progress"] == 55
    # deciding on it again, now: saved
    journal.ok("review", "--with", "sam", "--resume", "--answers", "-",
               input=json.dumps({"goals": {"1": {"decision": "keep", "progress": 60}}}))
    assert row(db_path, "goals", 1)["progress"] == 60


# -- drafts: one review's answers are not overwritten by another's ---------------------------------


def test_a_draft_changed_elsewhere_is_not_overwritten(journal, db_path):
    with Journal(db_path) as here, Journal(db_path) as there:
        sam_here, sam_there = mentorships.resolve(here, "sam"), mentorships.resolve(there, "sam")
        reviews.draft(here, sam_here)
        reviews.draft(there, sam_there)
        reviews.save_draft(there, sam_there, "periodic-mentor", {"working": "from there"})
        with pytest.raises(MentorlogError, match="changed by another mentorlog while you were answering"):
            reviews.save_draft(here, sam_here, "periodic-mentor", {"working": "from here"})
        reviews.save_draft(there, sam_there, "periodic-mentor", {"working": "from there", "health": 4})
    with Journal(db_path) as store:
        assert reviews.draft(store, mentorships.resolve(store, "sam")).answers["working"] == "from there"


def test_a_review_saved_here_leaves_a_draft_begun_elsewhere(journal, db_path):
    with Journal(db_path) as here, Journal(db_path) as there:
        sam_here, sam_there = mentorships.resolve(here, "sam"), mentorships.resolve(there, "sam")
        reviews.draft(here, sam_here)
        reviews.draft(there, sam_there)
        reviews.save_draft(there, sam_there, "periodic-mentor", {"working": "from there"})
        reviews.save_review(here, load_templates()["periodic-mentor"], sam_here, {"health": 5})
    with Journal(db_path) as store:
        assert reviews.draft(store, mentorships.resolve(store, "sam")).answers["working"] == "from there"


# -- one after the other: a closed action or goal is reopened before it is closed another way -------


def test_a_done_action_is_not_also_skipped(journal, db_path, unchanged):
    journal.ok("action", "done", "1")
    with unchanged():
        result = journal.fail("action", "skip", "1", "--reason", "x")
    assert "action #1 is already done; to change that, reopen it first: mentorlog action reopen 1" in result.stderr
    journal.fail("action", "done", "1")
    journal.ok("action", "reopen", "1")
    journal.ok("action", "skip", "1", "--reason", "x")
    assert row(db_path, "actions", 1)["status"] == "skipped"


@pytest.mark.parametrize("first, second", [
    (["done", "1"], ["drop", "1", "--reason", "x"]),
    (["drop", "1", "--reason", "x"], ["done", "1"]),
])
def test_an_achieved_goal_is_not_also_dropped_nor_the_reverse(journal, db_path, unchanged, first, second):
    journal.ok("goal", *first)
    with unchanged():
        result = journal.fail("goal", *second)
    assert "reopen it before" in result.stderr and "mentorlog goal reopen 1" in result.stderr
    journal.ok("goal", "reopen", "1")
    journal.ok("goal", *second)


def test_a_paused_goal_can_still_be_achieved_or_dropped(journal):
    journal.ok("goal", "pause", "1")
    journal.ok("goal", "done", "1")
    journal.ok("goal", "pause", "2")
    journal.ok("goal", "drop", "2", "--reason", "x")
