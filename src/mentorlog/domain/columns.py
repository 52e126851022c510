"""How a record's field declares its column: what the import checks, or that it is no column at all."""

from __future__ import annotations

from mentorlog.domain.records import MISSING, value


def stored(default=MISSING, *, choices: tuple = (), low: int | None = None, high: int | None = None,
           default_factory=None):
    """A column with what the import checks about it: one of `choices`, or a number from `low` to `high`."""
    return value(default, factory=default_factory, choices=choices, low=low, high=high)


def clock(default=None):
    """A time of day, `15:00` (24 hours, `HH:MM`): text the import checks for that form."""
    return value(default, kind="clock")


def joined(default=None):
    """A value read from another table with the row (`with_name`), not a column of its own."""
    return value(default, stored=False)


def derived(default_factory=list):
    """A value that code fills in after reading (a goal's milestones), not a column."""
    return value(factory=default_factory, stored=False)
