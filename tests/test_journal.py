"""The journal file: created privately on first write, refused (and left alone) when it is not a journal,
migrated safely, and shared safely between two mentorlog processes at once."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from mentorlog.data import journal as journal_module
from mentorlog.errors import MentorlogError
from mentorlog.data.journal import Journal
from mentorlog.data.migrations import MIGRATION_SET, STEP_NAMES, migrations
from mentorlog.data import mentorships, sessions

MENTORLOG = Path(sys.executable).parent / "mentorlog"

# Tables and columns the issue fixes; later migrations may add more, never take these away.
EXPECTED_COLUMNS = {
    "mentorships": {"id", "uid", "name", "role", "kind", "status", "cadence_days", "since", "until", "channel",
                    "focus", "expectations", "boundaries", "created_at", "updated_at"},
    "sessions": {"id", "uid", "mentorship_id", "held_at", "duration_minutes", "channel", "topics", "notes",
                 "private_notes", "takeaways", "rating", "created_at", "updated_at"},
    "goals": {"id", "uid", "created_at", "updated_at"},
    "milestones": {"id", "uid", "created_at", "updated_at"},
    "actions": {"id", "uid", "created_at", "updated_at"},
    "wins": {"id", "uid", "created_at", "updated_at"},
    "reviews": {"id", "uid", "created_at", "updated_at"},
}  # fmt: skip


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def fingerprint(folder: Path) -> dict:
    """Every file under a folder with its bytes' hash: to prove nothing was written or added."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
        for p in sorted(folder.rglob("*"))
    }


def columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info([{table}])")}


def tables(conn: sqlite3.Connection) -> set[str]:
    return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


@pytest.fixture
def umask_zero():
    """Prove modes are set explicitly, not inherited from a strict umask."""
    old = os.umask(0)
    yield
    os.umask(old)


@pytest.fixture
def filled(people, db_path) -> Path:
    """A real journal, big enough to span many pages."""
    with Journal(db_path) as store, store.write():
        ada = mentorships.resolve(store, "ada")
        for n in range(40):
            sessions.add_session(store, ada, datetime(2026, 10, 1 + n % 28, 9), duration_minutes=45, topics=[f"topic {n}"],
                              notes=f"notes {n} " + "lorem ipsum " * 200)
    return db_path


# -- creating ----------------------------------------------------------------------------------------


def test_first_write_creates_a_private_file_in_a_private_folder(cli, db_path, umask_zero):
    assert not db_path.parent.exists()
    cli.ok("mentor", "add", "Ada Lovelace")
    assert db_path.is_file()
    assert mode(db_path) == 0o600
    assert mode(db_path.parent) == 0o700
    for sidecar in db_path.parent.glob("journal.db-*"):  # WAL files, if any are left
        assert mode(sidecar) == 0o600


def test_every_missing_folder_is_created_private(cli, tmp_path, monkeypatch, umask_zero):
    path = tmp_path / "a" / "b" / "c" / "journal.db"
    monkeypatch.setenv("MENTORLOG_DB", str(path))
    cli.ok("mentee", "add", "Sam")
    assert mode(path) == 0o600
    for folder in (tmp_path / "a", tmp_path / "a" / "b", tmp_path / "a" / "b" / "c"):
        assert mode(folder) == 0o700


def test_an_existing_folder_keeps_its_mode(cli, tmp_path, monkeypatch):
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    monkeypatch.setenv("MENTORLOG_DB", str(folder / "journal.db"))
    cli.ok("mentor", "add", "Ada")
    assert mode(folder) == 0o755
    assert mode(folder / "journal.db") == 0o600


def test_the_db_option_wins_over_the_environment(cli, tmp_path, db_path):
    other = tmp_path / "elsewhere" / "mine.db"
    cli.ok("--db", str(other), "mentor", "add", "Ada")
    assert other.is_file() and not db_path.exists()
    assert [m["name"] for m in cli.json("--db", str(other), "mentor", "list", "--json")] == ["Ada"]
    assert cli.json("mentor", "list", "--json") == []


def test_name_completion_reads_the_journal_without_writing_it(people, db_path):
    from mentorlog.commands import _common

    people.ok("mentor", "add", "Alan Turing")
    people.ok("mentor", "end", "alan")
    before = db_path.read_bytes()
    assert _common.complete_names("") == ["Ada Lovelace", "Sam Rivera"]  # ended ones are not offered
    assert _common.complete_names("S") == ["Sam Rivera"]
    assert db_path.read_bytes() == before


def test_name_completion_of_an_absent_or_foreign_file_is_empty(tmp_path):
    assert mentorships.names(tmp_path / "absent.db") == []
    assert not (tmp_path / "absent.db").exists()
    (tmp_path / "text.db").write_text("not sqlite")
    assert mentorships.names(tmp_path / "text.db") == []


def test_the_db_option_expands_the_home_folder(cli, tmp_path, db_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(tmp_path)  # where an unexpanded '~' folder would appear
    cli.ok("--db", "~/journals/j.db", "mentor", "add", "Ada")  # quoted in the shell: the tilde arrives as typed
    assert (home / "journals" / "j.db").is_file()
    assert not (tmp_path / "~").exists() and not db_path.exists()
    assert [m["name"] for m in cli.json("--db", "~/journals/j.db", "mentor", "list", "--json")] == ["Ada"]


@pytest.mark.parametrize(
    "args",
    [
        ("mentor", "list", "--json"),
        ("mentee", "list", "--all", "--json"),
        ("session", "list", "--json"),
        ("session", "list", "--since", "3 months ago", "--json"),
        ("mentor", "list"),
        ("session", "list"),
    ],
)
def test_a_read_on_an_absent_journal_creates_nothing(cli, db_path, tmp_path, args):
    before = fingerprint(tmp_path)
    result = cli.ok(*args)
    if "--json" in args:
        assert json.loads(result.stdout) == []
    assert not db_path.exists()
    assert not db_path.parent.exists()
    assert fingerprint(tmp_path) == before


@pytest.mark.parametrize(
    "args",
    [
        ("mentor", "show", "Ada"),
        ("session", "show", "1"),
        ("session", "list", "--with", "ada"),
        ("session", "add", "--with", "ada", "--duration", "45m"),
        ("session", "delete", "1", "--yes"),
        ("mentor", "add", "Ada", "--cadence", "sometimes"),
        ("mentor", "pause", "Ada"),
    ],
)
def test_a_failed_command_on_an_absent_journal_creates_nothing(cli, db_path, tmp_path, args):
    before = fingerprint(tmp_path)
    cli.fail(*args)
    assert not db_path.exists()
    assert fingerprint(tmp_path) == before


# -- refusing ----------------------------------------------------------------------------------------

READ = ("mentor", "list", "--json")
WRITE = ("mentor", "add", "Grace Hopper")
WRITE_SESSION = ("session", "add", "--with", "ada", "--duration", "30m")


def assert_refused(cli, path: Path, expected: str) -> None:
    """Reading and writing are both refused with one clear line, and nothing on disk changes."""
    before = fingerprint(path.parent)
    for args in (READ, WRITE, WRITE_SESSION):
        result = cli.fail("--db", str(path), *args)
        assert expected in result.stderr, result.stderr
        assert "unexpected" not in result.stderr
        assert result.stdout == ""
    assert fingerprint(path.parent) == before


def test_a_text_file_is_refused(cli, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Dear diary, today Ada said I should write a brag document.\n" * 10)
    assert_refused(cli, path, "not an SQLite database")


def test_a_short_text_file_is_refused(cli, tmp_path):
    path = tmp_path / "tiny.db"
    path.write_bytes(b"hi")
    assert_refused(cli, path, "not an SQLite database")


def test_a_file_with_the_magic_but_garbage_after_it_is_refused(cli, tmp_path):
    path = tmp_path / "fake.db"
    path.write_bytes(journal_module.SQLITE_MAGIC + os.urandom(5000))
    before = path.read_bytes()
    cli.fail("--db", str(path), *READ)
    cli.fail("--db", str(path), *WRITE)
    assert path.read_bytes() == before


def test_a_truncated_journal_is_refused(cli, filled, tmp_path):
    data = filled.read_bytes()
    assert len(data) > 20 * 4096
    half = tmp_path / "half.db"
    half.write_bytes(data[: len(data) // 2])
    assert_refused(cli, half, "truncated")


def test_a_journal_cut_off_mid_page_is_refused(cli, filled, tmp_path):
    data = filled.read_bytes()
    cut = tmp_path / "cut.db"
    cut.write_bytes(data[: len(data) // 2 + 123])
    assert_refused(cli, cut, "truncated")


def test_a_directory_is_refused(cli, tmp_path):
    folder = tmp_path / "journal.db"
    folder.mkdir()
    (folder / "keep.txt").write_text("mine")
    assert_refused(cli, folder, "is a directory")
    assert [p.name for p in folder.iterdir()] == ["keep.txt"]


def test_a_journal_from_a_newer_version_is_refused_unchanged(cli, filled, tmp_path):
    newer = tmp_path / "newer.db"
    newer.write_bytes(filled.read_bytes())
    conn = sqlite3.connect(newer)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, ?, ?)",
        [MIGRATION_SET, "m999_from_the_future", "2031-01-01 00:00:00+00:00"],
    )
    conn.commit()
    conn.close()
    assert_refused(cli, newer, "newer mentorlog")
    result = cli.fail("--db", str(newer), *READ)
    assert "m999_from_the_future" in result.stderr and "upgrade" in result.stderr


def test_an_sqlite_database_that_is_not_a_journal_is_refused(cli, tmp_path):
    other = tmp_path / "photos.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)")
    conn.execute("INSERT INTO photos (path) VALUES ('a.jpg')")
    conn.commit()
    conn.close()
    assert_refused(cli, other, "not a mentorlog journal")


def test_another_tools_migrations_do_not_make_a_journal(cli, tmp_path):
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE _sqlite_migrations (id INTEGER PRIMARY KEY, migration_set TEXT, name TEXT, applied_at TEXT)")
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('llm', 'm001_x', 'x')")
    conn.execute("CREATE TABLE responses (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    assert_refused(cli, other, "not a mentorlog journal")


def corrupt_table(path: Path, table: str) -> None:
    """Overwrite the root page of a table with garbage; the header and size stay plausible."""
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", [table]).fetchone()[0]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(path, "r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\xff" * page_size)


def test_a_journal_failing_its_integrity_check_is_refused_for_writing(cli, filled, tmp_path):
    broken = tmp_path / "broken.db"
    broken.write_bytes(filled.read_bytes())
    corrupt_table(broken, "sessions")
    before = fingerprint(tmp_path)
    result = cli.fail("--db", str(broken), *WRITE)
    assert "integrity check" in result.stderr
    result = cli.fail("--db", str(broken), *WRITE_SESSION)
    assert "integrity check" in result.stderr
    # a read of the damaged table is one clear error too, not a traceback
    result = cli.fail("--db", str(broken), "session", "list", "--json")
    assert "unexpected" not in result.stderr
    assert fingerprint(tmp_path) == before


def test_the_data_layer_raises_its_own_error(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not a journal at all, just some words that go on for a while" * 5)
    with pytest.raises(MentorlogError, match="not an SQLite database"):
        Journal(path).conn


# -- schema and migrations ---------------------------------------------------------------------------


def test_migrations_from_empty_give_the_expected_schema(cli, db_path):
    cli.ok("mentor", "add", "Ada")
    conn = sqlite3.connect(db_path)
    found = tables(conn)
    for table, wanted in EXPECTED_COLUMNS.items():
        assert table in found
        assert wanted <= columns(conn, table), (table, wanted - columns(conn, table))
    applied = [row[0] for row in conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid", [MIGRATION_SET])]
    assert applied == list(STEP_NAMES)
    assert all(name.startswith(f"m{n:03d}_") for n, name in enumerate(STEP_NAMES, start=1))
    keys = {(row["table"], row["from"], row["to"]) for row in _dict_rows(conn, "PRAGMA foreign_key_list(sessions)")}
    assert ("mentorships", "mentorship_id", "id") in keys
    conn.close()
    # no backup for a brand-new journal: there was nothing to lose
    assert not (db_path.parent / journal_module.BACKUP_DIR_NAME).exists()


def _dict_rows(conn: sqlite3.Connection, sql: str) -> list[dict]:
    cursor = conn.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor]


def first_schema_journal(path: Path) -> None:
    """A journal as the first release wrote it: only m001, with a mentorship and a session."""
    from sqlite_utils import Database

    path.parent.mkdir(parents=True, exist_ok=True)
    db = Database(path)
    migrations().apply(db, stop_before=STEP_NAMES[1])
    stamp = "2026-10-01T09:00:00Z"
    db.execute(
        "INSERT INTO mentorships (uid, name, role, cadence_days, since, created_at, updated_at) "
        "VALUES ('u-ada', 'Ada Lovelace', 'mentor', 14, '2026-09-01', ?, ?)", [stamp, stamp])
    db.execute(
        "INSERT INTO sessions (uid, mentorship_id, held_at, duration_minutes, topics, notes, takeaways, rating, "
        "created_at, updated_at) VALUES ('u-s1', 1, '2026-10-01T09:00:00', 45, '[\"promotion\"]', 'kept', "
        "'[\"write it down\"]', 4, ?, ?)", [stamp, stamp])
    db.conn.commit()
    db.close()


def test_a_first_schema_journal_upgrades_with_its_rows_intact(cli, db_path, umask_zero):
    first_schema_journal(db_path)
    [session] = cli.json("session", "list", "--json")
    assert session["uid"] == "u-s1"
    assert session["with"] == "Ada Lovelace"
    assert session["date"] == "2026-10-01T09:00:00"
    assert session["topics"] == ["promotion"] and session["takeaways"] == ["write it down"]
    assert session["notes"] == "kept" and session["rating"] == 4 and session["duration_minutes"] == 45
    conn = sqlite3.connect(db_path)
    for table, wanted in EXPECTED_COLUMNS.items():
        assert wanted <= columns(conn, table)
    applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")]
    assert applied == list(STEP_NAMES)
    conn.close()
    # a consistent copy was set aside first, private, holding the old schema and rows
    folder = db_path.parent / journal_module.BACKUP_DIR_NAME
    [backup] = folder.iterdir()
    assert mode(folder) == 0o700 and mode(backup) == 0o600
    assert STEP_NAMES[1] in backup.name
    old = sqlite3.connect(backup)
    assert "goals" not in tables(old)
    assert old.execute("SELECT notes FROM sessions").fetchall() == [("kept",)]
    old.close()
    # and the upgraded journal takes new writes
    cli.ok("session", "add", "--with", "ada", "--duration", "30m")
    assert len(cli.json("session", "list", "--json")) == 2


def test_migration_backups_keep_the_last_few_generations(cli, db_path):
    first_schema_journal(db_path)
    folder = db_path.parent / journal_module.BACKUP_DIR_NAME
    folder.mkdir(mode=0o700)
    kept = journal_module.MIGRATION_BACKUPS_KEPT
    for n in range(kept + 2):
        old = folder / f"journal-before-m002_x-2026010{n}T000000000000.db"
        old.write_bytes(b"old")
        os.utime(old, (time.time() - 10_000 + n, time.time() - 10_000 + n))
    cli.ok("mentor", "list", "--json")
    backups = sorted(folder.iterdir())
    assert len(backups) == kept
    assert any(b.read_bytes() != b"old" for b in backups), "the newest backup was kept"


def test_a_current_journal_is_not_backed_up_again(cli, db_path):
    cli.ok("mentor", "add", "Ada")
    cli.ok("mentor", "list", "--json")
    cli.ok("mentor", "add", "Grace")
    assert not (db_path.parent / journal_module.BACKUP_DIR_NAME).exists()


# -- connection settings and transactions -------------------------------------------------------------


def test_wal_synchronous_full_and_a_busy_timeout_are_in_effect(people, db_path):
    with Journal(db_path) as store:
        with store.write() as conn:
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
            assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
            assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
            assert conn.in_transaction
        assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 2
    # WAL is a property of the file: it persists for every later connection
    plain = sqlite3.connect(db_path)
    assert plain.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    plain.close()


def test_write_transactions_begin_immediate(people, db_path):
    with Journal(db_path) as store, store.write():
        other = sqlite3.connect(db_path, timeout=0, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")  # the write lock is already held, before any write
        other.close()


def test_a_failed_write_leaves_nothing_and_nested_writes_compose(people, db_path):
    with Journal(db_path) as store:
        ada = mentorships.resolve(store, "ada")
        with pytest.raises(RuntimeError):
            with store.write():
                sessions.add_session(store, ada, datetime(2026, 11, 1))
                raise RuntimeError("boom")
        assert sessions.sessions(store) == []
        with store.write():
            sessions.add_session(store, ada, datetime(2026, 11, 2))
            with pytest.raises(RuntimeError):
                with store.write():
                    sessions.add_session(store, ada, datetime(2026, 11, 3))
                    raise RuntimeError("inner")
        assert [s.held_at.day for s in sessions.sessions(store)] == [2]


# -- two processes at once ----------------------------------------------------------------------------

ADDS_EACH = 30

WRITER = """
import subprocess, sys
exe, tag, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
failures = []
for n in range(count):
    done = subprocess.run([exe, "session", "add", "--with", "ada", "--duration", "30m", "--topic", f"{tag}-{n}"],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if done.returncode != 0 or done.stderr.count("Error") or "Traceback" in done.stderr:
        failures.append((n, done.returncode, done.stderr))
print(repr(failures))
"""


@pytest.mark.slow
def test_two_processes_adding_sessions_at_once_lose_nothing(people, db_path):
    assert MENTORLOG.exists(), f"install the package first: {MENTORLOG} is missing"
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(MENTORLOG), tag, str(ADDS_EACH)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for tag in ("left", "right")
    ]
    for writer in writers:
        out, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err
        assert out.strip() == "[]", out
    found = people.json("session", "list", "--json")
    topics = sorted(t for s in found for t in s["topics"])
    assert topics == sorted(f"{tag}-{n}" for tag in ("left", "right") for n in range(ADDS_EACH))
    assert len({s["uid"] for s in found}) == len({s["id"] for s in found}) == 2 * ADDS_EACH


@pytest.mark.slow
def test_two_processes_creating_the_journal_at_once_both_succeed(db_path):
    """Neither journal nor folder exists: both race to create and migrate it."""
    assert not db_path.exists()
    commands = [[str(MENTORLOG), "mentor", "add", "Ada"], [str(MENTORLOG), "mentee", "add", "Sam"]]
    runs = [subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)
            for c in commands]
    for run in runs:
        out, err = run.communicate(timeout=60)
        assert run.returncode == 0, err
        assert "Error" not in err
    done = subprocess.run([str(MENTORLOG), "mentor", "list", "--json"], capture_output=True, text=True)
    assert [m["name"] for m in json.loads(done.stdout)] == ["Ada"]
    assert mode(db_path) == 0o600


def test_an_empty_file_reads_as_an_empty_journal_and_becomes_a_private_one_on_the_first_write(cli, db_path):
    db_path.parent.mkdir(parents=True)
    db_path.touch(mode=0o644)
    os.chmod(db_path, 0o644)
    assert cli.json("mentor", "list", "--json") == []
    assert db_path.stat().st_size == 0  # a read wrote nothing
    cli.ok("mentor", "add", "Ada")
    assert db_path.stat().st_mode & 0o777 == 0o600
    assert [m["name"] for m in cli.json("mentor", "list", "--json")] == ["Ada"]


def test_a_folder_made_by_another_mentorlog_at_the_same_moment_is_used(tmp_path, monkeypatch):
    target = tmp_path / "a" / "b"
    real_mkdir = Path.mkdir

    def racing_mkdir(self, *args, **kwargs):
        real_mkdir(self, *args, **kwargs)  # the other process wins the race...
        raise FileExistsError(str(self))  # ...and this one is told the folder exists

    monkeypatch.setattr(Path, "mkdir", racing_mkdir)
    journal_module.private_dir(target)
    assert target.is_dir()


def test_a_log_left_without_its_journal_is_not_thrown_away_by_a_new_journal(cli, db_path, unchanged):
    db_path.parent.mkdir(parents=True)
    orphan = db_path.with_name(db_path.name + "-wal")
    orphan.write_bytes(b"the newest changes of a journal that was moved away")
    with unchanged():
        result = cli.fail("mentor", "add", "Ada")
    assert "without its journal" in result.stderr
    assert orphan.read_bytes() == b"the newest changes of a journal that was moved away"
    assert cli.json("mentor", "list", "--json") == []  # reading still works, as an empty journal


def test_new_uids_are_random_version_4_uuids_spelled_as_uuid_spells_them():
    import uuid

    from mentorlog.data.journal import new_uid

    made = [new_uid() for _ in range(2000)]
    assert len(set(made)) == len(made)
    for text in made:
        parsed = uuid.UUID(text)
        assert str(parsed) == text and parsed.version == 4 and parsed.variant == uuid.RFC_4122
