"""`report`, `status` and `agenda`: what is due, what slipped, what to celebrate, and the plan to send."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from mentorlog.domain import dates
from mentorlog.output import render
from mentorlog.commands import params
from mentorlog.commands._common import WithOpt, check_choice, check_limit, journal, journal_options, pick_mentorship
from mentorlog.errors import MentorlogError

if TYPE_CHECKING:  # the reading and reporting code is imported when a journal is read: not for an absent one
    from mentorlog.data.journal import Journal
    from mentorlog.domain.models import Mentorship

REPORT_FORMATS = ("rich", "markdown", "json")
STATUS_FORMATS = ("rich", "json")
AGENDA_FORMATS = ("markdown", "text", "json")
DEFAULT_LIMIT = 10  # the same as DEFAULT_LIMIT (a test holds them together), without importing it
NO_MENTORSHIPS = "No active mentorships. Add one: mentorlog mentor add NAME (or mentorlog mentee add NAME)"


def _format_opt(choices: tuple[str, ...], default_help: str):
    return Annotated[Optional[str], params.choice("--format", "-f", choices=choices, help=default_help)]


ReportFormat = _format_opt(REPORT_FORMATS, "rich: tables on a terminal (plain text when piped); markdown; json.")
StatusFormat = _format_opt(STATUS_FORMATS, "rich: a table on a terminal (plain text when piped); json.")
AgendaFormat = _format_opt(AGENDA_FORMATS, "markdown: ready to paste into an email or chat; text; json.")
JsonFlag = Annotated[bool, typer.Option("--json", help="The same as --format json.")]
LimitOpt = Annotated[Optional[int], typer.Option(
    "--limit", "-n", metavar="N",
    help=f"Open actions listed per side, overdue first (default {DEFAULT_LIMIT}); the rest are counted.")]
AllOpt = Annotated[bool, typer.Option("--all", "-a", help="List every open action.")]
SinceOpt = Annotated[Optional[date], params.DAY.option(
    "--since", help="Show what was done, skipped and won since this date (default: since each last session).")]


def _options(format_: str | None, as_json: bool, choices: tuple[str, ...], limit: int | None,
             all_: bool) -> tuple[str, int | None]:
    """The format (`--json` is `--format json`) and the number of open actions listed per side (None: all)."""
    format_ = check_choice(format_, choices, "--format")
    if as_json:
        if format_ not in (None, "json"):
            raise MentorlogError(f"--json and --format {format_} can't be used together")
        format_ = "json"
    if all_ and limit is not None:
        raise MentorlogError("--all and --limit can't be used together")
    return format_ or choices[0], None if all_ else check_limit(limit, "--limit") or DEFAULT_LIMIT


def report(with_: WithOpt = None, since: SinceOpt = None, format_: ReportFormat = None, as_json: JsonFlag = False,
           limit: LimitOpt = None, all_: AllOpt = False) -> None:
    """Before a check-in: dates, goals, actions, wins and warning signs for each active mentorship.

    Each side's first 10 open actions are listed, overdue first (--limit N, or --all), the rest counted.

    Example: mentorlog report --with ada --since "4 weeks ago" --format markdown
    """
    format_, listed = _options(format_, as_json, REPORT_FORMATS, limit, all_)
    with journal() as store:
        show_report(store, with_, since, format_, listed)


def show_report(store: Journal, name: str | None, since: date | None, format_: str,
                limit: int | None = DEFAULT_LIMIT) -> None:
    from mentorlog.data import mentorships
    from mentorlog.output import reporting

    today = dates.today()
    people = [mentorships.resolve(store, name)] if name is not None else reporting.active_mentorships(store)
    reports = reporting.gather(store, people, today, since=since, limit=limit,
                               global_options=journal_options())
    raised = _open_topics(store, [r.mentorship.id for r in reports], limit)
    from mentorlog.data import measures

    trends = measures.trends(store, [r.mentorship.id for r in reports])  # each from its first value to its latest
    if format_ == "json":
        render.print_json({
            "date": today.isoformat(), "since": dates.iso_date(since), "limit": limit,
            "weeks_from": reporting.heatmap_start(today).isoformat(),
            "mentorships": [r.to_json() | {"sessions_per_week": r.sessions_per_week}
                            | raised[r.mentorship.id].to_json() | {"measures": [t.to_json() for t in trends.get(r.mentorship.id, [])]}
                            for r in reports],
        })
        return
    if not reports:
        render.message(NO_MENTORSHIPS)
        return
    from mentorlog.output import render_report

    doc = render_report.report_doc(reports, today, since, hint=action_list_hint(store), topics=raised, measures=trends,
                                   private=format_ != "markdown" and render.on_terminal())  # my terminal alone
    title = f"Report — {today:%A} {today.day} {today:%B %Y}"
    if format_ == "markdown":
        render.print_markdown(render_report.markdown_doc(doc, title))
    elif render.use_rich():
        render_report.print_rich(doc, title)
    else:
        render.print_text(title + "\n\n" + render_report.plain_doc(doc))


def status(format_: StatusFormat = None, as_json: JsonFlag = False, limit: LimitOpt = None,
           all_: AllOpt = False) -> None:
    """What is due and overdue, at a glance: one row per active mentorship. The first thing to run on a Monday.

    The table counts open actions; --json lists each side's first 10 too (--limit N, or --all).

    Example: mentorlog status
    """
    format_, listed = _options(format_, as_json, STATUS_FORMATS, limit, all_)
    store = journal()
    if not store.exists:  # an absent journal reads as an empty one: nothing to gather, no schema to build
        _print_status([], format_, listed, [])
        return
    with store:
        show_status(store, format_, listed)


def show_status(store: Journal, format_: str, limit: int | None = DEFAULT_LIMIT) -> None:
    from mentorlog.output import reporting

    today = dates.today()
    # the table shows counts only: the actions themselves are read for --format json alone
    reports = reporting.gather(store, reporting.active_mentorships(store), today, heatmap=False,
                               actions=format_ == "json", limit=limit, global_options=journal_options())
    paused = [m.name for m in reporting.paused_mentorships(store)]
    from mentorlog.data import prospects

    _print_status(reports, format_, limit, paused, today, prospects.follow_ups_due(store, today))


def _print_status(reports: list, format_: str, limit: int | None, paused: list[str], today: date | None = None,
                  follow_ups: list = ()) -> None:
    today = today or dates.today()
    if format_ == "json":
        render.print_json({"date": today.isoformat(), "limit": limit, "mentorships": [r.to_json() for r in reports],
                           "paused": paused, "follow_ups": [p.to_json(today) for p in follow_ups]})
        return
    from mentorlog.output import render_status

    render_status.print_status(reports, today, paused)
    if follow_ups:  # prospects contacted who have not answered: asking again is part of finding a mentor
        from mentorlog.output.render_prospects import print_follow_ups

        print_follow_ups(follow_ups, today, journal_options())


def agenda(with_: WithOpt = None, format_: AgendaFormat = None, as_json: JsonFlag = False, limit: LimitOpt = None,
           all_: AllOpt = False) -> None:
    """The plan to send the day before a meeting: done, not done and why, wins, focus, questions.

    Each side's first 10 overdue and first 10 open actions are listed (--limit N, or --all), the rest counted.

    Example: mentorlog agenda --with ada > agenda.md
    """
    format_, listed = _options(format_, as_json, AGENDA_FORMATS, limit, all_)
    with journal() as store:
        mentorship = pick_mentorship(store, with_, "Agenda for the meeting with whom?", active_only=True)
        show_agenda(store, mentorship, format_, listed)


def show_agenda(store: Journal, mentorship: Mentorship, format_: str,
                limit: int | None = DEFAULT_LIMIT) -> None:
    from mentorlog.output import render_report, reporting
    from mentorlog.output.agenda import agenda

    today = dates.today()
    report = reporting.gather(store, [mentorship], today, heatmap=False, limit=limit, split=True,
                              global_options=journal_options())[0]
    plan = agenda(report)
    raised = _open_topics(store, [mentorship.id], limit)[mentorship.id]
    if format_ == "json":
        render.print_json(plan.to_json() | raised.to_json() | {"limit": limit})
    elif format_ == "markdown":
        render.print_markdown(render_report.markdown_doc(render_report.agenda_doc(plan, audience="them", topics=raised)))
    else:
        doc = render_report.agenda_doc(plan, audience="me", hint=action_list_hint(store), topics=raised)
        render.print_text(render_report.plain_doc(doc))
    if format_ != "text" and raised.private_count:  # said to me, beside what is sent: never in it
        count = raised.private_count
        render.message(f"Left out {count} private topic{'s' if count > 1 else ''} (for your eyes only: "
                       f"--format text shows {'them' if count > 1 else 'it'}).")


def _open_topics(store: Journal, mentorship_ids: list[int], limit: int | None) -> dict:
    """Each mentorship's open topics as report and agenda list them (`--all`: every one)."""
    from mentorlog.data import topics

    return topics.listed_open(store.conn, mentorship_ids, None if limit is None else topics.LISTED)


def action_list_hint(store: Journal):
    """A function of a mentorship: `mentorlog action list --with NAME`, as it must be typed to list its
    open actions. The name is quoted for the shell, with its role when the name alone would not pick it
    out (as `mentorships.resolve` reads it: the exact name, else the one of them not ended), and the
    journal's `--db` is named when one was given. The mentorships are read once, when first needed."""
    from mentorlog.data import mentorships
    from mentorlog.domain.text import shell_command

    every: list[Mentorship] = []
    before = journal_options()

    def hint(mentorship: Mentorship) -> str:
        if not every:
            every.extend(mentorships.mentorships(store, include_ended=True))
        name = mentorship.name
        namesakes = [m for m in every if m.name.casefold() == name.casefold()]
        if len(namesakes) > 1 and [m.id for m in namesakes if m.status != "ended"] != [mentorship.id]:
            name = f"{mentorship.role}:{name}"
        return shell_command(*before, "action", "list", "--with", name)

    return hint
