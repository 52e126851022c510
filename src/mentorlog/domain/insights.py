"""Pure functions over plain values: goal weight, check-ins, reviews, warning signs. No I/O."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from mentorlog.domain.dates import add_cadence, format_cadence, format_days

SCORE_RANGE = range(1, 6)

GAP_FACTOR = 1.5  # a gap "well above" the cadence: half as long again
RECENT_GAPS = 3
ACTION_WINDOW_DAYS = 90
MIN_ACTIONS_JUDGED = 3  # fewer than this in the window says nothing about follow-through
MIN_DONE_SHARE = 0.5
RATING_DROP = 1.0  # points the recent average must fall by
ENDING_SOON_DAYS = 14
FIRST_MONTH_DAYS = 30

# Every warning sign, the most serious first: `status` shows the first one a mentorship has.
SIGNAL_CODES = (
    "checkin_overdue",
    "actions_slipping",
    "gaps_widening",
    "ratings_falling",
    "ending_soon",
    "review_due",
    "goal_stalled",
    "no_goals",
)


def goal_weight(impact: int, support: int, feasibility: int) -> int:
    """Weight = impact x support x feasibility (each 1-5, so 1-125).

    A product: raising any one score always raises the weight, and a goal that scores low on any
    of the three (little impact, a mentor who can't help, no time for it) sinks.
    """
    for score in (impact, support, feasibility):
        if score not in SCORE_RANGE:
            raise ValueError(f"score {score} is outside 1-5")
    return impact * support * feasibility


# -- check-ins and reviews -----------------------------------------------------------------------


def next_checkin_due(status: str, start: date | None, last_session: date | None, cadence_days: int) -> date | None:
    """The last session (or the start, before the first one) plus one cadence; None unless active."""
    base = last_session or start
    if status != "active" or base is None:
        return None
    return add_cadence(base, cadence_days)


def overdue_days(due: date | None, today: date) -> int:
    """Days past `due`; 0 when nothing is due or it is not late yet (due today is not overdue)."""
    if due is None:
        return 0
    return max(0, (today - due).days)


def review_due(status: str, start: date | None, last_review: date | None, review_every_days: int) -> date | None:
    """The later of the start and the last review, plus the review interval; None unless active."""
    known = [day for day in (start, last_review) if day is not None]
    if status != "active" or not known:
        return None
    return add_cadence(max(known), review_every_days)


def is_review_due(due: date | None, today: date) -> bool:
    return due is not None and due <= today


# -- the raw patterns behind the warning signs ------------------------------------------------------


def session_gaps(session_dates: Iterable[date]) -> list[int]:
    """Days between consecutive sessions, oldest gap first (the dates may come in any order)."""
    ordered = sorted(session_dates)
    return [(later - earlier).days for earlier, later in zip(ordered, ordered[1:])]


def gaps_widening(gaps: Sequence[int], cadence_days: int) -> bool:
    """The recent gaps (at least two) average well above the cadence, and the latest one too.

    The latest gap must itself be long, so one meeting back on rhythm clears the sign.
    """
    recent = list(gaps[-RECENT_GAPS:])
    if len(recent) < 2:
        return False
    limit = cadence_days * GAP_FACTOR
    return sum(recent) / len(recent) > limit and recent[-1] > limit


def ratings_falling(ratings: Sequence[int]) -> bool:
    """Ratings (oldest first) fall three times in a row, or the last three average a point below the three before."""
    if len(ratings) >= 3 and ratings[-3] > ratings[-2] > ratings[-1]:
        return True
    if len(ratings) < 4:
        return False
    recent = ratings[-3:]
    earlier = ratings[-6:-3]
    return sum(earlier) / len(earlier) - sum(recent) / len(recent) >= RATING_DROP


def follow_through(actions: Iterable[tuple[str, date | None, date | None]], today: date) -> tuple[int, int]:
    """(done, judged) over the last 90 days' actions, each given as (status, due, done_on).

    An action is judged when its due date (or, undated, the day it was closed) falls in the window
    and it is closed or already late: an open action not yet due has not slipped.
    """
    start = today - timedelta(days=ACTION_WINDOW_DAYS)
    done = judged = 0
    for status, due, done_on in actions:
        day = due or done_on
        if day is None or not start <= day <= today:
            continue
        if status == "open" and (due is None or due >= today):
            continue
        judged += 1
        done += status == "done"
    return done, judged


def stalled_goals(goals: Iterable[tuple[str, date]], review_every_days: int, today: date) -> list[str]:
    """Titles of goals whose last progress update (or creation, before any) is two review intervals old."""
    limit = today - timedelta(days=2 * review_every_days)
    return [title for title, last_update in goals if last_update <= limit]


# -- warning signs -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Signal:
    """A warning sign: `code` is stable for scripts, `message` is for people."""

    code: str
    message: str

    @property
    def rank(self) -> int:
        return SIGNAL_CODES.index(self.code)

    def to_json(self) -> dict:
        return {"code": self.code, "message": self.message}


@dataclass
class Facts:
    """What the warning signs are judged on, as plain values."""

    today: date
    status: str = "active"
    start: date | None = None
    until: date | None = None
    cadence_days: int = 14
    review_every_days: int = 42
    session_dates: list[date] = field(default_factory=list)  # any order
    ratings: list[int] = field(default_factory=list)  # oldest first
    last_review: date | None = None
    overdue_actions: int = 0
    recent_actions: list[tuple[str, date | None, date | None]] = field(default_factory=list)
    goals: list[tuple[str, date]] = field(default_factory=list)  # active goals: (title, last update or creation)


def warning_signs(facts: Facts) -> list[Signal]:
    """Every warning sign that applies, the most serious first; none for a mentorship on track, paused or ended."""
    if facts.status != "active":
        return []
    today = facts.today
    last_session = max(facts.session_dates, default=None)
    found: list[Signal] = []

    due = next_checkin_due(facts.status, facts.start, last_session, facts.cadence_days)
    late = overdue_days(due, today)
    if late:
        rhythm = format_cadence(facts.cadence_days)
        if last_session is None:
            found.append(Signal("checkin_overdue", f"first check-in overdue by {format_days(late)} (meeting {rhythm})"))
        else:
            found.append(Signal("checkin_overdue", f"check-in overdue by {format_days(late)}: last met {last_session}, "
                                                   f"meeting {rhythm}"))

    done, judged = follow_through(facts.recent_actions, today)
    slipping = []
    if facts.overdue_actions:
        slipping.append(f"{facts.overdue_actions} action{'s' if facts.overdue_actions != 1 else ''} overdue")
    if judged >= MIN_ACTIONS_JUDGED and done / judged < MIN_DONE_SHARE:
        slipping.append(f"only {done} of {judged} actions due in the last {ACTION_WINDOW_DAYS} days done")
    if slipping:
        found.append(Signal("actions_slipping", "; ".join(slipping)))

    gaps = session_gaps(facts.session_dates)
    if gaps_widening(gaps, facts.cadence_days):
        recent = ", ".join(str(gap) for gap in gaps[-RECENT_GAPS:])
        found.append(Signal("gaps_widening", f"gaps between meetings widening: {recent} days "
                                             f"against a {facts.cadence_days}-day cadence"))

    if ratings_falling(facts.ratings):
        trend = " → ".join(str(r) for r in facts.ratings[-4:])
        found.append(Signal("ratings_falling", f"session ratings falling: {trend}"))

    if facts.until is not None:
        left = (facts.until - today).days
        if 0 <= left <= ENDING_SOON_DAYS:
            when = "today" if left == 0 else f"in {format_days(left)}"
            found.append(Signal("ending_soon", f"planned end {facts.until} ({when}): plan the wrap-up session"))
        elif left < 0:
            found.append(Signal("ending_soon", f"planned end {facts.until} passed {format_days(-left)} ago: "
                                               "hold the wrap-up or extend it"))

    review = review_due(facts.status, facts.start, facts.last_review, facts.review_every_days)
    if is_review_due(review, today):
        since = "today" if review == today else f"since {review}"
        first = "" if facts.last_review else " (no review yet)"
        found.append(Signal("review_due", f"relationship review due {since}{first}"))

    stalled = stalled_goals(facts.goals, facts.review_every_days, today)
    if stalled:
        weeks = 2 * facts.review_every_days // 7
        found.append(Signal("goal_stalled", f"no progress update in {weeks} weeks: " + "; ".join(stalled)))

    if not facts.goals and facts.start is not None and today >= add_cadence(facts.start, FIRST_MONTH_DAYS):
        found.append(Signal("no_goals", "no goals set after the first month: agree on one to three"))

    return sorted(found, key=lambda signal: signal.rank)


