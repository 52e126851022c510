"""Writing the winners of a merge into the journal, inside the sync's transaction. Never prints.

New and changed rows are checked as an import checks them (`exchange.checks`) and written the way an
import writes them (`exchange.importer.apply_import`: the tables in reference order, new rows in bulk);
deletions follow, the tables in the opposite order. A row that another row still refers to is not
deleted (the deletion would take that row's link with it); a row arriving that refers to one deleted
here brings that one back from the history. What was kept or brought back is said in `notes`.
"""

from __future__ import annotations

import json
import sqlite3
from array import array
from dataclasses import dataclass, field

from mentorlog.data.history import NOUNS
from mentorlog.data.journal import Journal
from mentorlog.domain.text import nocase
from mentorlog.errors import MentorlogError
from mentorlog.exchange.document import TABLES, WRITE_ORDER
from mentorlog.sync.merge import Change, Conflict


@dataclass
class Applied:
    notes: list[str] = field(default_factory=list)
    waiting: set[str] = field(default_factory=set)  # devices whose changes refer to rows not here yet


def noun(table: str) -> str:
    return NOUNS.get(table, (table,))[0]


def apply(journal: Journal, conn: sqlite3.Connection, changes: list[Change]) -> Applied:
    """Write `changes` (one per row, each newer than what the journal holds). When some refer to rows
    that are neither here nor among them, nothing is written and their devices are named in `waiting`."""
    result = Applied()
    upserts = [change for change in changes if change.row is not None]
    if upserts:
        plan = _plan(conn, upserts, result)
        if result.waiting:
            return result
        from mentorlog.exchange.importer import apply_import

        apply_import(journal, plan)
    for table in reversed(WRITE_ORDER):
        for change in (change for change in changes if change.row is None and change.table == table):
            _delete(conn, change, result)
    return result


def _checked(conn: sqlite3.Connection, upserts: list[Change], result: Applied):
    """The rows checked and made ready to store, as an import checks them; names that would clash settled."""
    from mentorlog.exchange.checks import check_document
    from mentorlog.exchange.rows import from_clean

    document: dict[str, list[dict]] = {table: [] for table in TABLES}
    for change in upserts:
        if change.row.get("uid") != change.uid:
            raise MentorlogError(f"a change file from another device has a {noun(change.table)} whose uid does not "
                                 "match its change; nothing was changed")
        document[change.table].append(change.row)  # checked in place: the file's rows are not held twice
    try:
        clean = check_document(document, "a change file from another device")
    except MentorlogError as error:
        raise MentorlogError(str(error).replace("nothing was imported", "nothing was changed")) from None
    _settle_names(conn, clean["mentorships"], result)
    return from_clean(clean)


def _settle_names(conn: sqlite3.Connection, rows: list[dict], result: Applied) -> None:
    """A person is your mentor (or mentee) once: when two devices each added the same name, the mentorship
    with the lower uid keeps it and the other becomes `Name (2)`, the same on every device."""
    final = {uid: (role, name) for uid, role, name in conn.execute("SELECT uid, role, name FROM mentorships")}
    incoming = {row["uid"]: row for row in rows}
    final.update((uid, (row["role"], row["name"])) for uid, row in incoming.items())
    holders: dict[tuple[str, str], list[str]] = {}
    for uid, (role, name) in final.items():
        holders.setdefault((role, nocase(name)), []).append(uid)
    for (role, _), uids in sorted(holders.items()):
        for uid in sorted(uids)[1:]:
            taken = {nocase(name) for other, (same, name) in final.items() if same == role}
            name = final[uid][1]
            number = 2
            while nocase(f"{name} ({number})") in taken:
                number += 1
            renamed = f"{name} ({number})"
            if uid in incoming:
                incoming[uid]["name"] = renamed
            else:
                conn.execute("UPDATE mentorships SET name = ? WHERE uid = ?", [renamed, uid])
            final[uid] = (role, renamed)
            result.notes.append(f"{name} was added as your {role} on two devices: the one added second is now "
                                f"{renamed!r} (rename it with `mentorlog {role} edit`, or keep both)")


def _plan(conn: sqlite3.Connection, upserts: list[Change], result: Applied):
    """An import plan of the rows: which are new, which replace a row here, and every reference resolved."""
    from mentorlog.exchange.importer import ImportPlan

    document = _checked(conn, upserts, result)
    plan = ImportPlan("a change file from another device", document)
    devices = {change.key: change.device for change in upserts}
    for table in WRITE_ORDER:
        rows = document.tables[table]
        existing = _ids(conn, table, rows.uids)
        next_id = (conn.execute(f"SELECT MAX(id) FROM {table}").fetchone()[0] or 0) + 1
        plan.first_id[table] = next_id
        added = array("q", (index for index, uid in enumerate(rows.uids) if uid not in existing))
        plan.added[table] = added
        plan.updated[table] = [(existing[uid], index) for index, uid in enumerate(rows.uids) if uid in existing]
        plan.unchanged[table] = 0
        known = dict(existing)
        known.update((rows.uids[index], row_id) for row_id, index in enumerate(added, next_id))
        outside = document.outside[table] - known.keys()
        found = _ids(conn, table, outside)
        for uid in outside - found.keys():
            row_id = _bring_back(conn, table, uid)
            if row_id is None:
                result.waiting.update(_referring(document, devices, table, uid))
            else:
                found[uid] = row_id
                result.notes.append(f"{noun(table)} #{row_id} was deleted here, but a row from another device "
                                    "refers to it: it is back")
        known.update(found)
        plan.ids[table] = known
    return plan


def _ids(conn: sqlite3.Connection, table: str, uids) -> dict[str, int]:
    if not uids:
        return {}
    rows = conn.execute(f"SELECT uid, id FROM {table} WHERE uid IN (SELECT value FROM json_each(?))",
                        [json.dumps(sorted(uids))])
    return dict(rows.fetchall())


def _referring(document, devices: dict, table: str, uid: str) -> set[str]:
    """The devices of the rows that refer to row `uid` of `table`."""
    found = set()
    for other, fields in TABLES.items():
        slots = [slot for slot, spec in enumerate(fields) if spec.kind == "ref" and spec.table == table]
        rows = document.tables[other]
        for index in range(len(rows)) if slots else ():
            values = rows.values(index)
            if any(values[slot] == uid for slot in slots):
                found.add(devices[(other, rows.uids[index])])
    return found


def _bring_back(conn: sqlite3.Connection, table: str, uid: str) -> int | None:
    """A row deleted here, put back as it was just before its deletion (from the history); its new id."""
    row = conn.execute("SELECT before FROM changes WHERE tbl = ? AND row_uid = ? AND after IS NULL "
                       "ORDER BY id DESC LIMIT 1", [table, uid]).fetchone()
    if row is None:
        return None
    columns = {column[1] for column in conn.execute(f"PRAGMA table_info({table})")}
    values = {key: value for key, value in json.loads(row[0]).items() if key in columns and key != "id"}
    try:
        return conn.execute(f"INSERT INTO {table} ({', '.join(values)}) VALUES ({', '.join('?' for _ in values)})",
                            list(values.values())).lastrowid
    except sqlite3.IntegrityError:
        return None


def _delete(conn: sqlite3.Connection, change: Change, result: Applied) -> None:
    found = conn.execute(f"SELECT id FROM {change.table} WHERE uid = ?", [change.uid]).fetchone()
    if found is None:
        return
    holder = _held_by(conn, change.table, found[0])
    if holder is not None:
        result.notes.append(f"{noun(change.table)} #{found[0]} was deleted on another device, but {holder} here "
                            "still refers to it: it is kept")
        return
    conn.execute(f"DELETE FROM {change.table} WHERE id = ?", [found[0]])


def _held_by(conn: sqlite3.Connection, table: str, row_id: int) -> str | None:
    """A row that refers to this one by a link that a deletion can't simply clear, named."""
    for other in TABLES:
        for link in conn.execute(f"PRAGMA foreign_key_list({other})").fetchall():
            if link[2] == table and link[6] not in ("SET NULL", "CASCADE"):
                hit = conn.execute(f"SELECT id FROM {other} WHERE {link[3]} = ? LIMIT 1", [row_id]).fetchone()
                if hit:
                    return f"{noun(other)} #{hit[0]}"
    return None


def keep_lost(conn: sqlite3.Connection, group_id: int, conflicts: list[Conflict]) -> None:
    """A version from another device that lost, kept in the history: a change of this sync's group from it
    to the row as it is (so `undo` of the sync would bring it back)."""
    ids = _LocalIds(conn)
    for conflict in conflicts:
        lost = conflict.lost
        if lost is None or lost.row is None:
            continue
        cursor = conn.execute(f"SELECT * FROM {lost.table} WHERE uid = ?", [lost.uid])
        current = cursor.fetchone()
        if current is None:
            continue
        now = dict(zip([column[0] for column in cursor.description], current))
        conn.execute("INSERT INTO changes (group_id, tbl, row_uid, before, after) VALUES (?, ?, ?, ?, ?)",
                     [group_id, lost.table, lost.uid, json.dumps(ids.stored(lost.table, lost.row, now["id"])),
                      json.dumps(now)])


class _LocalIds:
    """A travelling row as the journal stores it: uids of references back to this journal's ids."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def stored(self, table: str, row: dict, row_id: int) -> dict:
        out = {"id": row_id}
        for spec in TABLES[table]:
            if spec.name not in row:
                continue
            value = row[spec.name]
            if spec.kind == "ref" and value is not None:
                found = self.conn.execute(f"SELECT id FROM {spec.table} WHERE uid = ?", [value]).fetchone()
                value = found[0] if found else None
            elif spec.kind in ("list", "dict"):
                value = json.dumps(value, ensure_ascii=False)
            out[spec.column] = value
        return out
