"""The journal as an iCalendar file (`export --format ics`): check-ins recurring at each cadence, open
actions and milestones as to-dos."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta, timezone

from mentorlog.data import mentorships
from mentorlog.data.journal import Journal
from mentorlog.domain import dates, insights
from mentorlog.domain.models import Mentorship
from mentorlog.output import render


def _first_checkin(journal: Journal, person: Mentorship, today: date) -> date:
    """The first day of the recurring check-in: the next check-in as `insights.next_checkin_due` has it,
    or today when that is past or unknown (no session yet and no start date)."""
    last = journal.conn.execute(
        "SELECT MAX(held_at) FROM sessions WHERE mentorship_id = ?", [person.id]
    ).fetchone()[0]
    last_day = datetime.fromisoformat(last).date() if last else None
    due = insights.next_checkin_due(person.status, person.since, last_day, person.cadence_days)
    return today if due is None else max(due, today)


def cadence_rule(cadence_days: int) -> dict:
    """An iCalendar RRULE for a cadence: month cadences by calendar months (`dates.cadence_months`),
    whole weeks weekly, else daily."""
    months = dates.cadence_months(cadence_days)
    if months is not None:
        return {"freq": "monthly", "interval": months}
    if cadence_days % 7 == 0:
        return {"freq": "weekly", "interval": cadence_days // 7}
    return {"freq": "daily", "interval": cadence_days}


def export_ics(journal: Journal, mentorship: Mentorship | None = None) -> bytes:
    """Each active mentorship's next check-in, recurring at its cadence; open actions and milestones as to-dos.

    Text from the journal is iCalendar-escaped by icalendar, its control characters and escape
    sequences removed first (`render.strip_controls`): a calendar shows them as nothing useful.
    """
    from icalendar import Calendar, Event, Todo

    clean = render.strip_controls

    today = dates.today()
    stamp = dates.now().astimezone(timezone.utc)
    calendar = Calendar()
    calendar.add("prodid", "-//mentorlog//mentorlog//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "mentorlog")
    people = [mentorship] if mentorship is not None else mentorships.mentorships(journal)
    names = {}
    for person in people:
        names[person.id] = person.name
        if person.status != "active":
            continue
        start = _first_checkin(journal, person, today)
        event = Event()
        event.add("uid", f"{person.uid}@mentorlog")
        event.add("dtstamp", stamp)
        event.add("summary", clean(f"Check-in with {person.name}"))
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(days=1))
        event.add("rrule", cadence_rule(person.cadence_days))
        detail = f"{'Mentor' if person.role == 'mentor' else 'Mentee'}, meeting {dates.format_cadence(person.cadence_days)}"
        event.add("description", clean(detail + (f" by {person.channel}." if person.channel else ".")))
        calendar.add_component(event)
    for row in _open_todos(journal, mentorship):
        todo = Todo()
        todo.add("uid", f"{row['uid']}@mentorlog")
        todo.add("dtstamp", stamp)
        todo.add("summary", clean(row["summary"]))
        todo.add("due", date.fromisoformat(row["due"]))
        todo.add("status", "NEEDS-ACTION")
        who = names.get(row["mentorship_id"]) or (
            mentorships.mentorship(journal, row["mentorship_id"]).name if row["mentorship_id"] else None
        )
        todo.add("description", clean(row["what"] + (f" with {who}" if who else "")))
        calendar.add_component(todo)
    return calendar.to_ical()


def _open_todos(journal: Journal, mentorship: Mentorship | None) -> list[sqlite3.Row]:
    where, params = "", []
    if mentorship is not None:
        where, params = " AND mentorship_id = ?", [mentorship.id]
    sql = (
        "SELECT uid, text AS summary, due, mentorship_id, "
        "CASE owner WHEN 'me' THEN 'My action' ELSE 'Their action' END AS what "
        f"FROM actions WHERE status = 'open' AND due IS NOT NULL{where} "
        "UNION ALL SELECT ms.uid, 'Milestone: ' || ms.title, ms.due, g.mentorship_id, 'Step of the goal \"' || g.title || '\"' "
        f"FROM milestones ms JOIN goals g ON g.id = ms.goal_id "
        f"WHERE ms.done IS NULL AND ms.due IS NOT NULL AND g.status = 'active'{where.replace('mentorship_id', 'g.mentorship_id')} "
        "ORDER BY due"
    )
    return journal.conn.execute(sql, params + params).fetchall()

