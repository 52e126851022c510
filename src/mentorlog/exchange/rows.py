"""A json export read the fast way, as `import` writes it: the document is parsed once into each row's
raw text (msgspec), every row is checked as it is decoded, and only what planning needs is kept (each
table's uids, and the uids its rows refer to that the file does not have). A row is decoded again when
it is written, so the rows are never all held at once: what is held is about the size of the file.

Reading the fast way only tells good from bad (`Unsure`): when it finds anything amiss, the reference
checks (`exchange.checks`) read the whole document and say what is wrong, in the words `import` has
always used; they define what an export may hold, and `test_import_speed` holds the two to agreeing.
Imported by `import` alone (msgspec is not loaded at start-up). Never prints.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Literal

import msgspec

from mentorlog.data.tables import STAMP_COLUMNS
from mentorlog.domain import dates
from mentorlog.exchange.checks import answer_problem, is_clock, review_templates
from mentorlog.exchange.document import DOCUMENT_KEYS, FORMAT, TABLES, VERSION, WRITE_ORDER, Field

# Lists and objects are stored as JSON text, spelled as `json.dumps(value, ensure_ascii=False)` spells them.
_JSON = json.JSONEncoder(ensure_ascii=False).encode
_ERRORS = (msgspec.MsgspecError, RecursionError)
_INT64 = (-(2**63), 2**63 - 1)
astuple = msgspec.structs.astuple


class Unsure(Exception):
    """The fast reading met something that the reference checks must explain (or, rarely, accept)."""


class TableRows:
    """One table's checked rows in document order: their uids, and each row as it will be stored (every
    field in the table's order, lists and objects as JSON text, a reference still as a uid), on demand."""

    def __init__(self, table: str, uids: list[str], values: Callable[[int], list]):
        self.table, self.uids, self.values = table, uids, values

    def __len__(self) -> int:
        return len(self.uids)


@dataclass
class CheckedDocument:
    tables: dict[str, TableRows]  # every table, in document order
    outside: dict[str, set[str]]  # per table: the uids rows refer to in it that the file does not have


def stored(table: str, row: dict) -> list:
    """A row checked by `checks.check_document` as it will be stored."""
    out = []
    for spec in TABLES[table]:
        value = row[spec.name]
        if spec.kind in ("list", "dict"):
            value = _JSON(value)
        elif value is None and spec.default is not None:
            value = spec.default
        out.append(value)
    return out


def from_clean(clean: dict[str, list[dict]]) -> CheckedDocument:
    """The rows `checks.check_document` returned, as planning and writing read them."""
    tables = {table: TableRows(table, [row["uid"] for row in rows], lambda index, t=table, r=rows: stored(t, r[index]))
              for table, rows in clean.items()}
    outside: dict[str, set[str]] = {table: set() for table in TABLES}
    for table, rows in clean.items():
        for spec in (spec for spec in TABLES[table] if spec.kind == "ref"):
            have = set(tables[spec.table].uids)
            outside[spec.table].update(row[spec.name] for row in rows
                                       if row[spec.name] is not None and row[spec.name] not in have)
    return CheckedDocument(tables, outside)


def read(data: bytes) -> CheckedDocument:
    """Every row of a json export (valid UTF-8) checked, the fast way; `Unsure` at anything amiss."""
    try:
        top = msgspec.json.decode(data, type=dict[str, msgspec.Raw])
        if not set(top) <= set(DOCUMENT_KEYS) or msgspec.json.decode(top.get("format", b"null")) != FORMAT:
            raise Unsure
        version = msgspec.json.decode(top.get("version", b"null"))
        if type(version) is not int or not 1 <= version <= VERSION:
            raise Unsure
        rows = {table: msgspec.json.decode(top[table], type=list[msgspec.Raw]) if table in top else []
                for table in TABLES}
    except _ERRORS:
        raise Unsure from None
    seen: dict[str, set[str]] = {}
    outside: dict[str, set[str]] = {table: set() for table in TABLES}
    tables: dict[str, TableRows] = {}
    for table in WRITE_ORDER:  # what a row refers to is read before it
        tables[table] = _read_table(table, rows[table], seen, outside)
    return CheckedDocument({table: tables[table] for table in TABLES}, outside)


def _read_table(table: str, raws: list[msgspec.Raw], seen: dict[str, set[str]],
                outside: dict[str, set[str]]) -> TableRows:
    fields = TABLES[table]
    reader = _RowReader(table, _review_inspector() if table == "reviews" and raws else None)
    uid_slot = [spec.name for spec in fields].index("uid")
    refs = [(slot, seen[spec.table], outside[spec.table]) for slot, spec in enumerate(fields) if spec.kind == "ref"]
    uids: list[str] = []
    seen[table] = here = set()
    for raw in raws:
        row = reader.check(raw)
        uid = row[uid_slot]
        if uid in here:
            raise Unsure
        here.add(uid)
        uids.append(uid)
        for slot, file_has, elsewhere in refs:
            ref = row[slot]
            if ref is not None and ref not in file_has:
                elsewhere.add(ref)
    return TableRows(table, uids, lambda index: reader.stored(raws[index]))


class _RowReader:
    """One table's rows, each decoded from its raw text as the table's row type (`_row_type`): `check`
    refuses (`Unsure`) whatever else `checks.check_value` would report; `stored` gives a checked row as
    it will be stored. Each check and change is a loop over the fields it concerns."""

    def __init__(self, table: str, inspect: Callable | None = None):
        fields = TABLES[table]
        self.decode = msgspec.json.Decoder(_row_type(table)).decode
        self.inspect = inspect

        def slots(test: Callable[[Field], bool]) -> list[int]:
            return [slot for slot, spec in enumerate(fields) if test(spec)]

        self.not_blank = slots(lambda spec: spec.required and spec.kind in ("text", "ref"))
        self.printable = slots(lambda spec: spec.kind == "ref" or spec.name == "uid")  # SQLite's json_each stops at a NUL
        self.dates = slots(lambda spec: spec.kind == "date")
        self.stamps = slots(lambda spec: spec.kind == "datetime" and spec.name in STAMP_COLUMNS)
        self.local_times = slots(lambda spec: spec.kind == "datetime" and spec.name not in STAMP_COLUMNS)
        self.objects = slots(lambda spec: spec.kind == "dict")
        self.clocks = slots(lambda spec: spec.kind == "clock")
        names = [spec.name for spec in fields]
        self.days = [(slot, names.index(spec.day_of)) for slot, spec in enumerate(fields) if spec.day_of]
        self.defaults = [(slot, spec.default) for slot, spec in enumerate(fields)
                         if spec.default is not None and spec.kind not in ("list", "dict")]
        self.texts = [(slot, spec.default) for slot, spec in enumerate(fields) if spec.kind in ("list", "dict")]

    def check(self, raw: msgspec.Raw) -> tuple:
        """The row's values as the file has them, once checked."""
        try:
            row = self.decode(raw)
        except _ERRORS:
            raise Unsure from None
        values = astuple(row)
        try:
            for slot in self.not_blank:
                if not values[slot].strip():
                    raise Unsure
            for slot in self.printable:
                if values[slot] is not None and not values[slot].isprintable():
                    raise Unsure
            for slot in self.dates:
                if values[slot] is not None:
                    date.fromisoformat(values[slot])
                    if len(values[slot]) != 10:
                        raise Unsure
            for slot in self.stamps:
                if values[slot] is not None:
                    datetime.fromisoformat(values[slot])
            for slot in self.local_times:
                if values[slot] is not None and datetime.fromisoformat(values[slot]).tzinfo is not None:
                    raise Unsure
            for slot in self.objects:
                _JSON(values[slot])
            for slot in self.clocks:
                if values[slot] is not None and not is_clock(values[slot]):
                    raise Unsure
            for slot, day in self.days:  # a moment on the day its date says (`checks.check_days`)
                if values[slot] is not None and (values[day] is None or datetime.fromisoformat(values[slot]).date()
                                                 != date.fromisoformat(values[day])):
                    raise Unsure
        except ValueError:  # not a date, or a number with more digits than Python writes
            raise Unsure from None
        if self.inspect is not None:
            self.inspect(row)
        return values

    def stored(self, raw: msgspec.Raw) -> list:
        """A checked row's values as they will be stored: defaults for nulls, dates and times in one
        spelling (so they compare as text), lists and objects as JSON text."""
        values = list(astuple(self.decode(raw)))
        for slot, default in self.defaults:
            if values[slot] is None:
                values[slot] = default
        for slot in self.dates:
            if values[slot] is not None:
                values[slot] = date.fromisoformat(values[slot]).isoformat()
        for slot in self.local_times:
            if values[slot] is not None:
                values[slot] = dates.iso_datetime(datetime.fromisoformat(values[slot]))
        for slot, default in self.texts:
            values[slot] = _JSON(default if values[slot] is None else values[slot])
        return values


def _row_type(table: str) -> type:
    """The row's keys and JSON types, choices and ranges: unknown keys, a missing or null required key, a
    value of another type, out of its range or not among its choices are refused while decoding; a
    missing optional key takes its default."""
    fields = []
    for spec in TABLES[table]:
        kind = {"int": int, "list": list[str], "dict": dict}.get(spec.kind, str)
        if spec.choices:
            kind = Literal[spec.choices]
        if spec.kind == "int":  # within its range, and never past what SQLite stores
            low = _INT64[0] if spec.low is None else max(spec.low, _INT64[0])
            high = _INT64[1] if spec.high is None else min(spec.high, _INT64[1])
            kind = Annotated[int, msgspec.Meta(ge=low, le=high)]
        fields.append((spec.name, kind) if spec.required else (spec.name, kind | None, spec.default))
    return msgspec.defstruct(f"{table}_row", fields, kw_only=True, forbid_unknown_fields=True)


def _review_inspector() -> Callable:
    """Each review's answers fit its template (`checks.check_reviews`)."""
    templates = review_templates()

    def inspect(row) -> None:
        if row.answers is None:
            return
        template = templates.get(row.template)
        if any(answer_problem(template, str(key), value) is not None for key, value in row.answers.items()):
            raise Unsure

    return inspect
