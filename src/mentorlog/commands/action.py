"""`action …`: the concrete steps each side promised; done, or skipped with the reason why."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from mentorlog import actions, dates, goals, render
from mentorlog.commands._common import JsonOpt, WithOpt, check_choice, journal
from mentorlog.commands.goal import ask_required, required_reason
from mentorlog.errors import MentorlogError
from mentorlog.journal import Journal
from mentorlog.models import OWNERS, Action, Mentorship

app = typer.Typer(no_args_is_help=True, help="Action items: add, list, done, skip (with the reason), edit.")

ActionIdArg = Annotated[int, typer.Argument(metavar="ID", help="The action's id (see `mentorlog action list`).")]
OwnerOpt = Annotated[Optional[str], typer.Option("--owner", "-o", metavar="me|them",
                                                 help="Whose action it is: me (default) or them.")]
DueOpt = Annotated[Optional[str], typer.Option("--due", help="When it is due: 2026-12-01, next friday, 'in 2 weeks'.")]
GoalOpt = Annotated[Optional[int], typer.Option("--goal", "-g", metavar="ID", help="The goal it moves forward.")]


def action_mentorship(store: Journal, name: str | None, goal_id: int | None) -> Mentorship | None:
    """`--with NAME`, else the person of the goal the action serves (a personal goal: nobody)."""
    if name is not None:
        return store.resolve(name)
    if goal_id is not None:
        found = goals.goal(store, goal_id)
        if found.mentorship_id is not None:
            return store.mentorship(found.mentorship_id)
    return None


@app.command("add")
def add(
    text: Annotated[Optional[str], typer.Argument(metavar="TEXT", help="What is to be done (asked for on a terminal).")] = None,
    with_: WithOpt = None, owner: OwnerOpt = None, due: DueOpt = None, goal: GoalOpt = None,
) -> None:
    """Add an action item: mine by default, `--owner them` for the other person's.

    Example: mentorlog action add "Send Ada the brag document" --with ada --due "next friday" --goal 3
    """
    owner = check_choice(owner, OWNERS, "--owner") or "me"
    due_on = dates.parse_date(due) if due is not None else None
    with journal() as store:
        mentorship = action_mentorship(store, with_, goal)
        if text is None:
            text = ask_required("Action", "TEXT")
        added = actions.add_action(store, text, owner, mentorship, due_on, goal_id=goal)
    render.message(f"Added action #{added.id} ({_whose(added)}){_due_text(added)}: {added.text}")


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
    """List open actions, soonest due first (--all: every status; --overdue: open and due before today).

    Example: mentorlog action list --with ada --overdue
    """
    if all_ and overdue:
        raise MentorlogError("--all and --overdue can't be used together")
    today = dates.today()
    with journal() as store:
        mentorship = store.resolve(with_) if with_ is not None else None
        found = actions.actions(store, mentorship, status=None if all_ else "open",
                                due_before=today if overdue else None)
    if as_json:
        render.print_json([a.to_json() for a in found])
        return
    headers = ["id", "due", "with", "owner", "action", "goal"] + (["status", "reason"] if all_ else [])
    rows = []
    for a in found:
        late = a.status == "open" and a.due is not None and a.due < today
        due = f"[red]{a.due}[/red]" if late else (a.due or "")
        row = [a.id, due, render.escape(a.with_name or "—"), a.owner, render.escape(a.text),
               f"#{a.goal_id}" if a.goal_id else ""]
        rows.append(row + ([a.status, render.escape(a.reason or "")] if all_ else []))
    title = "Overdue actions" if overdue else ("Actions" if all_ else "Open actions")
    empty = "No overdue actions." if overdue else "No actions found. Add one: mentorlog action add TEXT --with NAME"
    render.print_table(title, [render.Column("id", justify="right"), *headers[1:]], rows, empty=empty)


@app.command("done")
def done(
    action_id: ActionIdArg,
    on: Annotated[Optional[str], typer.Option("--on", help="When it was done (default today).")] = None,
) -> None:
    """Mark an action done.

    Example: mentorlog action done 12 --on yesterday
    """
    on_date = dates.parse_date(on) if on is not None else None
    with journal() as store:
        found = actions.action(store, action_id)
        finished = actions.complete_action(store, found, on_date)
    render.message(f"Done: action #{finished.id} ({finished.text}) on {finished.done_on}.")


@app.command("skip")
def skip(
    action_id: ActionIdArg,
    reason: Annotated[Optional[str], typer.Option("--reason", help="Why it was not done (required).")] = None,
) -> None:
    """Mark an action not taken; the reason is required and kept, so the next agenda can say why.

    Example: mentorlog action skip 12 --reason "the project was cancelled"
    """
    reason = required_reason(reason, "say why it was not done")
    with journal() as store:
        found = actions.action(store, action_id)
        skipped = actions.skip_action(store, found, reason)
    render.message(f"Skipped action #{skipped.id} ({skipped.text}): {skipped.reason}")


@app.command("edit")
def edit(
    action_id: ActionIdArg,
    text: Annotated[Optional[str], typer.Option("--text", help="New wording.")] = None,
    with_: WithOpt = None, owner: OwnerOpt = None, due: DueOpt = None, goal: GoalOpt = None,
) -> None:
    """Change an action's wording, person, owner, due date or goal.

    Example: mentorlog action edit 12 --due "next monday" --owner them
    """
    fields = {
        "text": text,
        "owner": check_choice(owner, OWNERS, "--owner"),
        "due": dates.parse_date(due) if due is not None else None,
        "goal_id": goal,
    }
    if with_ is None and all(value is None for value in fields.values()):
        raise MentorlogError("nothing to change: give at least one option (see --help)")
    with journal() as store:
        found = actions.action(store, action_id)
        if with_ is not None:
            fields["mentorship_id"] = store.resolve(with_).id
        updated = actions.update_action(store, found, **fields)
    render.message(f"Updated action #{updated.id} ({_whose(updated)}){_due_text(updated)}: {updated.text}")
