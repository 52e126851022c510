"""Sync through git: three journals and one local bare repository (no network) converge, row for row."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from test_sync_folder import Device, assert_converged, rows

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(*args: str, cwd: Path | None = None) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


@pytest.fixture
def bare(tmp_path) -> Path:
    repository = tmp_path / "remote" / "journal.git"
    repository.mkdir(parents=True)
    git("init", "--quiet", "--bare", str(repository))
    return repository


@pytest.fixture
def trio(cli, monkeypatch, tmp_path, bare):
    devices = [Device(cli, monkeypatch, tmp_path / name / "journal.db", name) for name in ("laptop", "desktop", "phone")]
    laptop = devices[0]
    laptop.ok("mentor", "add", "Ada Lovelace", "--since", "2026-09-01")
    laptop.ok("session", "add", "--with", "ada", "--on", "2026-11-03", "--notes", "first", "--private-notes", "secret plan")
    laptop.ok("sync", "init", "--git", bare, "--name", "laptop")
    laptop.sync()
    for device in devices[1:]:
        device.ok("sync", "init", "--git", bare, "--name", device.name)
        device.sync()
    return devices


def test_devices_converge_through_a_bare_repository(trio, bare):
    laptop, desktop, phone = trio
    assert_converged(*trio)
    clone = laptop.path.parent / "journal-sync"
    assert (clone / ".git").is_dir()
    desktop.ok("session", "add", "--with", "ada", "--on", "2026-11-10", "--notes", "second")
    phone.ok("win", "add", "Shipped", "--with", "ada")
    laptop.ok("session", "edit", str(laptop.session_id("first")), "--rating", "5")
    for device in (*trio, *trio):
        device.sync()
    state = assert_converged(*trio)
    assert sorted(s["notes"] for s in state["sessions"]) == ["first", "second"]
    assert [w["text"] for w in state["wins"]] == ["Shipped"]
    log = git("--git-dir", str(bare), "log", "--format=%s", "--all")
    assert "mentorlog: changes from device" in log


def test_same_row_and_edit_against_delete_through_git(trio):
    laptop, desktop, phone = trio
    laptop.now, desktop.now, phone.now = "2026-11-20T11:00:00", "2026-11-20T13:00:00", "2026-11-20T08:00:00"
    laptop.ok("session", "edit", str(laptop.session_id("first")), "--rating", "2")
    desktop.ok("session", "edit", str(desktop.session_id("first")), "--rating", "4")
    phone.ok("session", "delete", str(phone.session_id("first")), "--yes")  # the oldest change: it loses
    for device in (*trio, *trio):
        device.sync()
    state = assert_converged(*trio)
    assert [s["rating"] for s in state["sessions"]] == [4]


def test_offline_still_merges_what_is_here_and_says_so(trio, bare):
    laptop, desktop, phone = trio
    laptop.ok("win", "add", "Offline win", "--with", "ada")
    moved = bare.with_name("elsewhere.git")
    bare.rename(moved)
    told = laptop.sync()
    assert "Offline" in told.stderr
    bare.parent.joinpath(moved.name).rename(bare)
    laptop.sync()
    desktop.sync()
    assert [w["text"] for w in rows(desktop.path)["wins"]] == ["Offline win"]


def test_the_same_sync_twice_changes_nothing_and_commits_nothing(trio, bare):
    laptop = trio[0]
    before = git("--git-dir", str(bare), "rev-list", "--all", "--count")
    state = rows(laptop.path)
    laptop.sync()
    laptop.sync()
    assert git("--git-dir", str(bare), "rev-list", "--all", "--count") == before
    assert rows(laptop.path) == state


def test_a_repository_that_does_not_exist_is_one_error_line(cli, monkeypatch, tmp_path, unchanged):
    lone = Device(cli, monkeypatch, tmp_path / "data" / "journal.db", "lone")
    with unchanged():
        result = lone.fail("sync", "init", "--git", tmp_path / "no-such-repository")
    assert "can't clone" in result.stderr
    lone.fail("sync", "init", tmp_path / "folder", "--git", tmp_path / "repo")


def test_two_devices_set_up_on_an_empty_repository_before_either_syncs(cli, monkeypatch, tmp_path, bare):
    laptop, desktop = (Device(cli, monkeypatch, tmp_path / name / "journal.db", name) for name in ("laptop", "desktop"))
    laptop.ok("mentor", "add", "Ada Lovelace")
    desktop.ok("mentor", "add", "Grace Hopper")
    laptop.ok("sync", "init", "--git", bare, "--name", "laptop")
    desktop.ok("sync", "init", "--git", bare, "--name", "desktop")
    for device in (laptop, desktop, laptop):
        device.sync()
    state = assert_converged(laptop, desktop)
    assert sorted(m["name"] for m in state["mentorships"]) == ["Ada Lovelace", "Grace Hopper"]
