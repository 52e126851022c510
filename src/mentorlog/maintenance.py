"""What a journal should be and what a restore would cost: the schema the migrations build (to find what
was dropped, added or changed), and, before any restore is advised, the rows the journal holds that the
backup lacks. Used by `doctor`; never prints.

`mentorlog.maintenance` also still answers for the names that moved to `mentorlog.backups` and
`mentorlog.doctor` (`backup`, `diagnose`, `repair`, …).
"""

from __future__ import annotations

import os
import re
import shlex
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from mentorlog import backups
from mentorlog.backups import backup_folder, counted_tables
from mentorlog.errors import MentorlogError
from mentorlog.data.journal import Journal

SEARCH_COMPARE = (
    "SELECT rowid AS key, body, kind, ref_id, mentorship_id, date, private FROM search_index",
    "SELECT key, body, kind, ref_id, mentorship_id, date, private FROM search_source",
)
LOG_SUFFIXES = ("-wal", "-shm", "-journal")
FTS_SHADOWS = ("data", "idx", "content", "docsize", "config")

Notify = Callable[[str], None]
MOVED = {"Backup": "backups", "backup": "backups", "verify_copy": "backups", "Check": "doctor",
         "Diagnosis": "doctor", "diagnose": "doctor", "repair": "doctor"}


def __getattr__(name: str):
    """The names that moved, for code that still imports them from here (imported late: doctor imports this)."""
    if name in MOVED:
        from importlib import import_module

        return getattr(import_module(f"mentorlog.{MOVED[name]}"), name)
    raise AttributeError(f"module 'mentorlog.maintenance' has no attribute {name!r}")


def busy(error: BaseException) -> bool:
    """SQLITE_BUSY or SQLITE_LOCKED: another connection holds the journal, which says nothing about damage."""
    code = getattr(error, "sqlite_errorcode", None)
    return (code is not None and code & 0xFF in (5, 6)) or "locked" in str(error) or "busy" in str(error)


# -- the schema: what the migrations build, nothing missing, nothing added ------------------------


@dataclass(frozen=True)
class Difference:
    kind: str  # "missing", "foreign" or "changed"
    type: str  # table, index, trigger, view
    name: str
    table: str
    sql: str | None  # what the migrations build (missing, changed); what is there (foreign)

    def describe(self) -> str:
        on = f" on {self.table}" if self.type in ("index", "trigger") else ""
        if self.kind == "missing":
            return f"{self.type} {self.name}{on} is missing"
        if self.kind == "foreign":
            return f"foreign {self.type} {self.name}{on}"
        return f"{self.type} {self.name}{on} is not what mentorlog made"


@lru_cache(maxsize=1)
def expected_schema() -> tuple[tuple[str, str, str, str | None], ...]:
    """(type, name, table, sql) of everything the migrations build, in the order they build it (built once,
    in memory, the way an absent journal is read)."""
    from mentorlog.data.journal import build_schema

    conn = sqlite3.connect(":memory:")
    try:
        build_schema(conn)
        return tuple(_schemarows_phrase(conn))
    finally:
        conn.close()


def _schemarows_phrase(conn: sqlite3.Connection) -> list[tuple[str, str, str, str | None]]:
    return [tuple(row) for row in conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite!_%' ESCAPE '!' "
        "AND NOT (tbl_name = '_sqlite_migrations' AND type IN ('table', 'index')) ORDER BY rowid")]  # sqlite-utils' own


def _normal(sql: str | None) -> str:
    """SQL as text to compare: whitespace is not a difference."""
    text = re.sub(r"\s+", " ", sql or "").strip()
    return re.sub(r" ?([(),;]) ?", r"\1", text)


def shadow(name: str, virtual: tuple[str, ...] = ("search_index",)) -> bool:
    """One of FTS5's own tables behind a full-text index (FTS5 writes their SQL, so only their presence counts)."""
    return any(name == f"{table}_{suffix}" for table in virtual for suffix in FTS_SHADOWS)


def schema_differences(conn: sqlite3.Connection) -> list[Difference]:
    """What is missing from, added to, or changed in the journal's schema, against what the migrations build."""
    expected = {row[1]: row for row in expected_schema()}
    actual = {row[1]: row for row in _schemarows_phrase(conn)}
    foreign_virtual = tuple(name for name, row in actual.items()
                            if name not in expected and (row[3] or "").upper().startswith("CREATE VIRTUAL TABLE"))
    found = []
    for name, (kind, _, table, sql) in expected.items():
        if name not in actual:
            found.append(Difference("missing", kind, name, table, sql))
        elif not shadow(name) and (actual[name][0] != kind or _normal(actual[name][3]) != _normal(sql)):
            found.append(Difference("changed", kind, name, table, sql))
    for name, (kind, _, table, sql) in actual.items():
        if name not in expected and not shadow(name, foreign_virtual):
            found.append(Difference("foreign", kind, name, table, sql))
    return found


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def repair_schema(journal: Journal, differences: list[Difference]) -> list[str]:
    """After a backup, in one transaction: drop what is foreign, put back what is changed or missing (a missing
    table comes back empty), then rebuild the search index the triggers keep."""
    lost_from = {d.name: _backup_count(journal.path, d.name) for d in differences
                 if d.kind == "missing" and d.type == "table" and not shadow(d.name)}
    made = backups.backup(journal)
    done = [f"backed up the journal to {made.path} before changing its schema"]
    order = {"trigger": 0, "view": 1, "index": 2, "table": 3}
    rebuild_fts = any(shadow(d.name) and d.kind == "missing" for d in differences)
    with journal.write() as conn:
        for d in sorted((d for d in differences if d.kind in ("foreign", "changed") and d.type != "table"
                         or d.kind == "foreign"), key=lambda d: order.get(d.type, 9)):
            conn.execute(f"DROP {d.type.upper()} IF EXISTS {_quoted(d.name)}")
            if d.kind == "foreign":
                done.append(f"removed the foreign {d.type} {d.name}" + (f" on {d.table}" if d.type in ("index", "trigger") else ""))
        if rebuild_fts:
            conn.execute("DROP TABLE IF EXISTS search_index")
        present = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        for kind, name, table, sql in expected_schema():
            if name in present or shadow(name) or sql is None:
                continue
            conn.execute(sql)
            if kind == "table" and name in lost_from:
                had = lost_from[name]
                done.append(f"recreated the table {name} empty: its rows were lost"
                            + (f" (the newest good backup has {had})" if had else ""))
            elif name != "search_index" or not rebuild_fts:
                done.append(f"recreated the {kind} {name}")
        changed_tables = [d.name for d in differences if d.kind == "changed" and d.type == "table"]
    rebuild_search_index(journal)
    done.append("rebuilt the search index")
    if changed_tables:
        done.append(f"left the table{'s' if len(changed_tables) > 1 else ''} {', '.join(changed_tables)} as "
                    "they are (changed, but holding rows): compare with a backup")
    return done


def _backup_count(path: Path, table: str) -> int | None:
    good = backups.good_backups(path)
    if not good:
        return None
    counts = _table_keys(_open_copy(good[-1]), (table,), close=True)
    return len(counts.get(table, {})) if counts else None


def rebuild_search_index(journal: Journal) -> None:
    """Make the search index hold exactly what the journal says it should, in one transaction."""
    index, source = SEARCH_COMPARE
    with journal.write() as conn:
        conn.execute("INSERT INTO search_index (search_index) VALUES ('rebuild')")
        conn.execute(f"DELETE FROM search_index WHERE rowid IN (SELECT key FROM ({index} EXCEPT {source}))")
        conn.execute("INSERT INTO search_index (rowid, body, kind, ref_id, mentorship_id, date, private) "
                     "SELECT * FROM search_source WHERE key NOT IN (SELECT rowid FROM search_index)")


# -- a restore: only after a repair, and saying what it would lose --------------------------------


def restore_advice(path: Path, conn: sqlite3.Connection | None, repair_first: str | None = None) -> str:
    """How to get a working journal back: the repair first, then a restore from the newest good backup,
    with what that restore would lose (rows the journal and its log hold that the backup lacks)."""
    folder = backup_folder(path)
    good = backups.good_backups(path)
    first = f"repair first: {repair_first}" if repair_first else None
    if not good:
        last = f"restore it from a copy you keep (there are no backups in {folder} that can be restored from)"
        return f"{first}; if that fails, {last}" if first else f"move {_logs_phrase(path)} aside and {last}"
    newest = good[-1]
    lost = would_lose(conn, newest)
    restore = _restore_command(path, newest)
    if lost is None:
        told = (f"restore the newest good backup, {newest.name} (the journal can't be read, so what it has that the "
                f"backup lacks can't be counted): {restore}")
    elif lost:
        told = (f"don't restore yet: restoring {newest.name} would lose {lost}; restore only if you accept that: "
                f"{restore}")
    else:
        told = f"restore the newest good backup, {newest.name} (it has every row the journal has): {restore}"
    return f"{first}; only if that fails, {told}" if first else told


def _logs_phrase(path: Path) -> str:
    logs = [log.name for log in _logs(path)]
    return f"{shlex.quote(str(path))}{' and ' + ', '.join(logs) if logs else ''}"


def _logs(path: Path) -> list[Path]:
    return [log for log in (path.with_name(path.name + suffix) for suffix in LOG_SUFFIXES) if os.path.lexists(log)]


def _restore_command(path: Path, copy: Path) -> str:
    """A command to paste: the journal and its log moved aside (SQLite would replay the old log into the
    restored copy and damage it), then the copy put in place. Every path quoted for the shell."""
    aside = path.with_name(f"{path.stem}-damaged-{datetime.now():%Y%m%d-%H%M%S}")
    moved = " ".join(shlex.quote(str(p)) for p in [path, *_logs(path)])
    return (f"mkdir {shlex.quote(str(aside))} && mv {moved} {shlex.quote(str(aside))}/ && "
            f"cp {shlex.quote(str(copy))} {shlex.quote(str(path))}")


def would_lose(conn: sqlite3.Connection | None, copy: Path) -> str | None:
    """What restoring `copy` would lose: rows added, and rows changed, since it was made ("" for nothing;
    None when the journal can't be read at all). Rows are matched by uid; changes by updated_at."""
    if conn is None:
        return None
    ours = _table_keys(conn, counted_tables())
    if not ours:
        return None
    theirs = _table_keys(_open_copy(copy), counted_tables(), close=True) or {}
    added, changed = [], 0
    for table in counted_tables():
        if table not in ours:
            continue
        mine, backed = ours[table], theirs.get(table, {})
        new = sum(1 for uid in mine if uid not in backed)
        changed += sum(1 for uid, stamp in mine.items() if uid in backed and (stamp or "") > (backed[uid] or ""))
        if new:
            added.append(rows_phrase(new, table))
    parts = []
    if added:
        parts.append(", ".join(added) + " added since it was made")
    if changed:
        parts.append(f"changes to {changed} row{'s' if changed > 1 else ''} made since")
    return " and ".join(parts)


def rows_phrase(count: int, table: str) -> str:
    noun = table.replace("_", " ")
    return f"{count} {noun if count > 1 else noun.removesuffix('s')}"


def _open_copy(copy: Path) -> sqlite3.Connection | None:
    try:
        return sqlite3.connect(copy.resolve().as_uri() + "?mode=ro&immutable=1", uri=True)
    except sqlite3.Error:
        return None


def _table_keys(conn: sqlite3.Connection | None, tables: tuple[str, ...], close: bool = False) -> dict:
    """{table: {uid: updated_at}} for every table that can still be read."""
    if conn is None:
        return {}
    found = {}
    try:
        for table in tables:
            try:
                found[table] = dict(conn.execute(f"SELECT uid, updated_at FROM {table}").fetchall())
            except sqlite3.DatabaseError as error:
                if busy(error):
                    raise
                continue
    finally:
        if close:
            conn.close()
    return found


# -- repairs of the file itself --------------------------------------------------------------


def index_problem(problem: str) -> bool:
    """A problem REINDEX repairs: an index out of step with its table, the rows themselves intact."""
    return bool(re.search(r"missing from index|wrong # of entries in index|non-unique entry in index", problem))


def salvage_advice(path: Path) -> str:
    fresh = path.with_name(f"{path.stem}-repaired{path.suffix or '.db'}")
    return (f"`mentorlog doctor --fix` copies what can still be read into a fresh file and checks it (VACUUM INTO; "
            f"or by hand: mentorlog --db {shlex.quote(str(path))} backup {shlex.quote(str(fresh))}); if that copy "
            "is whole, move the journal and its log aside and put the copy in its place")










def salvage(path: Path, notify: Notify | None) -> str:
    """Copy what can still be read into a fresh file beside the journal and check it; the journal is left as it is."""
    fresh = path.with_name(f"{path.stem}-repaired-{datetime.now():%Y%m%d-%H%M%S}{path.suffix or '.db'}")
    try:
        with Journal(path, notify=notify) as journal:
            made = backups.backup(journal, fresh)
    except (MentorlogError, sqlite3.Error, OSError) as error:
        return f"could not copy the journal into a fresh file ({error}); see the restore advice above"
    rows = ", ".join(rows_phrase(n, table) for table, n in made.counts.items() if n) or "no rows"
    return (f"copied what could be read into {made.path} ({rows}) and it passed its integrity check; check it with "
            f"`mentorlog --db {shlex.quote(str(made.path))} doctor`, then move the journal and its log aside and put "
            "the copy in its place")
