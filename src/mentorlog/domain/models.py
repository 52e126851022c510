"""Records (`domain.records`) for the domain. `to_json()` gives the stable JSON shape scripts rely on (DESIGN §4).

Each record that is a table's row declares that table's columns, once: its fields, in order, are
the columns (`data.tables.Table` reads them), with `stored(...)` for what an import checks, and
`joined()` / `derived()` for values that are not columns.
"""

from __future__ import annotations

from mentorlog.domain.records import record, value
from datetime import date, datetime

from mentorlog.domain.columns import clock, derived, joined, stored

ROLES = ("mentor", "mentee")
KINDS = ("traditional", "reverse", "peer", "situational", "group")
MENTORSHIP_STATUSES = ("active", "paused", "ended")
CHANNELS = ("video", "in-person", "phone", "chat")
FOCUSES = ("outcome", "exploration")
GOAL_CATEGORIES = ("career", "growth", "skill", "network", "other")
GOAL_STATUSES = ("active", "achieved", "dropped", "paused")
OWNERS = ("me", "them")
ACTION_STATUSES = ("open", "done", "skipped")
# Review kinds: the reviews of the relationship itself reset "review due" and choose the next template;
# a session debrief (or a user's template of another kind) is about one meeting, not the relationship.
FIRST_MEETING, PERIODIC, WRAP_UP = "first-meeting", "periodic", "wrap-up"
RELATIONSHIP_KINDS = (FIRST_MEETING, PERIODIC, WRAP_UP)
DEFAULT_CADENCE_DAYS = 14
DEFAULT_REVIEW_EVERY_DAYS = 42
MAX_CADENCE_DAYS = 366
MAX_CHECKIN_MINUTES = 24 * 60


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _moment(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value is not None else None


@record
class Mentorship:
    """A relationship with one person: they mentor me (`role` mentor) or I mentor them (mentee)."""

    id: int
    uid: str
    name: str
    role: str = stored(choices=ROLES)
    kind: str = stored("traditional", choices=KINDS)
    status: str = stored("active", choices=MENTORSHIP_STATUSES)
    cadence_days: int = stored(DEFAULT_CADENCE_DAYS, low=1, high=MAX_CADENCE_DAYS)
    review_every_days: int = stored(DEFAULT_REVIEW_EVERY_DAYS, low=1, high=MAX_CADENCE_DAYS)
    since: date | None = None
    until: date | None = None
    ended_on: date | None = None
    end_note: str | None = None
    channel: str | None = None
    focus: str | None = None
    expectations: str | None = None
    boundaries: str | None = None
    created_at: str = ""
    updated_at: str = ""
    paused_on: date | None = None  # when it was last paused
    resumed_on: date | None = None  # when it was last resumed: the next check-in is a cadence after it
    checkin_time: str | None = clock()  # the usual time of a check-in, `15:00` (local): the calendar's events are timed
    checkin_minutes: int | None = stored(None, low=1, high=MAX_CHECKIN_MINUTES)  # how long a check-in usually lasts

    @property
    def label(self) -> str:
        """How the person is named where the role matters: `Ada (mentor)`."""
        return f"{self.name} ({self.role})"

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "uid": self.uid,
            "name": self.name,
            "role": self.role,
            "kind": self.kind,
            "status": self.status,
            "cadence_days": self.cadence_days,
            "review_every_days": self.review_every_days,
            "since": _iso(self.since),
            "until": _iso(self.until),
            "ended_on": _iso(self.ended_on),
            "end_note": self.end_note,
            "channel": self.channel,
            "focus": self.focus,
            "expectations": self.expectations,
            "boundaries": self.boundaries,
            "paused_on": _iso(self.paused_on),
            "resumed_on": _iso(self.resumed_on),
            "checkin_time": self.checkin_time,
            "checkin_minutes": self.checkin_minutes,
        }


@record
class Session:
    """A meeting with one mentorship; `private_notes` never leave the journal's own views."""

    id: int
    uid: str
    mentorship_id: int
    held_at: datetime
    duration_minutes: int | None = stored(None, low=0)
    channel: str | None = None
    topics: list[str] = value(factory=list)
    notes: str | None = None
    private_notes: str | None = None
    takeaways: list[str] = value(factory=list)
    rating: int | None = stored(None, low=1, high=5)
    created_at: str = ""
    updated_at: str = ""
    with_name: str = joined("")
    role: str = joined("")

    def to_json(self, include_private: bool = True) -> dict:
        data = {
            "id": self.id,
            "uid": self.uid,
            "with": self.with_name,
            "role": self.role,
            "date": self.held_at.isoformat(timespec="seconds"),
            "duration_minutes": self.duration_minutes,
            "channel": self.channel,
            "topics": list(self.topics),
            "notes": self.notes,
            "takeaways": list(self.takeaways),
            "rating": self.rating,
        }
        if include_private:
            data["private_notes"] = self.private_notes
        return data


@record
class Milestone:
    """A dated step of a goal."""

    id: int
    uid: str
    goal_id: int
    title: str
    due: date | None = None
    done: date | None = None
    created_at: str = ""
    updated_at: str = ""

    def to_json(self) -> dict:
        return {"id": self.id, "uid": self.uid, "goal": self.goal_id, "title": self.title,
                "due": _iso(self.due), "done": _iso(self.done)}


@record
class GoalUpdate:
    """A goal's progress at one moment, with what moved it."""

    id: int
    uid: str
    goal_id: int
    date: datetime
    progress: int = stored(low=0, high=100)
    note: str | None = None
    created_at: str = ""
    updated_at: str = ""

    def to_json(self) -> dict:
        return {"date": self.date.isoformat(timespec="seconds"), "progress": self.progress, "note": self.note}


@record
class Goal:
    """Something to reach, weighed by impact x support x feasibility; with a mentorship or personal."""

    id: int
    uid: str
    title: str
    mentorship_id: int | None = None
    why: str | None = None
    category: str = stored("other", choices=GOAL_CATEGORIES)
    target: date | None = None
    metric: str | None = None
    impact: int = stored(3, low=1, high=5)
    support: int = stored(3, low=1, high=5)
    feasibility: int = stored(3, low=1, high=5)
    progress: int = stored(0, low=0, high=100)
    status: str = stored("active", choices=GOAL_STATUSES)
    status_note: str | None = None
    closed_on: date | None = None
    created_at: str = ""
    updated_at: str = ""
    with_name: str | None = joined()
    milestones: list[Milestone] = derived()
    history: list[GoalUpdate] = derived()

    @property
    def weight(self) -> int:
        from mentorlog.domain.insights import goal_weight

        return goal_weight(self.impact, self.support, self.feasibility)

    def to_json(self, detail: bool = False) -> dict:
        data = {
            "id": self.id,
            "uid": self.uid,
            "title": self.title,
            "with": self.with_name,
            "category": self.category,
            "status": self.status,
            "progress": self.progress,
            "weight": self.weight,
            "impact": self.impact,
            "support": self.support,
            "feasibility": self.feasibility,
            "target": _iso(self.target),
            "metric": self.metric,
            "why": self.why,
            "status_note": self.status_note,
        }
        if detail:
            data["milestones"] = [m.to_json() for m in self.milestones]
            data["history"] = [h.to_json() for h in self.history]
        return data


@record
class Action:
    """What one side promised to do; skipped ones keep their reason."""

    id: int
    uid: str
    text: str
    owner: str = stored("me", choices=OWNERS)
    mentorship_id: int | None = None
    due: date | None = None
    status: str = stored("open", choices=ACTION_STATUSES)
    done_on: date | None = None
    reason: str | None = None
    goal_id: int | None = None
    session_id: int | None = None
    review_id: int | None = None
    created_at: str = ""
    updated_at: str = ""
    done_at: datetime | None = value(None, day_of="done_on")  # when it was closed, to the second; None: only the day
    with_name: str | None = joined()
    overdue: bool = derived(bool)  # as `actions.overdue_sql` judged it when read (False when not asked)

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "uid": self.uid,
            "text": self.text,
            "with": self.with_name,
            "owner": self.owner,
            "due": _iso(self.due),
            "status": self.status,
            "done_on": _iso(self.done_on),
            "done_at": _moment(self.done_at),
            "reason": self.reason,
            "goal": self.goal_id,
            "session": self.session_id,
            "review": self.review_id,
        }


@record
class Win:
    """Something that went well, big or small."""

    id: int
    uid: str
    text: str
    date: date
    mentorship_id: int | None = None
    goal_id: int | None = None
    created_at: str = ""
    updated_at: str = ""
    at: datetime | None = value(None, day_of="date")  # when it happened, to the second; None: only the day known
    with_name: str | None = joined()

    def to_json(self) -> dict:
        return {"id": self.id, "uid": self.uid, "text": self.text, "with": self.with_name,
                "date": self.date.isoformat(), "at": _moment(self.at), "goal": self.goal_id}


@record
class Review:
    """A completed walk through a review template for one mentorship."""

    id: int
    uid: str
    mentorship_id: int
    template: str
    kind: str
    held_at: datetime
    answers: dict = value(factory=dict)
    created_at: str = ""
    updated_at: str = ""
    with_name: str = joined("")

    def to_json(self) -> dict:
        return {"id": self.id, "uid": self.uid, "with": self.with_name, "template": self.template,
                "kind": self.kind, "date": self.held_at.isoformat(timespec="seconds"), "answers": self.answers}


TOPIC_KINDS = ("topic", "question", "feedback-give", "feedback-ask")
TOPIC_STATUSES = ("open", "done", "dropped")


@record
class Topic:
    """Something to raise at the next meeting with one person, open until discussed, done or dropped;
    a private one is for my eyes only (shown in my views, never in what is sent)."""

    id: int
    uid: str
    mentorship_id: int
    text: str
    added_at: datetime
    kind: str = stored("topic", choices=TOPIC_KINDS)
    private: int = stored(0, low=0, high=1)
    status: str = stored("open", choices=TOPIC_STATUSES)
    closed_at: datetime | None = None
    note: str | None = None  # how it was settled: the done note or the reason it was dropped
    session_id: int | None = None  # the session it was discussed in
    created_at: str = ""
    updated_at: str = ""
    with_name: str = joined("")
    carried_over: int = derived(int)  # meetings held since it was added while it stayed open (`topics.carried_sql`)

    def to_json(self) -> dict:
        return {"id": self.id, "uid": self.uid, "text": self.text, "with": self.with_name, "kind": self.kind,
                "private": bool(self.private), "status": self.status,
                "added_at": self.added_at.isoformat(timespec="seconds"), "carried_over": self.carried_over,
                "closed_at": self.closed_at.isoformat(timespec="seconds") if self.closed_at else None,
                "note": self.note, "session": self.session_id}


PROSPECT_STATUSES = ("idea", "contacted", "declined", "accepted")
FOLLOW_UP_DUE = "follow-up due"  # a status shown, never stored: contacted, and the follow-up day has come


@record
class Prospect:
    """Someone I might ask to mentor me: an idea, then contacted, then accepted (a mentor) or declined."""

    id: int
    uid: str
    name: str
    expertise: str | None = None
    why: str | None = None  # why them: what I admire, what I hope to learn
    goal_id: int | None = None
    how_met: str | None = None
    status: str = stored("idea", choices=PROSPECT_STATUSES)
    contacted_on: date | None = None
    follow_up: date | None = None  # when to follow up if they have not answered
    decided_on: date | None = None  # when they accepted or declined
    mentorship_id: int | None = None  # the mentorship an accepted prospect became
    note: str | None = None
    created_at: str = ""
    updated_at: str = ""
    goal_title: str | None = joined()

    def shown_status(self, today: date) -> str:
        """The status as a person reads it: `follow-up due` once a contacted prospect's follow-up day has come."""
        if self.status == "contacted" and self.follow_up is not None and self.follow_up <= today:
            return FOLLOW_UP_DUE
        return self.status

    def to_json(self, today: date | None = None) -> dict:
        return {"id": self.id, "uid": self.uid, "name": self.name, "expertise": self.expertise, "why": self.why,
                "goal": self.goal_id, "goal_title": self.goal_title, "how_met": self.how_met,
                "status": self.shown_status(today) if today else self.status, "contacted_on": _iso(self.contacted_on),
                "follow_up": _iso(self.follow_up), "decided_on": _iso(self.decided_on),
                "mentorship": self.mentorship_id, "note": self.note}


MEASURE_LOW, MEASURE_HIGH = 1, 5  # a measure's values are ratings


@record
class Measure:
    """One value of a measure over time (confidence, clarity, relationship…): from a review's rating
    question that names it, or added between reviews."""

    id: int
    uid: str
    name: str
    value: int = stored(low=MEASURE_LOW, high=MEASURE_HIGH)
    date: date
    mentorship_id: int | None = None
    review_id: int | None = None
    note: str | None = None
    created_at: str = ""
    updated_at: str = ""
    with_name: str | None = joined()

    def to_json(self) -> dict:
        return {"id": self.id, "uid": self.uid, "name": self.name, "value": self.value, "date": _iso(self.date),
                "with": self.with_name, "review": self.review_id, "note": self.note}
