"""The wins table: what went well, big and small."""

from __future__ import annotations

from datetime import date, datetime

from mentorlog.data.actions import check_link, day_and_moment
from mentorlog.data.journal import Journal, insert_row, new_uid, required_text
from mentorlog.data.tables import Join, Table, conditions
from mentorlog.domain import dates
from mentorlog.domain.models import Mentorship, Win

WINS = Table("wins", Win, refs={"mentorship_id": "mentorships", "goal_id": "goals"},
             joins={"with_name": Join("mentorships", "mentorship_id", "name")}, order="t.date DESC, t.id DESC")


def add_win(journal: Journal, text: str, mentorship: Mentorship | None = None, goal_id: int | None = None,
            on: date | datetime | None = None) -> Win:
    """A win `on` a day, or at a moment (default now: `day_and_moment`)."""
    stamp = dates.utc_stamp()
    day, moment = day_and_moment(on)
    row = {"uid": new_uid(), "text": required_text(text, "win"), "date": day, "at": moment,
           "mentorship_id": mentorship.id if mentorship else None, "goal_id": goal_id,
           "created_at": stamp, "updated_at": stamp}
    with journal.write() as conn:
        check_link(journal, goal_id, row["mentorship_id"], "a win")
        win_id = insert_row(conn, "wins", row)
    return win(journal, win_id)


def win(journal: Journal, win_id: int) -> Win:
    return WINS.one(journal.conn, win_id, "win")


def wins(journal: Journal, mentorship: Mentorship | None = None, since: date | None = None) -> list[Win]:
    """Wins, newest first."""
    where, params = conditions(("t.mentorship_id = ?", mentorship.id if mentorship else None),
                               ("t.date >= ?", since.isoformat() if since else None))
    return WINS.rows(journal.conn, where, params)
