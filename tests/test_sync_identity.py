"""One device, one journal file: a journal copied to another machine, restored from a backup or copied
before it first synced becomes a device of its own, so every journal still converges and nothing written
by either copy is lost."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from test_sync_folder import Device, assert_converged


def device_id(device: Device) -> str:
    return device.json("sync", "status", "--json")["device"]["id"]


def notes(device: Device) -> set[str]:
    return {session["notes"] for session in device.json("session", "list", "--json")}


def copy_journal(source: Device, target: Device) -> None:
    """A whole copy of the journal file, as `cp` (or a backup) makes: a new file on the other machine."""
    target.path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(source.path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    shutil.copyfile(source.path, target.path)


@pytest.fixture
def pair(cli, monkeypatch, tmp_path, place):
    laptop, desktop = (Device(cli, monkeypatch, tmp_path / name / "journal.db", name) for name in ("laptop", "desktop"))
    laptop.ok("mentor", "add", "Ada Lovelace", "--since", "2026-09-01")
    laptop.ok("session", "add", "--with", "ada", "--on", "2026-11-03", "--notes", "first")
    for device in (laptop, desktop):
        device.ok("sync", "init", place, "--name", device.name)
    for device in (laptop, desktop, laptop):
        device.sync()
    return laptop, desktop


def settle(*devices: Device) -> None:
    for device in (*devices, *devices):
        device.sync()


@pytest.fixture
def copied(pair, cli, monkeypatch, tmp_path):
    """The laptop's journal copied to a new machine, then a session written on each copy."""
    laptop, desktop = pair
    copy = Device(cli, monkeypatch, tmp_path / "new-laptop" / "journal.db", "new-laptop")
    copy_journal(laptop, copy)
    copy.ok("session", "add", "--with", "ada", "--on", "2026-11-12", "--notes", "written on the copy")
    laptop.ok("session", "add", "--with", "ada", "--on", "2026-11-13", "--notes", "written on the original")
    return laptop, desktop, copy


def test_a_journal_copied_to_another_machine_syncs_as_a_device_of_its_own(copied):
    laptop, desktop, copy = copied
    said = copy.sync()
    assert "syncs as a device of its own" in said.stderr
    settle(laptop, desktop, copy)

    assert device_id(copy) != device_id(laptop)
    assert_converged(laptop, desktop, copy)
    for device in (laptop, desktop, copy):
        assert {"written on the copy", "written on the original"} <= notes(device)


def test_the_original_syncing_first_still_loses_nothing_of_either(copied):
    laptop, desktop, copy = copied
    laptop.sync()  # the original goes first: its file is past what the copy wrote
    settle(copy, desktop, laptop)
    assert_converged(laptop, desktop, copy)
    assert {"written on the copy", "written on the original"} <= notes(laptop)


def test_a_journal_put_back_from_an_older_copy_gets_back_what_it_had_sent(pair, tmp_path):
    laptop, desktop = pair
    older = tmp_path / "older.db"
    laptop.ok("backup", older)
    laptop.ok("session", "add", "--with", "ada", "--on", "2026-11-12", "--notes", "sent, then lost")
    laptop.sync()
    laptop.path.with_name("journal.db-wal").unlink(missing_ok=True)
    with open(older, "rb") as source, open(laptop.path, "r+b") as target:  # the same file, its old content back
        target.truncate(0)
        shutil.copyfileobj(source, target)
    assert "sent, then lost" not in notes(laptop)

    said = laptop.sync()
    assert "syncs as a device of its own" in said.stderr
    assert "sent, then lost" in notes(laptop)
    laptop.ok("session", "add", "--with", "ada", "--on", "2026-11-14", "--notes", "after the restore")
    settle(laptop, desktop)
    assert_converged(laptop, desktop)
    assert "after the restore" in notes(desktop)


def test_copies_made_before_the_first_sync_each_join_as_their_own_device(cli, monkeypatch, tmp_path, place):
    laptop, desktop = (Device(cli, monkeypatch, tmp_path / name / "journal.db", name) for name in ("laptop", "desktop"))
    laptop.ok("mentor", "add", "Ada Lovelace", "--since", "2026-09-01")
    copy_journal(laptop, desktop)
    desktop.ok("session", "add", "--with", "ada", "--on", "2026-11-12", "--notes", "desktop only")
    laptop.ok("session", "add", "--with", "ada", "--on", "2026-11-13", "--notes", "laptop only")
    for device in (laptop, desktop):
        device.ok("sync", "init", place, "--name", device.name)
    settle(laptop, desktop)
    assert device_id(laptop) != device_id(desktop)
    assert_converged(laptop, desktop)
    assert {"desktop only", "laptop only"} <= notes(laptop)


def test_what_a_killed_sync_left_in_its_own_folder_is_not_taken_for_a_copy(pair, monkeypatch):
    from mentorlog.sync import identity

    laptop, desktop = pair
    before = device_id(laptop)
    laptop.ok("session", "add", "--with", "ada", "--on", "2026-11-12", "--notes", "sent twice")

    def killed(*args):
        raise KeyboardInterrupt  # after the change file is whole under its name, before the commit

    with monkeypatch.context() as patch:
        patch.setattr(identity, "bind", killed)
        assert laptop.cli("--db", laptop.path, "sync").exit_code != 0

    said = laptop.sync()
    assert "device of its own" not in said.stderr
    assert device_id(laptop) == before
    settle(laptop, desktop)
    assert_converged(laptop, desktop)
    assert [n for n in (s["notes"] for s in desktop.json("session", "list", "--json")) if n == "sent twice"] \
        == ["sent twice"]


@pytest.fixture
def place(tmp_path) -> Path:
    return tmp_path / "Sync" / "mentorlog"
