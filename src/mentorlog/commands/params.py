"""Dates, durations and cadences as option types: each value is read once, while the command line is
parsed, and the command gets the date, the minutes or the days.

Typer calls a type's reader (its `parser=`) with the option's text. A value it can't read raises
MentorlogError, not Click's BadParameter: a command's options are parsed inside the error boundary of
`cli.MentorlogGroup.invoke`, which prints one `Error: …` line, the message `domain.dates` words, and
exits 1, as for any other bad value (a usage error would exit 2 and print the usage). The clock
(`MENTORLOG_NOW`) is read when the value is read, never at import.
"""

from __future__ import annotations

from mentorlog.domain.records import record
from datetime import date, datetime
from typing import Annotated, Any, Callable, Optional

import typer
from typer._click.types import ParamType

from mentorlog.domain import dates
from mentorlog.errors import MentorlogError


@record(frozen=True)
class ValueType:
    """One kind of option value: the metavar `--help` shows, and `read(text, flag)`, which returns the value
    or raises MentorlogError (the flag names the value where the message needs it)."""

    name: str
    metavar: str
    read: Callable[[str, str], Any]

    words: tuple[str, ...] = ()  # what shell completion offers (the value may be other text too: `3w`)

    def option(self, *flags: str, help: str) -> Any:
        """A `typer.Option` taking this kind of value; its first flag names the value in messages."""
        offered = (lambda incomplete: [w for w in self.words if w.startswith(incomplete.lower())]) if self.words else None
        return typer.Option(*flags, metavar=self.metavar, help=help, parser=Reader(self, flags[0]),
                            autocompletion=offered)


class Reader:
    """The parser Typer calls with an option's text: a value type bound to the option's flag."""

    def __init__(self, kind: ValueType, flag: str):
        self.kind = kind
        self.flag = flag
        self.__name__ = kind.name  # what Typer calls the parameter's type

    def __call__(self, text: str) -> Any:
        return self.kind.read(text, self.flag)

    def __repr__(self) -> str:
        return f"Reader({self.kind.name}, {self.flag})"


# When something happened: never in the future; a yearless day is the latest one.
HAPPENED_AT = ValueType("happened-at", "DATE", lambda text, flag: dates.parse_happened_at(text, flag))  # a meeting
HAPPENED_ON = ValueType("happened-on", "DATE", lambda text, flag: dates.parse_happened_on(text, flag))  # a day
# When something was done or won: a day (`2026-11-03`, `yesterday`), or a day and a time (`2026-11-03 16:00`,
# `now`, `today`, which keep the clock); a day is returned as a date, a moment as a datetime.
HAPPENED_WHEN = ValueType("happened-when", "DATE", lambda text, flag: _happened_when(text, flag))
# When something is planned or due: a yearless day is the next one.
PLANNED = ValueType("planned", "DATE", lambda text, flag: dates.parse_date(text, past=False))
# A day either way (a mentorship's start, the start of a window to look back over).
DAY = ValueType("date", "DATE", lambda text, flag: dates.parse_date(text))
# The ends of a range of moments: a day without a time covers the whole day.
RANGE_START = ValueType("range-start", "DATE", lambda text, flag: dates.parse_bound(text))
RANGE_END = ValueType("range-end", "DATE", lambda text, flag: dates.parse_bound(text, end=True))
DURATION = ValueType("duration", "DURATION", lambda text, flag: dates.parse_duration(text))  # minutes
CADENCE = ValueType("cadence", "CADENCE", lambda text, flag: dates.parse_cadence(text),  # days
                    ("weekly", "biweekly", "fortnightly", "monthly", "quarterly", "daily"))

class Choice(ParamType):
    """An option whose value is one of a few words, declared once: `--help` lists them (the metavar), the
    shell completes them, and anything else is one `Error: --flag must be one of …` line and exit 1 (not
    Click's usage error). The value is read folded to lower case (`--format JSON` is `json`)."""

    name = "choice"

    def __init__(self, choices: tuple[str, ...], flag: str):
        self.choices = tuple(choices)
        self.flag = flag

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        from mentorlog.commands._common import check_choice

        return value if value is None else check_choice(str(value), self.choices, self.flag)

    def shell_complete(self, ctx: Any, param: Any, incomplete: str) -> list:
        from typer._click.shell_completion import CompletionItem

        return [CompletionItem(c) for c in self.choices if c.startswith(incomplete.lower())]

    def get_metavar(self, param: Any, ctx: Any = None) -> str:
        return "|".join(self.choices)


def choice(*flags: str, choices: tuple[str, ...], help: str) -> Any:
    """A `typer.Option` whose value is one of `choices` (see `Choice`)."""
    return typer.Option(*flags, metavar="|".join(choices), help=help, click_type=Choice(choices, flags[0]))


def offer(words: Callable[[], Any]) -> Callable[[str], list[str]]:
    """Shell completion from a list made when completing (template and roadmap names): the words that start
    with what was typed; nothing when the list can't be made."""
    def complete(incomplete: str) -> list[str]:
        try:
            found = list(words())
        except Exception:  # a broken user file: no completion rather than a traceback in the shell
            return []
        return [word for word in found if word.casefold().startswith(incomplete.casefold())]

    return complete


# A time of day, `15:00`, `9:30`, `3pm`: returned as `HH:MM`.
CLOCK = ValueType("time", "HH:MM", lambda text, flag: parse_clock(text, flag))


def parse_clock(text: str, flag: str = "--time") -> str:
    """A time of day as `HH:MM` (24 hours): `15:00`, `9:30`, `1500`, `3pm`, `3:30 pm`."""
    import re

    found = re.fullmatch(r"\s*(\d{1,2})(?::?(\d{2}))?\s*([ap]\.?m\.?)?\s*", text.lower())
    hour, minute = (int(found[1]), int(found[2] or 0)) if found else (-1, 0)
    if found and found[3]:
        hour = hour % 12 + (12 if found[3].startswith("p") else 0) if 1 <= hour <= 12 else -1
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise MentorlogError(f"{flag} must be a time of day such as 15:00, 9:30 or 3pm, not {text!r}")
    return f"{hour:02d}:{minute:02d}"


TYPES = (HAPPENED_AT, HAPPENED_ON, HAPPENED_WHEN, PLANNED, DAY, RANGE_START, RANGE_END, DURATION, CADENCE, CLOCK)

# `--on` of the commands that mark something done (an action, a milestone)
DoneOnOpt = Annotated[Optional[date], HAPPENED_ON.option(
    "--on", help="When it was done (default today; not in the future).")]


def _happened_when(text: str, flag: str) -> date | datetime:
    """The moment when `text` names a time of day (or is `now`/`today`), else the day alone; never in the future."""
    day = dates.parse_happened_on(text, flag)
    if dates.parse_datetime(text, past=True) == dates.now() or _has_clock(text):
        return dates.parse_happened_at(text, flag)
    return day


def _has_clock(text: str) -> bool:
    """Whether a date's text names a time of day: a range bound then starts and ends at the same moment."""
    try:
        return dates.parse_bound(text) == dates.parse_bound(text, end=True)
    except MentorlogError:  # a yearless day that is not in this year (feb 29): a day, read above
        return False
