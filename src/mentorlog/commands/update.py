"""`update`: a progress post for an accountability partner or a growth thread, ready to paste."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Optional

import typer

from mentorlog.commands import params
from mentorlog.commands._common import WithOpt, check_choice, journal
from mentorlog.output import render

UPDATE_FORMATS = ("markdown", "text", "json")


def update(
    since: Annotated[Optional[date], params.DAY.option(
        "--since", help="Cover what happened from this day on (default: the day of the last update, or a week ago).")] = None,
    with_: WithOpt = None,
    format_: Annotated[Optional[str], typer.Option("--format", "-f", metavar="|".join(UPDATE_FORMATS),
                                                   help="markdown (default): ready to paste; text; json.")] = None,
    anonymous: Annotated[bool, typer.Option("--anonymous", help="Name each person by their role (\"my mentor\"), never by name.")] = False,
) -> None:
    """Write a progress update to share: wins, goal progress and milestones reached, actions done, what comes next.

    In the first person and ready to paste; it never holds session notes, private notes or topics. It covers your
    own growth (your mentors and your personal goals; --with NAME: one mentorship), from the last update.

    Example: mentorlog update --since "2 weeks ago" --anonymous
    """
    from mentorlog.data import mentorships, updates
    from mentorlog.domain import dates
    from mentorlog.output import render_update

    format_ = check_choice(format_, UPDATE_FORMATS, "--format") or "markdown"
    today = dates.today()
    with journal() as store:
        mentorship = mentorships.resolve(store, with_) if with_ is not None else None
        start = since or updates.default_since(store, today)
        if start > today:
            from mentorlog.errors import MentorlogError

            raise MentorlogError(f"--since {start} is in the future; an update looks back")
        found = updates.gather(store, start, today, mentorship)
        updates.record_update(store, today)
    if format_ == "json":
        render.print_json(render_update.as_json(found, anonymous))
    else:
        render.print_markdown(render_update.markdown(found, anonymous) if format_ == "markdown"
                              else render_update.text(found, anonymous))  # wrapped between words on a terminal
    if since is None:
        render.message(f"Covering {start} to {today} (from the last update, or a week back); --since DATE changes it.")
