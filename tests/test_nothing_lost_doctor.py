"""Nothing lost, for real: `doctor` decides damage with SQLite's own checks (the log included), never advises
a restore without saying what it would lose, changes only its own files (never through a symlink), sees
a tampered schema, a busy journal and a journal it may only read for what they are; `backup` never
touches another backup's file, and doctor never removes a file that may still be being written."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mentorlog import backups, doctor
from mentorlog.data.journal import BACKUP_DIR_NAME, Journal, vacuum_into

MENTORLOG = Path(sys.executable).parent / "mentorlog"
HOUR_AGO = time.time() - 3600


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def report(cli, *args) -> dict:
    result = cli(*args, "doctor", "--json") if args else cli("doctor", "--json")
    assert result.exit_code in (0, 1) and "Traceback" not in result.output, result.output
    return json.loads(result.stdout)


def check(found: dict, name: str) -> dict:
    return next(c for c in found["checks"] if c["name"] == name)


def failing(found: dict) -> dict[str, dict]:
    return {c["name"]: c for c in found["checks"] if not c["ok"]}


def integrity(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [row[0] for row in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()


def dead_pid() -> int:
    pid = 2**22 + 1000  # above Linux's largest pid
    while backups.alive(pid):
        pid += 1
    return pid


def add_sessions(db_path: Path, count: int, notes: str = "later talk") -> None:
    """Sessions written straight into the journal (with Ada, mentorship 1), as any mentorlog would."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    try:
        for n in range(count):
            conn.execute("INSERT INTO sessions (uid, mentorship_id, held_at, notes, created_at, updated_at) "
                         "VALUES (?, 1, '2026-11-15T10:00:00', ?, '2026-11-15T10:00:00Z', '2026-11-15T10:00:00Z')",
                         [f"later-{notes}-{n}", f"{notes} {n}"])
    finally:
        conn.close()


def break_an_index(db_path: Path, index: str = "sessions_held_at") -> None:
    """An index out of step with its table (its rows intact): an entry written under another definition."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    real = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", [index]).fetchone()[0]
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = ? WHERE name = ?", [real.replace("(held_at)", "(notes)"), index])
    conn.close()
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("INSERT INTO sessions (uid, mentorship_id, held_at, notes, created_at, updated_at) "
                 "VALUES ('odd', 1, '2026-11-16T10:00:00', 'odd one', '2026-11-16T10:00:00Z', '2026-11-16T10:00:00Z')")
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = ? WHERE name = ?", [real, index])
    conn.close()


@pytest.fixture
def journal(people, db_path):
    people.ok("session", "add", "--with", "ada", "--on", "2026-11-03", "--notes", "promotion case")
    people.ok("win", "add", "Shipped it", "--with", "sam")
    return people


# -- 1: a checkpoint cut short is not damage; a restore says what it would lose --------------------------


def test_a_journal_shorter_than_its_header_says_with_the_rest_in_its_log_is_intact(journal, db_path, tmp_path):
    """A checkpoint cut short leaves the file shorter than its header's page count; the pages are in the -wal."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for n in range(400):
        conn.execute("INSERT INTO sessions (uid, mentorship_id, held_at, notes, created_at, updated_at) "
                     "VALUES (?, 1, '2026-11-10T10:00:00', ?, '2026-11-10T10:00:00Z', '2026-11-10T10:00:00Z')",
                     [f"bulk-{n}", "a long note about growth " * 20])
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    copy = tmp_path / "copied" / "journal.db"
    copy.parent.mkdir(mode=0o700)
    shutil.copy(db_path, copy)
    shutil.copy(db_path.with_name("journal.db-wal"), copy.with_name("journal.db-wal"))
    conn.close()
    size = copy.stat().st_size
    with open(copy, "r+b") as handle:  # page 1 was written back first, the others not yet
        handle.seek(28)
        handle.write(pages.to_bytes(4, "big"))
    assert size < pages * 4096
    found = report(journal, "--db", copy)
    assert found["healthy"] is True, failing(found)
    assert check(found, "integrity")["ok"] and found["counts"]["sessions"] == 401
    assert "truncated" not in json.dumps(found) and "restore" not in json.dumps(found)
    assert integrity(copy) == ["ok"]


def test_restore_advice_says_what_it_would_lose_and_the_repair_comes_first(journal, db_path):
    copy = Path(journal.ok("backup").stdout.strip())
    add_sessions(db_path, 12)
    journal.ok("action", "add", "Write it up", "--with", "ada")
    break_an_index(db_path)
    found = report(journal)
    integrity_check = check(found, "integrity")
    assert not integrity_check["ok"] and "sessions_held_at" in integrity_check["detail"]
    fix = integrity_check["fix"]
    assert fix.startswith("repair first: `mentorlog doctor --fix` rebuilds the damaged indexes"), fix
    assert f"restoring {copy.name} would lose 13 sessions, 1 action added since it was made" in fix
    assert fix.index("repair first") < fix.index("don't restore yet") < fix.index("cp ")
    fixed = journal.ok("doctor", "--fix")
    assert "REINDEX" in fixed.stderr
    after = report(journal)
    assert after["healthy"] is True and after["counts"]["sessions"] == 14 and after["counts"]["actions"] == 1


def test_a_restore_that_loses_nothing_says_so(journal, db_path):
    copy = Path(journal.ok("backup").stdout.strip())
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("UPDATE wins SET mentorship_id = 99")  # a broken reference (the backup has the same rows)
    conn.commit()
    conn.close()
    fix = check(report(journal), "references")["fix"]
    assert f"it has every row the journal has" in fix and shlex.quote(str(copy)) in fix


def test_damage_the_backup_would_lose_rows_to_is_never_advised_as_a_plain_restore(journal, db_path):
    Path(journal.ok("backup").stdout.strip())
    add_sessions(db_path, 3)
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'wins'").fetchone()[0]
    conn.close()
    with open(db_path, "r+b") as handle:  # the page of a table, scribbled over
        handle.seek((root - 1) * 4096)
        handle.write(b"\xff" * 4096)
    found = report(journal)
    failed = [c for c in found["checks"] if not c["ok"]]
    assert failed and failed[0]["name"] == "integrity"
    fix = failed[0]["fix"]
    assert fix.startswith("repair first: ") and "VACUUM INTO" in fix
    assert "would lose 3 sessions" in fix and fix.index("repair first") < fix.index("cp ")


def test_restore_commands_quote_every_path(cli, tmp_path):
    """A `'` or a space in a path can't break the command doctor gives: pasted into a shell, it restores."""
    folder = tmp_path / "it's mine $HOME"
    path = folder / "my journal.db"
    cli.ok("--db", path, "mentor", "add", "Ada")
    copy = Path(cli.ok("--db", path, "backup").stdout.strip())
    with open(path, "r+b") as handle:
        handle.write(b"\x00" * 100)
    fix = failing(report(cli, "--db", path))["file"]["fix"]
    assert shlex.quote(str(copy)) in fix and shlex.quote(str(path)) in fix
    command = fix[fix.index("mkdir "):]
    done = subprocess.run(["sh", "-c", command], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert report(cli, "--db", path)["healthy"] is True
    assert [m["name"] for m in cli.json("--db", path, "mentor", "list", "--json")] == ["Ada"]


# -- 3: backups at the same moment never share, nor remove, a file ------------------------------------


def test_many_backups_at_once_all_succeed_with_their_own_whole_copies(journal, db_path):
    count = 8
    runs = [subprocess.Popen([str(MENTORLOG), "backup"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(count)]
    results = [(run.wait(timeout=120), *run.communicate()) for run in runs]
    assert all(code == 0 for code, _, _ in results), [err for _, _, err in results]
    made = [Path(out.strip()) for _, out, _ in results]
    assert len(set(made)) == count
    assert all(copy.exists() and integrity(copy) == ["ok"] for copy in made)
    assert len(backups.own_backups(db_path)) == count
    assert sorted(backups.good_backups(db_path)) == sorted(made)
    assert all(name.startswith(".") for name in os.listdir(db_path.parent / BACKUP_DIR_NAME)
               if Path(name).suffix != ".db")  # no marker of a writer left behind, only the verdict cache


def test_a_failed_copy_removes_only_what_it_made(journal, db_path, tmp_path):
    theirs = tmp_path / "theirs.db"
    theirs.write_bytes(b"another process's finished copy")
    with Journal(db_path) as store:
        with pytest.raises(Exception, match="already exists"):
            vacuum_into(store.conn, theirs)
    assert theirs.read_bytes() == b"another process's finished copy"
    conn = sqlite3.connect(db_path)
    conn.close()  # a copy that fails part-way: what it made goes, nothing else
    ours = tmp_path / "ours.db"
    with pytest.raises(sqlite3.Error):
        vacuum_into(conn, ours)
    assert not ours.exists() and sorted(p.name for p in tmp_path.iterdir() if p.name != "data") == ["theirs.db"]


def test_a_backup_name_taken_a_moment_ago_is_skipped_not_refused(journal, db_path):
    folder = db_path.parent / BACKUP_DIR_NAME
    folder.mkdir(mode=0o700)
    taken = folder / "journal-20261120-100000.db"
    taken.write_bytes(b"")  # another backup has just claimed this name and not written yet
    made = Path(journal.ok("backup").stdout.strip())
    assert made == folder / "journal-20261120-100000-2.db" and taken.read_bytes() == b""


# -- 5: doctor tightens only its own files, never through a symlink ----------------------------------


def test_doctor_never_changes_a_file_through_a_symlink_given_as_the_journal(cli, tmp_path):
    target = tmp_path / "someone-elses.txt"
    target.write_text("root:x:0:0:root:/root:/bin/bash\n")
    os.chmod(target, 0o644)
    link = tmp_path / "data" / "journal.db"
    link.parent.mkdir(mode=0o700)
    link.symlink_to(target)
    found = report(cli)
    assert found["healthy"] is False and "chmod" not in json.dumps(found)
    cli("doctor", "--fix")
    assert mode(target) == 0o644 and target.read_text().startswith("root:")


def test_a_symlinked_journal_is_reported_not_changed(journal, db_path, tmp_path):
    real = tmp_path / "elsewhere" / "journal.db"
    real.parent.mkdir()
    shutil.move(db_path, real)
    db_path.symlink_to(real)
    os.chmod(real, 0o644)
    permissions = failing(report(journal))["permissions"]
    assert str(real) in permissions["detail"] and "never changes a file through a symlink" in permissions["fix"]
    journal("doctor", "--fix")
    assert mode(real) == 0o644


def test_a_symlink_in_backups_is_not_a_backup_and_its_target_is_never_changed(journal, db_path, tmp_path):
    journal.ok("backup")
    outside = tmp_path / "outside.db"
    outside.write_bytes(b"not yours to chmod")
    os.chmod(outside, 0o644)
    link = db_path.parent / BACKUP_DIR_NAME / "journal-20261120-110000.db"
    link.symlink_to(outside)
    os.chmod(db_path, 0o644)  # something for --fix to do
    found = report(journal)
    assert "journal-20261120-110000" not in json.dumps(found)
    journal.ok("doctor", "--fix")
    assert mode(outside) == 0o644 and outside.read_bytes() == b"not yours to chmod" and link.is_symlink()
    assert mode(db_path) == 0o600


def test_a_folder_the_person_chose_stays_as_it_is_and_is_only_noted(cli, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    os.chmod(home, 0o755)
    path = home / "journal.db"
    cli.ok("--db", path, "mentor", "add", "Ada")
    found = report(cli, "--db", path)
    assert found["healthy"] is True
    folder = check(found, "folder")
    assert folder["ok"] and f"{home} is 0755" in folder["detail"]
    cli.ok("--db", path, "doctor", "--fix")
    assert mode(home) == 0o755 and mode(path) == 0o600


def test_mentorlogs_own_data_folder_is_made_private(cli, tmp_path):
    own = tmp_path / "xdg-data" / "mentorlog"
    path = own / "journal.db"
    cli.ok("--db", path, "mentor", "add", "Ada")
    os.chmod(own, 0o755)
    assert not check(report(cli, "--db", path), "permissions")["ok"]
    cli.ok("--db", path, "doctor", "--fix")
    assert mode(own) == 0o700


def test_the_journals_own_side_files_are_made_private_and_set_aside_logs_kept(journal, db_path):
    lock = db_path.with_name("journal.db.lock")
    lock.write_text("")
    os.chmod(lock, 0o644)
    aside = db_path.with_name("journal.db-wal.aside-20261120T093000")
    aside.write_bytes(b"\x37\x7f\x06\x82" + b"\x00" * 60)
    os.chmod(aside, 0o644)
    found = report(journal)
    assert f"{lock} is 0644" in check(found, "permissions")["detail"]
    assert "leftover" not in json.dumps(found)
    set_aside = check(found, "set-aside logs")
    assert set_aside["ok"] and aside.name in set_aside["detail"] and "did not belong" in set_aside["detail"]
    journal.ok("doctor", "--fix")
    assert mode(lock) == 0o600 and mode(aside) == 0o600 and aside.exists()
    assert report(journal)["healthy"] is True


# -- 8: what doctor used to misjudge ------------------------------------------------------------------


def flip_bytes(copy: Path) -> None:
    """Flip bytes inside a table page, keeping the size and the times (as a failing disk would)."""
    info = copy.stat()
    conn = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'sessions'").fetchone()[0]
    conn.close()
    data = bytearray(copy.read_bytes())
    start = (root - 1) * 4096 + 8
    data[start:start + 64] = bytes(b ^ 0xFF for b in data[start:start + 64])
    copy.write_bytes(bytes(data))
    os.utime(copy, ns=(info.st_atime_ns, info.st_mtime_ns))


def test_a_backup_with_flipped_bytes_is_not_good_even_when_it_was_cached_good(journal, db_path):
    older = Path(journal.ok("backup").stdout.strip())
    newer = Path(journal.ok("backup").stdout.strip())
    os.utime(older, (HOUR_AGO, HOUR_AGO))
    assert "2 good backups" in check(report(journal), "backups")["detail"]
    cache = db_path.parent / BACKUP_DIR_NAME / ".verified.json"
    assert mode(cache) == 0o600 and set(json.loads(cache.read_text())["good"]) == {older.name, newer.name}
    flip_bytes(newer)
    found = report(journal)
    backups_check = check(found, "backups")
    assert "1 good backup" in backups_check["detail"]
    with open(db_path, "r+b") as handle:
        handle.write(b"\x00" * 100)
    fix = failing(report(journal))["file"]["fix"]
    assert str(older) in fix and newer.name not in fix


def test_a_good_backup_is_checked_once_then_known_by_the_cache(journal, db_path, monkeypatch):
    for _ in range(3):
        journal.ok("backup")
    report(journal)
    checked = []
    real = backups.backup_problem
    monkeypatch.setattr(backups, "backup_problem", lambda copy: checked.append(copy) or real(copy))
    assert "3 good backups" in check(report(journal), "backups")["detail"]
    assert checked == []


def test_a_journal_that_may_only_be_read_is_read_not_refused(journal, db_path, monkeypatch):
    """A read-only folder (as root, chmod can't make one: the same path is taken by saying so)."""
    Path(journal.ok("backup").stdout.strip())
    before = {p.name: p.read_bytes() for p in db_path.parent.iterdir() if p.is_file()}
    monkeypatch.setattr(doctor, "_writable", lambda path: False)
    found = report(journal)
    assert found["healthy"] is True, failing(found)
    assert check(found, "access")["ok"] and "read-only" in check(found, "access")["detail"]
    assert found["counts"]["sessions"] == 1 and "restore" not in json.dumps(found)
    assert {name: (db_path.parent / name).read_bytes() for name in before} == before  # nothing was changed


READ_AS_NOBODY = pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0 or not shutil.which("setpriv"),
                                    reason="needs root and setpriv to run doctor as another user")


@READ_AS_NOBODY
@pytest.mark.parametrize("with_log", [False, True])
def test_a_journal_in_a_folder_that_cant_be_written_is_read_for_real(journal, db_path, with_log):
    import tempfile

    shared = Path(tempfile.mkdtemp(prefix="mentorlog-ro-"))
    try:
        os.chmod(shared, 0o755)
        path = shared / "journal.db"
        shutil.copy(db_path, path)
        if with_log:  # a change still in the log, as a mentorlog stopped at the wrong moment leaves it
            conn = sqlite3.connect(path, isolation_level=None)
            conn.execute("PRAGMA wal_autocheckpoint = 0")
            conn.execute("UPDATE sessions SET notes = 'only in the log'")
            shutil.copy(path.with_name("journal.db-wal"), shared / "saved-wal")
            conn.close()
            shutil.move(shared / "saved-wal", path.with_name("journal.db-wal"))
            path.with_name("journal.db-shm").unlink(missing_ok=True)
        for item in shared.iterdir():
            os.chmod(item, 0o644)
        os.chmod(shared, 0o555)
        env = {**os.environ, "MENTORLOG_DB": str(path), "HOME": str(shared), "XDG_DATA_HOME": str(shared),
               "XDG_CONFIG_HOME": str(shared)}
        done = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", str(MENTORLOG),
                               "doctor", "--json"], capture_output=True, text=True, env=env, cwd="/")
        found = json.loads(done.stdout)
        assert done.returncode == 0 and found["healthy"] is True, done.stdout + done.stderr
        assert "read-only" in check(found, "access")["detail"] and found["counts"]["sessions"] == 1
        assert "restore" not in done.stdout
    finally:
        os.chmod(shared, 0o755)
        shutil.rmtree(shared)


def tamper(db_path: Path, *statements: str) -> None:
    conn = sqlite3.connect(db_path, isolation_level=None)
    for statement in statements:
        conn.execute(statement)
    conn.close()


@pytest.mark.parametrize("statements, named, done", [
    (["DROP TABLE wins"], "table wins is missing", "recreated the table wins empty"),
    (["DROP TRIGGER sessions_search_insert"], "trigger sessions_search_insert on sessions is missing",
     "recreated the trigger sessions_search_insert"),
    (["CREATE TRIGGER evil_delete AFTER INSERT ON sessions BEGIN DELETE FROM sessions; END"],
     "foreign trigger evil_delete on sessions", "removed the foreign trigger evil_delete on sessions"),
    (["DROP VIEW search_source", "CREATE VIEW search_source AS SELECT 1 AS key"], "view search_source",
     "recreated the view search_source"),
    (["CREATE INDEX sneaky ON sessions (notes)"], "foreign index sneaky on sessions", "removed the foreign index sneaky"),
])
def test_a_tampered_schema_is_named_and_put_back_after_a_backup(journal, db_path, statements, named, done):
    tamper(db_path, *statements)
    found = report(journal)
    schema = failing(found)["schema"]
    assert named in schema["detail"] and "makes a backup" in schema["fix"]
    folder = db_path.parent / BACKUP_DIR_NAME
    before = set(folder.iterdir()) if folder.exists() else set()
    fixed = journal.ok("doctor", "--fix")
    assert done in fixed.stderr and "backed up the journal" in fixed.stderr
    assert len(set(folder.iterdir()) - before) >= 1
    after = report(journal)
    assert after["healthy"] is True, failing(after)
    journal.ok("session", "add", "--with", "ada", "--on", "2026-11-12", "--notes", "after the repair")
    assert len(journal.json("session", "list", "--json")) == 2
    assert [h["id"] for h in journal.json("search", "repair", "--json")] == [2]


def test_a_dropped_table_is_recreated_empty_and_the_backup_with_its_rows_named(journal, db_path):
    journal.ok("backup")
    tamper(db_path, "DROP TABLE wins")
    assert "can only be recreated empty" in failing(report(journal))["schema"]["fix"]
    fixed = journal.ok("doctor", "--fix")
    assert "recreated the table wins empty: its rows were lost (the newest good backup has 1)" in fixed.stderr


HOLD = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
"""


def test_a_busy_journal_is_waited_for_never_called_damaged(journal, db_path):
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(db_path), "3"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        started = time.monotonic()
        result = journal("doctor")
        waited = time.monotonic() - started
    finally:
        holder.wait(timeout=30)
    assert result.exit_code == 0, result.output
    assert "damaged" not in result.output and "locked" not in result.output
    assert "waiting for another mentorlog" in result.stderr and waited > 1.5


def test_a_journal_busy_for_longer_than_doctor_waits_is_busy_not_damaged(journal, db_path, monkeypatch):
    monkeypatch.setattr(doctor, "BUSY_WAIT_SECONDS", 1)
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(db_path), "6"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        found = report(journal)
    finally:
        holder.wait(timeout=30)
    assert found["healthy"] is True and "damaged" not in json.dumps(found)
    assert "busy" in check(found, "search index")["detail"]


# -- 9: a copy that may still be being written is never removed -----------------------------------------


def partial_copy(folder: Path, name: str) -> Path:
    folder.mkdir(mode=0o700, exist_ok=True)
    copy = folder / name
    copy.write_bytes(b"\x00" * 8192)
    copy.with_name(copy.name + "-journal").write_bytes(b"\x00" * 512)
    os.chmod(copy, 0o600)
    return copy


def age(*paths: Path, when: float = HOUR_AGO) -> None:
    for path in paths:
        os.utime(path, (when, when))


def test_a_fresh_partial_backup_is_left_alone_and_an_old_one_removed(journal, db_path):
    folder = db_path.parent / BACKUP_DIR_NAME
    fresh = partial_copy(folder, "journal-20261120-100500.db")
    found = report(journal)
    assert found["healthy"] is True and "may still be being written" in check(found, "backups")["detail"]
    journal.ok("doctor", "--fix")
    assert fresh.exists() and fresh.with_name(fresh.name + "-journal").exists()
    old = partial_copy(folder, "journal-20261120-090000.db")
    age(old, old.with_name(old.name + "-journal"))
    assert f"removed {old}" in journal("doctor", "--fix").stderr
    assert not old.exists() and not old.with_name(old.name + "-journal").exists() and fresh.exists()


def test_a_copy_whose_writer_was_killed_goes_at_once_one_still_being_written_stays(journal, db_path):
    folder = db_path.parent / BACKUP_DIR_NAME
    killed = partial_copy(folder, "journal-20261120-100500.db")
    marker = folder / f".{killed.name}.{dead_pid()}.writing"
    marker.write_text(os.uname().nodename)
    writing = partial_copy(folder, "journal-20261120-100600.db")
    age(writing, writing.with_name(writing.name + "-journal"))  # old, yet its writer (this process) lives
    live = folder / f".{writing.name}.{os.getpid()}.writing"
    live.write_text(os.uname().nodename)
    found = report(journal)
    assert "interrupted while being written" in failing(found)["backups"]["detail"]
    assert f"{writing.name} is being written by another mentorlog" in failing(found)["backups"]["detail"]
    journal("doctor", "--fix")
    assert not killed.exists() and not marker.exists()
    assert writing.exists() and live.exists()


def test_a_young_left_over_log_of_a_backup_is_left_alone(journal, db_path):
    folder = db_path.parent / BACKUP_DIR_NAME
    folder.mkdir(mode=0o700)
    log = folder / "journal-20261120-100500.db-journal"
    log.write_bytes(b"\x00" * 512)
    journal.ok("doctor", "--fix")
    assert log.exists()
    age(log)
    assert f"removed {log}" in journal("doctor", "--fix").stderr and not log.exists()


# -- 12: what a killed `export -o` leaves --------------------------------------------------------------


def test_a_stopped_exports_temporary_copy_is_found_and_removed(journal, db_path):
    left = db_path.parent / f".export.json.{dead_pid()}.tmp"
    left.write_text('{"format": "mentorlog", "sessions": [')
    young = db_path.parent / f".notes.md.{dead_pid() + 1}.tmp"
    young.write_text("# notes")
    mine = db_path.parent / f".live.json.{os.getpid()}.tmp"
    mine.write_text("{")
    age(left, mine, when=time.time() - 120)
    found = report(journal)
    leftover = failing(found)["leftover exports"]
    assert left.name in leftover["detail"] and young.name not in leftover["detail"] and mine.name not in leftover["detail"]
    assert "copy of your notes" in leftover["detail"]
    assert f"removed {left}" in journal.ok("doctor", "--fix").stderr
    assert not left.exists() and young.exists() and mine.exists()


# -- the numbers --------------------------------------------------------------------------------------


def test_the_cache_file_is_written_whole_and_private(journal, db_path):
    journal.ok("backup")
    report(journal)
    folder = db_path.parent / BACKUP_DIR_NAME
    assert mode(folder / ".verified.json") == 0o600
    assert not [p for p in folder.iterdir() if re.search(r"\.partial$|\.tmp$", p.name)]
