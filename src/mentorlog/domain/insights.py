"""Pure functions over plain values: goal weight, check-ins, reviews, warning signs. No I/O."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from mentorlog.domain.records import record, value
from datetime import date, datetime, time, timedelta

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

# Every warning sign. Signs sort by `Signal.severity` (how serious they are now); this order only breaks ties.
SIGNAL_CODES = (
    "checkin_overdue",
    "milestone_late",
    "actions_slipping",
    "gaps_widening",
    "ratings_falling",
    "ending_soon",
    "review_due",
    "goal_stalled",
    "no_goals",
)

# Each sign in a few words, as `status` names the signs it does not spell out (`+2 more: …`).
SIGNAL_LABELS = {
    "checkin_overdue": "check-in overdue",
    "milestone_late": "milestone late",
    "actions_slipping": "actions slipping",
    "gaps_widening": "gaps widening",
    "ratings_falling": "ratings falling",
    "ending_soon": "ending soon",
    "review_due": "review due",
    "goal_stalled": "goal stalled",
    "no_goals": "no goals",
}

WRAP_UP_CADENCES = 2  # a check-in overdue by more than this many cadences: consider a wrap-up
# Severity of the signs that are not a count of days late, on the same scale (cadences late): each
# as serious as a check-in a third (or a fifth) of a cadence late.
PATTERN_SEVERITY = 0.3  # actions slipping, ratings falling
MINOR_SEVERITY = 0.2  # ending soon (not yet passed), goal stalled, no goals
# Cadences to suggest when gaps widen, shortest first (each spelled as `--cadence` takes it).
LONGER_CADENCES = ((7, "weekly"), (14, "biweekly"), (30, "monthly"), (60, "bimonthly"), (90, "quarterly"))


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


def next_checkin_due(status: str, start: date | None, last_session: date | None, cadence_days: int,
                     resumed_on: date | None = None) -> date | None:
    """The last session (or the start, before the first one) plus one cadence; None unless active.

    After a resume, a cadence after the resume when that is later: a pause never makes a check-in overdue."""
    known = [day for day in (last_session or start, resumed_on) if day is not None]
    if status != "active" or not known:
        return None
    return add_cadence(max(known), cadence_days)


def grace_days(cadence_days: int) -> int:
    """The grace period after a check-in falls due: a quarter of the cadence, at least one day.

    Whole days: a check-in `n` days late is past a grace of `cadence / 4` days exactly when it is past
    `cadence // 4` days (weekly: 1 day, every 2 weeks: 3, monthly: 7, quarterly: 22).
    """
    return max(1, cadence_days // 4)


def overdue_days(due: date | None, today: date, grace: int = 0) -> int:
    """Days past `due` once they are more than `grace` (see `grace_days`); else 0.

    The count is from the due date itself, not from the end of the grace period: a biweekly check-in
    due on the 15th is not overdue on the 16th, 17th or 18th (0, within the 3-day grace) and is 4 days
    overdue on the 19th. So `next_due` stays the day the check-in falls due, and `overdue_days` is
    either 0 or `today - next_due`. Nothing due, due today or in the future: 0.
    """
    if due is None:
        return 0
    late = (today - due).days
    return late if late > max(0, grace) else 0


def review_due(status: str, start: date | None, last_review: date | None, review_every_days: int,
               paused_on: date | None = None, resumed_on: date | None = None) -> date | None:
    """The later of the start and the last review, plus the review interval; None unless active.

    The clock stands still while the mentorship is paused: a pause since then moves the day by its
    length, so a pause never makes a review due."""
    known = [day for day in (start, last_review) if day is not None]
    if status != "active" or not known:
        return None
    due = add_cadence(max(known), review_every_days)
    if paused_on is not None and resumed_on is not None and max(known) <= paused_on <= resumed_on:
        due += timedelta(days=(resumed_on - paused_on).days)
    return due


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


def window_start(last_session: datetime | None, since: date | None, started: date | None) -> datetime | None:
    """Where "since the last session" starts: the meeting's own moment, so what was done or won later that
    day belongs to the next window; with `since` (a day) or before any session (the start), that day's
    first moment. None: no start (everything)."""
    if since is not None:
        return datetime.combine(since, time())
    if last_session is not None:
        return last_session
    return datetime.combine(started, time()) if started is not None else None


def in_window(day: date | None, moment: datetime | None, start: datetime | None) -> bool:
    """Whether something done or won on `day` (at `moment`, when its time is known) falls in a window from
    `start`: a moment at or after it does; a day alone does from `start`'s day on (on a meeting's day, an
    item without a time belongs after the meeting)."""
    if start is None:
        return True
    if moment is not None:
        return moment >= start
    return day is not None and day >= start.date()


def stalled_goals(goals: Iterable[tuple[str, date]], review_every_days: int, today: date) -> list[str]:
    """Titles of goals whose last progress update (or creation, before any) is two review intervals old."""
    limit = today - timedelta(days=2 * review_every_days)
    return [title for title, last_update in goals if last_update <= limit]


# -- warning signs -----------------------------------------------------------------------------------


@record(frozen=True)
class Signal:
    """A warning sign: `code` is stable for scripts, `message` is for people.

    `next_step` says what to do about it, in words; `command` is the mentorlog command to run for it,
    as it must be typed (names quoted by `text.shell_word`), or "" where none fits. `severity` is how
    serious it is now, in cadences late (a check-in 7 days late on a biweekly mentorship: 0.5); signs
    sort by it, the most serious first.
    """

    code: str
    message: str
    next_step: str = ""
    command: str = ""
    severity: float = 0.0

    @property
    def rank(self) -> int:
        return SIGNAL_CODES.index(self.code)

    @property
    def label(self) -> str:
        return SIGNAL_LABELS[self.code]

    def sort_key(self) -> tuple:
        """The most serious first; on a tie, the order of `SIGNAL_CODES`."""
        return (-self.severity, self.rank)

    def to_json(self) -> dict:
        return {"code": self.code, "message": self.message, "next_step": self.next_step,
                "command": self.command or None, "severity": round(self.severity, 2)}


def command(*words: str, before: tuple[str, ...] = ()) -> str:
    """A mentorlog command line, each word quoted as a shell needs it (`'Ada Lovelace'`); `before` are
    the global options it must repeat to reach the same journal (`--db PATH`)."""
    from mentorlog.domain.text import shell_command

    return shell_command(*before, *words)


def longer_cadence(cadence_days: int, gaps: Sequence[int]) -> str | None:
    """The cadence to suggest when gaps widen: of those longer than `cadence_days`, the nearest to the
    average recent gap (the shorter on a tie); None when none is longer."""
    longer = [(days, word) for days, word in LONGER_CADENCES if days > cadence_days]
    if not longer:
        return None
    recent = list(gaps[-RECENT_GAPS:]) or [cadence_days]
    average = sum(recent) / len(recent)
    return min(longer, key=lambda option: (abs(option[0] - average), option[0]))[1]


@record
class Facts:
    """What the warning signs are judged on, as plain values."""

    today: date
    status: str = "active"
    start: date | None = None
    until: date | None = None
    cadence_days: int = 14
    review_every_days: int = 42
    session_dates: list[date] = value(factory=list)  # any order
    ratings: list[int] = value(factory=list)  # oldest first
    last_review: date | None = None
    overdue_actions: int = 0
    recent_actions: list[tuple[str, date | None, date | None]] = value(factory=list)
    goals: list[tuple[str, date]] = value(factory=list)  # active goals: (title, last update or creation)
    name: str = ""  # the other person: the commands of next steps name them ("": no command)
    role: str = "mentor"  # "mentor" or "mentee": `mentorlog mentor edit` or `mentorlog mentee edit`
    global_options: tuple[str, ...] = ()  # what each command repeats to reach this journal: ("--db", PATH)
    # milestones not done, of active goals: (goal id, goal title, milestone title, due)
    milestones: list[tuple[int, str, str, date]] = value(factory=list)
    resumed_on: date | None = None  # the last resume after a pause (`next_checkin_due`)
    paused_on: date | None = None  # the pause it ended (`review_due`)
    namesake: bool = False  # someone of the same name has the other role: `--with mentor:NAME` picks this one


def warning_signs(facts: Facts) -> list[Signal]:
    """Every warning sign that applies, the most serious first (`Signal.sort_key`); none for a mentorship
    on track, paused or ended. Each says what to do next, and the command for it where one fits.

    - check-in overdue: more than the grace period (`grace_days`) past due; severity = days late /
      cadence. Next: reach out, with the agenda; more than two cadences late: consider a wrap-up.
    - milestone late: a milestone not done, past its due date (no grace); severity = days late / cadence.
    - gaps widening (`gaps_widening`): severity = how far the average recent gap is over the cadence,
      in cadences. Next: reset expectations or lengthen the cadence.
    - review due: days since / the review interval, at most `PATTERN_SEVERITY` (a review can wait
      for the meeting; the meeting can't wait for the review). Planned end passed: days since / cadence.
    - actions slipping, ratings falling: `PATTERN_SEVERITY`; ending soon, goal stalled, no goals:
      `MINOR_SEVERITY`.
    """
    if facts.status != "active":
        return []
    seen = Seen(facts)
    return sorted((sign for check in SIGN_CHECKS if (sign := check(seen)) is not None), key=Signal.sort_key)


class Seen:
    """What every sign's check reads: the facts, and what follows from them once."""

    def __init__(self, facts: Facts):
        self.facts, self.today = facts, facts.today
        self.cadence = max(1, facts.cadence_days)
        self.last_session = max(facts.session_dates, default=None)
        self.who = f"{facts.role}:{facts.name}" if facts.namesake else facts.name  # as `--with` takes it

    def cmd(self, *words: str) -> str:
        return command(*words, before=self.facts.global_options) if self.facts.name else ""


def _checkin_overdue(seen: Seen) -> Signal | None:
    facts = seen.facts
    due = next_checkin_due(facts.status, facts.start, seen.last_session, facts.cadence_days, facts.resumed_on)
    late = overdue_days(due, seen.today, grace_days(facts.cadence_days))
    if not late:
        return None
    rhythm = format_cadence(facts.cadence_days)
    if late > WRAP_UP_CADENCES * seen.cadence:
        step = f"past {WRAP_UP_CADENCES} cadences without a check-in: consider a wrap-up (or reach out to restart)"
        run = seen.cmd("review", "--with", seen.who, "--template", "wrap-up")
    else:
        step = "reach out and plan the next check-in"
        run = seen.cmd("agenda", "--with", seen.who)
    if seen.last_session is None:
        message = f"first check-in overdue by {format_days(late)} (meeting {rhythm})"
    else:
        message = f"check-in overdue by {format_days(late)}: last met {seen.last_session}, meeting {rhythm}"
    return Signal("checkin_overdue", message, step, run, late / seen.cadence)


def _milestone_late(seen: Seen) -> Signal | None:
    late_steps = sorted((step for step in seen.facts.milestones if step[3] < seen.today), key=lambda step: step[3])
    if not late_steps:
        return None
    goal_id, goal, title, step_due = late_steps[0]
    days = (seen.today - step_due).days
    message = f"milestone \"{title}\" ({goal}) {format_days(days)} past its due date {step_due}"
    if len(late_steps) > 1:
        message += f" (+{len(late_steps) - 1} more late)"
    return Signal("milestone_late", message, "mark it done, or agree on a new date",
                  command("goal", "show", str(goal_id), before=seen.facts.global_options), days / seen.cadence)


def _actions_slipping(seen: Seen) -> Signal | None:
    facts = seen.facts
    done, judged = follow_through(facts.recent_actions, seen.today)
    slipping = []
    if facts.overdue_actions:
        slipping.append(f"{facts.overdue_actions} action{'s' if facts.overdue_actions != 1 else ''} overdue")
    if judged >= MIN_ACTIONS_JUDGED and done / judged < MIN_DONE_SHARE:
        slipping.append(f"only {done} of {judged} actions due in the last {ACTION_WINDOW_DAYS} days done")
    if not slipping:
        return None
    return Signal("actions_slipping", "; ".join(slipping), "go through the overdue actions: close, skip or re-date each",
                  seen.cmd("action", "list", "--with", seen.who, "--overdue"), PATTERN_SEVERITY)


def _gaps_widening(seen: Seen) -> Signal | None:
    facts = seen.facts
    gaps = session_gaps(facts.session_dates)
    if not gaps_widening(gaps, facts.cadence_days):
        return None
    recent_gaps = gaps[-RECENT_GAPS:]
    over = (sum(recent_gaps) / len(recent_gaps) - seen.cadence) / seen.cadence
    suggested = longer_cadence(facts.cadence_days, gaps)
    step = "reset expectations together, or lengthen the cadence" + (f" to {suggested}" if suggested else "")
    run = seen.cmd(facts.role, "edit", facts.name, "--cadence", suggested) if suggested else ""
    recent = ", ".join(str(gap) for gap in recent_gaps)
    return Signal("gaps_widening", f"gaps between meetings widening: {recent} days "
                                   f"against a {facts.cadence_days}-day cadence", step, run, over)


def _ratings_falling(seen: Seen) -> Signal | None:
    if not ratings_falling(seen.facts.ratings):
        return None
    trend = " → ".join(str(r) for r in seen.facts.ratings[-4:])
    return Signal("ratings_falling", f"session ratings falling: {trend}", "ask what would make the sessions more useful",
                  seen.cmd("review", "--with", seen.who), PATTERN_SEVERITY)


def _ending(seen: Seen) -> Signal | None:
    until = seen.facts.until
    if until is None:
        return None
    left = (until - seen.today).days
    wrap_up = seen.cmd("review", "--with", seen.who, "--template", "wrap-up")
    if 0 <= left <= ENDING_SOON_DAYS:
        when = "today" if left == 0 else f"in {format_days(left)}"
        return Signal("ending_soon", f"planned end {until} ({when}): plan the wrap-up session",
                      "plan the wrap-up session", wrap_up, MINOR_SEVERITY)
    if left < 0:
        return Signal("ending_soon", f"planned end {until} passed {format_days(-left)} ago: hold the wrap-up or extend it",
                      "hold the wrap-up, or extend the end date", wrap_up, max(MINOR_SEVERITY, -left / seen.cadence))
    return None


def _review_due(seen: Seen) -> Signal | None:
    facts, today = seen.facts, seen.today
    review = review_due(facts.status, facts.start, facts.last_review, facts.review_every_days, facts.paused_on,
                        facts.resumed_on)
    if not is_review_due(review, today):
        return None
    since = "today" if review == today else f"since {review}"
    first = "" if facts.last_review else " (no review yet)"
    return Signal("review_due", f"relationship review due {since}{first}",
                  "hold the review: what is working, what is not", seen.cmd("review", "--with", seen.who),
                  min(PATTERN_SEVERITY, (today - review).days / max(1, facts.review_every_days)))


def _goal_stalled(seen: Seen) -> Signal | None:
    facts = seen.facts
    stalled = stalled_goals(facts.goals, facts.review_every_days, seen.today)
    if not stalled:
        return None
    weeks = 2 * facts.review_every_days // 7
    return Signal("goal_stalled", f"no progress update in {weeks} weeks: " + "; ".join(stalled),
                  "record progress, or pause or drop the goal", seen.cmd("goal", "list", "--with", seen.who),
                  MINOR_SEVERITY)


def _no_goals(seen: Seen) -> Signal | None:
    facts = seen.facts
    if facts.goals or facts.start is None or seen.today < add_cadence(facts.start, FIRST_MONTH_DAYS):
        return None
    return Signal("no_goals", "no goals set after the first month: agree on one to three",
                  "agree on one to three goals, then add them with mentorlog goal add", "", MINOR_SEVERITY)


# Every sign's check, each returning its Signal or None: one function a sign.
SIGN_CHECKS = (_checkin_overdue, _milestone_late, _actions_slipping, _gaps_widening, _ratings_falling, _ending,
               _review_due, _goal_stalled, _no_goals)
