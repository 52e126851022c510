"""`prospect …`: finding the right mentor — the people you might ask, the message to send, and how it went."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Optional

import typer

from mentorlog.commands import params
from mentorlog.commands._common import JsonOpt, check_choice, journal, read_text
from mentorlog.output import render

app = typer.Typer(no_args_is_help=True,
                  help="People you might ask to mentor you: add, list, show, draft a message, contacted, accept, decline.")

IdArg = Annotated[int, typer.Argument(metavar="ID", help="The prospect's id (see `mentorlog prospect list`).")]
DRAFT_FORMATS = ("markdown", "text", "json")


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(metavar="NAME", help="Who you might ask to mentor you.")],
    expertise: Annotated[Optional[str], typer.Option("--expertise", metavar="TEXT", help="What they know that you want to learn: 'platform teams'.")] = None,
    why: Annotated[Optional[str], typer.Option("--why", metavar="TEXT", help="What you admire in them, as you would say it to them: 'how you grew the platform team'.")] = None,
    goal: Annotated[Optional[int], typer.Option("--goal", "-g", metavar="ID", help="The goal of yours they could help with.")] = None,
    how_met: Annotated[Optional[str], typer.Option("--how-met", metavar="TEXT", help="Where you met or how you know of them: 'at PyCon 2025'.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Note someone you might ask to mentor you: their expertise, why them, the goal they could help with.

    Example: mentorlog prospect add "Grace Hopper" --expertise "compilers" --why "how you explain hard ideas simply" --how-met "at PyCon"
    """
    from mentorlog.data import prospects

    fields = {"expertise": read_text(expertise, "expertise"), "why": read_text(why, "why"),
              "how_met": read_text(how_met, "how-met")}
    with journal() as store:
        added = prospects.add_prospect(store, name, goal_id=goal, **fields)
    render.message(f"Added prospect #{added.id}: {added.name}. Draft a message: mentorlog prospect draft {added.id}")
    from mentorlog.domain import dates

    render.created(added, as_json, added.to_json(dates.today()))


@app.command("list")
def list_(
    all_: Annotated[bool, typer.Option("--all", "-a", help="Include those who accepted or declined.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """List prospects with their status: idea, contacted, follow-up due, declined, accepted.

    Example: mentorlog prospect list --all
    """
    from mentorlog.data import prospects
    from mentorlog.domain import dates

    today = dates.today()
    with journal() as store:
        found = prospects.prospects(store, include_closed=all_ or as_json)
    if as_json:
        render.print_json([p.to_json(today) for p in found])
        return
    rows = [(p.id, render.escape(p.name), p.shown_status(today), render.escape(p.expertise or ""),
             render.escape(f"#{p.goal_id} {p.goal_title}" if p.goal_id else ""), dates.short_day(p.contacted_on, today),
             dates.short_day(p.follow_up, today) if p.status == "contacted" else "") for p in found]
    render.print_table("Prospects", [render.Column("id", justify="right"), "name", "status", "expertise", "goal",
                                     "contacted", "follow-up"], rows,
                       empty="No prospects. Note someone you might ask: mentorlog prospect add NAME")


@app.command("show")
def show(prospect_id: IdArg, as_json: JsonOpt = False) -> None:
    """Show one prospect: why them, what you hope to learn, and how asking them went.

    Example: mentorlog prospect show 1
    """
    from mentorlog.data import prospects
    from mentorlog.domain import dates

    today = dates.today()
    with journal() as store:
        found = prospects.prospect(store, prospect_id)
    if as_json:
        render.print_json(found.to_json(today))
        return
    render.print_fields(f"Prospect #{found.id}: {found.name}", [
        ("status", found.shown_status(today)), ("expertise", found.expertise), ("why", found.why),
        ("goal", f"#{found.goal_id} {found.goal_title}" if found.goal_id else None), ("how met", found.how_met),
        ("contacted", found.contacted_on), ("follow up", found.follow_up if found.status == "contacted" else None),
        ("decided", found.decided_on), ("note", found.note),
    ])


@app.command("draft")
def draft(
    prospect_id: IdArg,
    format_: Annotated[Optional[str], params.choice("--format", "-f", choices=DRAFT_FORMATS,
                                                    help="markdown (default): ready to paste; text; json.")] = None,
) -> None:
    """Write the outreach message: why them, what you hope to learn, a small ask, and an easy way to say no.

    The message comes from a letter template; replace it with your own letters/outreach.toml in the config folder.

    Example: mentorlog prospect draft 1 --format text > message.txt
    """
    from mentorlog.data import prospects
    from mentorlog.domain.prospects import fill, load_letter

    format_ = check_choice(format_, DRAFT_FORMATS, "--format") or "markdown"
    letter = load_letter()
    with journal() as store:
        found = prospects.prospect(store, prospect_id)
    written = fill(letter, {"name": found.name, "expertise": found.expertise, "why": found.why,
                            "goal": found.goal_title, "how_met": found.how_met})
    if format_ == "json":
        render.print_json(written.to_json() | {"prospect": found.id})
    else:
        render.print_markdown(written.markdown() if format_ == "markdown" else written.text())  # wrapped on a terminal
    if found.status == "idea":
        render.message(f"Once it is sent: mentorlog prospect contacted {found.id}")


@app.command("contacted")
def contacted(
    prospect_id: IdArg,
    on: Annotated[Optional[date], params.HAPPENED_ON.option("--on", help="When you reached out (default today).")] = None,
    follow_up: Annotated[Optional[date], params.PLANNED.option("--follow-up", help="When to follow up if there is no answer (default a week after).")] = None,
) -> None:
    """Note that you reached out; `status` shows the follow-up when it falls due.

    Example: mentorlog prospect contacted 1 --follow-up "in 1 week"
    """
    from mentorlog.data import prospects

    with journal() as store:
        found = prospects.mark_contacted(store, prospects.prospect(store, prospect_id), on, follow_up)
    render.message(f"Contacted {found.name} on {found.contacted_on}; follow up on {found.follow_up} if there is no answer.")


@app.command("accept")
def accept(
    prospect_id: IdArg,
    cadence: Annotated[Optional[int], params.CADENCE.option("--cadence", "-c", help="How often you will meet: weekly, biweekly, monthly, 3w (default every 2 weeks).")] = None,
    on: Annotated[Optional[date], params.DAY.option("--on", help="The day the mentorship starts (default today).")] = None,
) -> None:
    """They said yes: they become your mentor, and the prospect is kept, accepted, with its history.

    Example: mentorlog prospect accept 1 --cadence monthly
    """
    from mentorlog.data import prospects
    from mentorlog.domain import dates
    from mentorlog.domain.text import shell_command

    fields = {"cadence_days": cadence} if cadence is not None else {}
    with journal() as store:
        found, mentor = prospects.accept(store, prospects.prospect(store, prospect_id), on, **fields)
    render.message(f"{mentor.name} is now your mentor (meeting {dates.format_cadence(mentor.cadence_days)}). "
                   f"Plan the first meeting: {shell_command('review', '--with', mentor.name, '--template', 'first-meeting')}")


@app.command("decline")
def decline(
    prospect_id: IdArg,
    note: Annotated[Optional[str], typer.Option("--note", metavar="TEXT", help="What they said, or what you learned.")] = None,
) -> None:
    """They said no (or you decided not to ask): kept as declined, with a note.

    Example: mentorlog prospect decline 1 --note "no time this year; suggested asking Ada"
    """
    from mentorlog.data import prospects

    note = read_text(note, "note")
    with journal() as store:
        found = prospects.decline(store, prospects.prospect(store, prospect_id), note)
    render.message(f"Declined: {found.name}. A no is an answer too; who else could you ask?")
