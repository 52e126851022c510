"""Every table of the journal as its module declares it, in the order an export lists them."""

from __future__ import annotations

from functools import cache

from mentorlog.data.tables import Table


@cache
def tables() -> tuple[Table, ...]:
    """The tables, in document order: a new table's module adds its declaration here."""
    from mentorlog.data.actions import ACTIONS
    from mentorlog.data.goals import GOAL_UPDATES, GOALS, MILESTONES
    from mentorlog.data.measures import MEASURES
    from mentorlog.data.mentorships import MENTORSHIPS
    from mentorlog.data.prospects import PROSPECTS
    from mentorlog.data.reviews import REVIEWS
    from mentorlog.data.sessions import SESSIONS
    from mentorlog.data.topics import TOPICS
    from mentorlog.data.wins import WINS

    return (MENTORSHIPS, SESSIONS, GOALS, MILESTONES, GOAL_UPDATES, ACTIONS, WINS, REVIEWS, TOPICS, PROSPECTS, MEASURES)


def table(name: str) -> Table:
    return next(found for found in tables() if found.name == name)


def names() -> tuple[str, ...]:
    return tuple(found.name for found in tables())


def write_order() -> tuple[str, ...]:
    """The tables so that every table comes after those its rows refer to (an import writes in this order)."""
    ordered: list[str] = []
    pending = list(tables())
    while pending:
        ready = next(found for found in pending
                     if all(target in ordered or target == found.name for target in found.refs.values()))
        ordered.append(ready.name)
        pending.remove(ready)
    return tuple(ordered)
