"""The journal on disk: an intact journal is never called damaged, a log that is not the journal's own
is never replayed into it, a busy journal is waited for, and one mentorlog at a time upgrades it.

Each fault is made the way it happens: a checkpoint cut short (by kill -9, by a full disk, or at the
exact moment SQLite has written page 1 and not yet grown the file), a backup copied over a journal
whose old log is still beside it, a long import holding the write lock."""

from __future__ import annotations

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
from pathlib import Path

import pytest

from mentorlog.data import journal_file
from mentorlog.data.journal import Journal
from mentorlog.data import sessions

MENTORLOG = Path(sys.executable).parent / "mentorlog"

# A mentorlog that stopped without closing: its rows are committed in the -wal, never checkpointed.
LEAVE_LOG = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA journal_mode = WAL")
conn.execute("PRAGMA wal_autocheckpoint = 0")
for n in range(int(sys.argv[2])):
    conn.execute("INSERT INTO sessions (uid, mentorship_id, held_at, notes, created_at, updated_at) "
                 "VALUES (?, 1, '2026-11-01T09:00:00', ?, '2026-11-01T09:00:00Z', '2026-11-01T09:00:00Z')",
                 [f"u-log-{sys.argv[3]}-{n}", "notes " * 400])
os._exit(0)
"""


def env(db_path: Path) -> dict:
    return {**os.environ, "MENTORLOG_DB": str(db_path), "MENTORLOG_NOW": "2026-11-20T10:00:00", "NO_COLOR": "1"}


def run(db_path: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([str(MENTORLOG), *args], env=env(db_path), capture_output=True, text=True, timeout=timeout)


def leave_log(db_path: Path, sessions: int, tag: str = "a") -> None:
    subprocess.run([sys.executable, "-c", LEAVE_LOG, str(db_path), str(sessions), tag], check=True)
    assert journal_file.wal_frames(db_path)


def uids(db_path: Path) -> set[str]:
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return {row[0] for row in conn.execute("SELECT uid FROM sessions")}
    finally:
        conn.close()


def header_pages(db_path: Path) -> tuple[int, int]:
    """(pages the header says, pages the file holds)."""
    data = db_path.read_bytes()[:100]
    page_size = int.from_bytes(data[16:18], "big")
    return int.from_bytes(data[28:32], "big"), db_path.stat().st_size // page_size


def copy_page_one_from_log(db_path: Path) -> None:
    """What a checkpoint does first, and all that is done when it is cut short right after: page 1, with
    the new page count, is written into the journal before the journal grows."""
    wal = journal_file.log_path(db_path).read_bytes()
    page_size = int.from_bytes(wal[8:12], "big")
    newest, offset = None, 32
    while offset + 24 + page_size <= len(wal):
        if int.from_bytes(wal[offset:offset + 4], "big") == 1:
            newest = wal[offset + 24: offset + 24 + page_size]
        offset += 24 + page_size
    assert newest is not None
    with open(db_path, "r+b") as handle:
        handle.write(newest)


def doctor_report(db_path: Path) -> dict:
    result = run(db_path, "doctor", "--json")
    return json.loads(result.stdout)


@pytest.fixture
def journal_with_log(people, db_path) -> set[str]:
    """Ada and Sam, three sessions through mentorlog, then 40 more left in the log by a stopped writer."""
    for day in ("2026-11-02", "2026-11-09", "2026-11-16"):
        people.ok("session", "add", "--with", "ada", "--on", day, "--notes", f"met on {day}")
    before = uids(db_path)
    leave_log(db_path, 40)
    after = uids(db_path)
    assert len(after) == len(before) + 40
    return after


# -- 1. a checkpoint cut short is finished, never refused -------------------------------------------


def test_a_checkpoint_cut_short_after_page_one_is_finished_not_refused(journal_with_log, db_path):
    copy_page_one_from_log(db_path)
    said, holds = header_pages(db_path)
    assert said > holds, "the fault: the header promises pages that are still only in the log"

    listed = run(db_path, "session", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert {s["uid"] for s in json.loads(listed.stdout)} == journal_with_log
    report = doctor_report(db_path)
    assert report["healthy"], report
    added = run(db_path, "session", "add", "--with", "ada", "--notes", "after the fault")
    assert added.returncode == 0, added.stderr
    assert uids(db_path) >= journal_with_log
    said, holds = header_pages(db_path)
    assert said <= holds


def test_a_checkpoint_cut_short_by_a_full_disk_leaves_a_usable_journal(journal_with_log, db_path):
    limit = db_path.stat().st_size + 4096  # the journal can't grow to take in the log

    def capped() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    subprocess.run([sys.executable, "-c", "import sqlite3, sys\nc = sqlite3.connect(sys.argv[1])\n"
                    "try: c.execute('PRAGMA wal_checkpoint(TRUNCATE)').fetchall()\nexcept sqlite3.Error: pass\n"
                    "import os; os._exit(0)", str(db_path)], preexec_fn=capped, check=True)
    assert journal_file.wal_frames(db_path)
    for command in (("status",), ("session", "list", "--json"), ("session", "add", "--with", "ada", "--notes", "x")):
        result = run(db_path, *command)
        assert result.returncode == 0, (command, result.stderr)
    assert uids(db_path) >= journal_with_log
    assert doctor_report(db_path)["healthy"]


@pytest.mark.slow
def test_checkpoints_killed_at_random_moments_never_lose_a_row_or_refuse_the_journal(people, db_path):
    rng = random.Random(11)
    people.ok("session", "add", "--with", "ada", "--notes", "first")
    for round_ in range(6):
        leave_log(db_path, 300, tag=str(round_))
        expected = uids(db_path)
        child = subprocess.Popen([sys.executable, "-c", "import sqlite3, sys\n"
                                  "sqlite3.connect(sys.argv[1]).execute('PRAGMA wal_checkpoint(TRUNCATE)').fetchall()",
                                  str(db_path)])
        time.sleep(rng.uniform(0.0, 0.05))
        child.send_signal(signal.SIGKILL)
        child.wait()
        result = run(db_path, "session", "add", "--with", "ada", "--notes", f"after kill {round_}")
        assert result.returncode == 0, result.stderr
        assert uids(db_path) >= expected
    assert doctor_report(db_path)["healthy"]


def test_a_journal_really_cut_short_is_still_refused(people, db_path):
    for n in range(30):
        people.ok("session", "add", "--with", "ada", "--notes", "words " * 300)
    size = db_path.stat().st_size
    with open(db_path, "r+b") as handle:
        handle.truncate(size // 2 - (size // 2) % 4096)
    result = run(db_path, "session", "list")
    assert result.returncode == 1
    assert "truncated or damaged" in result.stderr


# -- 6. a log that does not belong to the journal is never replayed ---------------------------------


@pytest.mark.parametrize("copy_kind", ["backup", "earlier copy"])
def test_a_copy_put_back_over_a_journal_with_an_old_log_is_read_without_that_log(journal_with_log, db_path, tmp_path,
                                                                                   copy_kind):
    copy = tmp_path / "copy.db"
    if copy_kind == "backup":  # what `mentorlog backup` makes (VACUUM INTO: a rollback-journal header)
        made = run(db_path, "backup", str(copy))
        assert made.returncode == 0, made.stderr
        leave_log(db_path, 25, tag="b")
    else:  # the journal file copied while it was settled (a WAL header, like the live journal's), then it grew
        conn = sqlite3.connect(db_path)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copy(db_path, copy)
        conn.close()
        for n in range(20):
            assert run(db_path, "session", "add", "--with", "ada", "--notes", "later " * 500).returncode == 0
        leave_log(db_path, 25, tag="b")
    kept = uids(copy)
    shutil.copy(copy, db_path)  # the restore, forgetting the log beside the journal

    listed = run(db_path, "session", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert {s["uid"] for s in json.loads(listed.stdout)} == kept
    assert "did not belong" in listed.stderr
    aside = list(db_path.parent.glob(f"{db_path.name}{journal_file.ASIDE_SUFFIX}*"))
    assert len(aside) == 1 and aside[0].stat().st_size > 0, "the log is kept, not deleted"
    assert not journal_file.log_path(db_path).exists() or not journal_file.wal_frames(db_path)
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    added = run(db_path, "session", "add", "--with", "ada", "--notes", "after the restore")
    assert added.returncode == 0, added.stderr


def test_a_log_held_open_by_another_mentorlog_is_left_alone(journal_with_log, db_path):
    holder = subprocess.Popen([sys.executable, "-c", "import sqlite3, sys, time\n"
                               "c = sqlite3.connect(sys.argv[1]); c.execute('SELECT COUNT(*) FROM sessions').fetchall()\n"
                               "print('open', flush=True); sys.stdin.readline()", str(db_path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        assert journal_file.in_use_elsewhere(db_path)
        result = run(db_path, "session", "list", "--json")
        assert result.returncode == 0 and "did not belong" not in result.stderr
        assert {s["uid"] for s in json.loads(result.stdout)} == journal_with_log
    finally:
        holder.communicate("\n", timeout=10)
    assert not journal_file.in_use_elsewhere(db_path)


# -- 7. a busy journal is waited for, as long as the other write takes ------------------------------


HOLD_WRITE = """
import sys, time
from pathlib import Path
from mentorlog.data.journal import Journal
with Journal(Path(sys.argv[1])).write(activity="import") as conn:
    print("holding", flush=True)
    time.sleep(float(sys.argv[2]))
"""


@pytest.mark.slow
def test_a_write_waits_for_a_long_import_and_says_so(people, db_path):
    held_for = 11.5  # longer than any fixed busy timeout mentorlog ever had
    holder = subprocess.Popen([sys.executable, "-c", HOLD_WRITE, str(db_path), str(held_for)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        started = time.monotonic()
        result = run(db_path, "session", "add", "--with", "ada", "--notes", "while importing", timeout=120)
        waited = time.monotonic() - started
    finally:
        holder.wait(timeout=60)
    assert result.returncode == 0, result.stderr
    assert "waiting for another mentorlog (import)…" in result.stderr
    assert waited > 5
    assert any(s["notes"] == "while importing" for s in json.loads(run(db_path, "session", "list", "--json").stdout))
    assert journal_file.current_writer(db_path) is None


def test_reads_are_not_blocked_by_a_write_and_doctor_calls_a_busy_journal_intact(people, db_path):
    holder = subprocess.Popen([sys.executable, "-c", HOLD_WRITE, str(db_path), "4"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        result = run(db_path, "status")
        assert result.returncode == 0, result.stderr
        report = run(db_path, "doctor", "--json", timeout=120)
        checks = json.loads(report.stdout)["checks"]
        assert not [c for c in checks if not c["ok"] and "damaged" in c["detail"]], checks
    finally:
        holder.wait(timeout=60)


# -- 12. the first commands after an upgrade, all at once -----------------------------------------


def test_commands_started_at_once_on_an_old_journal_upgrade_it_once(cli, db_path):
    from test_safety_migrations import first_release_journal

    first_release_journal(db_path)
    commands = [("status",), ("session", "list", "--json"), ("mentor", "list"), ("report",),
                ("session", "add", "--with", "ada", "--notes", "one"), ("session", "add", "--with", "sam", "--notes", "two")]
    children = [subprocess.Popen([str(MENTORLOG), *command], env=env(db_path), stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True) for command in commands * 2]
    results = [(child.args, *child.communicate(timeout=120), child.returncode) for child in children]
    assert [r for r in results if r[3] != 0] == []
    copies = list((db_path.parent / "backups").glob("journal-before-*.db"))
    assert len(copies) == 1, copies
    assert len(uids(db_path)) == 3 + 4


def test_a_refused_journal_gets_no_new_file_beside_it(db_path):
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"not a journal at all" * 300)
    before = sorted(p.name for p in db_path.parent.iterdir())
    result = run(db_path, "session", "add", "--with", "ada", "--notes", "x")
    assert result.returncode == 1
    assert sorted(p.name for p in db_path.parent.iterdir()) == before


def test_the_data_layer_reports_through_its_notify_hook_and_never_prints(journal_with_log, db_path, tmp_path, capsys):
    copy = tmp_path / "copy.db"
    assert run(db_path, "backup", str(copy)).returncode == 0
    leave_log(db_path, 5, tag="c")
    shutil.copy(copy, db_path)
    heard: list[str] = []
    with Journal(db_path, notify=heard.append) as store:
        assert len(sessions.sessions(store)) == len(uids(copy))
    assert len(heard) == 1 and "did not belong" in heard[0]
    assert capsys.readouterr() == ("", "")


def test_a_backup_never_lands_on_the_journals_own_files_or_another_backup(people, db_path, tmp_path, unchanged):
    made = run(db_path, "backup")
    assert made.returncode == 0, made.stderr
    existing = Path(made.stdout.strip())
    link = tmp_path / "link.db"
    link.symlink_to(db_path)
    before = existing.read_bytes()
    with unchanged():
        for target in (db_path, journal_file.log_path(db_path), journal_file.log_path(db_path, "-shm"), link, existing):
            result = run(db_path, "backup", str(target))
            assert result.returncode == 1 and result.stderr.startswith("Error: "), (target, result.stderr)
    assert existing.read_bytes() == before
    assert not journal_file.log_path(db_path).exists() or not journal_file.wal_frames(db_path)
