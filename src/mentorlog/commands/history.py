"""`history` and `undo`: what each command changed, and taking the newest change back."""

from __future__ import annotations

from typing import Annotated

import typer

from mentorlog.output import render
from mentorlog.commands._common import JsonOpt, check_limit, journal
from mentorlog.errors import MentorlogError

NO_BREAK = "\u00a0"


def history(
    count: Annotated[int, typer.Option("-n", "--limit", metavar="N", help="How many changes to show.")] = 20,
    as_json: JsonOpt = False,
) -> None:
    """The last changes, newest first: when, which command, and what it added (+), changed (~) or removed (-).

    Example: mentorlog history -n 5
    """
    from mentorlog.data import history as changes

    check_limit(count, "-n")
    with journal() as store:
        found = changes.groups(store.conn, count) if store.exists else []
    if as_json:
        render.print_json([group.to_json() for group in found])
        return
    if not found:
        render.message("No changes yet: every command that writes is listed here.")
        return
    render.print_text("\n".join(_line(group) for group in found))


def undo(
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Undo without asking (needed without a terminal).")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Take back the newest change that has not been undone. An undo is a change too: undo again to redo.

    Refused, changing nothing, when a later command changed the same rows.

    Example: mentorlog undo --yes
    """
    from mentorlog.data import history as changes
    from mentorlog.prompts import ask

    with journal() as store:
        target = changes.next_to_undo(store.conn) if store.exists else None
        if target is None:
            raise MentorlogError("nothing to undo: no command has changed the journal yet")
        what = f"`{target.command}` from {_when(target.at)} ({target.summary})"
        if not yes:
            if not ask.interactive():
                raise MentorlogError(f"undo would take back {what.replace(NO_BREAK, ' ')}; add --yes to do it "
                                     "(no terminal to ask on)")
            render.message(_wrapped(f"The newest change: {what}."))
            if not ask.confirm("Take it back?", default=False):
                render.message("Nothing was changed.")
                raise typer.Exit(1)
        with store.write() as conn:
            changes.undo(conn, target)
        [done] = changes.groups(store.conn, 1)
    if as_json:
        render.print_json({"undone": target.to_json(), "group": done.to_json()})
    else:
        render.print_text(str(done.id))
    render.message(_wrapped(f"Took back {what}. Run `mentorlog undo` again to redo it."))


def _line(group) -> str:
    """One change: when, the command, what it did. On a terminal, wrapped between words under the command."""
    summary = group.summary.replace(" ", NO_BREAK).replace(f",{NO_BREAK}", ", ")  # "+2 actions" stays whole
    return _wrapped(f"{_when(group.at)}  {render.safe_text(group.command)}  {summary}", indent=18)


def _wrapped(text: str, indent: int = 2) -> str:
    """Text for a person: one line in a pipe (for grep); on a terminal, lines broken between words."""
    if not render.use_rich():
        return text.replace(NO_BREAK, " ")
    import shutil
    import textwrap

    width = shutil.get_terminal_size((120, 24)).columns
    return textwrap.fill(text, width=max(width, 40), subsequent_indent=" " * indent, break_long_words=False,
                         break_on_hyphens=False).replace(NO_BREAK, " ")


def _when(stamp: str) -> str:
    """A UTC stamp as the local date and time a person reads."""
    from datetime import datetime

    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone()
    return f"{moment:%Y-%m-%d}{NO_BREAK}{moment:%H:%M}"  # wrapped as one word
