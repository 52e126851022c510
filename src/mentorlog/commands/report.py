"""`report`, `status` and `agenda`: what is due, what slipped, what to celebrate, and the plan to send."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Optional

import typer

from mentorlog.domain import dates
from mentorlog.output import render, reporting
from mentorlog.commands._common import WithOpt, check_choice, journal, pick_mentorship
from mentorlog.data.journal import Journal
from mentorlog.domain.models import Mentorship
from mentorlog.data import mentorships

REPORT_FORMATS = ("rich", "markdown", "json")
STATUS_FORMATS = ("rich", "json")
AGENDA_FORMATS = ("markdown", "text", "json")
NO_MENTORSHIPS = "No active mentorships. Add one: mentorlog mentor add NAME (or mentorlog mentee add NAME)"


def _format_opt(choices: tuple[str, ...], default_help: str):
    return Annotated[str, typer.Option("--format", "-f", metavar="|".join(choices), help=default_help)]


ReportFormat = _format_opt(REPORT_FORMATS, "rich: tables on a terminal (plain text when piped); markdown; json.")
StatusFormat = _format_opt(STATUS_FORMATS, "rich: a table on a terminal (plain text when piped); json.")
AgendaFormat = _format_opt(AGENDA_FORMATS, "markdown: ready to paste into an email or chat; text; json.")
SinceOpt = Annotated[Optional[str], typer.Option(
    "--since", metavar="DATE",
    help="Show what was done, skipped and won since this date (default: since each last session).")]


def report(with_: WithOpt = None, since: SinceOpt = None, format_: ReportFormat = "rich") -> None:
    """Before a check-in: dates, goals, actions, wins and warning signs for each active mentorship.

    Example: mentorlog report --with ada --since "4 weeks ago" --format markdown
    """
    format_ = check_choice(format_, REPORT_FORMATS, "--format")
    since_day = dates.parse_date(since) if since is not None else None
    with journal() as store:
        show_report(store, with_, since_day, format_)


def show_report(store: Journal, name: str | None, since: date | None, format_: str) -> None:
    today = dates.today()
    people = [mentorships.resolve(store, name)] if name is not None else reporting.active_mentorships(store)
    reports = reporting.gather(store, people, today, since=since)
    if format_ == "json":
        render.print_json({
            "date": today.isoformat(), "since": dates.iso_date(since),
            "weeks_from": reporting.heatmap_start(today).isoformat(),
            "mentorships": [r.to_json() | {"sessions_per_week": r.sessions_per_week} for r in reports],
        })
        return
    if not reports:
        render.message(NO_MENTORSHIPS)
        return
    from mentorlog.output import render_report

    doc = render_report.report_doc(reports, today, since)
    title = f"Report — {today:%A} {today.day} {today:%B %Y}"
    if format_ == "markdown":
        render.print_text(render_report.markdown_doc(doc, title))
    elif render.use_rich():
        render_report.print_rich(doc, title)
    else:
        render.print_text(title + "\n\n" + render_report.plain_doc(doc))


def status(format_: StatusFormat = "rich") -> None:
    """What is due and overdue, at a glance: one row per active mentorship. The first thing to run on a Monday.

    Example: mentorlog status
    """
    format_ = check_choice(format_, STATUS_FORMATS, "--format")
    with journal() as store:
        show_status(store, format_)


def show_status(store: Journal, format_: str) -> None:
    from mentorlog.output import render_report

    today = dates.today()
    # the table shows counts only: the actions themselves are read for --format json alone
    reports = reporting.gather(store, reporting.active_mentorships(store), today, heatmap=False,
                               actions=format_ == "json")
    paused = [m.name for m in reporting.paused_mentorships(store)]
    if format_ == "json":
        render.print_json({"date": today.isoformat(), "mentorships": [r.to_json() for r in reports],
                           "paused": paused})
        return
    render_report.print_status(reports, today, paused)


def agenda(with_: WithOpt = None, format_: AgendaFormat = "markdown") -> None:
    """The plan to send the day before a meeting: done, not done and why, wins, focus, questions.

    Example: mentorlog agenda --with ada > agenda.md
    """
    format_ = check_choice(format_, AGENDA_FORMATS, "--format")
    with journal() as store:
        mentorship = pick_mentorship(store, with_, "Agenda for the meeting with whom?", active_only=True)
        show_agenda(store, mentorship, format_)


def show_agenda(store: Journal, mentorship: Mentorship, format_: str) -> None:
    from mentorlog.output import render_report

    today = dates.today()
    report = reporting.gather(store, [mentorship], today, heatmap=False)[0]
    plan = reporting.agenda(report)
    if format_ == "json":
        render.print_json(plan.to_json())
    elif format_ == "markdown":
        render.print_text(render_report.markdown_doc(render_report.agenda_doc(plan, audience="them")))
    else:
        render.print_text(render_report.plain_doc(render_report.agenda_doc(plan, audience="me")))
