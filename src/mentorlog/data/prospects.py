"""The prospects table: people I might ask to mentor me, and how asking them went. Never prints."""

from __future__ import annotations

from datetime import date, timedelta

from mentorlog.data import mentorships
from mentorlog.data.journal import Journal, insert_row, new_uid, required_text, update_row
from mentorlog.data.tables import Join, Table
from mentorlog.domain import dates
from mentorlog.domain.models import Mentorship, Prospect
from mentorlog.errors import MentorlogError

PROSPECTS = Table("prospects", Prospect, refs={"goal_id": "goals", "mentorship_id": "mentorships"},
                  joins={"goal_title": Join("goals", "goal_id", "title")}, order="t.id")
FOLLOW_UP_AFTER_DAYS = 7  # when a contacted prospect is followed up, unless `--follow-up` says otherwise
OPEN = ("idea", "contacted")


def add_prospect(journal: Journal, name: str, expertise: str | None = None, why: str | None = None,
                 goal_id: int | None = None, how_met: str | None = None) -> Prospect:
    stamp = dates.utc_stamp()
    row = {"uid": new_uid(), "name": required_text(name, "name"), "expertise": expertise, "why": why,
           "goal_id": goal_id, "how_met": how_met, "status": "idea", "created_at": stamp, "updated_at": stamp}
    with journal.write() as conn:
        if goal_id is not None:
            from mentorlog.data import goals

            goals.goal(journal, goal_id)  # an unknown goal is a user error
        prospect_id = insert_row(conn, "prospects", row)
    return prospect(journal, prospect_id)


def prospect(journal: Journal, prospect_id: int) -> Prospect:
    return PROSPECTS.one(journal.conn, prospect_id, "prospect")


def prospects(journal: Journal, include_closed: bool = True) -> list[Prospect]:
    """Every prospect, oldest first (or only those still open: an idea, or contacted)."""
    if include_closed:
        return PROSPECTS.rows(journal.conn)
    return PROSPECTS.rows(journal.conn, "t.status IN ('idea', 'contacted')")


def follow_ups_due(journal: Journal, today: date) -> list[Prospect]:
    """Contacted prospects whose follow-up day has come, the longest waiting first."""
    return PROSPECTS.rows(journal.conn, "t.status = 'contacted' AND t.follow_up <= ?", [today.isoformat()],
                          order="t.follow_up, t.id")


def _current(journal: Journal, found: Prospect, allowed: tuple[str, ...], doing: str) -> Prospect:
    """The prospect as it is inside the write; refused when its status does not allow `doing`."""
    current = prospect(journal, found.id)
    if current.status not in allowed:
        raise MentorlogError(f"prospect #{current.id} ({current.name}) is already {current.status}; "
                             f"nothing to {doing}")
    return current


def mark_contacted(journal: Journal, found: Prospect, on: date | None = None,
                   follow_up: date | None = None) -> Prospect:
    """Reached out (again): the day, and when to follow up (a week later unless given)."""
    on = on or dates.today()
    follow_up = follow_up or on + timedelta(days=FOLLOW_UP_AFTER_DAYS)
    if follow_up < on:
        raise MentorlogError(f"the follow-up ({follow_up}) would be before the day you reached out ({on})")
    with journal.write() as conn:
        _current(journal, found, OPEN, "contact")
        update_row(conn, "prospects", found.id, {"status": "contacted", "contacted_on": on.isoformat(),
                                                  "follow_up": follow_up.isoformat()})
    return prospect(journal, found.id)


def decline(journal: Journal, found: Prospect, note: str | None = None, on: date | None = None) -> Prospect:
    with journal.write() as conn:
        _current(journal, found, OPEN, "decline")
        update_row(conn, "prospects", found.id, {"status": "declined", "decided_on": (on or dates.today()).isoformat(),
                                                  "follow_up": None, "note": note})
    return prospect(journal, found.id)


def accept(journal: Journal, found: Prospect, on: date | None = None, **fields) -> tuple[Prospect, Mentorship]:
    """They said yes: a mentorship with them as my mentor, from `on` (default today), and the prospect kept,
    accepted and linked to it, in one change."""
    on = on or dates.today()
    with journal.write() as conn:
        current = _current(journal, found, OPEN, "accept")
        mentor = mentorships.add_mentorship(journal, current.name, "mentor", since=on, **fields)
        update_row(conn, "prospects", found.id, {"status": "accepted", "decided_on": on.isoformat(),
                                                  "follow_up": None, "mentorship_id": mentor.id})
    return prospect(journal, found.id), mentor
