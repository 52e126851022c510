"""The merge rule of sync, on plain values: which version of a row wins, and which losses to report.

A version is one text that sorts as the change's order: `AT|DEVICE|SEQ`, the moment of the change in
UTC to the microsecond, the device id (32 hex digits), and the change group's sequence number on that
device (12 digits). So the newer change wins, ties go to the higher device id, then the later group,
and every device picks the same winner whatever order it reads the changes in. A deletion is a change
like any other: it wins over an older edit and loses to a newer one.

Each change also names its base: the version the device held for the row when it made the change.
A version that loses and that no other version was made from was made without seeing the winner:
two devices changed the row between syncs. That is a conflict, reported, with the loser kept.
No I/O: tested with plain values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

SEQ_DIGITS = 12
ONE_TICK = timedelta(microseconds=1)


def stamp(moment: str | datetime) -> str:
    """A moment as a version's first part: UTC, fixed width, to the microsecond (`…T10:00:00.000000Z`)."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def version(at: str | datetime, device: str, seq: int) -> str:
    return f"{stamp(at)}|{device}|{seq:0{SEQ_DIGITS}d}"


def parts(found: str) -> tuple[str, str, int]:
    at, device, seq = found.split("|")
    return at, device, int(seq)


def after(at: str | datetime, device: str, seq: int, base: str | None) -> str:
    """The version of a change made at `at` on top of `base`: later than `base` even when this device's
    clock is behind the one that made it (a change made after seeing another comes after it)."""
    moment = stamp(at)
    if base is not None and moment <= parts(base)[0]:
        moment = stamp(datetime.fromisoformat(parts(base)[0].replace("Z", "+00:00")) + ONE_TICK)
    return version(moment, device, seq)


def valid(found: object) -> bool:
    """A version as this module writes them (a file from elsewhere is checked before it is believed)."""
    if not isinstance(found, str) or found.count("|") != 2:
        return False
    at, device, seq = found.split("|")
    if len(seq) != SEQ_DIGITS or not seq.isdigit() or not device or not device.isalnum():
        return False
    try:
        return stamp(at) == at
    except ValueError:
        return False


@dataclass(frozen=True)
class Change:
    """One row's new state from one change group: `row` None is a deletion (a tombstone)."""

    table: str
    uid: str
    version: str
    base: str | None
    row: dict | None
    device: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.table, self.uid)


@dataclass(frozen=True)
class Held:
    """The version a device holds for a row, and the version it was made from."""

    version: str
    base: str | None


@dataclass(frozen=True)
class Conflict:
    """A version that lost to `winner` though it was not made from it: `lost` is None when it was the
    version held here (its state is kept by the history as the row's state before the winner)."""

    table: str
    uid: str
    winner: str
    lost_version: str
    lost: Change | None


@dataclass
class Decision:
    apply: list[Change]  # the winners that are newer than what is held, one per row
    conflicts: list[Conflict]


def decide(held: dict[tuple[str, str], Held], incoming: list[Change]) -> Decision:
    """Which incoming changes to apply over what is held, and which versions lost without being seen."""
    by_row: dict[tuple[str, str], dict[str, Change]] = {}
    for change in incoming:
        by_row.setdefault(change.key, {})[change.version] = change  # the same change read twice is one
    decision = Decision([], [])
    for key, changes in by_row.items():
        current = held.get(key)
        newest = changes[max(changes)]
        if current is None or newest.version > current.version:
            decision.apply.append(newest)
        winner = newest.version if current is None or newest.version > current.version else current.version
        bases = {change.base for change in changes.values()}
        if current is not None:
            bases.add(current.base)
            if _unseen(current.version, winner, bases) and current.version not in changes:
                decision.conflicts.append(Conflict(key[0], key[1], winner, current.version, None))
        for found, change in sorted(changes.items()):
            if _unseen(found, winner, bases) and (current is None or found != current.version):
                decision.conflicts.append(Conflict(key[0], key[1], winner, found, change))
    return decision


def _unseen(loser: str, winner: str, bases: set[str | None]) -> bool:
    """A version that lost without the winner being made from it; one device's own changes are made one
    after another, so they never conflict with each other."""
    return loser != winner and loser not in bases and parts(loser)[1] != parts(winner)[1]
