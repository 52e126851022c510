"""One declaration per table: the record in `domain.models` names its stored columns once, and a
`Table` here turns that into the SELECT, the row -> record mapping, the export/import field list
and the list of tables that doctor counts.

A column is a record's field; `domain.columns.stored(...)` adds what the import checks (choices, a
range). Fields that are not columns say so: `joined()` for a value a SELECT joins in (`with_name`),
`derived()` for one that code fills in (a goal's milestones).
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime
from functools import cached_property
from typing import NamedTuple

from mentorlog.domain import records

STAMP_COLUMNS = ("created_at", "updated_at")


class Field(NamedTuple):
    """One key of a row as exported and imported. `kind`: text, int, date, datetime, clock (a time of
    day, `15:00`), list (of text), dict, or ref (a reference to a row of `table`, exported as its uid
    under `NAME_uid`)."""

    name: str
    kind: str = "text"
    required: bool = False
    default: object = None
    choices: tuple = ()
    low: int | None = None
    high: int | None = None
    table: str = ""  # for a ref: the table it points into
    day_of: str = ""  # for a moment: the date field whose day it must fall on (`done_at` on `done_on`)

    @property
    def column(self) -> str:
        return self.name[: -len("_uid")] + "_id" if self.kind == "ref" else self.name


class Join(NamedTuple):
    """A value read with the row from another table: `with_name` is the name of the row's mentorship."""

    table: str
    on: str  # this table's column holding the other row's id
    column: str


class Table:
    """A table as its record declares it."""

    def __init__(self, name: str, model: type, refs: dict[str, str] | None = None,
                 joins: dict[str, Join] | None = None, order: str = "t.id"):
        self.name, self.model, self.refs, self.joins, self.order = name, model, refs or {}, joins or {}, order

    @cached_property
    def fields(self) -> tuple[Field, ...]:
        """Every stored column but `id`, in the record's order: the export and import field list."""
        found = []
        for spec in records.fields(self.model):
            if spec.name == "id" or spec.meta.get("stored") is False:
                continue
            kind = "ref" if spec.name in self.refs else "datetime" if spec.name in STAMP_COLUMNS else \
                spec.meta.get("kind") or _kind(spec.type)
            name = spec.name[: -len("_id")] + "_uid" if kind == "ref" else spec.name
            required = spec.name in STAMP_COLUMNS or spec.name == "uid" or spec.required
            default = spec.factory() if spec.factory is not None else (
                None if spec.default is records.MISSING or spec.name in STAMP_COLUMNS else spec.default)
            found.append(Field(name, kind, required, default, spec.meta.get("choices", ()),
                               spec.meta.get("low"), spec.meta.get("high"), self.refs.get(spec.name, ""),
                               spec.meta.get("day_of", "")))
        return tuple(found)

    @cached_property
    def columns(self) -> tuple[str, ...]:
        return ("id", *(field.column for field in self.fields))

    @cached_property
    def select(self) -> str:
        """`SELECT` of every column and joined value, the table aliased `t`; add WHERE and ORDER BY."""
        picked = [f"t.{column}" for column in self.columns]
        joins = []
        for number, (attribute, join) in enumerate(self.joins.items()):
            alias = f"j{number}"
            joins.append(f"LEFT JOIN {join.table} {alias} ON {alias}.id = t.{join.on}")
            picked.append(f"{alias}.{join.column} AS {attribute}")
        return f"SELECT {', '.join(picked)} FROM {self.name} t {' '.join(joins)}".rstrip()

    @cached_property
    def _converters(self) -> tuple:
        kinds = {"date": _date, "datetime": _datetime, "list": _json_list, "dict": _json_dict}
        return tuple((index, kinds[field.kind]) for index, field in enumerate(self.fields, start=1)
                     if field.kind in kinds and field.name not in STAMP_COLUMNS)  # stamps stay text

    def row(self, row: sqlite3.Row | tuple):
        """A row of `select` as its record."""
        values = list(row)
        for index, convert in self._converters:
            values[index] = convert(values[index])
        names = (*self.columns, *self.joins)
        return self.model(**dict(zip(names, values)))

    def rows(self, conn: sqlite3.Connection, where: str = "", params: list | tuple = (), order: str | None = None,
             limit: int | None = None) -> list:
        sql = self.select + (f" WHERE {where}" if where else "") + f" ORDER BY {order or self.order}"
        params = list(params)
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [self.row(row) for row in conn.execute(sql, params)]

    def one(self, conn: sqlite3.Connection, row_id: int, what: str):
        """The row with this id, or the user error `no WHAT with id N`."""
        from mentorlog.errors import MentorlogError

        found = conn.execute(self.select + " WHERE t.id = ?", [row_id]).fetchone()
        if found is None:
            raise MentorlogError(f"no {what} with id {row_id}")
        return self.row(found)


def _kind(annotation: str) -> str:
    for marker, kind in (("datetime", "datetime"), ("date", "date"), ("int", "int"), ("list", "list"),
                         ("dict", "dict")):
        if marker in annotation:
            return kind
    return "text"


def _date(value):
    return date.fromisoformat(value) if value else None


def _datetime(value):
    return datetime.fromisoformat(value) if value else None


def _json_list(value):
    return json.loads(value) if value else []


def _json_dict(value):
    return json.loads(value) if isinstance(value, str) and value else (value or {})


def conditions(*pairs: tuple[str, object]) -> tuple[str, list]:
    """A WHERE clause from (`t.column = ?`, value) pairs, leaving out those whose value is None."""
    given = [(clause, value) for clause, value in pairs if value is not None]
    return " AND ".join(clause for clause, _ in given) or "1", [value for _, value in given]


def columns_of(table: Table, fields: dict, editable: tuple[str, ...]) -> dict:
    """Given values as the table stores them: dates as ISO text, lists and dicts as JSON; None left out."""
    unknown = set(fields) - set(editable)
    if unknown:
        raise TypeError(f"unknown {table.name} fields: {unknown}")
    kinds = {field.column: field.kind for field in table.fields}
    out = {}
    for key, value in fields.items():
        if value is None:
            continue
        if isinstance(value, (date, datetime)):
            value = value.isoformat()
        elif kinds.get(key) in ("list", "dict"):
            value = json.dumps(list(value) if kinds[key] == "list" else value, ensure_ascii=False)
        out[key] = value
    return out


def cleared(table: Table, clear: tuple[str, ...], allowed: tuple[str, ...]) -> dict:
    """Columns set back to empty; a list column is never NULL: cleared, it is an empty list."""
    unknown = set(clear) - set(allowed)
    if unknown:
        raise TypeError(f"{table.name} fields that can't be cleared: {unknown}")
    kinds = {field.column: field.kind for field in table.fields}
    return {column: "[]" if kinds.get(column) == "list" else None for column in clear}
