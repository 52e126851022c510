"""Sync's state in the journal (migration m009): the settings, the other devices, this device. Never prints.

`sync_settings` keys: `place` (the folder), `kind` (folder or git), `remote` (the git repository),
`device_name`, `encrypt` (none, passphrase or recipients), `recipients` (JSON list of public keys),
`auto` (1: sync after every writing command), `snapshot_sent` (1 once the whole journal went out),
`last_sent` (the newest change group of this device written out), `own_file` (its newest file's
number), `synced_at` (the last sync that finished).
"""

from __future__ import annotations

import socket
import sqlite3
from dataclasses import dataclass

from mentorlog.errors import MentorlogError


def settings(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT key, value FROM sync_settings").fetchall())


def save(conn: sqlite3.Connection, **values) -> None:
    conn.executemany("INSERT OR REPLACE INTO sync_settings (key, value) VALUES (?, ?)",
                     [(key, str(value)) for key, value in values.items() if value is not None])


def device_id(conn: sqlite3.Connection) -> str:
    return conn.execute("SELECT value FROM journal_meta WHERE key = 'device_id'").fetchone()[0]


def default_name() -> str:
    return socket.gethostname().split(".")[0] or "this device"


def configured(conn: sqlite3.Connection) -> dict[str, str]:
    """The settings of a journal that has a sync place, else the user error saying how to get one."""
    found = settings(conn) if _has_tables(conn) else {}
    if "place" not in found:
        raise MentorlogError("this journal has no sync place yet; set one up with `mentorlog sync init PATH` "
                             "(or `mentorlog sync init --git URL`)")
    return found


def _has_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sync_settings'").fetchone() is not None


@dataclass
class Device:
    device: str
    name: str
    last_file: int
    last_change_at: str | None
    applied_at: str | None

    def to_json(self) -> dict:
        return {"device": self.device, "name": self.name, "last_file": self.last_file,
                "last_change_at": self.last_change_at, "applied_at": self.applied_at}


def devices(conn: sqlite3.Connection) -> dict[str, Device]:
    if not _has_tables(conn):
        return {}
    return {row[0]: Device(*row) for row in conn.execute(
        "SELECT device, name, last_file, last_change_at, applied_at FROM sync_devices ORDER BY name, device")}


def record_device(conn: sqlite3.Connection, found: Device) -> None:
    conn.execute("INSERT OR REPLACE INTO sync_devices (device, name, last_file, last_change_at, applied_at) "
                  "VALUES (?, ?, ?, ?, ?)",
                  [found.device, found.name, found.last_file, found.last_change_at, found.applied_at])


def waiting(conn: sqlite3.Connection) -> int:
    """How many of this device's change groups have not been written out yet."""
    found = settings(conn) if _has_tables(conn) else {}
    device = device_id(conn)
    if found.get("snapshot_sent") != "1":
        return conn.execute("SELECT COUNT(*) FROM change_groups WHERE open = 0").fetchone()[0]
    return conn.execute("SELECT COUNT(*) FROM change_groups WHERE device = ? AND open = 0 AND id > ?",
                        [device, int(found.get("last_sent", 0))]).fetchone()[0]
