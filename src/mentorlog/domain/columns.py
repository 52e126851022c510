"""How a dataclass field declares its column: what the import checks, or that it is no column at all."""

from __future__ import annotations

import dataclasses


def stored(default=dataclasses.MISSING, *, choices: tuple = (), low: int | None = None, high: int | None = None,
           default_factory=dataclasses.MISSING):
    """A column with what the import checks about it: one of `choices`, or a number from `low` to `high`."""
    metadata = {"choices": choices, "low": low, "high": high}
    if default_factory is not dataclasses.MISSING:
        return dataclasses.field(default_factory=default_factory, metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


def joined(default=None):
    """A value read from another table with the row (`with_name`), not a column of its own."""
    return dataclasses.field(default=default, metadata={"stored": False})


def derived(default_factory=list):
    """A value that code fills in after reading (a goal's milestones), not a column."""
    return dataclasses.field(default_factory=default_factory, metadata={"stored": False})
