"""'Walk in prepared': counts of days and lengths of time read as people write them (`1 day`, `3 days`,
`2 h 15 min`) in every rendered text, and month cadences are calendar months wherever they are applied."""

from __future__ import annotations

from datetime import date

import pytest

from mentorlog.output import render


@pytest.fixture
def late(cli):
    """Una (weekly, met 11 Nov): 2 days overdue (past the 1-day grace), an action 1 day late. Tom (weekly,
    met 10 Nov): 3 days overdue, an action 3 days late. Times: 1 h 30 min and 45 min this month."""
    cli.ok("mentor", "add", "Una One", "--cadence", "weekly", "--since", "2026-09-01")
    cli.ok("mentee", "add", "Tom Three", "--cadence", "weekly", "--since", "2026-09-01")
    cli.ok("session", "add", "--with", "una", "--on", "2026-11-11 10:00", "--duration", "1h30m", "--action", "Send it")
    cli.ok("session", "add", "--with", "tom", "--on", "2026-11-10 10:00", "--duration", "45m")
    cli.ok("action", "add", "Book the room", "--with", "una", "--due", "2026-11-19")
    cli.ok("action", "add", "Read the doc", "--with", "tom", "--due", "2026-11-17")
    return cli


def _no_machine_counts(text: str) -> None:
    for wrong in ("1 days", "1.5h", "0.8h", "1h30m", "45m ", "+1d", "+3d"):
        assert wrong not in text, (wrong, text)


@pytest.mark.parametrize("rich", [False, True])
def test_report_says_1_day_and_3_days_and_hours_in_words(late, monkeypatch, rich):
    monkeypatch.setattr(render, "use_rich", lambda: rich)
    text = late.ok("report").stdout
    assert "2 days overdue" in text and "3 days overdue" in text
    assert "1 h 30 min this month" in text and "45 min this month" in text
    assert "check-in overdue by 2 days:" in text and "check-in overdue by 3 days:" in text
    _no_machine_counts(text)
    markdown = late.ok("report", "--format", "markdown").stdout
    assert "— 2 days overdue" in markdown and "— 3 days overdue" in markdown
    _no_machine_counts(markdown)


def test_agenda_says_1_day_and_3_days(late):
    una = late.ok("agenda", "--with", "una", "--format", "text").stdout
    assert "(2 days overdue)" in una
    tom = late.ok("agenda", "--with", "tom", "--format", "text").stdout
    assert "(3 days overdue)" in tom
    _no_machine_counts(una + tom)


@pytest.mark.parametrize("rich", [False, True])
def test_status_says_1_day_and_3_days(late, monkeypatch, rich):
    monkeypatch.setattr(render, "use_rich", lambda: rich)
    text = late.ok("status").stdout
    assert "2 days" in text and "3 days" in text
    assert "check-in overdue" in text  # named, whichever sign leads
    _no_machine_counts(text)


def test_status_json_keeps_numbers(late):
    rows = {row["name"]: row for row in late.json("status", "--format", "json")["mentorships"]}
    assert rows["Una One"]["overdue_days"] == 2 and rows["Tom Three"]["overdue_days"] == 3


def test_session_list_and_show_give_hours_and_minutes(late):
    late.ok("session", "add", "--with", "una", "--on", "2026-11-18 10:00", "--duration", "2h")
    late.ok("session", "add", "--with", "una", "--on", "2026-11-19 10:00", "--duration", "135")
    listed = late.ok("session", "list").stdout
    for text in ("1 h 30 min", "45 min", "2 h", "2 h 15 min"):
        assert text in listed, text
    assert "2 h 15 min" in late.ok("session", "show", "4").stdout
    assert "45 min" in late.ok("session", "show", "2").stdout
    assert late.json("session", "show", "4", "--json")["duration_minutes"] == 135
    _no_machine_counts(listed)


@pytest.mark.parametrize("cadence, shown", [("quarterly", "quarterly"), ("3m", "quarterly"),
                                            ("bimonthly", "every 2 months"), ("13w", "every 13 weeks"),
                                            ("monthly", "monthly"), ("10d", "every 10 days")])
def test_mentor_show_names_the_cadence_and_review_rhythm(cli, cadence, shown):
    cli.ok("mentor", "add", "Grace Hopper", "--cadence", cadence, "--review-every", "6w")
    text = cli.ok("mentor", "show", "grace").stdout
    assert shown in text and "every 6 weeks" in text and "42 days" not in text


@pytest.mark.parametrize("cadence, days", [("quarterly", 90), ("3m", 90), ("bimonthly", 60), ("monthly", 30),
                                           ("13w", 91)])
def test_cadence_days_in_json_stays_a_number_of_days(cli, cadence, days):
    cli.ok("mentor", "add", "Grace Hopper", "--cadence", cadence)
    shown = cli.json("mentor", "show", "grace", "--json")
    assert shown["cadence_days"] == days


@pytest.mark.parametrize("cadence, held, due", [
    ("quarterly", "2026-08-31", "2026-11-30"),
    ("3m", "2026-05-31", "2026-08-31"),
    ("bimonthly", "2025-12-31", "2026-02-28"),
    ("2 months", "2026-09-30", "2026-11-30"),
    ("13w", "2026-05-31", "2026-08-30"),
    ("30d", "2026-01-31", "2026-02-28"),
])
def test_session_actions_fall_due_one_cadence_later(cli, cadence, held, due):
    cli.ok("mentor", "add", "Grace Hopper", "--cadence", cadence, "--since", "2025-01-01")
    cli.ok("session", "add", "--with", "grace", "--on", held, "--action", "mine")
    assert [a["due"] for a in cli.json("session", "show", "1", "--json")["actions"]] == [due]


@pytest.mark.parametrize("cadence, freq, interval", [("monthly", "MONTHLY", 1), ("quarterly", "MONTHLY", 3),
                                                     ("2 months", "MONTHLY", 2), ("13w", "WEEKLY", 13),
                                                     ("10d", "DAILY", 10)])
def test_ics_recurs_by_calendar_months_for_month_cadences(cli, cadence, freq, interval):
    from icalendar import Calendar

    cli.ok("mentor", "add", "Grace Hopper", "--cadence", cadence, "--since", "2026-11-30")
    calendar = Calendar.from_ical(cli.ok("export", "--format", "ics").stdout)
    event = next(iter(calendar.walk("VEVENT")))
    assert event["rrule"]["FREQ"] == [freq] and event["rrule"]["INTERVAL"] == [interval]
    if freq == "MONTHLY":
        assert event.decoded("dtstart") > date(2026, 11, 30)
