"""The progress update to share: what a period held (wins, goal progress and milestones reached, actions
done) and what comes next, read from the journal; and when the last update was made. Never prints.

An update shares my own growth: by default what goes with my mentors and what is personal (a mentee's
goals and wins are theirs to share); `--with NAME` narrows it to one mentorship. It reads no session, no
review answer and no topic, so no session note, private note or private topic can reach it.

When the last update was made is kept in `journal_meta` (`last_update`), not in a table: it is this
device's note of when I last posted, not an entry of the journal, so it is not exported, synced or
undone (an undo takes back my last change, never the marker of a post).
"""

from __future__ import annotations

from datetime import date, timedelta

from mentorlog.data.journal import Journal
from mentorlog.domain import dates
from mentorlog.domain.models import Mentorship
from mentorlog.domain.records import record, value

LAST_UPDATE = "last_update"
DEFAULT_DAYS = 7
NEXT_LIMIT = 10


@record
class Update:
    """One period's update, as plain values; names of people as `(name, role)` pairs."""

    since: date
    until: date
    wins: list = value(factory=list)  # (text, day, person)
    goals: list = value(factory=list)  # dicts: title, person, before, after, status, target, reached [(title, day)]
    done: list = value(factory=list)  # (text, day, person)
    next: list = value(factory=list)  # (text, due, person): my open actions and milestones due next
    people: list = value(factory=list)  # (name, role) of everyone it names


def last_update(journal: Journal) -> date | None:
    try:
        row = journal.conn.execute("SELECT value FROM journal_meta WHERE key = ?", [LAST_UPDATE]).fetchone()
    except Exception:  # a journal at an older schema: no update was made
        return None
    return date.fromisoformat(row[0][:10]) if row else None


def default_since(journal: Journal, today: date) -> date:
    """The day of the last update made, or a week ago."""
    return last_update(journal) or today - timedelta(days=DEFAULT_DAYS)


def record_update(journal: Journal, today: date) -> None:
    """Note that an update was made today (the next one starts here); a journal not yet made is left alone."""
    if not journal.exists:
        return
    with journal.write() as conn:
        conn.execute("INSERT INTO journal_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET "
                     "value = excluded.value", [LAST_UPDATE, today.isoformat()])


def _scope(alias: str, mentorship: Mentorship | None) -> tuple[str, list]:
    if mentorship is not None:
        return f"{alias}.mentorship_id = ?", [mentorship.id]
    return f"({alias}.mentorship_id IS NULL OR m.role = 'mentor')", []


def gather(journal: Journal, since: date, until: date, mentorship: Mentorship | None = None) -> Update:
    conn = journal.conn
    found = Update(since, until)
    window = [since.isoformat(), until.isoformat()]
    people: dict[tuple, None] = {}

    def person(name, role):
        if name is None:
            return None
        people[(name, role)] = None
        return (name, role)

    where, params = _scope("w", mentorship)
    for text, day, name, role in conn.execute(
            "SELECT w.text, w.date, m.name, m.role FROM wins w LEFT JOIN mentorships m ON m.id = w.mentorship_id "
            f"WHERE w.date BETWEEN ? AND ? AND {where} ORDER BY w.date, w.id", window + params):
        found.wins.append((text, date.fromisoformat(day), person(name, role)))
    where, params = _scope("a", mentorship)
    for text, day, name, role in conn.execute(
            "SELECT a.text, a.done_on, m.name, m.role FROM actions a LEFT JOIN mentorships m ON m.id = a.mentorship_id "
            f"WHERE a.status = 'done' AND a.owner = 'me' AND a.done_on BETWEEN ? AND ? AND {where} "
            "ORDER BY a.done_on, a.id", window + params):
        found.done.append((text, date.fromisoformat(day), person(name, role)))
    found.goals = _goals(conn, since, until, mentorship, person)
    found.next = _next(conn, until, max(DEFAULT_DAYS, (until - since).days), mentorship, person)
    found.people = list(people)
    return found


def _goals(conn, since: date, until: date, mentorship: Mentorship | None, person) -> list[dict]:
    """Goals that moved in the period: progress recorded, a milestone reached, or achieved."""
    where, params = _scope("g", mentorship)
    start, end = since.isoformat(), until.isoformat()
    rows = conn.execute(
        "SELECT g.id, g.title, g.progress, g.status, g.target, g.closed_on, m.name, m.role FROM goals g "
        f"LEFT JOIN mentorships m ON m.id = g.mentorship_id WHERE {where} AND (g.status = 'active' OR "
        "g.closed_on BETWEEN ? AND ?) ORDER BY g.id", params + [start, end]).fetchall()
    moved = []
    for goal_id, title, progress, status, target, closed_on, name, role in rows:
        before = conn.execute("SELECT progress FROM goal_updates WHERE goal_id = ? AND substr(date, 1, 10) < ? "
                              "ORDER BY date DESC, id DESC LIMIT 1", [goal_id, start]).fetchone()
        after = conn.execute("SELECT progress FROM goal_updates WHERE goal_id = ? AND substr(date, 1, 10) <= ? "
                             "ORDER BY date DESC, id DESC LIMIT 1", [goal_id, end]).fetchone()
        reached = [(step_title, date.fromisoformat(done)) for step_title, done in conn.execute(
            "SELECT title, done FROM milestones WHERE goal_id = ? AND done BETWEEN ? AND ? ORDER BY done, id",
            [goal_id, start, end])]
        was, now = before[0] if before else 0, after[0] if after else progress
        achieved = status == "achieved" and closed_on is not None and start <= closed_on <= end
        if was != now or reached or achieved:
            moved.append({"title": title, "person": person(name, role), "before": was, "after": now,
                          "status": status, "achieved": achieved, "target": dates.iso_date(_day(target)),
                          "reached": reached})
    return moved


def _next(conn, today: date, days: int, mentorship: Mentorship | None, person) -> list[tuple]:
    """My commitments for the next period: my open actions due by then (or overdue), and milestones due by then."""
    horizon = (today + timedelta(days=days)).isoformat()
    where, params = _scope("a", mentorship)
    found = [(text, _day(due), person(name, role)) for text, due, name, role in conn.execute(
        "SELECT a.text, a.due, m.name, m.role FROM actions a LEFT JOIN mentorships m ON m.id = a.mentorship_id "
        f"WHERE a.status = 'open' AND a.owner = 'me' AND a.due <= ? AND {where} "
        "AND (m.status IS NULL OR m.status = 'active') ORDER BY a.due, a.id LIMIT ?", [horizon, *params, NEXT_LIMIT])]
    where, params = _scope("g", mentorship)
    found += [(f"{goal}: {step}", _day(due), person(name, role)) for step, goal, due, name, role in conn.execute(
        "SELECT s.title, g.title, s.due, m.name, m.role FROM milestones s JOIN goals g ON g.id = s.goal_id "
        f"LEFT JOIN mentorships m ON m.id = g.mentorship_id WHERE s.done IS NULL AND s.due <= ? AND {where} "
        "AND g.status = 'active' ORDER BY s.due, s.id LIMIT ?", [horizon, *params, NEXT_LIMIT])]
    return sorted(found, key=lambda item: item[1] or date.max)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text[:10]) if text else None
