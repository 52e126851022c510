"""`doctor` finds what faults leave behind, says how to fix it, and `--fix` repairs only what is safe:
drafts of ended mentorships, broken or surplus backups, loose permissions on backups, logs left by a
stopped command or left without their journal. It never changes what isn't the journal's."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mentorlog.data import journal as journal_module
from mentorlog.data.journal import BACKUP_DIR_NAME, Journal
from mentorlog.data.reviews import draft, save_draft
from mentorlog.data import mentorships


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def report(cli, *args) -> dict:
    result = cli("doctor", "--json", *args)
    assert result.exit_code in (0, 1) and "Traceback" not in result.output
    return json.loads(result.stdout)


def check(found: dict, name: str) -> dict:
    return next(c for c in found["checks"] if c["name"] == name)


@pytest.fixture
def journal(people, db_path):
    people.ok("session", "add", "--with", "ada", "--notes", "promotion case")
    return people


def interrupted_copy(folder: Path, name: str) -> Path:
    """What a backup killed part-way an hour ago leaves: a file whose first page (written last) is still zeros,
    and the copy's own rollback journal. (A younger one may still be being written: doctor leaves it alone.)"""
    folder.mkdir(mode=0o700, exist_ok=True)
    copy = folder / name
    copy.write_bytes(b"\x00" * 8192)
    copy.with_name(copy.name + "-journal").write_bytes(b"\x00" * 512)
    os.chmod(copy, 0o600)
    hour_ago = time.time() - 3600
    for made in (copy, copy.with_name(copy.name + "-journal")):
        os.utime(made, (hour_ago, hour_ago))
    return copy


# -- review drafts -----------------------------------------------------------------------------------


def test_a_draft_left_by_an_ended_mentorship_is_found_and_only_it_is_removed(journal, db_path):
    with Journal(db_path) as store:  # two reviews interrupted with Ctrl-C: their answers are kept as drafts
        save_draft(store, mentorships.resolve(store, "ada"), "periodic", {"working": "steady"})
        save_draft(store, mentorships.resolve(store, "sam"), "periodic", {"working": "slow start"})
    journal.ok("mentor", "end", "ada", "--note", "moved teams")
    found = report(journal)
    assert found["healthy"] is False
    drafts = check(found, "drafts")
    assert "Ada Lovelace" in drafts["detail"] and "Sam" not in drafts["detail"] and "--fix" in drafts["fix"]
    assert "removed 1 stale review draft" in journal.ok("doctor", "--fix").stderr
    with Journal(db_path) as store:
        assert draft(store, mentorships.resolve(store, "ada")) is None
        assert draft(store, mentorships.resolve(store, "sam")).answers == {"working": "slow start"}  # still to be resumed
    assert report(journal)["healthy"] is True


# -- backups -------------------------------------------------------------------------------------------


def test_an_interrupted_backup_is_found_never_offered_and_removed(journal, db_path):
    good = Path(journal.ok("backup").stdout.strip())
    broken = interrupted_copy(good.parent, "journal-20261120-100500.db")
    two_hours_ago = time.time() - 7200
    os.utime(good, (two_hours_ago, two_hours_ago))  # the broken copy is the newer one
    found = report(journal)
    backups = check(found, "backups")
    assert not backups["ok"] and broken.name in backups["detail"] and "interrupted" in backups["detail"]
    assert "1 good backup" in backups["detail"] and "doctor --fix" in backups["fix"]
    # a damaged journal is pointed at the good copy, not the newer broken one
    with open(db_path, "r+b") as handle:
        handle.write(b"\x00" * 100)
    file_check = report(journal)["checks"][0]
    assert not file_check["ok"] and str(good) in file_check["fix"] and broken.name not in file_check["fix"]
    db_path.write_bytes(good.read_bytes())  # put the good copy back, as the fix says
    fixed = journal.ok("doctor", "--fix").stderr
    assert f"removed {broken}" in fixed
    assert sorted(p.name for p in good.parent.iterdir() if p.name != ".verified.json") == [good.name]
    assert report(journal)["healthy"] is True


def test_surplus_schema_update_copies_are_found_and_the_oldest_pruned(journal, db_path):
    folder = db_path.parent / BACKUP_DIR_NAME
    folder.mkdir(mode=0o700)
    kept = journal_module.MIGRATION_BACKUPS_KEPT
    made = []
    with Journal(db_path) as store:
        for n in range(kept + 3):
            copy = folder / f"journal-before-m00{n % 5 + 2}_x-2026010{n}T000000000000.db"
            journal_module.vacuum_into(store.conn, copy)
            os.utime(copy, (1_700_000_000 + n, 1_700_000_000 + n))
            made.append(copy)
    backups = check(report(journal), "backups")
    assert not backups["ok"] and f"{kept + 3} copies from before schema updates" in backups["detail"]
    journal.ok("doctor", "--fix")
    assert sorted(p for p in folder.iterdir() if p.name != ".verified.json") == sorted(made[-kept:])
    assert check(report(journal), "backups")["ok"]


def test_loose_permissions_in_the_backups_folder_are_found_and_fixed(journal, db_path):
    copy = Path(journal.ok("backup").stdout.strip())
    os.chmod(copy.parent, 0o755)
    os.chmod(copy, 0o644)
    permissions = check(report(journal), "permissions")
    assert not permissions["ok"]
    assert f"{copy.parent} is 0755" in permissions["detail"] and f"{copy} is 0644" in permissions["detail"]
    journal.ok("doctor", "--fix")
    assert mode(copy.parent) == 0o700 and mode(copy) == 0o600


def test_a_good_backups_folder_is_summed_up(journal):
    journal.ok("backup")
    backups = check(report(journal), "backups")
    assert backups["ok"] and "1 good backup" in backups["detail"] and "the newest from" in backups["detail"]


# -- logs left behind ------------------------------------------------------------------------------

CRASH = """
import os, signal, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA wal_autocheckpoint = 0")  # leave the change in the log, as a crash at the wrong moment does
conn.execute("UPDATE sessions SET notes = 'committed just before the crash'")
os.kill(os.getpid(), signal.SIGKILL)
"""


def crash_after_a_commit(db_path: Path) -> Path:
    done = subprocess.run([sys.executable, "-c", CRASH, str(db_path)], capture_output=True)
    assert done.returncode == -signal.SIGKILL
    wal = db_path.with_name(db_path.name + "-wal")
    assert wal.stat().st_size > 0
    return wal


def test_a_log_left_by_a_crash_is_settled_with_its_changes_kept(journal, db_path):
    wal = crash_after_a_commit(db_path)
    leftover = check(report(journal), "leftover files")
    assert leftover["ok"] and "journal.db-wal" in leftover["detail"] and "settled" in leftover["detail"]
    assert not wal.exists() or wal.stat().st_size == 0
    assert journal.json("session", "show", "1", "--json")["notes"] == "committed just before the crash"


def test_a_log_left_without_its_journal_is_reported_and_left_alone(journal, db_path, tmp_path):
    wal = crash_after_a_commit(db_path)
    moved = tmp_path / "moved.db"
    db_path.rename(moved)  # the journal moved away without its log
    before = wal.read_bytes()
    found = report(journal)
    assert found["healthy"] is False
    leftover = check(found, "leftover files")
    assert "journal.db-wal" in leftover["detail"] and "without the journal" in leftover["detail"]
    assert "move" in leftover["fix"]
    journal("doctor", "--fix")
    assert wal.read_bytes() == before and not db_path.exists()  # nothing to repair automatically
    # moved back together, nothing was lost
    moved.rename(db_path)
    assert journal.json("session", "show", "1", "--json")["notes"] == "committed just before the crash"


def test_a_log_beside_an_emptied_journal_is_reported_and_kept(journal, db_path):
    """SQLite ignores a log beside an empty file and deletes it on closing: doctor must not open such a
    journal, and says the log may hold the journal's latest changes."""
    wal = crash_after_a_commit(db_path)
    db_path.write_bytes(b"")
    before = wal.read_bytes()
    found = report(journal)
    assert found["healthy"] is False and check(found, "journal")["ok"]
    leftover = check(found, "leftover files")
    assert not leftover["ok"] and "journal.db-wal" in leftover["detail"] and "empty journal" in leftover["detail"]
    journal("doctor", "--fix")
    assert wal.read_bytes() == before and db_path.stat().st_size == 0


def test_restoring_moves_the_damaged_journals_log_aside_too(journal, db_path, tmp_path):
    """A backup copied over a journal whose log is still beside it would be damaged by that log: the fix
    says to move the log aside with the journal, and following it gives back the backup's journal."""
    copy = Path(journal.ok("backup").stdout.strip())
    crash_after_a_commit(db_path)
    with open(db_path, "r+b") as handle:
        handle.write(b"\x00" * 100)  # the journal's first page is lost
    fix = report(journal)["checks"][0]["fix"]
    assert "journal.db-wal" in fix and "journal.db-shm" in fix and str(copy) in fix
    aside = tmp_path / "aside"
    aside.mkdir()
    for name in ("journal.db", "journal.db-wal", "journal.db-shm"):
        (db_path.parent / name).rename(aside / name)
    shutil.copy(copy, db_path)  # as `cp` does: the copy keeps its private mode
    found = report(journal)
    assert found["healthy"] is True, [c for c in found["checks"] if not c["ok"]]
    assert journal.json("session", "show", "1", "--json")["notes"] == "promotion case"


def test_a_log_in_use_by_another_mentorlog_is_not_a_problem(journal, db_path):
    other = sqlite3.connect(db_path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE sessions SET notes = 'being written'")
        other.execute("COMMIT")
        other.execute("BEGIN")  # a reader holding the log open
        other.execute("SELECT COUNT(*) FROM sessions").fetchone()
        leftover = check(report(journal), "leftover files")
        assert leftover["ok"] and "in use" in leftover["detail"]
    finally:
        other.close()


# -- what is not the journal's is never touched ------------------------------------------------------


def test_a_shared_folder_is_not_made_private(cli, tmp_path, monkeypatch):
    """A journal in a sticky, everyone-writable folder such as /tmp: doctor never chmods the folder."""
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    path = shared / "journal.db"
    monkeypatch.setenv("MENTORLOG_DB", str(path))
    cli.ok("mentor", "add", "Ada")
    os.chmod(path, 0o644)
    permissions = check(report(cli), "permissions")
    assert not permissions["ok"] and str(shared) + " " not in permissions["detail"]
    cli.ok("doctor", "--fix")
    assert mode(shared) == 0o1777 and mode(path) == 0o600
    assert report(cli)["healthy"] is True


def test_files_in_backups_that_are_not_this_journals_are_never_touched(journal, db_path):
    """Another program's database, another journal's backups (even one whose name starts like this journal's)
    and their leftovers are neither counted, nor made private, nor removed by `doctor --fix`."""
    folder = db_path.parent / BACKUP_DIR_NAME
    folder.mkdir(mode=0o700)
    photos = folder / "photos.db"
    conn = sqlite3.connect(photos)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    os.chmod(photos, 0o644)
    theirs = [interrupted_copy(folder, name) for name in (
        "j-20261120-100500.db", "journal-work-20261120-100500.db",
        "journal-work-before-m004_search-20261120T100500000000.db")]
    stray = folder / "notes.db-journal"
    stray.write_bytes(b"\x00" * 512)
    before = {p: p.read_bytes() for p in folder.iterdir()}
    found = report(journal)
    assert found["healthy"] is True, [c for c in found["checks"] if not c["ok"]]
    assert "photos" not in json.dumps(found) and "journal-work" not in json.dumps(found)
    assert "no good backup" in check(found, "backups")["detail"]
    journal.ok("doctor", "--fix")
    assert {p: p.read_bytes() for p in folder.iterdir()} == before
    assert mode(photos) == 0o644 and all(copy.with_name(copy.name + "-journal").exists() for copy in theirs)
    # this journal's own interrupted copy, beside them, is still found and removed
    ours = interrupted_copy(folder, "journal-20261120-100500.db")
    assert ours.name in check(report(journal), "backups")["detail"]
    assert f"removed {ours}" in journal.ok("doctor", "--fix").stderr
    assert {p: p.read_bytes() for p in folder.iterdir()} == before


def test_a_damaged_journal_is_pointed_only_at_its_own_backups(cli, tmp_path):
    """Two journals share a folder: the restore advice for one never names the other's (newer) backup."""
    folder = tmp_path / "d"
    broken, other = folder / "broken.db", folder / "j.db"
    cli.ok("--db", broken, "mentor", "add", "Ada")
    cli.ok("--db", other, "mentor", "add", "Grace")
    theirs = Path(cli.ok("--db", other, "backup").stdout.strip())
    with open(broken, "r+b") as handle:
        handle.write(b"\x00" * 100)
    result = cli("--db", broken, "doctor", "--json")
    fix = json.loads(result.stdout)["checks"][0]["fix"]
    assert result.exit_code == 1 and theirs.name not in fix and "there are no backups" in fix
    broken.write_bytes(other.read_bytes())  # make broken.db whole again, back it up, then damage it once more
    ours = Path(cli.ok("--db", broken, "backup").stdout.strip())
    os.utime(theirs, (ours.stat().st_mtime + 60, ours.stat().st_mtime + 60))  # the other journal's copy is newer
    with open(broken, "r+b") as handle:
        handle.write(b"\x00" * 100)
    fix = json.loads(cli("--db", broken, "doctor", "--json").stdout)["checks"][0]["fix"]
    assert str(ours) in fix and theirs.name not in fix
