"""The change history and `undo`: every command that writes is one group; undo puts every table back
exactly as it was, undo again puts the later state back, and a refused undo changes nothing."""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mentorlog.data import history
from mentorlog.errors import MentorlogError
from mentorlog.data.journal import Journal

from conftest import snapshot

HISTORY_TABLES = ("change_groups", "changes")
MENTORLOG = Path(sys.executable).parent / "mentorlog"


def state(path: Path) -> list:
    """Every row of every table but the history itself, the search index's rows included."""
    rows = [(table, rows) for table, rows in snapshot(path)
            if table not in HISTORY_TABLES and not table.startswith("search_index")]
    conn = sqlite3.connect(path)
    try:
        rows.append(("search_index", conn.execute("SELECT rowid, * FROM search_index ORDER BY rowid").fetchall()))
    finally:
        conn.close()
    return rows


@pytest.fixture
def journal_in_use(people, tmp_path):
    """Ada and Sam, goals, a session with actions, a progress update and a win."""
    people.ok("goal", "add", "Get promoted", "--with", "ada")
    people.ok("goal", "add", "Give a talk", "--with", "sam")
    people.ok("session", "add", "--with", "ada", "--notes", "first", "--private-notes", "mine",
              "--action", "write the brag doc", "--their-action", "intro to Grace")
    people.ok("goal", "progress", "1", "20", "--note", "started")
    people.ok("win", "add", "Shipped the thing", "--with", "ada")
    return people


def import_file(tmp_path: Path) -> Path:
    stamp = "2026-01-01T09:00:00Z"
    person = {"uid": "u-imp", "name": "Imported Person", "role": "mentee", "cadence_days": 7,
              "created_at": stamp, "updated_at": stamp}
    sessions = [{"uid": f"u-imp-s{n}", "mentorship_uid": "u-imp", "held_at": f"2026-0{n + 1}-02T09:00:00",
                 "notes": f"imported {n}", "topics": [], "takeaways": [], "created_at": stamp, "updated_at": stamp}
                for n in range(3)]
    document = {"format": "mentorlog", "version": 1, "exported_at": stamp, "mentorships": [person],
                "sessions": sessions, "goals": [], "milestones": [], "goal_updates": [], "actions": [], "wins": [],
                "reviews": []}
    path = tmp_path / "import.json"
    path.write_text(json.dumps(document))
    return path


WRITES = {
    "session add with actions": ["session", "add", "--with", "sam", "--notes", "n", "--action", "a", "--their-action", "b"],
    "goal progress": ["goal", "progress", "1", "60", "--note", "more"],
    "action done": ["action", "done", "1"],
    "action skip": ["action", "skip", "2", "--reason", "no time"],
    "session edit": ["session", "edit", "1", "--notes", "edited"],
    "goal edit": ["goal", "edit", "1", "--title", "Get promoted to staff"],
    "mentor edit": ["mentor", "edit", "ada", "--channel", "phone"],
    "mentor end": ["mentor", "end", "ada"],
    "session delete": ["session", "delete", "1", "--yes"],
    "goal drop": ["goal", "drop", "2", "--reason", "no conference this year"],
    "milestone add": ["goal", "milestone", "add", "1", "Draft the case"],
    "win add": ["win", "add", "Another win", "--with", "sam"],
}


@pytest.mark.parametrize("command", list(WRITES), ids=list(WRITES))
def test_undo_restores_every_table_and_undo_again_restores_the_change(journal_in_use, db_path, command):
    cli = journal_in_use
    before = state(db_path)
    cli.ok(*WRITES[command])
    after = state(db_path)
    assert after != before
    cli.ok("undo", "--yes")
    assert state(db_path) == before
    cli.ok("undo", "--yes")
    assert state(db_path) == after


def test_undo_of_a_review_from_answers_takes_back_its_goal_decisions_and_actions(journal_in_use, db_path):
    cli = journal_in_use
    before = state(db_path)
    answers = {"working": "honest feedback", "health": 4, "goals": {"1": {"decision": "keep", "progress": 55}},
               "actions": [{"text": "Write it up", "owner": "me"}]}
    cli.ok("review", "--with", "ada", "--template", "periodic", "--answers", "-", input=json.dumps(answers))
    after = state(db_path)
    cli.ok("undo", "--yes")
    assert state(db_path) == before
    cli.ok("undo", "--yes")
    assert state(db_path) == after


def test_an_import_undoes_as_one_group(journal_in_use, db_path, tmp_path):
    cli = journal_in_use
    before = state(db_path)
    cli.ok("import", import_file(tmp_path))
    [newest] = cli.json("history", "-n", "1", "--json")
    assert newest["changes"]["sessions"]["added"] == 3 and newest["command"].startswith("import")
    cli.ok("undo", "--yes")
    assert state(db_path) == before


def test_history_lists_each_write_once_newest_first_without_the_text_typed(journal_in_use):
    cli = journal_in_use
    cli.ok("session", "add", "--with", "ada", "--notes", "very private words", "--action", "call the recruiter")
    lines = cli.ok("history", "-n", "3").stdout.splitlines()
    assert len(lines) == 3
    assert "session add --with ada --notes … --action …" in lines[0]
    assert lines[0].endswith("+1 session, +1 action")
    assert "win add" in lines[1]
    everything = cli.ok("history", "--json").stdout
    assert "very private words" not in everything and "recruiter" not in everything
    assert [g["command"].split()[:2] for g in json.loads(everything)][-1] == ["mentor", "add"]


def test_reads_and_refused_commands_add_no_group(journal_in_use):
    cli = journal_in_use
    count = len(cli.json("history", "-n", "100", "--json"))
    cli.ok("status")
    cli.ok("report")
    cli.fail("goal", "progress", "1", "101")
    cli.fail("action", "done", "999")
    assert len(cli.json("history", "-n", "100", "--json")) == count


def test_undo_without_a_terminal_needs_yes_and_changes_nothing(journal_in_use, db_path):
    before = snapshot(db_path)
    result = journal_in_use.fail("undo")
    assert "--yes" in result.stderr
    assert snapshot(db_path) == before


def test_undo_on_an_empty_journal_is_a_user_error(cli, db_path):
    cli.fail("undo", "--yes")
    assert not db_path.exists()


def test_an_undo_is_refused_when_another_change_arrived_meanwhile(journal_in_use, db_path):
    with Journal(db_path) as store:
        target = history.next_to_undo(store.conn)
    journal_in_use.ok("goal", "progress", "1", "90")  # another mentorlog, between choosing and undoing
    before = snapshot(db_path)
    with Journal(db_path) as store, pytest.raises(MentorlogError, match="meanwhile"):
        with store.write() as conn:
            history.undo(conn, target)
    assert snapshot(db_path) == before


def test_an_undo_is_refused_when_a_row_was_changed_outside_mentorlog(journal_in_use, db_path):
    journal_in_use.ok("goal", "progress", "1", "70")
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE goals SET progress = 3 WHERE id = 1")
    conn.commit()
    conn.close()
    before = snapshot(db_path)
    result = journal_in_use.fail("undo", "--yes")
    assert "no longer as it left it" in result.stderr
    assert snapshot(db_path) == before


def test_a_redo_whose_id_was_taken_meanwhile_is_refused(journal_in_use, db_path):
    journal_in_use.ok("win", "add", "First", "--with", "ada")
    journal_in_use.ok("undo", "--yes")
    conn = sqlite3.connect(db_path)  # outside mentorlog: the freed id is taken by another row
    conn.execute("INSERT INTO wins (uid, text, date, created_at, updated_at) VALUES ('u-x', 'x', '2026-11-20', 'a', 'b')")
    conn.commit()
    conn.close()
    before = snapshot(db_path)
    journal_in_use.fail("undo", "--yes")
    assert snapshot(db_path) == before


@pytest.mark.slow
def test_an_undo_killed_at_any_moment_leaves_all_or_nothing(people, db_path, tmp_path):
    from test_safety_faults import big_export

    document = big_export(1500)
    source = tmp_path / "big.json"
    source.write_text(json.dumps(document))
    people.ok("import", source)
    imported = len(document["sessions"])
    rng = random.Random(4)
    for _ in range(4):
        child = subprocess.Popen([str(MENTORLOG), "undo", "--yes"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.15, 0.6))
        child.send_signal(signal.SIGKILL)
        child.wait()
        conn = sqlite3.connect(db_path)
        sessions = conn.execute("SELECT COUNT(*) FROM sessions").fetchone()[0]
        undone = conn.execute("SELECT COUNT(*) FROM change_groups WHERE undoes IS NOT NULL").fetchone()[0]
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
        assert (sessions, undone % 2) in ((imported, 0), (0, 1))
    assert people.json("doctor", "--json")["healthy"]
