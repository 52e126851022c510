"""An encrypted sync place: nothing readable in it (names, notes, table names, file names), a wrong
passphrase is one error line that changes nothing, and the devices still converge."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_sync_folder import Device, assert_converged, rows

pyrage = pytest.importorskip("pyrage")
pytestmark = pytest.mark.slow  # age's passphrase step takes a second or more by design

SECRETS = (b"Ada Lovelace", b"Lovelace", b"secret plan", b"first meeting notes", b"sessions", b"mentorships",
           b"private_notes", b"laptop", b"desktop")


@pytest.fixture(autouse=True)
def no_keyring(monkeypatch):
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    monkeypatch.setenv("MENTORLOG_PASSPHRASE", "correct horse battery staple")


def readable(place: Path) -> list[str]:
    """Every secret found in the place's file names or contents."""
    found = []
    for path in place.rglob("*"):
        name = str(path.relative_to(place)).encode()
        data = path.read_bytes() if path.is_file() else b""
        found += [f"{secret!r} in {path}" for secret in SECRETS if secret in name or secret.lower() in data.lower()]
    return found


@pytest.fixture
def pair(cli, monkeypatch, tmp_path):
    place = tmp_path / "Dropbox" / "mentorlog"
    laptop, desktop = (Device(cli, monkeypatch, tmp_path / name / "journal.db", name) for name in ("laptop", "desktop"))
    laptop.ok("mentor", "add", "Ada Lovelace", "--since", "2026-09-01")
    laptop.ok("session", "add", "--with", "ada", "--on", "2026-11-03", "--notes", "first meeting notes",
              "--private-notes", "secret plan")
    laptop.ok("sync", "init", place, "--encrypt", "--name", "laptop")
    desktop.ok("sync", "init", place, "--name", "desktop")  # joins the place as it is: encrypted
    laptop.sync()
    desktop.sync()
    return laptop, desktop, place


def test_an_encrypted_place_holds_no_plaintext_and_devices_converge(pair):
    laptop, desktop, place = pair
    desktop.ok("win", "add", "Spoke at the meetup", "--with", "ada")
    desktop.sync()
    laptop.sync()
    state = assert_converged(laptop, desktop)
    assert [s["private_notes"] for s in state["sessions"]] == ["secret plan"]
    assert [w["text"] for w in state["wins"]] == ["Spoke at the meetup"]
    assert readable(place) == []
    assert all(path.suffix == ".age" for path in (place / "devices").rglob("*") if path.is_file())
    assert desktop.json("sync", "status", "--json")["encrypted"] is True


def test_a_wrong_passphrase_is_one_error_line_and_changes_nothing(pair, monkeypatch):
    laptop, desktop, place = pair
    laptop.ok("win", "add", "Not yet sent", "--with", "ada")
    files = sorted(path for path in place.rglob("*"))
    before = rows(laptop.path)
    monkeypatch.setenv("MENTORLOG_PASSPHRASE", "wrong")
    result = laptop.fail("sync")
    assert "wrong passphrase" in result.stderr
    assert rows(laptop.path) == before
    assert sorted(path for path in place.rglob("*")) == files
    monkeypatch.delenv("MENTORLOG_PASSPHRASE")
    result = laptop.fail("sync")  # no terminal, no keyring: it says how to give it
    assert "MENTORLOG_PASSPHRASE" in result.stderr


def test_a_plain_place_can_not_be_encrypted_later(cli, monkeypatch, tmp_path, unchanged):
    place = tmp_path / "plain"
    first = Device(cli, monkeypatch, tmp_path / "a" / "journal.db", "a")
    first.ok("win", "add", "Something")
    first.ok("sync", "init", place)
    first.sync()
    lone = Device(cli, monkeypatch, tmp_path / "data" / "journal.db", "lone")
    with unchanged():
        result = lone.fail("sync", "init", place, "--encrypt")
    assert "plain change files" in result.stderr
    lone.fail("sync", "init", tmp_path / "other", "--recipient", "age1nope")


def test_recipients_public_keys_encrypt_and_the_identity_reads(cli, monkeypatch, tmp_path):
    from pyrage import x25519

    identity = x25519.Identity.generate()
    key_file = tmp_path / "key.txt"
    key_file.write_text(f"# my key\n{identity}\n")
    monkeypatch.setenv("MENTORLOG_AGE_IDENTITY", str(key_file))
    monkeypatch.delenv("MENTORLOG_PASSPHRASE")
    place = tmp_path / "place"
    laptop, desktop = (Device(cli, monkeypatch, tmp_path / name / "journal.db", name) for name in ("laptop", "desktop"))
    laptop.ok("mentor", "add", "Ada Lovelace")
    laptop.ok("sync", "init", place, "--encrypt", "--recipient", str(identity.to_public()), "--name", "laptop")
    desktop.ok("sync", "init", place, "--name", "desktop")
    laptop.sync()
    desktop.sync()
    assert_converged(laptop, desktop)
    assert readable(place) == []
    monkeypatch.setenv("MENTORLOG_AGE_IDENTITY", str(x25519.Identity.generate()))
    assert "not one of the sync place's recipients" in desktop.fail("sync").stderr


def test_export_encrypt_holds_no_plaintext_and_age_reads_it_back(cli, monkeypatch, tmp_path):
    from pyrage import passphrase, x25519

    cli.ok("mentor", "add", "Ada Lovelace")
    cli.ok("session", "add", "--with", "ada", "--notes", "first meeting notes", "--private-notes", "secret plan")
    target = tmp_path / "journal.json.age"
    cli.ok("export", "--encrypt", "--output", target)
    data = target.read_bytes()
    assert data.startswith(b"age-encryption.org/v1") and not [s for s in SECRETS[:5] if s in data]
    document = passphrase.decrypt(data, "correct horse battery staple")
    assert b"secret plan" in document and b'"format": "mentorlog"' in document.replace(b'":"', b'": "')
    identity = x25519.Identity.generate()
    piped = cli.ok("export", "--format", "markdown", "--encrypt", "--recipient", str(identity.to_public()))
    assert b"Ada" in pyrage.decrypt(piped.stdout_bytes, [identity])
    cli.fail("export", "--format", "csv", "--encrypt", "--output", tmp_path / "csv")
    cli.fail("export", "--recipient", str(identity.to_public()))
    monkeypatch.delenv("MENTORLOG_PASSPHRASE")
    cli.fail("export", "--encrypt", "--output", tmp_path / "other.age")
    assert not (tmp_path / "other.age").exists()
