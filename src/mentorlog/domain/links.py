"""The link rules between rows, as plain values: what an action, a win or a session may point at. The
commands check them on every write (`data.actions.check_link`, `data.sessions.check_started`), and an
import checks them on the journal as the merge would leave it (`exchange.links`)."""

from __future__ import annotations

from datetime import date


def serves(goal_mentorship: object, mentorship: object) -> bool:
    """Whether an action or a win with `mentorship` (None: with nobody) may serve a goal of
    `goal_mentorship`: a goal of its own mentorship, or a personal goal (None), which serves anyone."""
    return goal_mentorship is None or goal_mentorship == mentorship


def held_in_time(since: date | str | None, held_on: date | str) -> bool:
    """Whether a session held on `held_on` falls within its mentorship, which started on `since` (None:
    no start recorded). Dates as `date`s or as ISO text, both sides alike."""
    return since is None or held_on >= since
