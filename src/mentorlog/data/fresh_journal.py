"""A new journal made at once from the schema image, and the image remade from the migrations.

A journal file with no tables at all gets the final schema in one go: the CREATE statements the migrations
leave (`schema_image.SCHEMA`, in the order the journal holds them), the records of every migration as applied,
and the rows the migrations insert, each value a migration makes anew for every journal (the device id) made
anew here too. That is the same journal as running every migration, without importing sqlite-utils or
running fifteen steps on a person's first command (`tests/test_schema_image.py` proves them the same).

The migrations stay the only source of truth, and the only way an existing journal is upgraded. After
appending a migration, regenerate the image:

    python -m mentorlog.data.fresh_journal

(until then a new journal is migrated step by step, and the tests say the image is stale).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path

from mentorlog.data.migrations import MIGRATION_SET

MIGRATIONS_TABLE = "_sqlite_migrations"  # sqlite-utils' record of the migrations applied
# Values a migration makes anew for each journal, by (table, column, the row's primary key): the image holds
# the SQL that makes them, never a copy. Building the image refuses any other value that differs between
# two migrated journals.
FRESH = {("journal_meta", "value", ("device_id",)): "lower(hex(randomblob(16)))"}


def fits(conn: sqlite3.Connection, step_names: Sequence[str]) -> bool:
    """Whether this journal can be made from the image: it has nothing in it yet, and the image was made
    from exactly these migrations."""
    from mentorlog.data import schema_image

    return (schema_image.STEP_NAMES == tuple(step_names)
            and conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone() is None)


def create(conn: sqlite3.Connection) -> None:
    """Make the journal from the image, inside the caller's transaction (on a journal that `fits`)."""
    from mentorlog.data.schema_image import ROWS, SCHEMA, STEP_NAMES

    for statement in SCHEMA:
        conn.execute(statement)
    applied_at = str(datetime.now(timezone.utc))  # as sqlite-utils records a migration applied
    conn.executemany(f"INSERT INTO {MIGRATIONS_TABLE} (migration_set, name, applied_at) VALUES (?, ?, ?)",
                     [(MIGRATION_SET, name, applied_at) for name in STEP_NAMES])
    for statement, params in ROWS:
        conn.execute(statement, params)


# -- making the image ------------------------------------------------------------------------------


def migrated() -> sqlite3.Connection:
    """A journal in memory made by every migration, as a new journal was before the image."""
    from sqlite_utils import Database

    from mentorlog.data.migrations import migrations

    conn = sqlite3.connect(":memory:", isolation_level=None)
    migrations().apply(Database(conn))
    return conn


def shadow_tables(conn: sqlite3.Connection) -> set[str]:
    """The tables a virtual table (FTS5) makes for itself when it is created."""
    found: set[str] = set()
    for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'"):
        scratch = sqlite3.connect(":memory:")
        try:
            scratch.execute(sql)
            found |= {made for (made,) in scratch.execute("SELECT name FROM sqlite_master") if made != name}
        finally:
            scratch.close()
    return found


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _rows(conn: sqlite3.Connection, table: str) -> tuple[list[str], list[str], list[tuple]]:
    info = conn.execute(f"PRAGMA table_info({_quoted(table)})").fetchall()
    columns = [row[1] for row in info]
    keys = [row[1] for row in sorted(info, key=lambda row: row[5]) if row[5]]
    return columns, keys, conn.execute(f"SELECT * FROM {_quoted(table)}").fetchall()


def image(conn: sqlite3.Connection, again: sqlite3.Connection) -> tuple[tuple, tuple, tuple]:
    """(STEP_NAMES, SCHEMA, ROWS) of a migrated journal; `again`, migrated the same way, shows which values
    each journal makes anew (each must be named in FRESH)."""
    steps = tuple(name for (name,) in conn.execute(
        f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY rowid", [MIGRATION_SET]))
    shadows = shadow_tables(conn)
    entries = conn.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid").fetchall()
    schema = tuple(sql for _, name, sql in entries if name not in shadows)
    rows = []
    for kind, table, sql in entries:
        if kind != "table" or table in shadows or table == MIGRATIONS_TABLE or sql.upper().startswith("CREATE VIRTUAL"):
            continue
        columns, keys, found = _rows(conn, table)
        others = _rows(again, table)[2]
        if len(found) != len(others):
            raise ValueError(f"two migrated journals hold different numbers of rows in {table}")
        for row, other in zip(found, others):
            key = tuple(row[columns.index(column)] for column in keys)
            values, params = [], []
            for column, value, other_value in zip(columns, row, other):
                made = FRESH.get((table, column, key))
                if made is None and value != other_value:
                    raise ValueError(f"{table}.{column} of the row {key} is made anew by each migration: "
                                     "name the SQL that makes it in FRESH")
                values.append(made or "?")
                if made is None:
                    params.append(value)
            rows.append((f"INSERT INTO {_quoted(table)} ({', '.join(map(_quoted, columns))}) "
                         f"VALUES ({', '.join(values)})", tuple(params)))
    return steps, schema, tuple(rows)


def _literal(value, indent: str = "    ", width: int = 112) -> str:
    """A string as Python source, cut at spaces into pieces that fit the line (adjacent literals join)."""
    if not isinstance(value, str) or len(repr(value)) <= width:
        return repr(value)
    pieces, current = [], ""
    for word in re.split(r"(?<= )(?=[^ ])", value):  # each word with the spaces after it: they join back exactly
        if current and len(repr(current + word)) > width:
            pieces.append(current)
            current = ""
        current += word
    pieces.append(current)
    return "(" + f"\n{indent} ".join(repr(piece) for piece in pieces) + ")"


def render(steps: tuple, schema: tuple, rows: tuple) -> str:
    """The text of `schema_image.py`."""
    lines = [
        '"""The journal\'s final schema, as every migration leaves it: GENERATED, do not edit.',
        "",
        "Made by `python -m mentorlog.data.fresh_journal` from the migrations named in STEP_NAMES (regenerate",
        "it after appending one); a new journal is made from it by `fresh_journal.create`.",
        '"""',
        "",
        "STEP_NAMES = (",
        *(f"    {name!r}," for name in steps),
        ")",
        "",
        "SCHEMA = (",
        *(f"    {_literal(statement)}," for statement in schema),
        ")",
        "",
        "ROWS = (",
        *(f"    ({_literal(statement, '        ')}, {params!r})," for statement, params in rows),
        ")",
        "",
    ]
    return "\n".join(lines)


def build() -> str:
    conn, again = migrated(), migrated()
    try:
        text = render(*image(conn, again))
        found: dict = {}
        exec(compile(text, "schema_image.py", "exec"), found)  # the text must say exactly what was read
        if (found["STEP_NAMES"], found["SCHEMA"], found["ROWS"]) != image(conn, again):
            raise ValueError("the rendered image does not read back as the schema it was made from")
        return text
    finally:
        conn.close()
        again.close()


def main() -> None:
    target = Path(__file__).with_name("schema_image.py")
    temporary = target.with_name(target.name + ".new")
    temporary.write_text(build(), encoding="utf-8")
    temporary.replace(target)
    print(f"wrote {target.name}")


if __name__ == "__main__":
    main()
