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

import msgspec

from mentorlog.domain import dates
from mentorlog.exchange.checks import answer_problem, review_templates
from mentorlog.exchange.document import DOCUMENT_KEYS, FORMAT, TABLES, VERSION, WRITE_ORDER, Field

# Lists and objects are stored as JSON text, spelled as `json.dumps(value, ensure_ascii=False)` spells them.
_JSON = json.JSONEncoder(ensure_ascii=False).encode
_ERRORS = (msgspec.MsgspecError, RecursionError)
_INT64 = (-(2**63), 2**63 - 1)


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
    values = _row_reader(table)
    inspect = _review_inspector() if table == "reviews" and raws else None
    names = [spec.name for spec in fields]
    uid_slot = names.index("uid")
    refs = [(slot, spec.table) for slot, spec in enumerate(fields) if spec.kind == "ref"]
    uids: list[str] = []
    seen[table] = here = set()
    for raw in raws:
        row = values(raw, inspect)
        uid = row[uid_slot]
        if uid in here:
            raise Unsure
        here.add(uid)
        uids.append(uid)
        for slot, target in refs:
            ref = row[slot]
            if ref is not None and ref not in seen[target]:
                outside[target].add(ref)
    return TableRows(table, uids, lambda index: values(raws[index]))


def _row_reader(table: str) -> Callable:
    """Decode one row's raw text as `table`'s row type; check it; return it as it will be stored."""
    decode = msgspec.json.Decoder(_row_type(table)).decode
    astuple = msgspec.structs.astuple
    fixes = [(slot, fix) for slot, fix in ((slot, _fixer(spec)) for slot, spec in enumerate(TABLES[table]))
             if fix is not None]

    def values(raw: msgspec.Raw, inspect: Callable | None = None) -> list:
        try:
            row = decode(raw)
        except _ERRORS:
            raise Unsure from None
        if inspect is not None:
            inspect(row)
        out = list(astuple(row))
        for slot, fix in fixes:
            out[slot] = fix(out[slot])
        return out

    return values


def _row_type(table: str) -> type:
    """The row's keys and JSON types: unknown keys, a missing or null required key, a value of another type
    are refused while decoding; a missing optional key takes its default."""
    fields = []
    for spec in TABLES[table]:
        kind = {"int": int, "list": list[str], "dict": dict}.get(spec.kind, str)
        fields.append((spec.name, kind) if spec.required else (spec.name, kind | None, spec.default))
    return msgspec.defstruct(f"{table}_row", fields, kw_only=True, forbid_unknown_fields=True)


def _fixer(spec: Field) -> Callable | None:
    """What checking one value of a decoded row takes beyond its JSON type, returning it as stored (None:
    nothing); each refuses what `checks.check_value` would report."""
    if spec.kind in ("list", "dict"):
        return _json_text(spec.default)
    if spec.kind == "int":
        return _whole_number(spec)
    if spec.kind == "text" and not (spec.required or spec.choices or spec.name == "uid" or spec.default is not None):
        return None
    required, choices, default = spec.required, spec.choices, spec.default
    printable = spec.kind == "ref" or spec.name == "uid"
    finish = {"date": _date, "datetime": _stamp if spec.name in ("created_at", "updated_at") else _local_time}.get(
        spec.kind, lambda value: value)

    def fix(value):
        if value is None:
            return default  # a null optional key (a required one is refused while decoding)
        if required and not value.strip() or printable and not value.isprintable() or choices and value not in choices:
            raise Unsure
        return finish(value)

    return fix


def _json_text(default: object) -> Callable:
    def fix(value):
        try:
            return _JSON(default if value is None else value)
        except ValueError:  # e.g. a number with more digits than Python writes
            raise Unsure from None

    return fix


def _whole_number(spec: Field) -> Callable:
    low = _INT64[0] if spec.low is None else max(spec.low, _INT64[0])
    high = _INT64[1] if spec.high is None else min(spec.high, _INT64[1])
    default = spec.default

    def fix(value):
        if value is None:
            return default
        if not low <= value <= high:
            raise Unsure
        return value

    return fix


def _date(value: str) -> str:
    try:
        if len(value) == 10:
            return date.fromisoformat(value).isoformat()  # one spelling, so dates compare as text
    except ValueError:
        pass
    raise Unsure


def _stamp(value: str) -> str:
    try:
        datetime.fromisoformat(value)
    except ValueError:
        raise Unsure from None
    return value


def _local_time(value: str) -> str:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise Unsure from None
    if moment.tzinfo is not None:
        raise Unsure
    return dates.iso_datetime(moment)


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
