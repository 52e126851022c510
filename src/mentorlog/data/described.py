"""Ids with a short description, for shell completion: `12  2026-11-03 Ada: promotion case`.

Read-only, like `mentorships.names`: never creates or migrates the file, and anything unreadable gives
nothing rather than an error (a shell is waiting).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

LIMIT = 50  # the newest rows: enough to choose from, few enough to read at a glance
# A row's description: (SELECT of id, date or '', the person's name or NULL, text) and the open rows' test.
QUERIES = {
    "sessions": ("SELECT s.id, substr(s.held_at, 1, 10), m.name, json_extract(s.topics, '$[0]') FROM sessions s "
                 "JOIN mentorships m ON m.id = s.mentorship_id", None, "s.held_at DESC, s.id DESC"),
    "goals": ("SELECT g.id, '', m.name, g.title FROM goals g LEFT JOIN mentorships m ON m.id = g.mentorship_id",
              "g.status = 'active'", "g.id DESC"),
    "actions": ("SELECT a.id, coalesce(a.due, ''), m.name, a.text FROM actions a "
                "LEFT JOIN mentorships m ON m.id = a.mentorship_id", "a.status = 'open'", "a.id DESC"),
    "topics": ("SELECT t.id, '', m.name, t.text FROM topics t JOIN mentorships m ON m.id = t.mentorship_id",
               "t.status = 'open'", "t.id DESC"),
    "prospects": ("SELECT p.id, '', NULL, p.name FROM prospects p", None, "p.id DESC"),
}
ALL_ROWS = {"show", "edit", "delete"}  # commands about any row; `reopen` is about the closed ones, others the open


def ids(path: Path, table: str, command: str = "") -> list[tuple[int, str]]:
    """(id, description) of `table`'s newest rows that `command` applies to, newest first."""
    select, open_test, order = QUERIES[table]
    if open_test and command not in ALL_ROWS:
        select += f" WHERE {'NOT ' if command == 'reopen' else ''}({open_test})"
    if not path.is_file():
        return []
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = conn.execute(f"{select} ORDER BY {order} LIMIT {LIMIT}").fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        return []
    return [(row_id, describe(day, name, text)) for row_id, day, name, text in rows]


def describe(day: str, name: str | None, text: str | None, width: int = 60) -> str:
    """`2026-11-03 Ada: promotion case`: the day, the person's first name and the text, on one line."""
    text = " ".join(str(text or "").split())
    if len(text) > width:
        text = text[: width - 1].rstrip() + "…"
    who = (name or "").split()[0] if (name or "").strip() else ""
    head = " ".join(part for part in (day, who) if part)
    return f"{head}: {text}" if head and text else head or text
