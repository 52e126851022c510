"""The agenda's read model: the plan to send the day before a meeting, drawn from one mentorship's
report (`reporting.gather(..., split=True)`). Never prints."""

from __future__ import annotations

from mentorlog.domain import dates
from mentorlog.domain.models import Action, Mentorship, Win
from mentorlog.domain.records import record
from mentorlog.output.reporting import GoalLine, MentorshipReport, due_order

AGENDA_FOCUS_GOALS = 3


@record
class Agenda:
    """The plan to send the day before a meeting, in the order it is read."""

    report: MentorshipReport
    done: list[Action]  # since last time, either owner
    not_done: list[Action]  # skipped (with the reason), then open and now overdue
    wins: list[Win]
    focus: list[GoalLine]  # the heaviest active goals
    open_items: list[Action]  # my open actions not yet due: questions and challenges
    not_working: str | None  # what the last review said is not working
    their_actions: list[Action]  # their open actions not yet due, to check on

    @property
    def mentorship(self) -> Mentorship:
        return self.report.mentorship

    @property
    def more_late(self) -> int:
        """Overdue actions not listed in `not_done`."""
        return self.report.overdue_count - sum(1 for a in self.not_done if a.status == "open")

    @property
    def more_pending(self) -> int:
        """Open actions not yet due listed neither in `open_items` nor in `their_actions`."""
        r = self.report
        return r.open_count - r.overdue_count - len(self.open_items) - len(self.their_actions)

    def to_json(self) -> dict:
        r = self.report
        return {
            "with": r.mentorship.name,
            "role": r.mentorship.role,
            "date": r.today.isoformat(),
            "last_session": dates.iso_date(r.last_session_date),
            "next_due": dates.iso_date(r.next_due),
            "overdue_days": r.overdue_days,
            "since": dates.iso_date(r.window_start),
            "since_at": r.window_start and dates.iso_datetime(r.window_start),
            "done": [a.to_json() for a in self.done],
            "not_done": [r.action_json(a) for a in self.not_done],
            "wins": [w.to_json() for w in self.wins],
            "focus": [line.to_json() for line in self.focus],
            "open_items": [r.action_json(a) for a in self.open_items],
            "not_working": self.not_working,
            "their_actions": [r.action_json(a) for a in self.their_actions],
            "open_actions_count": r.open_count,
            "overdue_actions_count": r.overdue_count,
        }


def agenda(report: MentorshipReport) -> Agenda:
    """The agenda of a report gathered with `split=True`: each side's first `limit` overdue actions, and
    first `limit` not yet due."""
    def first(actions: list[Action], owner: str | None = None) -> list[Action]:
        mine = [a for a in actions if owner is None or a.owner == owner]
        return mine if report.limit is None else mine[: report.limit]

    late = sorted([*first(report.late_actions, "me"), *first(report.late_actions, "them")], key=due_order)
    return Agenda(
        report=report,
        done=list(report.done_since),
        not_done=[*report.skipped_since, *late],
        wins=list(report.wins_since),
        focus=report.goals[:AGENDA_FOCUS_GOALS],
        open_items=first(report.pending_actions, "me"),
        not_working=report.not_working,
        their_actions=first(report.pending_actions, "them"),
    )
