"""Merge a json export back into the journal: read and check the whole document, plan the merge by
uid, then write it in one transaction that is one change-history group. Never prints.

A big export is read the fast way (`exchange.rows`: about the file's size in memory, each row decoded
again as it is written), and anything it finds amiss is explained by the reference checks
(`exchange.checks`). New rows go in with one statement per table, their change history is recorded
with one more, and the search index is brought up to date with one per kind of entry.
"""

from __future__ import annotations

import codecs
import json
import re
import sqlite3
import sys
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mentorlog.data.journal import Journal
from mentorlog.domain.text import nocase
from mentorlog.errors import MentorlogError
from mentorlog.exchange.checks import Problems, check_document, parse_stamp
from mentorlog.exchange.document import FORMAT, TABLES, VERSION, WRITE_ORDER, refs
from mentorlog.exchange.links import check_links
from mentorlog.search import SEARCH_COLUMNS, SEARCH_SOURCES, search_rows

if TYPE_CHECKING:
    from mentorlog.exchange.rows import CheckedDocument

UTF8_PIECE = 1 << 20  # an export is checked for UTF-8 a piece at a time: decoding it whole would hold it twice
IMPORT_CACHE_KIB = 16 * 1024  # SQLite's page cache while an import writes (the journal's own is 2 MiB)


def read_export(path: str) -> tuple[bytes, str]:
    """The bytes of a json export file (`-` reads standard input), decrypted when it is an encrypted export,
    checked to be UTF-8 text, and how to name the file in errors."""
    name = "standard input" if path == "-" else str(path)
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except FileNotFoundError:
        raise MentorlogError(f"can't read {name}: no such file") from None
    except IsADirectoryError:
        raise MentorlogError(f"can't read {name}: it is a folder, not an export file") from None
    except PermissionError:
        raise MentorlogError(f"can't read {name}: permission denied") from None
    except OSError as error:
        raise MentorlogError(f"can't read {name}: {error.strerror or error}") from None
    if data.startswith(b"age-encryption.org/v1"):  # `export --encrypt`: read with the passphrase or age key
        from mentorlog.sync.crypt import decrypt_file

        data = decrypt_file(data, name)
    if not _is_utf8(data):
        raise MentorlogError(f"{name} is not a json export (it is not UTF-8 text)")
    return data, name


def _is_utf8(data: bytes) -> bool:
    if data.isascii():
        return True
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(view), UTF8_PIECE):
            decoder.decode(view[start:start + UTF8_PIECE])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def read_document(path: str) -> tuple[dict, str]:
    """The document in a json export file, parsed whole, and how to name it in errors."""
    data, name = read_export(path)
    return parse_document(data.decode("utf-8"), name), name


def parse_document(text: str, name: str = "the file") -> dict:
    if not text.strip():
        raise MentorlogError(f"{name} is empty; expected a mentorlog json export")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        # the text ends inside a value; a string left open runs to the end, wherever it began
        ended = error.pos >= len(text.rstrip()) or error.msg.startswith("Unterminated string")
        cut = " (is it cut short?)" if ended else ""
        raise MentorlogError(
            f"{name} is not valid JSON{cut}: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None
    except RecursionError:
        raise MentorlogError(f"{name} is not a mentorlog export (it is nested too deeply)") from None
    except ValueError as error:  # e.g. a number with more digits than Python reads
        raise MentorlogError(f"{name} is not a mentorlog export ({error})") from None
    if not isinstance(document, dict):
        raise MentorlogError(f'{name} is not a mentorlog export: expected a JSON object with "format": "{FORMAT}"')
    if document.get("format") != FORMAT:
        found = f"its format is {document['format']!r}" if "format" in document else 'it has no "format" key'
        raise MentorlogError(f'{name} is not a mentorlog export ({found}; expected "{FORMAT}")')
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise MentorlogError(f'{name}: "version" must be a whole number, not {version!r}')
    if version > VERSION:
        raise MentorlogError(
            f"{name} was exported by a newer mentorlog (version {version}; this one reads version {VERSION}); "
            "upgrade mentorlog to import it"
        )
    if version < 1:
        raise MentorlogError(f"{name}: unknown export version {version}")
    return document



def check_export(data: bytes, source: str = "the file") -> CheckedDocument:
    """Every row of a json export checked: the fast way, or, when that finds anything amiss, by the
    reference checks, which say what is wrong (or, should the two disagree, accept it after all)."""
    from mentorlog.exchange import rows

    try:
        return rows.read(data)
    except rows.Unsure:
        pass
    return rows.from_clean(check_document(parse_document(data.decode("utf-8"), source), source))


# Each table's references: (where in a row, the field)
_REFS = {table: [(slot, spec) for slot, spec in enumerate(fields) if spec.kind == "ref"] for table, fields in TABLES.items()}


@dataclass
class ImportPlan:
    """What an import will do: rows to add and to update, per table, by their index in the document."""

    source: str
    document: CheckedDocument
    added: dict[str, array] = field(default_factory=dict)  # indexes in document order; ids from first_id[table] up
    first_id: dict[str, int] = field(default_factory=dict)
    updated: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # (its id in the journal, index)
    unchanged: dict[str, int] = field(default_factory=dict)
    ids: dict[str, dict[str, int]] = field(default_factory=dict)  # uid → id after the merge, of tables referred to

    def stored(self, table: str, index: int) -> list:
        """A row's column values in the table's field order, its references turned into ids."""
        values = self.document.tables[table].values(index)
        for slot, spec in _REFS[table]:
            if values[slot] is not None:
                values[slot] = self.ids[spec.table][values[slot]]
        return values

    def counts(self) -> dict:
        return {
            "added": {t: len(self.added.get(t, [])) for t in TABLES},
            "updated": {t: len(self.updated.get(t, [])) for t in TABLES},
            "unchanged": {t: self.unchanged.get(t, 0) for t in TABLES},
        }


def plan_import(journal: Journal, document: CheckedDocument, source: str = "the file") -> ImportPlan:
    """Match checked rows against the journal by uid; check every reference resolves. Writes nothing."""
    conn = journal.conn
    plan = ImportPlan(source, document)
    referred = {spec.table for table in TABLES for spec in refs(table)}
    missing: dict[str, set[str]] = {}
    for table in WRITE_ORDER:
        rows, outside = document.tables[table], document.outside[table]
        existing = _existing(conn, table, rows.uids, outside)
        next_id = (conn.execute(f"SELECT MAX(id) FROM {table}").fetchone()[0] or 0) + 1
        plan.first_id[table] = next_id
        stamp = [spec.name for spec in TABLES[table]].index("updated_at")
        added, updated, same = array("q"), [], 0  # (an array: a big import adds hundreds of thousands)
        for index, uid in enumerate(rows.uids):
            found = existing.get(uid)
            if found is None:
                added.append(index)
            elif _newer(rows.values(index)[stamp], found[1]):
                updated.append((found[0], index))
            else:
                same += 1
        plan.added[table], plan.updated[table], plan.unchanged[table] = added, updated, same
        if table in referred:
            known = {uid: found[0] for uid, found in existing.items()}
            known.update((rows.uids[index], row_id) for row_id, index in enumerate(added, next_id))
            plan.ids[table] = known
        missing[table] = outside - existing.keys()
    if any(missing.values()):
        _report_missing(plan, Problems(source))
    problems = Problems(source)
    _check_names(conn, plan, problems)
    problems.raise_any()
    check_links(conn, plan, problems)  # on the journal as the merge would leave it: the rules the commands keep
    problems.raise_any()
    return plan


def _report_missing(plan: ImportPlan, problems: Problems) -> None:
    """Every reference to a row that is neither in the file nor in the journal, the first one named."""
    for table, rows in plan.document.tables.items():
        for index in range(len(rows)) if _REFS[table] else ():
            values = rows.values(index)
            for slot, spec in _REFS[table]:
                uid = values[slot]
                if uid is not None and uid not in plan.ids[spec.table]:
                    problems.add(f"{table}[{index}]", f"{spec.name} {uid} is not in the file or the journal")
    problems.raise_any()


def _existing(conn: sqlite3.Connection, table: str, *uids: list[str] | set[str]) -> dict[str, tuple[int, str]]:
    """uid → (id, updated_at) of the journal's rows among `uids` (looked up by index, not by scanning)."""
    if not any(uids) or conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is None:
        return {}
    rows = conn.execute(
        f"SELECT uid, id, updated_at FROM {table} WHERE uid IN (SELECT value FROM json_each(?))",
        [json.dumps(sorted(set().union(*uids)))],
    )
    return {uid: (row_id, stamp) for uid, row_id, stamp in rows}


def _newer(incoming: str, current: str) -> bool:
    new, old = parse_stamp(incoming), parse_stamp(current)
    if new is None or old is None:
        return incoming > current
    return new > old


def _check_names(conn: sqlite3.Connection, plan: ImportPlan, problems: Problems) -> None:
    """A person has one mentorship per role: after the merge, no two may share a role and a name."""
    rows = plan.document.tables["mentorships"]
    names = [spec.name for spec in TABLES["mentorships"]]
    role, name = names.index("role"), names.index("name")
    final = {uid: (role, name) for uid, role, name in conn.execute("SELECT uid, role, name FROM mentorships")}
    changed = set()
    for index in (*(index for _, index in plan.updated["mentorships"]), *plan.added["mentorships"]):
        values = rows.values(index)
        final[rows.uids[index]] = (values[role], values[name])
        changed.add(rows.uids[index])
    holders: dict[tuple[str, str], list[str]] = {}
    for uid, (role, name) in final.items():
        holders.setdefault((role, nocase(name)), []).append(uid)
    index_of = {uid: index for index, uid in enumerate(rows.uids)}
    for (role, _), uids in holders.items():
        if len(uids) > 1:  # the journal had no clash before, so one of them comes from the file
            culprit = next(uid for uid in uids if uid in changed)
            other = next(uid for uid in uids if uid != culprit)
            name = final[culprit][1]
            problems.add(f"mentorships[{index_of[culprit]}]",
                         f"{name} would be your {role} twice (uid {other} has the same name); "
                         "rename one of them, then import again")


# -- writing ----------------------------------------------------------------------------------------


def apply_import(journal: Journal, plan: ImportPlan) -> None:
    """Write a checked plan in one transaction: new rows in bulk, newer rows over older ones.

    The search triggers are set aside meanwhile and the index is brought up to date in one statement
    per kind of entry: FTS5 writes its pending index data at every statement that fires a trigger,
    which makes row-by-row indexing of a big import many times slower. The history triggers that
    record each new row are set aside too: one statement per table records the rows it added, as
    those triggers would have (a trigger of another shape than m007's is left to record them itself).
    Dropped and made again inside the transaction, the triggers are back as they were if it fails.
    """
    with journal.write() as conn:
        search = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name GLOB '*_search_*'"
        ).fetchall()
        history = _history_aside(conn, {table for table, added in plan.added.items() if added})
        for name, _ in (*search, *history.values()):
            conn.execute(f"DROP TRIGGER {name}")
        cache = conn.execute("PRAGMA cache_size").fetchone()[0]
        conn.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
        try:
            for table in WRITE_ORDER:
                _write_updated(conn, plan, table)
                _write_added(conn, plan, table, history)
        finally:
            conn.execute(f"PRAGMA cache_size = {cache}")
        for _, sql in (*search, *history.values()):
            conn.execute(sql)


def _write_updated(conn: sqlite3.Connection, plan: ImportPlan, table: str) -> None:
    changed = plan.updated.get(table, [])
    if not changed:
        return
    codes = [source[0] for source in SEARCH_SOURCES if source[2] == table]
    keys = [row_id * 8 + code for row_id, _ in changed for code in codes]
    conn.execute("DELETE FROM search_index WHERE rowid IN (SELECT value FROM json_each(?))", [json.dumps(keys)])
    assignments = ", ".join(f"{spec.column} = ?" for spec in TABLES[table])
    conn.executemany(f"UPDATE {table} SET {assignments} WHERE id = ?",
                     ([*plan.stored(table, index), row_id] for row_id, index in changed))
    _index(conn, table, "t.id IN (SELECT value FROM json_each(?))", [json.dumps([row_id for row_id, _ in changed])])


def _write_added(conn: sqlite3.Connection, plan: ImportPlan, table: str, history: dict[str, tuple[str, str]]) -> None:
    added = plan.added.get(table, [])
    if not added:
        return
    first = plan.first_id[table]
    columns = ["id", *(spec.column for spec in TABLES[table])]
    conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",
                     ([row_id, *plan.stored(table, index)] for row_id, index in enumerate(added, first)))
    if table in history:  # the new rows are the ones from `first` up
        conn.execute(_recording(history[table][1]), [first])
    _index(conn, table, "t.id >= ?", [first])


# m007's trigger recording each new row of a table in the open change group
_RECORDS_NEW_ROWS = re.compile(
    r"CREATE TRIGGER (?P<name>\w+) AFTER INSERT ON (?P<table>\w+) WHEN (?P<when>.+) BEGIN INSERT INTO changes "
    r"\((?P<columns>[\w, ]+)\) VALUES \((?P<values>.+)\); END", re.DOTALL)


def _history_aside(conn: sqlite3.Connection, tables: set[str]) -> dict[str, tuple[str, str]]:
    """table → (name, sql) of the history trigger recording the rows added to it, for each of `tables`
    that has one of m007's shape."""
    found = {}
    for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name GLOB '*_history_insert'"):
        shape = _RECORDS_NEW_ROWS.fullmatch(sql)
        if shape is not None and shape["name"] == name and shape["table"] in tables:
            found[shape["table"]] = (name, sql)
    return found


def _recording(trigger: str) -> str:
    """The statement that records, as `trigger` would have row by row, every row from id ? up, in id order."""
    shape = _RECORDS_NEW_ROWS.fullmatch(trigger)

    def rows(text: str) -> str:
        return re.sub(r"\bNEW\.", "n.", text)

    return (f"INSERT INTO changes ({shape['columns']}) SELECT {rows(shape['values'])} FROM {shape['table']} n "
            f"WHERE ({rows(shape['when'])}) AND n.id >= ? ORDER BY n.id")


def _index(conn: sqlite3.Connection, table: str, where: str, params: list) -> None:
    for source in (source for source in SEARCH_SOURCES if source[2] == table):
        select = search_rows(source, "t", table, where)
        conn.execute(f"INSERT INTO search_index (rowid, {SEARCH_COLUMNS}) {select}", params)


def import_file(journal: Journal, path: str, dry_run: bool = False) -> dict:
    """Merge a json export into the journal in one transaction; `dry_run` only says what would change.

    The whole document is checked before anything is written. Rows are matched against the journal
    inside the write transaction, so a command writing at the same moment cannot slip in between;
    a journal that does not exist yet is matched (as empty) before it is created, so a bad file
    creates nothing.
    """
    data, source = read_export(path)
    document = check_export(data, source)
    plan = None
    if dry_run or not journal.exists:
        plan = plan_import(journal, document, source)
        if dry_run:
            return plan.counts()
    with journal.write(activity="import"):
        if plan is None or not _is_empty(journal):  # it was already there, or was created a moment ago by another command
            plan = plan_import(journal, document, source)
        apply_import(journal, plan)
    return plan.counts()


def _is_empty(journal: Journal) -> bool:
    return not any(journal.conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() for table in TABLES)
