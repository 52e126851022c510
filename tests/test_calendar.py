"""`export --format ics`, read back with icalendar: timed check-ins in the local time zone (a VTIMEZONE), all-day
ones without a time, an alarm the day before to send the agenda, reviews and milestones as events, UIDs that
stay the same from one export to the next."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest


@pytest.fixture(autouse=True)
def london(monkeypatch):
    monkeypatch.setenv("TZ", "Europe/London")


def calendar(cli, *args):
    from icalendar import Calendar

    return Calendar.from_ical(cli.ok("export", "--format", "ics", *args).stdout)


def events(cal) -> dict[str, object]:
    return {str(e["summary"]): e for e in cal.walk("VEVENT")}


@pytest.fixture
def timed(people):
    """Ada meets at 15:00 for 45 minutes; Sam has no usual time."""
    people.ok("mentor", "edit", "ada", "--time", "15:00", "--length", "45m")
    people.ok("goal", "add", "Promotion case", "--with", "ada")
    people.ok("goal", "milestone", "add", "1", "Draft the brag document", "--due", "2026-11-25")
    people.ok("action", "add", "Read the SRE book", "--with", "sam", "--due", "2026-11-22")
    return people


def test_a_check_in_with_a_time_is_a_timed_event_in_the_local_zone(timed):
    cal = calendar(timed)
    [zone] = cal.walk("VTIMEZONE")
    assert str(zone["tzid"]) == "Europe/London"
    ada = events(cal)["Check-in with Ada Lovelace"]
    start = ada.decoded("dtstart")
    assert ada["dtstart"].params["TZID"] == "Europe/London"
    assert (start.hour, start.minute, str(start.tzinfo)) == (15, 0, "Europe/London")
    assert ada.decoded("dtend") - start == timedelta(minutes=45)
    assert ada["rrule"]["FREQ"] == ["WEEKLY"] and ada["rrule"]["INTERVAL"] == [2]


def test_a_check_in_without_a_time_stays_all_day(timed):
    sam = events(calendar(timed))["Check-in with Sam Rivera"]
    assert type(sam.decoded("dtstart")) is date
    assert sam.decoded("dtend") - sam.decoded("dtstart") == timedelta(days=1)


def test_each_check_in_has_an_alarm_the_day_before_to_send_the_agenda(timed):
    found = events(calendar(timed))
    ada, sam = found["Check-in with Ada Lovelace"], found["Check-in with Sam Rivera"]
    [alarm] = ada.walk("VALARM")
    assert alarm.decoded("trigger") == timedelta(days=-1)
    assert str(alarm["action"]) == "DISPLAY"
    assert str(alarm["description"]) == "Send the agenda: mentorlog agenda --with 'Ada Lovelace'"
    [alarm] = sam.walk("VALARM")
    assert alarm.decoded("trigger") == timedelta(hours=-15)  # 09:00 the day before an all-day check-in


def test_the_commands_in_the_calendar_reach_a_journal_given_with_db(timed, db_path, monkeypatch, tmp_path):
    """A calendar alarm is read anywhere, long after the export: a journal named with --db is named in it,
    by its whole path, and the command runs as printed from another folder."""
    import shlex

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(db_path.parent)
    monkeypatch.delenv("MENTORLOG_DB")
    from icalendar import Calendar

    exported = timed.ok("--db", "journal.db", "export", "--format", "ics").stdout  # a relative path, as typed
    found = events(Calendar.from_ical(exported))
    [alarm] = found["Check-in with Ada Lovelace"].walk("VALARM")
    words = shlex.split(str(alarm["description"]).removeprefix("Send the agenda: "))
    assert words == ["mentorlog", "--db", str(db_path.resolve()), "agenda", "--with", "Ada Lovelace"]
    monkeypatch.chdir(elsewhere)
    assert "Ada Lovelace" in timed.ok(*words[1:]).stdout


def test_the_description_reads_as_a_sentence(timed):
    found = events(calendar(timed))
    assert str(found["Check-in with Ada Lovelace"]["description"]).startswith(
        "Biweekly check-in with Ada Lovelace (your mentor), by video. The day before, send the agenda: ")
    assert str(found["Check-in with Sam Rivera"]["description"]).startswith(
        "Weekly check-in with Sam Rivera (your mentee). ")


def test_reviews_and_milestones_are_events_and_actions_to_dos(timed):
    cal = calendar(timed)
    found = events(cal)
    assert found["Review with Ada Lovelace"].decoded("dtstart") == date(2026, 11, 20)  # due since October: today
    assert "mentorlog review --with 'Ada Lovelace'" in str(found["Review with Ada Lovelace"]["description"])
    step = found["Milestone: Draft the brag document"]
    assert step.decoded("dtstart") == date(2026, 11, 25)
    assert str(step["description"]) == 'A step of the goal "Promotion case", with Ada Lovelace.'
    [todo] = cal.walk("VTODO")
    assert (str(todo["summary"]), todo.decoded("due")) == ("Read the SRE book", date(2026, 11, 22))


def test_uids_are_stable_across_exports(timed, monkeypatch):
    first = {str(c["uid"]) for c in calendar(timed).walk() if "uid" in c}
    timed.ok("session", "add", "--with", "ada", "--on", "2026-11-19 15:00")
    monkeypatch.setenv("MENTORLOG_NOW", "2026-11-21T10:00:00")
    second = {str(c["uid"]) for c in calendar(timed).walk() if "uid" in c}
    assert first == second and len(first) == 6  # 2 check-ins, 2 reviews, a milestone, an action
    ada = timed.json("mentor", "show", "ada", "--json")["uid"]
    assert f"{ada}@mentorlog" in first and f"{ada}-review@mentorlog" in first


def test_the_next_check_in_follows_a_resume(people, monkeypatch):
    """Paused on 1 Nov, resumed on the 20th: the next check-in is a cadence after the resume."""
    people.ok("session", "add", "--with", "ada", "--on", "2026-10-20 15:00")
    monkeypatch.setenv("MENTORLOG_NOW", "2026-11-01T10:00:00")
    people.ok("mentor", "pause", "ada")
    monkeypatch.setenv("MENTORLOG_NOW", "2026-11-20T10:00:00")
    people.ok("mentor", "resume", "ada")
    ada = events(calendar(people, "--with", "ada"))["Check-in with Ada Lovelace"]
    assert ada.decoded("dtstart") == date(2026, 12, 4)


def test_the_check_in_time_and_length_can_come_from_the_config_file(people, tmp_path):
    config = tmp_path / "config" / "mentorlog" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('checkin_time = "9:30"\nsession_length = "30m"\nweek_start = "sunday"\n')
    sam = events(calendar(people))["Check-in with Sam Rivera"]
    start = sam.decoded("dtstart")
    assert isinstance(start, datetime) and (start.hour, start.minute) == (9, 30)
    assert sam.decoded("dtend") - start == timedelta(minutes=30)
    assert sam["rrule"]["WKST"] == ["SU"]


def test_time_is_checked_and_can_be_cleared(people, unchanged):
    with unchanged():
        result = people.fail("mentor", "edit", "ada", "--time", "25:00")
    assert "--time must be a time of day" in result.stderr
    people.ok("mentor", "edit", "ada", "--time", "3:30pm")
    assert people.json("mentor", "show", "ada", "--json")["checkin_time"] == "15:30"
    people.ok("mentor", "edit", "ada", "--clear", "time")
    assert people.json("mentor", "show", "ada", "--json")["checkin_time"] is None
    people.ok("mentee", "add", "Lin", "--time", "0800", "--length", "1h")
    lin = people.json("mentee", "show", "lin", "--json")
    assert (lin["checkin_time"], lin["checkin_minutes"]) == ("08:00", 60)
