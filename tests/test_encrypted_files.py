"""`backup --encrypt` and importing an `export --encrypt`: an encrypted backup holds nothing readable and
leaves no plain copy anywhere, even when it fails; age reads it back as a sound journal; an encrypted
export imports with the right passphrase or key, and a wrong one is one error line that changes nothing."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
from pathlib import Path

import pytest

from conftest import snapshot

pyrage = pytest.importorskip("pyrage")
pytestmark = pytest.mark.slow  # age's passphrase step takes a second or more by design

PASSPHRASE = "correct horse battery staple"
SECRETS = (b"Ada Lovelace", b"Lovelace", b"first meeting notes", b"secret plan", b"sessions", b"mentorships",
           b"SQLite format")


@pytest.fixture(autouse=True)
def passphrase(monkeypatch):
    monkeypatch.setenv("MENTORLOG_PASSPHRASE", PASSPHRASE)
    monkeypatch.delenv("MENTORLOG_AGE_IDENTITY", raising=False)


@pytest.fixture
def journal(cli, db_path):
    cli.ok("mentor", "add", "Ada Lovelace")
    cli.ok("session", "add", "--with", "ada", "--notes", "first meeting notes", "--private-notes", "secret plan")
    return db_path


def readable(data: bytes) -> list[bytes]:
    return [secret for secret in SECRETS if secret.lower() in data.lower()]


def opened(data: bytes, tmp_path: Path, name: str = "restored.db") -> sqlite3.Connection:
    """The decrypted backup as a journal of its own (what `age -d FILE > journal.db` gives)."""
    restored = tmp_path / name
    restored.write_bytes(data)
    conn = sqlite3.connect(restored)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    return conn


def test_encrypted_backup_holds_no_plaintext_and_age_reads_it_back_as_a_sound_journal(cli, journal, tmp_path):
    result = cli.ok("backup", "--encrypt")
    made = Path(result.stdout.strip())
    folder = journal.parent / "backups"
    assert made.parent == folder and made.name.startswith("journal-") and made.name.endswith(".db.age")
    assert "encrypted" in result.stderr and f"age -d {made}" in result.stderr
    data = made.read_bytes()
    assert data.startswith(b"age-encryption.org/v1") and readable(data) == []
    assert os.stat(made).st_mode & 0o777 == 0o600
    assert os.listdir(folder) == [made.name]  # no plain copy, no temporary file, no marker
    conn = opened(pyrage.passphrase.decrypt(data, PASSPHRASE), tmp_path)
    assert conn.execute("SELECT name FROM mentorships").fetchall() == [("Ada Lovelace",)]
    assert conn.execute("SELECT notes, private_notes FROM sessions").fetchall() == [("first meeting notes", "secret plan")]


def test_encrypted_backup_to_recipients_and_to_a_file(cli, journal, tmp_path):
    identity = pyrage.x25519.Identity.generate()
    target = tmp_path / "safe" / "mentorlog.db.age"
    made = cli.ok("backup", "--encrypt", "--recipient", str(identity.to_public()), target)
    assert made.stdout.strip() == str(target) and os.listdir(target.parent) == [target.name]
    data = target.read_bytes()
    assert readable(data) == []
    conn = opened(pyrage.decrypt(data, [identity]), tmp_path)
    assert conn.execute("SELECT COUNT(*) FROM sessions").fetchone() == (1,)
    with pytest.raises(pyrage.DecryptError):
        pyrage.decrypt(data, [pyrage.x25519.Identity.generate()])
    # the same rules as a plain backup: never an existing file, a symlink, or the journal itself
    assert "already exists" in cli.fail("backup", "--encrypt", target).stderr
    assert target.read_bytes() == data
    (tmp_path / "link.db.age").symlink_to(tmp_path / "elsewhere.db.age")
    cli.fail("backup", "--encrypt", tmp_path / "link.db.age")
    assert not (tmp_path / "elsewhere.db.age").exists()
    before = journal.read_bytes()
    assert "the journal itself" in cli.fail("backup", "--encrypt", journal).stderr
    assert journal.read_bytes() == before
    assert sorted(os.listdir(target.parent)) == [target.name]


def test_a_failed_encrypted_backup_leaves_no_copy_plain_or_encrypted(cli, journal, tmp_path, monkeypatch):
    folder, elsewhere = journal.parent / "backups", tmp_path / "usb"
    real_fsync = os.fsync

    def full_disk(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    assert "disk full" in cli.fail("backup", "--encrypt").stderr
    assert os.listdir(folder) == []
    cli.fail("backup", "--encrypt", elsewhere / "journal.db.age")
    assert os.listdir(elsewhere) == []
    monkeypatch.setattr(os, "fsync", real_fsync)

    def interrupted(data, secret):
        raise KeyboardInterrupt

    real_encrypt = pyrage.passphrase.encrypt
    monkeypatch.setattr(pyrage.passphrase, "encrypt", interrupted)  # Ctrl-C while it encrypts
    assert cli("backup", "--encrypt").exit_code != 0
    assert os.listdir(folder) == []
    monkeypatch.setattr(pyrage.passphrase, "encrypt", real_encrypt)
    assert cli.ok("backup", "--encrypt").stdout.strip().endswith(".db.age")  # and it works again


def test_encrypted_backup_user_mistakes_are_one_error_line_and_write_nothing(cli, journal, monkeypatch):
    folder = journal.parent / "backups"
    key = str(pyrage.x25519.Identity.generate().to_public())
    assert "--recipient needs --encrypt" in cli.fail("backup", "--recipient", key).stderr
    cli.fail("backup", "--encrypt", "--recipient", "age1notakey")
    monkeypatch.delenv("MENTORLOG_PASSPHRASE")
    assert "MENTORLOG_PASSPHRASE" in cli.fail("backup", "--encrypt").stderr
    assert not folder.exists() or os.listdir(folder) == []


def test_doctor_stays_healthy_with_an_encrypted_backup_beside_the_plain_ones(cli, journal):
    encrypted = Path(cli.ok("backup", "--encrypt").stdout.strip())
    cli.ok("backup")
    checkup = cli.ok("doctor")
    assert "1 good backup" in checkup.stdout and "can't be restored" not in checkup.stdout
    cli.ok("doctor", "--fix")
    assert encrypted.exists() and cli.ok("doctor").exit_code == 0


def exported_rows(cli) -> dict:
    document = cli.json("export")
    return {table: document[table] for table in ("mentorships", "sessions")}


def test_an_encrypted_export_imports_into_a_fresh_journal(cli, journal, tmp_path, monkeypatch):
    export = tmp_path / "journal.json.age"
    cli.ok("export", "--encrypt", "--output", export)
    rows = exported_rows(cli)
    other = tmp_path / "other" / "journal.db"
    monkeypatch.setenv("MENTORLOG_DB", str(other))
    preview = cli.ok("import", export, "--dry-run")
    assert "would add 1 mentorship, 1 session" in preview.stderr and snapshot(other) == []
    monkeypatch.setenv("MENTORLOG_PASSPHRASE", "wrong horse")
    assert "wrong passphrase" in cli.fail("import", export).stderr
    assert snapshot(other) == []
    monkeypatch.delenv("MENTORLOG_PASSPHRASE")
    assert "MENTORLOG_PASSPHRASE" in cli.fail("import", export).stderr
    monkeypatch.setenv("MENTORLOG_PASSPHRASE", PASSPHRASE)
    counts = json.loads(cli.ok("import", "-", "--json", input=export.read_bytes()).stdout)
    assert counts["added"]["sessions"] == 1 and exported_rows(cli) == rows
    assert "already up to date" in cli.ok("import", export).stderr


def test_an_export_encrypted_to_a_key_imports_with_that_key_only(cli, journal, tmp_path, monkeypatch):
    identity = pyrage.x25519.Identity.generate()
    export = tmp_path / "journal.json.age"
    cli.ok("export", "--encrypt", "--recipient", str(identity.to_public()), "--output", export)
    cli.ok("session", "add", "--with", "ada", "--notes", "a second meeting")
    before = snapshot(journal)
    assert "MENTORLOG_AGE_IDENTITY" in cli.fail("import", export).stderr
    monkeypatch.setenv("MENTORLOG_AGE_IDENTITY", str(pyrage.x25519.Identity.generate()))
    assert "not encrypted to the age identity" in cli.fail("import", export).stderr
    assert snapshot(journal) == before
    key_file = tmp_path / "key.txt"
    key_file.write_text(f"# created: today\n{identity}\n")
    monkeypatch.setenv("MENTORLOG_AGE_IDENTITY", str(key_file))
    assert "already up to date" in cli.ok("import", export, "--dry-run").stderr
    monkeypatch.setenv("MENTORLOG_DB", str(tmp_path / "fresh" / "journal.db"))
    assert "added 1 mentorship, 1 session" in cli.ok("import", export).stderr


def test_help_mentions_encryption(cli):
    backup_help = cli.ok("backup", "--help").stdout
    assert "--encrypt" in backup_help and "--recipient" in backup_help and "age -d" in backup_help
    assert "encrypt" in cli.ok("import", "--help").stdout


def test_a_plain_copy_left_by_a_killed_encrypted_backup_is_found_and_removed(cli, journal):
    """kill -9 while the copy is being encrypted (age's passphrase step takes a while): the plain copy it
    leaves is named by doctor, and removed by `doctor --fix` and by the next encrypted backup."""
    import signal
    import subprocess
    import sys
    import time

    folder = journal.parent / "backups"
    writer = subprocess.Popen([sys.executable, "-m", "mentorlog", "--db", str(journal), "backup", "--encrypt"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    def copied() -> bool:  # the plain copy whole (its writing marker gone), being encrypted
        names = [p.name for p in folder.glob(".*")] if folder.is_dir() else []
        plain = [folder / name for name in names if name.endswith(".plain")]
        try:
            return bool(plain) and plain[0].stat().st_size > 0 and not any(n.endswith(".writing") for n in names)
        except FileNotFoundError:
            return False

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not copied():
        time.sleep(0.002)
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    left = [p for p in folder.iterdir() if p.name.endswith(".plain")]
    assert left and readable(left[0].read_bytes())  # what the kill left: a readable copy

    found = cli("doctor")
    assert found.exit_code == 1 and "a plain copy left by an interrupted encrypted backup" in found.stdout
    cli.ok("doctor", "--fix")
    assert [p for p in folder.iterdir() if p.name.endswith((".plain", ".age"))] == []

    left[0].write_bytes(b"plain journal pages")  # the same leftover again, its writer long gone
    made = Path(cli.ok("backup", "--encrypt").stdout.strip())
    assert sorted(os.listdir(folder)) == [made.name]
