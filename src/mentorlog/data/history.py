"""The change history: every command that writes is one change group; `undo` reverts the newest.

Triggers (migration m007) record each row a command adds, changes or deletes, before and after, in
the group that `Journal.write` opens; this module opens and closes groups, reads them, and undoes one.
Never prints.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from mentorlog.domain.records import record, value

from mentorlog.data.journal import new_uid
from mentorlog.domain import dates
from mentorlog.errors import MentorlogError

NOUNS = {  # how a person names one row of each table
    "mentorships": ("mentorship", "mentorships"), "sessions": ("session", "sessions"), "goals": ("goal", "goals"),
    "milestones": ("milestone", "milestones"), "goal_updates": ("progress update", "progress updates"),
    "actions": ("action", "actions"), "wins": ("win", "wins"), "reviews": ("review", "reviews"),
    "topics": ("topic", "topics"),
    "prospects": ("prospect", "prospects"), "measures": ("measure value", "measure values"),
}  # fmt: skip


@record
class Group:
    id: int
    uid: str
    at: str
    command: str
    device: str
    undoes: int | None
    counts: dict[str, dict[str, int]] = value(factory=dict)  # table -> added / changed / removed

    @property
    def summary(self) -> str:
        """`+1 session, +2 actions, ~1 goal, -1 win`."""
        parts = []
        for sign, kind in (("+", "added"), ("~", "changed"), ("-", "removed")):
            for table, counted in self.counts.items():
                if counted.get(kind):
                    one, many = NOUNS.get(table, (table, table))
                    parts.append(f"{sign}{counted[kind]} {one if counted[kind] == 1 else many}")
        return ", ".join(parts) or "no rows"

    def to_json(self) -> dict:
        return {"id": self.id, "uid": self.uid, "at": self.at, "command": self.command, "device": self.device,
                "undoes": self.undoes, "changes": self.counts}


# -- recording (called by Journal.write) ----------------------------------------------------------


def open_group(conn: sqlite3.Connection, command: str) -> None:
    """Start this transaction's group: the triggers record into the newest open one."""
    device = conn.execute("SELECT value FROM journal_meta WHERE key = 'device_id'").fetchone()[0]
    conn.execute("INSERT INTO change_groups (uid, at, command, device, open) VALUES (?, ?, ?, ?, 1)",
                 [new_uid(), dates.utc_stamp(), command or "mentorlog", device])


def close_group(conn: sqlite3.Connection) -> None:
    """Seal the group, or drop it when the command changed no row."""
    group_id = conn.execute("SELECT MAX(id) FROM change_groups").fetchone()[0]
    if conn.execute("SELECT 1 FROM changes WHERE group_id = ? LIMIT 1", [group_id]).fetchone():
        conn.execute("UPDATE change_groups SET open = 0 WHERE id = ?", [group_id])
    else:
        conn.execute("DELETE FROM change_groups WHERE id = ?", [group_id])


# -- reading --------------------------------------------------------------------------------------


def groups(conn: sqlite3.Connection, limit: int = 20) -> list[Group]:
    """The newest groups first, each with what it added, changed and removed per table."""
    ids = [row[0] for row in conn.execute("SELECT id FROM change_groups WHERE open = 0 ORDER BY id DESC LIMIT ?",
                                          [limit])]
    return _load(conn, ids)


def next_to_undo(conn: sqlite3.Connection) -> Group | None:
    """The newest group that no later group has undone (an undo itself can be undone: that is redo)."""
    row = conn.execute(
        "SELECT id FROM change_groups g WHERE open = 0 AND NOT EXISTS "
        "(SELECT 1 FROM change_groups u WHERE u.undoes = g.id) ORDER BY id DESC LIMIT 1"
    ).fetchone()
    return _load(conn, [row[0]])[0] if row else None


def _load(conn: sqlite3.Connection, ids: list[int]) -> list[Group]:
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)
    by_id = {row[0]: Group(*row) for row in conn.execute(
        f"SELECT id, uid, at, command, device, undoes FROM change_groups WHERE id IN ({marks})", ids)}
    for group_id, table, added, removed, changed in conn.execute(
        "SELECT group_id, tbl, SUM(before IS NULL), SUM(after IS NULL), SUM(before IS NOT NULL AND after IS NOT NULL) "
        f"FROM changes WHERE group_id IN ({marks}) GROUP BY group_id, tbl ORDER BY MIN(id)", ids
    ):
        by_id[group_id].counts[table] = {"added": added, "changed": changed, "removed": removed}
    return [by_id[group_id] for group_id in ids]


def exported(conn: sqlite3.Connection) -> dict[str, Iterator[dict]]:
    """The history as a json export carries it: the groups oldest first (an undo names the group it undid
    by uid), and every change with its group's uid and the row before and after (null: added, or deleted)."""
    groups = ({"uid": uid, "at": at, "command": command, "device": device, "undoes": undoes}
              for uid, at, command, device, undoes in conn.execute(
                  "SELECT g.uid, g.at, g.command, g.device, u.uid FROM change_groups g "
                  "LEFT JOIN change_groups u ON u.id = g.undoes WHERE g.open = 0 ORDER BY g.id"))
    changes = ({"group_uid": group_uid, "table": table, "uid": row_uid,
                "before": None if before is None else json.loads(before),
                "after": None if after is None else json.loads(after)}
               for group_uid, table, row_uid, before, after in conn.execute(
                   "SELECT g.uid, c.tbl, c.row_uid, c.before, c.after FROM changes c "
                   "JOIN change_groups g ON g.id = c.group_id WHERE g.open = 0 ORDER BY c.id"))
    return {"change_groups": groups, "changes": changes}


# -- undo -----------------------------------------------------------------------------------------


def undo(conn: sqlite3.Connection, target: Group) -> None:
    """Put every row `target` touched back as it was, inside the caller's write (whose own group records
    this as the undo of `target`). Refused, changing nothing, when a later change touched the same rows."""
    current = conn.execute("SELECT MAX(id) FROM change_groups").fetchone()[0]
    newest = next_to_undo(conn)
    if newest is None or newest.id != target.id:
        raise MentorlogError("another mentorlog changed the journal meanwhile; nothing was changed (run undo again "
                             "to see what it would take back now)")
    later = conn.execute(
        "SELECT c.tbl, c.row_uid, g.command, g.id FROM changes c JOIN changes l ON l.tbl = c.tbl AND l.row_uid = c.row_uid "
        "JOIN change_groups g ON g.id = l.group_id WHERE c.group_id = ? AND l.group_id > ? AND l.group_id != ? LIMIT 1",
        [target.id, target.id, current],
    ).fetchone()
    if later:
        one = NOUNS.get(later[0], (later[0],))[0]
        raise MentorlogError(f"can't undo `{target.command}`: a {one} it changed was changed again since, by "
                             f"`{later[2]}`; nothing was changed")
    changes = conn.execute("SELECT tbl, row_uid, before, after FROM changes WHERE group_id = ? ORDER BY id DESC",
                           [target.id]).fetchall()
    for table, row_uid, before, after in changes:
        _check_unchanged(conn, target, table, row_uid, after)
        _restore(conn, table, row_uid, None if before is None else json.loads(before))
    conn.execute("UPDATE change_groups SET undoes = ?, command = ? WHERE id = ?",
                 [target.id, undo_name(target), current])


def undo_name(target: Group) -> str:
    """`undo session add …`, and the undo of that: `redo session add …`."""
    if target.undoes is not None and target.command.startswith(("undo ", "redo ")):
        return ("redo " if target.command.startswith("undo ") else "undo ") + target.command[5:]
    return f"undo {target.command}"


def _check_unchanged(conn: sqlite3.Connection, target: Group, table: str, row_uid: str, after: str | None) -> None:
    """The row is as `target` left it (an edit made outside mentorlog's history would be lost otherwise)."""
    expected = None if after is None else json.loads(after)
    columns = _columns(conn, table)
    row = conn.execute(f"SELECT * FROM {table} WHERE uid = ?", [row_uid]).fetchone()
    found = None if row is None else dict(zip(columns, row))
    if expected is not None and found is not None:
        expected = {key: value for key, value in expected.items() if key in columns}
        found = {key: found[key] for key in expected}
    if (expected is None) != (found is None) or (expected is not None and expected != found):
        one = NOUNS.get(table, (table,))[0]
        raise MentorlogError(f"can't undo `{target.command}`: a {one} it changed is no longer as it left it; "
                             "nothing was changed")


def _restore(conn: sqlite3.Connection, table: str, row_uid: str, before: dict | None) -> None:
    if before is None:
        conn.execute(f"DELETE FROM {table} WHERE uid = ?", [row_uid])
        return
    columns = _columns(conn, table)
    values = {key: value for key, value in before.items() if key in columns}
    if conn.execute(f"SELECT 1 FROM {table} WHERE uid = ?", [row_uid]).fetchone():
        settings = ", ".join(f"{column} = ?" for column in values if column not in ("id", "uid"))
        conn.execute(f"UPDATE {table} SET {settings} WHERE uid = ?",
                     [value for column, value in values.items() if column not in ("id", "uid")] + [row_uid])
        return
    try:
        conn.execute(f"INSERT INTO {table} ({', '.join(values)}) VALUES ({', '.join('?' for _ in values)})",
                     list(values.values()))
    except sqlite3.IntegrityError as error:
        one = NOUNS.get(table, (table,))[0]
        raise MentorlogError(f"can't bring back {one} #{values.get('id')}: {error}; nothing was changed") from None


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    if table not in NOUNS:
        raise MentorlogError(f"the history names a table mentorlog does not know ({table!r}); nothing was changed")
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
