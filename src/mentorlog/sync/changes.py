"""Change files: this device's change groups written out as JSON Lines, and other devices' read back.

One file is one sync's worth of one device's groups:

    {"mentorlog_sync": 1, "device": ID, "name": "laptop", "file": 3}       the header
    {"group": UID, "at": …, "command": …, "changes": [{"t": TABLE, "u": ROW_UID, "v": VERSION,
                                                     "b": BASE_VERSION, "row": {…} or null}, …]}
    {"end": 2}                                                              how many groups it holds

Rows travel as a json export holds them (every column but `id`, references as the uid of the row they
point to, lists and objects as JSON), so any journal can take them; `row` null is a deletion. A file
without its end line, or whose end line does not count its groups, is not whole yet. Never prints.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass

from mentorlog.domain import dates
from mentorlog.errors import MentorlogError
from mentorlog.exchange.document import TABLES
from mentorlog.sync.merge import Change, Held, after, valid, version

FILE_FORMAT = 1
SNAPSHOT_SEQ = 0  # the whole-journal state of a first sync: each row at its own updated_at
SNAPSHOT_ROWS = 1000  # rows per line of the first sync's file


@dataclass
class ChangeFile:
    device: str
    name: str
    number: int
    groups: list[dict]

    def changes(self) -> Iterator[Change]:
        for group in self.groups:
            for entry in group["changes"]:
                yield Change(entry["t"], entry["u"], entry["v"], entry["b"], entry["row"], self.device)


def encode(device: str, name: str, number: int, groups: list[str]) -> bytes:
    """A change file: its header, the groups' lines (see `line`), and the end line counting them."""
    header = json.dumps({"mentorlog_sync": FILE_FORMAT, "device": device, "name": name, "file": number})
    return "\n".join([header, *groups, json.dumps({"end": len(groups)}), ""]).encode("utf-8")


def decode(data: bytes, device: str, number: int, where: str) -> ChangeFile | None:
    """The file's groups, or None when it is not whole yet (cut short, or still being copied). A whole file
    that is not a change file of `device` is an error naming it."""
    if not data.endswith(b"\n"):
        return None
    try:
        lines = data.decode("utf-8").splitlines()
        header, *groups, end = [json.loads(line) for line in lines]
    except (UnicodeDecodeError, ValueError):
        return None  # a line cut short: the rest of the file is still to come
    if not isinstance(end, dict) or end.get("end") != len(groups):
        return None
    if not isinstance(header, dict) or header.get("mentorlog_sync") != FILE_FORMAT or header.get("device") != device \
            or header.get("file") != number or not isinstance(header.get("name"), str):
        raise MentorlogError(f"{where} is not a change file of device {device}; nothing was changed")
    for group in groups:
        if not _good_group(group, device):
            raise MentorlogError(f"{where} holds a change group mentorlog can't read; nothing was changed")
    return ChangeFile(device, header["name"], number, groups)


def _good_group(group: object, device: str) -> bool:
    if not isinstance(group, dict) or not isinstance(group.get("changes"), list):
        return False
    for entry in group["changes"]:
        if not (isinstance(entry, dict) and entry.get("t") in TABLES and isinstance(entry.get("u"), str)
                and valid(entry.get("v")) and entry["v"].split("|")[1] == device
                and (entry.get("b") is None or valid(entry["b"])) and "row" in entry
                and (entry["row"] is None or isinstance(entry["row"], dict))):
            return False
    return True


# -- this device's changes ----------------------------------------------------------------------


class Uids:
    """A local row's uid from its id (for references), from the table, or from the history when the row
    has been deleted since."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.known: dict[str, dict[int, str]] = {}

    def load(self, table: str) -> None:
        self.known[table] = dict(self.conn.execute(f"SELECT id, uid FROM {table}").fetchall())

    def __call__(self, table: str, row_id: int | None) -> str | None:
        if row_id is None:
            return None
        found = self.known.setdefault(table, {}).get(row_id)
        if found is None:
            row = self.conn.execute(f"SELECT uid FROM {table} WHERE id = ?", [row_id]).fetchone() or self.conn.execute(
                "SELECT row_uid FROM changes WHERE tbl = ? AND json_extract(coalesce(after, before), '$.id') = ? "
                "ORDER BY id DESC LIMIT 1", [table, row_id]).fetchone()
            found = row[0] if row else None
            self.known[table][row_id] = found
        return found


def travelling(table: str, row: dict, uids: Uids) -> dict:
    """A row as the journal stores it (columns, ids) as it travels (export keys, uids)."""
    out = {}
    for column, name, kind, target in _LAYOUT[table]:
        if column not in row:
            continue
        value = row[column]
        if kind == "ref":
            value = uids(target, value)
        elif kind and isinstance(value, str):
            value = json.loads(value)
        out[name] = value
    return out


# Per table, each field as (column, key, "ref" / "json" / "", the table a reference points into)
_LAYOUT = {table: [(spec.column, spec.name, "ref" if spec.kind == "ref" else "json" if spec.kind in ("list", "dict")
                    else "", spec.table) for spec in fields] for table, fields in TABLES.items()}


class Versions:
    """The version sync holds for each row (table `sync_rows`), read on demand and written back."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.cache: dict[tuple[str, str], Held | None] = {}
        self.changed: dict[tuple[str, str], Held] = {}

    def get(self, key: tuple[str, str]) -> Held | None:
        if key not in self.cache:
            row = self.conn.execute("SELECT version, base FROM sync_rows WHERE tbl = ? AND row_uid = ?", key).fetchone()
            self.cache[key] = Held(row[0], row[1]) if row else None
        return self.cache[key]

    def preload(self, keys: set[tuple[str, str]]) -> dict[tuple[str, str], Held]:
        missing = [key for key in keys if key not in self.cache]
        for key in missing:
            self.cache[key] = None
        for start in range(0, len(missing), 5000):
            piece = json.dumps([list(key) for key in missing[start:start + 5000]])
            for table, uid, found, base in self.conn.execute(
                    "SELECT s.tbl, s.row_uid, s.version, s.base FROM json_each(?) j JOIN sync_rows s "
                    "ON s.tbl = json_extract(j.value, '$[0]') AND s.row_uid = json_extract(j.value, '$[1]')", [piece]):
                self.cache[(table, uid)] = Held(found, base)
        return {key: self.cache[key] for key in keys if self.cache[key] is not None}

    def set(self, key: tuple[str, str], held: Held) -> None:
        self.cache[key] = self.changed[key] = held

    def save(self) -> None:
        self.conn.executemany("INSERT OR REPLACE INTO sync_rows (tbl, row_uid, version, base) VALUES (?, ?, ?, ?)",
                              [(*key, held.version, held.base) for key, held in self.changed.items()])
        self.changed.clear()


def line(group: dict) -> str:
    """One change group as its line of a change file."""
    return json.dumps(group, ensure_ascii=False, separators=(",", ":"))


def snapshot(conn: sqlite3.Connection, device: str, versions: Versions) -> list[str]:
    """The whole journal as change-file lines of up to SNAPSHOT_ROWS rows each: every row at its own
    `updated_at`, and a deletion for every row the history saw deleted (so a deletion made before the
    first sync travels too). Each line is encoded as soon as it is full, so a big journal is held once,
    as text."""
    uids = Uids(conn)
    for table in {spec.table for fields in TABLES.values() for spec in fields if spec.kind == "ref"}:
        uids.load(table)
    lines: list[str] = []
    entries: list[dict] = []
    at = dates.utc_stamp()

    def add(table: str, uid: str, found: str, row: dict | None) -> None:
        entries.append({"t": table, "u": uid, "v": found, "b": None, "row": row})
        versions.set((table, uid), Held(found, None))
        if len(entries) >= SNAPSHOT_ROWS:
            flush()

    def flush() -> None:
        if entries:
            lines.append(line({"group": f"snapshot-{device}-{len(lines) + 1}", "at": at,
                               "command": "sync (the whole journal)", "changes": entries[:]}))
            entries.clear()

    for table in TABLES:
        cursor = conn.execute(f"SELECT * FROM {table} ORDER BY id")
        columns = [column[0] for column in cursor.description]
        for values in cursor:
            row = dict(zip(columns, values))
            add(table, row["uid"], version(row["updated_at"], device, SNAPSHOT_SEQ), travelling(table, row, uids))
    for table, uid, at_deleted, group_id in conn.execute(
            "SELECT c.tbl, c.row_uid, g.at, MAX(g.id) FROM changes c JOIN change_groups g ON g.id = c.group_id "
            "WHERE c.after IS NULL AND g.open = 0 GROUP BY c.tbl, c.row_uid").fetchall():
        if table in TABLES and not conn.execute(f"SELECT 1 FROM {table} WHERE uid = ?", [uid]).fetchone():
            add(table, uid, version(at_deleted, device, group_id), None)
    flush()
    return lines


def own_groups(conn: sqlite3.Connection, device: str, since: int, versions: Versions) -> tuple[list[str], int]:
    """This device's change groups after group `since`, oldest first, each row's last state in each group,
    versioned after the version held for the row; and the newest group's id."""
    uids = Uids(conn)
    out, last = [], since
    groups = conn.execute("SELECT id, uid, at, command FROM change_groups WHERE device = ? AND open = 0 AND id > ? "
                          "ORDER BY id", [device, since]).fetchall()
    for group_id, group_uid, at, command in groups:
        last = group_id
        rows: dict[tuple[str, str], str | None] = {}
        for table, row_uid, state in conn.execute(
                "SELECT tbl, row_uid, after FROM changes WHERE group_id = ? ORDER BY id", [group_id]):
            if table in TABLES:
                rows[(table, row_uid)] = state
        entries = []
        for key, state in rows.items():
            held = versions.get(key)
            base = held.version if held else None
            found = after(at, device, group_id, base)
            row = None if state is None else travelling(key[0], json.loads(state), uids)
            entries.append({"t": key[0], "u": key[1], "v": found, "b": base, "row": row})
            versions.set(key, Held(found, base))
        if entries:
            out.append(line({"group": group_uid, "at": at, "command": command, "changes": entries}))
    if groups:
        last = groups[-1][0]
    return out, last
