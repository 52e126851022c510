"""The actions table: what each side promised to do, and whether it was done or skipped (and why)."""

from __future__ import annotations

from datetime import date, datetime

from mentorlog.data import mentorships
from mentorlog.data.journal import Journal, insert_row, new_uid, required_text, update_row
from mentorlog.data.tables import Join, Table, conditions
from mentorlog.domain import dates
from mentorlog.domain.models import OWNERS, Action, Mentorship
from mentorlog.domain import links
from mentorlog.domain.text import shell_word
from mentorlog.errors import MentorlogError

ACTIONS = Table("actions", Action, refs={"mentorship_id": "mentorships", "goal_id": "goals", "session_id": "sessions",
                                         "review_id": "reviews"},
                joins={"with_name": Join("mentorships", "mentorship_id", "name")}, order="t.due IS NULL, t.due, t.id")
ACTION_FIELDS = ("text", "owner", "due", "goal_id", "mentorship_id")
RESTING = "EXISTS (SELECT 1 FROM mentorships WHERE id = {a}.mentorship_id AND status != 'active')"


def overdue_sql(a: str = "t", today: str = "?", resting: str | None = None) -> str:
    """The one rule of "overdue", as SQL over the action aliased `a`: open, due before `today` (SQL), and
    still counting — its mentorship is active, or it is one of the wrap-up's own follow-ups (made by a
    wrap-up review: a thank-you note shows until it is done). A paused mentorship's open actions are
    never overdue while it rests (a resume moves their due dates by the pause), and an ended one's never
    again.

    `resting` is SQL that is true when the action's mentorship is paused or ended (looked up by default);
    "0" when none of the mentorships asked about is (the rule then reads the index alone)."""
    resting = RESTING.format(a=a) if resting is None else resting
    still = "" if resting == "0" else (f" AND (NOT {resting} OR EXISTS (SELECT 1 FROM reviews "
                                       f"WHERE id = {a}.review_id AND kind = 'wrap-up'))")
    return f"({a}.status = 'open' AND {a}.due < {today}{still})"


def marked_select(today: str = "?", resting: str | None = None) -> str:
    """`ACTIONS.select` with `overdue_sql` as its last column (each row read with `marked`)."""
    head, tail = ACTIONS.select.split(" FROM actions t", 1)
    return f"{head}, {overdue_sql('t', today, resting)} AS overdue FROM actions t{tail}"


def marked(row) -> Action:
    """An action read by `ACTIONS.select` followed by `overdue_sql(...)` as its last column."""
    found = ACTIONS.row(tuple(row)[:-1])
    found.overdue = bool(row[-1])
    return found
ACTION_CLEARABLE = ("due", "goal_id", "mentorship_id")


def add_action(
    journal: Journal, text: str, owner: str = "me", mentorship: Mentorship | None = None, due: date | None = None,
    goal_id: int | None = None, session_id: int | None = None, review_id: int | None = None,
) -> Action:
    if owner not in OWNERS:
        raise MentorlogError(f"owner must be me or them, not {owner!r}")
    stamp = dates.utc_stamp()
    row = {
        "uid": new_uid(), "text": required_text(text, "action text"), "owner": owner,
        "mentorship_id": mentorship.id if mentorship else None, "due": due.isoformat() if due else None,
        "goal_id": goal_id, "session_id": session_id, "review_id": review_id,
        "created_at": stamp, "updated_at": stamp,
    }
    with journal.write() as conn:
        check_link(journal, goal_id, row["mentorship_id"], "an action")
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


def check_goal(journal: Journal, goal_id: int) -> None:
    """An action or a win may serve a goal only if there is one."""
    if journal.conn.execute("SELECT 1 FROM goals WHERE id = ?", [goal_id]).fetchone() is None:
        raise MentorlogError(f"no goal with id {goal_id}")


def check_link(journal: Journal, goal_id: int | None, mentorship_id: int | None, what: str) -> None:
    """An action or a win serves a goal of its own mentorship, or a personal goal (which takes them from
    anyone, or from nobody). Call inside the write transaction, so the goal is read as it is now."""
    if goal_id is None:
        return
    check_goal(journal, goal_id)
    owner_id = journal.conn.execute("SELECT mentorship_id FROM goals WHERE id = ?", [goal_id]).fetchone()[0]
    if links.serves(owner_id, mentorship_id):
        return
    owner = mentorships.mentorship(journal, owner_id).name
    if mentorship_id is None:
        raise MentorlogError(f"goal #{goal_id} is {owner}'s, and {what} with nobody can't serve it; "
                             f"give it --with {shell_word(owner)}, or link a personal goal")
    name = mentorships.mentorship(journal, mentorship_id).name
    raise MentorlogError(f"goal #{goal_id} is {owner}'s, not {name}'s; link {what} with {name} to one of "
                         f"{name}'s goals or a personal one (mentorlog goal list --with {shell_word(name)})")


def action(journal: Journal, action_id: int) -> Action:
    return ACTIONS.one(journal.conn, action_id, "action")


def actions(
    journal: Journal, mentorship: Mentorship | None = None, status: str | None = "open",
    owner: str | None = None, today: date | None = None, overdue: bool = False,
) -> list[Action]:
    """Actions soonest due first (undated last), each marked `overdue` or not as of `today` (`overdue_sql`);
    `status=None` means every status; `overdue=True` keeps only the overdue ones."""
    day = (today or dates.today()).isoformat()
    where, params = conditions(("t.mentorship_id = ?", mentorship.id if mentorship else None), ("t.status = ?", status),
                               (overdue_sql("t", "?"), day if overdue else None), ("t.owner = ?", owner))
    sql = f"{marked_select()} WHERE {where} ORDER BY {ACTIONS.order}"
    return [marked(row) for row in journal.conn.execute(sql, [day, *params])]


def open_count(journal: Journal, mentorship: Mentorship) -> int:
    return journal.conn.execute("SELECT COUNT(*) FROM actions WHERE mentorship_id = ? AND status = 'open'",
                                [mentorship.id]).fetchone()[0]


def move_open_due(journal: Journal, mentorship: Mentorship, days: int) -> int:
    """Move the due dates of the mentorship's open actions `days` later (a pause's length); how many moved.
    Call inside the write that records the resume, so the move and the resume are one change."""
    if days <= 0:
        return 0
    with journal.write() as conn:
        return conn.execute("UPDATE actions SET due = date(due, ?), updated_at = ? "
                            "WHERE mentorship_id = ? AND status = 'open' AND due IS NOT NULL",
                            [f"+{days} days", dates.utc_stamp(), mentorship.id]).rowcount


def actions_for_session(journal: Journal, session_id: int) -> list[Action]:
    return ACTIONS.rows(journal.conn, "t.session_id = ?", [session_id], order="t.owner, t.id")


def day_and_moment(on: date | datetime | None) -> tuple[str, str | None]:
    """How something done or won `on` is stored: its day, and its moment when known (None: now, to the
    second; a datetime: that moment; a date: the day alone, with no moment)."""
    when = dates.now() if on is None else on
    if isinstance(when, datetime):
        return when.date().isoformat(), dates.iso_datetime(when)
    return when.isoformat(), None


def complete_action(journal: Journal, found: Action, on: date | datetime | None = None) -> Action:
    """Mark an open action done (its status read inside the transaction), `on` a day or a moment (default now)."""
    day, moment = day_and_moment(on)
    with journal.write() as conn:
        check_move(action(journal, found.id), "done")
        update_row(conn, "actions", found.id, {"status": "done", "done_on": day, "done_at": moment})
    return action(journal, found.id)


def skip_action(journal: Journal, found: Action, reason: str, on: date | datetime | None = None) -> Action:
    """The action was not taken: the reason is kept, because the next agenda says why."""
    reason = required_text(reason, "reason (say why it was not done)")
    day, moment = day_and_moment(on)
    with journal.write() as conn:
        check_move(action(journal, found.id), "skipped")
        update_row(conn, "actions", found.id, {"status": "skipped", "reason": reason, "done_on": day,
                                               "done_at": moment})
    return action(journal, found.id)


def reopen_action(journal: Journal, found: Action) -> Action:
    """A done or skipped action is open again: its done date and moment and its reason go."""
    with journal.write() as conn:
        check_move(action(journal, found.id), "open")
        update_row(conn, "actions", found.id, {"status": "open", "done_on": None, "done_at": None, "reason": None})
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
    changes = {k: v.isoformat() if isinstance(v, date) else v for k, v in fields.items() if v is not None}
    changes |= dict.fromkeys(clear)
    if changes:
        with journal.write() as conn:
            current = action(journal, found.id)  # read inside the write: the links as they are now
            if {"goal_id", "mentorship_id"} & set(changes):
                linked = {"goal_id": current.goal_id, "mentorship_id": current.mentorship_id} | changes
                check_link(journal, linked["goal_id"], linked["mentorship_id"], "an action")
            update_row(conn, "actions", found.id, changes)
    return action(journal, found.id)
