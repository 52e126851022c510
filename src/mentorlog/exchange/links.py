"""The link rules on an import, checked on the journal as the merge would leave it: no action or win
serving a goal of another mentorship (a personal goal serves anyone), no session dated before its
mentorship started. They are the rules the commands keep (`domain.links`); here a row from the file is
named by its place in the file, and a journal row the merge would break is named through the file's
row that would break it (a goal moved to another mentorship, a start moved later)."""

from __future__ import annotations

import json
import sqlite3
from typing import TYPE_CHECKING

from mentorlog.domain.links import held_in_time, serves
from mentorlog.exchange.checks import Problems
from mentorlog.exchange.document import TABLES

if TYPE_CHECKING:
    from mentorlog.exchange.importer import ImportPlan

SERVING = (("actions", "action"), ("wins", "win"))
_NAMES = {table: [spec.name for spec in fields] for table, fields in TABLES.items()}


def check_links(conn: sqlite3.Connection, plan: ImportPlan, problems: Problems) -> None:
    """Note every row, from the file or already in the journal, that the merge would leave breaking a link rule."""
    merged = Merged(conn, plan)
    for table, what in SERVING:
        _served_in_file(merged, table, what, problems)
        _served_in_journal(conn, merged, table, what, problems)
    _sessions_in_file(merged, problems)
    _sessions_in_journal(conn, merged, problems)


class Merged:
    """The journal after the merge, as far as the link rules need it: each goal's mentorship (a uid, or
    None for a personal goal), each mentorship's name and start, by uid; and the file's rows that the
    merge writes (added or newer than the journal's), by uid, with their place in the file."""

    def __init__(self, conn: sqlite3.Connection, plan: ImportPlan):
        self.plan = plan
        self.written = {table: {plan.document.tables[table].uids[index]: index for index in _written(plan, table)}
                        for table in ("mentorships", "goals", "sessions", *(table for table, _ in SERVING))}
        self.people = {uid: (name, since) for uid, name, since in conn.execute("SELECT uid, name, since FROM mentorships")}
        self.people.update((uid, (row["name"], row["since"])) for uid, row in self.rows("mentorships"))
        self.owner = dict(conn.execute(
            "SELECT g.uid, m.uid FROM goals g LEFT JOIN mentorships m ON m.id = g.mentorship_id"))
        self.owner.update((uid, row["mentorship_uid"]) for uid, row in self.rows("goals"))

    def rows(self, table: str):
        """(uid, the row by field name) of each row of `table` the merge writes."""
        rows = self.plan.document.tables[table]
        for uid, index in self.written[table].items():
            yield uid, dict(zip(_NAMES[table], rows.values(index)))

    def name(self, mentorship_uid: str | None) -> str:
        return self.people[mentorship_uid][0] if mentorship_uid in self.people else "nobody"

    def where(self, table: str, uid: str) -> str:
        return f"{table}[{self.written[table][uid]}]"


def _written(plan: ImportPlan, table: str) -> list[int]:
    return [*plan.added.get(table, ()), *(index for _, index in plan.updated.get(table, ()))]


def _served_in_file(merged: Merged, table: str, what: str, problems: Problems) -> None:
    for uid, row in merged.rows(table):
        goal, mentorship = row["goal_uid"], row["mentorship_uid"]
        if goal is None or serves(merged.owner.get(goal), mentorship):
            continue
        owner = merged.name(merged.owner[goal])
        if mentorship is None:
            problems.add(merged.where(table, uid), f"goal {goal} is {owner}'s, and {what} with nobody can't serve "
                                                   f"it; give it {owner}'s mentorship_uid, or link a personal goal")
        else:
            name = merged.name(mentorship)
            problems.add(merged.where(table, uid), f"goal {goal} is {owner}'s, not {name}'s; {what} with {name} "
                                                   f"serves one of {name}'s goals or a personal one")


def _served_in_journal(conn: sqlite3.Connection, merged: Merged, table: str, what: str, problems: Problems) -> None:
    """The journal's own actions or wins, left as they are, serving a goal the file gives to another mentorship."""
    moved = [uid for uid in merged.written["goals"] if merged.owner[uid] is not None]
    if not moved:
        return
    found = conn.execute(
        f"SELECT t.id, t.uid, g.uid, m.uid FROM {table} t JOIN goals g ON g.id = t.goal_id "
        f"LEFT JOIN mentorships m ON m.id = t.mentorship_id WHERE g.uid IN (SELECT value FROM json_each(?)) "
        f"ORDER BY t.id", [json.dumps(moved)])
    for row_id, uid, goal, mentorship in found:
        if uid not in merged.written[table] and not serves(merged.owner[goal], mentorship):
            problems.add(merged.where("goals", goal),
                         f"it would be {merged.name(merged.owner[goal])}'s goal, but {what} #{row_id} in the journal, "
                         f"with {merged.name(mentorship)}, serves it; unlink that {what} first, or keep the goal "
                         "where it is")


def _sessions_in_file(merged: Merged, problems: Problems) -> None:
    for uid, row in merged.rows("sessions"):
        name, since = merged.people[row["mentorship_uid"]]
        held_on = row["held_at"][:10]
        if not held_in_time(since, held_on):
            problems.add(merged.where("sessions", uid),
                         f"held on {held_on}, before {name}'s mentorship started ({since}); a session can't come "
                         "before the start: move the start (the mentorship's since) or the session")


def _sessions_in_journal(conn: sqlite3.Connection, merged: Merged, problems: Problems) -> None:
    """The journal's own sessions, left as they are, before a start the file moves later."""
    for uid, row in merged.rows("mentorships"):
        since = row["since"]
        if since is None:
            continue
        early = conn.execute(
            "SELECT s.id, s.uid, s.held_at FROM sessions s JOIN mentorships m ON m.id = s.mentorship_id "
            "WHERE m.uid = ? AND s.held_at < ? ORDER BY s.held_at, s.id", [uid, since])
        for session_id, session_uid, held_at in early:
            if session_uid not in merged.written["sessions"] and not held_in_time(since, held_at[:10]):
                problems.add(merged.where("mentorships", uid),
                             f"{row['name']}'s mentorship would start on {since}, after session #{session_id} in "
                             f"the journal (held on {held_at[:10]}); keep the start on or before it")
                break
