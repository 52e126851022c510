"""What report, status and agenda show, gathered for many mentorships in a few indexed queries. Never prints.

Each query covers every mentorship at once (an `IN` list) and reads only a window of the journal:
the last few sessions, the first few open actions of each side, what closed since the last session,
this year's hours, a year of weekly counts. Open actions are counted in SQL and only the first
`limit` of each side are read (overdue first), so a backlog of 100,000 costs what a backlog of 100
does. Nothing here loads the whole journal. Private notes are never selected.
"""

from __future__ import annotations

import json
import sqlite3
from mentorlog.domain.records import record, value
from datetime import date, datetime, timedelta
from functools import cached_property

from mentorlog.domain import dates, insights
from mentorlog.data.actions import ACTIONS, marked, marked_select, overdue_sql
from mentorlog.data.wins import WINS
from mentorlog.data.goals import last_updates, milestones, next_milestone
from mentorlog.data.goals import goals as active_goals
from mentorlog.data.journal import Journal
from mentorlog.domain.models import RELATIONSHIP_KINDS, Action, Goal, Mentorship, Milestone, Win
from mentorlog.data import mentorships

RECENT_SESSIONS = 10  # enough for the gap and rating trends
DEFAULT_LIMIT = 10  # open actions listed per side (mine, theirs); `--limit N`, or `--all` for every one
OWNERS = ("me", "them")
HEATMAP_WEEKS = 53  # a year of weeks, this one included


@record
class SessionLine:
    """A session as reports show it: never its notes, never its private notes."""

    id: int
    held_at: datetime
    duration_minutes: int | None
    rating: int | None
    topics: list[str]
    takeaways: list[str]

    def to_json(self) -> dict:
        return {"id": self.id, "date": self.held_at.isoformat(timespec="seconds"),
                "duration_minutes": self.duration_minutes, "rating": self.rating,
                "topics": self.topics, "takeaways": self.takeaways}


@record
class GoalLine:
    goal: Goal
    next_milestone: Milestone | None
    last_update: date | None
    open_milestones: list[Milestone] = value(factory=list)  # not done, dated (for `milestone_late`)

    def to_json(self) -> dict:
        return self.goal.to_json() | {
            "next_milestone": self.next_milestone.to_json() if self.next_milestone else None,
            "last_update": dates.iso_date(self.last_update),
        }


@record
class MentorshipReport:
    """One mentorship as of `today`: what is due, what slipped, what to celebrate."""

    mentorship: Mentorship
    today: date
    window_start: datetime | None  # done/skipped actions and wins from this moment on (`insights.in_window`)
    sessions: list[SessionLine] = value(factory=list)  # newest first, the last few
    goals: list[GoalLine] = value(factory=list)  # active, heaviest first
    limit: int | None = DEFAULT_LIMIT  # open actions listed per side; None: every one
    global_options: tuple[str, ...] = ()  # what a printed command repeats to reach this journal (--db PATH)
    namesake: bool = False  # someone of the same name has the other role: commands say `--with mentor:NAME`
    # open actions read, each side's first `limit` of each kind (every one when `limit` is None), soonest due first
    late_actions: list[Action] = value(factory=list)  # overdue
    pending_actions: list[Action] = value(factory=list)  # not yet due, then undated
    open_count: int = 0  # counted in SQL, even when no action is read (`gather(..., actions=False)`)
    overdue_count: int = 0
    done_since: list[Action] = value(factory=list)
    skipped_since: list[Action] = value(factory=list)
    wins_since: list[Win] = value(factory=list)
    last_review: date | None = None
    last_review_answers: tuple[str, str] | None = None  # its template's name and its answers (json)
    # by template name, the id of its question with the role `not_working`: one dict shared by the reports
    # of one `gather`, filled when the first of them is asked what is not working
    not_working_ids: dict[str, str | None] = value(factory=dict)
    minutes_this_month: int = 0
    minutes_this_year: int = 0
    sessions_per_week: list[int] = value(factory=list)
    recent_actions: list[tuple] = value(factory=list)

    # -- derived -----------------------------------------------------------------------------

    @cached_property
    def not_working(self) -> str | None:
        """What the last review said is not working: its answer to the question of its template with the
        role `not_working`. Worked out when asked for (the templates are read then): a status table
        never asks."""
        if self.last_review_answers is None:
            return None
        from mentorlog.data import reviews

        if not self.not_working_ids:
            self.not_working_ids.update(reviews.role_ids("not_working"))
        template, answers = self.last_review_answers
        # a review whose template is gone: as in a template written before roles, the id is the role's name
        return reviews.not_working_answer(answers, self.not_working_ids.get(template, "not_working"))

    @property
    def last_session(self) -> SessionLine | None:
        return self.sessions[0] if self.sessions else None

    @property
    def last_session_date(self) -> date | None:
        return self.sessions[0].held_at.date() if self.sessions else None

    @property
    def next_due(self) -> date | None:
        m = self.mentorship
        return insights.next_checkin_due(m.status, m.since, self.last_session_date, m.cadence_days, m.resumed_on)

    @property
    def grace_days(self) -> int:
        return insights.grace_days(self.mentorship.cadence_days)

    @property
    def overdue_days(self) -> int:
        """Days past `next_due` once past the grace period (`insights.grace_days`), else 0."""
        return insights.overdue_days(self.next_due, self.today, self.grace_days)

    @property
    def in_grace(self) -> bool:
        """Past due, but within the grace period: not overdue yet."""
        return self.next_due is not None and self.next_due < self.today and not self.overdue_days

    @property
    def review_due(self) -> date | None:
        m = self.mentorship
        return insights.review_due(m.status, m.since, self.last_review, m.review_every_days, m.paused_on, m.resumed_on)

    @property
    def review_is_due(self) -> bool:
        return insights.is_review_due(self.review_due, self.today)

    def is_late(self, action: Action) -> bool:
        """Overdue, as `actions.overdue_sql` judged it when the action was read (a paused or ended
        mentorship's open actions never are, but for an ended one's wrap-up follow-ups)."""
        return action.status == "open" and action.overdue

    @cached_property
    def open_actions(self) -> list[Action]:
        """The open actions a report lists: each side's first `limit`, overdue first (then by due date,
        undated last), both sides together in that order."""
        listed = [a for owner in OWNERS for a in self.actions_of(owner)]
        return sorted(listed, key=due_order)

    @property
    def overdue_actions(self) -> list[Action]:
        """The overdue ones among `open_actions` (`overdue_count` counts them all)."""
        return [a for a in self.open_actions if self.is_late(a)]

    @property
    def more_actions(self) -> int:
        """Open actions not listed."""
        return self.open_count - len(self.open_actions)

    def actions_of(self, owner: str) -> list[Action]:
        """One side's first `limit` open actions, overdue first."""
        mine = [a for a in (*self.late_actions, *self.pending_actions) if a.owner == owner]
        return mine if self.limit is None else mine[: self.limit]

    def action_json(self, action: Action) -> dict:
        """An action for scripts, with `overdue` (false for one done or skipped)."""
        return action.to_json() | {"overdue": self.is_late(action)}

    @cached_property
    def signals(self) -> list[insights.Signal]:
        """Warning signs, the most serious first (computed once the report is gathered)."""
        m = self.mentorship
        facts = insights.Facts(
            today=self.today, status=m.status, start=m.since, until=m.until, cadence_days=m.cadence_days,
            review_every_days=m.review_every_days,
            session_dates=[s.held_at.date() for s in self.sessions],
            ratings=[s.rating for s in reversed(self.sessions) if s.rating is not None],
            last_review=self.last_review, overdue_actions=self.overdue_count,
            recent_actions=self.recent_actions,
            goals=[(line.goal.title, line.last_update or _created(line.goal)) for line in self.goals],
            name=m.name, role=m.role, global_options=self.global_options, namesake=self.namesake,
            resumed_on=m.resumed_on,
            paused_on=m.paused_on,
            milestones=[(line.goal.id, line.goal.title, step.title, step.due)
                        for line in self.goals for step in line.open_milestones],
        )
        return insights.warning_signs(facts)

    def to_json(self) -> dict:
        m = self.mentorship
        last = self.last_session
        return {
            "id": m.id,
            "name": m.name,
            "role": m.role,
            "kind": m.kind,
            "status": m.status,
            "cadence_days": m.cadence_days,
            "review_every_days": m.review_every_days,
            "since": dates.iso_date(m.since),
            "until": dates.iso_date(m.until),
            "last_session": dates.iso_date(self.last_session_date),
            "next_due": dates.iso_date(self.next_due),
            "overdue_days": self.overdue_days,
            "grace_days": self.grace_days,
            "last_review": dates.iso_date(self.last_review),
            "review_due": dates.iso_date(self.review_due),
            "review_is_due": self.review_is_due,
            "goals": [line.to_json() for line in self.goals],
            "open_actions": [self.action_json(a) for a in self.open_actions],
            "overdue_actions": [a.id for a in self.overdue_actions],  # ids: each action is listed once
            "open_actions_count": self.open_count,
            "overdue_actions_count": self.overdue_count,
            "window_start": dates.iso_date(self.window_start),
            "window_start_at": self.window_start and dates.iso_datetime(self.window_start),
            "done_since_last": [a.to_json() for a in self.done_since],
            "skipped_since_last": [a.to_json() for a in self.skipped_since],
            "wins_since_last": [w.to_json() for w in self.wins_since],
            "last_takeaways": list(last.takeaways) if last else [],
            "recent_sessions": [s.to_json() for s in self.sessions],
            "hours_this_month": round(self.minutes_this_month / 60, 2),
            "hours_this_year": round(self.minutes_this_year / 60, 2),
            "not_working": self.not_working,
            "signals": [s.to_json() for s in self.signals],
        }


def due_order(action: Action) -> tuple:
    """Soonest due first (so overdue first), undated last."""
    return (action.due is None, action.due or date.min, action.id)


def _created(goal: Goal) -> date:
    try:
        return date.fromisoformat(goal.created_at[:10])
    except ValueError:
        return date.min


def heatmap_start(today: date) -> date:
    """The Monday that starts the heatmap: 52 weeks before this week's Monday."""
    return today - timedelta(days=today.weekday()) - timedelta(weeks=HEATMAP_WEEKS - 1)


def gather(
    journal: Journal, mentorships: list[Mentorship], today: date | None = None, since: date | None = None,
    heatmap: bool = True, actions: bool = True, limit: int | None = DEFAULT_LIMIT, split: bool = False,
    global_options: tuple[str, ...] = (),
) -> list[MentorshipReport]:
    """Reports for these mentorships, the most urgent first: the most serious warning sign first
    (`insights.Signal.severity`), then the earliest next check-in.

    `since` replaces "since the last session" as the start of done and skipped actions and wins.
    `limit`: open actions read per side, overdue first; None reads every one. `split` reads each side's
    first `limit` overdue and first `limit` not yet due (what `agenda` lists).
    `actions=False` counts open and overdue actions without reading any (all a status table shows).
    `global_options` are repeated by the commands the warning signs print (`--db PATH`).
    """
    today = today or dates.today()
    if not mentorships:
        return []
    conn = journal.conn
    reports = {m.id: MentorshipReport(m, today, insights.window_start(None, since, None), limit=limit,
                                      global_options=global_options) for m in mentorships}
    ids = list(reports)
    _add_namesakes(journal, reports)

    for mentorship_id, line in _recent_sessions(conn, ids):
        reports[mentorship_id].sessions.append(line)
    for report in reports.values():
        if since is None:  # from the last meeting's own moment: what was done later that day is new
            last = report.last_session
            report.window_start = insights.window_start(last and last.held_at, None, report.mentorship.since)
    _add_goals(journal, reports, ids)
    _count_open(conn, reports, ids, today)
    if actions:
        _add_open(conn, reports, ids, today, limit, split)
    _add_closed(conn, reports, ids)
    _add_follow_through(conn, reports, ids, today)
    _add_wins(conn, reports, ids)
    _add_reviews(conn, reports, ids)
    _add_hours(conn, reports, ids, today)
    if heatmap:
        _add_heatmap(conn, reports, ids, today)
    return sorted(reports.values(), key=_urgency)


def _urgency(report: MentorshipReport) -> tuple:
    due = report.next_due
    worst = report.signals[0].sort_key() if report.signals else (0.0, len(insights.SIGNAL_CODES))
    return (*worst, due is None, due or date.max, report.mentorship.name.casefold(), report.mentorship.id)


def active_mentorships(journal: Journal) -> list[Mentorship]:
    """Active mentorships (in the journal's order; `gather` sorts them by urgency)."""
    return [m for m in mentorships.mentorships(journal) if m.status == "active"]


def paused_mentorships(journal: Journal) -> list[Mentorship]:
    return [m for m in mentorships.mentorships(journal) if m.status == "paused"]


# -- the queries ------------------------------------------------------------------------------------


def _marks(ids: list) -> str:
    return ",".join("?" * len(ids))


def _recent_sessions(conn: sqlite3.Connection, ids: list[int]) -> list[tuple[int, SessionLine]]:
    """The last few sessions of each mentorship, newest first: one index probe per mentorship, in one query."""
    rows = conn.execute(
        "SELECT s.id, s.mentorship_id, s.held_at, s.duration_minutes, s.rating, s.topics, s.takeaways "
        "FROM mentorships m JOIN sessions s ON s.id IN ("
        "  SELECT id FROM sessions WHERE mentorship_id = m.id ORDER BY held_at DESC, id DESC LIMIT ?) "
        f"WHERE m.id IN ({_marks(ids)}) ORDER BY s.mentorship_id, s.held_at DESC, s.id DESC",
        [RECENT_SESSIONS, *ids],
    )
    return [
        (row["mentorship_id"], SessionLine(row["id"], datetime.fromisoformat(row["held_at"]), row["duration_minutes"],
                                           row["rating"], _json_list(row["topics"]), _json_list(row["takeaways"])))
        for row in rows
    ]


def _json_list(text: str | None) -> list[str]:
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return []
    return [str(item) for item in value] if isinstance(value, list) else []


def _add_goals(journal: Journal, reports: dict[int, MentorshipReport], ids: list[int]) -> None:
    found = active_goals(journal, mentorship_ids=ids)
    goal_ids = [g.id for g in found]
    steps = milestones(journal, goal_ids)
    updated = last_updates(journal, goal_ids)
    for goal in found:
        update = updated.get(goal.id)
        mine = steps.get(goal.id, [])
        reports[goal.mentorship_id].goals.append(GoalLine(
            goal, next_milestone(mine), update.date() if update else None,
            [step for step in mine if step.done is None and step.due is not None]))


def _add_namesakes(journal: Journal, reports: dict[int, MentorshipReport]) -> None:
    """Mark each report whose person shares the name (as `mentorships.resolve` compares) with one of the other role."""
    roles: dict[str, set[str]] = {}
    for m in mentorships.mentorships(journal, include_ended=True):
        roles.setdefault(m.name.casefold(), set()).add(m.role)
    for report in reports.values():
        report.namesake = len(roles.get(report.mentorship.name.casefold(), ())) > 1


def _resting(reports: dict[int, MentorshipReport], a: str) -> str:
    """SQL: the action aliased `a` is of a paused or ended mentorship among these ("0" when none is: the
    overdue rule then needs no more than the index)."""
    resting = [m_id for m_id, r in reports.items() if r.mentorship.status != "active"]
    return f"{a}.mentorship_id IN ({','.join(str(int(i)) for i in resting)})" if resting else "0"


def _actions(conn: sqlite3.Connection, sql: str, params: list | dict):
    """Actions (`sql` is `actions.marked_select`'s, the table aliased `t`), as `Action`s marked overdue or not."""
    cursor = conn.cursor()
    cursor.row_factory = None  # a row becomes an Action without a dict in between
    for row in cursor.execute(sql, params):
        yield marked(row)


def _count_open(conn: sqlite3.Connection, reports: dict[int, MentorshipReport], ids: list[int], today: date) -> None:
    """Open and overdue actions of each mentorship (`actions.overdue_sql`), counted from the index alone
    unless one of them is paused or ended."""
    late = overdue_sql("actions", "?", _resting(reports, "actions"))
    for row in conn.execute(
        f"SELECT mentorship_id, COUNT(*), COUNT(CASE WHEN {late} THEN 1 END) FROM actions "
        f"WHERE mentorship_id IN ({_marks(ids)}) AND status = 'open' GROUP BY mentorship_id", [today.isoformat(), *ids],
    ):
        reports[row[0]].open_count, reports[row[0]].overdue_count = row[1], row[2]


# Each side's first N open actions, every mentorship in one statement. SQLite has no LATERAL join: a
# correlated `IN (... ORDER BY due, id LIMIT N)` per mentorship and side walks the (mentorship_id,
# status, due) index in its order and stops after N, so the work is the same at 100 open actions and
# at 100,000 (a window over all open actions would number every one of them: 250-370 ms at 100,000).
# The dated and the undated are two walks (the index puts undated first; a report lists them last);
# the window then ranks only the few they picked. An agenda walks the overdue and those not yet due
# apart, and keeps N of each; a paused or ended mentorship's actions past due but not overdue
# (`overdue_sql`) are a walk of their own, ranked with those not yet due (for an active mentorship it
# stops before it starts).
_RESTING = "m.status != 'active'"
_WALKS = {  # kind: which, in what order
    "dated": ("due IS NOT NULL", "due, id"),
    "late": (overdue_sql("actions", ":today", _RESTING), "due, id"),
    "later": ("due >= :today", "due, id"),
    "settled": (f"due < :today AND {_RESTING} AND NOT {overdue_sql('actions', ':today', _RESTING)}", "due, id"),
    "undated": ("due IS NULL", "id"),
}


def _top_open_sql(kinds: tuple[str, ...]) -> str:
    """Ids of each side's first `:limit` open actions of each group of `kinds` ("late", or the rest)."""
    walks = " UNION ALL ".join(
        f"SELECT a.id, {int(kind == 'late')} FROM mentorships m CROSS JOIN owners o JOIN actions a ON a.id IN ("
        f"SELECT id FROM actions WHERE mentorship_id = m.id AND status = 'open' AND owner = o.owner "
        f"AND {_WALKS[kind][0]} ORDER BY {_WALKS[kind][1]} LIMIT :limit) "
        "WHERE m.id IN (SELECT value FROM json_each(:ids))"
        for kind in kinds)
    return (f"WITH owners(owner) AS (VALUES ('me'), ('them')), picked(id, late) AS ({walks}), "
            "ranked(id, n) AS (SELECT p.id, ROW_NUMBER() OVER (PARTITION BY a.mentorship_id, a.owner, p.late "
            "ORDER BY a.due IS NULL, a.due, a.id) FROM picked p JOIN actions a ON a.id = p.id) "
            f"{marked_select(':today')} WHERE t.id IN (SELECT id FROM ranked WHERE n <= :limit) ORDER BY {ACTIONS.order}")


def _add_open(conn: sqlite3.Connection, reports: dict[int, MentorshipReport], ids: list[int], today: date,
              limit: int | None, split: bool) -> None:
    """The open actions a report lists: each side's first `limit`; with `split` (an agenda), each side's
    first `limit` overdue and first `limit` not yet due."""
    if limit is None:  # --all: every one
        sql = (f"{marked_select('?', _resting(reports, 't'))} WHERE t.mentorship_id IN ({_marks(ids)}) "
               f"AND t.status = 'open' ORDER BY {ACTIONS.order}")
        params: list | dict = [today.isoformat(), *ids]
    else:
        sql = _top_open_sql(("late", "later", "settled", "undated") if split else ("dated", "undated"))
        params = {"today": today.isoformat(), "limit": limit, "ids": json.dumps(ids)}
    for found in _actions(conn, sql, params):
        report = reports[found.mentorship_id]
        (report.late_actions if report.is_late(found) else report.pending_actions).append(found)


def _add_closed(conn: sqlite3.Connection, reports: dict[int, MentorshipReport], ids: list[int]) -> None:
    """Actions done or skipped since each report's window start."""
    earliest = _earliest_day(reports)
    sql = (f"{ACTIONS.select} WHERE t.mentorship_id IN ({_marks(ids)}) AND t.done_on >= ? AND t.status != 'open' "
           "ORDER BY t.done_on, t.id")
    for found in _actions(conn, sql, [*ids, earliest]):
        report = reports[found.mentorship_id]
        if insights.in_window(found.done_on, found.done_at, report.window_start):
            (report.done_since if found.status == "done" else report.skipped_since).append(found)


def _add_follow_through(conn: sqlite3.Connection, reports: dict[int, MentorshipReport], ids: list[int],
                        today: date) -> None:
    """The last 90 days' follow-through, counted in SQL by the rule of `insights.follow_through`: an action
    is judged when its due date (undated: the day it was closed) is in the window and it is closed or late."""
    start, end = (today - timedelta(days=insights.ACTION_WINDOW_DAYS)).isoformat(), today.isoformat()
    marks = _marks(ids)
    rows = conn.execute(
        "SELECT mentorship_id, COUNT(*), COUNT(CASE WHEN status = 'done' THEN 1 END) FROM ("
        f"SELECT mentorship_id, status FROM actions WHERE mentorship_id IN ({marks}) "
        "AND status IN ('done', 'skipped') AND due BETWEEN ? AND ? "
        f"UNION ALL SELECT mentorship_id, status FROM actions WHERE mentorship_id IN ({marks}) "
        "AND status = 'open' AND due >= ? AND due < ? "
        f"UNION ALL SELECT mentorship_id, status FROM actions WHERE mentorship_id IN ({marks}) "
        "AND status IN ('done', 'skipped') AND due IS NULL AND done_on BETWEEN ? AND ?) GROUP BY mentorship_id",
        [*ids, start, end, *ids, start, end, *ids, start, end],
    )
    for mentorship_id, judged, done in rows:
        # `insights.Facts` takes the actions themselves: these stand for them, one per action judged
        # (a count would do: see `recent_actions`)
        reports[mentorship_id].recent_actions = [("done", today, today)] * done + [("skipped", today, today)] * (
            judged - done)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _add_wins(conn: sqlite3.Connection, reports: dict[int, MentorshipReport], ids: list[int]) -> None:
    earliest = _earliest_day(reports)
    for found in WINS.rows(conn, f"t.mentorship_id IN ({_marks(ids)}) AND t.date >= ?", [*ids, earliest],
                           order="t.date, t.id"):
        report = reports[found.mentorship_id]
        if insights.in_window(found.date, found.at, report.window_start):
            report.wins_since.append(found)


def _earliest_day(reports: dict[int, MentorshipReport]) -> str:
    """The first day any report's window touches (read by the day's index, then sorted by `in_window`)."""
    starts = [r.window_start for r in reports.values() if r.window_start is not None]
    return min(starts).date().isoformat() if len(starts) == len(reports) else ""


def _add_reviews(conn: sqlite3.Connection, reports: dict[int, MentorshipReport], ids: list[int]) -> None:
    """The latest review of each relationship (a session debrief is about one meeting: it doesn't count),
    and its answers (what `not_working` reads)."""
    kinds = RELATIONSHIP_KINDS
    rows = conn.execute(
        "SELECT r.mentorship_id, r.held_at, r.template, r.answers FROM reviews r JOIN ("
        f"  SELECT mentorship_id, MAX(held_at) AS latest FROM reviews WHERE mentorship_id IN ({_marks(ids)}) "
        f"  AND kind IN ({_marks(kinds)}) GROUP BY mentorship_id) last "
        "ON last.mentorship_id = r.mentorship_id AND last.latest = r.held_at "
        f"WHERE r.kind IN ({_marks(kinds)}) ORDER BY r.id",
        [*ids, *kinds, *kinds],
    )
    shared: dict[str, str | None] = {}
    for row in rows:
        report = reports[row["mentorship_id"]]
        report.last_review = datetime.fromisoformat(row["held_at"]).date()
        report.last_review_answers = (row["template"], row["answers"])
        report.not_working_ids = shared


def _add_hours(conn: sqlite3.Connection, reports: dict[int, MentorshipReport], ids: list[int], today: date) -> None:
    year_start = date(today.year, 1, 1).isoformat()
    month_start = today.replace(day=1).isoformat()
    next_year = date(today.year + 1, 1, 1).isoformat()
    rows = conn.execute(
        "SELECT mentorship_id, SUM(CASE WHEN held_at >= ? THEN duration_minutes END) AS month, "
        "SUM(duration_minutes) AS year FROM sessions "
        f"WHERE mentorship_id IN ({_marks(ids)}) AND held_at >= ? AND held_at < ? GROUP BY mentorship_id",
        [month_start, *ids, year_start, next_year],
    )
    for row in rows:
        report = reports[row["mentorship_id"]]
        report.minutes_this_month, report.minutes_this_year = row["month"] or 0, row["year"] or 0


def _add_heatmap(conn: sqlite3.Connection, reports: dict[int, MentorshipReport], ids: list[int], today: date) -> None:
    start = heatmap_start(today)
    end = start + timedelta(weeks=HEATMAP_WEEKS)
    for report in reports.values():
        report.sessions_per_week = [0] * HEATMAP_WEEKS
    rows = conn.execute(
        "SELECT mentorship_id, CAST((julianday(substr(held_at, 1, 10)) - julianday(?)) / 7 AS INTEGER) AS week, "
        f"COUNT(*) AS n FROM sessions WHERE mentorship_id IN ({_marks(ids)}) AND held_at >= ? AND held_at < ? "
        "GROUP BY mentorship_id, week",
        [start.isoformat(), *ids, start.isoformat(), end.isoformat()],
    )
    for row in rows:
        if 0 <= row["week"] < HEATMAP_WEEKS:
            reports[row["mentorship_id"]].sessions_per_week[row["week"]] = row["n"]
