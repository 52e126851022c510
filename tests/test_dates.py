"""Dates, durations and cadences: every accepted form, the refusals, and the laws that hold for any input."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentorlog.domain import dates
from mentorlog.errors import MentorlogError

# conftest fixes the clock at 2026-11-20T10:00:00, a Friday.
NOW = datetime(2026, 11, 20, 10, 0, 0)
MIDNIGHT = datetime(2026, 11, 20)


def test_the_fixed_clock_is_a_friday():
    assert dates.now() == NOW
    assert dates.today() == NOW.date()
    assert NOW.strftime("%A") == "Friday"


@pytest.mark.parametrize(
    "text, expected",
    [
        # ISO, with and without a time
        ("2026-11-03", datetime(2026, 11, 3)),
        ("2024-02-29", datetime(2024, 2, 29)),
        ("1999-12-31", datetime(1999, 12, 31)),
        ("2026-11-03 14:30", datetime(2026, 11, 3, 14, 30)),
        ("2026-11-03T14:30", datetime(2026, 11, 3, 14, 30)),
        ("2026-11-03t14:30", datetime(2026, 11, 3, 14, 30)),
        ("2026-11-03 14:30:15", datetime(2026, 11, 3, 14, 30, 15)),
        ("2026-11-03 9:05", datetime(2026, 11, 3, 9, 5)),
        ("2026-11-03 at 14:30", datetime(2026, 11, 3, 14, 30)),
        ("2026-11-03 3pm", datetime(2026, 11, 3, 15, 0)),
        # words for days; `today` and `now` keep the clock, other days start at midnight
        ("today", NOW),
        ("now", NOW),
        ("Today", NOW),
        ("  TODAY  ", NOW),
        ("yesterday", MIDNIGHT - timedelta(days=1)),
        ("tomorrow", MIDNIGHT + timedelta(days=1)),
        # N days / weeks / months / years ago
        ("3 days ago", datetime(2026, 11, 17)),
        ("1 day ago", datetime(2026, 11, 19)),
        ("a day ago", datetime(2026, 11, 19)),
        ("0 days ago", MIDNIGHT),
        ("2 weeks ago", datetime(2026, 11, 6)),
        ("a week ago", datetime(2026, 11, 13)),
        ("one week ago", datetime(2026, 11, 13)),
        ("1 month ago", datetime(2026, 10, 20)),
        ("2 months ago", datetime(2026, 9, 20)),
        ("six months ago", datetime(2026, 5, 20)),
        ("one year ago", datetime(2025, 11, 20)),
        ("3  days   ago", datetime(2026, 11, 17)),
        # in N days / weeks / months
        ("in 2 weeks", datetime(2026, 12, 4)),
        ("in a week", datetime(2026, 11, 27)),
        ("in 3 days", datetime(2026, 11, 23)),
        ("in 1 month", datetime(2026, 12, 20)),
        ("in two months", datetime(2027, 1, 20)),
        # last / next / this weekday (today is a Friday)
        ("last friday", datetime(2026, 11, 13)),
        ("last thursday", datetime(2026, 11, 19)),
        ("last saturday", datetime(2026, 11, 14)),
        ("last monday", datetime(2026, 11, 16)),
        ("next monday", datetime(2026, 11, 23)),
        ("next friday", datetime(2026, 11, 27)),
        ("next saturday", datetime(2026, 11, 21)),
        ("next thursday", datetime(2026, 11, 26)),
        ("this friday", datetime(2026, 11, 20)),
        ("Last Friday", datetime(2026, 11, 13)),
        # month and day, with or without a year
        ("nov 3", datetime(2026, 11, 3)),
        ("Nov 3", datetime(2026, 11, 3)),
        ("nov. 3", datetime(2026, 11, 3)),
        ("november 3", datetime(2026, 11, 3)),
        ("3 nov", datetime(2026, 11, 3)),
        ("3 november", datetime(2026, 11, 3)),
        ("sept 3", datetime(2026, 9, 3)),
        ("sep 3", datetime(2026, 9, 3)),
        ("dec 25", datetime(2026, 12, 25)),
        ("jan 1 2027", datetime(2027, 1, 1)),
        ("nov 3, 2025", datetime(2025, 11, 3)),
        ("3 nov 2025", datetime(2025, 11, 3)),
        ("feb 29 2028", datetime(2028, 2, 29)),
        # a day and a time
        ("yesterday at 14:30", datetime(2026, 11, 19, 14, 30)),
        ("yesterday 15:00", datetime(2026, 11, 19, 15, 0)),
        ("today 3pm", datetime(2026, 11, 20, 15, 0)),
        ("today 3 pm", datetime(2026, 11, 20, 15, 0)),
        ("today at 3pm", datetime(2026, 11, 20, 15, 0)),
        ("today, 3pm", datetime(2026, 11, 20, 15, 0)),
        ("today 9am", datetime(2026, 11, 20, 9, 0)),
        ("today 12am", datetime(2026, 11, 20, 0, 0)),
        ("today 12pm", datetime(2026, 11, 20, 12, 0)),
        ("today 3:45pm", datetime(2026, 11, 20, 15, 45)),
        ("today 0:00", datetime(2026, 11, 20, 0, 0)),
        ("tomorrow at 23:59", datetime(2026, 11, 21, 23, 59)),
        ("last friday at 9am", datetime(2026, 11, 13, 9, 0)),
        ("3 days ago at 18:00", datetime(2026, 11, 17, 18, 0)),
        ("nov 3 14:30", datetime(2026, 11, 3, 14, 30)),
        ("nov 3 at 3pm", datetime(2026, 11, 3, 15, 0)),
    ],
)
def test_accepted_forms(text, expected):
    assert dates.parse_datetime(text) == expected
    assert dates.parse_date(text) == expected.date()


INVALID_DATES = [
    "2026-02-30",  # no such day
    "2026-13-01",
    "2026-11-31",
    "2025-02-29",  # not a leap year
    "2026-1-3",  # ISO needs two-digit month and day
    "2026-11-03 24:00",
    "2026-11-03 14:30:99",
    "yesterday at 25:00",
    "yesterday at 14:60",
    "today 13pm",
    "today 0am",
    "today at 3",  # a bare hour is not a time
    "12am today",
    "garbage",
    "monday",  # which monday? say last or next
    "last funday",
    "next",
    "nov",
    "nov 31",
    "feb 30",
    "feb 29",  # 2026 is not a leap year
    "mon 3",  # a weekday is not a month
    "sat 3",
    "novemberr 3",
    "nov 3 0000",
    "3 days",
    "-3 days ago",
    "in 3 days ago",
    "99999 days ago",
    "3",
    "2026",
    "today,3pm",
    "²",
]


@pytest.mark.parametrize("text", INVALID_DATES)
def test_invalid_dates_name_the_value_and_the_accepted_forms(text):
    with pytest.raises(MentorlogError) as raised:
        dates.parse_datetime(text)
    message = str(raised.value)
    assert repr(text) in message
    assert dates.DATE_FORMS in message
    with pytest.raises(MentorlogError):
        dates.parse_date(text)


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_an_empty_date_is_refused_with_the_accepted_forms(text):
    with pytest.raises(MentorlogError, match="empty date") as raised:
        dates.parse_datetime(text)
    assert dates.DATE_FORMS in str(raised.value)


@pytest.mark.parametrize(
    "text, minutes",
    [
        ("45m", 45),
        ("45", 45),
        ("90", 90),
        ("1", 1),
        ("1h30m", 90),
        ("1h 30m", 90),
        ("1 h 30 m", 90),
        ("2h", 120),
        ("1.5h", 90),
        ("0.25h", 15),
        ("1hr", 60),
        ("2 hours", 120),
        ("1 hour", 60),
        ("45 min", 45),
        ("45 mins", 45),
        ("45 minutes", 45),
        ("45M", 45),
        (" 45m ", 45),
        ("0h1m", 1),
        ("24h", 1440),
        ("1440", 1440),
    ],
)
def test_durations(text, minutes):
    assert dates.parse_duration(text) == minutes


@pytest.mark.parametrize(
    "text",
    ["", " ", "0", "00", "0m", "1441", "25h", "h", "m", "abc", "-5", "1e3", ".5h", "1.h", "45s", "1d",
     "1h30", "9" * 5000, "²", "١٢"],
)
def test_bad_durations_name_the_value_and_the_accepted_forms(text):
    with pytest.raises(MentorlogError) as raised:
        dates.parse_duration(text)
    message = str(raised.value)
    assert repr(text) in message
    assert dates.DURATION_FORMS in message


@pytest.mark.parametrize(
    "text, days",
    [
        ("weekly", 7),
        ("Weekly", 7),
        ("biweekly", 14),
        ("fortnightly", 14),
        ("monthly", 30),
        ("daily", 1),
        ("quarterly", 90),
        ("bimonthly", 60),
        ("3m", 90),
        ("2 months", 60),
        ("every 6 months", 180),
        ("13w", 91),
        ("2w", 14),
        ("1w", 7),
        ("w", 7),
        ("10d", 10),
        ("1d", 1),
        ("1m", 30),
        ("2 weeks", 14),
        ("3 days", 3),
        ("1 month", 30),
        ("every 2 weeks", 14),
        ("every week", 7),
        ("every 10 days", 10),
        ("366d", 366),
        ("52w", 364),
        ("12m", 360),
    ],
)
def test_cadences(text, days):
    assert dates.parse_cadence(text) == days


@pytest.mark.parametrize(
    "text", ["", "sometimes", "0d", "0w", "367d", "53w", "13m", "2y", "yearly", "-1w", "w2", "9" * 5000 + "d", "²d"]
)
def test_bad_cadences_name_the_value_and_the_accepted_forms(text):
    with pytest.raises(MentorlogError) as raised:
        dates.parse_cadence(text)
    message = str(raised.value)
    assert repr(text) in message
    assert dates.CADENCE_FORMS in message


@pytest.mark.parametrize(
    "days, text",
    [(1, "daily"), (7, "weekly"), (14, "every 2 weeks"), (30, "monthly"), (21, "every 3 weeks"), (10, "every 10 days"),
     (60, "every 2 months"), (90, "quarterly"), (360, "every 12 months"), (91, "every 13 weeks"), (31, "every 31 days")],
)
def test_format_cadence(days, text):
    assert dates.format_cadence(days) == text


@pytest.mark.parametrize(
    "start, days, expected",
    [
        (date(2026, 1, 31), 30, date(2026, 2, 28)),  # monthly is a calendar month
        (date(2026, 11, 20), 30, date(2026, 12, 20)),
        (date(2026, 12, 15), 30, date(2027, 1, 15)),
        (date(2026, 11, 20), 14, date(2026, 12, 4)),
        (date(2026, 11, 20), 7, date(2026, 11, 27)),
        (date(2024, 2, 28), 1, date(2024, 2, 29)),
    ],
)
def test_add_cadence(start, days, expected):
    assert dates.add_cadence(start, days) == expected


@pytest.mark.parametrize("minutes, text", [(1, "1 min"), (45, "45 min"), (60, "1 h"), (90, "1 h 30 min"),
                                           (125, "2 h 5 min"), (135, "2 h 15 min"), (1440, "24 h"), (None, ""), (0, "")])
def test_format_duration(minutes, text):
    assert dates.format_duration(minutes) == text


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("today", datetime(2026, 11, 20), datetime(2026, 11, 20, 23, 59, 59)),
        ("yesterday", datetime(2026, 11, 19), datetime(2026, 11, 19, 23, 59, 59)),
        ("2026-11-03", datetime(2026, 11, 3), datetime(2026, 11, 3, 23, 59, 59)),
        ("last friday", datetime(2026, 11, 13), datetime(2026, 11, 13, 23, 59, 59)),
        ("nov 3", datetime(2026, 11, 3), datetime(2026, 11, 3, 23, 59, 59)),
        ("3 days ago", datetime(2026, 11, 17), datetime(2026, 11, 17, 23, 59, 59)),
        ("now", NOW, NOW),
        ("today 9am", datetime(2026, 11, 20, 9), datetime(2026, 11, 20, 9)),
        ("yesterday at 15:00", datetime(2026, 11, 19, 15), datetime(2026, 11, 19, 15)),
        ("2026-11-03 00:00", datetime(2026, 11, 3), datetime(2026, 11, 3)),
        ("2026-11-03 14:30", datetime(2026, 11, 3, 14, 30), datetime(2026, 11, 3, 14, 30)),
    ],
)
def test_range_bounds_cover_whole_days_unless_a_time_is_given(text, start, end):
    assert dates.parse_bound(text) == start
    assert dates.parse_bound(text, end=True) == end


# -- a day without a year, and things that already happened -------------------------------------------


@pytest.mark.parametrize(
    "text, happened, due",
    [
        ("dec 20", date(2025, 12, 20), date(2026, 12, 20)),  # still to come this year
        ("nov 3", date(2026, 11, 3), date(2027, 11, 3)),  # already past this year
        ("nov 20", date(2026, 11, 20), date(2026, 11, 20)),  # today is both
        ("21 nov", date(2025, 11, 21), date(2026, 11, 21)),
        ("jan 1", date(2026, 1, 1), date(2027, 1, 1)),
        ("feb 29", date(2024, 2, 29), date(2028, 2, 29)),  # the nearest leap year each way
        ("dec 20 2026", date(2026, 12, 20), date(2026, 12, 20)),  # a year given is kept
        ("nov 3 2027", date(2027, 11, 3), date(2027, 11, 3)),
    ],
)
def test_a_day_without_a_year_is_the_latest_for_what_happened_and_the_next_for_what_is_due(text, happened, due):
    assert dates.parse_date(text, past=True) == happened
    assert dates.parse_date(text, past=False) == due


def test_a_day_without_a_year_keeps_its_time_when_rolled_back():
    assert dates.parse_datetime("dec 20 3pm", past=True) == datetime(2025, 12, 20, 15)


def test_without_a_direction_a_day_without_a_year_is_this_years():
    assert dates.parse_date("dec 20") == date(2026, 12, 20)
    with pytest.raises(MentorlogError, match="can't read the date 'feb 29'"):
        dates.parse_date("feb 29")


@pytest.mark.parametrize("text", ["feb 30", "nov 31"])
def test_a_day_no_year_has_is_refused_either_way(text):
    for past in (True, False):
        with pytest.raises(MentorlogError, match="can't read the date"):
            dates.parse_date(text, past=past)


@pytest.mark.parametrize("text, expected", [
    ("now", NOW), ("today", NOW), ("today 9am", datetime(2026, 11, 20, 9)), ("yesterday", datetime(2026, 11, 19)),
    ("2026-11-20 10:00", NOW), ("dec 20", datetime(2025, 12, 20)), ("last friday", datetime(2026, 11, 13)),
])
def test_what_happened_can_be_up_to_now(text, expected):
    assert dates.parse_happened_at(text, "--on") == expected


@pytest.mark.parametrize("text", ["tomorrow", "today 3pm", "2026-11-20 10:01", "in 2 days", "next monday",
                                  "2027-01-01", "dec 20 2026"])
def test_what_happened_is_never_after_now(text):
    with pytest.raises(MentorlogError, match=r"^--on '.*' is in the future \(.*\); give when it happened$"):
        dates.parse_happened_at(text, "--on")


@pytest.mark.parametrize("text, expected", [
    ("today", date(2026, 11, 20)), ("today 11pm", date(2026, 11, 20)), ("dec 20", date(2025, 12, 20)),
    ("2026-11-20", date(2026, 11, 20)),
])
def test_the_day_something_happened_can_be_today(text, expected):
    assert dates.parse_happened_on(text, "--on") == expected


@pytest.mark.parametrize("text", ["tomorrow", "in 1 week", "2026-11-21", "next friday"])
def test_the_day_something_happened_is_never_after_today(text):
    with pytest.raises(MentorlogError, match=r"is in the future \(.*\); give the day it happened$"):
        dates.parse_happened_on(text, "--on")


# -- MENTORLOG_NOW ---------------------------------------------------------------------------------


def test_mentorlog_now_with_a_date_only_starts_at_midnight(monkeypatch):
    monkeypatch.setenv("MENTORLOG_NOW", "2030-01-15")
    assert dates.now() == datetime(2030, 1, 15)
    assert dates.today() == date(2030, 1, 15)
    assert dates.parse_date("yesterday") == date(2030, 1, 14)
    assert dates.parse_date("last friday") == date(2030, 1, 11)
    assert dates.parse_date("feb 3") == date(2030, 2, 3)


def test_mentorlog_now_drives_every_relative_form(monkeypatch):
    monkeypatch.setenv("MENTORLOG_NOW", "2027-03-01T08:15:00")
    assert dates.parse_datetime("today") == datetime(2027, 3, 1, 8, 15)
    assert dates.parse_date("3 days ago") == date(2027, 2, 26)
    assert dates.parse_date("in 2 weeks") == date(2027, 3, 15)
    assert dates.parse_date("1 month ago") == date(2027, 2, 1)
    assert dates.utc_stamp().endswith("Z")


def test_without_mentorlog_now_the_clock_is_real(monkeypatch):
    monkeypatch.delenv("MENTORLOG_NOW")
    before = datetime.now().replace(microsecond=0)
    assert before <= dates.now() <= datetime.now()


def test_mentorlog_now_with_a_timezone_becomes_local_time(monkeypatch):
    monkeypatch.setenv("MENTORLOG_NOW", "2026-11-20T10:00:00+00:00")
    expected = datetime.fromisoformat("2026-11-20T10:00:00+00:00").astimezone().replace(tzinfo=None)
    assert dates.now() == expected


def test_a_bad_mentorlog_now_is_a_user_error(monkeypatch):
    monkeypatch.setenv("MENTORLOG_NOW", "last tuesday-ish")
    with pytest.raises(MentorlogError, match="MENTORLOG_NOW"):
        dates.now()


def test_utc_stamp_is_iso_utc():
    stamp = dates.utc_stamp()
    assert stamp.endswith("Z")
    parsed = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    assert parsed.astimezone().replace(tzinfo=None) == NOW


# -- properties ------------------------------------------------------------------------------------

WORDS = [
    "today", "yesterday", "tomorrow", "now", "at", "in", "ago", "day", "days", "week", "weeks", "month",
    "months", "year", "last", "next", "this", "friday", "monday", "nov", "sept", "mon", "may", "a", "one",
    "0", "3", "12", "31", "99", "2026", "9999", "10000", "2026-11-03", "2026-02-30", "14:30", "25:00",
    "3pm", "0am", "12am", "13pm", ",", ".", "-", ":", "t", "h", "m", "d", "w", "1h30m", "45m", "every",
    "weekly", "monthly", "²", "١٢", "\u00a0",
]  # fmt: skip
TEXT = st.one_of(
    st.text(),
    st.text(alphabet="0123456789 .:,-hmdwapt"),
    st.lists(st.sampled_from(WORDS), max_size=6).map(" ".join),
    st.lists(st.sampled_from(WORDS), max_size=4).map("".join),
)
PARSERS = [dates.parse_datetime, dates.parse_date, dates.parse_bound, dates.parse_duration, dates.parse_cadence]


@settings(max_examples=400)
@given(text=TEXT)
def test_any_text_gives_a_value_or_a_user_error(text):
    for parse in PARSERS:
        try:
            value = parse(text)
        except MentorlogError as error:
            assert str(error)
            continue
        if parse in (dates.parse_datetime, dates.parse_bound):
            assert isinstance(value, datetime)
        elif parse is dates.parse_date:
            assert isinstance(value, date)
        elif parse is dates.parse_duration:
            assert isinstance(value, int) and 1 <= value <= dates.MAX_DURATION_MINUTES
        else:
            assert isinstance(value, int) and 1 <= value <= dates.MAX_CADENCE_DAYS


@given(st.dates())
def test_an_iso_date_reads_back_as_itself(day):
    assert dates.parse_date(day.isoformat()) == day


@given(st.datetimes().map(lambda d: d.replace(microsecond=0)))
def test_an_iso_datetime_reads_back_as_itself(moment):
    assert dates.parse_datetime(moment.isoformat()) == moment
    assert dates.parse_datetime(moment.isoformat(sep=" ")) == moment


@given(st.dates(min_value=date(1000, 1, 1)))
def test_month_and_day_with_a_year_read_back(day):
    assert dates.parse_date(day.strftime("%b %d %Y")) == day
    assert dates.parse_date(day.strftime("%d %B %Y")) == day


@given(st.integers(min_value=1, max_value=dates.MAX_DURATION_MINUTES))
def test_a_formatted_duration_reads_back(minutes):
    assert dates.parse_duration(dates.format_duration(minutes)) == minutes
    assert dates.parse_duration(str(minutes)) == minutes


@given(st.integers(min_value=1, max_value=dates.MAX_CADENCE_DAYS))
def test_a_formatted_cadence_reads_back(days):
    assert dates.parse_cadence(dates.format_cadence(days)) == days


@given(st.integers(min_value=0, max_value=3000))
def test_n_days_ago_and_in_n_days_are_mirror_images(n):
    assert dates.parse_date(f"{n} days ago") == NOW.date() - timedelta(days=n)
    assert dates.parse_date(f"in {n} days") == NOW.date() + timedelta(days=n)
    assert dates.parse_date(f"{n} weeks ago") == NOW.date() - timedelta(weeks=n)


@given(st.sampled_from(dates.WEEKDAYS))
def test_last_and_next_weekday_are_within_a_week_and_on_that_day(name):
    last = dates.parse_date(f"last {name}")
    after = dates.parse_date(f"next {name}")
    assert 1 <= (NOW.date() - last).days <= 7
    assert 1 <= (after - NOW.date()).days <= 7
    assert last.strftime("%A").lower() == name == after.strftime("%A").lower()


# -- "Walk in prepared": months are calendar months, weeks and days exact ---------------------------

MONTH_SPELLINGS = [("monthly", 1), ("1m", 1), ("1 month", 1), ("every month", 1), ("bimonthly", 2), ("2m", 2),
                   ("2 months", 2), ("quarterly", 3), ("3m", 3), ("every 3 months", 3), ("6m", 6), ("12 months", 12)]
EDGE_STARTS = [date(2026, 1, 31), date(2026, 11, 30), date(2028, 2, 29), date(2026, 8, 31), date(2026, 12, 15)]


def calendar_months_after(start: date, months: int) -> date:
    """The same day `months` calendar months on, or that month's last day when it has no such day."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(start.day, last))


@pytest.mark.parametrize("text, months", MONTH_SPELLINGS)
@pytest.mark.parametrize("start", EDGE_STARTS)
def test_every_month_spelling_moves_by_calendar_months(text, months, start):
    days = dates.parse_cadence(text)
    assert dates.cadence_months(days) == months
    assert dates.add_cadence(start, days) == calendar_months_after(start, months)


@pytest.mark.parametrize("start, text, expected", [
    (date(2026, 1, 31), "monthly", date(2026, 2, 28)),
    (date(2026, 11, 30), "quarterly", date(2027, 2, 28)),
    (date(2028, 2, 29), "12m", date(2029, 2, 28)),
    (date(2028, 2, 29), "quarterly", date(2028, 5, 29)),
    (date(2026, 11, 30), "bimonthly", date(2027, 1, 30)),
    (date(2025, 12, 31), "2 months", date(2026, 2, 28)),
])
def test_month_cadences_clamp_to_the_end_of_the_month(start, text, expected):
    assert dates.add_cadence(start, dates.parse_cadence(text)) == expected


WEEK_AND_DAY_SPELLINGS = [("daily", 1), ("weekly", 7), ("biweekly", 14), ("2w", 14), ("4w", 28), ("13w", 91),
                          ("52w", 364), ("10d", 10), ("29d", 29), ("31d", 31), ("every 45 days", 45), ("366d", 366)]


@pytest.mark.parametrize("text, days", WEEK_AND_DAY_SPELLINGS)
@pytest.mark.parametrize("start", EDGE_STARTS)
def test_week_and_day_spellings_stay_exact(text, days, start):
    assert dates.parse_cadence(text) == days and dates.cadence_months(days) is None
    assert dates.add_cadence(start, days) == start + timedelta(days=days)


@pytest.mark.parametrize("count, text", [(0, "0 days"), (1, "1 day"), (2, "2 days"), (31, "31 days"), (-1, "-1 day")])
def test_format_days_reads_as_people_write_it(count, text):
    assert dates.format_days(count) == text


@pytest.mark.parametrize("minutes", range(1, 24 * 60 + 1, 7))
def test_format_duration_is_whole_hours_and_minutes_and_reads_back(minutes):
    text = dates.format_duration(minutes)
    assert "." not in text and dates.parse_duration(text) == minutes
