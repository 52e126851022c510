"""Nothing lost, nothing obeyed: an export never lands on the journal, a backup or (without --force) any
existing file; text from the journal never drives the terminal; unexpected failures are clear errors."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

import pytest

from mentorlog import render, transfer


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree(folder: Path) -> dict[str, str]:
    """Every file under `folder` (symlinks as their target) with its content's digest."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            found[str(path)] = "-> " + os.readlink(path)
        elif path.is_file():
            found[str(path)] = digest(path)
    return found


# -- 2. an export never replaces the journal, a backup, or (without --force) any file ------------------


@pytest.fixture
def backed_up(people, db_path, tmp_path):
    """A journal with a session, and a backup made by `mentorlog backup` in backups/ beside it."""
    people.ok("session", "add", "--with", "ada", "--notes", "kept safe")
    copy = Path(people.ok("backup").stdout.strip())
    assert copy.parent == db_path.parent / "backups"
    return people, copy


def _journal_spellings(db_path: Path, tmp_path: Path, monkeypatch) -> dict[str, Path]:
    """The journal's files as an export target might name them."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "link.db").symlink_to(db_path)
    (tmp_path / "links").mkdir()
    (tmp_path / "links" / "folder").symlink_to(db_path.parent, target_is_directory=True)
    os.link(db_path, tmp_path / "hard.db")
    return {
        "the journal": db_path,
        "a symlink to it": tmp_path / "link.db",
        "a relative path": Path("data") / ".." / "data" / "journal.db",
        "through a symlinked folder": tmp_path / "links" / "folder" / "journal.db",
        "a hard link": tmp_path / "hard.db",
        "its -wal": db_path.with_name("journal.db-wal"),
        "its -shm": db_path.with_name("journal.db-shm"),
        "its -journal": db_path.with_name("journal.db-journal"),
    }


@pytest.mark.parametrize("fmt", ["json", "markdown", "ics"])
@pytest.mark.parametrize("force", [False, True])
def test_an_export_never_lands_on_the_journal(backed_up, db_path, tmp_path, monkeypatch, unchanged, fmt, force):
    cli, _ = backed_up
    for what, target in _journal_spellings(db_path, tmp_path, monkeypatch).items():
        before = tree(tmp_path)
        with unchanged():
            result = cli.fail("export", "--format", fmt, "-o", target, *(["--force"] if force else []))
        assert "journal" in result.stderr and "--force" not in result.stderr, (what, result.stderr)
        assert tree(tmp_path) == before, what
    assert cli.json("session", "list", "--json")[0]["notes"] == "kept safe"


@pytest.mark.parametrize("force", [False, True])
def test_an_export_never_replaces_a_backup(backed_up, tmp_path, monkeypatch, unchanged, force):
    cli, copy = backed_up
    monkeypatch.chdir(copy.parent)
    os.link(copy, tmp_path / "hard-backup.db")
    (tmp_path / "backup-link.db").symlink_to(copy)
    for target in (copy, Path(copy.name), tmp_path / "hard-backup.db", tmp_path / "backup-link.db"):
        for fmt in ("json", "markdown", "ics"):
            before = tree(tmp_path)
            with unchanged():
                result = cli.fail("export", "-f", fmt, "-o", target, *(["--force"] if force else []))
            assert "backup" in result.stderr, result.stderr
            assert tree(tmp_path) == before
    assert transfer.protected_file(copy, tmp_path / "data" / "journal.db") is not None


def test_a_new_file_beside_the_backups_is_fine(backed_up, db_path):
    cli, copy = backed_up
    target = copy.parent / "notes.md"
    cli.ok("export", "-f", "markdown", "-o", target)
    assert target.read_text().startswith("# Growth log")


@pytest.mark.parametrize("fmt", ["json", "markdown", "ics"])
def test_an_existing_file_needs_force(people, tmp_path, unchanged, fmt):
    target = tmp_path / "out" / "export.txt"
    target.parent.mkdir()
    target.write_bytes(b"my own notes, not an export")
    before = tree(tmp_path / "out")
    with unchanged():
        result = people.fail("export", "-f", fmt, "-o", target)
    assert result.stderr == f"Error: {target} exists; add --force to replace it\n"
    assert tree(tmp_path / "out") == before  # the same bytes, and no temporary file left
    people.ok("export", "-f", fmt, "-o", target, "--force")
    assert target.read_bytes() != b"my own notes, not an export"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in target.parent.iterdir()] == ["export.txt"]


def test_a_symlink_to_another_file_needs_force_too(people, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("mine.txt").write_text("mine")
    Path("latest.json").symlink_to("mine.txt")
    Path("dangling.json").symlink_to("nowhere.json")
    for target in ("latest.json", "dangling.json"):
        assert "add --force" in people.fail("export", "-o", target).stderr
    assert Path("mine.txt").read_text() == "mine" and not Path("nowhere.json").exists()


def test_csv_refuses_to_replace_its_files_without_force(people, tmp_path, unchanged):
    folder = tmp_path / "tables"
    people.ok("export", "-f", "csv", "-o", folder)
    (folder / "wins.csv").write_text("edited by hand")
    (folder / "sessions.csv").unlink()
    before = tree(folder)
    with unchanged():
        result = people.fail("export", "-f", "csv", "-o", folder)
    assert "exists; add --force to replace it" in result.stderr
    assert tree(folder) == before  # not one table written, not even the missing one
    people.ok("export", "-f", "csv", "-o", folder, "--force")
    assert (folder / "wins.csv").read_text().startswith("uid,")
    assert (folder / "sessions.csv").exists()


def test_csv_never_lands_on_the_journal(people, db_path, tmp_path, unchanged):
    """A journal that happens to be called like a table, in the folder given to csv."""
    other = tmp_path / "odd" / "wins.csv"
    people.ok("--db", other, "mentor", "add", "Grace")
    before = digest(other)
    result = people.fail("--db", other, "export", "-f", "csv", "-o", other.parent, "--force")
    assert "the journal itself" in result.stderr
    assert digest(other) == before and sorted(p.name for p in other.parent.iterdir() if p.suffix == ".csv") == ["wins.csv"]


def test_a_device_is_written_to_without_force(people, tmp_path):
    if not Path("/dev/null").exists():
        pytest.skip("no /dev/null")
    people.ok("export", "-o", "/dev/null")
    assert Path("/dev/null").is_char_device()


def test_the_temporary_file_is_exclusive_private_and_named_for_doctor(people, tmp_path, monkeypatch):
    """`.{name}.{pid}.tmp` beside the target, created with O_EXCL and 0600; a leftover with our pid
    (from a process long gone) is replaced, and a symlink planted there is never followed."""
    target = tmp_path / "log.md"
    temporary = transfer.temporary_path(target)
    assert temporary.name == f".log.md.{os.getpid()}.tmp"
    match = transfer.TEMPORARY_PATTERN.match(temporary.name)
    assert match and match["name"] == "log.md" and int(match["pid"]) == os.getpid()
    victim = tmp_path / "victim.txt"
    victim.write_text("not to be touched")
    temporary.symlink_to(victim)
    seen = []
    real_open = os.open

    def watching(path, flags, mode=0o777, *args, **kwargs):
        if str(path) == str(temporary):
            seen.append((flags, mode))
        return real_open(path, flags, mode, *args, **kwargs)

    monkeypatch.setattr(os, "open", watching)
    people.ok("export", "-f", "markdown", "-o", target)
    assert seen and all(flags & os.O_EXCL and flags & os.O_CREAT and mode == 0o600 for flags, mode in seen)
    assert victim.read_text() == "not to be touched"
    assert not temporary.exists() and not temporary.is_symlink()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
