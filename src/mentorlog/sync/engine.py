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
from mentorlog.sync import changes, identity, place, state
from mentorlog.sync.apply import apply, keep_lost, noun
from mentorlog.sync.changes import ChangeFile, Versions
from mentorlog.sync.merge import Decision, Held, decide

LINES_PER_FILE = 20  # change-file lines per file: the first sync of a big journal is read a file at a time


@dataclass
class Outcome:
    sent_groups: int = 0
    sent_file: str | None = None
    groups_from: dict[str, set[str]] = field(default_factory=dict)  # device name -> the groups applied
    changed_rows: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def received(self) -> dict[str, int]:
        return {name: len(found) for name, found in self.groups_from.items()}

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
        group_id = conn.execute("SELECT MAX(id) FROM change_groups").fetchone()[0]
        root = Path(settings["place"])
        everyone = place.other_devices(root, "")  # first: says so when the place is not reachable
        device, note = identity.own(conn, settings, journal.path, root, lambda path, who: _read(path, who, codec))
        if note:
            outcome.notes.append(note)
        own_folder = place.device_folder(root, device)
        others = [other for other in everyone if other != device]
        own_folder.mkdir(parents=True, exist_ok=True)
        place.clear_leftovers(own_folder)
        versions = Versions(conn)
        outgoing, last_sent, groups = _outgoing(conn, settings, device, group_id, versions)
        sources = _receive(journal, conn, root, others, codec, versions, group_id, outcome)
        versions.save()
        if sources and conn.execute("SELECT 1 FROM changes WHERE group_id = ? LIMIT 1", [group_id]).fetchone():
            conn.execute("UPDATE change_groups SET device = ?, command = ? WHERE id = ?",  # never sent as our own
                         [",".join(sorted(sources)), f"sync from {', '.join(sorted(set(sources.values())))}", group_id])
        number = max([int(settings.get("own_file", 0)), *place.numbered(own_folder)])
        name = settings.get("device_name") or state.default_name()
        for start in range(0, len(outgoing), LINES_PER_FILE):  # a big first sync goes out in several files
            number += 1
            target = own_folder / place.file_name(number, codec.encrypted)
            data = changes.encode(device, name, number, outgoing[start:start + LINES_PER_FILE])
            place.write_whole(target, codec.encrypt(data))
            outcome.sent_groups, outcome.sent_file = groups, target.name
            state.save(conn, own_file=number)
        state.save(conn, last_sent=last_sent, snapshot_sent=1, synced_at=dates.utc_stamp())
        identity.bind(conn, journal.path)
    return outcome


def _outgoing(conn: sqlite3.Connection, settings: dict, device: str, group_id: int, versions: Versions):
    """This device's groups not yet written out (as lines); on the first sync, the whole journal first."""
    lines = []
    since = int(settings.get("last_sent", 0))
    if settings.get("snapshot_sent") != "1":
        lines = changes.snapshot(conn, device, versions)
        since = group_id - 1  # every group before this sync's own is in the snapshot
    own, last = changes.own_groups(conn, device, since, versions)
    return lines + own, max(last, since), len(own) + (1 if lines else 0)


def _receive(journal: Journal, conn: sqlite3.Connection, root: Path, others: list[str], codec, versions: Versions,
             group_id: int, outcome: Outcome) -> dict[str, str]:
    """Every other device's files past the last one applied, a file at a time and in order, each device up
    to its first file not yet whole. A file whose rows refer to rows not here yet waits while the other
    devices' files are applied, then is tried again; still waiting, it waits for the next sync. The
    devices something was applied from, by id, with their names."""
    known = state.devices(conn)
    pending = {}
    for device in others:
        numbered = place.numbered(place.device_folder(root, device))
        number = known[device].last_file if device in known else 0
        pending[device] = []
        while number + 1 in numbered:
            number += 1
            pending[device].append(numbered[number])
    sources: dict[str, str] = {}
    waiting: dict[str, str] = {}
    progress = True
    while progress:
        progress = False
        for device, paths in pending.items():
            while paths:
                read = _read(paths[0], device, codec)
                if read is None:
                    outcome.notes.append(f"{paths[0].name} from another device is not whole yet (still being "
                                         "copied?): it is skipped until it is")
                    paths.clear()
                    break
                if not _apply_file(journal, conn, read, versions, group_id, outcome):
                    waiting[device] = read.name
                    break
                waiting.pop(device, None)
                paths.pop(0)
                progress = True
                sources[device] = read.name
                _record_device(conn, known, read)
    for name in sorted(set(waiting.values())):
        outcome.notes.append(f"changes from {name} refer to rows whose own changes have not arrived yet: "
                             "they wait for the next sync")
    return sources


def _read(path: Path, device: str, codec) -> ChangeFile | None:
    number = int(path.name.split(".")[0])
    try:
        data = codec.decrypt(path.read_bytes(), str(path))
    except FileNotFoundError:
        return None  # renamed away by the sync tool a moment ago
    return None if data is None else changes.decode(data, device, number, str(path))


def _apply_file(journal: Journal, conn: sqlite3.Connection, read: ChangeFile, versions: Versions, group_id: int,
                outcome: Outcome) -> bool:
    """Apply what wins in one file, in a savepoint; False (nothing written) when it must wait."""
    incoming = list(read.changes())
    decision = decide(versions.preload({change.key for change in incoming}), incoming)
    try:
        with journal.write():  # a savepoint: a file that must wait leaves the journal as it was
            applied = apply(journal, conn, decision.apply)
            if applied.waiting:
                raise _Waiting()
            keep_lost(conn, group_id, decision.conflicts)
    except _Waiting:
        return False
    for change in decision.apply:
        versions.set(change.key, Held(change.version, change.base))
    outcome.notes += applied.notes
    outcome.notes += [_conflict_line(conn, conflict, read) for conflict in _named_once(decision)]
    outcome.changed_rows += len(decision.apply)
    whole = {group["group"].rsplit("-", 1)[0] if group["group"].startswith("snapshot-") else group["group"]
             for group in read.groups}  # the first sync's lines are one group
    outcome.groups_from.setdefault(read.name, set()).update(whole)
    return True


class _Waiting(Exception):
    """A file's rows refer to rows that are not here yet."""


def _named_once(decision: Decision):
    seen = set()
    for conflict in decision.conflicts:
        if (conflict.table, conflict.uid) not in seen:
            seen.add((conflict.table, conflict.uid))
            yield conflict


def _conflict_line(conn: sqlite3.Connection, conflict, read: ChangeFile) -> str:
    names = {read.device: read.name}
    names.update((device, found.name) for device, found in state.devices(conn).items())
    device = state.device_id(conn)
    names.setdefault(device, "this device")

    def who(found: str) -> str:
        return "this device" if found.split("|")[1] == device else names.get(found.split("|")[1], "another device")

    row = conn.execute(f"SELECT id FROM {conflict.table} WHERE uid = ?", [conflict.uid]).fetchone()
    which = f"{noun(conflict.table)} #{row[0]}" if row else f"{noun(conflict.table)} {conflict.uid} (now deleted)"
    return (f"{which} was changed on {who(conflict.winner)} and on {who(conflict.lost_version)} between syncs: "
            f"the newer change, from {who(conflict.winner)}, was kept; the other is in `mentorlog history`")


def _record_device(conn: sqlite3.Connection, known: dict[str, state.Device], read: ChangeFile) -> None:
    found = known.get(read.device) or state.Device(read.device, read.name, 0, None, None)
    found.name, found.last_file, found.applied_at = read.name, read.number, dates.utc_stamp()
    if read.groups:
        found.last_change_at = max(filter(None, [found.last_change_at, *(group["at"] for group in read.groups)]))
    known[read.device] = found
    state.record_device(conn, found)
