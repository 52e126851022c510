"""Schema upgrades: each one is preceded by a consistent private copy (the last few generations kept, the
oldest pruned), and one that fails part-way rolls back, leaving the journal exactly as it was."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from mentorlog.data import journal as journal_module
from mentorlog.data import migrations as migrations_module
from mentorlog.data.journal import BACKUP_DIR_NAME
from mentorlog.data.migrations import STEP_NAMES, STEPS, migrations

from conftest import applied, snapshot


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def first_release_journal(path: Path) -> None:
    """A journal as the first release wrote it (only m001), with two people and three sessions."""
    from sqlite_utils import Database

    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    db = Database(path)
    migrations().apply(db, stop_before=STEP_NAMES[1])
    stamp = "2026-10-01T09:00:00Z"
    for uid, name, role in (("u-ada", "Ada Lovelace", "mentor"), ("u-sam", "Sam Rivera", "mentee")):
        db.execute("INSERT INTO mentorships (uid, name, role, since, created_at, updated_at) "
                   "VALUES (?, ?, ?, '2026-09-01', ?, ?)", [uid, name, role, stamp, stamp])
    for n, (who, notes) in enumerate([(1, "promotion case"), (2, "first design review"), (1, "brag document")]):
        db.execute("INSERT INTO sessions (uid, mentorship_id, held_at, notes, private_notes, created_at, updated_at) "
                   "VALUES (?, ?, ?, ?, 'mine', ?, ?)", [f"u-s{n}", who, f"2026-10-0{n + 1}T09:00:00", notes, stamp, stamp])
    db.conn.commit()
    db.close()
    path.chmod(0o600)


def schema(path: Path) -> list:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name").fetchall()
    finally:
        conn.close()


@pytest.fixture
def release(monkeypatch):
    """`release(n)`: make this mentorlog know only the first n schema steps, as an older version did."""
    def use(steps: int, replace: dict | None = None) -> None:
        chosen = tuple((replace or {}).get(step.__name__, step) for step in STEPS[:steps])
        monkeypatch.setattr(migrations_module, "STEPS", chosen)
        monkeypatch.setattr(journal_module, "STEPS", chosen)
        monkeypatch.setattr(journal_module, "STEP_NAMES", tuple(step.__name__ for step in chosen))
    return use


# -- a copy before every upgrade -------------------------------------------------------------------


def test_every_upgrade_is_preceded_by_a_copy_and_old_generations_are_pruned(cli, db_path, release, monkeypatch):
    """Four releases in a row, each adding a schema step: each upgrade leaves a copy of the journal as it
    was just before; only the newest generations are kept."""
    monkeypatch.setattr(journal_module, "MIGRATION_BACKUPS_KEPT", 2)
    first_release_journal(db_path)
    folder = db_path.parent / BACKUP_DIR_NAME
    for steps in range(2, len(STEPS) + 1):
        release(steps)
        assert len(cli.json("session", "list", "--json")) == 3 + steps - 2  # upgraded on first use
        assert applied(db_path) == list(STEP_NAMES[:steps])
        # a row this release wrote (written directly: this code reads columns an older schema lacks, m008's)
        conn = sqlite3.connect(db_path)
        with conn:
            conn.execute("INSERT INTO sessions (uid, mentorship_id, held_at, notes, created_at, updated_at) "
                         "VALUES (?, 1, '2026-11-01T09:00:00', ?, '2026-11-01T09:00:00Z', '2026-11-01T09:00:00Z')",
                         [f"u-release-{steps}", f"written by release {steps}"])
        conn.close()
    copies = sorted(folder.iterdir(), key=lambda p: p.stat().st_mtime)
    assert [copy.name.split("-before-")[1].rsplit("-", 1)[0] for copy in copies] == list(STEP_NAMES[-2:])
    assert mode(folder) == 0o700 and all(mode(copy) == 0o600 for copy in copies)
    # each copy is the journal exactly as it was before its upgrade: the older schema and the rows of then
    for copy, steps_then in zip(copies, (len(STEPS) - 2, len(STEPS) - 1)):
        assert applied(copy) == list(STEP_NAMES[:steps_then])
        conn = sqlite3.connect(copy)
        notes = [row[0] for row in conn.execute("SELECT notes FROM sessions ORDER BY id")]
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
        assert notes[-1] == f"written by release {steps_then}" and len(notes) == 3 + steps_then - 1


def test_a_copy_can_be_put_back_in_place_of_the_journal(cli, db_path):
    """Restoring is copying a backup over the journal; the copy is upgraded again on its first use."""
    first_release_journal(db_path)
    cli.ok("session", "add", "--with", "sam", "--notes", "after the upgrade")
    [copy] = (db_path.parent / BACKUP_DIR_NAME).iterdir()
    db_path.write_bytes(copy.read_bytes())
    notes = [s["notes"] for s in cli.json("session", "list", "--json")]
    assert notes == ["brag document", "first design review", "promotion case"]
    assert applied(db_path) == list(STEP_NAMES)


# -- a failed upgrade rolls back -----------------------------------------------------------------------


def half_done_and_broken(db) -> None:
    db.execute("CREATE TABLE half_done (id INTEGER PRIMARY KEY)")
    db.execute("INSERT INTO half_done (id) VALUES (1)")
    db.execute("UPDATE sessions SET notes = 'overwritten by a broken step'")
    raise sqlite3.OperationalError("no such function: made_up")


@pytest.mark.parametrize("broken", STEP_NAMES[1:])
def test_a_failed_upgrade_leaves_the_journal_exactly_as_it_was(cli, db_path, release, broken):
    first_release_journal(db_path)
    rows, tables = snapshot(db_path), schema(db_path)
    release(len(STEPS), replace={broken: half_done_and_broken})
    for args in (("session", "list", "--json"), ("mentor", "add", "Grace Hopper")):
        result = cli.fail(*args)
        assert "made_up" in result.stderr and "run `mentorlog doctor`" in result.stderr
        assert snapshot(db_path) == rows and schema(db_path) == tables
        assert applied(db_path) == [STEP_NAMES[0]]
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    # the next mentorlog, with a working step, upgrades it with every row intact
    release(len(STEPS))
    assert [s["notes"] for s in cli.json("session", "list", "--json")] == [
        "brag document", "first design review", "promotion case"]
    assert applied(db_path) == list(STEP_NAMES)


def test_an_unexpected_failure_in_an_upgrade_rolls_back_too(cli, db_path, release):
    def crashing(db) -> None:
        db.execute("CREATE TABLE half_done (id INTEGER PRIMARY KEY)")
        raise RuntimeError("out of memory, say")

    first_release_journal(db_path)
    rows, tables = snapshot(db_path), schema(db_path)
    release(len(STEPS), replace={STEP_NAMES[-1]: crashing})
    assert "out of memory, say" in cli.fail("status", "--format", "json").stderr
    assert snapshot(db_path) == rows and schema(db_path) == tables
