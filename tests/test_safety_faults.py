"""Faults: mentorlog killed mid-write (kill -9) during a big import, a schema upgrade and a backup; a full
disk; two different writers at once. Afterwards the journal passes its integrity check and holds either
everything from before or everything from after: never a part."""

from __future__ import annotations

import hashlib
import json
import os
import random
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from mentorlog.data import journal as journal_module
from mentorlog.data.journal import BACKUP_DIR_NAME
from mentorlog.data.migrations import STEP_NAMES, migrations

from conftest import applied

MENTORLOG = Path(sys.executable).parent / "mentorlog"
TABLES = ("mentorships", "sessions", "goals", "milestones", "goal_updates", "actions", "wins", "reviews")
MB = 1024 * 1024
WORDS = ("promotion feedback roadmap delegation architecture review hiring onboarding conflict visibility "
         "stakeholder estimate design writing negotiation presentation focus boundaries network growth").split()


# -- helpers ---------------------------------------------------------------------------------------


def counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        found = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        return {table: conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table in TABLES if table in found}
    finally:
        conn.close()


def integrity(path: Path) -> list[str]:
    """SQLite's full check, through a fresh connection (which first settles any log left behind)."""
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()


def digest(path: Path, table: str = "sessions") -> str:
    """A fingerprint of every row of a table: the rows are the same, to the byte."""
    conn = sqlite3.connect(path)
    try:
        hashed = hashlib.sha256()
        for row in conn.execute(f"SELECT * FROM {table} ORDER BY id"):
            hashed.update(repr(tuple(row)).encode())
        return hashed.hexdigest()
    finally:
        conn.close()


def size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def largest(folder: Path, pattern: str = "*.db") -> int:
    """The size of the biggest matching file in a folder that may not exist yet (and whose files come and go)."""
    try:
        return max((size(found) for found in folder.glob(pattern)), default=0)
    except OSError:
        return 0


def kill_when(args: list[str], under_way) -> bool:
    """Run mentorlog and SIGKILL it the moment `under_way()` says the operation is in progress.

    True when it was killed; False when it finished first (then it must have succeeded).
    """
    process = subprocess.Popen([str(MENTORLOG), *args], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    killed = False
    while process.poll() is None:
        if under_way():
            process.send_signal(signal.SIGKILL)
            killed = True
            break
        time.sleep(0.0005)
    _, err = process.communicate(timeout=120)
    if not killed or process.returncode != -signal.SIGKILL:
        assert process.returncode == 0, err.decode()
        return False
    return True


def big_export(sessions: int, seed: int = 3) -> dict:
    """A json export document: 10 mentorships, `sessions` sessions with ~400 characters of notes each,
    an action per session, a win per four, five goals with two milestones each per mentorship."""
    rng = random.Random(seed)
    stamp = "2026-01-01T09:00:00Z"

    def row(**fields) -> dict:
        return {"uid": str(uuid.UUID(int=rng.getrandbits(128))), **fields, "created_at": stamp, "updated_at": stamp}

    def text(length: int) -> str:
        words: list[str] = []
        while sum(len(word) + 1 for word in words) < length:
            words.append(rng.choice(WORDS))
        return " ".join(words)

    people = [row(name=f"Person {n}", role="mentor" if n % 2 else "mentee", cadence_days=14) for n in range(10)]
    meetings = [row(mentorship_uid=people[n % 10]["uid"], held_at=f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}T09:00:00",
                    duration_minutes=45, topics=[rng.choice(WORDS)], notes=text(400), private_notes=text(60),
                    takeaways=[text(40)], rating=rng.randint(1, 5)) for n in range(sessions)]
    goals = [row(mentorship_uid=person["uid"], title=text(30), why=text(80)) for person in people for _ in range(5)]
    steps = [row(goal_uid=goal["uid"], title=text(20), due="2026-12-01") for goal in goals for _ in range(2)]
    actions = [row(mentorship_uid=meeting["mentorship_uid"], text=text(50), session_uid=meeting["uid"])
               for meeting in meetings]
    wins = [row(text=text(60), date="2025-06-01", mentorship_uid=people[n % 10]["uid"]) for n in range(sessions // 4)]
    return {"format": "mentorlog", "version": 1, "exported_at": stamp, "mentorships": people, "sessions": meetings,
            "goals": goals, "milestones": steps, "goal_updates": [], "actions": actions, "wins": wins, "reviews": []}


def after_import(before: dict[str, int], document: dict) -> dict[str, int]:
    return {table: before[table] + len(document[table]) for table in TABLES}


def first_schema_journal(path: Path, sessions: int) -> None:
    """A journal as the first release left it (only m001, a rollback journal), with many sessions."""
    from sqlite_utils import Database

    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    db = Database(path)
    migrations().apply(db, stop_before=STEP_NAMES[1])
    stamp = "2026-01-01T09:00:00Z"
    db.execute("INSERT INTO mentorships (uid, name, role, cadence_days, since, created_at, updated_at) "
               "VALUES ('u-ada', 'Ada Lovelace', 'mentor', 14, '2025-01-01', ?, ?)", [stamp, stamp])
    rng = random.Random(5)
    db.conn.executemany(
        "INSERT INTO sessions (uid, mentorship_id, held_at, notes, topics, takeaways, created_at, updated_at) "
        "VALUES (?, 1, ?, ?, '[\"growth\"]', '[\"keep going\"]', ?, ?)",
        ((f"u-{n}", f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}T09:00:00", " ".join(rng.choices(WORDS, k=60)), stamp, stamp)
         for n in range(sessions)))
    db.conn.commit()
    db.close()
    os.chmod(path, 0o600)


@pytest.fixture
def doctor(cli):
    def run(*args) -> dict:
        return json.loads(cli("doctor", "--json", *args).stdout)
    return run


def failing(report: dict) -> dict[str, dict]:
    return {check["name"]: check for check in report["checks"] if not check["ok"]}


# -- killed mid-write ------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("moment", ["early", "late"])
def test_killed_during_a_big_import_leaves_all_or_nothing(people, db_path, tmp_path, doctor, moment):
    people.ok("session", "add", "--with", "ada", "--notes", "written before the import")
    document = big_export(2000)
    source = tmp_path / "big.json"
    source.write_text(json.dumps(document))
    before = counts(db_path)
    after = after_import(before, document)
    wal = db_path.with_name(db_path.name + "-wal")
    threshold = 64 * 1024 if moment == "early" else 3 * MB // 2
    kill_when(["import", str(source)], lambda: size(wal) > threshold)

    assert integrity(db_path) == ["ok"]
    assert counts(db_path) in (before, after)
    assert doctor()["healthy"] is True  # the search index matches whatever is there
    # running it again finishes the job: an import is idempotent
    people.ok("import", source)
    assert counts(db_path) == after
    assert [s["notes"] for s in people.json("session", "list", "--with", "ada", "--json")] == ["written before the import"]


@pytest.mark.slow
@pytest.mark.parametrize("moment", ["while backing up first", "while upgrading"])
def test_killed_during_a_schema_upgrade_leaves_the_old_or_the_new_schema(cli, db_path, doctor, moment):
    first_schema_journal(db_path, 8_000)
    rows = digest(db_path)
    backups = db_path.parent / BACKUP_DIR_NAME
    wal = db_path.with_name(db_path.name + "-wal")
    if moment == "while backing up first":
        under_way = lambda: largest(backups) > MB  # noqa: E731
    else:
        under_way = lambda: size(wal) > MB  # noqa: E731
    kill_when(["session", "list", "-n", "1", "--json"], under_way)

    assert integrity(db_path) == ["ok"]
    steps = applied(db_path)
    assert steps in ([STEP_NAMES[0]], list(STEP_NAMES))
    assert ("goals" in counts(db_path)) == (len(steps) > 1)  # the schema matches its record
    assert digest(db_path) == rows
    # the next command upgrades it, with every row intact
    assert cli.json("session", "list", "-n", "1", "--json")[0]["with"] == "Ada Lovelace"
    assert applied(db_path) == list(STEP_NAMES) and digest(db_path) == rows
    assert len(cli.json("search", "growth", "-n", "5", "--json")) == 5
    # a copy cut short by the kill is reported, never offered for a restore, and removed by --fix
    report = doctor()
    if not report["healthy"]:
        assert set(failing(report)) == {"backups"}
        assert "interrupted" in failing(report)["backups"]["detail"]
        cli.ok("doctor", "--fix")
    assert doctor()["healthy"] is True
    assert all(integrity(copy) == ["ok"] for copy in backups.glob("*.db"))


@pytest.fixture
def big_journal(cli, db_path) -> Path:
    """A current journal of about 10 MB: a first-schema one, upgraded in this process."""
    first_schema_journal(db_path, 8_000)
    cli.ok("mentor", "list", "--json")
    shutil.rmtree(db_path.parent / BACKUP_DIR_NAME)
    return db_path


@pytest.mark.slow
def test_killed_during_a_backup_leaves_the_journal_alone(cli, big_journal, doctor):
    before, rows = counts(big_journal), digest(big_journal)
    backups = big_journal.parent / BACKUP_DIR_NAME
    killed = kill_when(["backup"], lambda: largest(backups) > MB)

    assert integrity(big_journal) == ["ok"]
    assert counts(big_journal) == before and digest(big_journal) == rows
    report = doctor()
    if killed:
        problem = failing(report)["backups"]
        assert "interrupted while being written" in problem["detail"] and "doctor --fix" in problem["fix"]
        assert "no good backup" in problem["detail"]
        cli.ok("doctor", "--fix")
        assert list(backups.iterdir()) == []
    assert doctor()["healthy"] is True
    made = Path(cli.ok("backup").stdout.strip())
    assert integrity(made) == ["ok"] and counts(made) == before


# -- a full disk -----------------------------------------------------------------------------------


@pytest.fixture
def disk_full():
    """Every journal connection mentorlog opens is capped at the pages the file has: it can't grow.
    Call the fixture's value to make room again."""
    real = journal_module._connect

    def capped(target: str) -> sqlite3.Connection:
        conn = real(target)
        if target != ":memory:":
            pages = conn.execute("PRAGMA page_count").fetchone()[0]
            conn.execute(f"PRAGMA max_page_count = {max(pages, 1)}")
        return conn

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(journal_module, "_connect", capped)
        yield patch.undo


def full_disk_error(result) -> None:
    assert "disk is full" in result.stderr and "nothing was saved" in result.stderr, result.stderr


def test_a_full_disk_refuses_a_session_and_changes_nothing(people, disk_full, unchanged):
    with unchanged():
        full_disk_error(people.fail("session", "add", "--with", "ada", "--notes", "a long talk " * 30_000,
                                    "--action", "write it up"))


def test_a_full_disk_refuses_an_import_and_changes_nothing(people, disk_full, unchanged, tmp_path):
    source = tmp_path / "export.json"
    source.write_text(json.dumps(big_export(300)))
    with unchanged():
        full_disk_error(people.fail("import", source))


def test_a_full_disk_during_a_schema_upgrade_rolls_it_back(cli, db_path, disk_full):
    first_schema_journal(db_path, 200)
    rows = digest(db_path)
    full_disk_error(cli.fail("session", "list", "--json"))
    assert applied(db_path) == [STEP_NAMES[0]] and digest(db_path) == rows
    assert integrity(db_path) == ["ok"]
    disk_full()  # room again: the upgrade goes through
    assert len(cli.json("session", "list", "--json")) == 200
    assert applied(db_path) == list(STEP_NAMES)


def limit_file_size(limit: int):
    """For a child process: no file may grow past `limit` bytes, as on a nearly full disk (EFBIG, not a signal)."""
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


@pytest.mark.slow
def test_a_backup_onto_a_full_disk_is_one_error_and_leaves_no_partial_copy(big_journal, tmp_path):
    rows = digest(big_journal)
    target = tmp_path / "copies" / "journal-copy.db"
    done = subprocess.run([str(MENTORLOG), "backup", str(target)], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, preexec_fn=limit_file_size(MB))
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 1 and len(lines) == 1 and lines[0].startswith("Error: "), done.stderr
    assert "can't write the backup" in done.stderr and "is the disk full" in done.stderr
    assert list(target.parent.iterdir()) == []
    assert integrity(big_journal) == ["ok"] and digest(big_journal) == rows


needs_dev_full = pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")


@needs_dev_full
@pytest.mark.parametrize("fmt", ["json", "markdown", "ics"])
def test_an_export_onto_a_full_device_is_one_error(people, unchanged, fmt):
    with unchanged():
        result = people.fail("export", "--format", fmt, "--output", "/dev/full")
    assert "can't write /dev/full: the disk is full" in result.stderr
    assert Path("/dev/full").is_char_device()  # written to, never replaced by a file


@pytest.mark.slow
def test_an_export_onto_a_full_disk_leaves_no_partial_file(people, tmp_path):
    people.ok("session", "add", "--with", "ada", "--notes", "a long talk " * 100_000)
    target = tmp_path / "out" / "journal.json"
    target.parent.mkdir()
    target.write_text("the previous export, kept")
    for fmt in ("json", "markdown"):
        done = subprocess.run([str(MENTORLOG), "export", "-f", fmt, "-o", str(target), "--force"], capture_output=True, text=True,
                              stdin=subprocess.DEVNULL, preexec_fn=limit_file_size(256 * 1024))
        assert done.returncode == 1 and done.stderr.startswith(f"Error: can't write {target}"), done.stderr
        assert done.stderr.count("\n") == 1 and "nothing was written" in done.stderr
        assert [p.name for p in target.parent.iterdir()] == ["journal.json"]
        assert target.read_text() == "the previous export, kept"


@needs_dev_full
def test_standard_output_onto_a_full_device_is_one_error(people):
    done = subprocess.run(f"'{MENTORLOG}' export --format json > /dev/full", shell=True, capture_output=True, text=True)
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 1 and len(lines) == 1 and lines[0].startswith("Error: "), done.stderr


# -- two different writers at once ---------------------------------------------------------------------


@pytest.mark.slow
def test_an_import_and_session_adds_at_once_lose_nothing(people, db_path, tmp_path):
    """A long import transaction and short commands side by side: all of both land, nothing is refused."""
    document = big_export(1000)
    source = tmp_path / "big.json"
    source.write_text(json.dumps(document))
    before = counts(db_path)
    importer = subprocess.Popen([str(MENTORLOG), "import", str(source)], stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    added = []
    for n in range(8):
        done = subprocess.run([str(MENTORLOG), "session", "add", "--with", "sam", "--topic", f"side {n}"],
                              capture_output=True, text=True, stdin=subprocess.DEVNULL)
        assert done.returncode == 0 and "Error" not in done.stderr, done.stderr
        added.append(f"side {n}")
    _, err = importer.communicate(timeout=120)
    assert importer.returncode == 0 and "Error" not in err, err
    expected = after_import(before, document)
    expected["sessions"] += len(added)
    assert counts(db_path) == expected
    assert integrity(db_path) == ["ok"]
    topics = [s["topics"][0] for s in people.json("session", "list", "--with", "sam", "--json")]
    assert sorted(topics) == sorted(added)
    assert people.json("doctor", "--json")["healthy"] is True  # the search index has every row of both
