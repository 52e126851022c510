"""`action …`: the concrete steps each side promised; done, or skipped with the reason why."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Optional

import typer

from mentorlog.data import actions
from mentorlog.domain import dates
from mentorlog.output import render
from mentorlog.commands import params
from mentorlog.commands._common import (
    JsonOpt, WithOpt, action_mentorship, ask_required, check_choice, check_not_both, clear_fields, clear_option,
    journal, read_text, required_reason,
)
from mentorlog.errors import MentorlogError
from mentorlog.domain.models import OWNERS, Action
from mentorlog.data import mentorships

app = typer.Typer(no_args_is_help=True, help="Action items: add, list, done, skip (with the reason), reopen, edit.")

ActionIdArg = Annotated[int, typer.Argument(metavar="ID", help="The action's id (see `mentorlog action list`).")]
OwnerOpt = Annotated[Optional[str], params.choice("--owner", "-o", choices=OWNERS,
                                                  help="Whose action it is: me (default) or them.")]
DueOpt = Annotated[Optional[date], params.PLANNED.option("--due", help="When it is due: 2026-12-01, next friday, 'in 2 weeks'.")]
GoalOpt = Annotated[Optional[int], typer.Option("--goal", "-g", metavar="ID", help="The goal it moves forward.")]
WhenOpt = Annotated[Optional[datetime], params.HAPPENED_WHEN.option(
    "--on", help="When: a day, or a day and a time ('2026-11-03 16:00', 'yesterday 17:30'); default now; not in "
                 "the future.")]
# `--clear FIELD` of `action edit`: the field's name as typed, and its column
CLEARABLE = {"due": "due", "goal": "goal_id", "with": "mentorship_id"}
ClearOpt = Annotated[Optional[list[str]], clear_option(CLEARABLE)]


@app.command("add")
def add(
    text: Annotated[Optional[str], typer.Argument(metavar="TEXT", help="What is to be done; '-' reads standard input (asked for on a terminal).")] = None,
    with_: WithOpt = None, owner: OwnerOpt = None, due: DueOpt = None, goal: GoalOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Add an action item: mine by default, `--owner them` for the other person's.

    Example: mentorlog action add "Send Ada the brag document" --with ada --due "next friday" --goal 3
    """
    owner = check_choice(owner, OWNERS, "--owner") or "me"
    text = read_text(text, "action text")
    with journal() as store:
        mentorship = action_mentorship(store, with_, goal)
        if text is None:
            text = ask_required("Action", "TEXT")
        added = actions.add_action(store, text, owner, mentorship, due, goal_id=goal)
    render.message(f"Added action #{added.id} ({_whose(added)}){_due_text(added)}: {added.text}")
    render.created(added, as_json, added.to_json() | {"overdue": added.overdue})


def _whose(found: Action) -> str:
    if found.owner == "me":
        return "mine" + (f", with {found.with_name}" if found.with_name else "")
    return f"{found.with_name}'s" if found.with_name else "theirs"


def _due_text(found: Action) -> str:
    return f", due {found.due}" if found.due else ""


@app.command("list")
def list_(
    with_: WithOpt = None,
    all_: Annotated[bool, typer.Option("--all", "-a", help="Every action: open, done and skipped.")] = False,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only open actions due before today.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """List open actions, soonest due first (--all: every status; --overdue: open and past due).

    An ended mentorship's open actions are never overdue, except the follow-ups its wrap-up review made.

    Example: mentorlog action list --with ada --overdue
    """
    if all_ and overdue:
        raise MentorlogError("--all and --overdue can't be used together")
    today = dates.today()
    with journal() as store:
        mentorship = mentorships.resolve(store, with_) if with_ is not None else None
        found = actions.actions(store, mentorship, status=None if all_ else "open", today=today, overdue=overdue)
    if as_json:
        render.print_json([a.to_json() | {"overdue": a.overdue} for a in found])
        return
    headers = ["id", "due", "with", "owner", "action", "goal"] + (["status", "reason"] if all_ else [])
    rows = []
    for a in found:
        due = f"[red]{a.due} overdue[/red]" if a.overdue else (a.due or "")
        row = [a.id, due, render.escape(a.with_name or "—"), a.owner, render.escape(a.text),
               f"#{a.goal_id}" if a.goal_id else ""]
        rows.append(row + ([a.status, render.escape(a.reason or "")] if all_ else []))
    title = "Overdue actions" if overdue else ("Actions" if all_ else "Open actions")
    empty = "No overdue actions." if overdue else "No actions found. Add one: mentorlog action add TEXT --with NAME"
    render.print_table(title, [render.Column("id", justify="right"), *headers[1:]], rows, empty=empty)


@app.command("done")
def done(
    action_id: ActionIdArg,
    on: WhenOpt = None,
) -> None:
    """Mark an action done (now, or --on a day or a moment).

    Example: mentorlog action done 12 --on "yesterday 17:30"
    """
    with journal() as store:
        found = actions.action(store, action_id)
        finished = actions.complete_action(store, found, on)
    render.message(f"Done: action #{finished.id} ({finished.text}) on {when_text(finished.done_on, finished.done_at)}.")


def when_text(day: date | None, moment: datetime | None) -> str:
    """`2026-11-03 at 16:00`, or the day alone when that is all that is known."""
    return f"{moment:%Y-%m-%d} at {moment:%H:%M}" if moment else str(day)


@app.command("skip")
def skip(
    action_id: ActionIdArg,
    reason: Annotated[Optional[str], typer.Option("--reason", metavar="TEXT", help="Why it was not done (required).")] = None,
    on: WhenOpt = None,
) -> None:
    """Mark an action not taken; the reason is required and kept, so the next agenda can say why.

    Example: mentorlog action skip 12 --reason "the project was cancelled"
    """
    reason = required_reason(reason, "say why it was not done")
    with journal() as store:
        found = actions.action(store, action_id)
        skipped = actions.skip_action(store, found, reason, on)
    render.message(f"Skipped action #{skipped.id} ({skipped.text}): {skipped.reason}")


@app.command("reopen")
def reopen(action_id: ActionIdArg) -> None:
    """Open a done or skipped action again (its done date and reason are cleared).

    Example: mentorlog action reopen 12
    """
    with journal() as store:
        found = actions.action(store, action_id)
        reopened = actions.reopen_action(store, found)
    render.message(f"Reopened action #{reopened.id} (was {found.status}){_due_text(reopened)}: {reopened.text}")


@app.command("edit")
def edit(
    action_id: ActionIdArg,
    text: Annotated[Optional[str], typer.Option("--text", metavar="TEXT", help="New wording.")] = None,
    with_: WithOpt = None, owner: OwnerOpt = None, due: DueOpt = None, goal: GoalOpt = None,
    clear: ClearOpt = None,
) -> None:
    """Change an action's wording, person, owner, due date or goal; --clear empties a field.

    Example: mentorlog action edit 12 --due "next monday" --owner them --clear goal
    """
    fields = {
        "text": text,
        "owner": check_choice(owner, OWNERS, "--owner"),
        "due": due,
        "goal_id": goal,
    }
    cleared = clear_fields(clear, CLEARABLE)
    check_not_both(fields | {"mentorship_id": with_}, cleared, CLEARABLE)
    if with_ is None and not cleared and all(value is None for value in fields.values()):
        raise MentorlogError("nothing to change: give at least one option (see --help)")
    with journal() as store:
        found = actions.action(store, action_id)
        if with_ is not None:
            fields["mentorship_id"] = mentorships.resolve(store, with_).id
        updated = actions.update_action(store, found, clear=tuple(cleared), **fields)
    render.message(f"Updated action #{updated.id} ({_whose(updated)}){_due_text(updated)}: {updated.text}")
