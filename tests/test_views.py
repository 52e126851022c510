"""The journal read with sqlite-utils (or Datasette): `actions.review_id` is a real foreign key (m015) and the
views open_actions, sessions_with_people and goal_progress name people and columns in plain words."""

from __future__ import annotations

import sqlite3

import pytest

from mentorlog.data.migrations import MIGRATION_SET, STEPS


@pytest.fixture
def journal_rows(people):
    """Ada with a goal (two milestones, one done), a session and two open actions; Sam with one done action."""
    cli = people
    cli.ok("goal", "add", "Promotion case", "--with", "ada", "--impact", "5", "--support", "4", "--feasibility", "3")
    cli.ok("goal", "milestone", "add", "1", "Draft the brag document", "--due", "2026-11-25")
    cli.ok("goal", "milestone", "add", "1", "Ask for the review", "--due", "2026-12-15")
    cli.ok("goal", "milestone", "done", "1")
    cli.ok("goal", "progress", "1", "40")
    cli.ok("session", "add", "--with", "ada", "--on", "2026-11-18 15:00", "--duration", "45m", "--topic", "promotion",
           "--takeaway", "write it down", "--rating", "5", "--private-notes", "only mine")
    cli.ok("action", "add", "Write the brag document", "--with", "ada", "--due", "2026-11-24", "--goal", "1")
    cli.ok("action", "add", "Introduce me to Grace", "--with", "ada", "--owner", "them")
    cli.ok("action", "add", "Read the SRE book", "--with", "sam", "--due", "2026-11-19")
    cli.ok("action", "done", "3")
    return cli


def database(path):
    from sqlite_utils import Database

    return Database(path)


def test_the_views_read_in_plain_words_with_sqlite_utils(journal_rows, db_path):
    db = database(db_path)
    assert {"open_actions", "sessions_with_people", "goal_progress"} <= set(db.view_names())
    open_actions = list(db["open_actions"].rows)
    assert [(a["action"], a["owner"], a["person"], a["role"], a["due"], a["goal"]) for a in open_actions] == [
        ("Write the brag document", "me", "Ada Lovelace", "mentor", "2026-11-24", "Promotion case"),
        ("Introduce me to Grace", "them", "Ada Lovelace", "mentor", None, None),
    ]
    [session] = db["sessions_with_people"].rows
    assert session == {"session_id": 1, "person": "Ada Lovelace", "role": "mentor", "date": "2026-11-18",
                       "time": "15:00", "minutes": 45, "channel": "video", "rating": 5, "topics": '["promotion"]',
                       "takeaways": '["write it down"]', "notes": None}
    assert "only mine" not in repr(list(db["sessions_with_people"].rows))  # private notes stay out
    [goal] = db["goal_progress"].rows
    assert goal == {"goal_id": 1, "goal": "Promotion case", "person": "Ada Lovelace", "role": "mentor",
                    "category": "other", "status": "active", "progress_percent": 40, "weight": 60,
                    "target_date": None, "milestones_done": 1, "milestones": 2, "next_milestone": "Ask for the review",
                    "next_milestone_due": "2026-12-15", "last_update": "2026-11-20"}
    # sqlite-utils' own query over a view
    assert [row["n"] for row in db.query("SELECT COUNT(*) AS n FROM open_actions WHERE person = ?",
                                         ["Ada Lovelace"])] == [2]


def test_review_id_is_a_foreign_key(journal_rows, db_path):
    db = database(db_path)
    keys = {(fk.column, fk.other_table, fk.other_column) for fk in db["actions"].foreign_keys}
    assert ("review_id", "reviews", "id") in keys
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA foreign_keys = ON")
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("UPDATE actions SET review_id = 999 WHERE id = 1")
    conn.close()


def test_the_journal_with_its_views_is_healthy(journal_rows, db_path):
    """doctor compares the schema, views included, with what the migrations build."""
    out = journal_rows.ok("doctor").stdout
    assert "up to date (m015_review_key_and_views)" in out, out


def test_an_older_journal_upgrades_with_its_actions_history_and_search_intact(tmp_path, cli):
    """A journal from before m015: its actions are copied into the rebuilt table (a review_id naming no review
    emptied), and the indexes, search and history triggers on actions work after."""
    from sqlite_utils import Database, Migrations

    path = tmp_path / "old.db"
    older = Migrations(MIGRATION_SET)
    for step in STEPS[: STEPS.index(next(s for s in STEPS if s.__name__.startswith("m015")))]:
        older()(step)
    db = Database(path)
    older.apply(db)
    stamp = "2026-11-01T09:00:00Z"
    db.execute("INSERT INTO mentorships (uid, name, role, since, created_at, updated_at) "
               "VALUES ('m', 'Ada', 'mentor', '2026-10-01', ?, ?)", [stamp, stamp])
    db.execute("INSERT INTO reviews (uid, mentorship_id, template, kind, held_at, created_at, updated_at) "
               "VALUES ('r', 1, 'periodic-mentee', 'periodic', '2026-11-01T10:00:00', ?, ?)", [stamp, stamp])
    for uid, text, review in (("a1", "Ship the kubernetes runbook", 1), ("a2", "An orphan", 77)):
        db.execute("INSERT INTO actions (uid, mentorship_id, text, review_id, created_at, updated_at) "
                   "VALUES (?, 1, ?, ?, ?, ?)", [uid, text, review, stamp, stamp])
    db.conn.commit()
    indexes_before = {i.name for i in db["actions"].indexes}
    db.close()
    path.chmod(0o600)

    listed = cli.json("--db", path, "action", "list", "--json")
    assert [(a["id"], a["uid"], a["text"]) for a in listed] == [(1, "a1", "Ship the kubernetes runbook"),
                                                              (2, "a2", "An orphan")]
    after = Database(path)
    assert dict(after.execute("SELECT uid, review_id FROM actions").fetchall()) == {"a1": 1, "a2": None}
    assert indexes_before | {"actions_review"} == {i.name for i in after["actions"].indexes}
    triggers = {t.name for t in after.triggers if t.table == "actions"}
    assert {"actions_history_insert", "actions_history_update", "actions_history_delete",
            "actions_search_insert", "actions_search_update", "actions_search_delete"} <= triggers
    after.close()
    assert [h["id"] for h in cli.json("--db", path, "search", "kubernetes", "--json")] == [1]
    cli.ok("--db", path, "action", "add", "Book the observability talk", "--with", "ada")
    assert [h["id"] for h in cli.json("--db", path, "search", "observability", "--json")] == [3]
    cli.ok("--db", path, "undo", "--yes")
    assert cli.json("--db", path, "search", "observability", "--json") == []
    assert "up to date (m015_review_key_and_views)" in cli.ok("--db", path, "doctor").stdout
