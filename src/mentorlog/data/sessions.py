"""The sessions table: the meetings."""

from __future__ import annotations

from datetime import datetime

from mentorlog.data.journal import Journal, insert_row, new_uid, update_row
from mentorlog.data.tables import Join, Table, cleared, columns_of, conditions
from mentorlog.domain import dates
from mentorlog.domain.models import Mentorship, Session

SESSIONS = Table("sessions", Session, refs={"mentorship_id": "mentorships"},
                 joins={"with_name": Join("mentorships", "mentorship_id", "name"),
                        "role": Join("mentorships", "mentorship_id", "role")},
                 order="t.held_at DESC, t.id DESC")
EDITABLE = ("duration_minutes", "channel", "topics", "notes", "private_notes", "takeaways", "rating", "held_at")
CLEARABLE = ("duration_minutes", "channel", "topics", "notes", "private_notes", "takeaways", "rating")


def add_session(journal: Journal, mentorship: Mentorship, held_at: datetime, **fields) -> Session:
    stamp = dates.utc_stamp()
    row = {"uid": new_uid(), "mentorship_id": mentorship.id, "held_at": dates.iso_datetime(held_at),
           "created_at": stamp, "updated_at": stamp}
    row.update(columns_of(SESSIONS, {**fields, "held_at": None}, EDITABLE))
    with journal.write() as conn:
        session_id = insert_row(conn, "sessions", row)
    return session(journal, session_id)


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
            update_row(conn, "sessions", found.id, changes)
            if mentorship is not None and mentorship.id != current.mentorship_id:
                conn.execute(
                    "UPDATE actions SET mentorship_id = ?, updated_at = ? WHERE session_id = ? AND mentorship_id = ?",
                    [mentorship.id, dates.utc_stamp(), found.id, current.mentorship_id],
                )
    return session(journal, found.id)


def delete_session(journal: Journal, found: Session) -> None:
    with journal.write() as conn:
        session(journal, found.id)  # deleted meanwhile by another mentorlog: "no session with id N"
        conn.execute("UPDATE actions SET session_id = NULL WHERE session_id = ?", [found.id])
        conn.execute("DELETE FROM sessions WHERE id = ?", [found.id])
