"""Parsing and formatting of dates, durations and cadences; the one clock (`MENTORLOG_NOW`)."""

from __future__ import annotations

import os
import re
from datetime import date, datetime, time, timedelta, timezone

from mentorlog.errors import MentorlogError

DATE_FORMS = (
    "2026-11-03, 2026-11-03 14:30, today, yesterday, tomorrow, 3 days ago, 2 weeks ago, "
    "in 2 weeks, last friday, next monday, nov 3 (a time may follow: 'yesterday at 14:30', 'today 3pm')"
)
DURATION_FORMS = "45m, 1h30m, 2h, 90 (minutes)"
CADENCE_FORMS = "weekly, biweekly, monthly, quarterly, 2w, 10d, 3m"

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
UNIT_DAYS = {"day": 1, "week": 7}
MAX_DURATION_MINUTES = 24 * 60
MAX_CADENCE_DAYS = 366
MONTHLY = 30

# The patterns are compiled when first used (re keeps them): a command that reads no date pays nothing.
_ISO = (
    r"(?a)^(?P<date>\d{4}-\d{2}-\d{2})(?:[ t](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?$"
)
_RELATIVE = r"^(?:(?P<ago_n>\w+) (?P<ago_unit>day|week|month|year)s? ago|in (?P<in_n>\w+) (?P<in_unit>day|week|month|year)s?)$"
_WEEKDAY = r"^(?P<which>last|next|this) (?P<day>" + "|".join(WEEKDAYS) + r")$"
_MONTH_DAY = (
    r"(?a)^(?:(?P<month>[a-z]{3,9})\.? (?P<day>\d{1,2})(?:,? (?P<year>\d{4}))?"
    r"|(?P<day2>\d{1,2}) (?P<month2>[a-z]{3,9})\.?(?: (?P<year2>\d{4}))?)$"
)
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")  # fmt: skip
_TIME_SUFFIX = (
    r"^(?P<day>.+?)(?:,)?\s+(?:at\s+)?(?P<hour>\d{1,2})(?::(?P<minute>\d{2}))?\s*(?P<ampm>am|pm)?$"
)


# The clock `MENTORLOG_NOW` may set: a century inside the calendar's ends, so that every date the
# journal works out from "now" (a year of weeks back, cadences and "in 10 years" ahead, UTC stamps)
# stays a date Python can hold.
EARLIEST_NOW = datetime(100, 1, 1)
LATEST_NOW = datetime(9899, 12, 31, 23, 59, 59)


def now() -> datetime:
    """The current local time, or `MENTORLOG_NOW` when set (tests and back-filling)."""
    override = os.environ.get("MENTORLOG_NOW", "").strip()
    if not override:
        return datetime.now().replace(microsecond=0)
    try:
        value = datetime.fromisoformat(override)
    except ValueError:
        raise MentorlogError(f"MENTORLOG_NOW={override!r} is not an ISO date or date-time") from None
    try:
        value = value.replace(tzinfo=None) if value.tzinfo is None else value.astimezone().replace(tzinfo=None)
    except (ValueError, OverflowError):
        value = None  # a zone that moves it past the calendar's ends
    if value is None or not EARLIEST_NOW <= value <= LATEST_NOW:
        raise MentorlogError(f"MENTORLOG_NOW={override!r}: out of range; give a date-time from "
                             f"{EARLIEST_NOW.date().isoformat()} to {LATEST_NOW.date().isoformat()}, or unset it")
    return value


def today() -> date:
    return now().date()


def utc_stamp() -> str:
    """`created_at`/`updated_at`: the clock (or `MENTORLOG_NOW`) in UTC, ISO 8601."""
    return now().astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def parse_datetime(text: str, past: bool | None = None) -> datetime:
    """A date with an optional time. Without a time: `now`/`today` keep the clock, other days are at midnight.

    A month and day without a year (`dec 20`) are in the current year, unless `past` says which way
    to look: `past=True` (when something happened) takes the latest such day up to today, and
    `past=False` (when something is due) the next one from today on.
    """
    cleaned = " ".join(str(text).strip().lower().split())
    if not cleaned:
        raise MentorlogError(f"empty date; use one of: {DATE_FORMS}")
    try:
        return _parse_with_time(cleaned, past)
    except MentorlogError:
        raise
    except (ValueError, OverflowError, ArithmeticError):
        pass
    raise MentorlogError(f"can't read the date {text!r}; use one of: {DATE_FORMS}")


def parse_date(text: str, past: bool | None = None) -> date:
    return parse_datetime(text, past).date()


def parse_happened_at(text: str, what: str = "the date") -> datetime:
    """When something already happened (a session): a yearless day is the latest one, and a moment after
    now is refused. `what` names the value in the message (a flag such as `--on`)."""
    moment = parse_datetime(text, past=True)
    if moment > now():
        raise MentorlogError(f"{what} {text!r} is in the future ({moment:%Y-%m-%d %H:%M}); give when it happened")
    return moment


def parse_happened_on(text: str, what: str = "the date") -> date:
    """The day something already happened (a win, a done or end date); a day after today is refused."""
    day = parse_date(text, past=True)
    if day > today():
        raise MentorlogError(f"{what} {text!r} is in the future ({day}); give the day it happened")
    return day


def parse_bound(text: str, end: bool = False) -> datetime:
    """One end of a range (`--since`, `--until`): a day given without a time covers the whole day.

    So `--since today` includes this morning and `--until yesterday` includes yesterday evening,
    while `--since "yesterday 15:00"` and `--since now` keep their clock.
    """
    moment = parse_datetime(text)
    cleaned = " ".join(str(text).strip().lower().split())
    if cleaned == "now" or _has_clock(cleaned):
        return moment
    return datetime.combine(moment.date(), time(23, 59, 59) if end else time())


def _has_clock(cleaned: str) -> bool:
    """Whether text that parsed as a date-time named a time of day."""
    if match := re.match(_ISO, cleaned):
        return match["hour"] is not None
    return _parse_day(cleaned) is None  # not a day on its own, so a time followed the day


def _parse_with_time(text: str, past: bool | None = None) -> datetime:
    day = _parse_day(text, past)
    if day is not None:
        return day
    match = re.match(_TIME_SUFFIX, text)
    if match and (match["minute"] is not None or match["ampm"] is not None):
        day = _parse_day(match["day"], past)
        if day is not None:
            return datetime.combine(day.date(), _clock(int(match["hour"]), int(match["minute"] or 0), match["ampm"]))
    raise ValueError(text)


def _clock(hour: int, minute: int, ampm: str | None) -> time:
    if ampm:
        if not 1 <= hour <= 12:
            raise ValueError(hour)
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    return time(hour, minute)


def _parse_day(text: str, past: bool | None = None) -> datetime | None:
    """A day on its own; None when the text is not a form we know. `past`: see `parse_datetime`."""
    current = now()
    midnight = datetime.combine(current.date(), time())
    if text in ("now", "today"):
        return current
    if text in ("yesterday", "tomorrow"):
        return midnight + timedelta(days=-1 if text == "yesterday" else 1)
    if match := re.match(_ISO, text):
        clock = time(int(match["hour"] or 0), int(match["minute"] or 0), int(match["second"] or 0))
        return datetime.combine(date.fromisoformat(match["date"]), clock)
    if match := re.match(_RELATIVE, text):
        count_text, unit = (match["ago_n"], match["ago_unit"]) if match["ago_n"] else (match["in_n"], match["in_unit"])
        count = _count(count_text)
        sign = -1 if match["ago_n"] else 1
        return _shift(midnight, sign * count, unit)
    if match := re.match(_WEEKDAY, text):
        target = WEEKDAYS.index(match["day"])
        offset = target - midnight.weekday()
        if match["which"] == "last":
            offset = offset - 7 if offset >= 0 else offset
        elif match["which"] == "next":
            offset = offset + 7 if offset <= 0 else offset
        return midnight + timedelta(days=offset)
    if match := re.match(_MONTH_DAY, text):
        month = _month(match["month"] or match["month2"])
        day = int(match["day"] or match["day2"])
        year = match["year"] or match["year2"]
        if year:
            return datetime(int(year), month, day)
        return datetime.combine(_yearless(month, day, midnight.date(), past), time())
    return None


def _yearless(month: int, day: int, current: date, past: bool | None) -> date:
    """A month and day without a year: this year's, or (with `past`) the nearest one on the side it asks for.

    February 29 comes round within eight years, so that is as far as it looks.
    """
    if past is None:
        return date(current.year, month, day)
    step = -1 if past else 1
    for offset in range(9):
        try:
            candidate = date(current.year + step * offset, month, day)
        except ValueError:  # not in this year (February 29), or past the calendar's ends
            continue
        if (candidate <= current) if past else (candidate >= current):
            return candidate
    raise ValueError(f"{month}-{day}")


def _month(word: str) -> int:
    """1-12 from a month's name or its first three or more letters (`nov`, `sept`, `november`)."""
    for number, name in enumerate(MONTHS, start=1):
        if name.startswith(word):
            return number
    raise ValueError(word)


def _count(text: str) -> int:
    if text.isascii() and text.isdigit() and len(text) <= 6:
        count = int(text)
    elif text in NUMBER_WORDS:
        count = NUMBER_WORDS[text]
    else:
        raise ValueError(text)
    if count > 10_000:
        raise ValueError(text)
    return count


def _shift(start: datetime, count: int, unit: str) -> datetime:
    if unit in UNIT_DAYS:
        return start + timedelta(days=count * UNIT_DAYS[unit])
    from dateutil.relativedelta import relativedelta

    return start + relativedelta(months=count) if unit == "month" else start + relativedelta(years=count)


_DURATION = (
    r"(?a)^(?:(?P<h>\d+(?:\.\d+)?)\s*h(?:ours?|rs?)?)?\s*(?:(?P<m>\d+)\s*m(?:in(?:utes?)?|ins)?)?$"
)


def parse_duration(text: str) -> int:
    """Minutes from `45m`, `1h30m`, `2h`, `1.5h` or a bare number of minutes."""
    cleaned = str(text).strip().lower()
    minutes: float | None = None
    if len(cleaned) > 40:
        pass  # no real duration is this long; int() would refuse thousands of digits anyway
    elif cleaned.isascii() and cleaned.isdigit():
        minutes = int(cleaned)
    elif cleaned and (match := re.match(_DURATION, cleaned)) and (match["h"] or match["m"]):
        minutes = float(match["h"] or 0) * 60 + int(match["m"] or 0)
    if minutes is None or not 1 <= minutes <= MAX_DURATION_MINUTES:
        raise MentorlogError(
            f"can't read the duration {text!r}; use one of: {DURATION_FORMS}, between 1 minute and 24 hours"
        )
    return round(minutes)


MONTH_DAYS = 30  # the days a month counts for in `cadence_days`: a cadence of N months is stored as N * 30
_CADENCE_WORDS = {"daily": 1, "weekly": 7, "biweekly": 14, "fortnightly": 14,
                  "monthly": MONTHLY, "bimonthly": 2 * MONTH_DAYS, "quarterly": 3 * MONTH_DAYS}
_CADENCE = (r"(?a)^(?:every\s+)?(?P<n>\d{1,6})?\s*(?P<unit>d|days?|w|weeks?|m|months?)$")


def parse_cadence(text: str) -> int:
    """Days between meetings from `weekly`, `biweekly`, `monthly`, `quarterly`, `2w`, `10d`, `3m`, `2 months`.

    Months are stored as 30 days each (`monthly` 30, `bimonthly` 60, `quarterly` and `3m` 90) and read
    back as calendar months by `cadence_months`; weeks and days are stored as the exact count of days.
    """
    cleaned = " ".join(str(text).strip().lower().split())
    days: int | None = _CADENCE_WORDS.get(cleaned)
    if days is None and (match := re.match(_CADENCE, cleaned)):
        count = int(match["n"] or 1)
        unit = match["unit"][0]
        days = count * {"d": 1, "w": 7, "m": MONTH_DAYS}[unit] if count < 10_000 else None
    if days is None or not 1 <= days <= MAX_CADENCE_DAYS:
        raise MentorlogError(f"can't read the cadence {text!r}; use one of: {CADENCE_FORMS} (at most a year)")
    return days


def cadence_months(cadence_days: int) -> int | None:
    """The calendar months a stored cadence stands for, or None when it is a count of days.

    The rule, the same everywhere a cadence is applied (next check-in, actions' due dates, the ics
    recurrence): a whole number of 30-day months (30, 60, 90 … 360, which is what `monthly`,
    `bimonthly`, `quarterly`, `Nm` and `N months` are stored as) is that many calendar months; any
    other count is exact days. So `30d` reads as monthly too, and `30w` (210 days) as 7 months;
    every other spelling in weeks or days stays exact.
    """
    if cadence_days >= MONTH_DAYS and cadence_days % MONTH_DAYS == 0:
        return cadence_days // MONTH_DAYS
    return None


def format_cadence(days: int) -> str:
    months = cadence_months(days)
    if months is not None:
        return {1: "monthly", 3: "quarterly"}.get(months, f"every {months} months")
    words = {7: "weekly", 14: "every 2 weeks", 1: "daily"}
    if days in words:
        return words[days]
    if days % 7 == 0:
        return f"every {days // 7} weeks"
    return f"every {days} days"


def short_day(value: date | None, today: date) -> str:
    """`6 Nov`, or `6 Nov 2025` outside this year; `—` for no day."""
    if value is None:
        return "—"
    return f"{value.day} {value:%b}" + ("" if value.year == today.year else f" {value.year}")


def add_cadence(start: date, cadence_days: int) -> date:
    """The day one cadence after `start`: by calendar months for a month cadence (`cadence_months`), the
    last day of a shorter month when the day is not in it (Jan 31 + 1 month is Feb 28 or 29), else by
    exact days.

    Past the end of the calendar (a date such as 9999-12-31 standing for "never") it stays on the last
    day there is, a week short of it so that a few days more can still be added to it.
    """
    try:
        months = cadence_months(cadence_days)
        if months is not None:
            from dateutil.relativedelta import relativedelta

            return start + relativedelta(months=months)
        return start + timedelta(days=cadence_days)
    except (OverflowError, ValueError):
        return date.max - timedelta(days=7)


def format_days(count: int) -> str:
    """A count of days as people write it: `1 day`, `2 days`, `0 days`."""
    return f"{count} day{'' if abs(count) == 1 else 's'}"


def format_duration(minutes: int | None) -> str:
    """Minutes as people write them: `45 min`, `1 h`, `2 h 15 min`; empty for none."""
    if not minutes:
        return ""
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    return f"{hours} h" if hours else f"{rest} min"


def iso_date(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    return value.date().isoformat() if isinstance(value, datetime) else value.isoformat()


def iso_datetime(value: datetime) -> str:
    return value.isoformat(timespec="seconds")
