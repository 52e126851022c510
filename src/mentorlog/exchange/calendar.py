"""The journal as an iCalendar file (`export --format ics`): each active mentorship's check-ins recurring at
its cadence (timed in the local time zone when it has a usual time, else all-day), each with an alarm the day
before to send the agenda; reviews due and open milestones as events of their own; open actions as to-dos.

Every UID comes from a row's uid, so importing a newer export updates the events instead of doubling them.
The next check-in and the review due are the report's (`output.reporting`, from `insights`): a resume after a
pause moves them as it does everywhere else.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import date, datetime, time, timedelta, timezone
from typing import TYPE_CHECKING

from mentorlog.data import mentorships
from mentorlog.data.journal import Journal
from mentorlog.domain import dates, text
from mentorlog.domain.models import Mentorship
from mentorlog.output import render

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from mentorlog.output.reporting import MentorshipReport

DEFAULT_CHECKIN_MINUTES = 60  # a timed check-in's length when neither the mentorship nor the config says
ALL_DAY_ALARM = timedelta(hours=-15)  # an all-day check-in's alarm: 09:00 the day before
CADENCE_ADJECTIVES = {"daily": "Daily", "weekly": "Weekly", "every 2 weeks": "Biweekly", "monthly": "Monthly",
                      "quarterly": "Quarterly"}
CHANNEL_WORDS = {"video": "by video", "in-person": "in person", "phone": "by phone", "chat": "by chat"}
WEEKDAY_CODES = {"monday": "MO", "tuesday": "TU", "wednesday": "WE", "thursday": "TH", "friday": "FR",
                 "saturday": "SA", "sunday": "SU"}


def cadence_rule(cadence_days: int, week_start: str | None = None) -> dict:
    """An iCalendar RRULE for a cadence: month cadences by calendar months (`dates.cadence_months`),
    whole weeks weekly (their weeks starting on `week_start`, from the config file, when set), else daily."""
    months = dates.cadence_months(cadence_days)
    if months is not None:
        return {"freq": "monthly", "interval": months}
    if cadence_days % 7 == 0:
        rule = {"freq": "weekly", "interval": cadence_days // 7}
        return rule | ({"wkst": WEEKDAY_CODES[week_start]} if week_start in WEEKDAY_CODES else {})
    return {"freq": "daily", "interval": cadence_days}


def local_zone() -> ZoneInfo:
    """This machine's time zone by its IANA name (a VTIMEZONE needs one): `$TZ`, else what /etc/localtime
    links to, else /etc/timezone; UTC when none names a zone."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    names = [os.environ.get("TZ", "").lstrip(":")]
    link = os.path.realpath("/etc/localtime")
    names.append(link.split("zoneinfo/", 1)[1] if "zoneinfo/" in link else "")
    try:
        with open("/etc/timezone", encoding="utf-8") as named:
            names.append(named.read().strip())
    except OSError:
        pass
    for name in names:
        if name:
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return ZoneInfo("UTC")


def describe_checkin(person: Mentorship) -> str:
    """The check-in as a sentence: `Biweekly check-in with Ada Lovelace (your mentor), by video.`"""
    word = dates.format_cadence(person.cadence_days)
    adjective = CADENCE_ADJECTIVES.get(word)
    opening = f"{adjective} check-in" if adjective else f"Check-in {word}"
    channel = CHANNEL_WORDS.get(person.channel or "", f"by {person.channel}" if person.channel else "")
    return f"{opening} with {person.name} (your {person.role})" + (f", {channel}." if channel else ".")


def export_ics(journal: Journal, mentorship: Mentorship | None = None, before: tuple[str, ...] = ()) -> bytes:
    """The calendar (see the module's note). Text from the journal is iCalendar-escaped by icalendar, its
    control characters and escape sequences removed first (`render.strip_controls`). `before` are the
    global options the commands in it repeat to reach this journal (`--db PATH`)."""
    from icalendar import Calendar

    from mentorlog import config
    from mentorlog.output import reporting

    today = dates.today()
    calendar = Calendar()
    calendar.add("prodid", "-//mentorlog//mentorlog//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "mentorlog")
    people = [mentorship] if mentorship is not None else mentorships.mentorships(journal)
    active = [person for person in people if person.status == "active"]
    settings = {name: config.value(name) for name in ("checkin_time", "session_length", "week_start")}
    stamp = dates.now().astimezone(timezone.utc)
    zone = local_zone()
    for report in sorted(reporting.gather(journal, active, today, heatmap=False, actions=False),
                         key=lambda r: r.mentorship.id):
        agenda = text.shell_command(*before, "agenda", "--with", mentorships.with_arg(journal, report.mentorship))
        calendar.add_component(_checkin(report, today, stamp, zone, settings, agenda))
        if report.review_due is not None:
            review = text.shell_command(*before, "review", "--with",
                                        mentorships.with_arg(journal, report.mentorship))
            calendar.add_component(_review(report, today, stamp, review))
    names = {person.id: person.name for person in people}
    for row in _milestones(journal, mentorship):
        calendar.add_component(_milestone(journal, row, names, stamp))
    for row in _open_actions(journal, mentorship):
        calendar.add_component(_todo(journal, row, names, stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _event(uid: str, stamp: datetime, summary: str, description: str, day: date):
    """An all-day event (dtend the day after, when there is one: a milestone due 9999-12-31 has none)."""
    from icalendar import Event

    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("summary", render.strip_controls(summary))
    event.add("description", render.strip_controls(description))
    event.add("dtstart", day)
    if day < date.max:
        event.add("dtend", day + timedelta(days=1))
    return event


def _checkin(report: MentorshipReport, today: date, stamp: datetime, zone: ZoneInfo, settings: dict, agenda: str):
    """A mentorship's check-ins from the next one on (today when that is past), recurring at its cadence, with an
    alarm the day before: send the agenda."""
    from icalendar import Alarm

    person = report.mentorship
    first = max(report.next_due or today, today)
    event = _event(f"{person.uid}@mentorlog", stamp, f"Check-in with {person.name}",
                   f"{describe_checkin(person)} The day before, send the agenda: {agenda}", first)
    clock = person.checkin_time or settings["checkin_time"]
    if clock:
        minutes = person.checkin_minutes or settings["session_length"] or DEFAULT_CHECKIN_MINUTES
        start = datetime.combine(first, time.fromisoformat(clock), tzinfo=zone)
        for name in ("dtstart", "dtend"):
            del event[name]
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=minutes))
    event.add("rrule", cadence_rule(person.cadence_days, settings["week_start"]))
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", render.strip_controls(f"Send the agenda: {agenda}"))
    alarm.add("trigger", timedelta(days=-1) if clock else ALL_DAY_ALARM)
    event.add_component(alarm)
    return event


def _review(report: MentorshipReport, today: date, stamp: datetime, review: str):
    person = report.mentorship
    return _event(f"{person.uid}-review@mentorlog", stamp, f"Review with {person.name}",
                  f"A review of your mentorship with {person.name} is due: what is working, what is not, and "
                  f"where your goals stand. Start it with: {review}", max(report.review_due, today))


def _who(journal: Journal, row: sqlite3.Row, names: dict[int, str]) -> str | None:
    if row["mentorship_id"] is None:
        return None
    return names.get(row["mentorship_id"]) or mentorships.mentorship(journal, row["mentorship_id"]).name


def _milestone(journal: Journal, row: sqlite3.Row, names: dict[int, str], stamp: datetime):
    who = _who(journal, row, names)
    return _event(f"{row['uid']}@mentorlog", stamp, f"Milestone: {row['title']}",
                  f"A step of the goal \"{row['goal']}\"" + (f", with {who}." if who else "."),
                  date.fromisoformat(row["due"]))


def _todo(journal: Journal, row: sqlite3.Row, names: dict[int, str], stamp: datetime):
    from icalendar import Todo

    who = _who(journal, row, names)
    todo = Todo()
    todo.add("uid", f"{row['uid']}@mentorlog")
    todo.add("dtstamp", stamp)
    todo.add("summary", render.strip_controls(row["text"]))
    todo.add("due", date.fromisoformat(row["due"]))
    todo.add("status", "NEEDS-ACTION")
    whose = "My action" if row["owner"] == "me" else "Their action"
    todo.add("description", render.strip_controls(whose + (f" with {who}." if who else ".")))
    return todo


def _where(mentorship: Mentorship | None, column: str) -> tuple[str, list]:
    return ("", []) if mentorship is None else (f" AND {column} = ?", [mentorship.id])


def _open_actions(journal: Journal, mentorship: Mentorship | None) -> list[sqlite3.Row]:
    where, params = _where(mentorship, "mentorship_id")
    return journal.conn.execute(
        "SELECT uid, text, owner, due, mentorship_id FROM actions "
        f"WHERE status = 'open' AND due IS NOT NULL{where} ORDER BY due, id", params).fetchall()


def _milestones(journal: Journal, mentorship: Mentorship | None) -> list[sqlite3.Row]:
    where, params = _where(mentorship, "g.mentorship_id")
    return journal.conn.execute(
        "SELECT ms.uid, ms.title, ms.due, g.title AS goal, g.mentorship_id FROM milestones ms "
        f"JOIN goals g ON g.id = ms.goal_id WHERE ms.done IS NULL AND ms.due IS NOT NULL AND g.status = 'active'{where} "
        "ORDER BY ms.due, ms.id", params).fetchall()
