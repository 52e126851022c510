"""The mentorships table: the people who mentor me and whom I mentor."""

from __future__ import annotations

import sqlite3
from mentorlog.domain.records import record
from datetime import date
from pathlib import Path

from mentorlog.data.journal import Journal, insert_row, new_uid, opt_date, required_text, update_row
from mentorlog.data.tables import Table, cleared, columns_of, conditions
from mentorlog.domain import dates
from mentorlog.domain.models import Mentorship
from mentorlog.errors import MentorlogError

MENTORSHIPS = Table("mentorships", Mentorship, order="t.role, t.name COLLATE NOCASE")
EDITABLE = (
    "name", "kind", "cadence_days", "review_every_days", "since", "until", "channel", "focus",
    "expectations", "boundaries", "checkin_time", "checkin_minutes",
)  # fmt: skip
CLEARABLE = ("until", "channel", "focus", "expectations", "boundaries", "checkin_time", "checkin_minutes")


def mentorships(journal: Journal, role: str | None = None, include_ended: bool = False) -> list[Mentorship]:
    """By role, then name."""
    where, params = conditions(("t.role = ?", role or None), ("t.status != ?", None if include_ended else "ended"))
    return MENTORSHIPS.rows(journal.conn, where, params)


def mentorship(journal: Journal, mentorship_id: int) -> Mentorship:
    return MENTORSHIPS.one(journal.conn, mentorship_id, "mentorship")


def resolve(journal: Journal, name: str, role: str | None = None) -> Mentorship:
    """A mentorship by name or unambiguous prefix, case-insensitive; `mentor:NAME` picks the role."""
    wanted = name.strip()
    if ":" in wanted and wanted.split(":", 1)[0].lower() in ("mentor", "mentee"):
        role, wanted = wanted.split(":", 1)[0].lower(), wanted.split(":", 1)[1].strip()
    if not wanted:
        raise MentorlogError("empty name: give the name (or the start of it) of a mentor or mentee")
    candidates = mentorships(journal, role=role, include_ended=True)
    exact = [m for m in candidates if m.name.casefold() == wanted.casefold()]
    matches = exact or [m for m in candidates if m.name.casefold().startswith(wanted.casefold())]
    if len(matches) > 1:
        active = [m for m in matches if m.status != "ended"]
        matches = active if len(active) == 1 else matches
    if len(matches) == 1:
        return matches[0]
    who = role or "mentor or mentee"
    if not matches:
        known = ", ".join(m.label for m in candidates) or "none yet"
        hint = f"add one with `mentorlog {role or 'mentor'} add NAME`" if not candidates else f"known: {known}"
        raise MentorlogError(f"no {who} matches {name!r}; {hint}")
    listed = ", ".join(f"{m.role}:{m.name}" for m in matches)
    raise MentorlogError(f"{name!r} is ambiguous; it matches {listed}")


def with_arg(journal: Journal, found: Mentorship) -> str:
    """The person as `--with` must name them: `mentor:NAME` when someone of the same name has the other
    role, else the name alone."""
    others = [m for m in mentorships(journal, include_ended=True)
              if m.role != found.role and m.name.casefold() == found.name.casefold()]
    return f"{found.role}:{found.name}" if others else found.name


def add_mentorship(journal: Journal, name: str, role: str, **fields) -> Mentorship:
    name = required_text(name, "name")
    stamp = dates.utc_stamp()
    row = {"uid": new_uid(), "name": name, "role": role, "created_at": stamp, "updated_at": stamp}
    row.update(_columns(fields))
    row.setdefault("since", dates.today().isoformat())
    with journal.write() as conn:
        _refuse_clash(conn, role, name)
        new_id = insert_row(conn, "mentorships", row)
    return mentorship(journal, new_id)


def update_mentorship(journal: Journal, found: Mentorship, clear: tuple[str, ...] = (), **fields) -> Mentorship:
    """Change the given fields; `clear` names optional columns to empty.

    The dates are checked against the mentorship as it is inside the write, not as it was read."""
    changes = _columns(fields)
    changes.update(cleared(MENTORSHIPS, clear, CLEARABLE))
    if "name" in changes:
        changes["name"] = required_text(changes["name"], "name")
    if not changes:
        return found
    with journal.write() as conn:
        current = mentorship(journal, found.id)
        since = opt_date(changes.get("since")) or current.since
        until = opt_date(changes["until"]) if "until" in changes else current.until
        if since and until and until < since:
            raise MentorlogError(f"the planned end ({until}) would be before the start ({since})")
        if since and current.ended_on and current.ended_on < since:
            raise MentorlogError(f"the start ({since}) would be after the day it ended ({current.ended_on})")
        if "name" in changes:
            _refuse_clash(conn, current.role, changes["name"], current.id)
        update_row(conn, "mentorships", current.id, changes)
    return mentorship(journal, found.id)


def set_status(journal: Journal, found: Mentorship, status: str, on: date | None = None,
               note: str | None = None) -> Mentorship:
    """Pause, resume or end (see `change_status`); the mentorship as it is now."""
    return change_status(journal, found, status, on, note).mentorship


@record
class StatusChange:
    """What a pause, resume or end did: the mentorship after it, and for a resume from a pause, how long
    the pause was and how many open actions' and milestones' due dates moved by that much; `open_actions`
    left after it."""

    mentorship: Mentorship
    paused_days: int = 0
    moved: int = 0
    open_actions: int = 0
    moved_milestones: int = 0


def change_status(journal: Journal, found: Mentorship, status: str, on: date | None = None,
                  note: str | None = None) -> StatusChange:
    """Pause, resume or end, in one write: the move is checked against the status inside it, so two
    commands racing to change it can't both succeed.

    A pause records its day; a resume records its day (the next check-in is a cadence after it, or after
    the last session when that is later) and moves the due dates of the open actions and of its goals'
    milestones not done by the pause's length, so nothing falls overdue for the time the mentorship was
    paused (the review's clock stands still too: `insights.review_due`)."""
    from mentorlog.data import actions, goals

    with journal.write() as conn:
        current = mentorship(journal, found.id)
        if current.status == status:
            raise MentorlogError(f"{current.name} is already {status}")
        if current.status != found.status:
            raise MentorlogError(f"{current.name}'s mentorship became {current.status} while this command ran; "
                                 "nothing was changed (run it again if you still want it)")
        day = on or dates.today()
        changes: dict = {"status": status}
        paused_days = 0
        if status == "ended":
            if current.since and day < current.since:
                raise MentorlogError(
                    f"{current.name}'s mentorship can't end on {day}, before it started ({current.since})"
                )
            changes.update(ended_on=day.isoformat(), end_note=note)
        elif status == "paused":
            changes.update(paused_on=day.isoformat())
        else:
            if current.status == "ended":
                changes.update(ended_on=None)
            elif current.paused_on is not None:
                paused_days = max(0, (day - current.paused_on).days)
            changes.update(resumed_on=day.isoformat())
        update_row(conn, "mentorships", current.id, changes)
        moved = actions.move_open_due(journal, current, paused_days)
        steps = goals.move_open_milestones(journal, current, paused_days)
        left = actions.open_count(journal, current)
    return StatusChange(mentorship(journal, found.id), paused_days, moved, left, steps)


def names(path: Path) -> list[str]:
    """Names of the mentorships not ended, read-only (for shell completion): never creates or migrates
    the file, and anything unreadable gives no names rather than an error."""
    if not path.is_file():
        return []
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = conn.execute("SELECT DISTINCT name FROM mentorships WHERE status != 'ended' ORDER BY name").fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        return []
    return [name for (name,) in rows]


def _refuse_clash(conn: sqlite3.Connection, role: str, name: str, other_than: int | None = None) -> None:
    clash = conn.execute("SELECT name FROM mentorships WHERE role = ? AND name = ? COLLATE NOCASE AND id IS NOT ?",
                         [role, name, other_than]).fetchone()
    if clash:
        raise MentorlogError(f"{clash[0]} is already in the journal as your {role}")


def _columns(fields: dict) -> dict:
    return columns_of(MENTORSHIPS, fields, EDITABLE)
