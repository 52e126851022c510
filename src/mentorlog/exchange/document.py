"""What a version 1 json export holds: its tables in document order, and each row's keys.

Rows travel with their `uid` and refer to each other by uid (`mentorship_uid`, `goal_uid`, …), never
by integer id, so an export merges into any journal without duplicates.
"""

from __future__ import annotations

from mentorlog.data import schema
from mentorlog.data.tables import Field

FORMAT = "mentorlog"
VERSION = 1

# Every table in document order, each row's keys as its table's declaration gives them (every column
# but `id`; a reference as the uid of the row it points to).
TABLES: dict[str, tuple[Field, ...]] = {table.name: table.fields for table in schema.tables()}
# Rows are written so that whatever a row refers to already exists.
WRITE_ORDER = schema.write_order()
# The change history travels in a whole-journal export, as two more lists: it is the journal's record,
# read by people and (later) by sync; an import keeps its own history and leaves these as they are.
HISTORY_KEYS = ("change_groups", "changes")
DOCUMENT_KEYS = ("format", "version", "exported_at", *TABLES, *HISTORY_KEYS)


def refs(table: str) -> list[Field]:
    """The fields of `table` that refer to a row of another table (by its uid)."""
    return [f for f in TABLES[table] if f.kind == "ref"]
