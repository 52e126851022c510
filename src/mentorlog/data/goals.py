"""Data layer for goals, their milestones and their progress history. Never prints."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime

from mentorlog.data.journal import Journal, insert_row, new_uid, required_text, update_row
from mentorlog.data.tables import Join, Table
from mentorlog.domain import dates
from mentorlog.domain.models import GOAL_CATEGORIES, Goal, GoalUpdate, Mentorship, Milestone
from mentorlog.errors import MentorlogError

GOALS = Table("goals", Goal, refs={"mentorship_id": "mentorships"},
              joins={"with_name": Join("mentorships", "mentorship_id", "name")})
MILESTONES = Table("milestones", Milestone, refs={"goal_id": "goals"}, order="t.due IS NULL, t.due, t.id")
GOAL_UPDATES = Table("goal_updates", GoalUpdate, refs={"goal_id": "goals"}, order="t.date, t.id")
GOAL_FIELDS = ("title", "why", "category", "target", "metric", "impact", "support", "feasibility", "mentorship_id")
GOAL_CLEARABLE = ("why", "metric", "target", "mentorship_id")


def check_score(value: int | None, what: str) -> int | None:
    """A score of 1-5: a goal's impact, support and feasibility, a session's rating."""
    if value is not None and not 1 <= value <= 5:
        raise MentorlogError(f"{what} must be between 1 and 5, not {value}")
    return value


def check_progress(value: int) -> int:
    if not 0 <= value <= 100:
        raise MentorlogError(f"progress must be between 0 and 100, not {value}")
    return value


def _goal_columns(fields: dict) -> dict:
    unknown = set(fields) - set(GOAL_FIELDS)
    if unknown:
        raise TypeError(f"unknown goal fields: {unknown}")
    for score in ("impact", "support", "feasibility"):
        check_score(fields.get(score), score)
    if fields.get("category") is not None and fields["category"] not in GOAL_CATEGORIES:
        raise MentorlogError(f"category must be one of {', '.join(GOAL_CATEGORIES)}, not {fields['category']!r}")
    if fields.get("title") is not None:
        fields["title"] = required_text(fields["title"], "goal title")
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in fields.items() if v is not None}


def add_goal(journal: Journal, title: str, mentorship: Mentorship | None = None, **fields) -> Goal:
    stamp = dates.utc_stamp()
    row = {"uid": new_uid(), "created_at": stamp, "updated_at": stamp}
    row.update(_goal_columns({"title": title, **fields}))
    if mentorship is not None:
        row["mentorship_id"] = mentorship.id
    with journal.write() as conn:
        goal_id = insert_row(conn, "goals", row)
    return goal(journal, goal_id)


def goal(journal: Journal, goal_id: int, detail: bool = False) -> Goal:
    found = GOALS.one(journal.conn, goal_id, "goal")
    if detail:
        found.milestones = milestones(journal, [goal_id]).get(goal_id, [])
        found.history = history(journal, goal_id)
    return found


def goals(
    journal: Journal, mentorship: Mentorship | None = None, include_closed: bool = False,
    mentorship_ids: list[int] | None = None,
) -> list[Goal]:
    """Goals heaviest first (active, or every status with `include_closed`)."""
    where, params = ["1"], []
    if mentorship is not None:
        where.append("t.mentorship_id = ?")
        params.append(mentorship.id)
    if mentorship_ids is not None:
        where.append(f"t.mentorship_id IN ({','.join('?' * len(mentorship_ids))})")
        params.extend(mentorship_ids)
    if not include_closed:
        where.append("t.status = 'active'")
    found = GOALS.rows(journal.conn, " AND ".join(where), params)
    return sorted(found, key=lambda g: (g.status != "active", -g.weight, g.target or date.max, g.id))


def update_goal(journal: Journal, found: Goal, clear: tuple[str, ...] = (), **fields) -> Goal:
    """Change the given fields; `clear` names optional columns to empty (`mentorship_id`: a personal goal)."""
    unknown = set(clear) - set(GOAL_CLEARABLE)
    if unknown:
        raise TypeError(f"goal fields that can't be cleared: {unknown}")
    changes = _goal_columns(fields) | dict.fromkeys(clear)
    if changes:
        with journal.write() as conn:
            if changes.get("mentorship_id") is not None:
                _refuse_other_links(conn, found.id, changes["mentorship_id"])
            update_row(conn, "goals", found.id, changes)
    return goal(journal, found.id)


def _refuse_other_links(conn: sqlite3.Connection, goal_id: int, mentorship_id: int) -> None:
    """A goal given to a mentorship keeps only actions and wins of that mentorship: one with anyone else
    (or with nobody) would be linked across mentorships. A personal goal takes them from anyone.

    Milestones have no mentorship of their own: they go with their goal."""
    name = conn.execute("SELECT name FROM mentorships WHERE id = ?", [mentorship_id]).fetchone()
    for table, what in (("actions", "action"), ("wins", "win")):
        row = conn.execute(
            f"SELECT t.id, m.name FROM {table} t LEFT JOIN mentorships m ON m.id = t.mentorship_id "
            f"WHERE t.goal_id = ? AND t.mentorship_id IS NOT ? ORDER BY t.id LIMIT 1", [goal_id, mentorship_id]
        ).fetchone()
        if row is not None:
            whose = f"with {row[1]}" if row[1] is not None else "with nobody"
            fix = (f"unlink it first: mentorlog action edit {row[0]} --clear goal" if table == "actions"
                   else f"a win stays as it is, so keep the goal personal: mentorlog goal edit {goal_id} --clear with")
            raise MentorlogError(f"goal #{goal_id} has {what} #{row[0]} {whose}, so it can't become "
                                 f"{name[0] if name else 'another'}'s; {fix}")


def record_progress(journal: Journal, found: Goal, percent: int, note: str | None = None,
                    when: datetime | None = None) -> Goal:
    """Set a goal's progress and keep the update, with its date and note, in the history."""
    return progress_change(journal, found, percent, note, when)[1]


def progress_change(journal: Journal, found: Goal, percent: int, note: str | None = None,
                    when: datetime | None = None) -> tuple[Goal, Goal]:
    """`record_progress`, giving the goal as it was just before (read inside the same transaction) and after."""
    check_progress(percent)
    with journal.write() as conn:
        before = goal(journal, found.id)
        _record(conn, found.id, percent, note, when)
    return before, goal(journal, found.id)


def _record(conn: sqlite3.Connection, goal_id: int, percent: int, note: str | None, when: datetime | None) -> None:
    stamp = dates.utc_stamp()
    insert_row(conn, "goal_updates", {
        "uid": new_uid(), "goal_id": goal_id, "date": dates.iso_datetime(when or dates.now()),
        "progress": percent, "note": note, "created_at": stamp, "updated_at": stamp,
    })
    update_row(conn, "goals", goal_id, {"progress": percent})


# The statuses a goal may move to each status from: achieved and dropped are left only by reopening
MOVES = {
    "achieved": ("active", "paused"),
    "dropped": ("active", "paused"),
    "paused": ("active",),
    "active": ("achieved", "dropped", "paused"),
}
VERBS = {"achieved": "marking it achieved", "dropped": "dropping it", "paused": "pausing it"}


def close_goal(journal: Journal, found: Goal, status: str, note: str | None = None,
               on: date | None = None) -> Goal:
    """Achieve (progress 100), drop, pause or reopen a goal; the note says why.

    The move is checked against the goal as it is inside the transaction, so two commands
    racing to close one goal can't both succeed (a goal dropped meanwhile is not also achieved)."""
    if status not in MOVES:
        raise ValueError(status)
    closed_on = (on or dates.today()).isoformat() if status in ("achieved", "dropped") else None
    with journal.write() as conn:
        current = goal(journal, found.id)
        check_move(current, status)
        if status == "achieved" and current.progress != 100:
            _record(conn, found.id, 100, note, None)
        update_row(conn, "goals", found.id, {"status": status, "status_note": note, "closed_on": closed_on})
    return goal(journal, found.id)


def check_move(current: Goal, status: str) -> None:
    """Refuse a status change the goal's current status does not allow, saying what to do instead."""
    if current.status == status:
        raise MentorlogError(f"goal #{current.id} is already {status}")
    if current.status in MOVES[status]:
        return
    if status == "paused":
        raise MentorlogError(f"goal #{current.id} is {current.status}; reopen it before pausing it")
    raise MentorlogError(f"goal #{current.id} is already {current.status}; reopen it before {VERBS[status]} "
                         f"(mentorlog goal reopen {current.id})")


def pause_goal(journal: Journal, found: Goal, note: str | None = None) -> Goal:
    """Set an active goal aside for now; reports leave it out until it is reopened."""
    return close_goal(journal, found, "paused", note)


def reopen_goal(journal: Journal, found: Goal, note: str | None = None) -> Goal:
    """An achieved, dropped or paused goal becomes active again; its progress and history stay."""
    return close_goal(journal, found, "active", note)


class GoalChanged(MentorlogError):
    """A goal changed since it was read (by another command, meanwhile): a decision based on it is refused."""

    def __init__(self, current: Goal, message: str = "nothing was saved — run the command again"):
        self.current = current
        super().__init__(f"goal #{current.id} changed while you were answering (it is now {current.status} "
                         f"at {current.progress}%); {message}")


def fingerprint(found: Goal) -> str:
    """The goal's stored state as a short text: any change to one of its columns changes it."""
    values = [getattr(found, column) for column in GOALS.columns]
    import hashlib  # only a review needs it: kept off the start-up of every command

    return hashlib.sha256(json.dumps(values, default=str).encode()).hexdigest()[:20]


def unchanged(journal: Journal, found: Goal, since: str | None = None) -> Goal:
    """The goal as it is now, read inside the caller's write transaction; `GoalChanged` if it differs
    from `found` (or from the state fingerprinted `since`, when the decision was made earlier still)."""
    current = goal(journal, found.id)
    if fingerprint(current) != (since or fingerprint(found)):
        raise GoalChanged(current)
    return current


def history(journal: Journal, goal_id: int) -> list[GoalUpdate]:
    return GOAL_UPDATES.rows(journal.conn, "t.goal_id = ?", [goal_id])


def last_updates(journal: Journal, goal_ids: list[int]) -> dict[int, datetime]:
    """The date of each goal's latest progress update (goals without one are absent)."""
    if not goal_ids:
        return {}
    rows = journal.conn.execute(
        f"SELECT goal_id, MAX(date) FROM goal_updates WHERE goal_id IN ({','.join('?' * len(goal_ids))}) GROUP BY goal_id",
        goal_ids,
    )
    return {goal_id: datetime.fromisoformat(latest) for goal_id, latest in rows}


# -- milestones --------------------------------------------------------------------------------


def add_milestone(journal: Journal, goal_id: int, title: str, due: date | None = None) -> Milestone:
    goal(journal, goal_id)  # an unknown goal is a user error
    stamp = dates.utc_stamp()
    row = {"uid": new_uid(), "goal_id": goal_id, "title": required_text(title, "milestone title"),
           "due": due.isoformat() if due else None, "created_at": stamp, "updated_at": stamp}
    with journal.write() as conn:
        milestone_id = insert_row(conn, "milestones", row)
    return milestone(journal, milestone_id)


def milestone(journal: Journal, milestone_id: int) -> Milestone:
    return MILESTONES.one(journal.conn, milestone_id, "milestone")


def complete_milestone(journal: Journal, found: Milestone, on: date | None = None) -> Milestone:
    """Mark a milestone done, unless it is already (as read inside the transaction)."""
    with journal.write() as conn:
        current = milestone(journal, found.id)
        if current.done:
            raise MentorlogError(f"milestone #{found.id} was already done on {current.done}")
        update_row(conn, "milestones", found.id, {"done": (on or dates.today()).isoformat()})
    return milestone(journal, found.id)


def milestones(journal: Journal, goal_ids: list[int]) -> dict[int, list[Milestone]]:
    """Milestones of each goal, by due date (undated last)."""
    if not goal_ids:
        return {}
    grouped: dict[int, list[Milestone]] = {}
    for step in MILESTONES.rows(journal.conn, f"t.goal_id IN ({','.join('?' * len(goal_ids))})", goal_ids):
        grouped.setdefault(step.goal_id, []).append(step)
    return grouped


def next_milestone(items: list[Milestone]) -> Milestone | None:
    return next((m for m in items if m.done is None), None)


def move_open_milestones(journal: Journal, mentorship: Mentorship, days: int) -> int:
    """Move the due dates of the milestones not done of the mentorship's goals `days` later (a pause's
    length); how many moved. Call inside the write that records the resume (`actions.move_open_due`)."""
    if days <= 0:
        return 0
    with journal.write() as conn:
        return conn.execute("UPDATE milestones SET due = date(due, ?), updated_at = ? WHERE done IS NULL "
                            "AND due IS NOT NULL AND goal_id IN (SELECT id FROM goals WHERE mentorship_id = ?)",
                            [f"+{days} days", dates.utc_stamp(), mentorship.id]).rowcount
