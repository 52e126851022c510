"""Data layer for action items and wins. Never prints."""

from __future__ import annotations

import sqlite3
from datetime import date

from mentorlog.domain import dates
from mentorlog.errors import MentorlogError
from mentorlog.data.journal import Journal, insert_row, new_uid, opt_date, required_text, update_row
from mentorlog.domain.models import OWNERS, Action, Mentorship, Win

ACTION_SELECT = "SELECT a.*, m.name AS with_name FROM actions a LEFT JOIN mentorships m ON m.id = a.mentorship_id"
WIN_SELECT = "SELECT w.*, m.name AS with_name FROM wins w LEFT JOIN mentorships m ON m.id = w.mentorship_id"
ACTION_FIELDS = ("text", "owner", "due", "goal_id", "mentorship_id")
ACTION_CLEARABLE = ("due", "goal_id", "mentorship_id")


def add_action(
    journal: Journal, text: str, owner: str = "me", mentorship: Mentorship | None = None, due: date | None = None,
    goal_id: int | None = None, session_id: int | None = None, review_id: int | None = None,
) -> Action:
    if owner not in OWNERS:
        raise MentorlogError(f"owner must be me or them, not {owner!r}")
    if goal_id is not None:
        _check_goal(journal, goal_id)
    stamp = dates.utc_stamp()
    row = {
        "uid": new_uid(), "text": required_text(text, "action text"), "owner": owner,
        "mentorship_id": mentorship.id if mentorship else None, "due": due.isoformat() if due else None,
        "goal_id": goal_id, "session_id": session_id, "review_id": review_id,
        "created_at": stamp, "updated_at": stamp,
    }
    with journal.write() as conn:
        action_id = insert_row(conn, "actions", row)
    return action(journal, action_id)


def add_session_actions(
    journal: Journal, mentorship: Mentorship, session_id: int, held_on: date, mine: list[str], theirs: list[str],
) -> list[Action]:
    """The actions each side took on in a session, due by the next check-in (session day plus cadence)."""
    due = dates.add_cadence(held_on, mentorship.cadence_days)
    with journal.write():
        return [
            add_action(journal, text, owner, mentorship, due, session_id=session_id)
            for owner, texts in (("me", mine), ("them", theirs))
            for text in texts
        ]


def _check_goal(journal: Journal, goal_id: int) -> None:
    if journal.conn.execute("SELECT 1 FROM goals WHERE id = ?", [goal_id]).fetchone() is None:
        raise MentorlogError(f"no goal with id {goal_id}")


def action(journal: Journal, action_id: int) -> Action:
    row = journal.conn.execute(ACTION_SELECT + " WHERE a.id = ?", [action_id]).fetchone()
    if row is None:
        raise MentorlogError(f"no action with id {action_id}")
    return _action(row)


def actions(
    journal: Journal, mentorship: Mentorship | None = None, status: str | None = "open",
    due_before: date | None = None, owner: str | None = None,
) -> list[Action]:
    """Actions soonest due first (undated last); `status=None` means every status."""
    sql, params = ACTION_SELECT + " WHERE 1", []
    if mentorship is not None:
        sql += " AND a.mentorship_id = ?"
        params.append(mentorship.id)
    if status is not None:
        sql += " AND a.status = ?"
        params.append(status)
    if due_before is not None:
        sql += " AND a.due < ?"
        params.append(due_before.isoformat())
    if owner is not None:
        sql += " AND a.owner = ?"
        params.append(owner)
    sql += " ORDER BY a.due IS NULL, a.due, a.id"
    return [_action(row) for row in journal.conn.execute(sql, params)]


def actions_for_session(journal: Journal, session_id: int) -> list[Action]:
    rows = journal.conn.execute(ACTION_SELECT + " WHERE a.session_id = ? ORDER BY a.owner, a.id", [session_id])
    return [_action(row) for row in rows]


def complete_action(journal: Journal, found: Action, on: date | None = None) -> Action:
    """Mark an open action done (its status read inside the transaction)."""
    with journal.write() as conn:
        check_move(action(journal, found.id), "done")
        update_row(conn, "actions", found.id, {"status": "done", "done_on": (on or dates.today()).isoformat()})
    return action(journal, found.id)


def skip_action(journal: Journal, found: Action, reason: str) -> Action:
    """The action was not taken: the reason is kept, because the next agenda says why."""
    reason = required_text(reason, "reason (say why it was not done)")
    with journal.write() as conn:
        check_move(action(journal, found.id), "skipped")
        update_row(conn, "actions", found.id, {"status": "skipped", "reason": reason,
                                               "done_on": dates.today().isoformat()})
    return action(journal, found.id)


def reopen_action(journal: Journal, found: Action) -> Action:
    """A done or skipped action is open again: its done date and its reason go."""
    with journal.write() as conn:
        check_move(action(journal, found.id), "open")
        update_row(conn, "actions", found.id, {"status": "open", "done_on": None, "reason": None})
    return action(journal, found.id)


def check_move(current: Action, status: str) -> None:
    """Only an open action is closed (done or skipped), and only a closed one is reopened; `current`
    must be read inside the write transaction, so two commands racing to close it can't both succeed."""
    if (current.status == "open") != (status == "open"):
        return
    hint = "" if status == "open" else f"; to change that, reopen it first: mentorlog action reopen {current.id}"
    raise MentorlogError(f"action #{current.id} is already {current.status}{hint}")


def update_action(journal: Journal, found: Action, clear: tuple[str, ...] = (), **fields) -> Action:
    """Change the given fields; `clear` names optional columns to empty."""
    unknown = (set(fields) - set(ACTION_FIELDS)) | (set(clear) - set(ACTION_CLEARABLE))
    if unknown:
        raise TypeError(f"unknown action fields, or ones that can't be cleared: {unknown}")
    if fields.get("owner") is not None and fields["owner"] not in OWNERS:
        raise MentorlogError(f"owner must be me or them, not {fields['owner']!r}")
    if fields.get("text") is not None:
        fields["text"] = required_text(fields["text"], "action text")
    if fields.get("goal_id") is not None:
        _check_goal(journal, fields["goal_id"])
    changes = {k: v.isoformat() if isinstance(v, date) else v for k, v in fields.items() if v is not None}
    changes |= dict.fromkeys(clear)
    if changes:
        with journal.write() as conn:
            update_row(conn, "actions", found.id, changes)
    return action(journal, found.id)


# -- wins --------------------------------------------------------------------------------------


def add_win(journal: Journal, text: str, mentorship: Mentorship | None = None, goal_id: int | None = None,
            on: date | None = None) -> Win:
    if goal_id is not None:
        _check_goal(journal, goal_id)
    stamp = dates.utc_stamp()
    row = {"uid": new_uid(), "text": required_text(text, "win"), "date": (on or dates.today()).isoformat(),
           "mentorship_id": mentorship.id if mentorship else None, "goal_id": goal_id,
           "created_at": stamp, "updated_at": stamp}
    with journal.write() as conn:
        win_id = insert_row(conn, "wins", row)
    return win(journal, win_id)


def win(journal: Journal, win_id: int) -> Win:
    row = journal.conn.execute(WIN_SELECT + " WHERE w.id = ?", [win_id]).fetchone()
    if row is None:
        raise MentorlogError(f"no win with id {win_id}")
    return _win(row)


def wins(journal: Journal, mentorship: Mentorship | None = None, since: date | None = None) -> list[Win]:
    """Wins, newest first."""
    sql, params = WIN_SELECT + " WHERE 1", []
    if mentorship is not None:
        sql += " AND w.mentorship_id = ?"
        params.append(mentorship.id)
    if since is not None:
        sql += " AND w.date >= ?"
        params.append(since.isoformat())
    return [_win(row) for row in journal.conn.execute(sql + " ORDER BY w.date DESC, w.id DESC", params)]


def _action(row: sqlite3.Row) -> Action:
    data = dict(row)
    data["due"] = opt_date(data["due"])
    data["done_on"] = opt_date(data["done_on"])
    return Action(**data)


def _win(row: sqlite3.Row) -> Win:
    data = dict(row)
    data["date"] = date.fromisoformat(data["date"])
    for stamp in ("created_at", "updated_at"):  # Win carries no stamps
        data.pop(stamp, None)
    return Win(**data)
