"""The sessions table: the meetings."""

from __future__ import annotations

from datetime import datetime

from mentorlog.data import mentorships
from mentorlog.data.journal import Journal, insert_row, new_uid, update_row
from mentorlog.data.tables import Join, Table, cleared, columns_of, conditions
from mentorlog.domain import dates
from mentorlog.domain.models import Mentorship, Session
from mentorlog.domain import links
from mentorlog.domain.text import shell_word
from mentorlog.errors import MentorlogError

SESSIONS = Table("sessions", Session, refs={"mentorship_id": "mentorships"},
                 joins={"with_name": Join("mentorships", "mentorship_id", "name"),
                        "role": Join("mentorships", "mentorship_id", "role")},
                 order="t.held_at DESC, t.id DESC")
EDITABLE = ("duration_minutes", "channel", "topics", "notes", "private_notes", "takeaways", "rating", "held_at")
CLEARABLE = ("duration_minutes", "channel", "topics", "notes", "private_notes", "takeaways", "rating")


def add_session(journal: Journal, mentorship: Mentorship, held_at: datetime, reopen: bool = False,
                **fields) -> Session:
    """Log a session. Its mentorship, as read inside the write, must have started by then; an ended one
    takes a session held after its end only with `reopen`, which makes it active again in the same write."""
    stamp = dates.utc_stamp()
    row = {"uid": new_uid(), "mentorship_id": mentorship.id, "held_at": dates.iso_datetime(held_at),
           "created_at": stamp, "updated_at": stamp}
    row.update(columns_of(SESSIONS, {**fields, "held_at": None}, EDITABLE))
    with journal.write() as conn:
        current = mentorships.mentorship(journal, mentorship.id)
        check_started(current, held_at, "log")
        if needs_reopening(current, held_at):
            if not reopen:
                raise MentorlogError(f"{current.name}'s mentorship ended on {current.ended_on}; "
                                     "add --reopen to log a session and reopen it")
            mentorships.set_status(journal, current, "active")
        session_id = insert_row(conn, "sessions", row)
    return session(journal, session_id)


def needs_reopening(mentorship: Mentorship, held_at: datetime) -> bool:
    """An ended mentorship takes a session from before its end as it is (it is history); a later one reopens it."""
    return mentorship.status == "ended" and (mentorship.ended_on is None or held_at.date() > mentorship.ended_on)


def check_started(mentorship: Mentorship, held_at: datetime, verb: str) -> None:
    """A session is never dated before its mentorship started; the error says how to move the start."""
    if links.held_in_time(mentorship.since, held_at.date()):
        return
    edit = f"mentorlog {mentorship.role} edit {shell_word(mentorship.name)} --since {held_at.date().isoformat()}"
    raise MentorlogError(f"{mentorship.name}'s mentorship started on {mentorship.since}; to {verb} a session "
                         f"before that, move the start first: {edit}")


def session(journal: Journal, session_id: int) -> Session:
    return SESSIONS.one(journal.conn, session_id, "session")


def sessions(journal: Journal, mentorship: Mentorship | None = None, since: datetime | None = None,
             until: datetime | None = None, limit: int | None = None) -> list[Session]:
    """Newest first."""
    where, params = conditions(("t.mentorship_id = ?", mentorship.id if mentorship else None),
                               ("t.held_at >= ?", dates.iso_datetime(since) if since else None),
                               ("t.held_at <= ?", dates.iso_datetime(until) if until else None))
    return SESSIONS.rows(journal.conn, where, params, limit=limit)


def update_session(journal: Journal, found: Session, mentorship: Mentorship | None = None,
                   clear: tuple[str, ...] = (), **fields) -> Session:
    """Change the given fields; `clear` names optional columns to empty.

    Moved to another mentorship, the session takes along the actions it gave the old one.
    """
    changes = columns_of(SESSIONS, {**fields, "held_at": None}, EDITABLE)
    changes.update(cleared(SESSIONS, clear, CLEARABLE))
    if fields.get("held_at") is not None:
        changes["held_at"] = dates.iso_datetime(fields["held_at"])
    if mentorship is not None:
        changes["mentorship_id"] = mentorship.id
    if changes:
        with journal.write() as conn:
            current = session(journal, found.id)  # read inside the write: where its actions are now
            target = mentorships.mentorship(journal, mentorship.id if mentorship else current.mentorship_id)
            if "held_at" in changes or target.id != current.mentorship_id:
                check_started(target, fields.get("held_at") or current.held_at, "move")
            update_row(conn, "sessions", found.id, changes)
            if target.id != current.mentorship_id:
                _refuse_goal_links(conn, found.id, current.mentorship_id, target)
                conn.execute(
                    "UPDATE actions SET mentorship_id = ?, updated_at = ? WHERE session_id = ? AND mentorship_id = ?",
                    [target.id, dates.utc_stamp(), found.id, current.mentorship_id],
                )
    return session(journal, found.id)


def _refuse_goal_links(conn, session_id: int, old_id: int, target: Mentorship) -> None:
    """The actions a session takes along must not serve a goal of the mentorship it leaves."""
    row = conn.execute(
        "SELECT a.id, g.id FROM actions a JOIN goals g ON g.id = a.goal_id "
        "WHERE a.session_id = ? AND a.mentorship_id = ? AND g.mentorship_id IS NOT NULL AND g.mentorship_id != ? "
        "ORDER BY a.id LIMIT 1", [session_id, old_id, target.id]).fetchone()
    if row is not None:
        raise MentorlogError(f"action #{row[0]} of session #{session_id} serves goal #{row[1]}, which is not "
                             f"{target.name}'s; move or unlink it first: mentorlog action edit {row[0]} --clear goal")


def delete_session(journal: Journal, found: Session) -> None:
    with journal.write() as conn:
        session(journal, found.id)  # deleted meanwhile by another mentorlog: "no session with id N"
        conn.execute("UPDATE actions SET session_id = NULL WHERE session_id = ?", [found.id])
        conn.execute("DELETE FROM sessions WHERE id = ?", [found.id])
