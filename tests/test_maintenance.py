"""`backup` makes a checked, private copy you can restore; `doctor` finds what is wrong and says how to fix it."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from mentorlog.data.journal import Journal
from mentorlog.data import sessions


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def journal_with_rows(people):
    cli = people
    cli.ok("session", "add", "--with", "ada", "--on", "2026-11-03", "--notes", "talked about the promotion case")
    cli.ok("session", "add", "--with", "sam", "--on", "2026-11-10", "--notes", "first week went well",
           "--private-notes", "watch for overload")
    cli.ok("goal", "add", "Get promoted", "--with", "ada")
    cli.ok("win", "add", "Shipped it", "--with", "sam")
    return cli


def check(report: dict, name: str) -> dict:
    return next(c for c in report["checks"] if c["name"] == name)


# -- backup ------------------------------------------------------------------------------------


def test_backup_beside_the_journal_is_private_checked_and_restorable(journal_with_rows, db_path):
    result = journal_with_rows.ok("backup")
    copy = Path(result.stdout.strip())
    assert copy.parent == db_path.parent / "backups"
    assert copy.name == "journal-20261120-100000.db"
    assert mode(copy) == 0o600 and mode(copy.parent) == 0o700
    assert "2 sessions" in result.stderr and "integrity check passed" in result.stderr
    with Journal(copy) as restored:  # restoring is opening (or copying back) the file
        notes = [s.notes for s in sessions.sessions(restored)]
        assert notes == ["first week went well", "talked about the promotion case"]
        assert sessions.session(restored, 2).private_notes == "watch for overload"
    hits = journal_with_rows.json("--db", copy, "search", "case", "--json")
    assert [h["id"] for h in hits] == [1]


def test_a_second_backup_in_the_same_second_gets_its_own_name(journal_with_rows):
    first = Path(journal_with_rows.ok("backup").stdout.strip())
    second = Path(journal_with_rows.ok("backup").stdout.strip())
    assert first != second and first.exists() and second.exists()


def test_backup_to_a_path_or_a_folder(journal_with_rows, tmp_path):
    target = tmp_path / "elsewhere" / "copy.db"
    assert journal_with_rows.ok("backup", target).stdout.strip() == str(target)
    assert mode(target) == 0o600
    folder = tmp_path / "folder"
    folder.mkdir()
    made = Path(journal_with_rows.ok("backup", folder).stdout.strip())
    assert made.parent == folder and made.suffix == ".db"
    with Journal(made) as restored:
        assert len(sessions.sessions(restored)) == 2


def test_backup_to_a_new_folder_named_with_a_trailing_separator(journal_with_rows, tmp_path, db_path):
    """`backup newdir/sub/` makes the folders (private) and a timestamped copy inside, not a file named `sub`."""
    journal_with_rows.ok("backup")  # one in backups/ this very second must not push the new copy to `-2`
    folder = tmp_path / "newdir" / "sub"
    made = Path(journal_with_rows.ok("backup", str(folder) + os.sep).stdout.strip())
    assert folder.is_dir() and made == folder / "journal-20261120-100000.db"
    assert mode(folder) == 0o700 and mode(folder.parent) == 0o700 and mode(made) == 0o600
    with Journal(made) as restored:
        assert len(sessions.sessions(restored)) == 2
    again = Path(journal_with_rows.ok("backup", str(folder) + os.sep).stdout.strip())
    assert again == folder / "journal-20261120-100000-2.db" and made.exists()


def test_backup_into_an_existing_folder_is_named_for_that_folder(journal_with_rows, tmp_path):
    journal_with_rows.ok("backup")
    folder = tmp_path / "existing"
    folder.mkdir(mode=0o755)
    made = Path(journal_with_rows.ok("backup", folder).stdout.strip())
    assert made == folder / "journal-20261120-100000.db"
    assert mode(folder) == 0o755  # the user's own folder keeps its mode


def test_backup_to_a_folder_under_a_file_is_a_clear_error(journal_with_rows, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("keep me")
    assert str(blocker) in journal_with_rows.fail("backup", str(blocker / "sub") + os.sep).stderr
    assert str(blocker) in journal_with_rows.fail("backup", blocker / "sub" / "copy.db").stderr
    assert "is a file, not a folder" in journal_with_rows.fail("backup", str(blocker) + os.sep).stderr
    assert blocker.read_text() == "keep me"


def test_backup_refuses_to_overwrite(journal_with_rows, tmp_path):
    target = tmp_path / "copy.db"
    target.write_text("keep me")
    assert "already exists" in journal_with_rows.fail("backup", target).stderr
    assert target.read_text() == "keep me"


def test_backup_without_a_journal(cli, db_path):
    assert "nothing to back up" in cli.fail("backup").stderr
    assert not db_path.exists()


def test_backup_while_another_writer_holds_a_transaction(journal_with_rows, db_path):
    """The copy is consistent: it has what was committed, not a half-written transaction."""
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE sessions SET notes = 'half written' WHERE id = 1")
    try:
        copy = Path(journal_with_rows.ok("backup").stdout.strip())
    finally:
        other.execute("ROLLBACK")
        other.close()
    with Journal(copy) as restored:
        assert sessions.session(restored, 1).notes == "talked about the promotion case"


# -- doctor ------------------------------------------------------------------------------------


def test_doctor_on_a_healthy_journal(journal_with_rows):
    report = journal_with_rows.json("doctor", "--json")
    assert report["healthy"] is True
    assert {c["name"] for c in report["checks"]} == {
        "integrity", "references", "schema", "search index", "drafts", "permissions"}
    assert all(c["ok"] for c in report["checks"])
    assert report["counts"]["sessions"] == 2 and report["counts"]["wins"] == 1
    result = journal_with_rows.ok("doctor")
    assert "ok    search index" in result.stdout and "All good" in result.stderr


def test_doctor_without_a_journal_creates_nothing(cli, db_path):
    report = cli.json("doctor", "--json")
    assert report["healthy"] is True and "created on the first write" in report["checks"][0]["detail"]
    assert not db_path.exists()


def test_doctor_finds_a_journal_others_can_read_and_fixes_it(journal_with_rows, db_path):
    """The journal is made private; its folder, chosen by the person (not mentorlog's data folder), is only noted."""
    os.chmod(db_path, 0o644)
    os.chmod(db_path.parent, 0o755)
    result = journal_with_rows(*["doctor"])
    assert result.exit_code == 1
    assert "FAIL  permissions" in result.stdout and "0644 (should be 0600)" in result.stdout
    assert "fix:" in result.stdout
    report = json.loads(journal_with_rows("doctor", "--json").stdout)
    assert report["healthy"] is False and check(report, "permissions")["fix"]
    fixed = journal_with_rows.ok("doctor", "--fix")
    assert "Fixed: made" in fixed.stderr
    assert mode(db_path) == 0o600 and mode(db_path.parent) == 0o755
    assert f"ok    folder: {db_path.parent} is 0755" in fixed.stdout


def test_doctor_finds_a_search_entry_deleted_behind_its_back(journal_with_rows, db_path):
    conn = sqlite3.connect(db_path)
    conn.execute("DELETE FROM search_index WHERE kind = 'session' AND ref_id = 1")
    conn.execute("UPDATE search_index SET body = 'stale words' WHERE kind = 'win'")
    conn.commit()
    conn.close()
    assert journal_with_rows.json("search", "case", "--json") == []
    result = journal_with_rows("doctor", "--json")
    assert result.exit_code == 1
    index = check(json.loads(result.stdout), "search index")
    assert not index["ok"] and "doctor --fix" in index["fix"]
    assert index["detail"].startswith("1 entry missing; 1 entry out of date (")
    journal_with_rows.ok("doctor", "--fix")
    assert [h["id"] for h in journal_with_rows.json("search", "case", "--json")] == [1]
    assert journal_with_rows.json("search", "stale", "--json") == []
    assert journal_with_rows.json("doctor", "--json")["healthy"] is True


def test_doctor_finds_a_broken_reference(journal_with_rows, db_path):
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("UPDATE wins SET mentorship_id = 99")
    conn.commit()
    conn.close()
    result = journal_with_rows("doctor", "--json")
    assert result.exit_code == 1
    references = check(json.loads(result.stdout), "references")
    assert "wins row 1 refers to a missing row in mentorships" in references["detail"]
    assert "backup" in references["fix"]


def test_doctor_finds_a_stale_review_draft(journal_with_rows, db_path):
    conn = sqlite3.connect(db_path)
    conn.execute("INSERT INTO review_drafts (uid, mentorship_id, template, answers, created_at, updated_at) "
                 "VALUES ('d', 2, 'periodic', '{}', '2026-11-01T10:00:00Z', '2026-11-01T10:00:00Z')")
    conn.commit()
    conn.close()
    assert journal_with_rows.json("doctor", "--json")["healthy"] is True  # Sam is still active
    journal_with_rows.ok("mentee", "end", "sam")
    report = json.loads(journal_with_rows("doctor", "--json").stdout)
    drafts = check(report, "drafts")
    assert not drafts["ok"] and "Sam Rivera (from 2026-11-01)" in drafts["detail"]
    assert "removed 1 stale review draft" in journal_with_rows.ok("doctor", "--fix").stderr
    assert journal_with_rows.json("doctor", "--json")["healthy"] is True


def test_doctor_applies_pending_schema_updates(tmp_path, cli):
    from sqlite_utils import Database, Migrations

    from mentorlog.data.migrations import MIGRATION_SET, STEPS

    path = tmp_path / "old" / "journal.db"
    path.parent.mkdir(mode=0o700)
    older = Migrations(MIGRATION_SET)
    for step in STEPS[:3]:
        older()(step)
    older.apply(Database(path))
    os.chmod(path, 0o600)
    result = cli("--db", path, "doctor", "--json")
    assert result.exit_code == 1
    schema = check(json.loads(result.stdout), "schema")
    assert "not applied yet: m004_search" in schema["detail"]
    cli.ok("--db", path, "doctor", "--fix")
    assert cli.json("--db", path, "doctor", "--json")["healthy"] is True
    assert list((path.parent / "backups").glob("journal-before-m004_search-*.db"))


def test_doctor_on_an_empty_journal_file(cli, db_path):
    """An empty file reads as an empty journal and becomes one on the first write: nothing is wrong with it."""
    db_path.parent.mkdir(mode=0o700, parents=True)
    db_path.touch()
    os.chmod(db_path, 0o644)  # as `touch` leaves it: nothing in it yet, and the first write makes it 0600
    report = cli.json("doctor", "--json")
    assert report["healthy"] is True
    journal_check = check(report, "journal")
    assert journal_check["ok"] and "empty journal" in journal_check["detail"]
    assert "not a mentorlog journal" not in json.dumps(report)
    result = cli.ok("doctor", "--fix")
    assert "All good" in result.stderr and "FAIL" not in result.stdout
    assert db_path.stat().st_size == 0 and not db_path.with_name("journal.db-wal").exists()
    assert cli.json("mentor", "list", "--json") == []
    cli.ok("mentor", "add", "Ada")
    assert mode(db_path) == 0o600 and cli.json("doctor", "--json")["healthy"] is True


def test_doctor_on_a_file_that_is_not_a_journal(cli, db_path, tmp_path):
    db_path.parent.mkdir(mode=0o700, parents=True)
    db_path.write_text("these are my notes, not a database\n" * 10)
    os.chmod(db_path, 0o600)
    result = cli("doctor")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "FAIL  file" in result.stdout and "not a mentorlog journal" in result.stdout
    assert db_path.read_text().startswith("these are my notes")


def test_doctor_on_a_damaged_file_points_at_the_newest_backup(journal_with_rows, db_path):
    copy = Path(journal_with_rows.ok("backup").stdout.strip())
    data = bytearray(db_path.read_bytes())
    page = 4096
    data[page * 2: page * 2 + 200] = b"\xff" * 200  # scribble over a page of the tables
    db_path.write_bytes(bytes(data))
    result = journal_with_rows("doctor", "--json")
    assert result.exit_code == 1 and "Traceback" not in result.output
    report = json.loads(result.stdout)
    failed = [c for c in report["checks"] if not c["ok"]]
    assert failed and str(copy) in failed[0]["fix"]


def test_doctor_finds_a_damaged_search_index_and_rebuilds_it(journal_with_rows, db_path):
    conn = sqlite3.connect(db_path)
    conn.execute("DELETE FROM search_index_data WHERE id > 10")  # the index's own pages, lost
    conn.commit()
    conn.close()
    assert "run `mentorlog doctor`" in journal_with_rows.fail("search", "case").stderr
    report = json.loads(journal_with_rows("doctor", "--json").stdout)
    assert "the index is damaged" in check(report, "search index")["detail"]
    assert check(report, "integrity")["ok"]  # the file itself is fine
    journal_with_rows.ok("doctor", "--fix")
    assert [h["id"] for h in journal_with_rows.json("search", "case", "--json")] == [1]


def test_fts5s_passing_constructor_failure_is_asked_again_and_a_lasting_one_is_damage(monkeypatch):
    """Under many writers at once FTS5 may say "vtable constructor failed" for a read that met a write at
    the wrong moment (the busy underneath is lost): search and doctor ask again; every time, it is damage."""
    import sqlite3

    from mentorlog import search

    monkeypatch.setattr("time.sleep", lambda seconds: None)
    calls = []

    def flaky():
        calls.append(1)
        if len(calls) < 3:
            raise sqlite3.OperationalError("vtable constructor failed: search_index")
        return "read"

    assert search.patiently(flaky) == "read" and len(calls) == 3

    def broken():
        raise sqlite3.OperationalError("vtable constructor failed: search_index")

    with pytest.raises(sqlite3.OperationalError, match="vtable constructor failed"):
        search.patiently(broken)

    def other():
        calls.append(1)
        raise sqlite3.OperationalError("no such table: search_index")

    calls.clear()
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        search.patiently(other)
    assert len(calls) == 1  # anything else is not asked again
