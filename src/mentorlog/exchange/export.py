"""The journal out as a json document (streamed, a row at a time) or as csv, one file per table. Never prints."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

from mentorlog.data.journal import Journal
from mentorlog.domain import dates
from mentorlog.domain.models import Mentorship
from mentorlog.exchange.document import FORMAT, TABLES, VERSION, refs
from mentorlog.exchange.targets import guard_target, write_private
from mentorlog.output import render


def _select_sql(table: str) -> str:
    """The table's rows in document shape, references turned into uids by joins."""
    columns, joins = [], []
    for number, spec in enumerate(TABLES[table]):
        if spec.kind == "ref":
            alias = f"r{number}"
            joins.append(f"LEFT JOIN {spec.table} {alias} ON {alias}.id = t.{spec.column}")
            columns.append(f"{alias}.uid AS {spec.name}")
        else:
            columns.append(f"t.{spec.name}")
    return f"SELECT {', '.join(columns)} FROM {table} t {' '.join(joins)}"


def _document_row(table: str, row: sqlite3.Row) -> dict:
    out = {}
    for spec in TABLES[table]:
        value = row[spec.name]
        if spec.kind in ("list", "dict") and isinstance(value, str):
            value = json.loads(value)
        out[spec.name] = value
    return out


def table_rows(journal: Journal, table: str, ids: set[int] | None = None) -> Iterable[dict]:
    """The rows of one table as exported, oldest id first; only `ids` when given."""
    sql, params = _select_sql(table), []
    if ids is not None:
        sql += " WHERE t.id IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(sorted(ids)))
    for row in journal.conn.execute(sql + " ORDER BY t.id", params):
        yield _document_row(table, row)


def selection(journal: Journal, mentorship: Mentorship) -> dict[str, set[int]]:
    """Row ids that belong to one mentorship, plus every row they refer to, so the file stands alone."""
    conn = journal.conn

    def ids(sql: str, params: list) -> set[int]:
        return {row[0] for row in conn.execute(sql, params) if row[0] is not None}

    def within(values: set[int]) -> str:
        return json.dumps(sorted(values))

    chosen = {table: set() for table in TABLES}
    chosen["mentorships"] = {mentorship.id}
    for table in ("sessions", "goals", "actions", "wins", "reviews", "topics"):
        chosen[table] = ids(f"SELECT id FROM {table} WHERE mentorship_id = ?", [mentorship.id])
    for table in ("milestones", "goal_updates"):
        chosen[table] = ids(f"SELECT id FROM {table} WHERE goal_id IN (SELECT value FROM json_each(?))",
                            [within(chosen["goals"])])
    chosen["actions"] |= ids("SELECT id FROM actions WHERE session_id IN (SELECT value FROM json_each(?))",
                             [within(chosen["sessions"])])
    changed = True
    while changed:  # follow references until nothing new is pulled in
        changed = False
        for table in TABLES:
            for spec in refs(table):
                wanted = ids(f"SELECT DISTINCT {spec.column} FROM {table} WHERE id IN (SELECT value FROM json_each(?))",
                             [within(chosen[table])])
                if not wanted <= chosen[spec.table]:
                    chosen[spec.table] |= wanted
                    changed = True
    return chosen


def export_document(journal: Journal, mentorship: Mentorship | None = None) -> dict:
    """The whole journal (or one mentorship and what it refers to) as a version 1 document."""
    chosen = selection(journal, mentorship) if mentorship is not None else {}
    document: dict = {"format": FORMAT, "version": VERSION, "exported_at": dates.utc_stamp()}
    for table in TABLES:
        document[table] = list(table_rows(journal, table, chosen.get(table)))
    if mentorship is None:
        document.update({key: list(rows) for key, rows in _history(journal).items()})
    return document


def export_json(journal: Journal, mentorship: Mentorship | None = None) -> str:
    return "".join(iter_json(journal, mentorship))


def iter_json(journal: Journal, mentorship: Mentorship | None = None) -> Iterator[str]:
    """The document as `json.dumps(document, indent=2)` writes it, a row at a time (a big journal
    never sits in memory whole)."""
    chosen = selection(journal, mentorship) if mentorship is not None else {}
    yield f'{{\n  "format": "{FORMAT}",\n  "version": {VERSION},\n  "exported_at": "{dates.utc_stamp()}"'
    lists = {table: table_rows(journal, table, chosen.get(table)) for table in TABLES}
    if mentorship is None:
        lists.update(_history(journal))
    for key, rows in lists.items():
        yield f',\n  "{key}": ['
        separator = "\n"
        for row in rows:
            yield separator + "    " + json.dumps(row, indent=2, ensure_ascii=False).replace("\n", "\n    ")
            separator = ",\n"
        yield "]" if separator == "\n" else "\n  ]"
    yield "\n}\n"


def _history(journal: Journal) -> dict[str, Iterator[dict]]:
    """The change history of a whole journal (a journal not yet created, or at an older schema, has none)."""
    from mentorlog.data import history

    has_history = journal.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'change_groups'").fetchone()
    return history.exported(journal.conn) if has_history else {"change_groups": iter(()), "changes": iter(())}


def export_csv(journal: Journal, folder: Path, mentorship: Mentorship | None = None,
               include_private: bool = False, force: bool = False) -> list[Path]:
    """One UTF-8 file per table with a header row; lists and objects as JSON text, null as empty.

    Control characters in a cell are written as visible escapes (ESC as the four characters `\\x1b`,
    see `render.safe_text`), so a spreadsheet or a terminal showing the file obeys none of them;
    newlines and tabs stay. Every file is checked before any is written: none may be the journal's
    own or a backup, and an existing one is replaced only with `force`.
    """
    for table in TABLES:
        guard_target(folder / f"{table}.csv", journal.path, force)
    chosen = selection(journal, mentorship) if mentorship is not None else {}
    written = []
    for table, fields in TABLES.items():
        names = [f.name for f in fields if include_private or f.name != "private_notes"]
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(names)
        for row in table_rows(journal, table, chosen.get(table)):
            if row.get("private") and not include_private:  # a private topic: for my eyes only
                continue
            writer.writerow([_csv_cell(row[name]) for name in names])
        target = folder / f"{table}.csv"
        write_private(target, buffer.getvalue(), replace=force)
        written.append(target)
    return written


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return render.safe_text(json.dumps(value, ensure_ascii=False))
    return render.safe_text(value)

