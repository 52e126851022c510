"""One sync with the place, in one transaction of the journal: this device's new change groups written
out, the other devices' whole files read past the last one applied, merged, and applied. Never prints.

The order makes a kill at any point safe. Everything happens inside the journal's write transaction;
this device's file is written (under a temporary name, then renamed) just before the commit. Killed
before the rename, nothing happened. Killed after it but before the commit, the journal is as it was
and the next sync writes the same groups again, in the next file: the same versions, which every
device takes once (a change read twice is one).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from mentorlog.data.journal import Journal
from mentorlog.domain import dates
from mentorlog.sync import changes, place, state
from mentorlog.sync.apply import apply, keep_lost, noun
from mentorlog.sync.changes import ChangeFile, Versions
from mentorlog.sync.merge import Change, Decision, Held, decide


@dataclass
class Outcome:
    sent_groups: int = 0
    sent_file: str | None = None
    received: dict[str, int] = field(default_factory=dict)  # device name -> change groups applied
    changed_rows: int = 0
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"sent_groups": self.sent_groups, "sent_file": self.sent_file, "received": self.received,
                "changed_rows": self.changed_rows, "notes": self.notes}


class Plain:
    """Change files as they are (a place the person controls)."""

    encrypted = False

    def encrypt(self, data: bytes) -> bytes:
        return data

    def decrypt(self, data: bytes, where: str) -> bytes | None:
        return data


def sync(journal: Journal, codec=None) -> Outcome:
    """Send, receive and merge, all or nothing."""
    codec = codec or Plain()
    outcome = Outcome()
    with journal.write(activity="sync") as conn:
        settings = state.configured(conn)
        device = state.device_id(conn)
        group_id = conn.execute("SELECT MAX(id) FROM change_groups").fetchone()[0]
        root = Path(settings["place"])
        own_folder = place.device_folder(root, device)
        others = place.other_devices(root, device)  # first: says so when the place is not reachable
        own_folder.mkdir(parents=True, exist_ok=True)
        place.clear_leftovers(own_folder)
        versions = Versions(conn)
        outgoing, last_sent = _outgoing(conn, settings, device, group_id, versions)
        files = _incoming(conn, root, others, codec, outcome)
        _merge(journal, conn, files, versions, group_id, outcome)
        versions.save()
        _record_devices(conn, files)
        number = max([int(settings.get("own_file", 0)), *place.numbered(own_folder)]) + 1
        if outgoing:
            data = changes.encode(device, settings.get("device_name") or state.default_name(), number, outgoing)
            target = own_folder / place.file_name(number, codec.encrypted)
            place.write_whole(target, codec.encrypt(data))
            outcome.sent_groups, outcome.sent_file = len(outgoing), target.name
            state.save(conn, own_file=number)
        state.save(conn, last_sent=last_sent, snapshot_sent=1, synced_at=dates.utc_stamp())
    return outcome


def _outgoing(conn: sqlite3.Connection, settings: dict, device: str, group_id: int, versions: Versions):
    """This device's groups not yet written out; on the first sync, the whole journal as one group."""
    groups = []
    since = int(settings.get("last_sent", 0))
    if settings.get("snapshot_sent") != "1":
        whole = changes.snapshot(conn, device, versions)
        groups = [whole] if whole else []
        since = group_id - 1  # every group before this sync's own is in the snapshot
    own, last = changes.own_groups(conn, device, since, versions)
    return groups + own, max(last, since)


def _incoming(conn: sqlite3.Connection, root: Path, others: list[str], codec, outcome: Outcome) -> list[ChangeFile]:
    """Every other device's files past the last one applied, in order, up to the first not yet whole."""
    known = state.devices(conn)
    files = []
    for device in others:
        folder = place.device_folder(root, device)
        numbered = place.numbered(folder)
        number = known[device].last_file if device in known else 0
        while number + 1 in numbered:
            number += 1
            path = numbered[number]
            try:
                data = codec.decrypt(path.read_bytes(), str(path))
            except FileNotFoundError:
                data = None  # renamed away by the sync tool a moment ago
            read = None if data is None else changes.decode(data, device, number, str(path))
            if read is None:
                outcome.notes.append(f"{path.name} from another device is not whole yet (still being copied?): "
                                     "it is skipped until it is")
                break
            files.append(read)
    return files


def _merge(journal: Journal, conn: sqlite3.Connection, files: list[ChangeFile], versions: Versions, group_id: int,
           outcome: Outcome) -> None:
    """Apply what wins; a device whose changes refer to rows not here yet waits for the next sync."""
    while True:
        incoming = [change for read in files for change in read.changes()]
        held = versions.preload({change.key for change in incoming})
        decision = decide(held, incoming)
        try:
            with journal.write():  # a savepoint: a retry starts from the journal as it was
                applied = apply(journal, conn, decision.apply)
                if applied.waiting:
                    raise _Waiting(applied.waiting)
                keep_lost(conn, group_id, decision.conflicts)
            break
        except _Waiting as held_back:
            waiting = held_back.devices
        names = sorted({read.name for read in files if read.device in waiting})
        outcome.notes.append(f"changes from {', '.join(names)} refer to rows whose own changes have not arrived "
                             "yet: they wait for the next sync")
        files[:] = [read for read in files if read.device not in waiting]
    for change in decision.apply:
        versions.set(change.key, _held(change))
    outcome.notes += applied.notes
    outcome.notes += [_conflict_line(conn, conflict, files) for conflict in _named_once(decision)]
    outcome.changed_rows = len(decision.apply)
    for read in files:
        outcome.received[read.name] = outcome.received.get(read.name, 0) + len(read.groups)
    if files and conn.execute("SELECT 1 FROM changes WHERE group_id = ? LIMIT 1", [group_id]).fetchone():
        sources = sorted({read.device for read in files})
        names = sorted({read.name for read in files})
        conn.execute("UPDATE change_groups SET device = ?, command = ? WHERE id = ?",
                     [",".join(sources), f"sync from {', '.join(names)}", group_id])


class _Waiting(Exception):
    def __init__(self, devices: set[str]):
        super().__init__("waiting")
        self.devices = devices


def _held(change: Change) -> Held:
    return Held(change.version, change.base)


def _named_once(decision: Decision):
    seen = set()
    for conflict in decision.conflicts:
        if (conflict.table, conflict.uid) not in seen:
            seen.add((conflict.table, conflict.uid))
            yield conflict


def _conflict_line(conn: sqlite3.Connection, conflict, files: list[ChangeFile]) -> str:
    names = {read.device: read.name for read in files}
    names.update((device, found.name) for device, found in state.devices(conn).items())
    device = state.device_id(conn)
    names.setdefault(device, "this device")

    def who(found: str) -> str:
        return "this device" if found.split("|")[1] == device else names.get(found.split("|")[1], "another device")

    row = conn.execute(f"SELECT id FROM {conflict.table} WHERE uid = ?", [conflict.uid]).fetchone()
    which = f"{noun(conflict.table)} #{row[0]}" if row else f"{noun(conflict.table)} {conflict.uid} (now deleted)"
    return (f"{which} was changed on {who(conflict.winner)} and on {who(conflict.lost_version)} between syncs: "
            f"the newer change, from {who(conflict.winner)}, was kept; the other is in `mentorlog history`")


def _record_devices(conn: sqlite3.Connection, files: list[ChangeFile]) -> None:
    known = state.devices(conn)
    now = dates.utc_stamp()
    for read in files:
        found = known.get(read.device) or state.Device(read.device, read.name, 0, None, None)
        found.name, found.last_file, found.applied_at = read.name, read.number, now
        if read.groups:
            found.last_change_at = max(filter(None, [found.last_change_at, *(group["at"] for group in read.groups)]))
        known[read.device] = found
        state.record_device(conn, found)
