"""`win …`: small wins, noticed and kept, so every report can celebrate them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Optional

import typer

from mentorlog.output import render
from mentorlog.commands import params
from mentorlog.commands._common import JsonOpt, WithOpt, action_mentorship, ask_required, journal, read_text
from mentorlog.commands.action import when_text
from mentorlog.data import mentorships, wins

app = typer.Typer(no_args_is_help=True, help="Wins, big and small: add, list.")


@app.command("add")
def add(
    text: Annotated[Optional[str], typer.Argument(metavar="TEXT", help="What went well; '-' reads standard input (asked for on a terminal).")] = None,
    with_: WithOpt = None,
    goal: Annotated[Optional[int], typer.Option("--goal", "-g", metavar="ID", help="The goal it moved forward.")] = None,
    on: Annotated[Optional[datetime], params.HAPPENED_WHEN.option(
        "--on", help="When it happened: a day, or a day and a time ('2026-11-03 16:00'); default now; not in the "
                     "future.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Note a win; with `--goal` and no `--with`, it goes with the goal's mentor or mentee.

    Example: mentorlog win add "Gave my first conference talk" --with ada --goal 3 --on yesterday
    """
    text = read_text(text, "win")
    with journal() as store:
        mentorship = action_mentorship(store, with_, goal)
        if text is None:
            text = ask_required("Win", "TEXT")
        added = wins.add_win(store, text, mentorship, goal, on)
    render.message(f"Noted win #{added.id} on {when_text(added.date, added.at)}: {added.text}")
    render.created(added, as_json)


@app.command("list")
def list_(
    with_: WithOpt = None,
    since: Annotated[Optional[date], params.DAY.option("--since", help="Only wins on or after this date.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """List wins, newest first.

    Example: mentorlog win list --with ada --since "3 months ago"
    """
    with journal() as store:
        mentorship = mentorships.resolve(store, with_) if with_ is not None else None
        found = wins.wins(store, mentorship, since)
    if as_json:
        render.print_json([w.to_json() for w in found])
        return
    rows = [(w.id, w.date, render.escape(w.with_name or "—"), render.escape(w.text), f"#{w.goal_id}" if w.goal_id else "")
            for w in found]
    render.print_table("Wins", [render.Column("id", justify="right"), "date", "with", "win", "goal"], rows,
                       empty="No wins found. Note one: mentorlog win add TEXT")
