"""What `remind` says needs doing today and tomorrow, and how it is shown. Never writes.

Check-ins and reviews come from the report's read model (`reporting.gather`: `insights.next_checkin_due`,
the grace period, `insights.review_due`); overdue actions from `actions.overdue_sql`; follow-ups from
`prospects.follow_ups_due`. Nothing here decides a date on its own.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from mentorlog.data import mentorships, prospects
from mentorlog.data.actions import marked, marked_select
from mentorlog.data.journal import Journal
from mentorlog.domain import dates, insights
from mentorlog.domain.records import record
from mentorlog.domain.text import safe_text

DAY_WORDS = re.compile(r"\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)( \d{4})?\b")
KINDS = ("checkin_overdue", "checkin", "agenda", "review", "action", "milestone", "follow_up")


@record(frozen=True)
class Reminder:
    """One thing to do: `day` is today or tomorrow (what is late is for today); `due` the day it fell due."""

    kind: str
    day: date
    text: str
    command: str
    due: date | None = None
    with_name: str | None = None
    id: int | None = None  # the action's, milestone's or prospect's

    def to_json(self) -> dict:
        return {"kind": self.kind, "day": self.day.isoformat(), "due": dates.iso_date(self.due),
                "with": self.with_name, "id": self.id, "text": self.text, "command": self.command}


def day_text(day: date | None, today: date, style: str | None = None) -> str:
    """A day as `date_style` in the config file says: iso (2026-11-03), else short (3 Nov)."""
    return dates.iso_date(day) or "—" if style == "iso" else dates.short_day(day, today)


def reminders(journal: Journal, today: date, before: tuple[str, ...] = (), style: str | None = None) -> list[Reminder]:
    """Everything due today (or late) and tomorrow, today's first; within a day, in the order of KINDS."""
    tomorrow = today + timedelta(days=1)
    found = _checkins(journal, today, before, style)
    found += _actions(journal, today, before, style)
    found += _milestones(journal, today, before, style)
    for prospect in prospects.follow_ups_due(journal, tomorrow):
        day = max(prospect.follow_up, today)
        found.append(Reminder("follow_up", day, f"Follow up with {prospect.name} (you wrote to them "
                              f"{day_text(prospect.contacted_on, today, style)})",
                              insights.command("prospect", "show", str(prospect.id), before=before),
                              prospect.follow_up, prospect.name, prospect.id))
    return sorted(found, key=lambda r: (r.day, KINDS.index(r.kind), r.due or r.day, r.text))


def _checkins(journal: Journal, today: date, before: tuple[str, ...], style: str | None) -> list[Reminder]:
    from mentorlog.output import reporting

    tomorrow, found = today + timedelta(days=1), []
    active = reporting.active_mentorships(journal)
    for report in reporting.gather(journal, active, today, heatmap=False, actions=False):
        person = report.mentorship
        name = mentorships.with_arg(journal, person) if report.namesake else person.name

        def run(*words: str) -> str:
            return insights.command(*words, "--with", name, before=before)

        due = report.next_due
        if report.overdue_days:
            found.append(Reminder("checkin_overdue", today, f"Check-in with {person.name} is "
                                  f"{dates.format_days(report.overdue_days)} overdue", run("session", "add"),
                                  due, person.name))
        elif due is not None and due <= today:
            found.append(Reminder("checkin", today, f"Check-in with {person.name} is due", run("agenda"),
                                  due, person.name))
        elif due == tomorrow:
            found.append(Reminder("agenda", today, f"Send the agenda for tomorrow's check-in with {person.name}",
                                  run("agenda"), due, person.name))
        review = report.review_due
        if review is not None and review <= tomorrow:
            when = ("today" if review == today else "tomorrow" if review == tomorrow
                    else f"since {day_text(review, today, style)}")
            found.append(Reminder("review", max(review, today), f"Review your mentorship with {person.name} "
                                  f"(due {when})", run("review"), review, person.name))
    return found


def _actions(journal: Journal, today: date, before: tuple[str, ...], style: str | None) -> list[Reminder]:
    """Open actions overdue (`overdue_sql`) or due today or tomorrow (read through the status/due index)."""
    tomorrow, found = today + timedelta(days=1), []
    rows = journal.conn.execute(f"{marked_select()} WHERE t.status = 'open' AND t.due <= ? ORDER BY t.due, t.id",
                                [today.isoformat(), tomorrow.isoformat()])
    for action in map(marked, rows):
        if action.due < today and not action.overdue:
            continue  # its mentorship is paused or ended: not counted (see `overdue_sql`)
        whose = "Your action" if action.owner == "me" else "Their action"
        with_ = f" with {action.with_name}" if action.with_name else ""
        when = ("was due " + day_text(action.due, today, style) if action.overdue
                else "is due today" if action.due == today else "is due tomorrow")
        found.append(Reminder("action", max(action.due, today), f"{whose}{with_} {when}: {action.text}",
                              insights.command("action", "done", str(action.id), before=before),
                              action.due, action.with_name, action.id))
    return found


def _milestones(journal: Journal, today: date, before: tuple[str, ...], style: str | None) -> list[Reminder]:
    tomorrow = today + timedelta(days=1)
    rows = journal.conn.execute(
        "SELECT ms.id, ms.title, ms.due, g.title AS goal, m.name FROM milestones ms JOIN goals g ON g.id = ms.goal_id "
        "LEFT JOIN mentorships m ON m.id = g.mentorship_id "
        "WHERE ms.done IS NULL AND ms.due <= ? AND g.status = 'active' ORDER BY ms.due, ms.id", [tomorrow.isoformat()])
    found = []
    for row in rows:
        due = date.fromisoformat(row["due"])
        when = ("was due " + day_text(due, today, style) if due < today
                else "is due today" if due == today else "is due tomorrow")
        found.append(Reminder("milestone", max(due, today), f"Milestone \"{row['title']}\" of \"{row['goal']}\" {when}",
                              insights.command("goal", "milestone", "done", str(row["id"]), before=before),
                              due, row["name"], row["id"]))
    return found


def render_text(found: list[Reminder], today: date, date_style: str | None = None, width: int | None = None) -> str:
    """Today's and tomorrow's lists, each thing on a line (wrapped to `width` between words, when given) and the
    command to run under it, whole, to copy."""
    import textwrap

    lines = []
    for day, label in ((today, "Today"), (today + timedelta(days=1), "Tomorrow")):
        items = [r for r in found if r.day == day]
        if not items:
            continue
        shown = day.isoformat() if date_style == "iso" else f"{day:%a} {dates.short_day(day, today)}"
        lines.append(f"{label}, {shown}")
        for item in items:
            said = f"  • {safe_text(item.text)}"
            if width:  # a date such as `13 Oct` never breaks: its spaces are held together while wrapping
                held = DAY_WORDS.sub(lambda match: match[0].replace(" ", "\0"), said)
                wrapped = textwrap.wrap(held, width, subsequent_indent="    ", break_on_hyphens=False)
                lines += [line.replace("\0", " ") for line in wrapped]
            else:
                lines.append(said)
            lines.append(f"      {safe_text(item.command)}")
    return "\n".join(lines)


def notification(found: list[Reminder]) -> tuple[str, str]:
    """The title and body of a desktop notification: how many, then the first few things."""
    count = len(found)
    title = f"mentorlog: {count} thing{'s' if count != 1 else ''} to do"
    shown = [f"• {safe_text(item.text)}" for item in found[:5]]
    if count > 5:
        shown.append(f"… and {count - 5} more: mentorlog remind")
    return title, "\n".join(shown)
