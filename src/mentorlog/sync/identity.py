"""One device, one journal file: a journal that was copied, restored or moved becomes a device of its own
before it writes a change file. Never prints.

Two journals with one device id would write the same device's folder, and neither would ever read what
the other wrote there. So each sync first checks that this journal is the one the id belongs to:

- the journal file is the one that last synced (its inode, noted in `sync_settings.journal_file` after each
  sync): `cp` to another machine or a restore from a backup makes a new file;
- nothing in this device's folder is past the last file this journal wrote, other than what a killed
  sync of its own left there (files whose change groups this journal holds): the original journal
  synced after the copy was made, or this journal was put back from an older copy.

When either fails, the journal takes a new device id and keeps the old device as another one, applied up
to the last file it wrote itself: what the other journal wrote since then is read and merged like any other
device's changes, and this journal's changes since its last sync go out under the new id.
"""

from __future__ import annotations

import json
import os
import sqlite3
import uuid
from collections.abc import Callable
from pathlib import Path

from mentorlog.sync import place, state


def file_key(journal_path: Path) -> str:
    """What tells this journal file from a copy of it: its inode (a copy or a restore is a new file)."""
    return str(os.stat(journal_path).st_ino)


def renew(conn: sqlite3.Connection) -> str:
    """A new device id for this journal (its change groups from now on carry it)."""
    new = uuid.uuid4().hex
    conn.execute("UPDATE journal_meta SET value = ? WHERE key = 'device_id'", [new])
    return new


def bind(conn: sqlite3.Connection, journal_path: Path) -> None:
    state.save(conn, journal_file=file_key(journal_path))


def own(conn: sqlite3.Connection, settings: dict, journal_path: Path, root: Path,
        read: Callable[[Path, str], object]) -> tuple[str, str | None]:
    """This journal's device id, made new when the journal is not the one the id belongs to; and the
    note that says so (None when nothing changed). `read(path, device)` reads a change file (None when
    it is not whole)."""
    device = state.device_id(conn)
    bound = settings.get("journal_file")
    copied = bound is not None and bound != file_key(journal_path)
    if not copied and not _foreign_files(conn, settings, place.device_folder(root, device), device, read):
        return device, None
    new = renew(conn)
    last_sent = int(settings.get("last_sent", 0))
    conn.execute("UPDATE change_groups SET device = ? WHERE device = ? AND id > ?", [new, device, last_sent])
    name = settings.get("device_name") or state.default_name()
    last = settings.get("synced_at")  # what it wrote as that device, it has: applied up to its last file
    state.record_device(conn, state.Device(device, name, int(settings.get("own_file", 0)), last, last))
    state.save(conn, own_file=0)
    settings["own_file"] = "0"
    why = "is a copy of another journal, or was restored or moved" if copied else \
        "is behind what its device already wrote to the sync place (a copy, or restored from a backup)"
    return new, (f"This journal {why}: from now on it syncs as a device of its own, and takes what the "
                 "other copy wrote since like any other device's changes.")


def _foreign_files(conn: sqlite3.Connection, settings: dict, folder: Path, device: str,
                   read: Callable[[Path, str], object]) -> bool:
    """Files in this device's folder past the last one this journal wrote, holding change groups this
    journal does not have (a killed sync of its own leaves only groups it has)."""
    written = int(settings.get("own_file", 0))
    for number, path in sorted(place.numbered(folder).items()):
        if number <= written:
            continue
        found = read(path, device)
        if found is None:
            continue
        uids = [group["group"] for group in found.groups if not group["group"].startswith("snapshot-")]
        known = {row[0] for row in conn.execute(
            "SELECT uid FROM change_groups WHERE uid IN (SELECT value FROM json_each(?))", [json.dumps(uids)])}
        if set(uids) - known:
            return True
    return False

