"""Sync through a folder: three journals (three devices) and one sync place converge, row for row."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from mentorlog.exchange.document import TABLES


class Device:
    """One journal on its own machine: its own file, its own clock (`MENTORLOG_NOW`)."""

    def __init__(self, cli, monkeypatch, path: Path, name: str, now: str = "2026-11-20T10:00:00"):
        self.cli, self.monkeypatch, self.path, self.name, self.now = cli, monkeypatch, path, name, now

    def _clock(self):
        self.monkeypatch.setenv("MENTORLOG_NOW", self.now)

    def ok(self, *args):
        self._clock()
        return self.cli.ok("--db", self.path, *args)

    def json(self, *args):
        return json.loads(self.ok(*args).stdout)

    def fail(self, *args):
        self._clock()
        return self.cli.fail("--db", self.path, *args)

    def sync(self):
        return self.ok("sync")

    def session_id(self, notes: str) -> int:
        return next(s["id"] for s in self.json("session", "list", "--json") if s["notes"] == notes)


def rows(path: Path) -> dict[str, list[dict]]:
    """Every table's rows as a device-independent value: ids dropped, references as the uid they point to."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    out = {}
    for table, fields in TABLES.items():
        found = []
        for row in conn.execute(f"SELECT * FROM {table}"):
            data = dict(row)
            data.pop("id")
            for spec in (spec for spec in fields if spec.kind == "ref"):
                ref = data.pop(spec.column)
                data[spec.name] = None if ref is None else conn.execute(
                    f"SELECT uid FROM {spec.table} WHERE id = ?", [ref]).fetchone()[0]
            found.append(data)
        out[table] = sorted(found, key=lambda item: item["uid"])
    conn.close()
    return out


def assert_converged(*devices: Device) -> dict:
    first = rows(devices[0].path)
    for other in devices[1:]:
        theirs = rows(other.path)
        for table in TABLES:
            assert theirs[table] == first[table], f"{table} differs between {devices[0].name} and {other.name}"
    return first


@pytest.fixture
def place(tmp_path) -> Path:
    return tmp_path / "Sync" / "mentorlog"


@pytest.fixture
def trio(cli, monkeypatch, tmp_path, place):
    devices = [Device(cli, monkeypatch, tmp_path / name / "journal.db", name) for name in ("laptop", "desktop", "phone")]
    laptop = devices[0]
    laptop.ok("mentor", "add", "Ada Lovelace", "--since", "2026-09-01")
    laptop.ok("session", "add", "--with", "ada", "--on", "2026-11-03", "--notes", "first", "--private-notes", "secret plan")
    for device in devices:
        device.ok("sync", "init", place, "--name", device.name)
    for device in (*devices, laptop):
        device.sync()
    return devices


def test_a_second_device_receives_the_whole_journal(trio):
    laptop, desktop, phone = trio
    state = assert_converged(*trio)
    assert [m["name"] for m in state["mentorships"]] == ["Ada Lovelace"]
    assert [s["private_notes"] for s in state["sessions"]] == ["secret plan"]


def test_edits_adds_and_deletes_converge(trio):
    laptop, desktop, phone = trio
    desktop.ok("session", "add", "--with", "ada", "--on", "2026-11-10", "--notes", "second")
    phone.ok("goal", "add", "Give a talk", "--with", "ada")
    laptop.ok("session", "edit", str(laptop.session_id("first")), "--rating", "4")
    for device in (*trio, *trio):
        device.sync()
    state = assert_converged(*trio)
    assert sorted(s["notes"] for s in state["sessions"]) == ["first", "second"]
    assert [s["rating"] for s in state["sessions"] if s["notes"] == "first"] == [4]
    phone.ok("session", "delete", str(phone.session_id("second")), "--yes")
    for device in (*trio, *trio):
        device.sync()
    state = assert_converged(*trio)
    assert [s["notes"] for s in state["sessions"]] == ["first"]


def test_the_same_row_edited_on_two_devices_keeps_the_newer_and_names_the_row(trio, monkeypatch):
    laptop, desktop, phone = trio
    laptop.now, desktop.now = "2026-11-20T11:00:00", "2026-11-20T12:00:00"
    laptop.ok("session", "edit", str(laptop.session_id("first")), "--rating", "2")
    desktop.ok("session", "edit", str(desktop.session_id("first")), "--rating", "5")
    laptop.sync()
    told = desktop.sync()
    assert "session #1 was changed on this device and on laptop" in told.stderr
    told = laptop.sync()
    assert "session #1 was changed on desktop and on this device" in told.stderr
    phone.sync()
    state = assert_converged(*trio)
    assert [s["rating"] for s in state["sessions"]] == [5]
    history = laptop.json("history", "--json")
    assert history[0]["command"].startswith("sync from")
    conn = sqlite3.connect(laptop.path)  # the losing version (rating 2) is kept in the history
    lost = [json.loads(before)["rating"] for (before,) in conn.execute(
        "SELECT before FROM changes WHERE tbl = 'sessions' AND before IS NOT NULL")]
    conn.close()
    assert 2 in lost


def test_edit_against_delete_the_newer_wins(trio):
    laptop, desktop, phone = trio
    desktop.ok("session", "add", "--with", "ada", "--on", "2026-11-10", "--notes", "second")
    for device in (*trio, *trio):
        device.sync()
    # an older edit loses to a newer deletion
    laptop.now, phone.now = "2026-11-20T11:00:00", "2026-11-20T12:00:00"
    laptop.ok("session", "edit", str(laptop.session_id("second")), "--rating", "3")
    phone.ok("session", "delete", str(phone.session_id("second")), "--yes")
    for device in (*trio, *trio):
        device.sync()
    assert [s["notes"] for s in assert_converged(*trio)["sessions"]] == ["first"]
    # a newer edit wins over an older deletion
    desktop.ok("session", "add", "--with", "ada", "--on", "2026-11-12", "--notes", "third")
    for device in (*trio, *trio):
        device.sync()
    laptop.now, phone.now = "2026-11-20T14:00:00", "2026-11-20T13:00:00"
    laptop.ok("session", "edit", str(laptop.session_id("third")), "--rating", "1")
    phone.ok("session", "delete", str(phone.session_id("third")), "--yes")
    for device in (phone, desktop, laptop, phone, desktop):
        device.sync()
    state = assert_converged(*trio)
    assert [s["rating"] for s in state["sessions"] if s["notes"] == "third"] == [1]


def test_clocks_skewed_by_hours_still_converge_and_a_later_edit_wins_over_what_it_saw(trio):
    laptop, desktop, phone = trio
    laptop.now, desktop.now, phone.now = "2026-11-20T18:00:00", "2026-11-20T09:00:00", "2026-11-20T03:00:00"
    laptop.ok("session", "edit", str(laptop.session_id("first")), "--rating", "3")
    laptop.sync()
    desktop.sync()
    # the desktop's clock is nine hours behind, but it edits after seeing the laptop's edit: its edit wins
    desktop.ok("session", "edit", str(desktop.session_id("first")), "--rating", "4")
    phone.ok("win", "add", "Shipped it", "--with", "ada")
    for device in (desktop, phone, laptop, desktop, phone):
        device.sync()
    state = assert_converged(*trio)
    assert [s["rating"] for s in state["sessions"]] == [4]
    assert [w["text"] for w in state["wins"]] == ["Shipped it"]


def test_the_same_sync_twice_changes_nothing(trio):
    laptop, desktop, phone = trio
    desktop.ok("action", "add", "Read the paper", "--with", "ada")
    for device in (*trio, *trio):
        device.sync()
    before = [rows(device.path) for device in trio]
    files = sorted(p.name for p in Path(laptop.json("sync", "status", "--json")["place"]).rglob("*"))
    for device in (*trio, *trio):
        told = device.sync()
        assert "nothing to send" in told.stderr and "nothing new" in told.stderr
    assert [rows(device.path) for device in trio] == before
    assert sorted(p.name for p in Path(laptop.json("sync", "status", "--json")["place"]).rglob("*")) == files


def test_applied_changes_are_not_sent_again_as_this_devices_own(trio, place):
    laptop, desktop, phone = trio
    own = {device.name: device.json("sync", "status", "--json")["device"]["id"] for device in trio}
    desktop_files = sorted((place / "devices" / own["desktop"]).iterdir())
    phone_files = sorted((place / "devices" / own["phone"]).iterdir())
    assert desktop_files == [] and phone_files == []  # they received the laptop's journal and had none of their own


def test_a_cut_short_change_file_is_skipped_until_whole(trio, place):
    laptop, desktop, phone = trio
    laptop.ok("win", "add", "Promoted", "--with", "ada")
    laptop.sync()
    own = laptop.json("sync", "status", "--json")["device"]["id"]
    newest = max((place / "devices" / own).iterdir())
    whole = newest.read_bytes()
    for cut in (whole[:-1], whole[: len(whole) // 2], whole[: whole.rindex(b'{"end"')]):
        newest.write_bytes(cut)
        told = desktop.sync()
        assert "is not whole yet" in told.stderr
        assert rows(desktop.path)["wins"] == []
    newest.with_name(".syncthing." + newest.name + ".tmp").write_bytes(whole[:10])  # a sync tool's temporary name
    newest.write_bytes(whole)
    desktop.sync()
    assert [w["text"] for w in rows(desktop.path)["wins"]] == ["Promoted"]


def test_private_notes_travel_and_stay_private_in_shared_output(trio):
    laptop, desktop, phone = trio
    session = desktop.session_id("first")
    assert desktop.json("session", "show", str(session), "--json")["private_notes"] == "secret plan"
    summary = desktop.ok("session", "show", str(session), "--format", "markdown").stdout
    assert "first" in summary and "secret plan" not in summary
    exported = desktop.ok("export", "--format", "markdown").stdout
    assert "secret plan" not in exported


def test_sync_before_init_and_a_bad_place_are_one_error_line(cli, tmp_path, monkeypatch, unchanged):
    lone = Device(cli, monkeypatch, tmp_path / "data" / "journal.db", "lone")
    result = lone.fail("sync")
    assert "sync init" in result.stderr
    lone.fail("sync", "status")
    (tmp_path / "afile").write_text("x")
    with unchanged():
        lone.fail("sync", "init", tmp_path / "afile")
        lone.fail("sync", "init")
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine")
    lone.fail("sync", "init", busy)


def test_a_place_that_went_away_is_one_error_line_and_changes_nothing(trio, place, unchanged):
    laptop = trio[0]
    laptop.ok("win", "add", "Promoted", "--with", "ada")
    place.rename(place.with_name("gone"))
    before = rows(laptop.path)
    result = laptop.fail("sync")
    assert "not reachable" in result.stderr
    assert rows(laptop.path) == before


def test_auto_syncs_in_the_background_after_a_writing_command(cli, monkeypatch, tmp_path, place):
    import time

    laptop, desktop = (Device(cli, monkeypatch, tmp_path / name / "journal.db", name) for name in ("laptop", "desktop"))
    laptop.ok("mentor", "add", "Ada Lovelace")
    laptop.ok("sync", "init", place, "--auto", "--name", "laptop")
    desktop.ok("sync", "init", place, "--name", "desktop")
    assert laptop.json("sync", "status", "--json")["auto"] is True
    laptop.ok("win", "add", "Synced by itself", "--with", "ada")  # no `sync` typed on the laptop
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        desktop.sync()
        if rows(desktop.path)["wins"]:
            break
        time.sleep(0.5)
    assert [w["text"] for w in rows(desktop.path)["wins"]] == ["Synced by itself"]
    assert desktop.json("sync", "status", "--json")["auto"] is False


def test_the_same_person_added_on_two_devices_is_kept_twice_under_two_names(cli, monkeypatch, tmp_path, place):
    laptop, desktop = (Device(cli, monkeypatch, tmp_path / name / "journal.db", name) for name in ("laptop", "desktop"))
    for device in (laptop, desktop):
        device.ok("sync", "init", place, "--name", device.name)
        device.ok("mentor", "add", "Grace Hopper")
        device.ok("session", "add", "--with", "grace", "--notes", f"met on the {device.name}")
    laptop.sync()
    told = desktop.sync()
    assert "Grace Hopper was added as your mentor on two devices" in told.stderr
    laptop.sync()
    state = assert_converged(laptop, desktop)
    assert sorted(m["name"] for m in state["mentorships"]) == ["Grace Hopper", "Grace Hopper (2)"]
    assert len(state["sessions"]) == 2


def test_a_big_first_sync_goes_out_in_several_files_read_one_at_a_time(cli, monkeypatch, tmp_path, place):
    from mentorlog.sync import changes, engine

    monkeypatch.setattr(changes, "SNAPSHOT_ROWS", 2)
    monkeypatch.setattr(engine, "LINES_PER_FILE", 2)
    laptop, desktop = (Device(cli, monkeypatch, tmp_path / name / "journal.db", name) for name in ("laptop", "desktop"))
    laptop.ok("mentor", "add", "Ada Lovelace")
    for n in range(6):
        laptop.ok("session", "add", "--with", "ada", "--notes", f"session {n}")
    for device in (laptop, desktop):
        device.ok("sync", "init", place, "--name", device.name)
    told = laptop.sync()
    assert "sent 1 change group" in told.stderr
    own = laptop.json("sync", "status", "--json")["device"]["id"]
    assert len(list((place / "devices" / own).iterdir())) == 2  # 7 rows: 4 lines of 2, 2 lines a file
    told = desktop.sync()
    assert "received 1 from laptop" in told.stderr
    assert_converged(laptop, desktop)
    assert desktop.json("sync", "status", "--json")["devices"][0]["last_file"] == 2


def test_changes_referring_to_rows_not_arrived_yet_wait_for_them(trio, place):
    laptop, desktop, phone = trio
    desktop.ok("goal", "add", "Write a book", "--with", "ada")
    desktop.sync()
    phone.sync()
    goal = next(g["id"] for g in phone.json("goal", "list", "--json"))
    phone.ok("action", "add", "Outline chapter one", "--with", "ada", "--goal", str(goal))
    phone.sync()
    ids = {device.name: device.json("sync", "status", "--json")["device"]["id"] for device in trio}
    hidden = place / "devices" / ids["desktop"]
    hidden.rename(place / "elsewhere")  # the desktop's files have not reached the laptop yet
    (place / "devices" / ids["desktop"]).mkdir()
    told = laptop.sync()
    assert "changes from phone refer to rows whose own changes have not arrived yet" in told.stderr
    assert rows(laptop.path)["actions"] == []
    (place / "devices" / ids["desktop"]).rmdir()
    (place / "elsewhere").rename(hidden)
    laptop.sync()
    desktop.sync()
    state = assert_converged(laptop, desktop, phone)
    assert [a["text"] for a in state["actions"]] == ["Outline chapter one"]
